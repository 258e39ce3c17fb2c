"""Command line: quick answers in the units people speak.

    erlangkit staff --calls 100 --per 30min --aht 3min --sl 80/20s --patience 2min --shrinkage 30%
    erlangkit table --calls 100 --per 30min --aht 3min --sl 80/20s --agents 10:16
    erlangkit demo --hourly --format csv
    erlangkit --version

Every subcommand prints a table for people, or with ``--format csv`` / ``--format json``
its result with every digit (times in seconds, shares as fractions, inf as "inf").

How input is read (``erlangkit --help`` says the same):

- Times need a unit: s (sec, second), min (m, minute) or h (hr, hour), as in 20s,
  3min, 1.5h. A bare number is refused with a hint (``--per is 15, but must have
  a unit: 15s, 15min or 15h``), except 0, which is 0 in every unit. ``--patience
  inf`` means callers never hang up, which is Erlang-C (the default).
- Shares take ``%`` or a bare number: a bare number from 0 to 1 is a fraction
  (0.8 = 80%, 1 = 100%), one above 1 a percentage (80 = 80%). So ``--sl 80/20s``,
  ``80%/20s`` and ``0.8/20s`` all mean 80% of contacts answered within 20 s.
  Write ``1%`` for one percent.
- Every number must be finite: nan and inf are refused, except ``--patience inf``.
  Negative values are read (``--aht -3min`` works like ``--aht=-3min``) and then
  refused for the flag they were given to.
- Flags are spelled out in full (no abbreviations), so that new flags never make
  an old command line mean something else.
- Bad input prints one line on stderr, ``erlangkit: error: <flag> is <value>, but
  must be <requirement>``, and exits with status 2. Each echoed value is cut to 40
  characters. Errors raised by the library are restated against the flag the
  value came from (``--calls``, not ``agents_for_service_level: arrival_rate``),
  and a target that cannot be met is named as typed (``--sl 80/20s is not met by
  1,000,000,000 agents or fewer``).

Adding a command: add its flags to FLAGS (a reader turns the typed text into a
value and raises UsageError naming the flag), write a function that returns its
results as plain data and one that prints them, and list them in COMMANDS.
Keeping results apart from their printing leaves room for other output formats.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
from dataclasses import dataclass
from typing import Any, Callable, Optional

from . import __version__
from . import _api as ek
from .planning import plan_day


class UsageError(Exception):
    """Bad input: main() prints the message as one line and exits with status 2."""


ECHO_LIMIT = 40  # characters of user text echoed in an error
MAX_AGENTS = 10**9  # the library's default search limit

_UNITS = {"s": 1.0, "sec": 1.0, "secs": 1.0, "second": 1.0, "seconds": 1.0, "m": 60.0, "min": 60.0,
          "mins": 60.0, "minute": 60.0, "minutes": 60.0, "h": 3600.0, "hr": 3600.0, "hrs": 3600.0,
          "hour": 3600.0, "hours": 3600.0}
# Written so that no two parts can match the same characters: matching stays linear in the length of the text.
_NUMBER = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?|[+-]?(?:infinity|inf|nan)"
_TIME = re.compile(rf"({_NUMBER})\s*([a-z]*)", re.IGNORECASE)


def shown(text: str, limit: int = ECHO_LIMIT) -> str:
    """What the user typed, fit for a one-line error message.

    Control characters are escaped, text longer than `limit` characters is cut
    there and ends in '...', and empty text or text with spaces is quoted.
    """
    s = text if text.isprintable() else repr(text)[1:-1]
    if len(s) > limit:
        s = s[:limit] + "..."
    return f"'{s}'" if not s or " " in s else s


def _refuse(flag: str, text: str, requirement: str) -> UsageError:
    return UsageError(f"{flag} is {shown(text)}, but must be {requirement}")


def _number(text: str) -> Optional[float]:
    """The number written in text (inf and nan included, so they can be refused by name), or None."""
    t = text.strip()
    return float(t) if re.fullmatch(_NUMBER, t, re.IGNORECASE) else None


def _time(text: str) -> Optional[tuple]:
    """'3min' -> (180.0, '3', 'min'): seconds, the number as typed and the unit ('' if none); None if unreadable."""
    m = _TIME.fullmatch(text.strip())
    if not m or (m.group(2) and m.group(2).lower() not in _UNITS):
        return None
    number, unit = m.group(1), m.group(2)
    return float(number) * _UNITS.get(unit.lower(), 1.0), number, unit


def _time_problem(seconds: float, number: str, unit: str, lowest: str, inf_ok: bool = False) -> Optional[str]:
    """What a time must do that it does not ('be a positive time', 'have a unit: ...'), or None if it is fine.

    lowest: "positive" (> 0) or "nonnegative" (>= 0); inf_ok: inf is allowed (it means "never").
    """
    or_inf = " or inf" if inf_ok else ""
    if inf_ok and seconds == math.inf and number.lstrip("+").lower().startswith("inf"):  # typed, not overflowed
        return None
    if lowest == "nonnegative":
        if not 0 <= seconds < math.inf:  # also NaN
            return "be finite and >= 0"
    elif not seconds > 0:
        return "be a positive time" + or_inf
    elif seconds == math.inf:
        return "be a finite time" + or_inf
    if not unit and seconds != 0:
        n = shown(number.strip(), ECHO_LIMIT // 2)
        return f"have a unit: {n}s, {n}min or {n}h"
    return None


def read_time(flag: str, text: str, example: str, inf_ok: bool = False) -> float:
    """A time flag, > 0, in seconds: '30min' -> 1800.0. A unit is required (0 and inf need none)."""
    parsed = _time(text)
    if parsed is None:
        raise _refuse(flag, text, f"a time such as {example}" + (" or inf" if inf_ok else ""))
    problem = _time_problem(*parsed, lowest="positive", inf_ok=inf_ok)
    if problem is not None:
        raise UsageError(f"{flag} is {shown(text)}, but must {problem}")
    return parsed[0]


def _share(text: str) -> Optional[float]:
    """'30%' -> 0.3; a bare number from 0 to 1 is a fraction ('0.3' -> 0.3), one above 1 a
    percentage ('30' -> 0.3). NaN stays NaN (for the caller to refuse); None if unreadable."""
    t = text.strip()
    if t.endswith("%"):
        v = _number(t[:-1])
        return None if v is None else v / 100
    v = _number(t)
    if v is None:
        return None
    return v / 100 if v > 1 else v


def read_share(flag: str, text: str, low_open: bool, high_open: bool) -> float:
    """A share flag as a fraction, inside 0..100% with the ends open or closed as given."""
    v = _share(text)
    if v is None:
        raise _refuse(flag, text, "a share such as 30% or 0.3")
    low_ok = v > 0 if low_open else v >= 0
    high_ok = v < 1 if high_open else v <= 1
    if not (low_ok and high_ok):  # also refuses NaN
        raise _refuse(flag, text, f"{'>' if low_open else '>='} 0% and {'<' if high_open else '<='} 100%")
    return v


def read_sl(flag: str, text: str) -> tuple:
    """'80/20s' -> (0.8, 20.0): 80% of contacts answered within 20 seconds."""
    share_text, _, time_text = text.partition("/")
    share = _share(share_text)
    time = _time(time_text)
    if share is None or time is None:
        raise _refuse(flag, text, "SHARE/TIME such as 80/20s")
    if not 0 < share < 1:
        raise UsageError(f"{flag} is {shown(text)}, but its share must be > 0% and < 100%")
    problem = _time_problem(*time, lowest="nonnegative")
    if problem is not None:
        raise UsageError(f"{flag} is {shown(text)}, but its time must {problem}")
    return share, time[0]


def read_calls(flag: str, text: str) -> float:
    """A number of contacts: finite and >= 0."""
    v = _number(text)
    if v is None:
        raise _refuse(flag, text, "a number of contacts such as 100")
    if not (v >= 0 and math.isfinite(v)):
        raise _refuse(flag, text, "finite and >= 0")
    return v


def read_agents(flag: str, text: str) -> range:
    """'10:20' -> range(10, 21)."""
    m = re.fullmatch(r"(\d{1,10})\s*:\s*(\d{1,10})", text.strip())
    if not m or not int(m.group(1)) <= int(m.group(2)) <= MAX_AGENTS:
        raise _refuse(flag, text, f"FIRST:LAST with FIRST <= LAST <= {MAX_AGENTS}, such as 10:20")
    return range(int(m.group(1)), int(m.group(2)) + 1)


FORMATS = ("table", "csv", "json")


def read_format(flag: str, text: str) -> str:
    if text not in FORMATS:
        raise _refuse(flag, text, "one of " + ", ".join(FORMATS))
    return text


def read_convention(flag: str, text: str) -> str:
    if text not in ek.SL_CONVENTIONS:
        raise _refuse(flag, text, "one of " + ", ".join(ek.SL_CONVENTIONS))
    return text


@dataclass(frozen=True)
class Flag:
    """A command-line flag: how its text is read, its default text and its help."""

    read: Optional[Callable[[str, str], Any]]  # (flag, text) -> value, raising UsageError; None for a switch
    help: str
    metavar: Optional[str] = None
    default: Optional[str] = None  # read like typed text; None: the flag is required where a command uses it


FLAGS = {
    "--calls": Flag(read_calls, "contacts arriving per period", "N"),
    "--per": Flag(lambda f, t: read_time(f, t, "30min"), "length of the period, such as 30min or 1h", "TIME",
                  "30min"),
    "--aht": Flag(lambda f, t: read_time(f, t, "3min"), "average handle time, such as 3min or 180s", "TIME"),
    "--sl": Flag(read_sl, "service-level target: SHARE answered within TIME, such as 80/20s", "SHARE/TIME",
                 "80/20s"),
    "--patience": Flag(lambda f, t: read_time(f, t, "2min", inf_ok=True),
                       "mean time callers wait before hanging up (Erlang-A); inf: they never do (Erlang-C)",
                       "TIME", "inf"),
    "--convention": Flag(read_convention, "service-level convention: " + ", ".join(ek.SL_CONVENTIONS), "NAME",
                         "offered"),
    "--shrinkage": Flag(lambda f, t: read_share(f, t, low_open=False, high_open=True),
                        "share of paid time off the phones, such as 30%%", "SHARE", "0%"),
    "--max-occupancy": Flag(lambda f, t: read_share(f, t, low_open=True, high_open=False),
                            "cap on agent occupancy, such as 85%%", "SHARE", "100%"),
    "--agents": Flag(read_agents, "range of agent counts, such as 10:20", "FIRST:LAST"),
    "--hourly": Flag(None, "print one line per hour"),
    "--interval": Flag(lambda f, t: read_time(f, t, "15min"), "length of each interval of the forecast, such as 15min",
                       "TIME", "15min"),
    "--asa": Flag(lambda f, t: read_time(f, t, "30s"), "target average speed of answer, such as 30s", "TIME", "none"),
    "--abandon": Flag(lambda f, t: read_share(f, t, low_open=True, high_open=True),
                      "cap on the share of callers who hang up, such as 5%%", "SHARE", "none"),
    "--paid-hours": Flag(lambda f, t: read_time(f, t, "40h"), "paid hours of one FTE over the forecast, such as 8h",
                         "TIME", "8h"),
    "--output": Flag(lambda f, t: t, "write the plan to this file (.csv or .json; the format follows the name "
                     "unless --format is given)", "FILE", "-"),
    "--format": Flag(read_format, "output: table (for people), csv (one row per line, a header first) or json",
                     "FORMAT", "table"),
}

# The flag each parameter of the library comes from, to report its errors against.
PARAM_FLAGS = {"arrival_rate": "--calls", "aht": "--aht", "patience": "--patience", "target": "--sl",
               "target_time": "--sl", "max_occupancy": "--max-occupancy", "shrinkage": "--shrinkage",
               "agents": "--agents", "convention": "--convention"}
# The flag each staffing target of the library comes from ("service level 0.8 is not met by ...").
TARGET_FLAGS = {"service level": "--sl", "max_occupancy": "--max-occupancy"}


def library_error(message: str, given: dict) -> str:
    """A ValueError of the library restated against the flags the user typed.

    given maps each flag to the text typed for it (or its default).
    """
    m = re.fullmatch(r"\w+: (.+) \S+ is not met by max_agents = (\S+) agents or fewer", message)
    if m and TARGET_FLAGS.get(m.group(1)) in given:
        flag = TARGET_FLAGS[m.group(1)]
        return f"{flag} {shown(given[flag])} is not met by {float(m.group(2)):,.0f} agents or fewer"
    m = re.fullmatch(r"\w+: (\w+) is (.*), but must be (.*?)(?: \(at index \d+\))?", message)
    if m and PARAM_FLAGS.get(m.group(1)) in given:
        param, value, requirement = m.groups()
        if param == "arrival_rate":  # calls / per: name both
            return (f"--calls {shown(given['--calls'])} per --per {shown(given['--per'])} is {value} contacts "
                    f"per second, but must be {requirement}")
        return f"{PARAM_FLAGS[param]} is {shown(given[PARAM_FLAGS[param]])}, but must be {requirement}"
    return re.sub(r"^\w+: ", "", message)  # no internal function names


def _fmt_time(seconds: float) -> str:
    if math.isinf(seconds):
        return "inf"
    return f"{seconds:.1f} s" if seconds < 120 else f"{seconds / 60:.1f} min"


def _fmt_share(share: float) -> str:
    """0.8 -> '80%', 0.805 -> '80.5%'."""
    return f"{share * 100:.6g}%"


def _measures(n, rate, aht, t, patience, convention):
    return (ek.service_level(n, rate, aht, t, patience, convention), ek.asa(n, rate, aht, patience),
            ek.prob_abandon(n, rate, aht, patience), ek.occupancy(n, rate, aht, patience))


def staff(a) -> dict:
    """Agents for the --sl target (and --max-occupancy), scheduled staff and the measures they reach."""
    rate = a.calls / a.per
    target, t = a.sl
    n = ek.agents_for_service_level(target, t, rate, a.aht, a.patience, a.convention, a.max_occupancy)
    sl, w, ab, occ = _measures(n, rate, a.aht, t, a.patience, a.convention)
    return dict(calls=a.calls, per=a.per, aht=a.aht, patience=a.patience, erlangs=rate * a.aht, target=target,
                target_time=t, convention=a.convention, agents=n, scheduled=ek.scheduled_agents(n, a.shrinkage),
                shrinkage=a.shrinkage, service_level=sl, asa=w, abandoned=ab, occupancy=occ)


def print_staff(r: dict) -> None:
    model = "Erlang-C" if math.isinf(r["patience"]) else f"Erlang-A (patience {_fmt_time(r['patience'])})"
    print(f"{model}: {r['calls']:g} contacts per {_fmt_time(r['per'])}, AHT {_fmt_time(r['aht'])}, "
          f"{r['erlangs']:.2f} Erlangs, target {_fmt_share(r['target'])} in {r['target_time']:g} s "
          f"({r['convention']})")
    print(f"agents           {r['agents']}")
    print(f"scheduled staff  {r['scheduled']}  (shrinkage {_fmt_share(r['shrinkage'])})")
    print(f"service level    {r['service_level']:.1%}")
    print(f"ASA              {_fmt_time(r['asa'])}")
    print(f"abandoned        {r['abandoned']:.2%}")
    print(f"occupancy        {r['occupancy']:.1%}")


def table(a) -> list:
    """The measures for each agent count of --agents, one dict per count."""
    rate = a.calls / a.per
    target, t = a.sl
    rows = []
    for n in a.agents:
        sl, w, ab, occ = _measures(n, rate, a.aht, t, a.patience, a.convention)
        rows.append(dict(agents=n, service_level=sl, asa=w, abandoned=ab, occupancy=occ,
                         prob_wait=ek.prob_wait(n, rate, a.aht, a.patience)))
    return rows


def print_table(rows: list) -> None:
    print(f"{'agents':>6} {'SL':>7} {'ASA':>9} {'abandon':>8} {'occupancy':>9} {'P(wait)':>8}")
    for r in rows:
        print(f"{r['agents']:>6} {r['service_level']:>7.1%} {_fmt_time(r['asa']):>9} {r['abandoned']:>8.2%} "
              f"{r['occupancy']:>9.1%} {r['prob_wait']:>8.1%}")


def demo_forecast():
    """Calls per 15 minutes over a day: morning and afternoon peaks."""
    import numpy as np

    hour = np.arange(96) / 4
    bump = lambda c, w, h: h * np.exp(-0.5 * ((hour - c) / w) ** 2)  # noqa: E731
    return hour, 4 + bump(10.0, 1.6, 190) + bump(14.5, 1.8, 140) + bump(19.5, 1.2, 40)


def demo(a) -> dict:
    """A sample day staffed interval by interval (every fourth interval with --hourly)."""
    hour, calls = demo_forecast()
    rate, aht, patience = calls / 900, 300.0, 180.0
    agents = ek.agents_for_service_level(0.8, 20, rate, aht, patience)
    sl = ek.service_level(agents, rate, aht, 20, patience)
    w = ek.asa(agents, rate, aht, patience)
    ab = ek.prob_abandon(agents, rate, aht, patience)
    rows = [dict(time=f"{int(hour[i]):02d}:{int(60 * (hour[i] % 1)):02d}", calls=calls[i], agents=int(agents[i]),
                 service_level=sl[i], asa=w[i], abandoned=ab[i]) for i in range(0, 96, 4 if a.hourly else 1)]
    return dict(rows=rows, total_calls=calls.sum(), agent_hours=agents.sum() / 4)


def print_demo(r: dict) -> None:
    print("A sample day: 96 intervals of 15 min, AHT 5 min, patience 3 min, target 80% in 20 s")
    print(f"{'time':>5} {'calls':>6} {'agents':>6} {'SL':>6} {'ASA':>8} {'abandon':>8}")
    for row in r["rows"]:
        print(f"{row['time']} {row['calls']:>6.1f} {row['agents']:>6d} {row['service_level']:>6.1%} "
              f"{_fmt_time(row['asa']):>8} {row['abandoned']:>8.2%}")
    print(f"total {r['total_calls']:.0f} calls, {r['agent_hours']:.1f} agent-hours")


def _plain(v: Any) -> Any:
    """A result value as JSON has it: numpy scalars as numbers, inf and nan as the strings
    "inf", "-inf" and "nan" (JSON has no such numbers; Python's json would write invalid JSON)."""
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if hasattr(v, "item"):  # numpy scalar
        v = v.item()
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    return v


def result_rows(result: Any) -> list:
    """A command's result as rows for CSV: its "rows" when it has them, itself when it is one."""
    if isinstance(result, dict):
        return result["rows"] if "rows" in result else [result]
    return list(result)


def write_result(result: Any, fmt: str, show: Callable[[Any], None], out=None) -> None:
    """Prints a result as a table for people (show), as CSV or as JSON. Numbers keep every digit in
    CSV and JSON (repr of the double), times in seconds and shares as fractions, as the library
    returns them."""
    import csv
    import json

    out = sys.stdout if out is None else out
    if fmt == "table":
        show(result)
    elif fmt == "json":
        json.dump(_plain(result), out, indent=1, allow_nan=False)
        out.write("\n")
    else:
        rows = [_plain(r) for r in result_rows(result)]
        w = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else [], lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


FORECAST_COLUMNS = ("time", "calls", "aht")  # the columns plan reads by name; any others are ignored


def _forecast_value(where: str, column: str, text: Any) -> float:
    """One cell of a forecast: calls a number >= 0; aht a time with a unit or a bare number of seconds."""
    if column == "calls":
        v = _number(str(text)) if not isinstance(text, (int, float)) else float(text)
        if v is None or not (v >= 0 and math.isfinite(v)):
            raise UsageError(f"{where}: calls is {shown(str(text))}, but must be a finite number of contacts >= 0")
        return v
    if isinstance(text, (int, float)):
        v = float(text)
    else:
        parsed = _time(str(text))
        v = None if parsed is None else parsed[0]
    if v is None or not (v > 0 and math.isfinite(v)):
        raise UsageError(f"{where}: aht is {shown(str(text))}, but must be a positive time such as 280s "
                         "(a bare number is seconds)")
    return v


def read_forecast(path: str) -> dict:
    """A forecast file as columns: {"time": labels or None, "calls": [...], "aht": [...] or None}.

    CSV: a header line naming the columns, then one interval per line; JSON: a list of
    objects, one per interval, with the same names. calls is required; time (any text: a
    label kept in the plan) and aht (per-interval handle time: 280s, 4.5min, or a bare
    number of seconds) are optional. A bad cell is reported with its line (CSV) or
    its record (JSON, counted from 0).
    """
    import csv
    import json

    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            if path.lower().endswith(".json"):
                try:
                    records = json.load(f)
                except json.JSONDecodeError as e:
                    raise UsageError(f"{path} line {e.lineno}: not JSON ({e.msg})") from None
                if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
                    raise UsageError(f"{path}: must hold a list of objects, one per interval, such as "
                                     '[{"time": "08:00", "calls": 120}, ...]')
                rows = [(f"{path} record {i}", r) for i, r in enumerate(records)]
                names = set().union(*(r.keys() for r in records)) if records else set()
            else:
                reader = csv.DictReader(f)
                names = set(reader.fieldnames or ())
                rows = []
                for r in reader:
                    if None in r:  # more cells than the header names
                        raise UsageError(f"{path} line {reader.line_num}: more cells than the header's "
                                         f"{len(reader.fieldnames)}")
                    rows.append((f"{path} line {reader.line_num}", r))
    except OSError as e:
        raise UsageError(f"cannot read the forecast {shown(path)}: {e.strerror}") from None
    if "calls" not in names:
        raise UsageError(f"{path}: has no calls column (columns read by name: {', '.join(FORECAST_COLUMNS)})")
    if not rows:
        raise UsageError(f"{path}: has no intervals")
    out = {"time": None, "calls": [], "aht": None}
    if "time" in names:
        out["time"] = [str(r.get("time", "")) for _, r in rows]
    for where, r in rows:
        if r.get("calls") in (None, ""):
            raise UsageError(f"{where}: calls is missing")
        out["calls"].append(_forecast_value(where, "calls", r["calls"]))
    if "aht" in names:
        out["aht"] = []
        for where, r in rows:
            if r.get("aht") in (None, ""):
                raise UsageError(f"{where}: aht is missing (give it on every line, or drop the column and use --aht)")
            out["aht"].append(_forecast_value(where, "aht", r["aht"]))
    return out


def plan(a) -> dict:
    """A day plan for the forecast file (erlangkit.plan_day): per-interval rows and the day's totals."""
    f = read_forecast(a.forecast)
    if f["aht"] is None and a.aht is None:
        raise UsageError(f"--aht is missing, and {a.forecast} has no aht column")
    target, t = a.sl if "--sl" in a.typed or (a.asa is None and a.abandon is None) else (None, None)
    p = plan_day(f["calls"], f["aht"] if f["aht"] is not None else a.aht, a.interval, target=target,
                    target_time=t, convention=a.convention, asa_target=a.asa, abandon_target=a.abandon,
                    max_occupancy=a.max_occupancy if "--max-occupancy" in a.typed else None,
                    patience=a.patience, shrinkage=a.shrinkage, paid_hours_per_fte=a.paid_hours / 3600)
    frame = p.intervals
    rows = []
    for i, rec in enumerate(frame.to_dict("records")):
        row = {"time": f["time"][i]} if f["time"] is not None else {"interval": i}
        row.update(rec)
        rows.append(row)
    return dict(rows=rows, totals={k: (v.item() if hasattr(v, "item") else v) for k, v in dict(p.totals).items()},
                interval=a.interval)


def print_plan(r: dict) -> None:
    head = "time" if "time" in r["rows"][0] else "interval"
    print(f"{head:>8} {'calls':>7} {'agents':>6} {'sched':>6} {'SL':>6} {'ASA':>8} {'abandon':>8} {'occ':>6}  bound")
    for row in r["rows"]:
        print(f"{str(row[head]):>8} {row['calls']:>7.1f} {row['agents']:>6.0f} {row['scheduled']:>6.0f} "
              f"{row['service_level']:>6.1%} {_fmt_time(row['asa']):>8} {row['abandon_rate']:>8.2%} "
              f"{row['occupancy']:>6.1%}  {row['bound']}")
    print("totals: " + ", ".join(f"{k} {v:.6g}" if isinstance(v, float) else f"{k} {v}" for k, v in r["totals"].items()))


@dataclass(frozen=True)
class Command:
    """A subcommand: the flags it takes, which of them it requires, and how it runs and prints."""

    help: str
    flags: tuple
    required: tuple
    run: Callable[[argparse.Namespace], Any]
    show: Callable[[Any], None]
    positional: tuple = ()  # (name, help) of each positional argument


_QUEUE = ("--calls", "--per", "--aht", "--sl", "--patience", "--convention")
COMMANDS = {
    "staff": Command("agents needed for a service-level target",
                     _QUEUE + ("--shrinkage", "--max-occupancy", "--format"), ("--calls", "--aht", "--sl"), staff,
                     print_staff),
    "table": Command("measures for a range of agents", _QUEUE + ("--agents", "--format"),
                     ("--calls", "--aht", "--agents"), table, print_table),
    "demo": Command("staff a sample day", ("--hourly", "--format"), (), demo, print_demo),
    "plan": Command("staff every interval of a forecast file (CSV or JSON with a calls column)",
                    ("--interval", "--aht", "--sl", "--asa", "--abandon", "--max-occupancy", "--patience",
                     "--convention", "--shrinkage", "--paid-hours", "--output", "--format"), (), plan, print_plan,
                    (("forecast", "the forecast: CSV with a header (calls; optional time, aht) or JSON records"),)),
}

RULES = """\
how input is read:
  times    need a unit: 20s, 3min, 1.5h (s, sec, second; m, min, minute; h, hr,
           hour). Only 0 may go without one: --per 15 is refused, write 15min
           or 15s. --patience inf means callers never hang up (Erlang-C).
  shares   take % or a bare number: from 0 to 1 a fraction (0.8 = 80%,
           1 = 100%), above 1 a percentage (80 = 80%); write 1% for one
           percent. --sl 80/20s, 80%/20s and 0.8/20s all mean 80% of contacts
           answered within 20 s.
  numbers  must be finite: nan and inf are refused, except --patience inf.
           Negative values are read (--aht -3min) and refused.
  errors   bad input prints one line, "erlangkit: error: ...", and exits with
           status 2. Flags are spelled out in full (no abbreviations).
"""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, no usage dump
        raise UsageError(message)


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command; flag values stay text here and are read by FLAGS afterwards."""
    common = dict(epilog=RULES, formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False)
    p = _Parser(prog="erlangkit", description="Contact-center staffing math (Erlang-B/C/A).", **common)
    p.add_argument("--version", action="version", version=f"erlangkit {__version__}")
    sub = p.add_subparsers(dest="command", required=True)
    for name, command in COMMANDS.items():
        sp = sub.add_parser(name, help=command.help, description=command.help, **common)
        for flag in command.flags:
            spec = FLAGS[flag]
            if spec.read is None:
                sp.add_argument(flag, action="store_true", help=spec.help)
            elif flag in command.required:
                sp.add_argument(flag, required=True, metavar=spec.metavar, help=spec.help)
            else:
                # None marks "not typed"; read_flags puts the default in (plan's format follows -o's name).
                sp.add_argument(*((flag, "-o") if flag == "--output" else (flag,)), dest=flag[2:].replace("-", "_"),
                                default=None, metavar=spec.metavar,
                                help=spec.help if spec.default is None else
                                f"{spec.help} (default {spec.default.replace('%', '%%')})")
        for name, help_text in command.positional:
            sp.add_argument(name, metavar=name.upper(), help=help_text)
    return p


def read_flags(a: argparse.Namespace) -> dict:
    """Replaces the text of each flag of a's command by its value; returns the texts by flag."""
    given = {}
    a.typed = set()
    for flag in COMMANDS[a.command].flags:
        spec = FLAGS[flag]
        dest = flag.lstrip("-").replace("-", "_")
        if spec.read is not None:
            text = getattr(a, dest)
            if text is None:
                text = spec.default
            else:
                a.typed.add(flag)
            if text is None:  # optional here (plan's --aht may come from the file), and not typed
                setattr(a, dest, None)
                continue
            given[flag] = text
            # "none": an optional target left out (its default), not a value to read.
            setattr(a, dest, None if text == "none" and spec.default == "none" else spec.read(flag, text))
    return given


def attach_dash_values(argv: list) -> list:
    """['--aht', '-3min'] -> ['--aht=-3min'], so that argparse reads a value starting with '-'
    (a negative number, -inf, -nan) as the flag's value rather than as an unknown option."""
    takes_value = {flag for flag, spec in FLAGS.items() if spec.read is not None}
    out = []
    i = 0
    while i < len(argv):
        if argv[i] == "--":
            out += argv[i:]
            break
        if argv[i] in takes_value and i + 1 < len(argv) and re.match(r"-(?:\d|\.|inf|nan)", argv[i + 1], re.I):
            out.append(f"{argv[i]}={argv[i + 1]}")
            i += 2
        else:
            out.append(argv[i])
            i += 1
    return out


def _one_line(message: str, argv: list) -> str:
    """The message with every long or unprintable argument it repeats cut short (argparse echoes
    arguments whole), on one line."""
    for arg in sorted(argv, key=len, reverse=True):
        if len(arg) > ECHO_LIMIT or not arg.isprintable():
            message = message.replace(repr(arg), shown(arg)).replace(arg, shown(arg))
    if not message.isprintable():
        message = repr(message)[1:-1]
    return message if len(message) <= 4 * ECHO_LIMIT + 80 else message[:4 * ECHO_LIMIT + 80] + "..."


def main(argv=None) -> int:
    """Runs the command line; returns the exit status (0, or 2 for bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        a = build_parser().parse_args(attach_dash_values(argv))
        given = read_flags(a)
        command = COMMANDS[a.command]
        try:
            result = command.run(a)
        except ValueError as e:  # the library refused a combination of inputs, or a target cannot be met
            raise UsageError(library_error(str(e), given)) from None
        path = getattr(a, "output", None) or "-"
        fmt = a.format
        if path != "-" and "--format" not in a.typed:
            fmt = {".csv": "csv", ".json": "json"}.get(path[path.rfind("."):].lower() if "." in path else "")
            if fmt is None:
                raise UsageError(f"--output is {shown(path)}: name a .csv or .json file, or give --format")
        if path == "-":
            write_result(result, fmt, command.show)
        else:
            import contextlib

            try:
                with open(path, "w", newline="", encoding="utf-8") as out, contextlib.redirect_stdout(out):
                    write_result(result, fmt, command.show, out)
            except OSError as e:
                raise UsageError(f"cannot write --output {shown(path)}: {e.strerror}") from None
    except UsageError as e:
        print(f"erlangkit: error: {_one_line(str(e), argv)}", file=sys.stderr)
        return 2
    except SystemExit as e:  # --help and --version
        return e.code if isinstance(e.code, int) else 0
    except BrokenPipeError:  # e.g. piped into head: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0


if __name__ == "__main__":
    sys.exit(main())
