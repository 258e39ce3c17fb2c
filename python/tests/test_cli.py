"""The command line: exact output, exit codes, one-line errors."""
import subprocess
import sys

import pytest

import erlangkit
from erlangkit.__main__ import library_error, main, shown

QUEUE = ["--calls", "100", "--per", "30min", "--aht", "3min"]

STAFF_ERLANG_C = """\
Erlang-C: 100 contacts per 30.0 min, AHT 3.0 min, 10.00 Erlangs, target 80% in 20 s (offered)
agents           14
scheduled staff  14  (shrinkage 0%)
service level    88.8%
ASA              7.8 s
abandoned        0.00%
occupancy        71.4%
"""

STAFF_ERLANG_A = """\
Erlang-A (patience 2.0 min): 100 contacts per 30.0 min, AHT 3.0 min, 10.00 Erlangs, target 80% in 20 s (offered)
agents           12
scheduled staff  18  (shrinkage 30%)
service level    82.6%
ASA              6.3 s
abandoned        6.16%
occupancy        78.2%
"""

TABLE = """\
agents      SL       ASA  abandon occupancy  P(wait)
    12   64.0%    40.4 s    0.00%     83.3%    44.9%
    13   79.6%    17.1 s    0.00%     76.9%    28.5%
    14   88.8%     7.8 s    0.00%     71.4%    17.4%
    15   94.1%     3.7 s    0.00%     66.7%    10.2%
"""


def run(*args, timeout=120):
    """The installed program as a user runs it: (exit status, stdout, stderr)."""
    r = subprocess.run([sys.executable, "-m", "erlangkit", *args], capture_output=True, text=True, timeout=timeout)
    return r.returncode, r.stdout, r.stderr


@pytest.fixture
def cli(capsys):
    """main() in this process: (exit status, stdout, stderr)."""
    def call(*args):
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err
    return call


def test_staff_erlang_c_matches_pyworkforce_readme():
    assert run("staff", *QUEUE, "--sl", "80/20s") == (0, STAFF_ERLANG_C, "")


def test_staff_erlang_a_with_shrinkage(cli):
    assert cli("staff", *QUEUE, "--sl", "80/20s", "--patience", "2min", "--shrinkage", "30%") == (0, STAFF_ERLANG_A, "")


def test_table_pins_header_and_rows(cli):
    assert cli("table", *QUEUE, "--sl", "80/20s", "--agents", "12:15") == (0, TABLE, "")


def test_demo_hourly_pins_header_rows_and_total(cli):
    code, out, err = cli("demo", "--hourly")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[0] == "A sample day: 96 intervals of 15 min, AHT 5 min, patience 3 min, target 80% in 20 s"
    assert lines[1] == " time  calls agents     SL      ASA  abandon"
    assert lines[2] == "00:00    4.0      3  87.6%    6.7 s    5.81%"
    assert "10:00  200.2     68  80.0%    7.8 s    4.57%" in lines
    assert [line[:5] for line in lines[2:-1]] == [f"{h:02d}:00" for h in range(24)]
    assert lines[-1] == "total 6440 calls, 590.0 agent-hours"


def test_demo_every_quarter_hour(cli):
    code, out, err = cli("demo")
    lines = out.splitlines()
    assert (code, err) == (0, "")
    assert lines[2] == "00:00    4.0      3  87.6%    6.7 s    5.81%"
    assert lines[3] == "00:15    4.0      3  87.6%    6.7 s    5.81%"
    assert "10:15  200.3     69  82.7%    6.7 s    3.96%" in lines
    assert [line[:5] for line in lines[2:-1]] == [f"{q // 4:02d}:{15 * (q % 4):02d}" for q in range(96)]
    assert lines[-2:] == ["23:45    4.1      3  87.1%    7.0 s    6.05%", "total 6440 calls, 590.0 agent-hours"]


@pytest.mark.parametrize("patience", ["inf", "Infinity", "+INF"])
def test_staff_with_patience_inf_is_erlang_c(cli, patience):
    assert cli("staff", *QUEUE, "--sl", "80/20s", "--patience", patience) == (0, STAFF_ERLANG_C, "")


@pytest.mark.parametrize("sl", ["80/20s", "80%/20s", "0.8/20s", "0.80/20sec", " 80 % / 20 s "])
def test_service_level_share_is_a_fraction_up_to_1_and_a_percentage_above(cli, sl):
    assert cli("staff", *QUEUE, "--sl", sl) == (0, STAFF_ERLANG_C, "")


