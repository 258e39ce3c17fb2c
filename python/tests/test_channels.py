"""erlangkit.plan_channels: every channel sized by its own model (called directly here), summed."""
import math

import numpy as np
import pandas as pd
import pytest

import erlangkit as ek


def test_each_channel_is_its_own_model_and_the_total_is_their_sum():
    idx = pd.date_range("2026-11-23 08:00", periods=8, freq="30min")
    calls = pd.Series([60, 90, 140, 160, 150, 120, 90, 70], index=idx, dtype=float)
    chats = np.array([10, 20, 30, 40, 40, 30, 20, 10], dtype=float)
    mails = np.array([40, 30, 20, 20, 20, 20, 10, 10], dtype=float)
    out = np.array([0, 0, 30, 30, 30, 30, 0, 0], dtype=float)
    p = ek.plan_channels("30min", phone=dict(calls=calls, aht=240, target=0.8, target_time=20, patience=120),
                         chat=dict(chats=chats, aht=[300, 420, 600], target=0.8, target_time=60, patience=300),
                         email=dict(arrivals=mails, handle_time=360, deadline="2h", target=0.9),
                         outbound=dict(calls=out, aht=200, occupancy=0.8), shrinkage=0.3)
    assert p.intervals.index.equals(idx)
    phone = ek.plan_day(calls, 240, "30min", target=0.8, target_time=20, patience=120)
    assert (p.intervals["phone_agents"] == phone.intervals["agents"]).all()
    chat_n = ek.chat.agents_for_service_level(0.8, 60, chats / 1800, [300, 420, 600], patience=300)
    assert (p.intervals["chat_agents"].to_numpy() == chat_n).all()
    mail = ek.deferred_work(mails, 360, "30min", "2h", target=0.9)
    assert (p.intervals["email_agents"].to_numpy() == mail.intervals["agents"].to_numpy()).all()
    assert p.intervals["outbound_agents"].tolist() == [math.ceil(c * 200 / (1800 * 0.8)) for c in out]
    parts = p.intervals[["phone_agents", "chat_agents", "email_agents", "outbound_agents"]].sum(axis=1)
    assert (p.intervals["agents"] == parts).all()
    assert (p.intervals["scheduled"] == ek.scheduled_agents(parts.to_numpy(), 0.3)).all()
    assert p.totals["agent_hours"] == pytest.approx(parts.sum() / 2)
    assert p.intervals[["phone_ok", "chat_ok", "email_ok", "outbound_ok"]].all().all()


def test_outbound_that_fills_whole_agents_stays_whole_and_errors_name_the_channel():
    p = ek.plan_channels(900, outbound=dict(calls=[9, 0], aht=100, occupancy=1.0))
    assert p.intervals["outbound_agents"].tolist() == [1.0, 0.0]
    with pytest.raises(ek.DomainError, match="different numbers of intervals: phone 2, chat 3"):
        ek.plan_channels(900, phone=dict(calls=[1, 2], aht=100, target=0.8, target_time=20),
                         chat=dict(chats=[1, 2, 3], aht=[100], target=0.8, target_time=20))
    with pytest.raises(ek.DomainError, match="chat needs 'chats'"):
        ek.plan_channels(900, chat=dict(aht=[100], target=0.8, target_time=20))
    with pytest.raises(ek.DomainError, match="give at least one channel"):
        ek.plan_channels(900)
