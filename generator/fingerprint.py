"""Would this build render exactly what the last one did? A fingerprint of its inputs.

Rendering is a pure function of the data files (site_config.yml, content/, institutions/), the
as-of date, the options and the generator itself (its code, its theme, its libraries). When all
are as they were at the last build and that build's docs tree is complete, `portal build` skips
rendering and writing it (issue 7: a rebuild with nothing changed costs what checking costs).

Data files are compared by path, size and modification time, as make does: reading every file's
bytes again would cost what the skip saves. The same walk gives each college folder its own part,
so that a render can keep the pages of colleges whose part did not change (site/reuse.py). A copy that keeps old times (`cp -p`) over a file of
the same size would go unseen; `rm -rf .portal-cache` always forces a full build.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from .tree_digest import BYTECODE, walk_tree
from .tree_digest import code_digest as tree_code_digest

INPUTS = ("site_config.yml", "content", "institutions")
LIBRARIES = ("jinja2", "markdown", "nh3", "pyyaml", "weasyprint", "markupsafe")
_CODE = re.compile(r"\d{10}")
STATE = "render.json"        # <cache>/render.json: the last complete render's fingerprint


@dataclass(frozen=True)
class Inputs:
    """The fingerprint of a build's inputs, whole and in parts: `shared` covers everything but
    the colleges' own folders (code, options, site_config.yml, content/, every institution.yml);
    `colleges[code]` covers one college folder. The render reuses a college's pages when its
    part and what the rules computed are as they were (site/reuse.py)."""

    whole: str
    shared: str
    colleges: dict
    code: str                 # the generator's own files and libraries only (load_cache keys)


def fingerprint(root: Path, code: list[Path], options: dict) -> Inputs:
    """Data files by (path, size, mtime); the generator's own files (`code`) by their bytes."""
    code_digest = tree_code_digest(hashlib.sha256(), LIBRARIES, [str(top) for top in code])
    h = hashlib.sha256(json.dumps(options, sort_keys=True, default=str).encode())
    h.update(code_digest.encode())
    root = str(root)
    colleges: dict[str, "hashlib._Hash"] = {}
    for name in INPUTS:
        path = f"{root}/{name}"
        if os.path.isfile(path):
            st = os.stat(path)
            h.update(f"\0{name}\0{st.st_size}\0{st.st_mtime_ns}".encode())
        elif os.path.isdir(path):
            for rel in _walk(path):
                st = os.lstat(f"{path}/{rel}")
                line = f"\0{name}/{rel}\0{st.st_mode}\0{st.st_size}\0{st.st_mtime_ns}".encode()
                code_dir, _, inner = rel.partition("/")
                if name == "institutions" and inner and _CODE.fullmatch(code_dir):
                    part = colleges.get(code_dir)
                    if part is None:
                        part = colleges[code_dir] = hashlib.sha256(code_dir.encode())
                    part.update(line)
                    if inner != "institution.yml":     # names and regions show on other pages
                        continue
                h.update(line)
    shared = h.hexdigest()
    parts = {code_dir: part.hexdigest() for code_dir, part in colleges.items()}
    whole = hashlib.sha256(json.dumps([shared, sorted(parts.items())]).encode()).hexdigest()
    return Inputs(whole, shared, parts, code_digest)


def _walk(top: str):
    """Relative paths below `top`, sorted, without bytecode caches."""
    return (rel for rel, _regular in walk_tree(top, skip=BYTECODE))


def unchanged(cache: Path, fp: str, tree: Path) -> dict | None:
    """The last render's summary ({"pages", "files"}) if its fingerprint is `fp` and its docs
    tree is still there; None otherwise."""
    try:
        state = json.loads((Path(cache) / STATE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state, dict) or state.get("fingerprint") != fp or not (Path(tree) / "mkdocs.yml").is_file():
        return None
    return state


def forget(cache: Path) -> None:
    """Before the docs tree changes: a build killed from here on renders again next time."""
    try:
        os.unlink(Path(cache) / STATE)
    except FileNotFoundError:
        pass


def remember(cache: Path, fp: str, pages: int, files: int) -> None:
    path = Path(cache) / STATE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps({"fingerprint": fp, "pages": pages, "files": files}), encoding="utf-8")
    os.replace(tmp, path)
