"""Chat and messaging concurrency: agents who hold up to k chats at once.

``aht`` is a list of k handle times: ``aht[m-1]`` is the mean handle time of a chat
while its agent holds m chats, and its length is the maximum concurrency. It is
one list for the whole call (it does not broadcast); every other argument
broadcasts as in the top-level functions, with the same conventions, options
and errors. Chats are spread evenly over the agents; customers who find all
``agents * k`` places taken queue first come, first served, and hang up after an
exponential patience of mean ``patience`` (``math.inf``: never). Agents are whole.

Model and formulas: docs/chat.md and docs/math/chat.md.

    >>> from erlangkit import chat
    >>> round(chat.service_level(13, 6.0, [4.0, 5.0, 6.5], 0.5, patience=3.0), 6)
    0.820473
    >>> chat.agents_for_service_level(0.8, 0.5, 6.0, [4.0, 5.0, 6.5], patience=3.0)
    13
"""
from __future__ import annotations

import math
from typing import Any, Sequence

from . import _core
from ._api import ArrayLike, _call, _kernel_specs

_SPECS = _kernel_specs(_core.__chat_kernels__, "chat_")


def _chat(fn: str, args: dict) -> Any:
    aht = args.pop("aht")
    return _call(fn, args, _SPECS, (aht,))


def prob_wait(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
              patience: ArrayLike = math.inf) -> Any:
    """Probability that a customer waits, P(W > 0): all agents * k places taken on arrival."""
    return _chat("prob_wait", locals())


def prob_abandon(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
                 patience: ArrayLike = math.inf) -> Any:
    """Probability that a customer hangs up before being answered (0 with infinite patience)."""
    return _chat("prob_abandon", locals())


def occupancy(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
              patience: ArrayLike = math.inf) -> Any:
    """Agent occupancy: mean busy agents / agents, an agent busy while it holds at least one chat."""
    return _chat("occupancy", locals())


def utilisation(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
                patience: ArrayLike = math.inf) -> Any:
    """Chat utilisation: mean chats in service / (agents * len(aht))."""
    return _chat("chat_utilisation", locals())


def service_level(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float], target_time: ArrayLike,
                  patience: ArrayLike = math.inf, convention: str = "offered") -> Any:
    """Share of customers answered within target_time (same time unit as aht), in a
    convention: "offered" (default), "answered", "virtual" or "excl_short_abandons"
    (docs/conventions.md)."""
    return _chat("service_level", locals())


def asa(agents: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float], patience: ArrayLike = math.inf,
        convention: str = "answered") -> Any:
    """Average speed of answer in a convention: "answered" (default), "all" or "virtual"."""
    return _chat("asa", locals())


def agents_for_service_level(target: ArrayLike, target_time: ArrayLike, arrival_rate: ArrayLike,
                             aht: Sequence[float], patience: ArrayLike = math.inf, convention: str = "offered",
                             max_occupancy: ArrayLike = 1.0, fractional: bool = False) -> Any:
    """Fewest agents whose service level within target_time is at least target (0 < target < 1)."""
    return _chat("agents_for_service_level", locals())


def agents_for_asa(target_asa: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
                   patience: ArrayLike = math.inf, convention: str = "answered", max_occupancy: ArrayLike = 1.0,
                   fractional: bool = False) -> Any:
    """Fewest agents whose ASA (in the given convention) is at most target_asa (> 0)."""
    return _chat("agents_for_asa", locals())


def agents_for_abandon_rate(target: ArrayLike, arrival_rate: ArrayLike, aht: Sequence[float],
                            patience: ArrayLike, max_occupancy: ArrayLike = 1.0, fractional: bool = False) -> Any:
    """Fewest agents whose abandonment probability is at most target; needs finite patience."""
    return _chat("agents_for_abandon_rate", locals())


__all__ = ["agents_for_abandon_rate", "agents_for_asa", "agents_for_service_level", "asa", "occupancy",
           "prob_abandon", "prob_wait", "service_level", "utilisation"]
