"""One plan for every channel of a day: phone, chat, e-mail / back office and outbound work.

Each channel is sized by its own model — phone by plan_day (Erlang-C/A/X),
chat by the concurrency model (erlangkit.chat), deferred work by the fluid
backlog (deferred_work), outbound work by its workload — and the plan adds
their agents up per interval. Definitions: docs/planning.md, "Every channel".
"""
from __future__ import annotations

import math
from typing import Any, Dict, Optional, Union

import numpy as np

from . import chat as _chat
from ._api import DomainError, scheduled_agents
from .deferred import deferred_work
from .planning import _pandas, parse_interval, plan_day

_CHANNELS = ("phone", "chat", "email", "outbound")


class ChannelPlan:
    """A multi-channel day plan.

    ``channels``: {name: that channel's table} (a DataFrame per channel with at
    least ``agents``); ``intervals``: a DataFrame with one ``<channel>_agents``
    column per channel, ``agents`` (their sum), ``scheduled`` (shrinkage
    applied to the sum) and ``<channel>_ok`` (the channel's target met in the
    interval); ``totals``: agent-hours per channel and in total, scheduled
    hours, FTE.
    """

    def __init__(self, channels: Dict[str, Any], intervals: Any, totals: Dict[str, float]):
        self.channels = channels
        self.intervals = intervals
        self.totals = totals

    def __repr__(self) -> str:
        t = self.totals
        parts = ", ".join(f"{c} {t[c + '_agent_hours']:.6g} h" for c in self.channels)
        return f"ChannelPlan({len(self.intervals)} intervals: {parts}; {t['fte']:.6g} FTE)"


