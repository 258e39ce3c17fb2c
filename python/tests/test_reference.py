"""The same 50-digit tables as the C++ tests, evaluated as whole arrays."""
import math

import numpy as np
import pytest

import erlangkit as ek
from conftest import num, read_table, rel_error

TOL = 1e-12


def check(name, got, rows, column):
    want = [num(r[column]) for r in rows]
    errors = [rel_error(g, w) for g, w in zip(got, want)]
    worst = int(np.argmax(errors))
    print(f"[accuracy] python {name}: worst relative error {errors[worst]:.3g} at row {worst}")
    bad = [(i, g, w) for i, (g, w, e) in enumerate(zip(got, want, errors)) if not e <= TOL]
    assert not bad, f"{name}: {len(bad)} rows off, first {bad[:3]}"


def test_erlang_b_and_c_tables():
    rows = read_table("erlang_bc.csv")
    assert len(rows) > 200
    n = np.array([num(r["servers"]) for r in rows])
    load = np.array([num(r["load"]) for r in rows])
    check("erlang_b", ek.erlang_b(n, load), rows, "erlang_b")
    check("erlang_c", ek.erlang_c(servers=n, load=load), rows, "erlang_c")


A_ROWS = read_table("erlang_a.csv")
# Probes at the transition with x = n patience/aht up to 1e9 (generate_transition.py).
T_ROWS = read_table("erlang_a_transition.csv")


def a_inputs(rows=None):
    rows = A_ROWS if rows is None else rows
    return {k: np.array([num(r[k]) for r in rows]) for k in ("agents", "arrival_rate", "aht", "patience",
                                                             "target_time")}


@pytest.mark.parametrize("column,call", [
    ("prob_wait", lambda c: ek.prob_wait(c["agents"], c["arrival_rate"], c["aht"], c["patience"])),
    ("prob_abandon", lambda c: ek.prob_abandon(c["agents"], c["arrival_rate"], c["aht"], c["patience"])),
    ("prob_abandon_given_wait",
     lambda c: ek.prob_abandon_given_wait(c["agents"], c["arrival_rate"], c["aht"], c["patience"])),
    ("occupancy", lambda c: ek.occupancy(c["agents"], c["arrival_rate"], c["aht"], c["patience"])),
    ("mean_queue_length", lambda c: ek.mean_queue_length(c["agents"], c["arrival_rate"], c["aht"], c["patience"])),
] + [
    (f"sl_{conv}", (lambda conv: lambda c: ek.service_level(
        agents=c["agents"], arrival_rate=c["arrival_rate"], aht=c["aht"], target_time=c["target_time"],
        patience=c["patience"], convention=conv))(conv))
    for conv in ek.SL_CONVENTIONS
] + [
    (f"asa_{conv}", (lambda conv: lambda c: ek.asa(c["agents"], c["arrival_rate"], c["aht"], c["patience"],
                                                   convention=conv))(conv))
    for conv in ek.ASA_CONVENTIONS
])
def test_erlang_a_table(column, call):
    assert len(A_ROWS) > 100 and len(T_ROWS) > 80
    check(column, call(a_inputs()), A_ROWS, column)
    check(f"transition {column}", call(a_inputs(T_ROWS)), T_ROWS, column)


def test_scalar_matches_array_element():
    c = a_inputs()
    i = 17
    scalar = ek.service_level(c["agents"][i], c["arrival_rate"][i], c["aht"][i], c["target_time"][i],
                              c["patience"][i])
    assert isinstance(scalar, float)
    assert scalar == ek.service_level(c["agents"], c["arrival_rate"], c["aht"], c["target_time"], c["patience"])[i]
    assert not math.isnan(scalar)


L_ROWS = read_table("finite_lines.csv")


@pytest.mark.parametrize("column", ["prob_wait", "prob_blocked", "prob_abandon", "occupancy", "mean_queue_length"]
                         + [f"sl_{c}" for c in ek.SL_CONVENTIONS] + [f"asa_{c}" for c in ek.ASA_CONVENTIONS])
def test_finite_lines_table(column):
    """M/M/n/N+M through lines=, against the chain solved at 50 digits."""
    assert len(L_ROWS) > 190
    c = {k: np.array([num(r[k]) for r in L_ROWS])
         for k in ("agents", "lines", "arrival_rate", "aht", "patience", "target_time")}
    q = dict(arrival_rate=c["arrival_rate"], aht=c["aht"], patience=c["patience"], lines=c["lines"])
    if column.startswith("sl_"):
        got = ek.service_level(c["agents"], target_time=c["target_time"], convention=column[3:], **q)
    elif column.startswith("asa_"):
        got = ek.asa(c["agents"], convention=column[4:], **q)
    else:
        got = getattr(ek, column)(c["agents"], **q)
    check(f"lines {column}", got, L_ROWS, column)


C_ROWS = read_table("classic.csv")


@pytest.mark.parametrize("column", ["L", "Lq", "W", "Wq", "throughput", "utilization", "p0", "p_wait", "p_block"])
def test_classic_table(column):
    """The birth-death family through queue_metrics (one broadcast call), against
    generate_classic.py's closed-form sums at 50 digits (c to 1e5, K to 1e6)."""
    assert len(C_ROWS) >= 30
    c = {k: np.array([num(r[k]) for r in C_ROWS])
         for k in ("arrival_rate", "service_rate", "servers", "capacity", "sources")}
    got = getattr(ek.queue_metrics(c["arrival_rate"], c["service_rate"], c["servers"], c["capacity"],
                                   c["sources"]), column)
    check(f"classic {column}", got, C_ROWS, column)


@pytest.mark.parametrize("column,fn", [("wait_survival", "waiting_time_survival"),
                                       ("sojourn_survival", "sojourn_time_survival")])
def test_classic_time_laws(column, fn):
    rows = [r for r in C_ROWS if r[column] != ""]
    assert len(rows) >= 15
    c = {k: np.array([num(r[k]) for r in rows])
         for k in ("t", "arrival_rate", "service_rate", "servers", "capacity", "sources")}
    got = getattr(ek, fn)(c["t"], c["arrival_rate"], c["service_rate"], c["servers"], c["capacity"], c["sources"])
    check(f"classic {column}", got, rows, column)
