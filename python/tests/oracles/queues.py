"""Queue models as Markov chains, and their measures in erlangkit's conventions.

Builders (every time in one unit, rates per that unit; docs/validation.md
states each model's rules):

    mmn(agents, arrival_rate, aht, patience=inf, lines=inf)      M/M/n, M/M/n+M, M/M/n/N(+M), M/M/n+PH
    erlang_x(agents, arrival_rate, aht, patience, lines, redial)  redials as a fixed point on the total rate
    extended_erlang_b(servers, load, redial)                      Erlang-B with blocked callers retrying
    chat(agents, arrival_rate, aht_per_level, patience=inf)       up to k chats per agent, spread evenly
    blend(agents, arrival_rate, aht, outbound_aht, threshold, patience=inf)
                                                                  inbound with priority + outbound work

Each returns a ``QueueChain``: the stationary law of the chain, and the
absorbing chain of one tagged arrival that has to wait (its position, the
departures ahead of it and its own patience), from which come every measure:

    q = mmn(14, 100 / 1800, 180, patience=120)
    q.prob_wait(); q.service_level(20, "offered"); q.asa("answered"); q.measures(20)

Truncation (infinite waiting rooms): the queue is cut at L waiting callers,
arrivals that find L waiting are dropped from the chain (and, for the tagged
caller, join with L ahead). L is the smallest level at which an a-priori bound
on P(queue > L) of the untruncated model is <= tol (default 1e-24: the
truncation shifts probabilities by about tol in absolute terms, and deep tails
such as P(W > 8) = 4.4e-9 in M/M/3+M, lambda 1, patience 50, showed 1e-9
relative errors at 1e-16; python/tests/test_chain_oracle.py); the bound
is reported as ``q.truncation["tail_bound"]`` and the truncated chain's own
mass at level L as ``q.truncation["boundary_mass"]``. For one-dimensional
(birth-death) chains the truncated law is exactly the untruncated one
conditioned on queue <= L.
"""
from __future__ import annotations

import math

import numpy as np
import scipy.sparse as sp
from scipy import optimize, stats

from .ctmc import Absorbing, Chain, math_fsum
from .phase_type import PhaseType, as_patience

MAX_STATES = 2_000_000  # the oracle refuses chains larger than this (memory and seconds, not accuracy)
# Phase-type patience keeps every waiting caller's phase, k^q states at queue length q, and the LU
# fill grows fast with them: 2^12 levels took 11 s, 2^13 49 s (python/tests/test_chain_oracle.py's
# timing runs). Beyond this the oracle refuses; pass a larger tol (or waiting_room) instead.
MAX_PHASE_TYPE_STATES = 10_000
SL_CONVENTIONS = ("offered", "answered", "virtual_wait", "excl_short_abandons")
ASA_CONVENTIONS = ("answered", "all", "virtual_wait")


def _convention(name, allowed):
    name = {"virtual": "virtual_wait"}.get(name, name)
    if name not in allowed:
        raise ValueError(f"convention {name!r} is not one of {allowed}")
    return name


