"""Redials from Python (docs/redialing.md): the 50-digit tables of
tests/data/generate_redialing.py through the public functions, broadcasting,
the redial argument's checks, and the limits (no redial, nobody lost)."""
import math

import numpy as np
import pytest

import erlangkit as ek
from conftest import num, read_table, rel_error

ROWS = read_table("redialing.csv")
B_ROWS = read_table("erlang_b_extended.csv")


def queue(r):
    return dict(arrival_rate=num(r["arrival_rate"]), aht=num(r["aht"]), patience=num(r["patience"]),
                lines=num(r["lines"]), redial=num(r["redial"]))


# Measures per attempt and per fresh caller that need no target time; the
# service levels of finite lines far past the patience are a finite-lines
# finding (tests/test_redialing.cpp), so the time measures are checked on t <= 5 patiences.
MEASURES = {
    "total_arrival_rate": lambda n, q, t: ek.total_arrival_rate(n, **q),
    "prob_finally_lost": lambda n, q, t: ek.prob_finally_lost(n, **q),
    "prob_blocked": lambda n, q, t: ek.prob_blocked(n, **q),
    "prob_abandon": lambda n, q, t: ek.prob_abandon(n, **q),
    "occupancy": lambda n, q, t: ek.occupancy(n, **q),
    "mean_queue_length": lambda n, q, t: ek.mean_queue_length(n, **q),
    "asa_answered": lambda n, q, t: ek.asa(n, **q),
    "sl_offered": lambda n, q, t: ek.service_level(n, target_time=t, **q),
}


@pytest.mark.parametrize("column", sorted(MEASURES))
def test_erlang_x_matches_the_chain(column):
    worst = 0.0
    for r in ROWS:
        t = num(r["target_time"])
        if column.startswith("sl_") and t > 5 * num(r["patience"]):
            continue
        got = MEASURES[column](num(r["agents"]), queue(r), t)
        worst = max(worst, rel_error(got, num(r[column])))
    assert worst <= 1e-12


def test_extended_erlang_b_matches_the_reference_and_broadcasts():
    n = np.array([num(r["servers"]) for r in B_ROWS])
    load = np.array([num(r["load"]) for r in B_ROWS])
    redial = np.array([num(r["redial"]) for r in B_ROWS])
    got = ek.erlang_b_extended(n, load, redial)
    want = [num(r["blocking"]) for r in B_ROWS]
    assert max(rel_error(g, w) for g, w in zip(got, want)) <= 1e-12
    for i in (0, 17, 50):
        assert ek.erlang_b_extended(n[i], load[i], redial[i]) == got[i]


def test_published_numbers():
    assert abs(ek.erlang_b_extended(1000, 1500, 0.2) - 0.386) <= 5e-4
    assert ek.servers_for_blocking(100, 0.025, redial=0.5) == 113
    assert ek.servers_for_blocking(100, 0.025, False, 0.5) == 113  # the existing order kept


def test_redial_zero_and_nobody_lost_are_the_base_model():
    q = dict(arrival_rate=8 / 60, aht=60, patience=120, lines=12)
    assert ek.service_level(10, target_time=20, **q) == ek.service_level(10, target_time=20, redial=0.0, **q)
    assert ek.total_arrival_rate(10, **q) == 8 / 60
    c = dict(arrival_rate=0.1, aht=180)
    assert ek.agents_for_service_level(0.8, 20, redial=0.7, **c) == ek.agents_for_service_level(0.8, 20, **c)
    assert ek.servers_for_blocking(100, 0.025, redial=0.0) == ek.servers_for_blocking(100, 0.025)


def test_every_queue_function_takes_redial():
    q = dict(arrival_rate=0.1, aht=180, patience=120, lines=25, redial=0.6)
    n = ek.agents_for_service_level(0.8, 20, **q)
    assert ek.service_level(n, target_time=20, **q) >= 0.8 > ek.service_level(n - 1, target_time=20, **q)
    assert ek.prob_abandon(ek.agents_for_abandon_rate(0.05, **q), **q) <= 0.05
    assert ek.asa(ek.agents_for_asa(10, **q), **q) <= 10
    rate = ek.max_arrival_rate_for_service_level(20, 0.8, 20, 180, patience=120, redial=0.6)
    assert ek.service_level(20, rate, 180, 20, patience=120, redial=0.6) == pytest.approx(0.8, abs=1e-10)
    lam = np.array([0.05, 0.1, 0.12])
    L = ek.total_arrival_rate(25, lam, 180, patience=120, lines=30, redial=np.array([[0.2], [0.8]]))
    assert L.shape == (2, 3) and np.all(L > lam) and np.all(L[1] > L[0])


@pytest.mark.parametrize("bad", [-0.1, 1.0, 2.0, math.inf])
def test_redial_outside_its_range_is_a_domain_error(bad):
    with pytest.raises(ek.DomainError, match=r"^prob_wait: redial is .*, but must be in \[0, 1\)$"):
        ek.prob_wait(20, 0.1, 180, redial=bad)  # Erlang-C: nobody lost, still checked
    with pytest.raises(ek.DomainError, match="redial"):
        ek.service_level(20, 0.1, 180, 20, patience=120, lines=25, redial=bad)
    with pytest.raises(ek.DomainError, match="redial"):
        ek.erlang_b_extended(20, 25, bad)
    with pytest.raises(ek.DomainError, match="redial"):
        ek.servers_for_blocking(25, 0.01, redial=bad)
    assert math.isnan(ek.erlang_b_extended(20, 25, math.nan))
