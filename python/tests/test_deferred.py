"""erlangkit.deferred_work: the Python face of planning/deferred.hpp.

The fluid model's numbers are checked in C++ (tests/test_deferred.cpp: closed
forms and the flow cut into small items); here the API: index kept, times as
text, the staffing read back through the evaluation, and the errors."""
import numpy as np
import pandas as pd
import pytest

import erlangkit as ek

DAY = [2] * 28 + [10 + 40 * float(np.exp(-0.5 * ((h / 4 - 10) / 2) ** 2)) for h in range(28, 88)] + [2] * 8


def test_index_is_kept_and_times_take_units():
    idx = pd.date_range("2026-11-23", periods=96, freq="15min")
    p = ek.deferred_work(pd.Series(DAY, index=idx), 360, "15min", "4h", target=0.9)
    assert p.intervals.index.equals(idx)
    q = ek.deferred_work(DAY, 360, 900, 14400, target=0.9)
    assert (p.intervals.to_numpy() == q.intervals.to_numpy())[~np.isnan(q.intervals.to_numpy())].all()
    assert "DeferredPlan(96 intervals" in repr(p)


@pytest.mark.parametrize("rule", ["level", "just_in_time"])
def test_staffing_is_the_fewest_agents_that_keep_the_target(rule):
    p = ek.deferred_work(DAY, 360, "15min", "4h", target=0.9, rule=rule)
    n = p.intervals["agents"].to_numpy()
    assert (p.intervals["running_share"] >= 0.9).all()
    again = ek.deferred_work(DAY, 360, "15min", "4h", agents=n)  # the evaluation of the same agents
    assert again.totals == p.totals
    if rule == "level":
        fewer = ek.deferred_work(DAY, 360, "15min", "4h", agents=n - 1)
        assert (fewer.intervals["running_share"] < 0.9).any()
    else:
        busiest = int(np.argmax(n))
        fewer = n.copy()
        fewer[busiest] -= 1
        worse = ek.deferred_work(DAY, 360, "15min", "4h", agents=fewer)
        assert worse.intervals["running_share"].iloc[busiest] < 0.9
    # Items are conserved: in time + late + pending = arrivals.
    t = p.totals
    assert t["answered_in_time"] + t["late"] + t["pending"] == pytest.approx(t["arrivals"], rel=1e-12)
    assert t["arrivals"] == pytest.approx(sum(DAY), rel=1e-12)


def test_a_margin_plans_against_a_shorter_deadline_and_reads_the_true_one():
    plain = ek.deferred_work(DAY, 360, "15min", "4h", target=0.9, rule="just_in_time")
    hedged = ek.deferred_work(DAY, 360, "15min", "4h", target=0.9, rule="just_in_time", margin="1h")
    shorter = ek.deferred_work(DAY, 360, "15min", "3h", target=0.9, rule="just_in_time")
    assert (hedged.intervals["agents"] == shorter.intervals["agents"]).all()
    assert hedged.totals["share_in_time"] >= plain.totals["share_in_time"]
    assert hedged.totals["share_in_time"] >= shorter.totals["share_in_time"]  # read at 4 h, not 3 h


@pytest.mark.parametrize("kwargs, message", [
    (dict(), "give either target (to staff) or agents (to evaluate)"),
    (dict(target=0.9, agents=[1] * 96), "give either target (to staff) or agents (to evaluate)"),
    (dict(target=0.9, rule="lazy"), "rule is lazy, but must be just_in_time or level"),
    (dict(target=1.5), "target is 1.5, but must be strictly between 0 and 1"),
    (dict(target=0.9, margin="4h"), "deadline is 0, but must be finite and > 0"),
    (dict(agents=[1] * 95), "the number of agents is 95, but must be the number of intervals (96)"),
])
def test_bad_input_is_a_domain_error_naming_it(kwargs, message):
    with pytest.raises(ek.DomainError, match=message.replace("(", r"\(").replace(")", r"\)")):
        ek.deferred_work(DAY, 360, "15min", "4h", **kwargs)


def test_bad_values_name_their_index_and_times_need_a_known_unit():
    bad = list(DAY)
    bad[7] = -3
    with pytest.raises(ek.DomainError, match=r"evaluate_deferred_work: arrivals\[7\] is -3"):
        ek.deferred_work(bad, 360, "15min", "4h", agents=[1] * 96)
    with pytest.raises(ValueError, match="deferred_work: interval is '15 parsecs'"):
        ek.deferred_work(DAY, 360, "15 parsecs", "4h", target=0.9)
    with pytest.raises(ValueError, match="one value per interval"):
        ek.deferred_work(np.ones((2, 48)), 360, "15min", "4h", target=0.9)