def test_a_percent_sign_makes_a_small_share_a_percentage(cli):
    code, out, err = cli("staff", *QUEUE, "--sl", "0.8%/20s")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Erlang-C: 100 contacts per 30.0 min, AHT 3.0 min, 10.00 Erlangs, target 0.8% in 20 s (offered)",
        "agents           11"]


@pytest.mark.parametrize("shrinkage", ["30%", "30", "0.3"])
def test_shrinkage_reads_like_every_share(cli, shrinkage):
    code, out, err = cli("staff", *QUEUE, "--sl", "80/20s", "--patience", "2min", "--shrinkage", shrinkage)
    assert (code, out, err) == (0, STAFF_ERLANG_A, "")


@pytest.mark.parametrize("times", [("30min", "3min"), ("0.5h", "180s"), ("1800 s", "3 minutes"), ("1800sec", "0.05hr")])
def test_time_units(cli, times):
    per, aht = times
    assert cli("staff", "--calls", "100", "--per", per, "--aht", aht, "--sl", "80/20s") == (0, STAFF_ERLANG_C, "")


def test_a_zero_time_needs_no_unit(cli):
    code, out, err = cli("staff", *QUEUE, "--sl", "80/0")
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        "Erlang-C: 100 contacts per 30.0 min, AHT 3.0 min, 10.00 Erlangs, target 80% in 0 s (offered)",
        "agents           14"]


def test_max_occupancy_caps_the_agents(cli):
    code, out, err = cli("staff", *QUEUE, "--sl", "80/20s", "--max-occupancy", "60")
    assert (code, err) == (0, "")
    assert out.splitlines()[1] == "agents           17"


