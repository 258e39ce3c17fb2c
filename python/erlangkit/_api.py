"""The public functions: numpy broadcasting around the compiled element loops.

Every function takes scalars, array-likes or pandas Series for each numeric
argument. Arguments broadcast by numpy's rules; scalars in give a Python float
(int for agent counts) out, arrays give an ndarray of the broadcast shape, and
a pandas Series gives a Series with its index. Times are in any one unit, with
rates per that unit. Invalid values raise ValueError naming the function, the
parameter, the value and, for arrays, the first bad index; NaN propagates.
"""
from __future__ import annotations

import math
from typing import Any, Union

import numpy as np

from . import _core

ArrayLike = Union[float, int, "np.ndarray", Any]

SL_CONVENTIONS = ("offered", "answered", "virtual", "excl_short_abandons")
ASA_CONVENTIONS = ("answered", "all", "virtual")


def _is_series(v: Any) -> bool:
    return type(v).__module__.split(".")[0] == "pandas" and type(v).__name__ == "Series"


def _as_float_array(fn: str, name: str, v: Any) -> np.ndarray:
    if isinstance(v, (str, bytes)) or v is None:
        raise TypeError(f"{fn}: {name} must be a number or an array of numbers, not {type(v).__name__}")
    a = np.asarray(v.to_numpy() if _is_series(v) else v)
    if a.dtype.kind in "biuf":
        return a.astype(np.float64, copy=False)
    if a.dtype.kind == "O":
        try:
            return a.astype(np.float64)
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{fn}: {name} must be a number or an array of numbers, not {a.dtype} data")


def _run(fn: str, kernel: Any, named: dict, *extra: Any) -> Any:
    """Calls a compiled kernel on the named numeric arguments and shapes its result.

    The kernel broadcasts the arguments itself (stride 0 on broadcast axes, so
    nothing is copied) and returns an array of the broadcast shape; int64 for
    agent counts when every count is finite. Scalars in give a Python number out;
    a pandas Series in gives a Series with its index out.
    """
    index = None
    args = []
    for name, v in named.items():
        t = type(v)
        if t is float or t is int or (t is np.ndarray and v.dtype == np.float64):
            args.append(v)  # taken as they are, without numpy's conversion machinery
            continue
        if index is None and _is_series(v):
            index = v.index
        args.append(_as_float_array(fn, name, v))
    try:
        out = kernel(*args, *extra)
    except ValueError as e:
        if str(e) != "_core: shapes do not broadcast":
            raise
        shapes = ", ".join(f"{n} {np.shape(a)}" for n, a in zip(named, args))
        raise ValueError(f"{fn}: arguments do not broadcast together: {shapes}") from None
    if index is not None:
        import pandas as pd

        return pd.Series(out.reshape(-1) if out.ndim else out.reshape(1), index=index)
    return out.item() if out.ndim == 0 else out


def _convention(fn: str, value: Any, allowed: tuple) -> int:
    if not isinstance(value, str):
        raise TypeError(f"{fn}: convention must be a string, one of {', '.join(allowed)}")
    if value not in allowed:
        raise ValueError(f"{fn}: convention is '{value}', but must be one of {', '.join(allowed)}")
    return allowed.index(value)


def erlang_b(servers: ArrayLike, load: ArrayLike) -> Any:
    """Erlang-B blocking probability B(servers, load) of the M/M/n/n loss system.

    servers: number of servers n, real >= 0 (Jagerman's continuous extension, exact at
    integers). load: offered load R in Erlangs (arrival rate x mean holding time), >= 0.
    Formula: B = R^n e^-R / Gamma(n+1, R). Relative error <= 1e-12 for n up to 1e6.

    >>> round(erlang_b(10, 5.0), 12)
    0.018384570337
    """
    return _run("erlang_b", _core.erlang_b, dict(servers=servers, load=load))


def erlang_c(servers: ArrayLike, load: ArrayLike) -> Any:
    """Erlang-C probability of waiting C(servers, load) in the M/M/n queue.

    C = n B / (n - R (1 - B)) for load R < n; 1 when R >= n (overload is an answer).
    Relative error <= 1e-12 for n up to 1e6.

    >>> round(erlang_c(14, 10.0), 10)
    0.1741319336
    """
    return _run("erlang_c", _core.erlang_c, dict(servers=servers, load=load))


