"""Rebuilds cost what changed: unchanged docs files keep their bytes and modification time
(issue 7), on a synthetic root."""
import os
from pathlib import Path

from generator import urls
from generator.build import CACHE, build_site
from generator.site.progress import Progress
from generator.synth import synthesize


def snapshot(docs: Path) -> dict[str, tuple[int, bytes]]:
    return {p.relative_to(docs).as_posix(): (os.stat(p).st_mtime_ns, p.read_bytes())
            for p in sorted(docs.rglob("*")) if p.is_file()}


def test_rebuild_writes_only_what_changed(tmp_path):
    root, out = tmp_path / "root", tmp_path / "site"
    summary = synthesize(root, 3, "rebuild", 2026)
    quiet = Progress(enabled=False)
    first = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert first.ok and first.written == first.files > 0
    tree = root / CACHE / "site"
    before = snapshot(tree)

    again = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    assert again.ok and again.written == 0
    assert snapshot(tree) == before                       # same bytes, same mtimes

    code = sorted(p.name for p in (root / "institutions").iterdir())[0]
    mat = sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n（补充说明：本段为重建测试新增。）\n")
    changed = build_site(root, out, summary.as_of, pdf=False, progress=quiet)
    after = snapshot(tree)
    assert changed.ok and 0 < changed.written < changed.files
    rewritten = {rel for rel, (mt, data) in after.items() if rel not in before or before[rel][0] != mt}
    assert rewritten and len(rewritten) == changed.written
    for rel in rewritten:                                  # a new mtime only where bytes changed
        assert rel not in before or before[rel][1] != after[rel][1], rel
    slug = urls.material_slug(mat.relative_to(root).as_posix(), code)
    assert f"docs/{urls.material(code, slug)}index.md" in rewritten
    assert "补充说明" in (out / urls.material(code, slug) / "index.html").read_text(encoding="utf-8")
