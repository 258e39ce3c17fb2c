"""Deferred work: e-mail, back office, callbacks — items answered within hours, first come first served,
with the backlog carried from interval to interval. Model and formulas: docs/deferred_work.md."""
from __future__ import annotations

from typing import Any, Optional

import numpy as np

from . import _core
from .planning import parse_interval

def _column(fn: str, name: str, v: Any) -> np.ndarray:
    a = np.asarray(getattr(v, "to_numpy", lambda: v)(), dtype=float)
    if a.ndim != 1:
        raise ValueError(f"{fn}: {name} must be one value per interval (one-dimensional), not shape {a.shape}")
    return a


class DeferredPlan:
    """The result of :func:`deferred_work`.

    ``intervals``: a pandas DataFrame with the arrivals' index (a RangeIndex for
    arrays) and, per interval of work, ``arrivals``, ``agents``, ``handled``,
    ``backlog`` (items waiting at its end), ``occupancy`` (work done / agent
    time) and ``running_share`` (at its end, the share in time among the items
    answered so far and those already past the point of being in time); per
    interval of arrival, ``in_time``, ``late`` (answered late, or unanswered
    past the deadline at the end), ``pending`` (unanswered at the end, deadline
    not passed) and ``mean_wait`` (seconds, of the answered ones; NaN if none).
    ``totals``: a dict with ``arrivals``, ``answered_in_time``, ``late``,
    ``pending``, ``share_in_time`` (in time / (in time + late)) and
    ``agent_hours``.
    """

    def __init__(self, intervals: Any, totals: dict):
        self.intervals = intervals
        self.totals = totals

    def __repr__(self) -> str:
        t = self.totals
        return (f"DeferredPlan({len(self.intervals)} intervals, {t['arrivals']:.6g} items, "
                f"{t['share_in_time']:.1%} in time, {t['agent_hours']:.6g} agent-hours)")


def deferred_work(arrivals: Any, handle_time: Any, interval: Any, deadline: Any, *, target: Optional[float] = None,
                  agents: Any = None, rule: str = "level", margin: Any = 0.0, initial_backlog: float = 0.0,
                  fractional: bool = False) -> DeferredPlan:
    """Staff deferred work for a response-time target, or evaluate a given staffing.

    arrivals: items arriving in each interval (array or pandas Series; its index
    is kept), spread evenly over the interval. handle_time: agent seconds per
    item, one number or one per interval. interval, deadline: seconds, or text
    such as "15min", "8h". An item is in time when it is answered (its handling
    done) within `deadline` of its arrival. Give `target` (0 < target < 1, say
    0.9 for "90% within 8 hours") to get the fewest agents, or `agents` (one per
    interval, real allowed) to see what they achieve.

    The model is a fluid one (docs/deferred_work.md): arrivals and agents are
    flows, the backlog is served first come first served, and every measure is
    exact for that model. The target is kept at the end of every interval: at
    most (1 - target) of the items whose fate is known are late. rule "level"
    (the default) gives the fewest agents, the same in every interval;
    "just_in_time" each interval the fewest agents keeping the target (work is
    done as late as the goal allows: fewer agent-hours, no slack). The fluid
    model has no randomness: a plan with no slack loses items to chance, so
    `margin` (seconds or text) plans against deadline - margin while the
    result is read at the true deadline; docs/deferred_work.md measures both
    rules and margins against a simulation. Whole agents unless
    fractional=True. Errors: DomainError
    for bad input (naming the field and index), InfeasibleError past 1e9
    agents. Needs pandas (for ``intervals``).

        >>> import erlangkit as ek
        >>> p = ek.deferred_work([40, 60, 80, 20, 0, 0, 0, 0], 300, "1h", "4h", target=0.9)
        >>> p.intervals["agents"].tolist()
        [3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0, 3.0]
        >>> jit = ek.deferred_work([40, 60, 80, 20, 0, 0, 0, 0], 300, "1h", "4h", target=0.9, rule="just_in_time")
        >>> jit.intervals["agents"].tolist(), jit.totals["share_in_time"]
        ([0.0, 0.0, 0.0, 1.0, 3.0, 5.0, 7.0, 0.0], 0.96)
    """
    fn = "deferred_work"
    try:
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is in the test extras
        raise ImportError(f"{fn} needs pandas: pip install pandas") from None
    index = arrivals.index if isinstance(arrivals, pd.Series) else None
    a = _column(fn, "arrivals", arrivals)
    h = np.atleast_1d(_column(fn, "handle_time", np.atleast_1d(handle_time)))
    n = None if agents is None else _column(fn, "agents", agents)
    r = _core.deferred_work(a.tolist(), h.tolist(), parse_interval(interval, fn),
                            parse_interval(deadline, fn, "deadline"), float(initial_backlog),
                            None if n is None else n.tolist(), None if target is None else float(target), rule,
                            bool(fractional), (0.0 if margin == 0 else parse_interval(margin, fn, "margin")))
    totals = dict(r.pop("totals"))
    totals["agent_hours"] = totals.pop("agent_time") / 3600
    frame = pd.DataFrame({"arrivals": a, **{k: np.asarray(v, dtype=float) for k, v in r.items()}},
                         index=index)
    return DeferredPlan(frame, totals)


__all__ = ["DeferredPlan", "deferred_work"]
