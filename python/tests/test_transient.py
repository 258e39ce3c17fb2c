"""erlangkit.transient_day / transient_staffing against independent routes.

- mpmath at 40 digits: the same truncated chain, pi(L) and the time integral of
  pi(t) from one exponential of the augmented generator [[Q, I], [0, 0]]; the
  service level without abandonment from the Erlang law of the wait, in closed form.
- a seeded simulation of a day with a peak (first come, first served with
  exponential patience; agents constant so the service-level convention is exact):
  per-interval counts inside 99% intervals.
"""
import math

import mpmath as mp
import numpy as np
import pytest

import erlangkit as ek

mp.mp.dps = 40


def _mp_interval(start, states, lam, mu, theta, n, length):
    d = 2 * states
    a = mp.zeros(d, d)
    for k in range(states):
        death = mu * min(k, n) + theta * max(k - n, 0)
        if k + 1 < states:
            a[k, k + 1] = lam
            a[k, k] -= lam
        if k > 0:
            a[k, k - 1] = death
            a[k, k] -= death
        a[k, states + k] = 1
    e = mp.expm(a * length)
    end = [mp.fsum(start[i] * e[i, j] for i in range(states)) for j in range(states)]
    integral = [mp.fsum(start[i] * e[i, states + j] for i in range(states)) for j in range(states)]
    return end, integral


@pytest.mark.parametrize("patience", [25.0, math.inf])
def test_against_mpmath_chain(patience):
    calls = [6.0, 18.0, 9.0] if math.isfinite(patience) else [6.0, 12.0, 6.0]
    agents = [2, 4, 3]
    aht, length, tau, states = 10.0, 60.0, 4.0, 40
    got = ek.transient_day(calls, agents, aht, length, patience=patience, target_time=tau)
    mu = mp.mpf(1) / aht
    theta = mp.mpf(0) if math.isinf(patience) else mp.mpf(1) / patience
    start = [mp.mpf(1)] + [mp.mpf(0)] * (states - 1)
    for i, (c, n) in enumerate(zip(calls, agents)):
        lam = mp.mpf(c) / length
        end, integral = _mp_interval(start, states, lam, mu, theta, n, length)
        # The truncated chain holds the day: what it blocks moves the measures by
        # < states * 1e-13, far inside the 1e-10 compared.
        assert end[-1] < mp.mpf("1e-13")
        busy = mp.fsum(min(k, n) * x for k, x in enumerate(integral))
        queue = mp.fsum(max(k - n, 0) * x for k, x in enumerate(integral))
        answered = lam * mp.fsum(integral[:n]) + n * mu * mp.fsum(integral[n + 1:])
        row = got.iloc[i]
        assert row.occupancy == pytest.approx(float(busy / (n * length)), abs=1e-10)
        assert row.mean_queue == pytest.approx(float(queue / length), abs=1e-10)
        assert row.abandoned == pytest.approx(float(theta * queue), abs=1e-10)
        assert row.answered == pytest.approx(float(answered), abs=1e-10)
        if math.isinf(patience):
            # Waiting behind m = k - n callers: Erlang(m + 1, n mu) wait.
            x = n * mu * tau
            sl = mp.fsum(integral[:n]) + mp.fsum(
                integral[k] * (1 - mp.fsum(mp.exp(-x) * x ** j / mp.factorial(j) for j in range(k - n + 1)))
                for k in range(n, states))
            assert row.service_level == pytest.approx(float(sl / length), abs=1e-10)
        start = end


def _simulate_day(rng, rates, agents, aht, patience, length, tau):
    """One day, FCFS: each caller in arrival order takes the first free agent if
    still there; returns per-interval arrivals, answered within tau, abandons (by
    the time they happen), service starts (by the time they happen)."""
    m = len(rates)
    out = np.zeros((4, m))
    free = np.zeros(agents)
    t = 0.0
    for i, lam in enumerate(rates):
        end = (i + 1) * length
        t = max(t, i * length)
        while True:
            t += rng.exponential(1 / lam)
            if t >= end:
                t = end
                break
            out[0, i] += 1
            k = int(np.argmin(free))
            start = max(t, free[k])
            give_up = t + rng.exponential(patience)
            if start <= give_up:
                free[k] = start + rng.exponential(aht)
                if start - t <= tau:
                    out[1, i] += 1
                j = int(start // length)
                if j < m:
                    out[3, j] += 1
            else:
                j = int(give_up // length)
                if j < m:
                    out[2, j] += 1
    return out


def test_against_simulated_peak():
    rates = [0.03, 0.09, 0.05, 0.02]  # per second: a peak above the agents' capacity
    agents, aht, patience, length, tau = 6, 100.0, 60.0, 900.0, 20.0
    calls = [r * length for r in rates]
    got = ek.transient_day(calls, [agents] * 4, aht, length, patience=patience, target_time=tau)
    rng = np.random.default_rng(20261123)
    reps = np.array([_simulate_day(rng, rates, agents, aht, patience, length, tau) for _ in range(600)])
    mean, se = reps.mean(axis=0), reps.std(axis=0, ddof=1) / math.sqrt(len(reps))
    z = 2.576  # 99%
    expected = np.array([got.calls, got.service_level * got.calls, got.abandoned, got.answered])
    for row in range(4):
        for i in range(4):
            assert abs(mean[row, i] - expected[row, i]) <= z * se[row, i], (row, i, mean[row, i], expected[row, i])


def test_staffing_meets_target_and_keeps_index():
    pd = pytest.importorskip("pandas")
    idx = pd.date_range("2026-11-23 08:00", periods=8, freq="15min")
    calls = pd.Series([80, 150, 320, 400, 300, 180, 120, 90], index=idx, dtype=float)
    agents = ek.transient_staffing(calls, 300, "15min", 0.8, 20, patience=180)
    assert list(agents.index) == list(idx)
    day = ek.transient_day(calls, agents, 300, "15min", patience=180)
    assert (day.service_level >= 0.8).all()
    assert list(day.index) == list(idx)


def test_errors():
    with pytest.raises(ek.DomainError, match="transient_day"):
        ek.transient_day([10, 20], [3], 300, 900)
    with pytest.raises(ek.DomainError, match="interval"):
        ek.transient_day([10], [3], 300, "fortnight")
    with pytest.raises(ek.DomainError, match="agents"):
        ek.transient_day([10], [3.5], 300, 900)
    with pytest.raises(ek.DomainError, match="target"):
        ek.transient_staffing([10], 300, 900, 1.5, 20)
