"""The README's Python and command-line snippets run as written.

Every ```python block runs in a fresh namespace, and what it prints must match
its "# prints: ..." comments in order. Every `erlangkit ...` command in a ```sh
block (including the part after `&&`) runs and exits 0.
"""
import contextlib
import io
import re
import shlex
import subprocess
import sys

import pytest

from conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def blocks(lang):
    return re.findall(rf"^```{lang}\n(.*?)^```", README, flags=re.S | re.M)


PYTHON_BLOCKS = blocks("python")
COMMANDS = [part.strip() for block in blocks("sh") for line in block.splitlines()
            for part in line.split("&&") if part.strip().startswith("erlangkit ")]


def test_readme_has_snippets():
    assert PYTHON_BLOCKS, "README.md has no ```python block"
    assert "erlangkit demo" in COMMANDS


@pytest.mark.parametrize("code", PYTHON_BLOCKS, ids=[f"python{i + 1}" for i in range(len(PYTHON_BLOCKS))])
def test_python_snippet_runs_and_prints_what_it_says(code):
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {"__name__": "__readme__"})
    said = [m.strip() for m in re.findall(r"#\s*prints:\s*(.*)$", code, flags=re.M)]
    assert out.getvalue().splitlines() == said


@pytest.mark.parametrize("command", COMMANDS)
def test_command_runs(command):
    args = shlex.split(command)[1:]
    r = subprocess.run([sys.executable, "-m", "erlangkit", *args], capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip()


def test_first_command_makes_a_venv_before_pip_install():
    # Debian's and Ubuntu's system Python refuse pip install outside a virtual
    # environment (PEP 668); .ci/run runs this block as written.
    first = blocks("sh")[0]
    assert first.index("python3 -m venv .venv") < first.index(". .venv/bin/activate") < first.index("pip install .")
    assert "erlangkit demo" in first
