"""The example notebooks run top to bottom (their cells assert what they show)."""
import os

import nbclient
import nbformat


def run_notebook(root, tmp_path, name):
    """The printed output of every code cell of examples/<name>, executed in a fresh kernel."""
    nb = nbformat.read(root / "examples" / name, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    return "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


def test_contact_center_day_notebook_runs(root, tmp_path):
    outputs = run_notebook(root, tmp_path, "contact_center_day.ipynb")
    assert "agent-hours: Erlang-C" in outputs
    assert "extra agent-hours" in outputs


def test_planning_a_day_notebook_runs(root, tmp_path):
    outputs = run_notebook(root, tmp_path, "planning_a_day.ipynb")
    assert "stationary agents miss the target on the transient day" in outputs
    assert "plotted" in outputs
