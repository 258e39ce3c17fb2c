"""The repository's own rules, checked: the layers' includes point one way, every
cited derivation exists, nothing cites a path outside the repository, and every
tuning constant names the test or benchmark that chose it."""
import pathlib
import re

ROOT = pathlib.Path(__file__).resolve().parents[2]
INCLUDE = ROOT / "include" / "erlangkit"
# Lower layers first; a header may include its own layer and those before it.
LAYERS = ["core", "math", "models", "measures", "staffing", "batch", "planning"]
GENERATED = {"temme_coefficients.hpp", "erfcx_coefficients.hpp"}


def headers():
    return sorted(INCLUDE.rglob("*.hpp"))


def layer_of(path: pathlib.Path):
    rel = path.relative_to(INCLUDE)
    return rel.parts[0] if len(rel.parts) > 1 else None  # None: the top-level API headers


def test_layers_include_downward_only():
    bad = []
    for h in headers():
        mine = layer_of(h)
        if mine is None:
            continue
        for inc in re.findall(r'#include "([^"]+)"', h.read_text()):
            target = (h.parent / inc).resolve()
            theirs = layer_of(target) if target.is_relative_to(INCLUDE) else "outside"
            if theirs is None or theirs == "outside" or LAYERS.index(theirs) > LAYERS.index(mine):
                bad.append(f"{h.relative_to(ROOT)} includes {inc} ({theirs or 'a public header'})")
    assert not bad, "\n".join(bad)


def test_no_citation_leaves_the_repository():
    pattern = re.compile(r"shared/(math|reference)|formulas\.md")
    files = [p for p in ROOT.rglob("*") if p.is_file() and p.suffix in {".hpp", ".cpp", ".py", ".md", ".txt"}
             and not any(part in {"build", ".venv", ".git"} for part in p.relative_to(ROOT).parts)]
    bad = [f"{p.relative_to(ROOT)}:{i + 1}" for p in files for i, line in enumerate(p.read_text().splitlines())
           if pattern.search(line) and p.name != "test_repository.py"]
    assert not bad, bad


def test_cited_derivations_exist():
    cite = re.compile(r"docs/math/([a-z_]+\.md)(?: (§[0-9]+(?:-§[0-9]+)?(?:, §[0-9]+)*))?")
    sources = list(headers()) + sorted((ROOT / "docs").glob("*.md")) + sorted((ROOT / "tests").rglob("*.py"))
    missing = []
    for src in sources:
        for page, sections in cite.findall(src.read_text()):
            doc = ROOT / "docs" / "math" / page
            if not doc.exists():
                missing.append(f"{src.relative_to(ROOT)} cites {page}")
                continue
            text = doc.read_text()
            for lo, hi in re.findall(r"§([0-9]+)(?:-§([0-9]+))?", sections or ""):
                for n in range(int(lo), int(hi or lo) + 1):
                    if f"## §{n} " not in text:
                        missing.append(f"{src.relative_to(ROOT)} cites {page} §{n}")
    assert not missing, missing


def test_tuning_constants_name_their_test_or_benchmark():
    constant = re.compile(r"^inline constexpr (?:int|double|std::size_t|std::uint64_t) (\w+) = [-0-9.e'_]+;")
    bad = []
    for h in headers():
        if h.name in GENERATED:
            continue
        lines = h.read_text().splitlines()
        for i, line in enumerate(lines):
            m = constant.match(line)
            if not m:
                continue
            comment = []
            j = i - 1
            while j >= 0 and lines[j].lstrip().startswith("//"):
                comment.append(lines[j])
                j -= 1
            text = " ".join(comment)
            if not re.search(r"\b(bench|test)", text):
                bad.append(f"{h.relative_to(ROOT)}:{i + 1} {m.group(1)}")
    assert not bad, bad
