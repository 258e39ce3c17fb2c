"""erlangkit.plan_day and erlangkit.capacity (docs/planning.md). The
independent route: the package's own solvers and measures called directly per
interval (a plan must be exactly their answers), and totals summed here."""
import math

import numpy as np
import pytest

import erlangkit as ek

pd = pytest.importorskip("pandas")


def forecast():
    idx = pd.date_range("2026-03-02 08:00", periods=24, freq="15min")
    x = np.arange(24) / 24
    calls = np.round(20 + 150 * np.exp(-30 * (x - 0.35) ** 2))
    calls[:2] = 0
    return pd.Series(calls, index=idx, name="phone")


def test_dataframe_in_and_out_with_a_datetime_index():
    calls = forecast()
    aht = pd.Series(np.linspace(240, 300, 24), index=calls.index)
    plan = ek.plan_day(calls, aht, "15min", target=0.8, target_time=20, patience=120, shrinkage=0.3)
    df = plan.intervals
    assert df.index.equals(calls.index)
    assert list(df.columns) == ["calls", "agents", "scheduled", "service_level", "asa", "abandon_rate",
                                "occupancy", "bound", "status"]
    rate = calls.to_numpy() / 900
    for i in range(24):
        want = ek.agents_for_service_level(0.8, 20, rate[i], aht.iloc[i], patience=120)
        assert df["agents"].iloc[i] == want
        assert df["scheduled"].iloc[i] == ek.scheduled_agents(want, 0.3)
        if calls.iloc[i] > 0:
            assert df["service_level"].iloc[i] == ek.service_level(want, rate[i], aht.iloc[i], 20, patience=120)
            assert df["asa"].iloc[i] == ek.asa(want, rate[i], aht.iloc[i], patience=120)
            assert df["abandon_rate"].iloc[i] == ek.prob_abandon(want, rate[i], aht.iloc[i], patience=120)
            assert df["occupancy"].iloc[i] == ek.occupancy(want, rate[i], aht.iloc[i], patience=120)
    assert (df["status"] == "ok").all()
    # Totals against the sums of docs/planning.md, formed here.
    t = plan.totals
    c = df["calls"].to_numpy()
    served = 1 - df["abandon_rate"].to_numpy()  # no lines: P(S) = 1 - P(Ab)
    assert t["calls"] == c.sum()
    assert t["service_level"] == pytest.approx((c * df["service_level"]).sum() / c.sum(), rel=1e-14)
    assert t["abandon_rate"] == pytest.approx((c * df["abandon_rate"]).sum() / c.sum(), rel=1e-14)
    w = c * served
    asa = np.where(w > 0, df["asa"].to_numpy(), 0.0)
    assert t["asa"] == pytest.approx((w * asa).sum() / w.sum(), rel=1e-12)
    assert t["agent_hours"] == pytest.approx(df["agents"].sum() * 0.25, rel=1e-15)
    assert t["fte"] == pytest.approx(df["scheduled"].sum() * 0.25 / 8, rel=1e-15)


@pytest.mark.parametrize("text,seconds", [("15min", 900), ("30min", 1800), ("900s", 900), ("1h", 3600),
                                          ("30 min", 1800), (900, 900)])
def test_interval_text(text, seconds):
    from erlangkit.planning import parse_interval

    assert parse_interval(text) == seconds
    a = ek.plan_day([100.0], 180, text, target=0.8, target_time=20).intervals["agents"].iloc[0]
    assert a == ek.agents_for_service_level(0.8, 20, 100 / seconds, 180)


