"""Continuous-time Markov chains, solved numerically: the exact route of the test oracle.

Nothing here knows about queues or about erlangkit. Two objects:

* ``Chain``: an irreducible chain on states 0..S-1 given by its transitions
  (rows, cols, rates). ``stationary()`` solves pi Q = 0, sum(pi) = 1 by a
  sparse direct (LU) solve.
* ``Absorbing``: the transient part of an absorbing chain (a tagged caller
  waiting in queue) with exits to named absorbing outcomes ("served",
  "abandoned"). From an initial (sub-)distribution u it gives the mass absorbed
  in each outcome by time t (uniformization), the absorption probabilities
  (linear solve) and the mean time to absorption split by outcome
  (fundamental matrix N = (-Q_TT)^-1, by linear solves, never inverted).

Accuracy (docs/validation.md):
* stationary(): the LU solve is normwise backward stable; the state whose
  balance equation is dropped is pinned to 1 and chosen as the most probable
  state (a second solve if the first pick, state 0, the last or the middle
  one, is poor), which keeps the small
  probabilities accurate relative to themselves in the chains we test
  (python/tests/test_chain_oracle.py, 1e-12 against erlangkit). The residual
  |pi Q|_1 / max|Q_ii| is reported as ``Chain.residual``.
* uniformization: p(t) = sum_m Pois(m; Lt) u P^m with P = I + Q/L and L the
  largest exit rate. Every term is non-negative, so there is no cancellation;
  the sum stops where the Poisson right tail is below 1e-18 (pdtrc), so the
  truncation error is at most 1e-18 of the initial mass.
"""
from __future__ import annotations

import numpy as np
import scipy.sparse as sp
import scipy.sparse.linalg as spla
from scipy import special, stats

POISSON_TAIL = 1e-18  # right tail of the uniformization sum left out (relative to the initial mass)
MAX_UNIFORMIZATION_STEPS = 5_000_000  # a guard: L t beyond this means the chain is too stiff for this route


def generator(size, rows, cols, rates):
    """The generator Q (CSR) from off-diagonal transitions; equal pairs are summed, zero rates dropped."""
    rows = np.asarray(rows, dtype=np.int64)
    cols = np.asarray(cols, dtype=np.int64)
    rates = np.asarray(rates, dtype=float)
    keep = (rates != 0) & (rows != cols)
    if np.any(rates < 0) or not np.all(np.isfinite(rates)):
        raise ValueError("transition rates must be finite and >= 0")
    rows, cols, rates = rows[keep], cols[keep], rates[keep]
    off = sp.coo_matrix((rates, (rows, cols)), shape=(size, size)).tocsr()
    off.sum_duplicates()
    out = np.asarray(off.sum(axis=1)).ravel()
    return (off - sp.diags(out)).tocsr(), out


