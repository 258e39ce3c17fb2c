"""The example notebook runs top to bottom (its cells assert what they show)."""
import os

import nbclient
import nbformat


def test_contact_center_day_notebook_runs(root, tmp_path):
    path = root / "examples" / "contact_center_day.ipynb"
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "agent-hours: Erlang-C" in outputs
    assert "extra agent-hours" in outputs


def test_planning_a_day_notebook_runs(root, tmp_path):
    path = root / "examples" / "planning_a_day.ipynb"
    nb = nbformat.read(path, as_version=4)
    os.environ.setdefault("MPLBACKEND", "Agg")
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}})
    client.execute()
    outputs = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "stationary agents miss the target on the transient day" in outputs
    assert "plotted" in outputs