def plan_channels(interval: Union[float, str, Any], *, phone: Optional[dict] = None, chat: Optional[dict] = None,
                  email: Optional[dict] = None, outbound: Optional[dict] = None, shrinkage: float = 0.0,
                  paid_hours_per_fte: float = 8.0) -> ChannelPlan:
    """Plans several channels over the same intervals and adds their agents up.

    - phone: plan_day's arguments (``calls``, ``aht``, targets, ``patience``,
      ``lines``, ``redial``, ``method``...), without interval and shrinkage.
    - chat: ``chats`` per interval, ``aht`` (the list of handle times, one per
      concurrency level, seconds), ``target`` with ``target_time``, optional
      ``patience`` (mean, seconds) and ``convention``: the fewest agents per
      interval by erlangkit.chat.agents_for_service_level, and its measures.
    - email: deferred_work's arguments (``arrivals``, ``handle_time``,
      ``deadline``, ``target``, ``rule``, ``margin``...), without interval.
    - outbound: ``calls`` to make per interval and ``aht`` (seconds), optional
      ``occupancy`` (the share of an agent's time spent on calls, default
      0.85): agents = calls x aht / (interval x occupancy), rounded up — work
      that waits for agents, not agents for work.
    - shrinkage, paid_hours_per_fte: for the total (scheduled = total agents /
      (1 - shrinkage); FTE = scheduled hours / paid_hours_per_fte).

    Every channel's volumes must have the same number of intervals; the plan
    keeps the index of the first pandas Series it meets (phone, chat, email,
    outbound), else a RangeIndex. Errors: DomainError naming the channel.

        >>> import erlangkit as ek
        >>> p = ek.plan_channels("30min", phone=dict(calls=[100, 150], aht=180, target=0.8, target_time=20),
        ...                      chat=dict(chats=[40, 60], aht=[240, 300, 420], target=0.8, target_time=60),
        ...                      outbound=dict(calls=[20, 0], aht=300))
        >>> p.intervals[["phone_agents", "chat_agents", "outbound_agents", "agents"]].values.tolist()
        [[14.0, 4.0, 4.0, 22.0], [19.0, 6.0, 0.0, 25.0]]
    """
    fn = "plan_channels"
    pd = _pandas(fn)
    seconds = parse_interval(interval, fn)
    given = {k: v for k, v in dict(phone=phone, chat=chat, email=email, outbound=outbound).items() if v is not None}
    if not given:
        raise DomainError(f"{fn}: give at least one channel ({', '.join(_CHANNELS)})")
    volumes = dict(phone="calls", chat="chats", email="arrivals", outbound="calls")
    sizes, index = {}, None
    for name, spec in given.items():
        if volumes[name] not in spec:
            raise DomainError(f"{fn}: {name} needs {volumes[name]!r} (one volume per interval)")
        v = spec[volumes[name]]
        if index is None and isinstance(v, pd.Series):
            index = v.index
        sizes[name] = len(v)
    if len(set(sizes.values())) != 1:
        raise DomainError(f"{fn}: the channels have different numbers of intervals: "
                          + ", ".join(f"{k} {n}" for k, n in sizes.items()))
    n = next(iter(sizes.values()))
    index = pd.RangeIndex(n) if index is None else index
    tables: Dict[str, Any] = {}
    ok: Dict[str, np.ndarray] = {}
    if phone is not None:
        p = plan_day(interval=interval, **phone)
        tables["phone"] = p.intervals.set_axis(index)
        ok["phone"] = (p.intervals["status"] == "ok").to_numpy()
    if chat is not None:
        spec = dict(chat)
        chats = np.asarray(spec.pop("chats"), dtype=float)
        aht, target, t = spec.pop("aht"), spec.pop("target"), spec.pop("target_time")
        patience, convention = spec.pop("patience", math.inf), spec.pop("convention", "offered")
        if spec:
            raise DomainError(f"{fn}: chat takes chats, aht, target, target_time, patience, convention; "
                              f"not {sorted(spec)}")
        rate = chats / seconds
        agents = np.asarray(_chat.agents_for_service_level(target, t, rate, aht, patience=patience,
                                                           convention=convention), dtype=float)
        sl = _chat.service_level(agents, rate, aht, t, patience=patience, convention=convention)
        tables["chat"] = pd.DataFrame({"chats": chats, "agents": agents, "service_level": sl,
                                       "asa": _chat.asa(agents, rate, aht, patience=patience),
                                       "abandon_rate": _chat.prob_abandon(agents, rate, aht, patience=patience),
                                       "occupancy": _chat.occupancy(agents, rate, aht, patience=patience)},
                                      index=index)
        ok["chat"] = np.asarray(sl) >= target
    if email is not None:
        d = deferred_work(interval=interval, **email)
        tables["email"] = d.intervals.set_axis(index)
        target = email.get("target")
        ok["email"] = (d.intervals["running_share"] >= target).to_numpy() if target is not None else np.ones(n, bool)
    if outbound is not None:
        spec = dict(outbound)
        calls = np.asarray(spec.pop("calls"), dtype=float)
        aht = float(spec.pop("aht"))
        occ = float(spec.pop("occupancy", 0.85))
        if spec:
            raise DomainError(f"{fn}: outbound takes calls, aht, occupancy; not {sorted(spec)}")
        if not (0 < occ <= 1):
            raise DomainError(f"{fn}: outbound occupancy is {occ!r}, but must be in (0, 1]")
        if not (aht > 0 and math.isfinite(aht)) or (calls < 0).any() or not np.isfinite(calls).all():
            raise DomainError(f"{fn}: outbound calls must be finite and >= 0 and aht finite and > 0")
        # Rounded up, less a relative 1e-12 so that workloads that fill whole agents exactly stay whole.
        agents = np.maximum(np.ceil(calls * aht / (seconds * occ) * (1 - 1e-12)), 0.0)
        tables["outbound"] = pd.DataFrame({"calls": calls, "agents": agents}, index=index)
        ok["outbound"] = np.ones(n, bool)
    cols = {f"{c}_agents": tables[c]["agents"].to_numpy(dtype=float) for c in tables}
    total = np.sum(list(cols.values()), axis=0)
    scheduled = np.asarray(scheduled_agents(total, shrinkage), dtype=float)
    frame = pd.DataFrame({**cols, "agents": total, "scheduled": scheduled, **{f"{c}_ok": ok[c] for c in tables}},
                         index=index)
    hours = seconds / 3600
    totals = {f"{c}_agent_hours": float(np.nansum(cols[f"{c}_agents"]) * hours) for c in tables}
    totals.update(agent_hours=float(np.nansum(total) * hours), scheduled_hours=float(np.nansum(scheduled) * hours))
    totals["fte"] = totals["scheduled_hours"] / paid_hours_per_fte
    return ChannelPlan(tables, frame, totals)


__all__ = ["ChannelPlan", "plan_channels"]
