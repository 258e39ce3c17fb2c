"""Every reproducer of the reliability issue, as it behaves now. Each call is also
timed against a bound far above its cost, so that a hang shows up as a failure."""
import math
import time

import numpy as np
import pytest

import erlangkit as ek


def quick(f, seconds=1.0):
    t0 = time.perf_counter()
    out = f()
    assert time.perf_counter() - t0 < seconds, "took too long"
    return out


def test_former_hangs_answer():
    # Erlang-A mean waits no longer sum O(sqrt(lambda patience)) terms.
    assert quick(lambda: ek.asa(10, 1.0, 180, patience=1e16)) == pytest.approx(2.8903717578961636e16, rel=1e-12)
    # 14 agents flooded by 1.8e20 Erlangs: the few answered calls waited ~patience log(y/x).
    assert quick(lambda: ek.asa(14, 1e18, 180, 120)) == pytest.approx(120 * (math.log(1.2e20 / (14 * 120 / 180 + 1))
                                                                       + 0.0514), rel=1e-3)
    with pytest.raises(ek.InfeasibleError, match="is not met by max_agents = 1e\\+09"):
        quick(lambda: ek.agents_for_asa(10, 1e18, 180, 120))  # needs ~1.8e20 agents
    # The answered share within 1e6 s with 2-minute patience is met at every representable rate.
    assert quick(lambda: ek.max_arrival_rate_for_service_level(14, 0.8, 1e6, 180, 120, "answered")) == math.inf


def test_former_silent_errors():
    assert ek.erlang_c(2e17, 1e17) == 0.0  # was 1
    assert ek.prob_wait(1e18, 5e17, 1.0) == 0.0
    # At 1e19 servers the loss system is deterministic: B = 0.01 at R = n / 0.99.
    assert ek.max_load_for_blocking(1e19, 0.01) / 1e19 == pytest.approx(1 / 0.99, rel=1e-9)
    assert ek.max_arrival_rate_for_service_level(10, .8, 1e300, 1, patience=1, convention="virtual") == math.inf
    assert ek.prob_abandon_given_wait(1e-9, 960, 167, 1e-8) <= 1.0
    assert ek.scheduled_agents(1e19, .5) == 2e19 and ek.scheduled_agents(1e-16, .3) == 1
    counts = ek.scheduled_agents(np.array([1e19, 14.0]), .5)
    assert counts.dtype == np.float64 and counts[0] == 2e19  # beyond int64: float, not a negative int
    assert ek.agents_for_occupancy(1.0, 1e19, 1) == 1e19
    assert ek.agents_for_occupancy(0.586, 0.0218, 5.73) == 1  # was 0 agents for 0.125 Erlangs
    n = ek.agents_for_abandon_rate(0.9, 4.441688218680212, 1.4268765134605994, 0.05632115869862684,
                                   max_occupancy=0.8889112496715509)
    assert n == 2 and ek.occupancy(n, 4.441688218680212, 1.4268765134605994, 0.05632115869862684) <= 0.8889112496715509
    # Tiny real staffs keep their digits (references: generate.py at 50 digits).
    assert ek.occupancy(1e-12, 1, 1, 1) == pytest.approx(0.85150449322387069741, rel=1e-14)
    assert ek.service_level(1e-9, 63.27092594386028, 9.460452671473295, 0.01, 0.10590568267759819,
                            convention="answered") == pytest.approx(0.0022475758203534218077, rel=1e-13)
    # The transition probe of the issue: 1.15e-10 off before (true values at 50 digits).
    args = (100000, 100000.0002, 1.0, 3.0000002477711128e-06, 10000.0)
    assert ek.service_level(*args) == pytest.approx(0.0098996659599884776186, rel=1e-12)
    assert ek.service_level(*args, convention="virtual") == pytest.approx(0.0098996659599896017305, rel=1e-12)
    assert ek.service_level(*args, convention="excl_short_abandons") == pytest.approx(0.0098996659629289877623,
                                                                                      rel=1e-12)


@pytest.mark.parametrize("convention", ["answered", "excl_short_abandons"])
def test_non_monotone_conventions_answer_the_staff_from_which_the_target_holds(convention):
    q = dict(arrival_rate=63.27092594386028, aht=9.460452671473295, patience=0.10590568267759819)
    f = ek.agents_for_service_level(0.8, 0.01, **q, convention=convention, fractional=True)
    for k in np.linspace(0, 1, 41)[1:]:  # from f on, every larger staff meets it
        assert ek.service_level(f + k * (f + 2), target_time=0.01, **q, convention=convention) >= 0.8 - 1e-10


def test_former_nans_are_values():
    assert ek.erlang_b(10, 1e-300) == 0.0
    assert not np.isnan(ek.erlang_c(np.arange(1., 9.), 1e-200)).any()
    # patience 1e308 x AHT: the theta -> 0 limit, Erlang-C's value.
    assert ek.prob_wait(10, 1.0, 5, 1e308) == pytest.approx(ek.prob_wait(10, 1.0, 5), rel=1e-15)
    assert ek.service_level(14, 100 / 1800, 1e-320, 20, 120) == 1.0  # a subnormal handle time: no load
    assert ek.asa(5e-324, 100 / 1800, 180, 120) == pytest.approx(296.97234, rel=1e-6)  # its n -> 0 limit
    assert math.isnan(ek.agents_for_service_level(0.8, 20, 0.05, 180, max_occupancy=math.nan))  # NaN, no raise


def test_python_api_defects():
    import pandas as pd

    a = pd.Series([12.0, 11.0], index=["x", "y"])
    b = pd.Series([10.0, 10.0], index=["y", "x"])  # same labels, other order: aligned by label
    out = ek.erlang_c(a, b)
    # (arrays take the batch kernel, within 2e-12 of the scalar function)
    assert out["x"] == pytest.approx(ek.erlang_c(12, 10), rel=2e-12)
    assert out["y"] == pytest.approx(ek.erlang_c(11, 10), rel=2e-12)
    with pytest.raises(ek.DomainError, match="^erlang_c: servers is "):
        ek.erlang_c(10 ** 400, 5)
    with pytest.raises(ek.BroadcastError, match="pandas Series combines only"):
        ek.erlang_c(pd.Series([1.0, 2.0, 3.0]), np.ones((3, 1)))
    with pytest.raises(TypeError, match="fractional must be True or False"):
        ek.agents_for_service_level(0.8, 20, 0.05, 180, fractional="no")
    m = ek.erlang_c(np.ma.array([12.0, -1.0], mask=[False, True]), 10.0)
    assert isinstance(m, np.ma.MaskedArray) and m.mask.tolist() == [False, True]
    with pytest.raises(ek.InfeasibleError):
        ek.agents_for_service_level(0.8, 20, 1e12, 1)
