"""M/M/n+G from Python: erlangkit.patience laws through every measure and solver.

The numbers are checked in C++ (tests/test_general_patience.cpp: Erlang-A, the
Erlang-k chains, the deterministic closed form); here the binding: a law in place of
the patience mean, broadcasting over the other arguments, the errors, and one
independent route of its own (the Erlang-2 chain, solved with scipy).
"""
import math

import numpy as np
import pytest

import erlangkit as ek
from erlangkit import patience

LAWS = [patience.deterministic(0.5), patience.uniform(0.1, 1), patience.gamma(0.5, 0.5),
        patience.lognormal(0.5, 1), patience.weibull(0.5, 0.3), patience.hyperexponential([0.3, 0.7], [0.1, 1]),
        patience.empirical([0.1, 0.3, 1, 2], [0.9, 0.6, 0.2, 0]),
        patience.empirical([0, 0.3, 1, 2], [1, 0.6, 0.2, 0], linear=True), patience.empirical([0.2, 0.5, 0.5, 1.5])]


def test_published_deterministic_abandonment():
    # Zeltyn-Mandelbaum's M/M/n+D example (tests/data/external_cases.csv, AD1).
    assert abs(ek.prob_abandon(10, 10, 1, patience=patience.deterministic(0.5)) - 0.10352) <= 1e-5


def test_exponential_law_is_the_patience_mean():
    n = np.arange(5, 16)
    for f, extra in [(ek.prob_wait, {}), (ek.prob_abandon, {}), (ek.service_level, {"target_time": 0.2}),
                     (ek.asa, {}), (ek.prob_wait_longer_than, {"t": 0.3})]:
        a = f(n, 10, 1, patience=0.7, **extra)
        b = f(n, 10, 1, patience=patience.exponential(0.7), **extra)
        np.testing.assert_array_equal(a, b)
        c = f(n, 10, 1, patience=patience.gamma(0.7, 1.0), **extra)  # the quadrature
        np.testing.assert_allclose(c, a, rtol=1e-10, atol=0)


@pytest.mark.parametrize("law", LAWS, ids=repr)
def test_every_measure_and_solver_broadcasts(law):
    n = np.array([[80.0], [100.0], [120.0]])
    rates = np.array([90.0, 100.0])
    for f in (ek.prob_wait, ek.prob_abandon, ek.prob_abandon_given_wait, ek.occupancy, ek.mean_queue_length):
        out = f(n, rates, 1, patience=law)
        assert out.shape == (3, 2) and np.all(np.isfinite(out))
        assert out[1, 0] == f(100, 90, 1, patience=law)  # the scalar call agrees with the array call
    for conv in ek.SL_CONVENTIONS:
        s = ek.service_level(n, rates, 1, 0.1, patience=law, convention=conv)
        assert s.shape == (3, 2) and np.all((s >= 0) & (s <= 1))
    assert np.all(np.isfinite(ek.asa(n, rates, 1, patience=law)))
    assert ek.prob_blocked(100, 100, 1, patience=law) == 0
    k = ek.agents_for_service_level(0.8, 0.1, [90, 100], 1, patience=law)
    assert k.dtype == np.int64
    assert np.all(ek.service_level(k, [90, 100], 1, 0.1, patience=law) >= 0.8)
    assert np.all(ek.service_level(k - 1, [90, 100], 1, 0.1, patience=law) < 0.8)
    assert ek.prob_abandon(ek.agents_for_abandon_rate(0.02, 100, 1, patience=law), 100, 1, patience=law) <= 0.02
    assert ek.agents_for_asa(0.05, 100, 1, patience=law) > 0
    assert ek.agents_for_occupancy(0.9, 100, 1, patience=law) > 0
    rate = ek.max_arrival_rate_for_service_level(100, 0.8, 0.1, 1, patience=law)
    assert abs(ek.service_level(100, rate, 1, 0.1, patience=law) - 0.8) < 1e-9


