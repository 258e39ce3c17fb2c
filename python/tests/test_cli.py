"""The command line: exact output, exit codes, one-line errors."""
import subprocess
import sys

import pytest

from erlangkit.__main__ import main

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


def run(*args):
    """The installed program as a user runs it: (exit status, stdout, stderr)."""
    r = subprocess.run([sys.executable, "-m", "erlangkit", *args], capture_output=True, text=True, timeout=120)
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
    assert lines[2:4] == ["00:00    4.0      3  87.6%    6.7 s    5.81%", "00:15    4.0      3  87.6%    6.7 s    5.81%"]
    assert "10:15  200.3     69  82.7%    6.7 s    3.96%" in lines
    assert [line[:5] for line in lines[2:-1]] == [f"{q // 4:02d}:{15 * (q % 4):02d}" for q in range(96)]
    assert lines[-2:] == ["23:45    4.1      3  87.1%    7.0 s    6.05%", "total 6440 calls, 590.0 agent-hours"]


def test_negative_calls_name_the_flag():
    assert run("staff", "--calls", "-5", "--aht", "3min", "--sl", "80/20s") == (
        2, "", "erlangkit: error: --calls is -5, but must be finite and >= 0\n")


def test_bad_input_is_one_line_and_nonzero():
    for args in (["staff", "--calls", "x", "--aht", "3min", "--sl", "80/20s"],
                 ["staff", "--calls", "100", "--aht", "3 fortnights", "--sl", "80/20s"],
                 ["staff", "--calls", "100", "--aht", "3min", "--sl", "180/20s"],
                 ["staff", "--calls", "-5", "--aht", "3min", "--sl", "80/20s"],
                 ["frobnicate"], []):
        r = run(*args)
        assert r[0] == 2, args
        assert "Traceback" not in r[2]
        assert len(r[2].strip().splitlines()) == 1, r[2]
        assert r[2].startswith("erlangkit: error:")