# Each bad input: the arguments after "staff" (or the whole command line) and the one line printed.
STAFF = ["staff", "--calls", "100", "--aht", "3min", "--sl", "80/20s"]
ERRORS = [
    # shares: a bare number up to 1 is a fraction, above 1 a percentage; the share of --sl is in (0, 1)
    (STAFF[:-1] + ["180/20s"], "--sl is 180/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["1/20s"], "--sl is 1/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["100%/20s"], "--sl is 100%/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["0/20s"], "--sl is 0/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["-80/20s"], "--sl is -80/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["nan/20s"], "--sl is nan/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["inf/20s"], "--sl is inf/20s, but its share must be > 0% and < 100%"),
    (STAFF[:-1] + ["80"], "--sl is 80, but must be SHARE/TIME such as 80/20s"),
    (STAFF[:-1] + ["eighty/20s"], "--sl is eighty/20s, but must be SHARE/TIME such as 80/20s"),
    (STAFF + ["--shrinkage", "100%"], "--shrinkage is 100%, but must be >= 0% and < 100%"),
    (STAFF + ["--shrinkage", "1"], "--shrinkage is 1, but must be >= 0% and < 100%"),
    (STAFF + ["--shrinkage", "-5"], "--shrinkage is -5, but must be >= 0% and < 100%"),
    (STAFF + ["--shrinkage", "nan"], "--shrinkage is nan, but must be >= 0% and < 100%"),
    (STAFF + ["--shrinkage", "inf%"], "--shrinkage is inf%, but must be >= 0% and < 100%"),
    (STAFF + ["--shrinkage", "lots"], "--shrinkage is lots, but must be a share such as 30% or 0.3"),
    (STAFF + ["--max-occupancy", "0"], "--max-occupancy is 0, but must be > 0% and <= 100%"),
    (STAFF + ["--max-occupancy", "101"], "--max-occupancy is 101, but must be > 0% and <= 100%"),
    (STAFF + ["--max-occupancy", "-inf"], "--max-occupancy is -inf, but must be > 0% and <= 100%"),
    (STAFF + ["--max-occupancy", "NaN%"], "--max-occupancy is NaN%, but must be > 0% and <= 100%"),
    # times: a unit is required except for 0 (and inf for --patience)
    (STAFF + ["--per", "15"], "--per is 15, but must have a unit: 15s, 15min or 15h"),
    (["staff", "--calls", "100", "--aht", "180", "--sl", "80/20s"],
     "--aht is 180, but must have a unit: 180s, 180min or 180h"),
    (STAFF + ["--patience", "120"], "--patience is 120, but must have a unit: 120s, 120min or 120h"),
    (STAFF[:-1] + ["80/20"], "--sl is 80/20, but its time must have a unit: 20s, 20min or 20h"),
    (STAFF + ["--per", "15 fortnights"], "--per is '15 fortnights', but must be a time such as 30min"),
    (STAFF + ["--per", "0"], "--per is 0, but must be a positive time"),
    (STAFF + ["--per", "0min"], "--per is 0min, but must be a positive time"),
    (STAFF + ["--per", "nan"], "--per is nan, but must be a positive time"),
    (STAFF + ["--per", "inf"], "--per is inf, but must be a finite time"),
    (STAFF + ["--per", "1e308h"], "--per is 1e308h, but must be a finite time"),
    (["staff", "--calls", "100", "--aht", "0", "--sl", "80/20s"], "--aht is 0, but must be a positive time"),
    (["staff", "--calls", "100", "--aht", "infmin", "--sl", "80/20s"], "--aht is infmin, but must be a finite time"),
    (STAFF + ["--patience", "0"], "--patience is 0, but must be a positive time or inf"),
    (STAFF + ["--patience", "nan"], "--patience is nan, but must be a positive time or inf"),
    (STAFF + ["--patience", "1e400s"], "--patience is 1e400s, but must be a finite time or inf"),
    (STAFF + ["--patience", "1e400"], "--patience is 1e400, but must be a finite time or inf"),
    (STAFF + ["--patience", "forever"], "--patience is forever, but must be a time such as 2min or inf"),
    (STAFF[:-1] + ["80/nans"], "--sl is 80/nans, but its time must be finite and >= 0"),
    (STAFF[:-1] + ["80/infs"], "--sl is 80/infs, but its time must be finite and >= 0"),
    (STAFF[:-1] + ["80/-20s"], "--sl is 80/-20s, but its time must be finite and >= 0"),
    # negative values are read as values, then refused for their flag
    (["staff", "--calls", "100", "--aht", "-3min", "--sl", "80/20s"], "--aht is -3min, but must be a positive time"),
    (["staff", "--calls", "100", "--aht=-3min", "--sl", "80/20s"], "--aht is -3min, but must be a positive time"),
    (["staff", "--calls", "100", "--aht", "-.5h", "--sl", "80/20s"], "--aht is -.5h, but must be a positive time"),
    (STAFF + ["--per", "-30min"], "--per is -30min, but must be a positive time"),
    (STAFF + ["--patience", "-2min"], "--patience is -2min, but must be a positive time or inf"),
    (STAFF + ["--patience", "-inf"], "--patience is -inf, but must be a positive time or inf"),
    (STAFF + ["--max-occupancy", "-85%"], "--max-occupancy is -85%, but must be > 0% and <= 100%"),
    (["staff", "--calls", "-5", "--aht", "3min", "--sl", "80/20s"], "--calls is -5, but must be finite and >= 0"),
    (["staff", "--calls", "-1e3", "--aht", "3min", "--sl", "80/20s"], "--calls is -1e3, but must be finite and >= 0"),
    (["staff", "--calls", "nan", "--aht", "3min", "--sl", "80/20s"], "--calls is nan, but must be finite and >= 0"),
    (["staff", "--calls", "inf", "--aht", "3min", "--sl", "80/20s"], "--calls is inf, but must be finite and >= 0"),
    (["staff", "--calls", "x", "--aht", "3min", "--sl", "80/20s"],
     "--calls is x, but must be a number of contacts such as 100"),
    (["staff", "--calls", "", "--aht", "3min", "--sl", "80/20s"],
     "--calls is '', but must be a number of contacts such as 100"),
    (["staff", "--calls", "1_000", "--aht", "3min", "--sl", "80/20s"],
     "--calls is 1_000, but must be a number of contacts such as 100"),
    (STAFF + ["--convention", "all"], "--convention is all, but must be one of offered, answered, virtual, "
                                      "excl_short_abandons"),
    (["table", "--calls", "100", "--aht", "3min", "--agents", "20:10"],
     "--agents is 20:10, but must be FIRST:LAST with FIRST <= LAST <= 1000000000, such as 10:20"),
    (["table", "--calls", "100", "--aht", "3min", "--agents", "-1:10"],
     "--agents is -1:10, but must be FIRST:LAST with FIRST <= LAST <= 1000000000, such as 10:20"),
    (["table", "--calls", "100", "--aht", "3min", "--agents", "1:10000000000"],
     "--agents is 1:10000000000, but must be FIRST:LAST with FIRST <= LAST <= 1000000000, such as 10:20"),
    (["table", "--calls", "100", "--aht", "3min", "--agents", "12:15", "--sl", "80/-20s"],
     "--sl is 80/-20s, but its time must be finite and >= 0"),
    # the library's errors, said in terms of the flags
    (["staff", "--calls", "1e308", "--per", "1e-10s", "--aht", "3min", "--sl", "80/20s"],
     "--calls 1e308 per --per 1e-10s is inf contacts per second, but must be finite and >= 0"),
    (["table", "--calls", "1e308", "--per", "1e-10s", "--aht", "3min", "--agents", "1:3"],
     "--calls 1e308 per --per 1e-10s is inf contacts per second, but must be finite and >= 0"),
    # infeasible targets
    (["staff", "--calls", "1e12", "--per", "1s", "--aht", "1h", "--sl", "80/20s"],
     "--sl 80/20s is not met by 1,000,000,000 agents or fewer"),
    (["staff", "--calls", "1e9", "--per", "1s", "--aht", "1s", "--sl", "80/20s", "--max-occupancy", "50%"],
     "--max-occupancy 50% is not met by 1,000,000,000 agents or fewer"),
    # argparse's own errors, one line each
    (["staff", "--calls", "100", "--sl", "80/20s"], "the following arguments are required: --aht"),
    (["staff", "--calls", "100", "--ah", "3min", "--sl", "80/20s"], "the following arguments are required: --aht"),
    (["staff", "--calls", "100", "--aht", "--sl", "80/20s"], "argument --aht: expected one argument"),
    (STAFF + ["--hourly"], "unrecognized arguments: --hourly"),
    (["frobnicate"], "argument command: invalid choice: 'frobnicate' (choose from 'staff', 'table', 'demo', 'plan')"),
    ([], "the following arguments are required: command"),
]