def test_bad_input_names_the_function_and_value():
    with pytest.raises(ek.DomainError, match=r"plan_day: calls is -5"):
        ek.plan_day([10, -5], 180, "15min", target=0.8, target_time=20)
    with pytest.raises(ek.DomainError, match=r"plan_day: aht has 3 values, but must have 2"):
        ek.plan_day([10, 5], [180, 190, 200], "15min", target=0.8, target_time=20)
    with pytest.raises(ek.DomainError, match=r"plan_day: no target"):
        ek.plan_day([10, 5], 180, "15min")
    with pytest.raises(ek.DomainError, match=r"plan_day: interval is '15 fortnights'"):
        ek.plan_day([10, 5], 180, "15 fortnights", target=0.8, target_time=20)
    with pytest.raises(ek.DomainError, match=r"plan_day: method is 'fluid', but must be 'stationary' or 'transient'"):
        ek.plan_day([10, 5], 180, "15min", target=0.8, target_time=20, method="fluid")
    with pytest.raises(ek.DomainError, match=r"plan_day: patience is inf"):
        ek.plan_day([10, 5], 180, "15min", abandon_target=0.05)
    with pytest.raises(ek.DomainError, match=r"plan_day: target_time is missing"):
        ek.plan_day([10, 5], 180, "15min", target=0.8)


def test_several_targets_their_maximum_and_bound():
    calls = forecast()
    plan = ek.plan_day(calls, 270, 900, target=0.7, target_time=30, asa_target=15, abandon_target=0.03,
                       max_occupancy=0.85, patience=90)
    rate = calls.to_numpy() / 900
    for i in range(2, 24):
        sl = ek.agents_for_service_level(0.7, 30, rate[i], 270, patience=90, max_occupancy=0.85)
        asa = ek.agents_for_asa(15, rate[i], 270, patience=90, max_occupancy=0.85)
        ab = ek.agents_for_abandon_rate(0.03, rate[i], 270, patience=90, max_occupancy=0.85)
        occ = ek.agents_for_occupancy(0.85, rate[i], 270, patience=90)
        n = max(sl, asa, ab, occ)
        row = plan.intervals.iloc[i]
        assert row["agents"] == n
        want = ("occupancy" if occ == n else "service_level" if sl == n else "asa" if asa == n
                else "abandon_rate")
        assert row["bound"] == want


def test_an_infeasible_interval_is_marked_not_raised():
    calls = forecast()
    plan = ek.plan_day(calls, 270, "15min", target=0.8, target_time=20, patience=120, lines=15)
    rate = calls.to_numpy() / 900
    flagged = 0
    for i in range(24):
        try:
            ek.agents_for_service_level(0.8, 20, rate[i], 270, patience=120, lines=15)
            infeasible = False
        except ek.InfeasibleError:
            infeasible = True
        assert (plan.intervals["status"].iloc[i] == "infeasible") == infeasible
        flagged += infeasible
    assert 0 < flagged < 24
    assert plan.totals["infeasible"] == flagged
    assert "infeasible" in repr(plan)


def test_inverse_round_trip():
    calls = forecast()
    plan = ek.plan_day(calls, 240, "15min", target=0.8, target_time=20, patience=150)
    agents = plan.intervals["agents"]
    again = ek.plan_day(calls, 240, "15min", target=0.8, target_time=20, patience=150, agents=agents)
    assert (again.intervals["status"] == "ok").all()
    assert again.intervals["service_level"].equals(plan.intervals["service_level"])
    fewer = ek.plan_day(calls, 240, "15min", target=0.8, target_time=20, patience=150,
                        agents=(agents - 1).clip(lower=0))
    assert (fewer.intervals["status"][agents > 0] == "missed").all()
    assert fewer.totals["missed"] == (agents > 0).sum()


def test_several_queues_as_a_dataframe():
    calls = forecast()
    frame = pd.DataFrame({"phone": calls, "sales": calls * 0.5})
    plans = ek.plan_day(frame, 240, "15min", target=0.8, target_time=20, patience=pd.Series(
        {"phone": 120.0, "sales": 300.0}))
    assert list(plans) == ["phone", "sales"]
    for name, patience in (("phone", 120.0), ("sales", 300.0)):
        one = ek.plan_day(frame[name], 240, "15min", target=0.8, target_time=20, patience=patience)
        assert plans[name].intervals["agents"].equals(one.intervals["agents"])
        assert plans[name].totals.equals(one.totals)


