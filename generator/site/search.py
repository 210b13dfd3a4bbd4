"""Chinese full-text search: Pagefind indexes over the built site (docs/site.md says why).

Pagefind splits each index into chunks fetched on demand and segments Chinese by the page's
lang="zh-CN". One index over a national site still grows with it (its page table alone is
~360 KB at 50,000 pages, and a common word's postings as much again), and indexing 50,000
pages at once took ~10 GB of memory. So the index is split along what a reader searches:

- `pagefind/` (main): every page except the colleges' material and report pages — college
  home pages (names), lists, reviews, verdicts, policies, notices. A query in the default
  scope downloads only this index, which grows with the number of colleges, not of materials.
- `pagefind-colleges/<shard>/`: the material and report pages of one region's colleges (a large
  region is cut into shards of at most COLLEGES_PER_SHARD colleges). The search page offers
  "materials of region X" (that region's shards) and "materials everywhere" (all of them).
  A scope of more than SHARDS_PER_STEP shards is searched in batches, one batch per page
  with links to the previous and the next (`steps`), so one query downloads and computes a
  bounded amount whatever the number of regions.

The render layer decides the grouping (`groups`) and writes it as GROUPS_FILE; the indexer and
the search page both follow that file. A rebuild re-indexes only the shards whose pages changed,
two Pagefind service processes index the shards, each holding one in memory.
"""
from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .. import urls

BUNDLE = "pagefind"                  # <site>/pagefind/: the main index and the UI files
SHARDS = "pagefind-colleges"         # <site>/pagefind-colleges/<shard>/
GROUPS_FILE = "assets/zg/search-groups.json"
MAIN = "main"
COLLEGES_PER_SHARD = 50
# A batch's search time grows with its shards for a common word, which every shard holds
# (measured at 1,500 colleges, 诊改 / 职业技术学院, main index + n shards, from typing to the
# first result: n=6 0.9–1.16 s, 4 0.8–1.1 s, 3 0.78–1.03 s, 2 0.59–0.80 s). Two stay under 1 s
# like a one-region scope does; bytes stay ~0.5 MB.
SHARDS_PER_STEP = 2
UNKNOWN_REGION = "未注明地区"
_UI_FILES = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
             "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
_COLLEGES = urls.COLLEGES.rstrip("/")
_NOT_PAGES = {_COLLEGES, "files", "assets", BUNDLE, SHARDS}


class SearchIndexError(Exception):
    pass


@dataclass(frozen=True)
class Region:
    name: str
    shards: tuple           # ids of the shards holding its colleges' material pages

    def paths(self) -> list[str]:
        return [f"{SHARDS}/{s}/" for s in self.shards]


def groups(colleges: list[tuple[str, str]]) -> tuple[list[Region], dict[str, list[str]]]:
    """(regions in name order, {shard id: college codes}) from (code, region) pairs: each
    region's colleges in shards of at most COLLEGES_PER_SHARD. A shard's id comes from its
    region's name, so adding a region leaves the others' shards as they were.

    Regions are not packed together to save shards at small sizes: a region scope would then
    need Pagefind's filters to narrow results, and Pagefind writes its filter index in a
    different order on every run (Pagefind/pagefind#638), which would break reproducible builds."""
    by_region: dict[str, list[str]] = {}
    for code, region in colleges:
        by_region.setdefault(region or UNKNOWN_REGION, []).append(code)
    regions, shards = [], {}
    for name in sorted(by_region):
        codes, ids = sorted(by_region[name]), []
        for k in range(0, len(codes), COLLEGES_PER_SHARD):
            ids.append(f"{_tag(name)}-{k // COLLEGES_PER_SHARD}")
            shards[ids[-1]] = codes[k:k + COLLEGES_PER_SHARD]
        regions.append(Region(name, tuple(ids)))
    return regions, shards


def steps(regions: list[Region], per_step: int = SHARDS_PER_STEP) -> list[dict]:
    """The search page's batches for a scope over `regions`: whole regions in their order, at
    most `per_step` shards a batch ({"regions": names, "bundles": shard paths}). A region with
    more shards than that is cut into parts that each fill a batch of their own."""
    out: list[dict] = []
    current: dict = {"regions": [], "bundles": []}
    for r in regions:
        paths = r.paths()
        if current["bundles"] and len(current["bundles"]) + len(paths) > per_step:
            out.append(current)
            current = {"regions": [], "bundles": []}
        if len(paths) <= per_step:
            current["regions"].append(r.name)
            current["bundles"] += paths
            continue
        parts = [paths[k:k + per_step] for k in range(0, len(paths), per_step)]
        out += [{"regions": [f"{r.name}（第{i}/{len(parts)}部分）"], "bundles": part}
                for i, part in enumerate(parts, 1)]
    if current["bundles"]:
        out.append(current)
    return out


def _tag(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:8]


