"""Planning a day: a forecast of calls per interval in, a staffing plan out.

``plan_day`` sizes every interval of a forecast (volumes per interval, not
rates) to meet all the given targets, applies shrinkage, and sums the day;
with ``agents=`` it gives the measures a given staff achieves (the inverse).
``capacity`` gives the most calls per interval a staff handles at the targets.
The C++ planner (include/erlangkit/planning.hpp) does the work; definitions of
every column and total: docs/planning.md.

Times are in seconds: ``aht``, ``target_time``, ``asa_target``, ``patience`` and
``interval`` (which also takes text: "15min", "30min", "900s", "1h").
pandas is needed for plan_day's tables (``pip install erlangkit[planning]``);
matplotlib for the plots.
"""
from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any, Callable, Dict, Iterator, Optional, Union

import numpy as np

from . import _core
from ._api import ArrayLike, DomainError, _as_float_array, _is_series, scheduled_agents

__all__ = ["Plan", "Plans", "plan_day", "capacity", "parse_interval"]

_UNITS = {"s": 1.0, "sec": 1.0, "second": 1.0, "seconds": 1.0, "min": 60.0, "minute": 60.0, "minutes": 60.0,
          "m": 60.0, "h": 3600.0, "hour": 3600.0, "hours": 3600.0}
_INTERVAL = re.compile(r"^\s*([0-9]+(?:\.[0-9]*)?)\s*([a-z]*)\s*$")


def _pandas(fn: str):
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - the test environment has pandas
        raise ImportError(f"{fn} needs pandas for its tables: pip install 'erlangkit[planning]'") from None
    return pd


def parse_interval(interval: Union[float, int, str, Any], fn: str = "plan_day", name: str = "interval") -> float:
    """An interval length (or any duration: `name` is the argument's name for the
    errors) in seconds: a number of seconds (> 0), text such as "15min", "30min",
    "900s", "1h" (units s, min, h), or a timedelta.

    >>> parse_interval("15min"), parse_interval("1h"), parse_interval(900)
    (900.0, 3600.0, 900.0)
    """
    if hasattr(interval, "total_seconds"):
        seconds = float(interval.total_seconds())
    elif isinstance(interval, str):
        m = _INTERVAL.match(interval.lower())
        if not m or m.group(2) not in _UNITS:
            raise DomainError(f"{fn}: {name} is {interval!r}, but must be seconds or text such as "
                              f"'15min', '900s', '1h'")
        seconds = float(m.group(1)) * _UNITS[m.group(2)]
    elif isinstance(interval, (int, float, np.floating, np.integer)) and not isinstance(interval, bool):
        seconds = float(interval)
    else:
        raise TypeError(f"{fn}: {name} must be seconds, text such as '15min', or a timedelta, "
                        f"not {type(interval).__name__}")
    if not (math.isfinite(seconds) and seconds > 0):
        raise DomainError(f"{fn}: {name} is {interval!r}, but must be finite and > 0 seconds")
    return seconds


def _law_and_number(patience: Any) -> tuple:
    """(a patience law from erlangkit.patience or None, the number patience to read): a law
    (M/M/n+G) stands for every queue of the call, and the number is then not read."""
    if isinstance(patience, _core.PatienceLaw):
        return patience, math.inf
    return None, patience


def _nan_if_none(v: Optional[float]) -> float:
    return math.nan if v is None else float(v)


def _per_interval(fn: str, name: str, v: Any, index: Any, n: int) -> np.ndarray:
    """A scalar or one value per interval (a Series aligned to the calls' labels)."""
    if _is_series(v) and index is not None:
        missing = index.difference(v.index)
        if len(missing):
            raise DomainError(f"{fn}: {name} has no value for the interval {missing[0]!r} of calls")
        v = v.reindex(index)
    a = _as_float_array(fn, name, v.to_numpy(dtype=np.float64) if _is_series(v) else v)
    if a.ndim == 0:
        return np.full(n, float(a))
    a = np.ravel(a)
    if a.shape[0] != n:
        raise DomainError(f"{fn}: {name} has {a.shape[0]} values, but must have {n} (one per interval of calls)")
    return a


