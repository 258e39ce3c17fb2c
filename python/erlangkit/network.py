"""Small queueing networks: open Jackson networks and closed networks by exact mean value
analysis (MVA). Models, derivations and accuracy: docs/networks.md."""
from __future__ import annotations

from typing import Any, Sequence

import numpy as np

from . import _core


def _vector(fn: str, name: str, value: Any, size: int | None = None) -> np.ndarray:
    a = np.asarray(value, dtype=float)
    if size is not None and a.ndim == 0:
        a = np.full(size, float(a))
    if a.ndim != 1:
        raise _core.DomainError(f"{fn}: {name} must be a number or a one-dimensional sequence of numbers")
    return np.ascontiguousarray(a)


class JacksonNetwork:
    """The measures of :func:`jackson_network`: per node (arrays, in node order)
    ``arrival_rate`` (from the traffic equations), ``utilization``, ``L``, ``Lq``,
    ``W``, ``Wq`` (per visit), ``p_wait``, ``visits`` (per customer), and for the
    whole network ``L_total``, ``W_total`` (a customer's time from entering to
    leaving) and ``throughput`` (customers per unit of time)."""

    arrival_rate: np.ndarray
    utilization: np.ndarray
    L: np.ndarray
    Lq: np.ndarray
    W: np.ndarray
    Wq: np.ndarray
    p_wait: np.ndarray
    visits: np.ndarray
    L_total: float
    W_total: float
    throughput: float

    _NODE = ("arrival_rate", "utilization", "L", "Lq", "W", "Wq", "p_wait", "visits")

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def to_frame(self) -> Any:
        """A pandas DataFrame: one row per node, one column per per-node measure."""
        import pandas as pd

        return pd.DataFrame({k: getattr(self, k) for k in self._NODE}).rename_axis("node")

    def __repr__(self) -> str:
        return (f"JacksonNetwork(nodes={len(self.L)}, L_total={self.L_total!r}, W_total={self.W_total!r}, "
                f"throughput={self.throughput!r})")


def jackson_network(arrival_rates: Sequence[float], service_rates: Sequence[float], routing: Any,
                    servers: Any = 1) -> JacksonNetwork:
    """An open Jackson network in equilibrium: per-node and whole-network measures.

    arrival_rates: external Poisson arrivals into each node (per unit of time).
    service_rates: mu of one server at each node. routing: a k x k matrix,
    routing[j][i] the probability that a customer leaving node j goes to node i
    (the rest of row j leaves the network). servers: c per node (a number for
    all, or one per node; ``math.inf`` for a delay node).

    By Jackson's theorem each node behaves as an independent M/M/c queue at the
    rate lambda solving the traffic equations lambda = gamma + P^T lambda, and
    the totals follow by Little's law: L_total = sum L_j, throughput = sum
    gamma_j, W_total = L_total / throughput. Accuracy: the node measures as
    :func:`queue_metrics` (~1e-14), the traffic equations to rounding (a dense
    solve, at most 2,000 nodes). Errors: DomainError for a row summing above 1,
    a node from which customers never leave, an unstable node (lambda_j >=
    c_j mu_j, named with its rate), bad rates or shapes.

        >>> import erlangkit as ek
        >>> net = ek.jackson_network([1.0, 0.0], [2.0, 3.0], [[0, 1], [0, 0]])  # two M/M/1 in tandem
        >>> round(net.L_total, 12), round(net.W_total, 12)
        (1.5, 1.5)
        >>> net.to_frame()["W"].round(6).tolist()
        [1.0, 0.5]
    """
    gamma = _vector("jackson_network", "arrival_rates", arrival_rates)
    k = gamma.size
    mu = _vector("jackson_network", "service_rates", service_rates)
    c = _vector("jackson_network", "servers", servers, k)
    P = np.asarray(routing, dtype=float)
    if P.shape != (k, k):
        raise _core.DomainError(f"jackson_network: routing must be a {k} x {k} matrix (one row and column a node), "
                         f"got shape {P.shape}")
    out = _core.jackson_network(gamma, mu, np.ascontiguousarray(P).ravel(), c)
    return JacksonNetwork(out)


class MVAResult:
    """The results of :func:`mva`. Curves over the population n = 1..N:
    ``throughput`` (cycles per unit of time), ``response_time`` (a cycle's time
    at the stations, think time excluded). Per station at N: ``residence_time``,
    ``queue_length``, ``utilization``."""

    throughput: np.ndarray
    response_time: np.ndarray
    residence_time: np.ndarray
    queue_length: np.ndarray
    utilization: np.ndarray

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def to_frame(self) -> Any:
        """A pandas DataFrame of the curves, indexed by the population n = 1..N."""
        import pandas as pd

        n = np.arange(1, len(self.throughput) + 1)
        return pd.DataFrame({"throughput": self.throughput, "response_time": self.response_time},
                            index=pd.Index(n, name="population"))

    def __repr__(self) -> str:
        return (f"MVAResult(population={len(self.throughput)}, throughput={self.throughput[-1]!r}, "
                f"response_time={self.response_time[-1]!r})")


def mva(service_demands: Sequence[float], population: int, think_time: float = 0.0,
        delay: Sequence[bool] | None = None) -> MVAResult:
    """Exact mean value analysis of a closed single-class network of N customers.

    service_demands: D_k per station, the total service a customer needs there
    per cycle (visits x mean service time). population: N, whole >= 1.
    think_time: Z, a delay between cycles (0: none). delay: optional flags, True
    for an infinite-server (delay) station, whose residence time is D_k.
    Queueing stations are single-server, load-independent (FCFS exponential,
    or processor sharing).

    Reiser and Lavenberg's recursion, from Q_k(0) = 0: R_k(n) = D_k (1 +
    Q_k(n - 1)), X(n) = n / (Z + sum_k R_k(n)), Q_k(n) = X(n) R_k(n) — sums
    and products of positive numbers, a few ulps a step (checked against
    Buzen's convolution and the machine-repairman queue). Cost O(N K).
    Errors: DomainError for a negative demand, a fractional population, a
    cycle of zero time.

        >>> import erlangkit as ek
        >>> r = ek.mva([0.05, 0.1, 0.02], population=20, think_time=1.0)
        >>> round(float(r.throughput[-1]), 6), round(float(r.utilization[1]), 6)   # the bottleneck D = 0.1
        (9.929182, 0.992918)
    """
    D = _vector("mva", "service_demands", service_demands)
    flags = [False] * D.size if delay is None else [bool(v) for v in delay]
    return MVAResult(_core.mva(D, float(population), float(think_time), flags))


__all__ = ["JacksonNetwork", "jackson_network", "MVAResult", "mva"]
