"""Site-wide pages are rendered again only when what they show changed (issue 24,
generator/site/page_reuse.py, page_deps.py). One test per kind of dependency: after each change,
the pages rendered are exactly the site-wide pages whose bytes changed, and the docs tree equals
that of a build of a copy of the root with an empty cache, byte for byte."""
import shutil
from pathlib import Path

import pytest

from generator import urls
from generator.build import CACHE, build_site
from generator.site import page_reuse
from generator.site.progress import Progress
from generator.synth import synthesize

QUIET = Progress(enabled=False)


def docs(root: Path) -> dict[str, bytes]:
    d = root / CACHE / "site"
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def is_college_page(rel: str) -> bool:
    return rel.startswith("docs/" + urls.COLLEGES) and rel.count("/") > 2


@pytest.fixture
def world(tmp_path, monkeypatch):
    """A 5-college root built once; `step()` rebuilds it and returns (result, site-wide pages
    rendered, site-wide pages whose bytes changed), after checking it against a fresh build."""
    import generator.build as build_mod
    monkeypatch.setattr(build_mod, "build_and_publish", lambda *a, **k: "unchanged")   # engine: not under test
    root = tmp_path / "root"
    summary = synthesize(root, 5, "incremental", 2026)
    rendered: list[str] = []
    real = page_reuse.render_page
    monkeypatch.setattr(page_reuse, "render_page", lambda site, page, pdfs: rendered.append(page.source) or real(site, page, pdfs))
    assert build_site(root, tmp_path / "out", summary.as_of, pdf=False, progress=QUIET).ok
    state = {"k": 0}

    def step():
        before = docs(root)
        rendered.clear()
        res = build_site(root, tmp_path / "out", summary.as_of, pdf=False, progress=QUIET)
        assert res.ok
        after, mine = docs(root), set(rendered)
        state["k"] += 1
        clone = tmp_path / f"fresh-{state['k']}"
        shutil.copytree(root, clone, ignore=shutil.ignore_patterns(CACHE))
        fresh_res = build_site(clone, tmp_path / f"out-{state['k']}", summary.as_of, pdf=False, progress=QUIET)
        assert fresh_res.ok and fresh_res.pages_kept == fresh_res.reused == 0     # an empty cache: all rendered
        fresh = docs(clone)
        assert after == fresh
        changed = {rel[len("docs/"):] for rel in after if rel.endswith("index.md") and not is_college_page(rel)
                   and before.get(rel) != after[rel]}
        return res, mine, changed

    return root, summary, step


def college_codes(root: Path) -> list[str]:
    return sorted(p.name for p in (root / "institutions").iterdir() if p.is_dir())


def test_nothing_shared_renders_after_a_material_body_edit(world):
    root, _, step = world
    code = college_codes(root)[0]
    mat = sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n（增量测试：正文新增一句。）\n")
    res, rendered, changed = step()
    assert rendered == changed == set()
    assert res.pages_kept > 10 and res.reused == len(college_codes(root)) - 1


def test_a_report_shown_on_a_review_page_renders_that_page_only(world):
    """The review page shows the college's self-diagnosis (its problems per element): read
    through the file model, so recorded; an edit there re-renders that review page alone."""
    root, _, step = world
    reviews = sorted((root / CACHE / "site/docs/reviews").glob("*/*/index.md"))
    assert reviews, "the synthetic root should publish at least one review"
    page = reviews[0]
    year, code = page.parent.parent.name, page.parent.name
    report = root / "institutions" / code / "self-diagnosis" / f"{year}.yml"
    text = report.read_text(encoding="utf-8")
    assert "problems: " in text
    report.write_text(text.replace("problems: ", "problems: 增量测试标记问题。", 1), encoding="utf-8")
    res, rendered, changed = step()
    source = urls.review(int(year), code) + "index.md"
    assert rendered == changed == {source}
    assert "增量测试标记问题" in (root / CACHE / "site/docs" / source).read_text(encoding="utf-8")


def test_a_college_name_renders_every_page_that_can_show_names(world):
    """institution.yml is a shared input: names appear on lists, rounds and reviews."""
    root, _, step = world
    code = college_codes(root)[1]
    inst = root / "institutions" / code / "institution.yml"
    inst.write_text(inst.read_text(encoding="utf-8").replace("学院", "书院", 1), encoding="utf-8")
    res, rendered, changed = step()
    assert res.pages_kept == 0
    assert urls.COLLEGES + "index.md" in changed and changed <= rendered


def test_a_notice_renders_again_and_the_home_page_shows_it(world):
    root, _, step = world
    home = (root / CACHE / "site/docs/index.md").read_text(encoding="utf-8")

    def title_of(p: Path) -> str:
        return p.read_text(encoding="utf-8").partition("\ntitle: ")[2].split("\n", 1)[0]
    notice = next(p for p in sorted((root / "content" / "notices").glob("*.md")) if title_of(p) in home)
    text, title = notice.read_text(encoding="utf-8"), title_of(notice)
    notice.write_text(text.replace(f"title: {title}", f"title: {title}（更正）", 1), encoding="utf-8")
    res, rendered, changed = step()
    assert urls.HOME + "index.md" in changed and changed <= rendered


def test_a_tampered_shared_page_is_rendered_again(world):
    root, _, step = world
    target = root / CACHE / "site/docs" / urls.LISTS / "index.md"
    target.write_text("改坏", encoding="utf-8")
    code = college_codes(root)[0]
    mat = sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n再一段。\n")
    res, rendered, _ = step()          # step() compares with a fresh build: the damage is gone
    assert rendered == {urls.LISTS + "index.md"}


def test_an_edited_record_is_a_logged_miss_and_everything_renders(world, capsys):
    root, _, step = world
    record = root / CACHE / page_reuse.RECORD
    raw = record.read_bytes()
    assert b"index.md" in raw
    record.write_bytes(raw.replace(b"index.md", b"index.mx", 1))     # its seal no longer matches
    code = college_codes(root)[0]
    mat = sorted((root / "institutions" / code).glob("materials/*/aqr.md"))[-1]
    with open(mat, "a", encoding="utf-8") as fh:
        fh.write("\n又一段。\n")
    res, rendered, _ = step()
    assert res.pages_kept == 0 and rendered
    assert "pages.reuse" in capsys.readouterr().err