class QueueChain:
    """A solved queue. Probabilities are over all arrivals (PASTA), blocked ones included."""

    def __init__(self, *, name, agents, arrival_rate, chain, busy, capacity, queue, immediate, blocked, tagged,
                 tagged_start, virtual, virtual_start, truncation, extras=None):
        self.name = name
        self.agents = agents
        self.arrival_rate = arrival_rate
        self.chain = chain
        self.pi = chain.stationary()
        self._busy = np.asarray(busy, float)
        self._capacity = capacity
        self._queue = np.asarray(queue, float)
        self.p_immediate = math_fsum(self.pi[immediate])
        self.p_blocked = math_fsum(self.pi[blocked])
        self.tagged = tagged
        self.virtual = virtual
        self.u = np.asarray(tagged_start.T @ self.pi).ravel()  # tagged caller's initial sub-distribution
        self.uv = np.asarray(virtual_start.T @ self.pi).ravel()
        self.truncation = dict(truncation)
        self.truncation["residual"] = chain.residual
        self.extras = dict(extras or {})
        self._h_served = tagged.absorption_probability("served")
        self._h_abandon = tagged.absorption_probability("abandoned")
        self._times = {}

    # -- measures without a target time
    def prob_wait(self):
        """P(W > 0): admitted and finds no free agent."""
        return math_fsum(self.u)

    def prob_blocked(self):
        return self.p_blocked

    def prob_admitted(self):
        return 1.0 - self.p_blocked

    def prob_served(self):
        return self.p_immediate + float(np.dot(self.u, self._h_served))

    def prob_abandon(self):
        return float(np.dot(self.u, self._h_abandon))

    def prob_abandon_given_wait(self):
        w = self.prob_wait()
        return 0.0 if w == 0 else self.prob_abandon() / w

    def mean_queue_length(self):
        """E[callers waiting], time average from the stationary law."""
        return float(np.dot(self.pi, self._queue))

    def occupancy(self):
        """E[busy] / capacity (agents; for chat, chat slots — see chat())."""
        return 0.0 if self._capacity == 0 else float(np.dot(self.pi, self._busy)) / self._capacity

    def mean_wait(self):
        """E[W] over all arrivals (blocked and immediate ones wait 0)."""
        return self.tagged.mean_time(self.u)

    def mean_wait_served(self):
        """E[W; S]."""
        return self.tagged.mean_time(self.u, self._h_served)

    def mean_virtual_wait(self):
        """E[V; admitted]: the wait of a caller who would never hang up, 0 if answered at once."""
        return self.virtual.mean_time(self.uv)

    # -- measures at a target time
    def _at(self, t):
        t = float(t)
        if t not in self._times:
            (absorbed, remaining) = self.tagged.at_times(self.u, [t])
            (vabsorbed, vremaining) = self.virtual.at_times(self.uv, [t])
            self._times[t] = dict(served_within=absorbed["served"][0], abandoned_within=absorbed["abandoned"][0],
                                  waiting_at=remaining[0], virtual_waiting_at=vremaining[0])
        return self._times[t]

    def prob_wait_longer_than(self, t):
        """P(W > t) over all arrivals (0 for blocked and immediately answered ones)."""
        return self.prob_wait() if t == 0 else self._at(t)["waiting_at"]

    def prob_served_within(self, t):
        """P(S, W <= t), answered at once included."""
        return self.p_immediate + self._at(t)["served_within"]

    def prob_abandon_within(self, t):
        """P(Ab, W <= t)."""
        return self._at(t)["abandoned_within"]

    def prob_virtual_within(self, t):
        """P(admitted, V <= t)."""
        return self.p_immediate + (math_fsum(self.uv) - self._at(t)["virtual_waiting_at"])

    def service_level(self, t, convention="offered"):
        """The four conventions of docs/math/conventions.md §2, with blocked callers as in finite_lines.md §8."""
        c = _convention(convention, SL_CONVENTIONS)
        within = self.prob_served_within(t)
        if c == "offered":
            return within
        if c == "answered":
            served = self.prob_served()
            return 0.0 if served == 0 else within / served
        if c == "virtual_wait":
            return self.prob_virtual_within(t)
        return 0.0 if within == 0 else within / (1.0 - self.prob_abandon_within(t))

    def asa(self, convention="answered"):
        """The three conventions of docs/math/conventions.md §3; all and virtual over admitted callers."""
        c = _convention(convention, ASA_CONVENTIONS)
        if c == "answered":
            if self.prob_wait() == 0:
                return 0.0
            served = self.prob_served()
            return math.inf if served == 0 else self.mean_wait_served() / served
        admitted = self.prob_admitted()
        if admitted == 0:
            return 0.0
        return (self.mean_wait() if c == "all" else self.mean_virtual_wait()) / admitted

    def measures(self, t):
        """Every measure at target time t, as a dict (keys as in simulate.py and docs/validation.md)."""
        out = dict(prob_wait=self.prob_wait(), prob_blocked=self.prob_blocked(), prob_served=self.prob_served(),
                   prob_abandon=self.prob_abandon(), prob_abandon_given_wait=self.prob_abandon_given_wait(),
                   occupancy=self.occupancy(), mean_queue_length=self.mean_queue_length(),
                   prob_wait_longer_than=self.prob_wait_longer_than(t))
        for c in SL_CONVENTIONS:
            out["sl_" + c] = self.service_level(t, c)
        for c in ASA_CONVENTIONS:
            out["asa_" + c] = self.asa(c)
        out.update({k: v for k, v in self.extras.items() if isinstance(v, (int, float))})
        return out