@pytest.mark.parametrize("make, message", [
    (lambda: patience.deterministic(-1), r"^deterministic: patience.time is -1, but must be finite and > 0$"),
    (lambda: patience.uniform(2, 1), r"^uniform: patience.high is 1, but must be finite and > low \(2\)$"),
    (lambda: patience.gamma(1, 0), r"^gamma: patience.cv is 0, but must be finite and > 0$"),
    (lambda: patience.lognormal(-1, 1), r"^lognormal: patience.mean is -1, but must be finite and > 0$"),
    (lambda: patience.weibull(0, 1), r"^weibull: patience.shape is 0, but must be finite and > 0$"),
    (lambda: patience.hyperexponential([0.5, 0.6], [1, 2]), r"^hyperexponential: sum\(patience.probs\) is 1.1"),
    (lambda: patience.empirical([1, 2], [0.5, 0.7]), r"^empirical: patience.survival\[1\] is 0.7, but must be in "
                                                      r"\[0, 0.5\] \(survival falls from 1\)$"),
    (lambda: patience.empirical([1, 2], [0.5, 0.2]), r"^empirical: patience.survival\[1\] is 0.2, but must be 0"),
    (lambda: patience.empirical([-1, 2]), r"^empirical: patience.times\[0\] is -1, but must be finite and >= 0$"),
    (lambda: patience.gamma(math.nan, 1), r"^gamma: a parameter is NaN$"),
])
def test_bad_laws_are_domain_errors(make, message):
    with pytest.raises(ek.DomainError, match=message):
        make()


def test_a_law_takes_no_finite_lines():
    with pytest.raises(ek.DomainError, match=r"^prob_wait: lines is 12, but must be inf with a patience"):
        ek.prob_wait(10, 10, 1, patience=patience.gamma(1, 0.5), lines=12)


def erlang2_chain(n, lam, aht, mean, q_max):
    """M/M/n+E2 with FCFS: the queue as a word of phases (head first), solved exactly."""
    import itertools

    from scipy.sparse import lil_matrix
    from scipy.sparse.linalg import spsolve

    mu, r = 1 / aht, 2 / mean
    states = [("idle", i) for i in range(n)] + [w for q in range(q_max + 1) for w in itertools.product((0, 1), repeat=q)]
    index = {s: i for i, s in enumerate(states)}
    Q = lil_matrix((len(states), len(states)))

    def add(a, b, rate):
        Q[index[a], index[b]] += rate
        Q[index[a], index[a]] -= rate

    for i in range(n):
        add(("idle", i), ("idle", i + 1) if i + 1 < n else (), lam)
        if i:
            add(("idle", i), ("idle", i - 1), i * mu)
    for w in states[n:]:
        if len(w) < q_max:
            add(w, w + (0,), lam)
        add(w, w[1:] if w else ("idle", n - 1), n * mu)
        for p, ph in enumerate(w):
            add(w, w[:p] + (1,) + w[p + 1:] if ph == 0 else w[:p] + w[p + 1:], r)
    A = Q.T.tocsr().tolil()
    A[0, :] = 1  # replace one balance equation by the normalisation
    b = np.zeros(len(states))
    b[0] = 1
    pi = spsolve(A.tocsr(), b)
    wait = sum(pi[index[w]] for w in states[n:] if len(w) < q_max)
    ab = sum(pi[index[w]] * sum(1 for ph in w if ph == 1) * r for w in states[n:]) / lam
    cut = sum(pi[index[w]] for w in states[n:] if len(w) == q_max)
    return wait, ab, cut


def test_erlang2_patience_matches_its_chain():
    wait, ab, cut = erlang2_chain(2, 2.0, 1.0, 0.3, 12)
    assert cut < 1e-11
    law = patience.gamma(0.3, 1 / math.sqrt(2))
    assert ek.prob_wait(2, 2.0, 1.0, patience=law) == pytest.approx(wait, rel=1e-9)
    assert ek.prob_abandon(2, 2.0, 1.0, patience=law) == pytest.approx(ab, rel=1e-9)


def test_weibull_of_large_shape_keeps_its_digits():
    # Weibull of shape 200 is nearly deterministic at its scale; its H lost its digits
    # where (t/scale)^shape underflows (P(W > 0) 0.8902 here) and shape 1000 raised.
    # Reference: mpmath at 50 digits (tests/data/generate_weibull_large_shape.py).
    assert ek.prob_wait(100, 100, 1, patience=patience.weibull(200, 1)) == pytest.approx(
        0.89170523177821844643, rel=1e-10, abs=0)
    assert ek.prob_abandon(10, 10, 1, patience=patience.weibull(1000, 1)) == pytest.approx(
        0.068239022853105042566, rel=1e-10, abs=0)
    with pytest.raises(ek.DomainError, match="patience.shape"):
        ek.prob_abandon(10, 10, 1, patience=patience.weibull(1e-3, 1))
