"""The public functions: documented wrappers around the compiled kernels.

Every function takes scalars, array-likes, numpy masked arrays or pandas Series
for each numeric argument. Arguments broadcast by numpy's rules; scalars in give
a Python float (int for agent counts) out, arrays give an ndarray of the
broadcast shape, masked arrays give a masked array (masked where any input is
masked), and pandas Series are aligned by their index labels, as pandas
arithmetic aligns them, and give a Series with that index. Times are in any one
unit, with rates per that unit.

Errors are typed: DomainError (a ValueError) for invalid input, naming the
function, the parameter, the value and, for arrays, the first bad index;
InfeasibleError (a ValueError) for a target no staff within the limits meets;
BroadcastError (a ValueError) for arguments whose shapes do not combine;
EvaluationError (an ArithmeticError) for a computation that did not converge.
NaN propagates quietly.

Each wrapper hands its arguments to its kernel by name: _call reads the kernel's
declared argument order from the kernel itself (python/src/core.cpp), so no
order is ever written twice.
"""
from __future__ import annotations

import math
from typing import Any, Union

import numpy as np

from . import _core

DomainError = _core.DomainError
InfeasibleError = _core.InfeasibleError
BroadcastError = _core.BroadcastError
EvaluationError = _core.EvaluationError
DomainError.__doc__ = "Invalid input: the message names the function, the parameter and the value (a ValueError)."
InfeasibleError.__doc__ = "A target that no staff within the limits meets (a ValueError)."
BroadcastError.__doc__ = "Arguments whose shapes do not broadcast together (a ValueError)."
EvaluationError.__doc__ = "A computation that did not converge; please report its input (an ArithmeticError)."

ArrayLike = Union[float, int, "np.ndarray", Any]

SL_CONVENTIONS = ("offered", "answered", "virtual", "excl_short_abandons")
ASA_CONVENTIONS = ("answered", "all", "virtual")

_KERNELS = _core.__kernels__
_EXACT_INT = 2 ** 53  # ints a double holds exactly go to the kernels as they are


def _is_series(v: Any) -> bool:
    t = type(v)
    return t.__name__ == "Series" and t.__module__.split(".")[0] == "pandas"


