"""Approximations for the G/G/c queue (renewal arrivals, general service, c servers) from
means and coefficients of variation. Formulas and their measured error: docs/ggc.md."""
from __future__ import annotations

from typing import Any

import numpy as np

from . import _core

_METHODS = {"kingman": 0, "allen_cunneen": 1, "kraemer_langenbach_belz": 2}
_FIELDS = ("Wq", "W", "Lq", "L", "utilization", "p_wait")


class GGcMetrics:
    """The measures of :func:`ggc_approximation`: ``Wq``, ``W`` (mean wait and time in
    the system), ``Lq``, ``L`` (by Little's law), ``utilization`` (exact) and ``p_wait``
    (Erlang-C's value: an approximation); floats for scalars, arrays otherwise."""

    Wq: Any
    W: Any
    Lq: Any
    L: Any
    utilization: Any
    p_wait: Any

    def __init__(self, values: dict):
        self.__dict__.update(values)

    def to_dict(self) -> dict:
        """The measures by name."""
        return {k: getattr(self, k) for k in _FIELDS}

    def __repr__(self) -> str:
        return "GGcMetrics(" + ", ".join(f"{k}={v!r}" for k, v in self.to_dict().items()) + ")"


def ggc_approximation(arrival_rate: Any, service_mean: Any, servers: Any = 1, ca: Any = 1.0, cs: Any = 1.0,
                      method: str = "allen_cunneen") -> GGcMetrics:
    """Approximate measures of the G/G/c queue (FCFS, unlimited room) from the arrival
    rate, the mean service time, the servers and the coefficients of variation of the
    interarrival (``ca``) and service (``cs``) times.

    method: ``"allen_cunneen"`` (any c): Wq = Wq(M/M/c) (ca^2 + cs^2)/2;
    ``"kingman"`` (c = 1): Wq = rho/(1 - rho) (ca^2 + cs^2)/2 E[S], exact for M/G/1
    (Pollaczek-Khinchine) when ca = 1; ``"kraemer_langenbach_belz"`` (c = 1): Kingman
    with a correction for ca != 1. Every method is exact for M/M/c; otherwise these
    are approximations, their error against a seeded simulation tabulated in
    docs/ggc.md. Every numeric argument broadcasts. Errors: DomainError for rho >= 1,
    a one-server method with servers != 1, bad values.

        >>> import erlangkit as ek
        >>> round(ek.ggc_approximation(0.8, 1.0, ca=1.0, cs=0.0, method="kingman").Wq, 12)  # M/D/1: rho/(2(1-rho))
        2.0
        >>> round(ek.ggc_approximation(4.5, 1.0, servers=5, ca=0.8, cs=0.5).Wq, 6)
        0.678619
    """
    if method not in _METHODS:
        raise _core.DomainError(f"ggc_approximation: method is {method!r}, but must be one of "
                                + ", ".join(_METHODS))
    args = np.broadcast_arrays(*(np.asarray(v, dtype=float) for v in (arrival_rate, service_mean, servers, ca,
                                                                       cs)))
    shape = args[0].shape
    out = _core.ggc_approximation(_METHODS[method], *[np.ascontiguousarray(a).ravel() for a in args])
    if shape == ():
        return GGcMetrics({k: float(out[0, i]) for i, k in enumerate(_FIELDS)})
    return GGcMetrics({k: out[:, i].reshape(shape) for i, k in enumerate(_FIELDS)})


__all__ = ["GGcMetrics", "ggc_approximation"]
