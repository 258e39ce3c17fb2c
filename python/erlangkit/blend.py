"""Call blending: agents shared by inbound calls and an endless backlog of outbound work.

Inbound calls (Poisson, rate ``arrival_rate``; handle time of mean ``aht``) have
priority and queue first come, first served, hanging up after an exponential
patience of mean ``patience`` (``math.inf``: never). An agent who becomes free
takes the head of the inbound queue; with no one waiting, outbound jobs
(exponential, mean ``outbound_aht``, never interrupted) are started while more
than ``threshold`` agents are idle, so ``threshold`` agents are kept free for
inbound calls. ``threshold >= agents`` is pure inbound (Erlang-A or Erlang-C).
Every measure is of the inbound calls, except ``occupancy`` (inbound and
outbound work), ``inbound_occupancy`` and ``outbound_throughput``. Agents and
thresholds are whole; every argument broadcasts as in the top-level
functions, with the same conventions and errors (``DomainError`` for a negative
or fractional threshold, ``outbound_aht <= 0``; ``EvaluationError`` past the
documented state-space limits).

Model, exact route and accuracy: docs/blending.md.

    >>> from erlangkit import blend
    >>> round(blend.service_level(10, 7.0, 1.0, 0.2, threshold=2, outbound_aht=2.0, patience=2.0), 6)
    0.672683
    >>> round(blend.outbound_throughput(10, 7.0, 1.0, threshold=2, outbound_aht=2.0, patience=2.0), 6)
    1.433112
    >>> blend.threshold_for_service_level(10, 0.6, 0.2, 7.0, 1.0, outbound_aht=2.0, patience=2.0)
    2
"""
from __future__ import annotations

import math
from typing import Any

from . import _core
from ._api import ArrayLike, _call, _kernel_specs

_SPECS = _kernel_specs(_core.__blend_kernels__, "blend_")


def _blend(fn: str, args: dict) -> Any:
    return _call(fn, args, _SPECS)


def prob_wait(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
              outbound_aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
    """Probability that an inbound call waits, P(W > 0): no agent idle on arrival (agents on
    outbound jobs count as busy)."""
    return _blend("prob_wait", locals())


def prob_abandon(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
                 outbound_aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
    """Probability that an inbound call hangs up before being answered (0 with infinite patience)."""
    return _blend("prob_abandon", locals())


def occupancy(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
              outbound_aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
    """Agent occupancy: mean agents busy on inbound or outbound work / agents, in [0, 1]."""
    return _blend("occupancy", locals())


def inbound_occupancy(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
                      outbound_aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
    """Mean agents on inbound calls / agents, in [0, 1]."""
    return _blend("inbound_occupancy", locals())


def outbound_throughput(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
                        outbound_aht: ArrayLike, patience: ArrayLike = math.inf) -> Any:
    """Outbound jobs completed per time unit (the unit of aht), E[outbound in service] / outbound_aht."""
    return _blend("outbound_throughput", locals())


def service_level(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, target_time: ArrayLike, *,
                  threshold: ArrayLike, outbound_aht: ArrayLike, patience: ArrayLike = math.inf,
                  convention: str = "offered") -> Any:
    """Share of inbound calls answered within target_time (same time unit as aht), in a
    convention: "offered" (default), "answered", "virtual" or "excl_short_abandons"
    (docs/conventions.md)."""
    return _blend("service_level", locals())


def asa(agents: ArrayLike, arrival_rate: ArrayLike, aht: ArrayLike, *, threshold: ArrayLike,
        outbound_aht: ArrayLike, patience: ArrayLike = math.inf, convention: str = "answered") -> Any:
    """Inbound average speed of answer in a convention: "answered" (default), "all" or "virtual"."""
    return _blend("asa", locals())


def agents_for_service_level(target: ArrayLike, target_time: ArrayLike, arrival_rate: ArrayLike,
                             aht: ArrayLike, *, threshold: ArrayLike, outbound_aht: ArrayLike,
                             patience: ArrayLike = math.inf, convention: str = "offered",
                             max_occupancy: ArrayLike = 1.0) -> Any:
    """Fewest agents whose inbound service level within target_time is at least target
    (0 < target < 1), with the threshold held fixed."""
    return _blend("agents_for_service_level", locals())


def threshold_for_service_level(agents: ArrayLike, target: ArrayLike, target_time: ArrayLike,
                                arrival_rate: ArrayLike, aht: ArrayLike, *, outbound_aht: ArrayLike,
                                patience: ArrayLike = math.inf, convention: str = "offered") -> Any:
    """The smallest threshold in 0..agents whose inbound service level within target_time is at
    least target: the setting that leaves the most agents to outbound work while the inbound
    target holds (a larger threshold never lowers the inbound service level). Raises
    InfeasibleError when even threshold = agents (pure inbound) misses the target."""
    args = dict(locals())
    args["threshold"] = 0.0  # the kernel's model slot; the search sets its own
    return _blend("threshold_for_service_level", args)


__all__ = ["agents_for_service_level", "asa", "inbound_occupancy", "occupancy", "outbound_throughput",
           "prob_abandon", "prob_wait", "service_level", "threshold_for_service_level"]