def _echo(v: Any) -> str:
    text = repr(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _as_float_array(fn: str, name: str, v: Any) -> np.ndarray:
    if isinstance(v, (str, bytes)) or v is None or isinstance(v, bool):
        raise TypeError(f"{fn}: {name} must be a number or an array of numbers, not {type(v).__name__}")
    if isinstance(v, int):  # beyond 2^63: numpy would make an object array or overflow
        f = float(v) if abs(v) < 2 ** 1023 else math.inf
        if math.isinf(f):
            raise DomainError(f"{fn}: {name} is {_echo(v)}, but must be finite and within a float")
        return np.float64(f)
    a = np.asarray(v)
    if a.dtype.kind in "iuf":
        return a.astype(np.float64, copy=False)
    if a.dtype.kind == "b":
        raise TypeError(f"{fn}: {name} must be a number or an array of numbers, not booleans")
    if a.dtype.kind == "O":
        try:
            return a.astype(np.float64)
        except OverflowError:
            raise DomainError(f"{fn}: {name} holds a number too large for a float") from None
        except (TypeError, ValueError):
            pass
    raise TypeError(f"{fn}: {name} must be a number or an array of numbers, not {a.dtype} data")


def _align_series(fn: str, named: dict) -> Any:
    """Reindexes every pandas Series argument to the union of their indexes (pandas'
    arithmetic alignment); returns that index, or None when there is no Series."""
    names = [k for k, v in named.items() if _is_series(v)]
    if not names:
        return None
    index = named[names[0]].index
    for k in names[1:]:
        other = named[k].index
        if not other.equals(index):
            if not (index.is_unique and other.is_unique):
                raise BroadcastError(f"{fn}: pandas Series with repeated labels and different indexes cannot be "
                                     f"aligned ({names[0]} and {k})")
            index = index.union(other)
    for k in names:
        s = named[k]
        named[k] = (s if s.index.equals(index) else s.reindex(index)).to_numpy(dtype=np.float64, na_value=np.nan)
    return index


def _kernel_specs(registry: dict, prefix: str = "") -> dict:
    """Per kernel of a registry (_core.__kernels__, or a model module's
    _core.__<prefix>_kernels__): its argument names in declared order (numeric
    ones, then options), how many are numeric, and the kernel."""
    return {name: (tuple(a for a, _ in k["args"]) + tuple(o for o, _ in k["options"]), len(k["args"]),
                   getattr(_core, prefix + name))
            for name, k in registry.items()}


_SPECS = _kernel_specs(_KERNELS)


def _call(fn: str, args: dict, specs: Any = None, lead: tuple = ()) -> Any:
    """Calls kernel `fn` with the wrapper's arguments and shapes its result. The
    arguments go in the kernel's own declared order (read from the kernel, never
    written twice): the numeric ones, then the options. `specs` is another
    family's table of kernels (erlangkit.chat's), `lead` arguments that go
    first, as they are (chat's list of handle times)."""
    names, count, kernel = _SPECS[fn] if specs is None else specs[fn]
    values = [args[name] for name in names]
    plain = True  # every numeric value a Python float or int: the kernel's scalar path
    series = mask = None
    for i in range(count):
        v = values[i]
        t = type(v)
        if t is float or (t is int and -_EXACT_INT <= v <= _EXACT_INT) or t is _core.PatienceLaw:
            continue  # a patience law goes to the kernel as it is (one per call)
        plain = False
        if t is np.ndarray and v.dtype == np.float64:
            continue
        if _is_series(v):
            series = True
        elif isinstance(v, np.ma.MaskedArray):
            m = np.ma.getmaskarray(v)
            mask = m if mask is None else np.logical_or(mask, m)  # broadcasts like the data
            values[i] = np.ma.filled(v.astype(np.float64), np.nan)
        else:
            values[i] = _as_float_array(fn, names[i], v)
    if plain:
        return kernel(*lead, *values) if lead else kernel(*values)
    index = None
    if series:
        named = dict(zip(names, values))
        index = _align_series(fn, named)
        values = [named[name] for name in names]
    out = kernel(*lead, *values) if lead else kernel(*values)
    if index is not None:
        import pandas as pd

        if out.shape != (len(index),):
            shapes = ", ".join(f"{k} {np.shape(v)}" for k, v in zip(names[:count], values))
            raise BroadcastError(f"{fn}: a pandas Series combines only with scalars and arrays of its own length; "
                                 f"got {shapes}")
        return pd.Series(out, index=index, name=fn)
    if mask is not None:
        return np.ma.array(out, mask=np.broadcast_to(mask, out.shape))
    return out.item() if out.ndim == 0 else out


def erlang_b(servers: ArrayLike, load: ArrayLike) -> Any:
    """Erlang-B blocking probability B(servers, load) of the M/M/n/n loss system.

    servers: number of servers n, real >= 0 (Jagerman's continuous extension, exact at
    integers). load: offered load R in Erlangs (arrival rate x mean holding time), >= 0.
    Formula: B = R^n e^-R / Gamma(n+1, R). Relative error <= 1e-12 for n up to 1e6.

    >>> round(erlang_b(10, 5.0), 12)
    0.018384570337
    """
    return _call("erlang_b", locals())


def erlang_c(servers: ArrayLike, load: ArrayLike) -> Any:
    """Erlang-C probability of waiting C(servers, load) in the M/M/n queue.

    C = n B / (n - R (1 - B)) for load R < n; 1 when R >= n (overload is an answer).
    Relative error <= 1e-12 for n up to 1e6.

    >>> round(erlang_c(14, 10.0), 10)
    0.1741319336
    """
    return _call("erlang_c", locals())


_QUEUE_ARGS = """
    agents: n, real >= 0 (whole with finite lines). arrival_rate: lambda, per time unit,
    >= 0. aht: mean handle time (same unit), > 0. patience: mean patience before hanging
    up (same unit), > 0; inf (the default) is Erlang-C, finite is Erlang-A (M/M/n+M,
    Mandelbaum & Zeltyn); a law from erlangkit.patience is M/M/n+G (one law per call,
    unlimited lines; quadrature to 1e-10 relative). lines: lines in total (agents talking plus callers waiting),
    whole and >= agents; callers who find every line taken are blocked; inf (the
    default): unlimited. redial: share of lost callers (abandoned or blocked) who call
    again, in [0, 1); 0 (the default): none. With redials every measure is per attempt
    (fresh or redialled) at the total rate of the fixed point L = lambda + redial L
    (P(Ab) + P(blocked)); see total_arrival_rate and prob_finally_lost for fresh callers.
    Relative error <= 1e-12 against 50-digit references.
"""


def prob_wait(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
              lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("prob_wait", locals())


def prob_abandon(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                 lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("prob_abandon", locals())


def prob_abandon_given_wait(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                            patience: ArrayLike = math.inf, lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("prob_abandon_given_wait", locals())


def prob_blocked(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                 lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("prob_blocked", locals())


def total_arrival_rate(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                       lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("total_arrival_rate", locals())


def prob_finally_lost(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                      lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("prob_finally_lost", locals())


def occupancy(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
              lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("occupancy", locals())


def mean_queue_length(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                      lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    return _call("mean_queue_length", locals())


prob_wait.__doc__ = """Probability that an arrival waits, P(W > 0).
""" + _QUEUE_ARGS + """
    Erlang-A: P(W>0) = A E / (1 + (A - 1) E), A = 1F1(1; x+1; y), E = erlang_b(n, R).

    >>> round(prob_wait(14, 100 / 1800, 180), 10)
    0.1741319336
"""
prob_abandon.__doc__ = """Probability that an arrival abandons, P(Ab); 0 for infinite patience.
""" + _QUEUE_ARGS + """
    P(Ab) = P(W>0) P(Ab | W>0), P(Ab | W>0) = ((y - x) A + x) / (y A).

    >>> round(prob_abandon(14, 100 / 30, 3, 5), 6)
    0.013984
"""
prob_abandon_given_wait.__doc__ = """Probability that a caller who waits abandons.
""" + _QUEUE_ARGS + """
    >>> round(prob_abandon_given_wait(14, 100 / 30, 3, 5), 6)
    0.096267
"""
prob_blocked.__doc__ = """Probability that an arrival finds every line taken (0 with unlimited lines).
""" + _QUEUE_ARGS + """
    M/M/n/N+M: the stationary probability of N callers in the system (PASTA).

    >>> round(prob_blocked(10, 8 / 60, 60, patience=120, lines=12), 6)
    0.05811
"""
occupancy.__doc__ = """Agent occupancy: carried load / agents = rho (1 - P(Ab) - P(blocked)).
""" + _QUEUE_ARGS + """
    1 in Erlang-C overload.

    >>> round(occupancy(14, 100 / 1800, 180), 10)
    0.7142857143
"""
total_arrival_rate.__doc__ = """Attempts per time unit, fresh calls plus redials: the L of
L = arrival_rate + redial L (P(Ab) + P(blocked)); arrival_rate when nobody redials.
""" + _QUEUE_ARGS + """
    >>> round(total_arrival_rate(10, 8 / 60, 60, patience=120, lines=12, redial=0.5) * 60, 6)
    8.348385
"""
prob_finally_lost.__doc__ = """Probability that a fresh caller is lost for good: (1 - r) p / (1 - r p),
p = P(Ab) + P(blocked) per attempt, r = redial; p itself without redials.
""" + _QUEUE_ARGS + """
    >>> round(prob_finally_lost(10, 8 / 60, 60, patience=120, lines=12, redial=0.5), 6)
    0.043548
"""
mean_queue_length.__doc__ = """Mean number of callers waiting, lambda E[W] (Little's law).
""" + _QUEUE_ARGS + """
    inf in Erlang-C overload.

    >>> round(mean_queue_length(14, 100 / 1800, 180), 8)
    0.43532983
"""


def service_level(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, target_time: ArrayLike,
                  patience: ArrayLike = math.inf, convention: str = "offered", lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Share of calls answered within target_time (same time unit as aht).

    convention: "offered" (default; abandons and blocked calls count as failures),
    "answered" (share of answered calls), "virtual" (a caller who never hangs up),
    "excl_short_abandons". All coincide for infinite patience: 1 - C exp(-(n mu - lambda) t).
    0 in overload. Relative error <= 1e-12 against 50-digit references.

    >>> round(service_level(14, 100 / 1800, 180, 20), 10)
    0.8883500192
    """
    return _call("service_level", locals())


def asa(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
        convention: str = "answered", lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Average speed of answer (mean wait), in the time unit of aht.

    convention: "answered" (default; mean wait of answered calls), "all" (over all
    arrivals let in, P(Ab) x patience without blocking), "virtual" (E[V], a caller who
    never hangs up). Erlang-C: C / (n mu - lambda); inf in overload.

    >>> round(asa(14, 100 / 1800, 180), 6)
    7.835937
    """
    return _call("asa", locals())


def prob_wait_longer_than(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, t: ArrayLike,
                          patience: ArrayLike = math.inf, lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """The waiting-time distribution: P(W > t) over all arrivals, W the time until a call
    is answered or abandoned (0 for a blocked call); P(W > 0) at t = 0.

    P(W > t) = P(V > t) P(patience > t), V the wait of a caller who never hangs up.

    >>> round(prob_wait_longer_than(14, 100 / 1800, 180, 20), 10)
    0.1116499808
    """
    return _call("prob_wait_longer_than", locals())


def wait_quantile(q: ArrayLike, agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                  patience: ArrayLike = math.inf, convention: str = "answered", lines: ArrayLike = math.inf,
                  redial: ArrayLike = 0.0) -> Any:
    """The answer time that a share q (0 < q < 1) of callers get: the smallest t with
    service_level(t, convention) >= q, in the time unit of aht.

    convention: "answered" (default; among answered calls), "virtual" (the wait of a
    caller who never hangs up), "offered" (among all calls: inf when fewer than q are
    ever answered), "excl_short_abandons". Erlang-C: ln(C / (1 - q)) / (n mu - lambda),
    or 0 when C <= 1 - q. Found as the root of the service level, to a few ulps of q.
    Works with every model (patience=, lines=, redial=).

    >>> round(wait_quantile(0.9, 14, 100 / 1800, 180), 6)
    24.958938
    """
    return _call("wait_quantile", locals())


def agents_for_wait_quantile(q: ArrayLike, max_wait: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                             patience: ArrayLike = math.inf, convention: str = "answered",
                             max_occupancy: ArrayLike = 1.0, fractional: bool = False,
                             lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Fewest agents whose q-quantile of the answer time is at most max_wait ("90% answered
    within 30 s"): the same staff as agents_for_service_level(q, max_wait, ...), since the
    quantile is at most max_wait exactly when that service level is at least q.

    >>> agents_for_wait_quantile(0.9, 30, 100 / 1800, 180)
    14
    """
    return _call("agents_for_wait_quantile", locals())


def agents_for_service_level(target: ArrayLike, target_time: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                             patience: ArrayLike = math.inf, convention: str = "offered",
                             max_occupancy: ArrayLike = 1.0, fractional: bool = False,
                             lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Fewest agents whose service level within target_time is at least target (0 < target < 1).

    Combined with an occupancy cap max_occupancy in (0, 1]. Whole agents (int) unless
    fractional=True, which returns the real agent count where the binding target is met
    exactly. For the conventions that are not monotone in agents (answered,
    excl_short_abandons) the answer is the smallest staff from which the target holds
    for every larger staff. The search starts from square-root staffing.

    >>> agents_for_service_level(0.8, 20, 100 / 1800, 180)
    14
    """
    return _call("agents_for_service_level", locals())


def agents_for_asa(target_asa: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike = math.inf,
                   convention: str = "answered", max_occupancy: ArrayLike = 1.0, fractional: bool = False,
                   lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Fewest agents whose ASA (in the given convention) is at most target_asa (> 0).

    >>> agents_for_asa(10, 100 / 1800, 180)
    14
    """
    return _call("agents_for_asa", locals())


def agents_for_abandon_rate(target: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, patience: ArrayLike,
                            max_occupancy: ArrayLike = 1.0, fractional: bool = False,
                            lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Fewest agents whose abandonment probability is at most target; needs finite patience.

    >>> agents_for_abandon_rate(0.05, 100 / 30, 3, 5)
    12
    """
    return _call("agents_for_abandon_rate", locals())


def agents_for_occupancy(max_occupancy: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike,
                         patience: ArrayLike = math.inf, fractional: bool = False, lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Fewest agents whose occupancy is at most max_occupancy, in (0, 1].

    >>> agents_for_occupancy(0.85, 1000 / 3600, 120)
    40
    """
    return _call("agents_for_occupancy", locals())


def servers_for_blocking(load: ArrayLike, target_blocking: ArrayLike, fractional: bool = False,
                         redial: ArrayLike = 0.0) -> Any:
    """Fewest servers whose Erlang-B blocking is at most target_blocking, for load in Erlangs.
    With redial r in (0, 1) blocked callers call again with probability r: the blocking per
    attempt of extended Erlang-B (erlang_b_extended) is what must meet the target.

    >>> servers_for_blocking(10, 0.01)
    18
    >>> servers_for_blocking(100, 0.025, redial=0.5)
    113
    """
    return _call("servers_for_blocking", locals())


def erlang_b_extended(servers: ArrayLike, load: ArrayLike, redial: ArrayLike) -> Any:
    """Extended Erlang-B: blocking per attempt B(servers, L) when blocked callers call again
    with probability redial, in [0, 1). load: fresh offered load in Erlangs; L solves
    L = load + redial L B(servers, L). servers real >= 0 (Jagerman's extension). A fresh
    caller is lost for good with (1 - r) B / (1 - r B). Relative error <= 1e-12.

    >>> round(erlang_b_extended(1000, 1500, 0.2), 4)
    0.3857
    """
    return _call("erlang_b_extended", locals())


def max_load_for_blocking(servers: ArrayLike, target_blocking: ArrayLike) -> Any:
    """Largest offered load (Erlangs) that servers carry at Erlang-B blocking <= target.

    >>> round(max_load_for_blocking(15, 0.01), 3)
    8.108
    """
    return _call("max_load_for_blocking", locals())


def max_arrival_rate_for_service_level(agents: ArrayLike, target: ArrayLike, target_time: ArrayLike, aht: ArrayLike,
                                       patience: ArrayLike = math.inf, convention: str = "offered",
                                       lines: ArrayLike = math.inf, redial: ArrayLike = 0.0) -> Any:
    """Largest arrival rate that agents answer at service level >= target within target_time;
    inf when every arrival rate meets the target.

    >>> round(max_arrival_rate_for_service_level(14, 0.8, 20, 180) * 1800, 2)
    108.68
    """
    return _call("max_arrival_rate_for_service_level", locals())


def scheduled_agents(agents: ArrayLike, shrinkage: ArrayLike) -> Any:
    """Scheduled staff for agents on the phones and a shrinkage share in [0, 1):
    ceil(agents / (1 - shrinkage)), a quotient within a few ulps of an integer counting as it.

    >>> scheduled_agents(14, 0.3)
    20
    """
    return _call("scheduled_agents", locals())


def set_num_threads(n: int = 0) -> None:
    """Threads that large arrays (16384+ elements per thread) are split over; 0 (the
    default) means one per hardware thread. The loops run in C++ with the GIL released;
    where the system refuses a thread, the others take its share."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("set_num_threads: n must be an int")
    if n < 0:
        raise ValueError(f"set_num_threads: n is {n}, but must be >= 0")
    _core.set_num_threads(min(n, 4096))


def get_num_threads() -> int:
    """Threads that large arrays are split over (see set_num_threads)."""
    return _core.get_num_threads()
