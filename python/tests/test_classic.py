"""erlangkit.queue_metrics / state_probabilities against an mpmath (40-digit)
solution of the same chain, built here state by state from the balance
equations — no formula of the library is reused."""
import math

import mpmath
import numpy as np
import pytest

import erlangkit as ek

mpmath.mp.dps = 40


def chain(lam, mu, c, K, m, N):
    """The nine measures of M/M/c/K/m from states 0..N in mpmath."""
    lam, mu = mpmath.mpf(lam), mpmath.mpf(mu)
    w = [mpmath.mpf(1)]
    for j in range(N):
        a = lam if math.isinf(m) else (m - j) * lam
        w.append(w[-1] * a / (min(j + 1, c) * mu) if j < K else mpmath.mpf(0))
    S = mpmath.fsum(w)
    arr = [(lam if math.isinf(m) else max(m - j, 0) * lam) * w[j] for j in range(N + 1)]
    A = mpmath.fsum(arr)
    blocked = arr[int(K)] if K <= N else mpmath.mpf(0)
    waiting = mpmath.fsum(arr[j] for j in range(N + 1) if j >= c and j != K)
    L = mpmath.fsum(j * w[j] for j in range(N + 1)) / S
    Lq = mpmath.fsum(max(j - c, 0) * w[j] for j in range(N + 1)) / S
    thr = (A - blocked) / S
    busy = mpmath.fsum(min(j, c) * w[j] for j in range(N + 1)) / S
    return dict(L=L, Lq=Lq, W=L / thr, Wq=Lq / thr, throughput=thr, utilization=busy / c, p0=w[0] / S,
                p_wait=waiting / A, p_block=blocked / A)


CASES = [(8, 4, 5, 12, math.inf, 12), (3, 1, 1, 10, math.inf, 10), (50, 1, 40, 40, math.inf, 40),
         (0.4, 1, 4, 4, 25, 25), (2, 3, 7, 300, 200, 200), (9, 1, 10, math.inf, math.inf, 900),
         (0.5, 1, 1, math.inf, math.inf, 200)]


@pytest.mark.parametrize("case", CASES, ids=lambda c: "lam{}-mu{}-c{}-K{}-m{}".format(*c[:5]))
def test_every_measure_against_the_40_digit_chain(case):
    lam, mu, c, K, m, N = case
    got = ek.queue_metrics(lam, mu, c, K, m).to_dict()
    want = chain(lam, mu, c, K, m, N)
    for k, v in want.items():
        assert got[k] == pytest.approx(float(v), rel=1e-13, abs=1e-300), k
    p = ek.state_probabilities(lam, mu, c, K, m, max_state=min(N, 60))
    w = [float(x) for x in chain_probabilities(lam, mu, c, K, m, N)[:len(p)]]
    np.testing.assert_allclose(p, w, rtol=1e-12)


def chain_probabilities(lam, mu, c, K, m, N):
    w = [mpmath.mpf(1)]
    for j in range(N):
        a = lam if math.isinf(m) else (m - j) * lam
        w.append(w[-1] * mpmath.mpf(a) / (min(j + 1, c) * mpmath.mpf(mu)) if j < K else mpmath.mpf(0))
    S = mpmath.fsum(w)
    return [x / S for x in w]


def test_broadcasting_shapes_frames_and_errors():
    m = ek.queue_metrics(np.array([1.0, 2.0, 3.0]), 4, servers=[[1], [2]])
    assert m.L.shape == (2, 3) and m.to_frame().shape == (6, 9)
    assert isinstance(ek.queue_metrics(1, 2).L, float)
    assert ek.queue_metrics(3, 4, 1, 3).to_dict()["p_block"] == pytest.approx(0.75 ** 3 * 0.25 / (1 - 0.75 ** 4))
    with pytest.raises(ek.DomainError, match=r"queue_metrics: arrival_rate is -3, but must be finite and >= 0 \(at index 2\)"):
        ek.queue_metrics([1, 2, -3], 4)
    with pytest.raises(ek.DomainError, match="the queue grows without bound"):
        ek.queue_metrics(4, 4)
    with pytest.raises(ValueError, match="max_state is -1"):
        ek.state_probabilities(1, 2, max_state=-1)