# --------------------------------------------------------------------------------------------------
# Truncation bounds


def birth_death_tail(arrival_rate, full_rate, theta, tol, max_level=MAX_STATES):
    """Smallest L with P(N > L) <= tol, and that probability, for the birth-death chain N on 0, 1, ...
    with birth rate arrival_rate and death rate full_rate + j theta in level j >= 1.

    N dominates the queue length of every model here whose waiting callers leave
    the queue at rate >= full_rate + j theta in total when j wait (monotone coupling:
    at equal levels N's up-rate is >= and its down-rate <= the queue's).
    Returns (None, None) where N is not positive recurrent (theta = 0, arrival_rate >= full_rate).
    """
    lam, c = float(arrival_rate), float(full_rate)
    if theta == 0:
        if lam == 0:
            return 0, 0.0
        if lam >= c:
            return None, None
        rho = lam / c
        L = max(0, math.ceil(math.log(tol) / math.log(rho)) - 1)  # P(N > L) = rho^(L+1)
        return L, rho ** (L + 1)
    # Terms p_j / p_0 = prod_{i<=j} lam / (c + i theta), in logs; they rise while c + i theta < lam.
    logs = [0.0]
    j = 0
    while True:
        j += 1
        ratio = lam / (c + j * theta)
        logs.append(logs[-1] + math.log(ratio) if ratio > 0 else -math.inf)
        if ratio < 0.5 and logs[-1] < max(logs) + math.log(tol) - 40:  # the rest is below 1e-17 of it
            break
        if j > max_level:
            raise ArithmeticError("birth_death_tail: the queue is too long for the chain oracle")
    logs = np.array(logs)
    p = np.exp(logs - logs.max())
    p /= p.sum()
    tail = np.cumsum(p[::-1])[::-1]  # tail[L] = P(N >= L)
    for L in range(len(p)):
        if L + 1 >= len(p) or tail[L + 1] <= tol:
            return L, float(tail[L + 1]) if L + 1 < len(p) else 0.0
    raise AssertionError("unreachable")


def _waiting_room(arrival_rate, full_rate, patience, tol):
    """(L, bound) for an infinite queue with the given patience (None: none)."""
    if patience is None:
        L, bound = birth_death_tail(arrival_rate, full_rate, 0.0, tol)
        if L is None:
            raise ValueError("unstable: arrival_rate >= the agents' full service rate and nobody abandons")
        return L, bound
    if patience.phases == 1:
        return birth_death_tail(arrival_rate, full_rate, patience.exit[0], tol)
    # Waiting callers are among those whose patience has not run out: the queue is at most the
    # M/G/inf count with service = patience, Poisson(lambda E[patience]) in the stationary regime.
    m = arrival_rate * patience.mean
    L = int(m)  # then up to where the Poisson tail is below tol (ppf(1 - tol) is inf once 1 - tol rounds to 1)
    while stats.poisson.sf(L, m) > tol:
        L += 1
    bound = float(stats.poisson.sf(L, m))
    # Two more dominating birth-death chains; the smallest level wins. Every waiting caller leaves at
    # rate >= min(exit) (hyperexponential: > 0), and the queue empties at rate >= the agents' full rate.
    for theta in ([float(patience.exit.min())] if patience.exit.min() > 0 else []) + [0.0]:
        L2, b2 = birth_death_tail(arrival_rate, full_rate, theta, tol)
        if L2 is not None and L2 < L:
            L, bound = L2, b2
    return L, bound


