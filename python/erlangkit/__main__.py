"""Command line: quick answers in the units people speak.

    erlangkit staff --calls 100 --per 30min --aht 3min --sl 80/20s --patience 2min --shrinkage 30%
    erlangkit table --calls 100 --per 30min --aht 3min --sl 80/20s --agents 10:16
    erlangkit demo

Times take a unit (s, sec, min, h; a bare number is seconds); shares take % or a
fraction. Bad input prints one line on stderr and exits 2.
"""
from __future__ import annotations

import argparse
import math
import re
import sys

from . import _api as ek

_UNITS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "m": 60.0, "min": 60.0,
          "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hr": 3600.0, "hour": 3600.0,
          "hours": 3600.0}


class UsageError(Exception):
    pass


def parse_time(text: str) -> float:
    """'30min' -> 1800.0 seconds; '20s', '1.5h', '45' (seconds)."""
    m = re.fullmatch(r"\s*([0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*([a-zA-Z]*)\s*", text)
    if not m or (m.group(2) and m.group(2).lower() not in _UNITS):
        raise UsageError(f"cannot read the time '{text}' (try 20s, 3min, 1.5h)")
    return float(m.group(1)) * _UNITS.get(m.group(2).lower(), 1.0)


def parse_share(text: str) -> float:
    """'30%' -> 0.3; '0.3' -> 0.3."""
    t = text.strip()
    try:
        v = float(t[:-1]) / 100 if t.endswith("%") else float(t)
    except ValueError:
        raise UsageError(f"cannot read the share '{text}' (try 30% or 0.3)") from None
    return v


def parse_sl(text: str) -> tuple:
    """'80/20s' -> (0.8, 20.0): 80% answered within 20 seconds."""
    if "/" not in text:
        raise UsageError(f"cannot read the service level '{text}' (try 80/20s)")
    share, time = text.split("/", 1)
    target = parse_share(share if share.strip().endswith("%") else share.strip() + "%")
    return target, parse_time(time)


def parse_calls(text: str) -> float:
    try:
        v = float(text)
    except ValueError:
        raise UsageError(f"--calls is '{text}', but must be a number of contacts") from None
    if not (v >= 0 and math.isfinite(v)):
        raise UsageError(f"--calls is {text}, but must be finite and >= 0")
    return v


def parse_range(text: str) -> range:
    m = re.fullmatch(r"\s*(\d+)\s*:\s*(\d+)\s*", text)
    if not m or int(m.group(1)) > int(m.group(2)):
        raise UsageError(f"cannot read the agent range '{text}' (try 10:20)")
    return range(int(m.group(1)), int(m.group(2)) + 1)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(message)


def _fmt_time(seconds: float) -> str:
    if math.isinf(seconds):
        return "inf"
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _queue_args(p: argparse.ArgumentParser, sl_required: bool) -> None:
    p.add_argument("--calls", type=parse_calls, required=True, help="contacts per period")
    p.add_argument("--per", type=parse_time, default=parse_time("30min"), help="period, e.g. 30min (default)")
    p.add_argument("--aht", type=parse_time, required=True, help="average handle time, e.g. 3min")
    p.add_argument("--sl", type=parse_sl, required=sl_required, default=(0.8, 20.0),
                   help="service-level target, e.g. 80/20s")
    p.add_argument("--patience", type=parse_time, default=math.inf, help="mean patience (omit for Erlang-C)")
    p.add_argument("--convention", default="offered", choices=ek.SL_CONVENTIONS)


def _measures(n, rate, aht, t, patience, convention):
    return (ek.service_level(n, rate, aht, t, patience, convention), ek.asa(n, rate, aht, patience),
            ek.prob_abandon(n, rate, aht, patience), ek.occupancy(n, rate, aht, patience))


