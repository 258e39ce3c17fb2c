"""The repository's own rules, checked: the layers' includes point one way, every
cited derivation exists, nothing cites a path outside the repository, every
tuning constant names the test or benchmark that chose it, every relative link in
the Markdown resolves, and every docs page is reachable from the README."""
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


def markdown_pages():
    return [ROOT / "README.md", ROOT / "CHANGELOG.md"] + sorted((ROOT / "docs").rglob("*.md"))


def test_relative_links_resolve():
    # A link to a page or file of the repository must lead somewhere; an
    # anchor (#...) must name a heading of the page it points to.
    link = re.compile(r"\]\(([^)\s]+)\)")
    bad = []
    for page in markdown_pages():
        for target in link.findall(page.read_text()):
            if re.match(r"[a-z]+:", target):
                continue  # http:, https:, mailto:
            path, _, anchor = target.partition("#")
            dest = (page.parent / path).resolve() if path else page
            if not dest.exists():
                bad.append(f"{page.relative_to(ROOT)} links {target}")
            elif anchor and dest.suffix == ".md":
                slugs = {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-")
                         for h in re.findall(r"^#+ (.+)$", dest.read_text(), re.M)}
                if anchor not in slugs:
                    bad.append(f"{page.relative_to(ROOT)} links {target}: no such heading")
    assert not bad, "\n".join(bad)


def test_every_docs_page_is_reachable_from_the_readme():
    # A page nobody links is a page nobody reads: each docs/*.md is linked from
    # the README or from a page the README links (one hop).
    link = re.compile(r"\]\(([^)#\s]+\.md)")
    readme = ROOT / "README.md"
    first = {(readme.parent / t).resolve() for t in link.findall(readme.read_text())}
    reached = set(first)
    for p in first:
        if p.exists():
            reached |= {(p.parent / t).resolve() for t in link.findall(p.read_text())}
    orphans = [p.relative_to(ROOT).as_posix() for p in sorted((ROOT / "docs").glob("*.md")) if p.resolve() not in reached]
    assert not orphans, orphans