class Chain:
    """An irreducible CTMC on 0..size-1.

    ``Chain(size, rows, cols, rates)``: transition i -> j at the given rate.
    ``Chain.from_function(states, transitions)``: states a list of hashable
    labels, transitions(state) yields (target_state, rate) pairs.
    """

    def __init__(self, size, rows, cols, rates):
        self.size = int(size)
        self.Q, self.exit_rate = generator(self.size, rows, cols, rates)
        self._pi = None
        self.residual = None

    @classmethod
    def from_function(cls, states, transitions):
        states = list(states)
        index = {s: i for i, s in enumerate(states)}
        rows, cols, rates = [], [], []
        for i, s in enumerate(states):
            for target, rate in transitions(s):
                if target not in index:
                    raise KeyError(f"transition from {s!r} to {target!r}, which is not in the state list")
                rows.append(i)
                cols.append(index[target])
                rates.append(rate)
        chain = cls(len(states), rows, cols, rates)
        chain.states = states
        chain.index = index
        return chain

    def stationary(self):
        """pi with pi Q = 0 and sum(pi) = 1 (cached)."""
        if self._pi is None:
            # A pinned state of tiny probability makes the reduced matrix numerically singular (M/M/40/40
            # at load 55 pinned at 0: SuperLU finds an exact zero pivot), so a few first picks are tried.
            for pin in dict.fromkeys((0, self.size - 1, self.size // 2)):
                try:
                    self._pi = self._solve(pin=pin)
                    break
                except (RuntimeError, ArithmeticError):
                    continue
            else:
                raise ArithmeticError("stationary solve failed for every pinned state tried")
            top = int(np.argmax(self._pi))
            if self._pi[pin] < 1e-3 * self._pi[top]:
                self._pi = self._solve(pin=top)
            scale = max(float(self.exit_rate.max()), 1e-300)
            self.residual = float(np.abs(self._pi @ self.Q).sum()) / scale
        return self._pi

    def _solve(self, pin):
        """Pins pi[pin] = 1, drops its balance equation, solves the rest (Q^T restricted)."""
        if self.size == 1:
            return np.ones(1)
        At = self.Q.T.tocsc()
        keep = np.ones(self.size, dtype=bool)
        keep[pin] = False
        A = At[keep][:, keep].tocsc()
        b = -np.asarray(At[keep][:, [pin]].todense()).ravel()
        # Minimum degree on A^T + A: on the queue chains with phase-type patience (levels of k^q states)
        # it factors ~10x faster than the default COLAMD (2^11 states: 0.4 s against 3.9 s).
        x = spla.splu(A, permc_spec="MMD_AT_PLUS_A").solve(b)
        pi = np.empty(self.size)
        pi[pin] = 1.0
        pi[keep] = x
        if np.any(pi < -1e-12 * np.abs(pi).max()) or not np.all(np.isfinite(pi)):
            raise ArithmeticError("stationary solve failed: the chain is not irreducible or too ill-conditioned")
        pi = np.maximum(pi, 0.0)
        return pi / math_fsum(pi)


def math_fsum(v):
    import math

    return math.fsum(np.asarray(v, dtype=float).tolist())


class Absorbing:
    """Transient states 0..size-1 of an absorbing chain, with named exits.

    rows/cols/rates: transitions among transient states; exits: dict
    outcome -> (states, rates), the rate from each listed state into that
    absorbing outcome.
    """

    def __init__(self, size, rows, cols, rates, exits):
        self.size = int(size)
        off = sp.coo_matrix((np.asarray(rates, float), (np.asarray(rows, np.int64), np.asarray(cols, np.int64))),
                            shape=(self.size, self.size)).tocsr()
        off.sum_duplicates()
        self.exits = {}
        total = np.asarray(off.sum(axis=1)).ravel()
        for name, (states, r) in exits.items():
            v = np.zeros(self.size)
            np.add.at(v, np.asarray(states, np.int64), np.asarray(r, float))
            self.exits[name] = v
            total = total + v
        self.off = off
        self.total = total  # exit rate of each transient state
        self.QT = (off - sp.diags(total)).tocsc()
        self._lu = None

    def _solve(self, b):
        """x with (-Q_TT) x = b (one LU factorization, reused)."""
        if self._lu is None:
            self._lu = spla.splu((-self.QT).tocsc(), permc_spec="MMD_AT_PLUS_A")
        return self._lu.solve(np.asarray(b, float))

    def absorption_probability(self, outcome):
        """h with h_i = P(absorbed in outcome | start in i): (-Q_TT) h = r_outcome."""
        return self._solve(self.exits[outcome])

    def mean_time(self, u, weight=None):
        """E[T; weight at absorption] from the initial sub-distribution u: u N w, w = 1 by default.

        With w = absorption_probability(outcome) it is E[T; absorbed in outcome]
        (the time spent in state j contributes, and the outcome from j on is
        independent of how j was reached).
        """
        w = np.ones(self.size) if weight is None else weight
        return float(np.dot(u, self._solve(w)))

    def at_times(self, u, ts):
        """For each t in ts: (dict outcome -> mass absorbed there by t, mass still transient at t).

        Uniformization with rate L = max exit rate (docs in the module string).
        """
        ts = np.atleast_1d(np.asarray(ts, float))
        u = np.asarray(u, float)
        L = float(self.total.max()) if self.size else 0.0
        names = list(self.exits)
        absorbed = {k: np.zeros(ts.size) for k in names}
        remaining = np.zeros(ts.size)
        if L == 0.0:  # nothing ever leaves: transient forever
            remaining[:] = u.sum()
            return absorbed, remaining
        lt = L * ts
        last = 0
        for x in lt:  # right truncation point: Poisson tail below POISSON_TAIL
            m = int(stats.poisson.ppf(1 - 1e-3, x)) if x > 0 else 0
            while x > 0 and special.pdtrc(m, x) > POISSON_TAIL:
                m += max(1, int(np.sqrt(x)))
            last = max(last, m)
        if last > MAX_UNIFORMIZATION_STEPS:
            raise ArithmeticError(f"uniformization would take {last} steps (L t = {lt.max():g})")
        P = (sp.identity(self.size, format="csr") + self.QT.tocsr() / L).T.tocsr()  # v P == P^T v
        a = {k: self.exits[k] / L for k in names}
        steps = np.arange(last + 1)
        weights = np.array([stats.poisson.pmf(steps, x) if x > 0 else (steps == 0).astype(float) for x in lt])
        v = u.copy()
        cum = {k: 0.0 for k in names}
        for m in range(last + 1):
            w = weights[:, m]
            remaining += w * v.sum()
            for k in names:
                absorbed[k] += w * cum[k]
                cum[k] += float(np.dot(v, a[k]))
            v = P @ v
        return absorbed, remaining