def groups_json(regions: list[Region], shards: dict[str, list[str]]) -> bytes:
    data = {"regions": [{"name": r.name, "shards": r.paths()} for r in regions],
            "shards": shards}
    return (json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8")


def _read_groups(site_dir: Path) -> dict[str, list[str]]:
    try:
        data = json.loads((Path(site_dir) / GROUPS_FILE).read_text(encoding="utf-8"))
        return {str(k): [str(c) for c in v] for k, v in data["shards"].items()}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise SearchIndexError(f"搜索分组文件 {GROUPS_FILE} 缺失或损坏：{exc}") from exc


def shards_of_pages(site_dir: Path, rels) -> set[str]:
    """The shards holding these built files (paths relative to the site). A change of the
    grouping itself means every shard."""
    rels = list(rels)
    shards = _read_groups(site_dir)
    if GROUPS_FILE in rels:
        return {MAIN, *shards}
    shard_of = {code: s for s, codes in shards.items() for code in codes}
    out = set()
    for rel in rels:
        if not rel.endswith(".html"):
            continue
        parts = rel.split("/")
        if parts[0] == _COLLEGES and len(parts) > 3:            # colleges/<code>/<kind>/…
            out.add(shard_of.get(parts[1], MAIN))
        elif not (parts[0] in _NOT_PAGES and parts[0] != _COLLEGES and len(parts) > 1):
            out.add(MAIN)
    return out


def index_site(site_dir: Path, only: set[str] | None = None, jobs: int | None = None) -> None:
    """Index the pages' data-pagefind-body regions into the bundles above. `only`: the shards
    to redo (their pages changed); None: all of them. Stale shards are removed and missing
    ones made in any case."""
    site_dir = Path(site_dir)
    shards = _read_groups(site_dir)
    existing = _existing_shards(site_dir)
    for stale in existing - set(shards):
        shutil.rmtree(site_dir / SHARDS / stale, ignore_errors=True)
    if only is None:
        todo = [MAIN, *sorted(shards)]
    else:
        missing = {s for s in shards if s not in existing}
        if not (site_dir / BUNDLE / "pagefind-entry.json").is_file():
            missing.add(MAIN)
        todo = [s for s in [MAIN, *sorted(shards)] if s in only or s in missing]
    glob = {MAIN: _main_glob(site_dir)}
    glob.update({s: f"{_COLLEGES}/{{{','.join(codes)}}}/*/**/*.html" for s, codes in shards.items()})
    lanes = jobs or min(2, os.cpu_count() or 1)
    try:
        asyncio.run(_index_all(site_dir, [(glob[s], _bundle_dir(site_dir, s), s == MAIN) for s in todo], lanes))
    except SearchIndexError:
        raise
    except Exception as exc:  # noqa: BLE001 — the service's errors (a missing binary, a crash) stop the build
        raise SearchIndexError(f"pagefind 索引失败：{type(exc).__name__}: {exc}") from exc


def _bundle_dir(site_dir: Path, shard: str) -> Path:
    return site_dir / (BUNDLE if shard == MAIN else f"{SHARDS}/{shard}")


def _existing_shards(site_dir: Path) -> set[str]:
    base = site_dir / SHARDS
    return {p.name for p in base.iterdir() if p.is_dir()} if base.is_dir() else set()


def _main_glob(site_dir: Path) -> str:
    """Top-level pages, the colleges list, each college's home page, every other section."""
    dirs = sorted(p.name for p in site_dir.iterdir() if p.is_dir() and p.name not in _NOT_PAGES)
    parts = ["*.html", f"{_COLLEGES}/index.html", f"{_COLLEGES}/*/index.html", *(f"{d}/**/*.html" for d in dirs)]
    return "{" + ",".join(parts) + "}"


async def _index_all(site_dir: Path, jobs: list[tuple[str, Path, bool]], lanes: int) -> None:
    """Every index through `lanes` Pagefind service processes (one service answers one request
    at a time, so one per lane keeps two cores busy). A separate `pagefind` run per index paid
    its start each time (100 colleges, 21 indexes: 15.0–17.6 CPU-s that way, 12.3–14.3 with
    services; the same files)."""
    from pagefind.service import PagefindService      # the package that ships the binary
    queue = list(jobs)

    async def lane() -> None:
        async with PagefindService() as service:
            while queue:
                await _index_one(service, site_dir, *queue.pop(0))
    await asyncio.gather(*(lane() for _ in range(min(lanes, len(queue)))))


async def _index_one(service, site_dir: Path, glob: str, bundle: Path, main: bool) -> None:
    shutil.rmtree(bundle, ignore_errors=True)
    index = await service.create_index(None)
    try:
        done = await index.add_directory(str(site_dir), glob=glob)
        if not done.get("page_count"):
            raise SearchIndexError(f"pagefind 索引失败：{glob} 没有匹配任何页面")
        await index.write_files(output_path=str(bundle))
    finally:
        await index.delete_index()                # one index in memory per lane, as before
    if not main:
        for name in _UI_FILES:                   # the search page loads the UI from the main bundle
            (bundle / name).unlink(missing_ok=True)