@pytest.mark.parametrize("args, message", ERRORS, ids=[" ".join(a) for a, _ in ERRORS])
def test_bad_input_prints_one_line_naming_the_flag(cli, args, message):
    assert cli(*args) == (2, "", f"erlangkit: error: {message}\n")


def test_errors_from_the_installed_program():
    assert run("staff", "--calls", "100", "--per", "0", "--aht", "3min", "--sl", "80/20s") == (
        2, "", "erlangkit: error: --per is 0, but must be a positive time\n")
    assert run("staff", "--calls", "100", "--aht", "-3min", "--sl", "80/20s") == (
        2, "", "erlangkit: error: --aht is -3min, but must be a positive time\n")


def test_long_input_is_echoed_cut_to_40_characters():
    # In a subprocess with a time limit: reading 100 kB must stay linear in its length.
    x = "9" * 100_000 + "x"
    assert run("staff", "--calls", x, "--aht", "3min", "--sl", "80/20s", timeout=30) == (
        2, "", f"erlangkit: error: --calls is {'9' * 40}..., but must be a number of contacts such as 100\n")
    spaced = "1" + " " * 100_000 + "x"
    assert run("staff", "--calls", "100", "--aht", spaced, "--sl", "80/20s", timeout=30) == (
        2, "", f"erlangkit: error: --aht is '1{' ' * 39}...', but must be a time such as 3min\n")
    assert run(*STAFF, "y" * 100_000, timeout=30) == (
        2, "", f"erlangkit: error: unrecognized arguments: {'y' * 40}...\n")
    assert run("z" * 100_000, timeout=30) == (2, "", f"erlangkit: error: argument command: invalid choice: "
                                                     f"{'z' * 40}... (choose from 'staff', 'table', 'demo', 'plan')\n")


def test_control_characters_are_escaped(cli):
    assert cli("staff", "--calls", "1\n2", "--aht", "3min", "--sl", "80/20s") == (
        2, "", "erlangkit: error: --calls is 1\\n2, but must be a number of contacts such as 100\n")
    assert cli(*STAFF, "a\nb") == (2, "", "erlangkit: error: unrecognized arguments: a\\nb\n")


