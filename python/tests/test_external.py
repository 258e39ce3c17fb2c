"""Published numbers from other tools and papers (tests/data/external_cases.csv)."""
import math

import pytest

import erlangkit as ek
from conftest import read_table

ROWS = read_table("external_cases.csv")


def parse_inputs(text):
    out = {}
    for tok in text.split():
        if "=" not in tok:
            continue
        k, v = tok.split("=", 1)
        a, _, b = v.partition("/")
        out[k] = float(a) / float(b) if b else float(a)
    return out


def evaluate(model, measure, i):
    if model == "erlang_b":
        if measure == "erlang_b":
            return ek.erlang_b(i["servers"], i["load"])
        if measure == "servers_needed":
            return ek.servers_for_blocking(i["load"], i["target_blocking"])
        if measure == "max_load":
            return ek.max_load_for_blocking(i["servers"], i["target_blocking"])
    if model == "extended_erlang_b":
        if measure == "blocking":
            return ek.erlang_b_extended(i["servers"], i["load"], i["retry"])
        if measure == "servers_needed":
            return ek.servers_for_blocking(i["load"], i["target_blocking"], redial=i["retry"])
    if model == "erlang_c" and measure == "erlang_c":
        return ek.erlang_c(i["servers"], i["load"])
    q = dict(arrival_rate=i.get("arrival_rate"), aht=i.get("aht"), patience=i.get("patience", math.inf))
    if model == "erlang_a_deterministic_patience":
        q["patience"] = ek.patience.deterministic(q["patience"])
    if measure == "prob_wait":
        return ek.prob_wait(i["agents"], **q)
    if measure == "prob_abandon":
        return ek.prob_abandon(i["agents"], **q)
    if measure == "occupancy":
        return ek.occupancy(i["agents"], **q)
    if measure in ("service_level", "service_level_offered"):
        return ek.service_level(i["agents"], target_time=i["target_time"], **q)
    if measure == "asa":
        return ek.asa(i["agents"], **q)
    if measure == "mean_wait_all_arrivals":
        return ek.asa(i["agents"], convention="all", **q)
    n = ek.agents_for_service_level(i["target"], i["target_time"], max_occupancy=i.get("max_occupancy", 1.0), **q)
    if measure == "agents_needed":
        return n
    if measure == "scheduled_agents":
        return ek.scheduled_agents(n, i["shrinkage"])
    raise AssertionError(f"unsupported {model} {measure}")


def test_count():
    assert len(ROWS) == 29


@pytest.mark.parametrize("row", ROWS, ids=[r["id"] for r in ROWS])
def test_published_case(row):
    got = evaluate(row["model"], row["measure"], parse_inputs(row["inputs"]))
    assert abs(got - float(row["expected"])) <= float(row["abs_tol"]), (row["source"], got)
