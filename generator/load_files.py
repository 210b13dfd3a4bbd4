"""Load layer, file level: one front-matter document, the link check, and the folder walks
that list a portal root's sources (DESIGN.md §7)."""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

from .findings import Loc, Report
from .placeholders import scan_body, scan_node
from .project import Doc, Project
from .schema import INVALID, Ctx, build
from .yamlsafe import parse, read_source


def parsed(text: str, rel: str, report: Report, institution=None, line_offset: int = 0):
    """`parse`, plus `file.empty` for a file (or front matter) that holds no value at all: an
    empty or comment-only file is an error, never "no data" (DESIGN.md §7, issue 18 §2)."""
    before = len(report.findings)
    node = parse(text, rel, report, institution, line_offset=line_offset)
    if node is not None and node.kind == "scalar" and node.value == "" and not node.quoted:
        node = None                    # a bare "---": a document with nothing in it
    if node is None and len(report.findings) == before:
        report.add("file.empty", Loc(rel, line_offset + 1, 1), institution=institution)
    return node


def symlinked(root: Path, rel: str, report: Report, institution: str | None = None) -> bool:
    """DESIGN.md §7: a source that is a symbolic link, or lies in a linked folder, could point
    outside its college folder: report it (`file.symlink`) and leave it unread."""
    cur = os.fspath(root)
    for part in rel.split("/"):
        cur = f"{cur}/{part}"      # plain strings: pathlib costs seconds over 50,000 files
        if os.path.islink(cur):
            report.add("file.symlink", Loc(rel), institution=institution, path=rel)
            return True
    return False


def split_front_matter(text: str) -> tuple[str, int, str, int] | None:
    """Return (front matter, its first line, body, body's first line) or None if absent."""
    if not text.startswith("---"):
        return None
    lines = text.split("\n")
    if lines[0].rstrip() != "---":
        return None
    for i in range(1, len(lines)):
        if lines[i].rstrip() in ("---", "..."):
            return "\n".join(lines[1:i]) + "\n", 2, "\n".join(lines[i + 1:]), i + 2
    return None


def load_doc(proj: Project, rel: str, cls, report: Report, institution: str | None = None,
             checked_dirs: bool = False) -> Doc | None:
    """Read one front-matter document. `checked_dirs`: the caller walked the folders without
    following links, so only the file itself can still be a link."""
    path = f"{os.fspath(proj.root)}/{rel}"
    if checked_dirs:
        if os.path.islink(path):
            report.add("file.symlink", Loc(rel), institution=institution, path=rel)
            return None
    elif symlinked(proj.root, rel, report, institution):
        return None
    raw, text = read_source(path, rel, report, institution)
    if text is None:
        return None
    parts = split_front_matter(text)
    if parts is None:
        report.add("file.front_matter", Loc(rel, 1, 1), institution=institution)
        return None
    fm, fm_line, body, body_line = parts
    node = parsed(fm, rel, report, institution, line_offset=fm_line - 1)
    if node is None:
        return None
    if "请填写" in text:
        scan_node(node, rel, report, institution)
        scan_body(body, body_line, rel, report, institution)
    meta = build(cls, node, Ctx(rel, report, institution))
    if meta is INVALID:
        return None
    digest = hashlib.sha256(raw).hexdigest()  # the file's bytes, as sha256sum sees them
    return Doc(rel, meta, body, body_line, digest)


def _docs(proj, rel_dir, cls, report, institution=None, recursive=False) -> list[Doc]:
    out = []
    for rel in _md_sources(proj.root, rel_dir, report, institution, recursive):
        doc = load_doc(proj, rel, cls, report, institution, checked_dirs=True)
        if doc is not None:
            out.append(doc)
    return out


def _md_sources(root: Path, rel_dir: str, report: Report, institution, recursive: bool) -> list[str]:
    """Root-relative paths of the `.md` files below `rel_dir`, in path order (DESIGN.md §7).

    One `scandir` per folder: at national scale this walk covers ~50,000 files (issue 7).
    A linked folder is reported once and not entered; linked files are kept so that
    `load_doc` reports each of them."""
    base = f"{os.fspath(root)}/{rel_dir}"
    if not os.path.isdir(base):
        return []
    if symlinked(root, rel_dir, report, institution):
        return []
    found: list[str] = []
    todo = [rel_dir]
    while todo:
        rel = todo.pop()
        try:
            with os.scandir(f"{os.fspath(root)}/{rel}") as it:
                entries = list(it)
        except OSError as exc:
            report.add("file.unreadable", Loc(rel), detail=exc.strerror or str(exc), institution=institution)
            continue
        for e in entries:
            child = f"{rel}/{e.name}"
            if e.is_dir(follow_symlinks=False):
                if recursive:
                    todo.append(child)
            elif e.is_symlink():
                if e.is_dir():
                    if recursive:
                        report.add("file.symlink", Loc(child), institution=institution, path=child)
                elif e.name.endswith(".md") and e.is_file():
                    found.append(child)
            elif e.name.endswith(".md") and e.is_file(follow_symlinks=False):
                found.append(child)
    found.sort(key=lambda r: r.split("/"))    # the order of sorted Paths: part by part
    return found


def _sorted_dirs(base: Path) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted((p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")), key=lambda p: p.name)


def _yaml_files(proj: Project, rel_dir: str, report: Report, institution: str | None = None) -> list[Path]:
    """The YAML files of a folder, in name order. A file present as both `x.yml` and `x.yaml`
    is an error (`file.duplicate`) and neither is read: keeping one would silently lose the other."""
    stems: dict[str, list[Path]] = {}
    for f in _sorted_files(proj.root / rel_dir, (".yml", ".yaml")):
        stems.setdefault(f.stem, []).append(f)
    out = []
    for group in stems.values():
        if len(group) > 1:
            report.add("file.duplicate", Loc(f"{rel_dir}/{group[1].name}", 1, 1), institution=institution,
                       path=f"{rel_dir}/{group[1].name}", other=f"{rel_dir}/{group[0].name}")
        else:
            out.append(group[0])
    return out


def _twin(proj: Project, rel_dir: str, stem: str, report: Report, institution: str | None = None) -> None:
    """`file.duplicate` when a fixed-name file (round.yml, institution.yml) has a `.yaml` twin,
    which would otherwise be ignored without a word."""
    if (proj.root / rel_dir / f"{stem}.yaml").is_file() and (proj.root / rel_dir / f"{stem}.yml").is_file():
        report.add("file.duplicate", Loc(f"{rel_dir}/{stem}.yaml", 1, 1), institution=institution,
                   path=f"{rel_dir}/{stem}.yaml", other=f"{rel_dir}/{stem}.yml")


def _sorted_files(base: Path, exts: tuple[str, ...]) -> list[Path]:
    if not base.is_dir():
        return []
    return sorted((p for p in base.iterdir() if p.is_file() and p.suffix in exts), key=lambda p: p.name)
