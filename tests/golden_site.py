"""The golden site (issue 21 §7): the whole built site of a small fixture root (tests/site_helpers
`site_root`: two colleges, every page kind, PDFs), normalised to reviewable text and committed
under tests/golden/site/. tests/test_golden_site.py compares a fresh build with it.

Normalised: each HTML page → its language, title and the page body (the article), one block
per line, with Material's chrome left out (it is Material's, not ours); each generated PDF →
its title, tag state, page count and extracted text; open data, feeds, calendar and sitemap as
they are; other files (attachments, pictures) → one line each with size and SHA-256 in
`files.sha256`. Volatile parts (dependency versions, asset hashes) are replaced by placeholders.

Regenerate after an intended change with `make golden` (= `python tests/golden_site.py`) and
review the diff like code.
"""
from __future__ import annotations

import difflib
import hashlib
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
GOLDEN = HERE / "golden" / "site"
SKIP = re.compile(r"^(assets/|pagefind[^/]*/|sitemap\.xml\.gz$)")
TEXT = {".json", ".csv", ".xml", ".ics", ".txt", ".jsonl"}
MANIFEST = "files.sha256"
_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
# a line break before each block's start, and before the end of a block that holds blocks
_BLOCK = re.compile(r"(?=<(?:/?(?:div|section|table|thead|tbody|tr|ul|ol|dl|figure|details|svg|g|nav|form)\b"
                    r"|(?:p|li|h[1-6]|dt|dd|th|td|summary|figcaption|caption|rect|text|line|path|pattern|title"
                    r"|desc|br|hr|label|select|option|noscript)\b))")
VOLATILE = [
    (re.compile(r"(mkdocs|mkdocs-material|weasyprint|WeasyPrint)[- ]\d+(\.\d+)*"), r"\1-VERSION"),
    (re.compile(r"\.[0-9a-f]{8,}\.min\.(js|css)"), r".HASH.min.\1"),
]


def build_fixture(base: Path) -> Path:
    """Build the fixture root's site (with PDFs) under `base`; the site folder."""
    sys.path.insert(0, str(HERE))
    from site_helpers import build, site_root
    root = site_root(base / "root")
    build(root, base / "out", pdf=True)
    return base / "out"


def _volatile(text: str) -> str:
    for pattern, repl in VOLATILE:
        text = pattern.sub(repl, text)
    return text


def html_text(raw: str) -> str:
    lang = re.search(r'<html[^>]*\blang="([^"]*)"', raw)
    title = re.search(r"<title>(.*?)</title>", raw, re.S)
    body = _ARTICLE.search(raw)
    lines = [f"lang: {lang.group(1) if lang else '-'}", f"title: {title.group(1).strip() if title else '-'}", ""]
    content = body.group(1) if body else raw
    lines += [ln.strip() for ln in _BLOCK.sub("\n", content).splitlines() if ln.strip()]
    return _volatile("\n".join(lines) + "\n")


def pdf_text(path: Path) -> str:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    keep = [ln for ln in info.splitlines() if ln.split(":", 1)[0] in ("Title", "Tagged", "Pages", "Page size")]
    text = subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    lines = [" ".join(ln.split()) for ln in text.splitlines()]
    return _volatile("\n".join(keep) + "\n\n" + "\n".join(ln for ln in lines if ln) + "\n")


def snapshot(site: Path) -> dict[str, str]:
    """{golden file name: text} for a built site."""
    out: dict[str, str] = {}
    manifest = []
    for p in sorted(site.rglob("*")):
        rel = p.relative_to(site).as_posix()
        if not p.is_file() or SKIP.match(rel):
            continue
        if p.suffix == ".html":
            out[rel] = html_text(p.read_text(encoding="utf-8"))
        elif p.suffix == ".pdf" and rel.startswith("pdf/"):
            out[rel + ".txt"] = pdf_text(p)
        elif p.suffix in TEXT:
            out[rel] = _volatile(p.read_text(encoding="utf-8"))
        else:
            data = p.read_bytes()
            manifest.append(f"{hashlib.sha256(data).hexdigest()}  {len(data):>8}  {rel}")
    out[MANIFEST] = "\n".join(manifest) + "\n"
    return out


def stored() -> dict[str, str]:
    return {p.relative_to(GOLDEN).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(GOLDEN.rglob("*")) if p.is_file()}


def differences(new: dict[str, str], old: dict[str, str], context: int = 40) -> str:
    """'' when equal; else which files differ and the first differing lines, diff-style."""
    missing, extra = sorted(set(old) - set(new)), sorted(set(new) - set(old))
    changed = [k for k in sorted(set(old) & set(new)) if old[k] != new[k]]
    if not (missing or extra or changed):
        return ""
    msg = [f"the built site differs from tests/golden/site/ ({len(changed)} changed, {len(extra)} new, "
           f"{len(missing)} gone); if intended, run `make golden` and review the diff"]
    msg += [f"  gone: {k}" for k in missing[:10]] + [f"  new:  {k}" for k in extra[:10]]
    msg += [f"  changed: {k}" for k in changed[:10]]
    if changed:
        k = changed[0]
        diff = difflib.unified_diff(old[k].splitlines(), new[k].splitlines(), f"golden/{k}", f"built/{k}",
                                    n=2, lineterm="")
        msg += list(diff)[:context]
    return "\n".join(msg)


def write(snap: dict[str, str]) -> None:
    if GOLDEN.exists():
        shutil.rmtree(GOLDEN)
    for name, text in snap.items():
        path = GOLDEN / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        snap = snapshot(build_fixture(Path(tmp)))
    old = stored() if GOLDEN.exists() else {}
    write(snap)
    size = sum(len(t.encode()) for t in snap.values())
    print(f"tests/golden/site/: {len(snap)} files, {size // 1024} KB" + ("" if old == snap else " (changed: review `git diff`)"))


if __name__ == "__main__":
    sys.path.insert(0, str(HERE.parent))
    main()