def test_shown():
    assert shown("3min") == "3min"
    assert shown("") == "''"
    assert shown("3 fortnights") == "'3 fortnights'"
    assert shown("a" * 41) == "a" * 40 + "..."
    assert shown("a" * 40) == "a" * 40
    assert shown("\t") == "\\t"


GIVEN = {"--calls": "100", "--per": "30min", "--aht": "3min", "--sl": "80/20s", "--patience": "2min",
         "--convention": "offered", "--shrinkage": "30%", "--max-occupancy": "85%", "--agents": "10:20"}


@pytest.mark.parametrize("message, said", [
    ("agents_for_service_level: arrival_rate is inf, but must be finite and >= 0",
     "--calls 100 per --per 30min is inf contacts per second, but must be finite and >= 0"),
    ("agents_for_service_level: aht is inf, but must be finite and > 0", "--aht is 3min, but must be finite and > 0"),
    ("asa: patience is 0, but must be > 0", "--patience is 2min, but must be > 0"),
    ("agents_for_service_level: target is 1, but must be strictly between 0 and 1",
     "--sl is 80/20s, but must be strictly between 0 and 1"),
    ("service_level: target_time is -1, but must be finite and >= 0 (at index 3)",
     "--sl is 80/20s, but must be finite and >= 0"),
    ("agents_for_service_level: max_occupancy is 0, but must be in (0, 1]",
     "--max-occupancy is 85%, but must be in (0, 1]"),
    ("scheduled_agents: shrinkage is 1, but must be in [0, 1)", "--shrinkage is 30%, but must be in [0, 1)"),
    ("prob_wait: agents is -1, but must be finite and >= 0", "--agents is 10:20, but must be finite and >= 0"),
    ("service_level: convention is 'x', but must be one of offered, answered",
     "--convention is offered, but must be one of offered, answered"),
    ("agents_for_service_level: service level 0.8 is not met by max_agents = 1e+09 agents or fewer",
     "--sl 80/20s is not met by 1,000,000,000 agents or fewer"),
    ("agents_for_service_level: max_occupancy 0.85 is not met by max_agents = 1e+09 agents or fewer",
     "--max-occupancy 85% is not met by 1,000,000,000 agents or fewer"),
    ("agents_for_service_level: max_agents is -1, but must be >= 0", "max_agents is -1, but must be >= 0"),
])
def test_library_errors_name_the_flag_not_the_function(message, said):
    assert library_error(message, GIVEN) == said


def test_version():
    assert run("--version") == (0, f"erlangkit {erlangkit.__version__}\n", "")
    assert erlangkit.__version__.count(".") == 2


