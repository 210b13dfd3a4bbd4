"""One built page of every kind (issue 21 §2–3): the demo built once into a temporary folder,
and for each page template (theme/pages/*.html) plus 404 one page that shows it.

The browser and validator tests check these pages instead of all ~430, so they stay quick.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import sys
from pathlib import Path

from builders import REPO

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from harness import chromium, serve  # noqa: E402,F401  (re-exported for the browser tests)

AS_OF = re.search(r"^DEMO_AS_OF := (\S+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
DEMO_INPUTS = ("site_config.yml", "content", "institutions", "templates")
C, Y = r"\d{10}", r"\d{4}"
# template → pattern of its pages' URL paths ("" is the home page); the first match is used,
# preferring the college with the most pages (its tables are the widest).
KINDS = {
    "home.html": r"", "policies.html": r"policies/", "notices.html": r"notices/",
    "rounds.html": r"rounds/", "colleges.html": r"colleges/", "reviews.html": r"reviews/",
    "experts.html": r"experts/", "lists.html": r"lists/", "opendata.html": r"data/",
    "search.html": r"search/", "policy.html": r"policies/[^/]+/", "notice.html": r"notices/[^/]+/",
    "round.html": rf"rounds/{Y}/", "reviews_year.html": rf"reviews/{Y}/", "review.html": rf"reviews/{Y}/{C}/",
    "lists_year.html": rf"lists/{Y}/", "college.html": rf"colleges/{C}/",
    "material.html": rf"colleges/{C}/materials/[^/]+/", "self_diagnosis.html": rf"colleges/{C}/self-diagnosis/{Y}/",
    "evidence_overview.html": r"evidence/", "evidence_indicators.html": rf"colleges/{C}/indicators/{Y}/",
    "evidence_tasks.html": rf"colleges/{C}/tasks/{Y}/", "evidence_specialty.html": rf"colleges/{C}/specialties/\d+/{Y}/",
}
NOT_FOUND = "404.html"


def build_demo(base: Path, pdf: bool = False) -> Path:
    """Copy the demo's inputs under `base` and build its site there (the repository stays clean)."""
    from generator.build import build_site
    root, out = base / "demo", base / "site"
    root.mkdir(parents=True)
    for name in DEMO_INPUTS:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, root / name)
        elif src.exists():
            shutil.copy(src, root / name)
    res = build_site(root, out, dt.date.fromisoformat(AS_OF), pdf=pdf)
    assert res.ok, [f.message() for f in res.errors]
    return out


def pick(site: Path) -> dict[str, str]:
    """{kind: URL path} for one built page of every kind, plus "404" → 404.html."""
    paths = sorted(p.parent.relative_to(site).as_posix() + "/" for p in site.rglob("index.html"))
    paths = ["" if p == "./" else p for p in paths]
    # the college with the most pages first: its tables and lists are the longest
    count: dict[str, int] = {}
    for p in paths:
        m = re.match(rf"colleges/({C})/", p)
        if m:
            count[m.group(1)] = count.get(m.group(1), 0) + 1
    rank = {code: i for i, code in enumerate(sorted(count, key=lambda c: (-count[c], c)))}

    def key(p: str):
        m = re.match(rf"colleges/({C})/", p)
        return (rank[m.group(1)] if m else 0, p)

    out = {}
    for kind, pattern in KINDS.items():
        hits = sorted((p for p in paths if re.fullmatch(pattern, p)), key=key)
        assert hits, f"no built page of kind {kind} (pattern {pattern!r})"
        out[kind] = hits[0]
    out["404"] = NOT_FOUND
    return out


def templates() -> set[str]:
    """Every page template the site renders (partials start with "_")."""
    return {p.name for p in (REPO / "theme/pages").glob("*.html") if not p.name.startswith("_")}
