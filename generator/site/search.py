"""Chinese full-text search: Pagefind indexes over the built site (docs/site.md says why).

Pagefind splits each index into chunks fetched on demand, so the bytes a browser downloads for
one query stay bounded as the site grows; it segments Chinese by the page's lang="zh-CN".

The index is sharded so that its cost follows the change, not the site:
- `pagefind/`: every page outside the college folders (home, lists, reviews, policies …), and
  the UI files the search page loads;
- `pagefind-colleges/<k>/`: the pages of one group of colleges (at most COLLEGES_PER_SHARD,
  grouped by a hash of the code so a new college moves no other).
A rebuild re-indexes only the shards whose pages changed; each Pagefind run holds one shard in
memory (measured: ~0.3 GB per 1,000 Chinese pages), and two run at once on two cores. The
search page merges the shards listed in `pagefind/shards.json` into one result list.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .. import urls

BUNDLE = "pagefind"                  # <site>/pagefind/: the main index and the UI files
SHARDS = "pagefind-colleges"         # <site>/pagefind-colleges/<k>/: one index per group of colleges
SHARD_LIST = f"{BUNDLE}/shards.json"
MAIN = "main"
COLLEGES_PER_SHARD = 50
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
             "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
_NOT_PAGES = {urls.COLLEGES.rstrip("/"), "files", "assets", BUNDLE, SHARDS}


class SearchIndexError(Exception):
    pass


def shard_count(colleges: int) -> int:
    return max(1, -(-colleges // COLLEGES_PER_SHARD))


def shard_of(code: str, count: int) -> str:
    """The shard of a college: stable for a given count, whatever other colleges exist."""
    return f"{int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) % count:02d}"


def college_codes(site_dir: Path) -> list[str]:
    base = Path(site_dir) / urls.COLLEGES
    return sorted(p.name for p in base.iterdir() if p.is_dir()) if base.is_dir() else []


def shard_of_page(rel: str, count: int) -> str | None:
    """The shard indexing a built file (path relative to the site), None if not a page."""
    if not rel.endswith(".html"):
        return None
    parts = rel.split("/")
    if parts[0] == urls.COLLEGES.rstrip("/") and len(parts) > 2:
        return shard_of(parts[1], count)
    return None if parts[0] in _NOT_PAGES and len(parts) > 1 else MAIN


def index_site(site_dir: Path, only: set[str] | None = None, jobs: int | None = None) -> None:
    """Index the pages' data-pagefind-body regions into the bundles above. `only`: the shards
    to redo (their pages changed); None: all of them, removing any stale shard."""
    site_dir = Path(site_dir)
    codes = college_codes(site_dir)
    count = shard_count(len(codes))
    groups: dict[str, list[str]] = {}
    for code in codes:
        groups.setdefault(shard_of(code, count), []).append(code)
    shards = [f"{SHARDS}/{k}/" for k in sorted(groups)]
    if only is not None and _listed(site_dir) != shards:
        only = None                              # the grouping changed (more or fewer colleges)
    todo = [MAIN, *sorted(groups)] if only is None else [s for s in [MAIN, *sorted(groups)] if s in only]
    if only is None:
        shutil.rmtree(site_dir / BUNDLE, ignore_errors=True)
        shutil.rmtree(site_dir / SHARDS, ignore_errors=True)
    glob = {MAIN: _main_glob(site_dir)}
    glob.update({k: "colleges/{" + ",".join(v) + "}/**/*.html" for k, v in groups.items()})
    with ThreadPoolExecutor(max_workers=jobs or min(2, os.cpu_count() or 1)) as pool:
        for _ in pool.map(lambda s: _run(site_dir, glob[s], _bundle_dir(site_dir, s), s == MAIN), todo):
            pass
    for stale in set(_existing_shards(site_dir)) - set(groups):     # a group that no longer exists
        shutil.rmtree(site_dir / SHARDS / stale, ignore_errors=True)
    (site_dir / SHARD_LIST).write_text(json.dumps({"shards": shards}) + "\n", encoding="utf-8")


def shards_of_pages(site_dir: Path, rels) -> set[str]:
    """The shards holding these built files (paths relative to the site)."""
    count = shard_count(len(college_codes(site_dir)))
    return {s for rel in rels if (s := shard_of_page(rel, count)) is not None}


def _listed(site_dir: Path) -> list[str] | None:
    try:
        return json.loads((site_dir / SHARD_LIST).read_text(encoding="utf-8"))["shards"]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _bundle_dir(site_dir: Path, shard: str) -> Path:
    return site_dir / (BUNDLE if shard == MAIN else f"{SHARDS}/{shard}")


def _existing_shards(site_dir: Path) -> list[str]:
    base = site_dir / SHARDS
    return [p.name for p in base.iterdir() if p.is_dir()] if base.is_dir() else []


def _main_glob(site_dir: Path) -> str:
    """Every page outside the college folders: top-level pages, the colleges list, sections."""
    dirs = sorted(p.name for p in site_dir.iterdir() if p.is_dir() and p.name not in _NOT_PAGES)
    return "{" + ",".join(["*.html", f"{urls.COLLEGES}index.html", *(f"{d}/**/*.html" for d in dirs)]) + "}"


def _run(site_dir: Path, glob: str, bundle: Path, main: bool) -> None:
    shutil.rmtree(bundle, ignore_errors=True)
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--glob", glob,
           "--output-path", str(bundle), "--silent"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SearchIndexError(f"pagefind 索引失败（退出码 {res.returncode}）：\n{res.stdout}{res.stderr}")
    if not main:
        for name in _UI_FILES:                   # the search page loads the UI from the main bundle
            (bundle / name).unlink(missing_ok=True)