def test_capacity_round_trip_and_broadcast():
    agents = np.array([5.0, 12.0, 30.0])
    for targets in ({"target": 0.8, "target_time": 20}, {"asa_target": 20}, {"abandon_target": 0.05},
                    {"max_occupancy": 0.85}, {"target": 0.9, "target_time": 10, "asa_target": 8}):
        cap = ek.capacity(agents, 270, "30min", patience=120, **targets)
        assert cap.shape == (3,)
        for n, c in zip(agents, cap):
            ok = ek.plan_day([c], 270, "30min", patience=120, agents=[n], **targets).intervals["status"].iloc[0]
            over = ek.plan_day([c * 1.01], 270, "30min", patience=120, agents=[n],
                               **targets).intervals["status"].iloc[0]
            assert (ok, over) == ("ok", "missed")
    # A service level alone: the package's max_arrival_rate_for_service_level.
    assert ek.capacity(14, 180, 1800, target=0.8, target_time=20) == \
        ek.max_arrival_rate_for_service_level(14, 0.8, 20, 180) * 1800
    s = pd.Series([10.0, 20.0], index=["a", "b"])
    assert ek.capacity(s, 200, "15min", asa_target=20).index.tolist() == ["a", "b"]


def test_plots_run_headless():
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    plan = ek.plan_day(forecast(), 240, "15min", target=0.8, target_time=20, patience=120)
    fig = plan.plot()
    assert len(fig.axes) >= 2
    ax = plan.plot_interval(10)
    assert ax.get_xlabel() == "agents"
    import matplotlib.pyplot as plt

    plt.close("all")
    assert "<p>" in plan._repr_html_()


