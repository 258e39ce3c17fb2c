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


# ----------------------------------------------------------------------------- wait quantiles


def test_wait_quantile_erlang_c_closed_form_and_broadcasting():
    n, lam, aht = np.array([12, 14, 20]), 100 / 1800, 180
    C = ek.erlang_c(n, lam * aht)
    want = np.where(C <= 0.1, 0.0, np.log(C / 0.1) / (n / aht - lam))
    np.testing.assert_allclose(ek.wait_quantile(0.9, n, lam, aht), want, rtol=1e-13)


def test_wait_quantile_staffing_meets_the_quantile_and_one_fewer_does_not():
    for q, t in [(0.8, 20.0), (0.9, 30.0), (0.95, 60.0)]:
        n = ek.agents_for_wait_quantile(q, t, 2.0, 180, patience=120)
        assert ek.wait_quantile(q, n, 2.0, 180, patience=120) <= t
        assert n == ek.agents_for_service_level(q, t, 2.0, 180, patience=120, convention="answered")
    assert ek.wait_quantile(0.99, 11, 100 / 1800, 180, patience=60, convention="offered") == math.inf
    with pytest.raises(ek.DomainError, match="wait_quantile: q is 1.5, but must be strictly between 0 and 1"):
        ek.wait_quantile(1.5, 10, 1, 1)


def test_waiting_and_sojourn_laws_against_mpmath_per_state():
    # The per-state laws (Erlang(j - c + 1, c mu) waits, plus an exponential service) summed at
    # 40 digits with mpmath's incomplete gamma, against the library's Poisson-mixture route.
    import mpmath as mp

    mp.mp.dps = 40
    for lam, mu, c, K in [(8, 4, 5, 12), (3, 2, 1, 10), (30, 4, 5, 40)]:
        w = [mp.mpf(1)]
        for j in range(K):
            w.append(w[-1] * mp.mpf(lam) / (min(j + 1, c) * mu))
        alpha = [lam * w[j] for j in range(K)]  # admitted arrivals see j < K
        total = mp.fsum(alpha)
        a = c * mu
        for t in (0.05, 0.5, 3.0):
            t = mp.mpf(t)
            wait = soj = mp.mpf(0)
            for j in range(K):
                if j < c:
                    soj += alpha[j] * mp.exp(-mu * t)
                    continue
                m = j - c + 1
                q = mp.gammainc(m, a * t, mp.inf, regularized=True)  # P(Erlang(m, a) > t)
                wait += alpha[j] * q
                if c == 1:
                    extra = mp.exp(-a * t) * (a * t) ** m / mp.factorial(m)
                else:
                    extra = mp.exp(-mu * t) * (mp.mpf(a) / (a - mu)) ** m * mp.gammainc(m, 0, (a - mu) * t,
                                                                                          regularized=True)
                soj += alpha[j] * (q + extra)
            got_w = ek.waiting_time_survival(float(t), lam, mu, servers=c, capacity=K)
            got_s = ek.sojourn_time_survival(float(t), lam, mu, servers=c, capacity=K)
            assert abs(got_w - float(wait / total)) <= 1e-13 * float(wait / total)
            assert abs(got_s - float(soj / total)) <= 1e-13 * float(soj / total)


def test_time_laws_broadcast_and_refuse_bad_p():
    out = ek.waiting_time_quantile([[0.5], [0.9]], 7, 1, servers=[8, 9])
    assert out.shape == (2, 2)
    with pytest.raises(ek.DomainError, match="waiting_time_quantile: p is 1"):
        ek.waiting_time_quantile(1.0, 7, 1, servers=8)
