"""A clean MkDocs build in two processes: half of the colleges' pages each.

MkDocs renders on one core; at national scale it is most of a cold build (286 s of 530 s at
1,500 colleges) while the second core idles. The docs tree is built twice at once, each run
told by MkDocs' documented `exclude_docs` to skip part of it:

- part 1: everything except the colleges whose code ends in one of `split.digits`;
- part 2: only those colleges' folders (`colleges/<code>/…`).

An excluded file is still known to MkDocs, so links and the nav resolve exactly as in one run;
it is only not rendered or copied. Part 2's college folders are then moved into part 1's
output and the two sitemaps merged in the order one run writes them (a test compares the
result with a single run byte for byte). Nothing here touches MkDocs internals: the docs tree
and its mkdocs.yml stay what any engine reads; the split is a way of running MkDocs.
"""
from __future__ import annotations

import gzip
import io
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import yaml

MIN_COLLEGES = 40            # below this a second MkDocs start-up (~2 s) costs more than it saves
_NAME = re.compile(r"[0-9A-Za-z]+")
_ENTRY = re.compile(r"\s*<url>.*?</url>", re.S)
_LOC = re.compile(r"<loc>(.*?)</loc>", re.S)


@dataclass(frozen=True)
class Split:
    digits: str              # last characters of the codes whose folders part 2 renders
    colleges: str            # the colleges' folder in the docs tree, e.g. "colleges"

    def excludes(self) -> tuple[str, str]:
        """`exclude_docs` of part 1 and of part 2 (gitignore syntax, relative to docs_dir)."""
        cls = f"[{self.digits}]"
        first = f"/{self.colleges}/*{cls}/\n"
        second = f"/*\n!/{self.colleges}/\n/{self.colleges}/*\n!/{self.colleges}/*{cls}/\n"
        return first, second


def plan(docs_dir: Path, colleges: str, min_colleges: int = MIN_COLLEGES) -> Split | None:
    """Pick the last characters that give part 2 about half of the college folders (part 1 also
    renders every shared page, which is why it gets the smaller half when the split is uneven).
    None: too few colleges to gain from two processes, or names a pattern cannot express."""
    try:
        names = [e.name for e in os.scandir(docs_dir / colleges) if e.is_dir(follow_symlinks=False)]
    except OSError:
        return None
    if len(names) < min_colleges or not all(_NAME.fullmatch(n) for n in names):
        return None
    count: dict[str, int] = {}
    for n in names:
        count[n[-1]] = count.get(n[-1], 0) + 1
    chosen, total = [], 0
    for ch in sorted(count, key=lambda c: (-count[c], c)):   # largest first: closest to half
        if total + count[ch] <= (len(names) + 1) // 2 + len(names) // 20:
            chosen.append(ch)
            total += count[ch]
    if not chosen or total == len(names):
        return None
    return Split("".join(sorted(chosen)), colleges)


def part_config(config: Path, exclude: str, dest: Path) -> Path:
    """A copy of `config` whose paths are absolute (it is written elsewhere) and which excludes
    `exclude` from the build."""
    cfg = yaml.safe_load(config.read_text(encoding="utf-8"))
    base = config.parent
    cfg["docs_dir"] = str((base / cfg.get("docs_dir", "docs")).resolve())
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = str((base / theme["custom_dir"]).resolve())
    cfg["exclude_docs"] = exclude
    dest.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    return dest


def merge_sitemaps(first: str, second: str, colleges_url: str) -> str:
    """Part 1's sitemap with part 2's entries added where one run puts them. One run lists the
    docs tree in walk order (folders sorted by name), so each college's entries are contiguous
    and the colleges come in code order; part 2 holds only college entries."""
    head, mine, tail = _entries(first)
    _, theirs, _ = _entries(second)
    college = re.compile(re.escape(colleges_url) + r"([^/]+)/")

    def code(entry: str) -> str | None:
        loc = _LOC.search(entry)
        m = college.match(loc.group(1)) if loc else None
        return m.group(1) if m else None

    at = [i for i, e in enumerate(mine) if code(e) is not None]
    if at and at != list(range(at[0], at[-1] + 1)):
        raise ValueError("part 1's sitemap does not list the colleges' pages together")
    if any(code(e) is None for e in theirs):
        raise ValueError("part 2's sitemap lists a page outside the colleges' folders")
    if at:
        start, end = at[0], at[-1] + 1
    else:                      # every college is in part 2: right after the colleges' index page
        start = end = next((i + 1 for i, e in enumerate(mine) if _LOC.search(e).group(1) == colleges_url), None)
        if start is None:
            raise ValueError("part 1's sitemap has no colleges' index page")
    groups: dict[str, list[str]] = {}
    for e in mine[start:end] + theirs:
        groups.setdefault(code(e), []).append(e)
    merged = [e for c in sorted(groups) for e in groups[c]]
    return head + "".join(mine[:start] + merged + mine[end:]) + tail


def _entries(text: str) -> tuple[str, list[str], str]:
    found = list(_ENTRY.finditer(text))
    if not found:
        return text, [], ""
    return text[: found[0].start()], [m.group(0) for m in found], text[found[-1].end():]


def gzip_like(original: Path, text: str) -> bytes:
    """`text` gzipped as MkDocs writes sitemap.xml.gz, with the original's header time."""
    mtime = int.from_bytes(original.read_bytes()[4:8], "little")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, filename=str(original), mode="wb", mtime=mtime) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def run_parts(cmds: list[list[str]], env: dict) -> list[subprocess.CompletedProcess]:
    """Run the commands at once; wait for all of them."""
    procs = [subprocess.Popen(c, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
             for c in cmds]
    results = []
    for cmd, p in zip(cmds, procs):
        out, _ = p.communicate()
        results.append(subprocess.CompletedProcess(cmd, p.returncode, out, ""))
    return results


def combine(site_dir: Path, part2: Path, split: Split, site_url: str) -> None:
    """Move part 2's college folders into part 1's output and merge the sitemaps.
    `site_url` ends with "/" (the sitemap's addresses start with it)."""
    dest = site_dir / split.colleges
    dest.mkdir(parents=True, exist_ok=True)
    src = part2 / split.colleges
    if src.is_dir():
        for entry in sorted(os.listdir(src)):
            os.replace(src / entry, dest / entry)
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file() and (part2 / "sitemap.xml").is_file():
        text = merge_sitemaps(sitemap.read_text(encoding="utf-8"),
                              (part2 / "sitemap.xml").read_text(encoding="utf-8"), site_url + split.colleges + "/")
        _replace_bytes(sitemap, text.encode("utf-8"))
        gz = site_dir / "sitemap.xml.gz"
        if gz.is_file():
            _replace_bytes(gz, gzip_like(gz, text))


def _replace_bytes(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    tmp.write_bytes(data)
    os.replace(tmp, path)