def _measure(name: str, doc: str):
    kernel = getattr(_core, name)

    def f(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
        return _run(name, kernel, dict(agents=agents, arrival_rate=arrival_rate, aht=aht, patience=patience))

    f.__name__ = f.__qualname__ = name
    f.__doc__ = doc
    return f


_QUEUE_ARGS = """
    agents: n, real >= 0. arrival_rate: lambda, per time unit, >= 0. aht: mean handle time
    (same unit), > 0. patience: mean patience before hanging up (same unit), > 0; inf (the
    default) is Erlang-C, finite is Erlang-A (M/M/n+M, Mandelbaum & Zeltyn).
    Relative error <= 1e-12 against 50-digit references.
"""

prob_wait = _measure("prob_wait", """Probability that an arrival waits, P(W > 0).
""" + _QUEUE_ARGS + """
    Erlang-A: P(W>0) = A E / (1 + (A - 1) E), A = 1F1(1; x+1; y), E = erlang_b(n, R).

    >>> round(prob_wait(14, 100 / 1800, 180), 10)
    0.1741319336
""")

prob_abandon = _measure("prob_abandon", """Probability that an arrival abandons, P(Ab); 0 for infinite patience.
""" + _QUEUE_ARGS + """
    P(Ab) = P(W>0) P(Ab | W>0), P(Ab | W>0) = ((y - x) A + x) / (y A).

    >>> round(prob_abandon(14, 100 / 30, 3, 5), 6)
    0.013984
""")

prob_abandon_given_wait = _measure("prob_abandon_given_wait", """Probability that a caller who waits abandons.
""" + _QUEUE_ARGS + """
    >>> round(prob_abandon_given_wait(14, 100 / 30, 3, 5), 6)
    0.096267
""")

occupancy = _measure("occupancy", """Agent occupancy: carried load / agents = rho (1 - P(Ab)).
""" + _QUEUE_ARGS + """
    1 in Erlang-C overload.

    >>> round(occupancy(14, 100 / 1800, 180), 10)
    0.7142857143
""")

mean_queue_length = _measure("mean_queue_length", """Mean number of callers waiting, lambda E[W] (Little's law).
""" + _QUEUE_ARGS + """
    inf in Erlang-C overload.

    >>> round(mean_queue_length(14, 100 / 1800, 180), 8)
    0.43532983
""")


def service_level(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, target_time: ArrayLike,
                  patience: ArrayLike = math.inf, convention: str = "offered") -> Any:
    """Share of calls answered within target_time (same time unit as aht).

    convention: "offered" (default; abandons count as failures), "answered" (share of
    answered calls), "virtual" (a caller who never hangs up), "excl_short_abandons".
    All coincide for infinite patience: 1 - C exp(-(n mu - lambda) t). 0 in overload.
    Relative error <= 1e-12 against 50-digit references.

    >>> round(service_level(14, 100 / 1800, 180, 20), 10)
    0.8883500192
    """
    conv = _convention("service_level", convention, SL_CONVENTIONS)
    return _run("service_level", _core.service_level, dict(
        agents=agents, arrival_rate=arrival_rate, aht=aht, target_time=target_time, patience=patience), conv)


def asa(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
        convention: str = "answered") -> Any:
    """Average speed of answer (mean wait), in the time unit of aht.

    convention: "answered" (default; mean wait of answered calls), "all" (over all
    arrivals, P(Ab) x patience), "virtual" (E[V], a caller who never hangs up).
    Erlang-C: C / (n mu - lambda); inf in overload.

    >>> round(asa(14, 100 / 1800, 180), 6)
    7.835937
    """
    conv = _convention("asa", convention, ASA_CONVENTIONS)
    return _run("asa", _core.asa, dict(agents=agents, arrival_rate=arrival_rate, aht=aht, patience=patience), conv)


def agents_for_service_level(target: ArrayLike, target_time: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                             patience: ArrayLike = math.inf, convention: str = "offered",
                             max_occupancy: ArrayLike = 1.0, fractional: bool = False) -> Any:
    """Fewest agents whose service level within target_time is at least target (0 < target < 1).

    Combined with an occupancy cap max_occupancy in (0, 1]. Whole agents (int) unless
    fractional=True, which returns the real agent count where the binding target is met
    exactly. The search starts from square-root staffing.

    >>> agents_for_service_level(0.8, 20, 100 / 1800, 180)
    14
    """
    conv = _convention("agents_for_service_level", convention, SL_CONVENTIONS)
    return _run("agents_for_service_level", _core.agents_for_service_level, dict(
        target=target, target_time=target_time, arrival_rate=arrival_rate, aht=aht, patience=patience,
        max_occupancy=max_occupancy), conv, bool(fractional))


def agents_for_asa(target_asa: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                   convention: str = "answered", max_occupancy: ArrayLike = 1.0, fractional: bool = False) -> Any:
    """Fewest agents whose ASA (in the given convention) is at most target_asa (> 0).

    >>> agents_for_asa(10, 100 / 1800, 180)
    14
    """
    conv = _convention("agents_for_asa", convention, ASA_CONVENTIONS)
    return _run("agents_for_asa", _core.agents_for_asa, dict(
        target_asa=target_asa, arrival_rate=arrival_rate, aht=aht, patience=patience,
        max_occupancy=max_occupancy), conv, bool(fractional))


def agents_for_abandon_rate(target: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike,
                            max_occupancy: ArrayLike = 1.0, fractional: bool = False) -> Any:
    """Fewest agents whose abandonment probability is at most target; needs finite patience.

    >>> agents_for_abandon_rate(0.05, 100 / 30, 3, 5)
    12
    """
    return _run("agents_for_abandon_rate", _core.agents_for_abandon_rate, dict(
        target=target, arrival_rate=arrival_rate, aht=aht, patience=patience,
        max_occupancy=max_occupancy), bool(fractional))


def agents_for_occupancy(max_occupancy: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                         patience: ArrayLike = math.inf, fractional: bool = False) -> Any:
    """Fewest agents whose occupancy is at most max_occupancy, in (0, 1].

    >>> agents_for_occupancy(0.85, 1000 / 3600, 120)
    40
    """
    return _run("agents_for_occupancy", _core.agents_for_occupancy, dict(
        max_occupancy=max_occupancy, arrival_rate=arrival_rate, aht=aht, patience=patience), bool(fractional))


def servers_for_blocking(load: ArrayLike, target_blocking: ArrayLike, fractional: bool = False) -> Any:
    """Fewest servers whose Erlang-B blocking is at most target_blocking, for load in Erlangs.

    >>> servers_for_blocking(10, 0.01)
    18
    """
    return _run("servers_for_blocking", _core.servers_for_blocking, dict(
        load=load, target_blocking=target_blocking), bool(fractional))


def max_load_for_blocking(servers: ArrayLike, target_blocking: ArrayLike) -> Any:
    """Largest offered load (Erlangs) that servers carry at Erlang-B blocking <= target.

    >>> round(max_load_for_blocking(15, 0.01), 3)
    8.108
    """
    return _run("max_load_for_blocking", _core.max_load_for_blocking, dict(
        servers=servers, target_blocking=target_blocking))


def max_arrival_rate_for_service_level(agents: ArrayLike, target: ArrayLike, target_time: ArrayLike, aht: ArrayLike,
                                       patience: ArrayLike = math.inf, convention: str = "offered") -> Any:
    """Largest arrival rate that agents answer at service level >= target within target_time.

    >>> round(max_arrival_rate_for_service_level(14, 0.8, 20, 180) * 1800, 2)
    108.68
    """
    conv = _convention("max_arrival_rate_for_service_level", convention, SL_CONVENTIONS)
    return _run("max_arrival_rate_for_service_level", _core.max_arrival_rate_for_service_level, dict(
        agents=agents, target=target, target_time=target_time, aht=aht, patience=patience), conv)


def scheduled_agents(agents: ArrayLike, shrinkage: ArrayLike) -> Any:
    """Scheduled staff for agents on the phones and a shrinkage share in [0, 1):
    ceil(agents / (1 - shrinkage)), a quotient within a few ulps of an integer counting as it.

    >>> scheduled_agents(14, 0.3)
    20
    """
    return _run("scheduled_agents", _core.scheduled_agents, dict(agents=agents, shrinkage=shrinkage))


def set_num_threads(n: int = 0) -> None:
    """Threads that large arrays (16384+ elements per thread) are split over; 0 (the
    default) means one per hardware thread. The loops run in C++ with the GIL released."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("set_num_threads: n must be an int")
    if n < 0:
        raise ValueError(f"set_num_threads: n is {n}, but must be >= 0")
    _core.set_num_threads(n)


def get_num_threads() -> int:
    """Threads that large arrays are split over (see set_num_threads)."""
    return _core.get_num_threads()
