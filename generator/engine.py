"""Run the engine (MkDocs, or Zensical: site/engines.py) and the search indexer (Pagefind)
incrementally, then publish.

The engine's output is kept in the build cache (`<cache>/engine/`) between builds:
- a rebuild passes MkDocs `--dirty`, which re-renders only pages whose docs-tree source is newer
  than their output; the outputs of changed and removed sources are deleted first, so their
  freshness never depends on a file's modification time;
- a change outside `docs/` (mkdocs.yml, the theme overrides, the engine's version) makes a clean
  build, and so does anything unexpected: the stamp file is removed before the engine runs and
  written back only after MkDocs and Pagefind both succeeded;
- with nothing changed, neither runs, and an up-to-date published site is not touched at all;
- Zensical has no `--dirty`: any change rebuilds the whole output (with its own cache, dropped
  whenever a MkDocs build would be clean), and Pagefind indexes all of it again.
The published folder is then refreshed from the cache by `write.publish_tree` (atomic swap,
hard links for unchanged files), so a failed build never alters it (DESIGN.md §7). Folders made
outside the engine (the PDFs, `Beside`) join the site there, once their own work has finished.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
from importlib import metadata
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import cache_files
from .site import engines, mkdocs_config, mkdocs_split, search
from .site.mkdocs_config import run_mkdocs
from .site.progress import Progress
from .site.search import index_site, shards_of_pages
from .write import Tampered, publish_tree
from .tree_digest import walk_tree
from .write_sync import verify_tree

ENGINE = "engine"                 # <cache>/engine: the engine's own output, kept between builds
STAMP = "engine.json"             # <cache>/engine.json: what that output was built from
PUBLISHED = "published.json"      # <cache>/published.json: which output was last published where
LISTING = "engine.manifest"       # <cache>/engine.manifest: every output file's size, mtime, SHA-256


@dataclass(frozen=True)
class Beside:
    """Top-level folders of the site made outside the engine (the build's PDFs, rendered in the
    background while the engine runs)."""
    entries: dict[str, Path]                # site folder name → the folder that holds it
    wait: Callable[[], None] | None         # until they are complete (raising stops the publication);
                                            # None: they already are
    version: Callable[[], str | None]       # after wait(): changes whenever their content does
    digests: Callable[[], dict] = dict      # after wait(): site path → SHA-256 of each file, as made


def fingerprint(tree: Path, as_of: dt.date, engine: str = engines.DEFAULT) -> str:
    """Everything outside docs/ that shapes every page: a change means a clean build. This
    includes the code that drives the engine and the indexer, and which engine it is (name and
    version): switching engines rebuilds."""
    h = hashlib.sha256(as_of.isoformat().encode())
    h.update(f"\0engine={engines.version(engine)}".encode())
    for mod in (__file__, search.__file__, mkdocs_config.__file__, mkdocs_split.__file__, engines.__file__):
        h.update(Path(mod).read_bytes())
    for pkg in ("mkdocs", "mkdocs-material", "pagefind"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            h.update(f"\0{pkg}={metadata.version(pkg)}".encode())
    for p in [tree / "mkdocs.yml", *sorted((tree / "overrides").rglob("*"))]:
        if p.is_file():
            h.update(b"\0" + p.relative_to(tree).as_posix().encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def outputs_of(rel: str) -> list[str]:
    """Engine outputs of a docs-tree path (use_directory_urls): "a/index.md" → "a/index.html",
    "a/b.md" → "a/b/index.html", any other file → itself."""
    if not rel.startswith("docs/"):
        return []
    rel = rel[len("docs/"):]
    if rel.endswith(".md"):
        stem = rel[: -len(".md")]
        return [stem[: -len("index")] + "index.html" if stem == "index" or stem.endswith("/index")
                else stem + "/index.html"]
    return [rel]


def build_and_publish(cache: Path, out: Path, as_of: dt.date, changed: list[str],
                      progress: Progress | None = None, jobs: int | None = None,
                      beside: Beside | None = None, engine_name: str = engines.DEFAULT) -> str:
    """Bring `<cache>/engine` up to date with the docs tree `<cache>/site` (whose `changed` paths
    were just written or removed), index it, and publish it, with the `beside` folders, as
    `out`. Returns the engine's mode: "clean", "dirty" or "unchanged"."""
    tree, engine = cache / "site", cache / ENGINE
    progress = progress or Progress(enabled=False)
    stamp = _read(cache / STAMP)
    want = fingerprint(tree, as_of, engine_name)
    current = stamp.get("config") == want and engine.is_dir()
    index: Callable[[], None] | None = None       # the search index, built while publishing
    if current and not changed:
        mode = "unchanged"
    else:
        mode = "dirty" if current and all(rel.startswith("docs/") for rel in changed) else "clean"
        listing = _listing(cache)
        if mode == "dirty" and not _as_listed(engine, listing):
            cache_files.warn(engine, "与记录不符（被修改）")
            mode = "clean"                        # the engine's output changed since it was made
        # Zensical rebuilds everything; it keeps its own cache only when our last output is as listed
        own_cache = mode == "dirty"
        if engine_name != "mkdocs":
            mode = "clean"
        if mode == "clean":
            listing = {}
            if bad := verify_tree(tree, cache / "site.manifest"):   # MkDocs reads all of it
                raise Tampered(f"{tree}/{bad[0]}")
        with contextlib.suppress(FileNotFoundError):
            os.unlink(cache / STAMP)              # a run killed from here on leaves no stamp: clean next
        if mode == "dirty":
            for rel in changed:
                for o in outputs_of(rel):
                    with contextlib.suppress(FileNotFoundError):
                        os.unlink(engine / o)
        label = engines.LABELS[engine_name]
        progress.step(f"{label} 构建" if mode == "clean" else f"{label} 增量构建")
        if engine_name == "zensical":
            engines.run_zensical(tree / "mkdocs.yml", engine, as_of, clean=not own_cache)
        else:
            run_mkdocs(tree / "mkdocs.yml", engine, as_of, dirty=mode == "dirty", jobs=jobs)
        only = None if mode == "clean" else shards_of_pages(engine, [o for rel in changed for o in outputs_of(rel)])
        stamp = {"config": want, "generation": stamp.get("generation", 0) + 1}

        def index_then_stamp() -> None:
            index_site(engine, only=only)
            _relist(cache, engine, listing)
            _write(cache / STAMP, stamp)
        index = index_then_stamp

    def target() -> dict:
        return {"out": os.path.abspath(out), "generation": stamp["generation"],
                "beside": beside.version() if beside else None, "inode": _inode(out)}

    def finish_late() -> None:            # beside the copying of the engine's other files
        if index is not None:
            index()
        if beside is not None and beside.wait is not None:
            beside.wait()

    if mode == "unchanged":
        if beside is not None and beside.wait is not None:
            progress.step("等待 PDF")
            beside.wait()                     # nothing else to do meanwhile
        if _read(cache / PUBLISHED) == target():
            return mode
        if not _as_listed(engine, _listing(cache)):   # files missing or added since it was made
            raise Tampered(str(engine))
    with contextlib.suppress(FileNotFoundError):
        os.unlink(cache / PUBLISHED)
    progress.step("发布站点" if index is None else "建立搜索索引并发布站点")

    def expected() -> dict:               # once finish_late has returned
        made = {rel: e[2] for rel, e in _listing(cache).items()}
        return {**made, **(beside.digests() if beside else {})}

    publish_tree(engine, out, alongside=finish_late, late=(search.BUNDLE, search.SHARDS),
                 beside=beside.entries if beside else None, expected=expected)
    _write(cache / PUBLISHED, target())
    return mode


