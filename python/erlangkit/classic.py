"""The classic birth-death queues: M/M/1, M/M/c, M/M/1/K, M/M/c/K, M/M/c/c, M/M/inf and finite-source
M/M/c/K/m. Model and formulas: docs/classic_queues.md."""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from . import _core

_FIELDS = ("L", "Lq", "W", "Wq", "throughput", "utilization", "p0", "p_wait", "p_block")


class QueueMetrics:
    """The measures of :func:`queue_metrics`, as attributes: floats for scalar
    inputs, arrays of the broadcast shape otherwise.

    L, Lq: mean number in the system, waiting. W, Wq: mean time in the system,
    waiting, of an admitted customer (Little: L = throughput W). throughput:
    admitted customers per unit of time. utilization: mean busy servers /
    servers (0 for M/M/inf, whose busy servers are L). p0: P(empty). p_wait:
    P(an arrival is admitted and waits). p_block: P(an arrival finds the
    system full).
    """

    L: Any
    Lq: Any
    W: Any
    Wq: Any
    throughput: Any
    utilization: Any
    p0: Any
    p_wait: Any
    p_block: Any

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def to_dict(self) -> dict:
        """The measures by name."""
        return {k: getattr(self, k) for k in _FIELDS}

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per element (flattened), one column per measure."""
        import pandas as pd

        return pd.DataFrame({k: np.ravel(v) for k, v in self.to_dict().items()})

    def __repr__(self) -> str:
        return "QueueMetrics(" + ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items()) + ")"


def queue_metrics(arrival_rate: Any, service_rate: Any, servers: Any = 1, capacity: Any = math.inf,
                  sources: Any = math.inf) -> QueueMetrics:
    """Every textbook measure of the birth-death queue M/M/c/K/m in equilibrium.

    arrival_rate: lambda, customers per unit of time (per source while not in
    the system when sources is finite). service_rate: mu per server.
    servers: c (whole, or inf for M/M/inf). capacity: K places in the system
    (whole >= servers, or inf). sources: m (whole, or inf for Poisson
    arrivals). Every argument broadcasts by numpy's rules. M/M/c/c is
    Erlang-B (p_block); with finite sources and capacity = servers, Engset.

    Exact formulas (docs/classic_queues.md): closed forms for M/M/c and
    M/M/inf, sums over the chain otherwise, rescaled so that c up to 1e5
    and K up to 1e6 neither overflow nor lose digits (~1e-13 relative;
    tests/test_birth_death.cpp). Errors: DomainError naming the parameter
    (and the index, for arrays), also for an unstable queue
    (arrival_rate >= servers * service_rate with unlimited capacity and
    sources).

        >>> import erlangkit as ek
        >>> m = ek.queue_metrics(8, 4, servers=5, capacity=12)
        >>> round(m.L, 6), round(m.p_block, 9)
        (2.039346, 5.8691e-05)
        >>> ek.queue_metrics(3, 4).W   # M/M/1: 1 / (mu - lambda)
        1.0
    """
    args = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (arrival_rate, service_rate, servers,
                                                                       capacity, sources)))
    shape = args[0].shape
    flat = [np.ascontiguousarray(a).ravel() for a in args]
    out = _core.queue_metrics(*flat)
    if shape == ():
        return QueueMetrics({k: float(out[0, i]) for i, k in enumerate(_FIELDS)})
    return QueueMetrics({k: out[:, i].reshape(shape) for i, k in enumerate(_FIELDS)})


def state_probabilities(arrival_rate: float, service_rate: float, servers: float = 1, capacity: float = math.inf,
                        sources: float = math.inf, *, max_state: int) -> np.ndarray:
    """P(j customers in the system) for j = 0..max_state, for one queue (scalars):
    the same arguments as :func:`queue_metrics`.

        >>> import erlangkit as ek
        >>> ek.state_probabilities(3, 4, max_state=3).round(6).tolist()   # M/M/1: (1 - rho) rho^j
        [0.25, 0.1875, 0.140625, 0.105469]
    """
    if int(max_state) != max_state or max_state < 0:
        raise ValueError(f"state_probabilities: max_state is {max_state!r}, but must be a whole number >= 0")
    return _core.state_probabilities(float(arrival_rate), float(service_rate), float(servers), float(capacity),
                                     float(sources), int(max_state))


def _time_law(which: int, x: Any, arrival_rate: Any, service_rate: Any, servers: Any, capacity: Any,
              sources: Any) -> Any:
    args = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (x, arrival_rate, service_rate, servers,
                                                                       capacity, sources)))
    shape = args[0].shape
    out = _core.queue_time_law(which, *[np.ascontiguousarray(a).ravel() for a in args])
    return float(out[0]) if shape == () else out.reshape(shape)


def waiting_time_survival(t: Any, arrival_rate: Any, service_rate: Any, servers: Any = 1,
                          capacity: Any = math.inf, sources: Any = math.inf) -> Any:
    """P(Wq > t): the probability that an admitted customer waits longer than t (FCFS),
    for the queues of :func:`queue_metrics` (same arguments; t in the unit of the rates).

    Exact (docs/classic_queues.md, "Waiting and sojourn times"): C e^{-(c mu - lambda) t}
    for M/M/c, 0 for M/M/inf, and for a finite room or population the arrival-weighted
    law of the states mixed with Poisson counts of the c mu completions, summed over a
    window of ~80 sqrt(c mu t) terms (chains up to 1e7 states). Accuracy ~1e-13
    relative (tests/test_birth_death_wait.cpp). Every argument broadcasts. Errors:
    DomainError for t < 0 (t = inf gives 0) and as :func:`queue_metrics`.

        >>> import erlangkit as ek
        >>> round(ek.waiting_time_survival(0.5, 3, 4), 12)   # M/M/1: rho e^{-(mu - lambda) t}
        0.454897994784
        >>> ek.waiting_time_survival([0.0, 0.1, 1.0], 8, 4, servers=5, capacity=12).round(6).tolist()
        [0.05961, 0.017886, 0.0]
    """
    return _time_law(0, t, arrival_rate, service_rate, servers, capacity, sources)


def sojourn_time_survival(t: Any, arrival_rate: Any, service_rate: Any, servers: Any = 1,
                          capacity: Any = math.inf, sources: Any = math.inf) -> Any:
    """P(W > t): the probability that an admitted customer spends longer than t in the
    system, waiting and in service (FCFS); arguments and method as
    :func:`waiting_time_survival`.

        >>> import erlangkit as ek
        >>> round(ek.sojourn_time_survival(0.5, 3, 4), 12)   # M/M/1: e^{-(mu - lambda) t}
        0.606530659713
    """
    return _time_law(1, t, arrival_rate, service_rate, servers, capacity, sources)


def waiting_time_quantile(p: Any, arrival_rate: Any, service_rate: Any, servers: Any = 1,
                          capacity: Any = math.inf, sources: Any = math.inf) -> Any:
    """The p-quantile of an admitted customer's wait: the smallest t with P(Wq <= t) >= p
    (0 when at least a share p does not wait), p strictly between 0 and 1. A bracketed
    root of the exact law, to a few ulps. Errors: DomainError for p outside (0, 1).

        >>> import erlangkit as ek
        >>> round(ek.waiting_time_quantile(0.9, 7, 1, servers=8), 9)   # M/M/c: ln(C / 0.1) / (c mu - lambda)
        1.848952355
    """
    return _time_law(2, p, arrival_rate, service_rate, servers, capacity, sources)


def sojourn_time_quantile(p: Any, arrival_rate: Any, service_rate: Any, servers: Any = 1,
                          capacity: Any = math.inf, sources: Any = math.inf) -> Any:
    """The p-quantile of an admitted customer's time in the system (wait and service), as
    :func:`waiting_time_quantile`.

        >>> import erlangkit as ek
        >>> round(ek.sojourn_time_quantile(0.5, 3, 4), 12)   # M/M/1: ln 2 / (mu - lambda)
        0.69314718056
    """
    return _time_law(3, p, arrival_rate, service_rate, servers, capacity, sources)


__all__ = ["QueueMetrics", "queue_metrics", "state_probabilities", "waiting_time_survival",
           "sojourn_time_survival", "waiting_time_quantile", "sojourn_time_quantile"]