class Plan:
    """A day plan: ``intervals`` (a DataFrame with the forecast's index and the
    columns calls, agents, scheduled, service_level, asa, abandon_rate,
    occupancy, bound, status) and ``totals`` (a Series: calls, service_level,
    asa, abandon_rate, occupancy, agent_hours, scheduled_hours, fte, infeasible,
    missed). docs/planning.md defines each. ``plot()`` and
    ``plot_interval(i)`` draw it (matplotlib). Made by plan_day:

    >>> import erlangkit as ek
    >>> plan = ek.plan_day([100, 150], aht=180, interval="30min", target=0.8, target_time=20)
    >>> int(plan.totals["calls"]), plan.intervals["status"].tolist()
    (250, ['ok', 'ok'])
    """

    def __init__(self, intervals: Any, totals: Any, settings: Dict[str, Any]):
        self.intervals = intervals
        self.totals = totals
        self._settings = settings

    def _summary(self) -> str:
        t = self.totals
        sl = f"service level {t['service_level']:.1%}" if not math.isnan(t["service_level"]) else "service level -"
        text = (f"Plan: {len(self.intervals)} intervals, {t['calls']:.0f} calls, {sl}, "
                f"ASA {t['asa']:.1f} s, abandoned {t['abandon_rate']:.1%}, occupancy {t['occupancy']:.1%}, "
                f"{t['agent_hours']:.1f} agent-hours, {t['scheduled_hours']:.1f} scheduled hours, "
                f"{t['fte']:.2f} FTE")
        if t["infeasible"]:
            text += f"; {int(t['infeasible'])} infeasible intervals"
        if t["missed"]:
            text += f"; {int(t['missed'])} intervals miss a target"
        return text

    def __repr__(self) -> str:
        return "<erlangkit " + self._summary() + ">"

    def _repr_html_(self) -> str:
        import html

        return "<p>" + html.escape(self._summary()) + "</p>" + self.intervals.head(8)._repr_html_()

    def plot(self, axes: Any = None) -> Any:
        """Volume and agents per interval (top), service level against its
        target (bottom). Returns the matplotlib Figure."""
        import matplotlib.pyplot as plt

        if axes is None:
            fig, axes = plt.subplots(2, 1, sharex=True, figsize=(10, 6))
        else:
            fig = axes[0].figure
        df = self.intervals
        x = np.arange(len(df))
        top = axes[0]
        top.bar(x, df["calls"].to_numpy(), color="0.8", label="calls")
        top.set_ylabel("calls per interval")
        staff = top.twinx()
        staff.step(x, df["agents"].to_numpy(), where="mid", label="agents")
        staff.step(x, df["scheduled"].to_numpy(), where="mid", label="scheduled")
        staff.set_ylabel("agents")
        staff.legend(loc="upper right")
        bottom = axes[1]
        bottom.plot(x, df["service_level"].to_numpy(), marker=".", label="service level")
        if self._settings.get("target") is not None:
            bottom.axhline(self._settings["target"], color="k", linestyle="--", label="target")
        bad = (df["status"] != "ok").to_numpy()
        if bad.any():
            bottom.plot(x[bad], np.zeros(bad.sum()), "rx", label="infeasible or missed")
        bottom.set_ylabel("service level")
        bottom.set_ylim(0, 1.02)
        bottom.legend(loc="lower right")
        labels = [str(v) for v in df.index]
        step = max(1, len(labels) // 12)
        bottom.set_xticks(x[::step])
        bottom.set_xticklabels(labels[::step], rotation=45, ha="right")
        fig.tight_layout()
        return fig

    def plot_interval(self, i: int, ax: Any = None, span: int = 8) -> Any:
        """Service level against agents for the interval at position i, from
        span below to span above its planned agents. Returns the Axes."""
        import matplotlib.pyplot as plt

        from ._api import service_level

        s = self._settings
        if s.get("target_time") is None:
            raise DomainError("plot_interval: the plan has no target_time to measure a service level at")
        row = self.intervals.iloc[i]
        centre = row["agents"] if not math.isnan(row["agents"]) else s["calls"][i] / s["interval"] * s["aht"][i]
        n = np.arange(max(0, int(centre) - span), int(centre) + span + 1, dtype=float)
        sl = service_level(n, s["calls"][i] / s["interval"], s["aht"][i], s["target_time"],
                           patience=s["patience"], lines=s["lines"], redial=s["redial"],
                           convention=s["convention"]) if s["calls"][i] > 0 else np.ones_like(n)
        if ax is None:
            _, ax = plt.subplots()
        ax.plot(n, sl, marker="o", label="service level")
        if s.get("target") is not None:
            ax.axhline(s["target"], color="k", linestyle="--", label="target")
        if not math.isnan(row["agents"]):
            ax.axvline(row["agents"], color="C1", label="planned agents")
        ax.set_xlabel("agents")
        ax.set_ylabel("service level")
        ax.set_title(f"interval {self.intervals.index[i]}")
        ax.legend()
        return ax


def plan_day(calls: Any, aht: Any, interval: Union[float, str, Any], *, target: Optional[float] = None,
             target_time: Optional[float] = None, convention: str = "offered",
             asa_target: Optional[float] = None, asa_convention: str = "answered",
             abandon_target: Optional[float] = None, max_occupancy: Optional[float] = None,
             patience: Any = math.inf, lines: Any = math.inf, redial: Any = 0.0, shrinkage: float = 0.0,
             paid_hours_per_fte: float = 8.0, agents: Any = None, method: str = "stationary",
             forecast_cv: Optional[float] = None, meet_probability: Optional[float] = None,
             forecast_law: str = "gamma") -> Any:
    """Plans a day: per interval the fewest agents meeting every given target.

    - calls: calls offered per interval (a volume, >= 0; divided by the interval
      here), as a list, array or pandas Series (its index becomes the plan's).
      Several queues: a DataFrame (a column a queue) or a 2-D array (intervals x
      queues), giving Plans, a read-only dict {column: Plan} with ``totals`` a
      row a queue, planned together on the C++ batch path over the module's
      threads.
    - aht: seconds, > 0: a scalar or one per interval (a Series is aligned by label;
      for several queues also a DataFrame like calls).
    - interval: the interval's length in seconds, or text ("15min", "900s", "1h").
    - targets, any subset and at least one (each interval meets all):
      target (service level in (0, 1)) with target_time (seconds) and
      convention; asa_target (seconds) with asa_convention; abandon_target
      (P(abandon), needs a finite patience); max_occupancy in (0, 1].
    - the model: patience (mean seconds; inf: nobody hangs up; or a law of
      erlangkit.patience, M/M/n+G, for every queue), lines, redial
      (as every function of the package; per queue for several queues).
    - shrinkage in [0, 1) and paid_hours_per_fte (> 0; FTE = scheduled hours / it).
    - agents: a staff per interval instead of planning (the inverse): the plan
      then reports what they achieve, status "missed" where a target fails.
    - method: "stationary" (each interval in equilibrium at its own rate), or
      "transient": the day as one queue through time, starting empty, each
      interval inheriting the queue the last one left (transient_day,
      docs/transient.md), staffed by transient_staffing (modified offered
      load, then each interval checked and adjusted on the transient day).
      It takes one queue, a service-level target in the offered convention
      (or agents=), exponential patience or none; its totals are defined as
      the stationary ones, with ASA weighted by the calls answered.
    - forecast_cv (with forecast_law "gamma" or "normal"): the arrival rate of
      each interval is random around the forecast (erlangkit.forecast); agents
      meet the service-level target in expectation, or with probability at
      least meet_probability; the measures are expected over the law and the
      column prob_target_met is each interval's probability of meeting it.
      One queue, a service-level target, exponential patience or none.

    Returns a Plan (``.intervals``, ``.totals``). An interval no staff meets
    (finite lines) has status "infeasible" and NaN agents; the day goes on.
    Errors: DomainError naming plan_day and the value (negative calls, lengths
    that differ, no target, a target out of range). Accuracy: that of the
    solvers (agents exact; measures to ~1e-13 relative: docs/accuracy.md).
    Cost (bench/plan_day.py): 96 intervals in ~0.3 ms (Erlang-C) to ~0.7 ms
    (Erlang-A), mostly building the DataFrame; 1,000 queues x 96 intervals in
    ~0.1 s (Erlang-C) to ~1 s (Erlang-A).

    >>> import erlangkit as ek
    >>> plan = ek.plan_day([100, 150, 0], aht=180, interval="30min", target=0.8, target_time=20)
    >>> plan.intervals["agents"].tolist()
    [14.0, 19.0, 0.0]
    >>> plan.intervals["bound"].tolist()
    ['service_level', 'service_level', 'none']
    >>> float(plan.totals["agent_hours"])
    16.5
    """
    fn = "plan_day"
    if method not in ("stationary", "transient"):
        raise DomainError(f"{fn}: method is {method!r}, but must be 'stationary' or 'transient'")
    pd = _pandas(fn)
    seconds = parse_interval(interval, fn)
    if forecast_cv is not None or meet_probability is not None:
        if method != "stationary":
            raise DomainError(f"{fn}: forecast_cv goes with method='stationary'")
        if forecast_cv is None:
            raise DomainError(f"{fn}: meet_probability needs forecast_cv (the forecast's coefficient of variation)")
        return _plan_forecast(pd, calls, aht, seconds, target, target_time, convention,
                              dict(asa_target=asa_target, abandon_target=abandon_target, max_occupancy=max_occupancy),
                              patience, lines, redial, shrinkage, paid_hours_per_fte, agents, float(forecast_cv),
                              meet_probability, forecast_law)
    if method == "transient":
        return _plan_transient(pd, calls, aht, seconds, target, target_time, convention, asa_target,
                               abandon_target, max_occupancy, patience, lines, redial, shrinkage, paid_hours_per_fte,
                               agents)
    frame = isinstance(calls, pd.DataFrame)
    raw = None if frame or _is_series(calls) else np.asarray(calls)
    several = frame or (raw is not None and raw.ndim == 2)
    if frame:
        names, index = list(calls.columns), calls.index
        grid = calls.to_numpy(dtype=np.float64, na_value=np.nan).T
    elif _is_series(calls):
        names, index = [calls.name], calls.index
        grid = calls.to_numpy(dtype=np.float64, na_value=np.nan)[None, :]
    else:
        grid = _as_float_array(fn, "calls", raw)
        if grid.ndim == 1:
            grid = grid[None, :]
        elif grid.ndim == 2:
            grid = grid.T
        else:
            raise DomainError(f"{fn}: calls has {grid.ndim} dimensions, but must have 1 or 2 (intervals x queues)")
        names, index = list(range(grid.shape[0])), pd.RangeIndex(grid.shape[1])
    queues, n = grid.shape
    if n == 0 or queues == 0:
        raise DomainError(f"{fn}: calls is empty, but must hold at least one interval")
    if isinstance(aht, pd.DataFrame):
        aht_grid = aht.reindex(index=index, columns=names).to_numpy(dtype=np.float64, na_value=np.nan).T
    else:
        aht_arr = None if _is_series(aht) else np.asarray(aht)
        if aht_arr is not None and aht_arr.ndim == 2:
            aht_grid = _as_float_array(fn, "aht", aht_arr).T
            if aht_grid.shape != grid.shape:
                raise DomainError(f"{fn}: aht has shape {aht_arr.shape}, but must match calls")
        else:
            aht_grid = np.tile(_per_interval(fn, "aht", aht, index, n), (queues, 1))

    def per_queue(name: str, v: Any) -> np.ndarray:
        if _is_series(v):
            v = v.reindex(names).to_numpy(dtype=np.float64)
        a = _as_float_array(fn, name, v)
        if a.ndim == 0:
            return np.full(queues, float(a))
        if a.shape != (queues,):
            raise DomainError(f"{fn}: {name} has {a.size} values, but must be one number or one a queue ({queues})")
        return a

    law, patience = _law_and_number(patience)
    pat, lin, red = per_queue("patience", patience), per_queue("lines", lines), per_queue("redial", redial)
    if agents is None:
        agents_grid = np.empty(0)
    elif isinstance(agents, pd.DataFrame):
        agents_grid = agents.reindex(index=index, columns=names).to_numpy(dtype=np.float64, na_value=np.nan).T
    else:
        a = np.asarray(agents.reindex(index) if _is_series(agents) else agents)
        agents_grid = _as_float_array(fn, "agents", a)
        agents_grid = agents_grid.T if agents_grid.ndim == 2 else agents_grid[None, :]
        if agents_grid.size != grid.size:
            raise DomainError(f"{fn}: agents has {agents_grid.size} values, but must have {grid.size} "
                              f"(one per interval of calls)")
    out = _core._plan_days(np.ascontiguousarray(grid), np.ascontiguousarray(aht_grid), np.full(n, seconds),
                           pat, lin, red, _nan_if_none(target), _nan_if_none(target_time), convention,
                           _nan_if_none(asa_target), asa_convention, _nan_if_none(abandon_target),
                           _nan_if_none(max_occupancy), float(shrinkage), float(paid_hours_per_fte),
                           np.ascontiguousarray(agents_grid), law)
    bounds, statuses = np.array(out["bound_names"]), np.array(out["status_names"])
    totals = pd.DataFrame({k: out["total_" + k] for k in _TOTALS}, index=pd.Index(names, name="queue"))

    def build(q: int) -> Plan:
        df = pd.DataFrame({
            "calls": grid[q], "agents": out["agents"][q], "scheduled": out["scheduled"][q],
            "service_level": out["service_level"][q], "asa": out["asa"][q],
            "abandon_rate": out["abandon_rate"][q], "occupancy": out["occupancy"][q],
            "bound": bounds[out["bound"][q].astype(int)], "status": statuses[out["status"][q].astype(int)],
        }, index=index)
        settings = dict(target=target, target_time=target_time, convention=convention, calls=grid[q],
                        aht=aht_grid[q], interval=seconds, patience=pat[q], lines=lin[q], redial=red[q])
        return Plan(df, totals.iloc[q].rename(names[q]), settings)

    return Plans(names, build, totals) if several else build(0)


def _one_queue(fn: str, what: str, pd: Any, calls: Any, aht: Any, patience: Any, lines: Any, redial: Any,
               agents: Any) -> tuple:
    """The inputs of a one-queue plan method (transient, forecast): (index, calls, aht, agents or None),
    refusing by name what those methods do not take."""
    if not (np.ndim(lines) == 0 and float(lines) == math.inf and np.ndim(redial) == 0 and float(redial) == 0):
        raise DomainError(f"{fn}: {what} takes unlimited lines and no redials")
    if np.ndim(patience) != 0 or not isinstance(patience, (int, float, np.floating, np.integer)):
        raise DomainError(f"{fn}: {what} takes patience as a mean in seconds (exponential) or inf")
    if isinstance(calls, pd.DataFrame) or np.ndim(calls) != 1:
        raise DomainError(f"{fn}: {what} plans one queue: calls must be one-dimensional")
    index = calls.index if _is_series(calls) else pd.RangeIndex(len(calls))
    c = np.asarray(calls.to_numpy() if _is_series(calls) else calls, dtype=float)
    h = _per_interval(fn, "aht", aht, index, c.size)
    n = None
    if agents is not None:
        n = _as_float_array(fn, "agents", np.asarray(agents.reindex(index) if _is_series(agents) else agents))
        if n.shape != c.shape:
            raise DomainError(f"{fn}: agents has {n.size} values, but must have {c.size} (one per interval of calls)")
    return index, c, h, n


def _plan_transient(pd: Any, calls: Any, aht: Any, seconds: float, target: Optional[float],
                    target_time: Optional[float], convention: str, asa_target: Optional[float],
                    abandon_target: Optional[float], max_occupancy: Optional[float], patience: Any, lines: Any,
                    redial: Any, shrinkage: float, paid_hours_per_fte: float, agents: Any) -> "Plan":
    """plan_day(method="transient"): the day as one chain through time (transient_day), staffed by
    transient_staffing. One queue; a service-level target in the offered convention (or agents given);
    exponential patience or none; unlimited lines, no redials."""
    from .transient import transient_day, transient_staffing

    fn = "plan_day"
    unsupported = [name for name, v in (("asa_target", asa_target), ("abandon_target", abandon_target),
                                        ("max_occupancy", max_occupancy)) if v is not None]
    if unsupported:
        raise DomainError(f"{fn}: method='transient' staffs to a service-level target only, not "
                          f"{', '.join(unsupported)} (use method='stationary', or check a plan with agents=)")
    if convention != "offered":
        raise DomainError(f"{fn}: convention is {convention!r}, but must be 'offered' with method='transient' "
                          "(the share of an interval's arrivals answered in time; abandons fail)")
    index, c, h, n = _one_queue(fn, "method='transient'", pd, calls, aht, patience, lines, redial, agents)
    if agents is None and (target is None or target_time is None):
        raise DomainError(f"{fn}: method='transient' needs target and target_time (or agents=)")
    t = 20.0 if target_time is None else float(target_time)
    if n is None:
        n = np.asarray(transient_staffing(c, h, seconds, float(target), t, float(patience)), dtype=float)
    day = transient_day(c, n, h, seconds, patience=float(patience), target_time=t)
    sl, w, ab, occ = (day[k].to_numpy(dtype=float) for k in ("service_level", "asa", "abandon_rate", "occupancy"))
    status = np.where(sl < float(target), "missed", "ok") if target is not None else np.full(c.size, "ok")
    bound = np.where(c > 0, "service_level" if agents is None else "none", "none")
    settings = dict(target=target, target_time=target_time, convention=convention, calls=c, aht=h, interval=seconds,
                    patience=float(patience), lines=math.inf, redial=0.0, method="transient")
    return _plan_of_columns(pd, index, getattr(calls, "name", None), c, n, sl, w, ab, occ,
                            day["answered"].to_numpy(dtype=float), status, bound, seconds, shrinkage,
                            paid_hours_per_fte, settings)


def _plan_of_columns(pd: Any, index: Any, name: Any, c: np.ndarray, n: np.ndarray, sl: np.ndarray, w: np.ndarray,
                     ab: np.ndarray, occ: np.ndarray, answered: np.ndarray, status: np.ndarray, bound: np.ndarray,
                     seconds: float, shrinkage: float, paid_hours_per_fte: float, settings: dict,
                     extra: Optional[dict] = None) -> "Plan":
    """A Plan from its columns, the totals defined as for the stationary plan (docs/planning.md)."""
    scheduled = np.asarray(scheduled_agents(n, float(shrinkage)), dtype=float)
    df = pd.DataFrame({"calls": c, "agents": n, "scheduled": scheduled, "service_level": sl, "asa": w,
                       "abandon_rate": ab, "occupancy": occ, "bound": bound, "status": status, **(extra or {})},
                      index=index)
    hours = n * seconds / 3600
    total_calls = c.sum()
    totals = pd.Series({
        "calls": total_calls,
        "service_level": (c * sl).sum() / total_calls if total_calls > 0 else 1.0,
        "asa": (answered * w).sum() / answered.sum() if answered.sum() > 0 else 0.0,
        "abandon_rate": (c * ab).sum() / total_calls if total_calls > 0 else 0.0,
        "occupancy": (occ * hours).sum() / hours.sum() if hours.sum() > 0 else 0.0,
        "agent_hours": hours.sum(), "scheduled_hours": (scheduled * seconds / 3600).sum(),
        "fte": (scheduled * seconds / 3600).sum() / paid_hours_per_fte,
        "infeasible": 0, "missed": int((status == "missed").sum())}, name=name)
    return Plan(df, totals, settings)


def _plan_forecast(pd: Any, calls: Any, aht: Any, seconds: float, target: Optional[float],
                   target_time: Optional[float], convention: str, others: dict, patience: Any, lines: Any,
                   redial: Any, shrinkage: float, paid_hours_per_fte: float, agents: Any, forecast_cv: float,
                   meet_probability: Optional[float], forecast_law: str) -> "Plan":
    """plan_day(forecast_cv=...): each interval's arrival rate random around the forecast
    (erlangkit.forecast); agents to meet the target in expectation or with meet_probability,
    measures expected over the law, and the probability that each interval meets the target."""
    from . import forecast as fc

    fn = "plan_day"
    unsupported = [k for k, v in others.items() if v is not None]
    if unsupported:
        raise DomainError(f"{fn}: forecast_cv plans to a service-level target only, not {', '.join(unsupported)}")
    index, c, h, n = _one_queue(fn, "forecast_cv", pd, calls, aht, patience, lines, redial, agents)
    if target is None or target_time is None:
        raise DomainError(f"{fn}: forecast_cv needs target and target_time")
    rate, t, pat = c / seconds, float(target_time), float(patience)
    if n is None:
        n = np.asarray(fc.agents_for_service_level(target, t, rate, h, forecast_cv, meet_probability, patience=pat,
                                                   convention=convention, law=forecast_law), dtype=float)
    kw = dict(patience=pat, law=forecast_law)
    sl = np.asarray(fc.service_level(n, rate, h, t, forecast_cv, convention=convention, **kw), dtype=float)
    w = np.asarray(fc.asa(n, rate, h, forecast_cv, **kw), dtype=float)
    ab = np.asarray(fc.prob_abandon(n, rate, h, forecast_cv, **kw), dtype=float)
    occ = np.asarray(fc.occupancy(n, rate, h, forecast_cv, **kw), dtype=float)
    met = np.asarray(fc.prob_target_met(n, target, t, rate, h, forecast_cv, convention=convention, **kw), dtype=float)
    # "missed": below the target in expectation, or met with less than meet_probability.
    short = met < meet_probability if meet_probability is not None else sl < float(target)
    status = np.where((c > 0) & short, "missed", "ok")
    bound = np.where(c > 0, "service_level" if agents is None else "none", "none")
    answered = c * (1 - ab)
    settings = dict(target=target, target_time=target_time, convention=convention, calls=c, aht=h, interval=seconds,
                    patience=pat, lines=math.inf, redial=0.0, forecast_cv=forecast_cv,
                    meet_probability=meet_probability)
    return _plan_of_columns(pd, index, getattr(calls, "name", None), c, n, sl, w, ab, occ, answered, status, bound,
                            seconds, shrinkage, paid_hours_per_fte, settings, extra={"prob_target_met": met})


_TOTALS = ("calls", "service_level", "asa", "abandon_rate", "occupancy", "agent_hours", "scheduled_hours", "fte",
           "infeasible", "missed")


class Plans(Mapping):
    """The plans of several queues, {column: Plan} (read-only; each Plan's
    tables are built when first asked for, so 1,000 queues cost the C++ plan
    and not 1,000 DataFrames), and ``totals``: a DataFrame, a row a queue.

    >>> import erlangkit as ek, numpy as np
    >>> plans = ek.plan_day(np.array([[100, 50], [150, 60]]), 180, "30min", target=0.8, target_time=20)
    >>> list(plans), plans[1].intervals["agents"].tolist()
    ([0, 1], [8.0, 9.0])
    """

    def __init__(self, names: list, build: Callable[[int], Plan], totals: Any):
        self._names = list(names)
        self._position = {name: q for q, name in enumerate(self._names)}
        self._build = build
        self._cache: Dict[int, Plan] = {}
        self.totals = totals

    def __getitem__(self, name: Any) -> Plan:
        q = self._position[name]
        if q not in self._cache:
            self._cache[q] = self._build(q)
        return self._cache[q]

    def __iter__(self) -> Iterator:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)

    def __repr__(self) -> str:
        return f"<erlangkit Plans: {len(self)} queues, {self.totals['fte'].sum():.2f} FTE in all>"