def _listing(cache: Path) -> dict:
    """{rel: [size, mtime_ns, sha256]} of the engine's output as it was last made."""
    data = cache_files.load(cache / LISTING, "engine-output", "")
    return data if isinstance(data, dict) else {}


def _as_listed(engine: Path, listing: dict) -> bool:
    """Every file of the engine's output is the listed one (by size and mtime; the bytes are
    checked when a file is published), and nothing else is there."""
    if not engine.is_dir():
        return not listing
    found = 0
    for rel, regular in walk_tree(str(engine)):
        entry = listing.get(rel)
        if not regular or entry is None:
            return False
        st = os.lstat(f"{engine}/{rel}")
        if [st.st_size, st.st_mtime_ns] != entry[:2]:
            return False
        found += 1
    return found == len(listing)


def _relist(cache: Path, engine: Path, old: dict) -> None:
    """After the engine and the indexer ran: list every output file; files they did not touch
    keep their recorded digest (checked against their size and mtime before they ran)."""
    new = {}
    for rel, regular in walk_tree(str(engine)):
        if not regular:
            continue
        path = f"{engine}/{rel}"
        st = os.lstat(path)
        entry = old.get(rel)
        if entry is not None and [st.st_size, st.st_mtime_ns] == entry[:2]:
            new[rel] = entry
        else:
            with open(path, "rb") as fh:
                new[rel] = [st.st_size, st.st_mtime_ns, hashlib.file_digest(fh, "sha256").hexdigest()]
    cache_files.save(cache / LISTING, "engine-output", "", new)


def _inode(path: Path) -> int | None:
    """The site folder's identity: a swap (publish) or a deletion changes it."""
    try:
        return os.stat(path).st_ino
    except FileNotFoundError:
        return None


def _read(path: Path) -> dict:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _write(path: Path, data: dict) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
