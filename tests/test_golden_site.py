"""The built site of a small fixture root equals the committed golden site (tests/golden_site.py
says what is kept and how it is normalised). After an intended change: `make golden`, then
review `git diff tests/golden/site/` like code."""
from __future__ import annotations

from golden_site import GOLDEN, build_fixture, differences, html_text, snapshot, stored


def test_built_site_matches_the_golden_site(tmp_path):
    assert GOLDEN.is_dir(), "tests/golden/site/ is missing: run `make golden`"
    problem = differences(snapshot(build_fixture(tmp_path)), stored())
    assert not problem, problem


def test_a_difference_is_shown_as_the_first_differing_lines():
    old = {"a/index.html": "lang: zh-CN\ntitle: 甲\n\n<p>一</p>\n<p>二</p>\n", "b.json": "{}\n"}
    new = {"a/index.html": "lang: zh-CN\ntitle: 甲\n\n<p>一</p>\n<p>三</p>\n", "c.json": "[]\n"}
    msg = differences(new, old)
    assert "1 changed, 1 new, 1 gone" in msg and "make golden" in msg
    assert "-<p>二</p>" in msg and "+<p>三</p>" in msg and "new:  c.json" in msg and "gone: b.json" in msg
    assert differences(old, dict(old)) == ""


def test_html_is_normalised_to_the_page_body():
    raw = ('<html lang="zh-CN"><head><title>院校 - 站</title><script src="assets/javascripts/bundle.0123abcd89.min.js">'
           '</script><meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.2"></head><body><nav>导航</nav>'
           '<article class="md-content__inner md-typeset"><h1>院校</h1><p>甲</p></article></body></html>')
    assert html_text(raw) == "lang: zh-CN\ntitle: 院校 - 站\n\n<h1>院校</h1>\n<p>甲</p>\n"