def test_docstring_examples():
    import doctest

    import erlangkit.planning

    result = doctest.testmod(erlangkit.planning, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted >= 8


def test_several_queues_totals_frame():
    calls = forecast()
    plans = ek.plan_day(np.stack([calls.to_numpy(), calls.to_numpy() * 2], axis=1), 240, "15min", target=0.8,
                        target_time=20)
    assert list(plans.totals.index) == [0, 1]
    for q in (0, 1):
        one = ek.plan_day(calls.to_numpy() * (q + 1), 240, "15min", target=0.8, target_time=20)
        assert plans.totals.loc[q].to_numpy().tolist() == one.totals.to_numpy().tolist()


def test_empty_forecast_is_an_error():
    with pytest.raises(ek.DomainError, match=r"plan_day: calls is empty"):
        ek.plan_day([], 180, "15min", target=0.8, target_time=20)


# ----------------------------------------------------------------------------- method="transient"


def test_transient_plan_is_transient_staffing_and_transient_day():
    calls = pd.Series(np.r_[np.linspace(20, 200, 8), np.linspace(200, 40, 8)],
                      index=pd.date_range("2026-11-23 08:00", periods=16, freq="15min"))
    plan = ek.plan_day(calls, 300, "15min", target=0.8, target_time=20, patience=180, method="transient",
                       shrinkage=0.3)
    n = ek.transient_staffing(calls, 300, "15min", 0.8, 20, patience=180)
    day = ek.transient_day(calls, n, 300, "15min", patience=180, target_time=20)
    assert plan.intervals.index.equals(calls.index)
    assert (plan.intervals["agents"].to_numpy() == n.to_numpy()).all()
    np.testing.assert_array_equal(plan.intervals["service_level"].to_numpy(), day["service_level"].to_numpy())
    assert (plan.intervals["scheduled"] == ek.scheduled_agents(n.to_numpy(), 0.3)).all()
    assert plan.totals["service_level"] == pytest.approx((calls * day["service_level"]).sum() / calls.sum(),
                                                         rel=1e-12)
    assert (plan.intervals["status"] == "ok").all()


def test_long_steady_intervals_plan_as_the_stationary_method():
    # Six steady 8-hour intervals: the queue forgets its start within minutes, so each interval's
    # time average is the stationary answer. The first carries the warm-up from empty (and may be
    # staffed differently), the second the relaxation after a change of agents (~1e-4 here).
    calls = [8 * 3600 / 30.0] * 6  # a call every 30 s
    st = ek.plan_day(calls, 300, "8h", target=0.8, target_time=20, patience=180)
    tr = ek.plan_day(calls, 300, "8h", target=0.8, target_time=20, patience=180, method="transient")
    assert (tr.intervals["agents"].iloc[1:] == st.intervals["agents"].iloc[1:]).all()
    np.testing.assert_allclose(tr.intervals["service_level"].iloc[2:], st.intervals["service_level"].iloc[2:],
                               rtol=1e-8)


@pytest.mark.parametrize("kwargs, message", [
    (dict(asa_target=20), "staffs to a service-level target only, not asa_target"),
    (dict(convention="answered"), "must be 'offered' with method='transient'"),
    (dict(lines=30), "takes unlimited lines and no redials"),
    (dict(patience=ek.patience.gamma(180, 0.5)), "takes patience as a mean in seconds"),
])
def test_transient_plan_refuses_what_it_cannot_do(kwargs, message):
    with pytest.raises(ek.DomainError, match=message):
        ek.plan_day([50, 60], 300, "15min", target=0.8, target_time=20, method="transient", **kwargs)


# ----------------------------------------------------------------------------- forecast_cv


def test_forecast_plan_is_the_forecast_solver_and_zero_cv_is_the_plain_plan():
    from erlangkit import forecast as fc

    calls = np.r_[np.linspace(20, 200, 8), np.linspace(200, 40, 8)]
    plain = ek.plan_day(calls, 300, "15min", target=0.8, target_time=20, patience=180)
    zero = ek.plan_day(calls, 300, "15min", target=0.8, target_time=20, patience=180, forecast_cv=0.0)
    assert (zero.intervals["agents"] == plain.intervals["agents"]).all()
    np.testing.assert_array_equal(zero.intervals["service_level"], plain.intervals["service_level"])
    p = ek.plan_day(calls, 300, "15min", target=0.8, target_time=20, patience=180, forecast_cv=0.1,
                    meet_probability=0.9)
    want = fc.agents_for_service_level(0.8, 20, calls / 900, 300, 0.1, meet_probability=0.9, patience=180)
    assert (p.intervals["agents"].to_numpy() == want).all()
    assert (p.intervals["prob_target_met"] >= 0.9).all() and (p.intervals["status"] == "ok").all()
    fewer = ek.plan_day(calls, 300, "15min", target=0.8, target_time=20, patience=180, forecast_cv=0.1,
                        meet_probability=0.9, agents=p.intervals["agents"] - 1)
    assert (fewer.intervals["status"] == "missed").all()


def test_forecast_plan_refuses_what_it_cannot_do():
    with pytest.raises(ek.DomainError, match="meet_probability needs forecast_cv"):
        ek.plan_day([50, 60], 300, "15min", target=0.8, target_time=20, meet_probability=0.9)
    with pytest.raises(ek.DomainError, match="forecast_cv plans to a service-level target only, not asa_target"):
        ek.plan_day([50, 60], 300, "15min", target=0.8, target_time=20, asa_target=30, forecast_cv=0.1)
    with pytest.raises(ek.DomainError, match="forecast_cv goes with method='stationary'"):
        ek.plan_day([50, 60], 300, "15min", target=0.8, target_time=20, forecast_cv=0.1, method="transient")


def test_a_patience_law_plans_every_queue_as_m_m_n_g():
    law = ek.patience.lognormal(120, 1.2)
    calls = [100.0, 150.0, 0.0, 40.0]
    p = ek.plan_day(calls, 180, "30min", target=0.8, target_time=20, abandon_target=0.05, patience=law)
    for c, n, sl in zip(calls, p.intervals["agents"], p.intervals["service_level"]):
        if c == 0:
            continue
        want = max(ek.agents_for_service_level(0.8, 20, c / 1800, 180, patience=law),
                   ek.agents_for_abandon_rate(0.05, c / 1800, 180, patience=law))
        assert n == want
        assert sl == ek.service_level(n, c / 1800, 180, 20, patience=law)
    cap = ek.capacity(14, 180, "30min", target=0.8, target_time=20, patience=law)
    assert cap == pytest.approx(ek.max_arrival_rate_for_service_level(14, 0.8, 20, 180, patience=law) * 1800, rel=1e-12)