def cmd_staff(a) -> None:
    rate = a.calls / a.per
    target, t = a.sl
    n = ek.agents_for_service_level(target, t, rate, a.aht, a.patience, a.convention, a.max_occupancy)
    sl, w, ab, occ = _measures(n, rate, a.aht, t, a.patience, a.convention)
    model = "Erlang-C" if math.isinf(a.patience) else f"Erlang-A (patience {_fmt_time(a.patience)})"
    print(f"{model}: {a.calls:g} contacts per {_fmt_time(a.per)}, AHT {_fmt_time(a.aht)}, "
          f"{rate * a.aht:.2f} Erlangs, target {target:.0%} in {t:g} s ({a.convention})")
    print(f"agents           {n}")
    print(f"scheduled staff  {ek.scheduled_agents(n, a.shrinkage)}  (shrinkage {a.shrinkage:.0%})")
    print(f"service level    {sl:.1%}")
    print(f"ASA              {_fmt_time(w)}")
    print(f"abandoned        {ab:.2%}")
    print(f"occupancy        {occ:.1%}")


def cmd_table(a) -> None:
    rate = a.calls / a.per
    target, t = a.sl
    print(f"{'agents':>6} {'SL':>7} {'ASA':>9} {'abandon':>8} {'occupancy':>9} {'P(wait)':>8}")
    for n in a.agents:
        sl, w, ab, occ = _measures(n, rate, a.aht, t, a.patience, a.convention)
        pw = ek.prob_wait(n, rate, a.aht, a.patience)
        print(f"{n:>6} {sl:>7.1%} {_fmt_time(w):>9} {ab:>8.2%} {occ:>9.1%} {pw:>8.1%}")


def demo_forecast():
    """Calls per 15 minutes over a day: morning and afternoon peaks."""
    import numpy as np

    hour = np.arange(96) / 4
    bump = lambda c, w, h: h * np.exp(-0.5 * ((hour - c) / w) ** 2)  # noqa: E731
    return hour, 4 + bump(10.0, 1.6, 190) + bump(14.5, 1.8, 140) + bump(19.5, 1.2, 40)


def cmd_demo(a) -> None:
    hour, calls = demo_forecast()
    rate, aht, patience = calls / 900, 300.0, 180.0
    agents = ek.agents_for_service_level(0.8, 20, rate, aht, patience)
    sl = ek.service_level(agents, rate, aht, 20, patience)
    w = ek.asa(agents, rate, aht, patience)
    ab = ek.prob_abandon(agents, rate, aht, patience)
    print("A sample day: 96 intervals of 15 min, AHT 5 min, patience 3 min, target 80% in 20 s")
    print(f"{'time':>5} {'calls':>6} {'agents':>6} {'SL':>6} {'ASA':>8} {'abandon':>8}")
    for i in range(0, 96, 4 if a.hourly else 1):
        print(f"{int(hour[i]):02d}:{int(60 * (hour[i] % 1)):02d} {calls[i]:>6.1f} {agents[i]:>6d} {sl[i]:>6.1%} "
              f"{_fmt_time(w[i]):>8} {ab[i]:>8.2%}")
    print(f"total {calls.sum():.0f} calls, {agents.sum() / 4:.1f} agent-hours")


def main(argv=None) -> int:
    p = _Parser(prog="erlangkit", description="Contact-center staffing math (Erlang-B/C/A).")
    sub = p.add_subparsers(dest="command", required=True)
    s = sub.add_parser("staff", help="agents needed for a service-level target")
    _queue_args(s, sl_required=True)
    s.add_argument("--shrinkage", type=parse_share, default=0.0, help="e.g. 30%%")
    s.add_argument("--max-occupancy", type=parse_share, default=1.0, help="e.g. 85%%")
    t = sub.add_parser("table", help="measures for a range of agents")
    _queue_args(t, sl_required=False)
    t.add_argument("--agents", type=parse_range, required=True, help="e.g. 10:20")
    d = sub.add_parser("demo", help="staff a sample day")
    d.add_argument("--hourly", action="store_true", help="print one line per hour")
    for sp in (s, t, d):
        sp.error = p.error  # type: ignore[method-assign]
    try:
        a = p.parse_args(argv)
        {"staff": cmd_staff, "table": cmd_table, "demo": cmd_demo}[a.command](a)
    except (UsageError, ValueError, TypeError) as e:
        print(f"erlangkit: error: {e}", file=sys.stderr)
        return 2
    except BrokenPipeError:  # e.g. piped into head: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
