"""The second engine (issue 24): `portal build --engine zensical` builds the same docs tree from
the same mkdocs.yml, and the two sites differ only as generator/site/engines.py DIFFERENCES says.
Zensical is the pinned extra `zensical` that `make test` installs: it is required here, not skipped."""
from __future__ import annotations

import datetime as dt
import gzip
import html
import re
from importlib import metadata
from pathlib import Path

import pytest
import yaml

from builders import CODE_A
from richroot import AS_OF
from site_helpers import site_root

from generator.build import build_site
from generator.engine import fingerprint
from generator.site import engines
from generator.site.mkdocs_config import EngineError

BODY = re.compile(r"<article[^>]*data-pagefind-body.*?</article>", re.S)
ENTRY = re.compile(r"<loc>(.*?)</loc>\s*<lastmod>(.*?)</lastmod>")


def zensical_installed() -> None:
    try:
        metadata.version("zensical")
    except metadata.PackageNotFoundError:
        pytest.fail("Zensical is not installed: pip install -e '.[zensical]' (make test does)")


def files(d: Path) -> dict[str, bytes]:
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    """One root built with MkDocs, then with Zensical (same cache: the switch), then again."""
    zensical_installed()
    base = tmp_path_factory.mktemp("engines")
    root = site_root(base / "root")
    m = build_site(root.path, base / "mkdocs", AS_OF, pdf=False, engine="mkdocs")
    z = build_site(root.path, base / "zensical", AS_OF, pdf=False, engine="zensical")
    again = build_site(root.path, base / "zensical", AS_OF, pdf=False, engine="zensical")
    assert m.ok and z.ok and again.ok, [f.message() for f in m.errors + z.errors + again.errors]
    return root, base / "mkdocs", base / "zensical", (m, z, again)


def test_config_is_valid_for_both_engines(both):
    root, *_ = both
    cfg = yaml.safe_load((root.path / ".portal-cache/site/mkdocs.yml").read_text(encoding="utf-8"))
    assert cfg["plugins"] == [{"search": {"enabled": False}}]   # else Zensical indexes again
    assert cfg["theme"]["variant"] == "classic"                   # else Zensical's "modern" look
    assert "site_dir" not in cfg                                  # each engine is told where


def test_switching_engines_rebuilds(both):
    *_, (m, z, again) = both
    assert (m.engine, z.engine, again.engine) == ("clean", "clean", "unchanged")


def test_each_site_is_made_by_its_engine(both):
    _, mk, zs, _ = both
    assert 'content="zensical-' in (zs / "index.html").read_text(encoding="utf-8")
    assert "stylesheets/classic/" in (zs / "index.html").read_text(encoding="utf-8")
    assert 'content="mkdocs-' in (mk / "index.html").read_text(encoding="utf-8")


def test_same_files_same_articles_same_index(both):
    _, mk, zs, _ = both
    a, b = files(mk), files(zs)
    outside = {k for k in set(a) ^ set(b) if not k.startswith("assets/")}
    assert outside == set()                                       # no search.json, a sitemap.xml.gz
    pages = [k for k in a if k.endswith(".html")]
    assert len(pages) > 20
    for k in pages:
        assert BODY.findall(a[k].decode()) == BODY.findall(b[k].decode()), k
    same = [k for k in a if not k.endswith(".html") and not k.startswith(("assets/", "sitemap.xml"))]
    assert any(k.startswith("pagefind/") for k in same) and "feed.xml" in same
    for k in same:                                                # indexes, feeds, open data, files
        assert a[k] == b[k], k


def test_sitemap_dated_alike(both):
    _, mk, zs, _ = both
    want = ENTRY.findall((mk / "sitemap.xml").read_text(encoding="utf-8"))
    # each page's content date (site/lastmod.py), never later than the build date
    assert want and all("2000-01-01" <= day <= AS_OF.isoformat() for _, day in want)
    # as XML reads them: Zensical's template engine writes "/" as the character reference &#x2f;
    got = [(html.unescape(loc), day) for loc, day in ENTRY.findall((zs / "sitemap.xml").read_text(encoding="utf-8"))]
    assert got == want
    assert gzip.decompress((zs / "sitemap.xml.gz").read_bytes()) == (zs / "sitemap.xml").read_bytes()


def test_one_change_rebuilds_all_and_shows_it(both, tmp_path):
    root, _, zs, _ = both
    before = files(zs)
    inst = root.path / f"institutions/{CODE_A}/institution.yml"
    text = inst.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M).group(1).strip().strip('"')
    inst.write_text(text.replace(name, name + "（改）", 1), encoding="utf-8")
    try:
        res = build_site(root.path, zs, AS_OF, pdf=False, engine="zensical")
        assert res.ok and res.engine == "clean"                   # no --dirty: a full build
        after = files(zs)
        page = f"colleges/{CODE_A}/index.html"
        assert name + "（改）" in after[page].decode() and name + "（改）" not in before[page].decode()
        assert set(after) - set(before) <= {k for k in after if k.startswith("pagefind")}
    finally:
        inst.write_text(text, encoding="utf-8")


def test_engine_in_the_fingerprint(tmp_path):
    zensical_installed()
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n", encoding="utf-8")
    day = dt.date(2027, 3, 1)
    assert fingerprint(tmp_path, day, "mkdocs") != fingerprint(tmp_path, day, "zensical")
    assert engines.version("zensical") == f"zensical={metadata.version('zensical')}"


def test_unknown_or_missing_engine_is_an_error(monkeypatch):
    with pytest.raises(EngineError, match="未知的构建引擎"):
        engines.version("hugo")
    monkeypatch.setitem(engines.PACKAGES, "zensical", ("zensical-not-installed",))
    with pytest.raises(EngineError, match=r"pip install -e '\.\[zensical\]'"):
        engines.version("zensical")


def test_zensical_output_made_like_mkdocs(tmp_path):
    (tmp_path / "search.json").write_text('{"config": {}, "items": []}', encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        '<urlset>\n  <url>\n    <loc>https://x.org/</loc>\n  </url>\n  <url>\n    <loc>https://x.org/a/</loc>\n'
        '  </url>\n</urlset>\n', encoding="utf-8")
    engines._like_mkdocs(tmp_path, dt.date(2027, 3, 1))
    engines._like_mkdocs(tmp_path, dt.date(2027, 3, 1))           # idempotent
    text = (tmp_path / "sitemap.xml").read_text(encoding="utf-8")
    assert ENTRY.findall(text) == [("https://x.org/", "2027-03-01"), ("https://x.org/a/", "2027-03-01")]
    assert not (tmp_path / "search.json").exists()
    assert gzip.decompress((tmp_path / "sitemap.xml.gz").read_bytes()).decode() == text


def test_differences_listed_once_and_documented():
    doc = (Path(__file__).resolve().parent.parent / "docs/engines.md").read_text(encoding="utf-8")
    for key in engines.DIFFERENCES:
        assert f"`{key}`" in doc, key