def capacity(agents: ArrayLike, aht: ArrayLike, interval: Union[float, str, Any], *,
             target: Optional[float] = None, target_time: Optional[float] = None, convention: str = "offered",
             asa_target: Optional[float] = None, asa_convention: str = "answered",
             abandon_target: Optional[float] = None, max_occupancy: Optional[float] = None,
             patience: ArrayLike = math.inf, lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """The most calls per interval (a volume) that `agents` handle meeting every
    given target (the targets of plan_day, at least one): the smallest over
    the targets of the largest arrival rate meeting each, times the interval.
    agents, aht (seconds), patience, lines and redial broadcast (numpy rules; a
    pandas Series gives a Series); interval in seconds or text. +inf when every
    volume meets the targets. Errors: DomainError for bad input,
    InfeasibleError for 0 agents. Accuracy: the rate's root to ~2 ulps.

    >>> import erlangkit as ek
    >>> round(ek.capacity(14, 180, "30min", target=0.8, target_time=20), 2)
    108.68
    """
    fn = "capacity"
    seconds = parse_interval(interval, fn)
    law, patience = _law_and_number(patience)
    index = None
    values = []
    for name, v in (("agents", agents), ("aht", aht), ("patience", patience), ("lines", lines),
                    ("redial", redial)):
        if _is_series(v):
            index = v.index if index is None else index
            v = v.to_numpy(dtype=np.float64)
        values.append(_as_float_array(fn, name, v))
    b = np.broadcast_arrays(*values)
    flat = [np.ascontiguousarray(x, dtype=np.float64).ravel() for x in b]
    out = _core._capacity(flat[0], flat[1], np.full(flat[0].shape, seconds), flat[2], flat[3], flat[4],
                          _nan_if_none(target), _nan_if_none(target_time), convention, _nan_if_none(asa_target),
                          asa_convention, _nan_if_none(abandon_target), _nan_if_none(max_occupancy), law)
    out = out.reshape(b[0].shape)
    if index is not None and out.shape == (len(index),):
        import pandas as pd

        return pd.Series(out, index=index, name=fn)
    return out.item() if out.ndim == 0 else out


_FRAME_COLUMNS = {"calls": "f8", "agents": "f8", "scheduled": "f8", "service_level": "f8", "asa": "f8",
                  "abandon_rate": "f8", "occupancy": "f8", "bound": "object", "status": "object"}


def plan_frame(frame: Any, interval: Union[float, str, Any], *, queue: str = "queue", time: str = "time",
               calls: str = "calls", aht: str = "aht", **plan: Any) -> Any:
    """plan_day over a long table: one row per (queue, interval), as forecasts are stored.

    frame: a pandas DataFrame with the columns named by `queue`, `time` (any
    sortable label of the interval), `calls` and `aht` (seconds; or give
    ``aht=`` a number to use for every row: then the frame needs no aht
    column). Every other keyword goes to plan_day (targets, patience, lines,
    redial, shrinkage, ...). Each queue's intervals are planned in `time`
    order, all queues at once on the C++ many-queue path. Returns a long
    DataFrame: `queue`, `time` and the plan's columns (calls, agents,
    scheduled, service_level, asa, abandon_rate, occupancy, bound, status),
    sorted by queue and time. Every queue must have the same intervals (a
    DomainError names the first that does not). On Dask: :func:`plan_dask`.

        >>> import erlangkit as ek, pandas as pd
        >>> f = pd.DataFrame({"queue": ["a", "a", "b", "b"], "time": [0, 1, 0, 1], "calls": [100, 150, 50, 60]})
        >>> ek.plan_frame(f, "30min", aht=180, target=0.8, target_time=20)["agents"].tolist()
        [14.0, 19.0, 8.0, 9.0]
    """
    fn = "plan_frame"
    pd = _pandas(fn)
    aht_value = aht if not isinstance(aht, str) else None
    cols = [queue, time, calls] + ([aht] if aht_value is None else [])
    missing = [c for c in cols if c not in frame.columns]
    if missing:
        raise DomainError(f"{fn}: frame has no column {missing[0]!r} (columns read: {', '.join(map(str, cols))})")
    if len(frame) == 0:
        return pd.DataFrame({queue: [], time: [], **{k: pd.Series(dtype=v) for k, v in _FRAME_COLUMNS.items()}})
    wide = frame.pivot(index=time, columns=queue, values=calls).sort_index()
    if wide.isna().to_numpy().any():
        bad = wide.columns[wide.isna().any()].tolist()[0]
        raise DomainError(f"{fn}: queue {bad!r} lacks some of the intervals the other queues have")
    h = aht_value if aht_value is not None else frame.pivot(index=time, columns=queue, values=aht).sort_index()
    plans = plan_day(wide, h, interval, **plan)
    parts = []
    for name in wide.columns:
        df = plans[name].intervals.copy()
        df.insert(0, time, df.index)
        df.insert(0, queue, name)
        parts.append(df.reset_index(drop=True))
    return pd.concat(parts, ignore_index=True)


def plan_dask(frame: Any, interval: Union[float, str, Any], *, queue: str = "queue", time: str = "time",
              calls: str = "calls", aht: str = "aht", **plan: Any) -> Any:
    """plan_frame over a Dask DataFrame: rows moved so that each queue sits in one
    partition (a shuffle on `queue`), then every partition planned where it lies.
    Returns a lazy Dask DataFrame of plan_frame's columns (call ``.compute()``).
    Arguments as plan_frame. Needs dask[dataframe].

        >>> import dask.dataframe as dd, pandas as pd, erlangkit as ek
        >>> f = pd.DataFrame({"queue": ["a", "a", "b", "b"], "time": [0, 1, 0, 1], "calls": [100, 150, 50, 60]})
        >>> lazy = ek.plan_dask(dd.from_pandas(f, npartitions=2), "30min", aht=180, target=0.8, target_time=20)
        >>> lazy.compute().sort_values(["queue", "time"])["agents"].tolist()
        [14.0, 19.0, 8.0, 9.0]
    """
    meta = plan_frame(frame._meta, interval, queue=queue, time=time, calls=calls, aht=aht, **plan)
    meta[queue] = meta[queue].astype(frame._meta[queue].dtype)
    meta[time] = meta[time].astype(frame._meta[time].dtype)
    return frame.shuffle(on=queue).map_partitions(plan_frame, interval, queue=queue, time=time, calls=calls,
                                                  aht=aht, meta=meta, **plan)