HELP_RULES = """\
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


@pytest.mark.parametrize("args", [["--help"], ["staff", "--help"], ["table", "-h"]])
def test_help_states_the_rules(cli, args):
    code, out, err = cli(*args)
    assert (code, err) == (0, "")
    assert out.endswith("\n\n" + HELP_RULES)


def test_staff_help_names_defaults(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")  # argparse wraps help to the terminal's width
    out = cli("staff", "--help")[1]
    assert "  --per TIME            length of the period, such as 30min or 1h (default\n" \
           "                        30min)\n" in out
    assert "                        cap on agent occupancy, such as 85% (default 100%)\n" in out


# ----------------------------------------------------------------------------- --format csv | json


def test_staff_csv_has_every_digit_of_the_library(cli):
    import csv
    import io

    code, out, err = cli("staff", *QUEUE, "--sl", "80/20s", "--patience", "2min", "--format", "csv")
    assert (code, err) == (0, "")
    (row,) = list(csv.DictReader(io.StringIO(out)))
    rate = 100 / 1800
    n = erlangkit.agents_for_service_level(0.8, 20, rate, 180, 120)
    assert int(row["agents"]) == n
    assert float(row["service_level"]) == erlangkit.service_level(n, rate, 180, 20, 120)
    assert float(row["asa"]) == erlangkit.asa(n, rate, 180, 120)
    assert row["convention"] == "offered"


def test_table_json_round_trips_and_writes_inf_as_text(cli):
    import json

    code, out, err = cli("table", *QUEUE, "--agents", "12:13", "--format", "json")
    assert (code, err) == (0, "")
    rows = json.loads(out)  # strict JSON: Python's parser would also take Infinity, so check the text
    assert "Infinity" not in out and "NaN" not in out
    assert [r["agents"] for r in rows] == [12, 13]
    assert rows[1]["prob_wait"] == erlangkit.prob_wait(13, 100 / 1800, 180)
    code, out, err = cli("staff", *QUEUE, "--sl", "80/20s", "--format", "json")
    assert json.loads(out)["patience"] == "inf"


def test_demo_csv_has_one_row_per_interval(cli):
    code, out, err = cli("demo", "--format", "csv")
    lines = out.splitlines()
    assert (code, err, lines[0]) == (0, "", "time,calls,agents,service_level,asa,abandoned")
    assert len(lines) == 1 + 96


def test_unknown_format_is_refused_by_name(cli):
    assert cli("demo", "--format", "xml") == (2, "", "erlangkit: error: --format is xml, but must be one of table, csv, json\n")


# ----------------------------------------------------------------------------- plan FORECAST


def _forecast(tmp_path, text, name="forecast.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


FORECAST = "time,calls\n08:00,40\n08:15,95.5\n08:30,0\n08:45,160\n"


def test_plan_round_trips_a_csv_forecast(cli, tmp_path):
    import csv

    src, dst = _forecast(tmp_path, FORECAST), str(tmp_path / "plan.csv")
    code, out, err = cli("plan", src, "--interval", "15min", "--aht", "280s", "--sl", "80/20s", "--patience", "2min",
                         "--shrinkage", "35%", "-o", dst)
    assert (code, out, err) == (0, "", "")
    rows = list(csv.DictReader(open(dst)))
    assert [r["time"] for r in rows] == ["08:00", "08:15", "08:30", "08:45"]
    calls = [40, 95.5, 0, 160]
    assert [float(r["calls"]) for r in rows] == calls
    for r, c in zip(rows, calls):  # each interval as the solver answers it, called directly
        want = erlangkit.agents_for_service_level(0.8, 20, c / 900, 280, 120) if c else 0
        assert float(r["agents"]) == want
        assert float(r["scheduled"]) == erlangkit.scheduled_agents(want, 0.35)
        if c:
            assert float(r["service_level"]) == pytest.approx(erlangkit.service_level(want, c / 900, 280, 20, 120),
                                                              rel=1e-15)


def test_plan_reads_json_and_a_per_interval_aht(cli, tmp_path):
    import json

    src = _forecast(tmp_path, json.dumps([{"time": "a", "calls": 50, "aht": "4min"}, {"time": "b", "calls": 70,
                                                                                      "aht": 300}]), "f.json")
    code, out, err = cli("plan", src, "--sl", "90/30s", "--format", "json")
    assert (code, err) == (0, "")
    r = json.loads(out)
    assert [row["agents"] for row in r["rows"]] == [erlangkit.agents_for_service_level(0.9, 30, 50 / 900, 240),
                                                   erlangkit.agents_for_service_level(0.9, 30, 70 / 900, 300)]
    assert r["totals"]["calls"] == 120


@pytest.mark.parametrize("text, message", [
    ("time,calls\n08:00,40\n08:15,lots\n", "line 3: calls is lots, but must be a finite number of contacts >= 0"),
    ("time,calls\n08:00,-1\n", "line 2: calls is -1, but must be a finite number of contacts >= 0"),
    ("time,calls,aht\n08:00,40,3min\n08:15,40,fast\n", "line 3: aht is fast, but must be a positive time"),
    ("time,volume\n08:00,40\n", "has no calls column"),
    ("time,calls\n", "has no intervals"),
    ("time,calls\n08:00,40,7\n", "line 2: more cells than the header's 2"),
])
def test_plan_names_the_line_of_a_bad_row(cli, tmp_path, text, message):
    code, out, err = cli("plan", _forecast(tmp_path, text), "--aht", "3min")
    assert (code, out) == (2, "")
    assert message in err and err.startswith("erlangkit: error: ") and err.count("\n") == 1


def test_plan_needs_an_aht_and_a_known_output_name(cli, tmp_path):
    src = _forecast(tmp_path, FORECAST)
    err = cli("plan", src)[2]  # the path is echoed cut to 40 characters
    assert err.startswith("erlangkit: error: --aht is missing, and ") and err.endswith(" has no aht column\n")
    code, out, err = cli("plan", src, "--aht", "3min", "-o", str(tmp_path / "plan.txt"))
    assert code == 2 and "name a .csv or .json file, or give --format" in err
