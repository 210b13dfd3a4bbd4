"""Parallel loading of college folders gives exactly what one process gives (issue 7)."""
import generator.load as load
import generator.load_files as load_files
from generator.findings import Report
from generator.synth import synthesize


def _snapshot(proj):
    out = {}
    for code, col in proj.colleges.items():
        out[code] = (col.info, col.info.loc("code") if col.info else None,
                     [(d.path, d.sha256, d.body, d.body_line, d.meta, d.meta.loc("published_on")) for d in col.materials],
                     {y: (r, r.loc("overview")) for y, r in col.reports.items()})
    return out


def test_parallel_load_equals_sequential(tmp_path, monkeypatch):
    root = tmp_path / "root"
    synthesize(root, 24, "scale", 2026)
    # a broken file and a stray folder, so findings come from both halves
    first, last = sorted(p.name for p in (root / "institutions").iterdir())[::23]
    (root / f"institutions/{last}/materials/bad.md").write_text("---\nkind: nope\n---\n正文\n", encoding="utf-8")
    (root / f"institutions/{first}/materials/dup.md").write_text("没有头信息\n", encoding="utf-8")
    (root / "institutions/notacode").mkdir()

    seq_report = Report()
    seq = load.load_project(root, seq_report)

    here = []           # folders this process read itself (the worker's share is read elsewhere)
    real = load._load_college_dirs
    monkeypatch.setattr(load, "_workers", lambda n, only: 2)
    monkeypatch.setattr(load, "_load_college_dirs", lambda proj, dirs: here.extend(dirs) or real(proj, dirs))
    par_report = Report()
    par = load.load_project(root, par_report)

    assert 0 < len(here) < len(par.colleges)    # the work was really split
    assert list(par.colleges) == list(seq.colleges)
    assert _snapshot(par) == _snapshot(seq)
    assert par_report.findings == seq_report.findings     # same findings, same order
    assert {f.code for f in seq_report.findings} >= {"schema.value", "file.front_matter"}
    assert any(f.file.startswith(f"institutions/{last}/") for f in par_report.findings)


def test_chunks_cover_every_folder_once():
    items = list(range(10))
    for k in (1, 2, 3, 4, 10, 11):
        parts = load._chunks(items, k)
        assert [x for p in parts for x in p] == items and len(parts) <= k
    assert load._chunks([], 2) == [[]]
    assert load._workers(10_000, "4111010001") == 1 and load._workers(5, None) == 1


def test_material_walk_keeps_path_order_and_reports_links(tmp_path):
    """The scandir walk lists what a sorted rglob listed, in the same (part-by-part) order;
    a linked folder is reported once and not entered, a linked file is reported by load_doc."""
    import os
    base = tmp_path / "institutions/4111010001/materials"
    for rel in ("a-c.md", "a/b.md", "a/z/y.md", "b.md", "notes.txt", ".hidden.md", "deep/x/y/z.md"):
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_text("---\nkind: x\n---\n", encoding="utf-8")
    os.symlink(tmp_path, base / "linked")
    os.symlink(base / "b.md", base / "c.md")
    os.symlink(tmp_path / "missing.md", base / "dangling.md")
    report = Report()
    got = load_files._md_sources(tmp_path, "institutions/4111010001/materials", report, "4111010001", True)
    rels = [p.relative_to(tmp_path).as_posix() for p in sorted(base.rglob("*.md"))
            if p.is_file() and "linked" not in p.parts]
    assert got == rels
    assert got.index("institutions/4111010001/materials/a/b.md") < got.index("institutions/4111010001/materials/a-c.md")
    assert [(f.code, f.file) for f in report.findings] == [
        ("file.symlink", "institutions/4111010001/materials/linked")]
    flat = load_files._md_sources(tmp_path, "institutions/4111010001/materials", Report(), None, False)
    assert all(r.count("/") == 3 for r in flat) and "institutions/4111010001/materials/c.md" in flat


def test_linked_materials_folder_is_reported_not_read(tmp_path):
    import os
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "a.md").write_text("---\nkind: x\n---\n", encoding="utf-8")
    (tmp_path / "institutions/4111010001").mkdir(parents=True)
    os.symlink(real, tmp_path / "institutions/4111010001/materials")
    report = Report()
    assert load_files._md_sources(tmp_path, "institutions/4111010001/materials", report, None, True) == []
    assert [f.code for f in report.findings] == ["file.symlink"]
