"""The transient day: time-varying arrivals with the queue carried between intervals.

The per-interval stationary method starts every interval in equilibrium; at a
peak the queue builds more slowly than equilibrium says, and after it the queue
lingers. These functions solve the Erlang-A chain (exponential patience, or
none) through the whole day from an empty start, and report each interval's
time-averaged measures. Model, error bound and conventions: docs/transient.md.
"""
from __future__ import annotations

import math
from typing import Any, Optional, Sequence, Union

import numpy as np

from . import _core
from .planning import parse_interval
from ._api import DomainError

__all__ = ["transient_day", "transient_staffing"]

def _per_interval(fn: str, name: str, values: Any, count: Optional[int] = None) -> np.ndarray:
    a = np.asarray(values, dtype=float)
    if a.ndim == 0:
        a = np.full(count if count is not None else 1, float(a))
    if a.ndim != 1 or (count is not None and a.size != count):
        raise DomainError(f"{fn}: {name} must be one value or one per interval ({count})")
    return np.ascontiguousarray(a)


def _index(values: Any) -> Any:
    # Only pandas objects carry an index to keep (a list's .index is a method).
    return values.index if hasattr(values, "iloc") else None


def _frame(cols: dict, calls: np.ndarray, agents: np.ndarray, index: Any) -> Any:
    import pandas as pd  # lazily: pandas is needed only for the DataFrame

    data = {"calls": calls, "agents": agents.astype(int)}
    for c in ("service_level", "asa", "abandon_rate", "occupancy", "mean_queue", "answered", "abandoned"):
        data[c] = np.asarray(cols[c])
    return pd.DataFrame(data, index=index)


def transient_day(calls: Any, agents: Any, aht: Union[float, Sequence[float]], interval: Union[float, str], *,
                  patience: float = math.inf, target_time: float = 20.0,
                  initial: Optional[Sequence[float]] = None) -> Any:
    """Each interval's measures of a day whose queue carries from interval to interval.

    calls: expected calls per interval (a volume, >= 0; an array or a pandas Series,
    whose index the result keeps); agents: whole agents per interval (>= 0); aht:
    seconds, one value or one per interval (> 0); interval: its length in seconds
    or as text ("15min", "30s", "1h"); patience: mean patience in seconds (> 0;
    ``math.inf``: nobody abandons); target_time: the service-level threshold in
    seconds (>= 0); initial: P(k calls in system) at the start (default: empty).

    Returns a pandas DataFrame with the columns calls, agents, service_level (share
    of the interval's arrivals answered within target_time; abandons fail), asa
    (mean wait of the interval's answered arrivals; ``inf`` with no agents),
    abandon_rate (expected abandonments / expected arrivals), occupancy (time-
    averaged busy agents / agents), mean_queue (time-averaged calls waiting),
    answered (calls that start service in the interval) and abandoned. An interval
    with no calls reports service level 1, ASA 0 and abandon rate 0.

    Formula: the birth-death chain of Erlang-A solved by uniformisation (Poisson
    weights by Fox-Glynn, cut where the tails are below 1e-14); the time integral of
    pi(t) by the uniformisation identity. An arrival sees pi(t) (PASTA) and waits
    with its own interval's agents (exact inside an interval, approximate across a
    change of agents). Accuracy: 1e-10 against a long-double matrix exponential
    (tests/test_transient.cpp) and a 40-digit mpmath solution
    (python/tests/test_transient.py). Errors: DomainError for bad input;
    EvaluationError when the queue needs more than 2^20 states.

    >>> import erlangkit as ek
    >>> day = ek.transient_day([100, 300, 150], [30, 90, 50], 300, "15min", patience=180)
    >>> list(day.columns)[:4]
    ['calls', 'agents', 'service_level', 'asa']
    >>> round(float(day.service_level.iloc[1]), 4)
    0.8334
    """
    fn = "transient_day"
    length = parse_interval(interval, fn)
    c = _per_interval(fn, "calls", calls)
    n = _per_interval(fn, "agents", agents, c.size)
    h = _per_interval(fn, "aht", aht)
    if h.size not in (1, c.size):
        raise DomainError(f"{fn}: aht must be one value or one per interval ({c.size})")
    start = np.asarray([] if initial is None else initial, dtype=float)
    cols = _core.transient_day(c / length, n, h, length, float(patience), float(target_time), start)
    return _frame(cols, c, n, _index(calls))


def transient_staffing(calls: Any, aht: Union[float, Sequence[float]], interval: Union[float, str],
                       target: float, target_time: float, patience: float = math.inf, *,
                       initial: Optional[Sequence[float]] = None, max_agents: int = 100000) -> Any:
    """Whole agents per interval meeting a service-level target on the transient day.

    Arguments as transient_day; target in (0, 1) is the share of each interval's
    arrivals to answer within target_time (seconds; abandons fail). Rule: the
    modified offered load (the mean busy servers of an infinite-server queue with
    the day's arrivals, averaged over each interval) staffed by the stationary
    Erlang-A (Erlang-C) solver; then, in time order, each interval gets the fewest
    agents whose transient service level meets the target given the queue carried
    in (one agent at a time from the MOL value; cost a few interval solves each).
    Returns agents per interval (a numpy int array, or a pandas Series with the
    input's index). An interval that max_agents cannot bring to the target gets
    max_agents. Errors: DomainError for bad input.

    >>> import erlangkit as ek
    >>> ek.transient_staffing([100, 300, 150], 300, "15min", 0.8, 20, patience=180).tolist()
    [30, 89, 69]
    """
    fn = "transient_staffing"
    length = parse_interval(interval, fn)
    c = _per_interval(fn, "calls", calls)
    h = _per_interval(fn, "aht", aht)
    if h.size not in (1, c.size):
        raise DomainError(f"{fn}: aht must be one value or one per interval ({c.size})")
    start = np.asarray([] if initial is None else initial, dtype=float)
    out = _core.transient_staffing(c / length, h, length, float(target), float(patience), float(target_time),
                                   start, float(max_agents))
    agents = np.asarray(out["agents"], dtype=int)
    index = _index(calls)
    if index is not None:
        import pandas as pd

        return pd.Series(agents, index=index, name="agents")
    return agents
