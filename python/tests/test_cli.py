"""The command line: output, exit codes, one-line errors."""
import subprocess
import sys


def run(*args):
    return subprocess.run([sys.executable, "-m", "erlangkit", *args], capture_output=True, text=True, timeout=120)


def test_staff_prints_agents_staff_and_measures():
    r = run("staff", "--calls", "100", "--per", "30min", "--aht", "3min", "--sl", "80/20s", "--patience", "2min",
            "--shrinkage", "30%")
    assert r.returncode == 0, r.stderr
    lines = dict(line.split(None, 1) if not line.startswith("scheduled") else ("scheduled", line[16:].strip())
                 for line in r.stdout.splitlines()[1:])
    assert lines["agents"].strip() == "12"
    assert lines["scheduled"].startswith("18")
    assert "Erlang-A" in r.stdout


def test_staff_erlang_c_matches_pyworkforce_readme():
    r = run("staff", "--calls", "100", "--per", "30min", "--aht", "3min", "--sl", "80/20s")
    assert r.returncode == 0 and "agents           14" in r.stdout


def test_table_and_demo():
    r = run("table", "--calls", "100", "--aht", "180", "--agents", "12:15")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 5
    r = run("demo")
    assert r.returncode == 0 and len(r.stdout.splitlines()) == 96 + 3


def test_negative_calls_name_the_flag():
    r = run("staff", "--calls", "-5", "--aht", "3min", "--sl", "80/20s")
    assert r.stderr.strip() == "erlangkit: error: --calls is -5, but must be finite and >= 0"


def test_bad_input_is_one_line_and_nonzero():
    for args in (["staff", "--calls", "x", "--aht", "3min", "--sl", "80/20s"],
                 ["staff", "--calls", "100", "--aht", "3 fortnights", "--sl", "80/20s"],
                 ["staff", "--calls", "100", "--aht", "3min", "--sl", "180/20s"],
                 ["staff", "--calls", "-5", "--aht", "3min", "--sl", "80/20s"],
                 ["frobnicate"], []):
        r = run(*args)
        assert r.returncode == 2, args
        assert "Traceback" not in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr
        assert r.stderr.startswith("erlangkit: error:")