# --------------------------------------------------------------------------------------------------
# The single-queue family: c servers with state-dependent service, FCFS queue, phase-type patience


def _single_queue(name, servers, arrival_rate, service_rates, patience, L, finite, truncation, capacity, busy_of,
                  extras=None):
    """Builds the chain of a FCFS queue with `servers` slots and phase-type patience.

    service_rates[i]: total completion rate with i of the servers busy (i = 0..servers).
    States: i < servers busy with nobody waiting; then every slot busy and q = 0..L
    callers waiting, with the patience phase of each, head first (k^q sequences,
    encoded in base k, head in the lowest digit). finite: arrivals that find L
    waiting are blocked; else they cannot occur in the chain (truncation) and the
    tagged caller joins with L ahead.
    """
    c = int(servers)
    ph = patience if patience is not None else PhaseType([1.0], [[0.0]], name="none")
    k = ph.phases
    lam = float(arrival_rate)
    s = np.asarray(service_rates, float)
    full = s[c]
    sizes = [k**q for q in range(L + 1)]
    off = np.concatenate([[0], np.cumsum(sizes)])
    n_states = c + int(off[-1])
    n_tagged = int(off[-1]) * k
    if n_tagged > MAX_STATES or n_states > MAX_STATES or (k > 1 and n_states > MAX_PHASE_TYPE_STATES):
        raise ArithmeticError(f"{name}: {n_states} states, {n_tagged} tagged states with waiting room {L}: "
                              "too many for the chain oracle; pass a larger tol or a smaller waiting_room")
    R, C, V = [], [], []  # main chain
    TR, TC, TV = [], [], []  # tagged chain (ahead sequence, own phase)
    VR, VC, VV = [], [], []  # virtual chain (ahead sequence)
    t_served, t_abandon, v_served = ([], []), ([], []), ([], [])  # exits: (states, rates)

    def add_exit(pair, states, rate):
        states = np.asarray(states).ravel()
        pair[0].append(states)
        pair[1].append(np.broadcast_to(np.asarray(rate, float), states.shape).ravel())

    def add(lst, r, cc, v):
        r, cc = np.broadcast_arrays(np.asarray(r), np.asarray(cc))
        v = np.broadcast_to(np.asarray(v, float), r.shape)
        lst[0].append(r.ravel())
        lst[1].append(cc.ravel())
        lst[2].append(v.ravel())

    main, tag, vir = (R, C, V), (TR, TC, TV), (VR, VC, VV)
    for i in range(c):  # some slot free: nobody waits
        add(main, i, i + 1, lam)  # i + 1 == c lands on "all busy, q = 0", index c + off[0]
        if i > 0:
            add(main, i, i - 1, s[i])
    pows = k ** np.arange(L + 2)
    for q in range(L + 1):
        codes = np.arange(sizes[q])
        idx = c + off[q] + codes  # main-chain index of (q, code)
        vidx = off[q] + codes  # virtual-chain index
        tidx = (vidx[:, None] * k + np.arange(k)[None, :])  # tagged (q, code, own phase)
        if q < L:
            for p in range(k):
                if ph.alpha[p] > 0:
                    add(main, idx, c + off[q + 1] + codes + p * pows[q], lam * ph.alpha[p])
        if full > 0:  # a slot frees: the head (or nobody) starts service
            if q == 0:
                if c > 0:
                    add(main, idx, c - 1, full)
                add_exit(v_served, vidx, full)
                add_exit(t_served, tidx, full)
            else:
                add(main, idx, c + off[q - 1] + codes // k, full)
                add(vir, vidx, off[q - 1] + codes // k, full)
                add(tag, tidx, (off[q - 1] + codes // k)[:, None] * k + np.arange(k)[None, :], full)
        for pos in range(q):  # the waiting caller at position pos (0 = head)
            digit = (codes // pows[pos]) % k
            removed = codes % pows[pos] + (codes // pows[pos + 1]) * pows[pos]
            rate = ph.exit[digit]
            add(main, idx, c + off[q - 1] + removed, rate)
            add(vir, vidx, off[q - 1] + removed, rate)
            add(tag, tidx, (off[q - 1] + removed)[:, None] * k + np.arange(k)[None, :], rate[:, None])
            for p2 in range(k):
                rate = ph.T[digit, p2] * (digit != p2)
                moved = codes + (p2 - digit) * pows[pos]
                add(main, idx, c + off[q] + moved, rate)
                add(vir, vidx, off[q] + moved, rate)
                add(tag, tidx, (off[q] + moved)[:, None] * k + np.arange(k)[None, :], rate[:, None])
        for p in range(k):  # the tagged caller's own patience
            add_exit(t_abandon, tidx[:, p], ph.exit[p])
            for p2 in range(k):
                if p2 != p and ph.T[p, p2] > 0:
                    add(tag, tidx[:, p], tidx[:, p2], ph.T[p, p2])

    cat = lambda lst: [np.concatenate(x) if x else np.zeros(0) for x in lst]  # noqa: E731
    chain = Chain(n_states, *cat(main))
    tagged = Absorbing(n_tagged, *cat(tag), exits={
        "served": (_cat(t_served[0]), _cat(t_served[1], rates=True)),
        "abandoned": (_cat(t_abandon[0]), _cat(t_abandon[1], rates=True))})
    virtual = Absorbing(int(off[-1]), *cat(vir), exits={
        "served": (_cat(v_served[0]), _cat(v_served[1], rates=True)), "abandoned": ([], [])})

    # Who an arrival is: immediate (a free slot), blocked (finite, L waiting), or the tagged caller.
    immediate = np.zeros(n_states, bool)
    immediate[:c] = True
    blocked = np.zeros(n_states, bool)
    last = c + off[L] + np.arange(sizes[L])
    if finite:
        blocked[last] = True
    rows, cols, vals, vrows, vcols = [], [], [], [], []
    top = L if finite else L + 1
    for q in range(top):
        codes = np.arange(sizes[q])
        for p in range(k):
            if ph.alpha[p] > 0:
                rows.append(c + off[q] + codes)
                cols.append((off[q] + codes) * k + p)
                vals.append(np.full(codes.size, ph.alpha[p]))
        vrows.append(c + off[q] + codes)
        vcols.append(off[q] + codes)
    tagged_start = sp.csr_matrix((np.concatenate(vals) if vals else np.zeros(0),
                                  (np.concatenate(rows) if rows else np.zeros(0, int),
                                   np.concatenate(cols) if cols else np.zeros(0, int))),
                                 shape=(n_states, n_tagged))
    vr = np.concatenate(vrows) if vrows else np.zeros(0, int)
    virtual_start = sp.csr_matrix((np.ones(vr.size), (vr, np.concatenate(vcols) if vcols else vr)),
                                  shape=(n_states, int(off[-1])))

    queue = np.zeros(n_states)
    busy = np.zeros(n_states)
    busy[:c] = [busy_of(i) for i in range(c)]
    for q in range(L + 1):
        queue[c + off[q]:c + off[q + 1]] = q
        busy[c + off[q]:c + off[q + 1]] = busy_of(c)
    qc = QueueChain(name=name, agents=servers, arrival_rate=lam, chain=chain, busy=busy, capacity=capacity,
                    queue=queue, immediate=immediate, blocked=blocked, tagged=tagged, tagged_start=tagged_start,
                    virtual=virtual, virtual_start=virtual_start, truncation=truncation, extras=extras)
    qc.truncation["waiting_room"] = L
    qc.truncation["boundary_mass"] = math_fsum(qc.pi[last])
    return qc


def _cat(parts, rates=False):
    if not parts:
        return np.zeros(0, float if rates else int)
    return np.concatenate(parts)


def mmn(agents, arrival_rate, aht, patience=math.inf, lines=math.inf, tol=1e-24, waiting_room=None):
    """M/M/n (+M, +PH) with optional finite lines: n agents, Poisson arrivals, Exp(aht) handle times, FCFS.

    patience: a mean (exponential), math.inf (nobody abandons) or a PhaseType.
    lines: N >= agents, callers who find N in the system are blocked; math.inf
    for an unlimited queue, truncated as in the module string (tol; or
    waiting_room=L to force the level).
    """
    n = _whole("agents", agents)
    ph = as_patience(patience)
    lam, mu = float(arrival_rate), 1.0 / float(aht)
    rates = np.arange(n + 1) * mu
    if math.isinf(lines):
        if waiting_room is None:
            L, bound = _waiting_room(lam, n * mu, ph, tol)
        else:
            L, bound = int(waiting_room), math.nan
        finite = False
    else:
        N = _whole("lines", lines)
        if N < n:
            raise ValueError("lines must be >= agents")
        L, bound, finite = N - n, 0.0, True
    name = f"M/M/{n}" + ("" if ph is None else f"+{ph.name}") + ("" if not finite else f"/{N}")
    return _single_queue(name, n, lam, rates, ph, L, finite, {"tail_bound": bound}, n, lambda i: i)


def _whole(what, v):
    if float(v) != int(v) or v < 0:
        raise ValueError(f"{what} must be a whole number >= 0 (the chain has no fractional servers)")
    return int(v)


def erlang_x(agents, arrival_rate, aht, patience=math.inf, lines=math.inf, redial=0.0, tol=1e-24,
             waiting_room=None):
    """Erlang-X: M/M/n/N+M where a blocked or abandoning caller calls again with probability `redial`.

    The redialled calls are taken as a Poisson stream added to the fresh one
    (arrival_rate), so the chain is M/M/n/N+M at the total rate Lam solving
        Lam = arrival_rate + redial * Lam * (P_Lam(blocked) + P_Lam(abandon)),
    found by Brent's method on [arrival_rate, arrival_rate / (1 - redial)] to 4 ulps.
    Every measure of the result is per call attempt at Lam; extras hold
    total_arrival_rate, attempts_per_caller = Lam / arrival_rate and the
    fresh caller's final outcome: caller_served, caller_lost (gave up after
    the last attempt, blocked or abandoned).
    """
    r = float(redial)
    if not 0 <= r < 1:
        raise ValueError("redial must be in [0, 1)")
    lam = float(arrival_rate)
    build = lambda rate: mmn(agents, rate, aht, patience, lines, tol, waiting_room)  # noqa: E731
    if r == 0 or lam == 0:
        q = build(lam)
        total = lam
    else:
        def gap(rate):
            q = build(rate)
            return rate * (1 - r * (q.prob_blocked() + q.prob_abandon())) - lam

        total = optimize.brentq(gap, lam, lam / (1 - r), xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
        q = build(total)
    lost = q.prob_blocked() + q.prob_abandon()
    q.name = f"Erlang-X({q.name}, redial={r})"
    q.extras.update(total_arrival_rate=total, attempts_per_caller=1 / (1 - r * lost),
                    caller_served=q.prob_served() / (1 - r * lost), caller_lost=(1 - r) * lost / (1 - r * lost))
    return q


def extended_erlang_b(servers, load, redial=0.0):
    """Extended Erlang-B: M/M/n/n whose blocked callers retry with probability `redial` (a fixed point on
    the total load, as erlang_x with no waiting room). Time unit: the mean holding time (aht = 1).
    prob_blocked() is the blocking of one attempt; extras total_load (= total_arrival_rate)."""
    q = erlang_x(servers, load, 1.0, math.inf, servers, redial)
    q.extras["total_load"] = q.extras["total_arrival_rate"]
    return q


def chat_service_rates(agents, aht_per_level):
    """Total chat completion rate with m = 0..n k chats in service, spread evenly over n agents.

    With m chats, (m mod n) agents hold floor(m/n) + 1 and the others floor(m/n);
    an agent holding h chats finishes each at rate 1/aht[h-1], h/aht[h-1] in all.
    """
    n, a = int(agents), np.asarray(aht_per_level, float)
    k = a.size
    per_agent = np.concatenate([[0.0], np.arange(1, k + 1) / a])  # h / aht_h
    m = np.arange(n * k + 1)
    if n == 0:
        return np.zeros(1)
    f, r = m // n, m % n
    return (n - r) * per_agent[f] + r * per_agent[np.minimum(f + 1, k)]


def chat(agents, arrival_rate, aht_per_level, patience=math.inf, tol=1e-24, waiting_room=None):
    """Chat concurrency: n agents, each holding up to k = len(aht_per_level) chats at once.

    Assignment rule ("spread evenly"): chats in service are always balanced over
    the agents, every agent holding floor(m/n) or floor(m/n) + 1 of the m chats
    in service (a new chat goes to a least-loaded agent; after a completion the
    agents rebalance at once, which with exponential handle times changes no
    chat's remaining time). A chat at an agent holding h chats completes at rate
    1/aht_per_level[h-1], changing as h changes. A chat that finds all n k slots
    taken waits (FCFS) with the given patience (exponential mean, inf or PhaseType).
    occupancy(): E[chats in service] / (n k), the share of chat slots used;
    extras["agent_busy_share"]: E[agents with at least one chat] / n.
    """
    n = _whole("agents", agents)
    k = len(aht_per_level)
    if k < 1 or min(aht_per_level) <= 0:
        raise ValueError("aht_per_level: at least one handle time, all > 0")
    ph = as_patience(patience)
    lam = float(arrival_rate)
    rates = chat_service_rates(n, aht_per_level)
    if waiting_room is None:
        L, bound = _waiting_room(lam, rates[-1], ph, tol)
    else:
        L, bound = int(waiting_room), math.nan
    q = _single_queue(f"chat(n={n}, k={k})", n * k, lam, rates, ph, L, False, {"tail_bound": bound}, n * k,
                      lambda m: m)
    q.agents = n
    slots = q._busy  # chats in service in each state
    q.extras["agent_busy_share"] = 0.0 if n == 0 else float(np.dot(q.pi, np.minimum(slots, n))) / n
    q.extras["throughput"] = float(np.dot(q.pi, rates[slots.astype(int)]))  # chats completed per time unit
    return q


def blend(agents, arrival_rate, aht, outbound_aht, threshold, patience=math.inf, tol=1e-24, waiting_room=None):
    """Call blending: n agents shared by inbound calls (priority, FCFS) and an endless backlog of
    outbound work (Exp(outbound_aht) each).

    Rules: an agent who becomes free takes the head of the inbound queue if any;
    otherwise it stays idle, and outbound jobs are started (instantly, one per
    idle agent) while more than `threshold` agents are idle, so that `threshold`
    agents are kept idle for inbound. threshold >= agents: pure inbound
    (Erlang-C/A). Outbound jobs are never interrupted. Inbound callers wait with
    the given patience (exponential mean, or inf).
    State (i, o): inbound calls in the system (in service + waiting), outbound
    jobs in service. occupancy(): E[agents busy, in- or outbound] / n; extras:
    inbound_occupancy (E[agents on inbound] / n), outbound_throughput
    (E[o] / outbound_aht, jobs per time unit).
    """
    n = _whole("agents", agents)
    s = _whole("threshold", threshold)
    ph = as_patience(patience)
    if ph is not None and ph.phases != 1:
        raise ValueError("blend: exponential patience or none")
    theta = 0.0 if ph is None else ph.exit[0]
    lam, mu, nu = float(arrival_rate), 1.0 / float(aht), 1.0 / float(outbound_aht)
    slowest = n * (min(mu, nu) if s < n else mu)  # the queue's departure rate when all agents are busy
    if waiting_room is None:
        L, bound = birth_death_tail(lam, slowest, theta, tol)
        if L is None:
            raise ValueError("blend: no abandonment and arrival_rate >= n min(1/aht, 1/outbound_aht): "
                             "give waiting_room explicitly")
    else:
        L, bound = int(waiting_room), math.nan

    def settle(i, o):
        while n - o - min(i, n - o) > s:  # more than `threshold` idle: one more outbound job
            o += 1
        return i, o

    def parts(i, o):
        b = min(i, n - o)
        return b, i - b, n - o - b  # inbound in service, waiting, idle

    start = settle(0, 0)
    states, seen, frontier = [], {start}, [start]
    trans = {}
    while frontier:  # reachable states, breadth first
        st = frontier.pop()
        states.append(st)
        i, o = st
        b, q, idle = parts(i, o)
        out = []
        if q < L:
            out.append((settle(i + 1, o), lam))
        if b > 0:
            out.append((settle(i - 1, o), b * mu))
        if o > 0:
            out.append((settle(i, o - 1), o * nu))
        if q > 0:
            out.append((settle(i - 1, o), q * theta))
        trans[st] = [(t, r) for t, r in out if t != st and r > 0]
        for t, _ in trans[st]:
            if t not in seen:
                seen.add(t)
                frontier.append(t)
        if len(states) > MAX_STATES:
            raise ArithmeticError("blend: too many states")
    states.sort()
    chain = Chain.from_function(states, lambda st: trans[st])
    omax = max(o for _, o in states)
    width = omax + 1
    # Tagged inbound caller: (k ahead, o outbound in service); every agent is busy while it waits.
    TR, TC, TV, served, abandon, VR, VC, VV, vserved = [], [], [], [], [], [], [], [], []
    for kk in range(L + 1):
        for o in range(width):
            idx = kk * width + o
            inb, outb = (n - o) * mu, o * nu
            if kk == 0:
                served.append((idx, inb + outb))
                vserved.append((idx, inb + outb))
            else:
                for R_, C_, V_ in ((TR, TC, TV), (VR, VC, VV)):
                    R_ += [idx, idx, idx]
                    C_ += [(kk - 1) * width + o, (kk - 1) * width + max(o - 1, 0), (kk - 1) * width + o]
                    V_ += [inb, outb, kk * theta]
            if kk == 0 and o > 0:
                pass  # served either way; o's decrease no longer matters to this caller
            abandon.append((idx, theta))
    size = (L + 1) * width

    def exits(pairs):
        return ([p[0] for p in pairs], [p[1] for p in pairs])

    tagged = Absorbing(size, TR, TC, TV, {"served": exits(served), "abandoned": exits(abandon)})
    virtual = Absorbing(size, VR, VC, VV, {"served": exits(vserved), "abandoned": ([], [])})
    S = len(states)
    busy_in, busy_all, queue = np.zeros(S), np.zeros(S), np.zeros(S)
    immediate = np.zeros(S, bool)
    rows, cols = [], []
    outbound = np.zeros(S)
    for j, (i, o) in enumerate(states):
        b, q, idle = parts(i, o)
        busy_in[j], busy_all[j], queue[j], outbound[j] = b, b + o, q, o
        if idle > 0:
            immediate[j] = True
        else:
            rows.append(j)
            cols.append(q * width + o)
    start_m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(S, size))
    qc = QueueChain(name=f"blend(n={n}, threshold={s})", agents=n, arrival_rate=lam, chain=chain, busy=busy_all,
                    capacity=n, queue=queue, immediate=immediate, blocked=np.zeros(S, bool), tagged=tagged,
                    tagged_start=start_m, virtual=virtual, virtual_start=start_m,
                    truncation={"tail_bound": bound, "waiting_room": L})
    qc.truncation["boundary_mass"] = math_fsum(qc.pi[queue == L])
    qc.extras.update(inbound_occupancy=float(np.dot(qc.pi, busy_in)) / n if n else 0.0,
                     outbound_throughput=float(np.dot(qc.pi, outbound)) * nu,
                     mean_outbound_busy=float(np.dot(qc.pi, outbound)))
    qc.states = states
    return qc
