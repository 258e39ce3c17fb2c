"""pip install '.[notebook]' brings what examples/contact_center_day.ipynb needs, and says so."""
import importlib.metadata
import re
import sys

import nbformat
import pytest


def _extra_requirements(extra):
    """Distribution names that erlangkit's installed metadata requires, always or for `extra`."""
    names = set()
    for req in importlib.metadata.requires("erlangkit") or []:
        name = re.match(r"[A-Za-z0-9._-]+", req).group(0).lower().replace("_", "-")
        marker = req.partition(";")[2]
        if not marker or re.search(rf"extra\s*==\s*['\"]{extra}['\"]", marker):
            names.add(name)
    return names


@pytest.mark.skipif(sys.version_info < (3, 10), reason="needs sys.stdlib_module_names and packages_distributions")
def test_notebook_extra_brings_what_the_notebook_imports(root):
    nb = nbformat.read(root / "examples" / "contact_center_day.ipynb", as_version=4)
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    modules = {m.split(".")[0] for m in re.findall(r"^\s*(?:import|from)\s+([\w.]+)", code, flags=re.M)}
    provided = _extra_requirements("notebook") | {"erlangkit"}
    dists = importlib.metadata.packages_distributions()
    missing = {}
    for m in sorted(modules - set(sys.stdlib_module_names)):
        names = {d.lower().replace("_", "-") for d in dists.get(m, [m])}
        if not names & provided:
            missing[m] = sorted(names)
    assert not missing, f"pip install '.[notebook]' does not bring {missing}"
    assert "ipykernel" in provided  # what runs the notebook's cells


def test_notebook_says_how_to_install_what_it_needs(root):
    nb = nbformat.read(root / "examples" / "contact_center_day.ipynb", as_version=4)
    assert "pip install '.[notebook]'" in nb.cells[0].source
    assert "pip install '.[notebook]'" in (root / "README.md").read_text(encoding="utf-8")
