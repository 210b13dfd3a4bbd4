"""End-to-end: the built site served on 127.0.0.1, driven in headless Chromium (system browser)."""
from __future__ import annotations

import html
import json
import re
import urllib.parse

import pytest

from builders import CODE_A, CODE_B, YEAR
from harness import chromium, serve
from site_helpers import build, site_root

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("e2e")
    root = site_root(base / "root")
    build(root, base / "out")
    with serve(base / "out") as url, chromium() as browser:
        yield url, browser


@pytest.fixture
def page(site):
    url, browser = site
    pg = browser.new_page(viewport={"width": 1280, "height": 900})
    pg.base = url
    yield pg
    pg.close()


def test_home_shows_round(page):
    page.goto(page.base)
    assert page.locator("h1").first.inner_text() == "测试公示网"
    assert page.get_by_role("heading", name="2026年复核（当前轮次）").is_visible()
    assert page.locator("html").get_attribute("lang") == "zh-CN"


def test_college_page_shows_late_badge(page):
    page.goto(page.base + f"colleges/{CODE_B}/")
    badge = page.locator(".zg-badge--late", has_text="逾期").first
    assert badge.is_visible()
    # the colour is a signal on top of the text, not instead of it
    assert badge.evaluate("e => getComputedStyle(e).color") != badge.evaluate(
        "e => getComputedStyle(e.parentElement).color")


def test_verdict_page_shows_m_of_n(page):
    page.goto(page.base + f"reviews/{YEAR}/{CODE_B}/")
    assert page.locator(".zg-mn").inner_text() == "11/15"
    assert "待改进" in page.locator("#verdict h2").inner_text()


def test_chinese_search_finds_college(page):
    page.goto(page.base + "search/")
    box = page.locator(".pagefind-ui__search-input")
    box.fill("财经职业学院")
    first = page.locator(".pagefind-ui__result-link").first
    first.wait_for(timeout=10_000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(h.rstrip("/").endswith(f"colleges/{CODE_B}") for h in hrefs), hrefs


def test_search_finds_phrase_in_material_body(page):
    """Material bodies are searched once a region (or every region) is chosen as the scope;
    the default scope (names, lists, verdicts, policies) does not download their indexes."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(page.base + "search/?q=安全检查正文")
    page.wait_for_selector(".pagefind-ui__message", timeout=10_000)
    assert not [u for u in fetched if "/pagefind-colleges/" in u]
    page.wait_for_timeout(500)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert not [h for h in hrefs if "/materials/" in h], hrefs
    options = page.locator("#zg-scope option").evaluate_all("els => els.map(e => e.value)")
    region = next(v for v in options if v and v != "all")
    page.select_option("#zg-scope", region)                  # reloads with the words kept
    page.wait_for_url("**scope=**")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any("materials/extra-note" in h for h in hrefs), hrefs
    assert [u for u in fetched if "/pagefind-colleges/" in u]


def test_region_scope_loads_only_that_regions_material_index(page):
    """东城区 holds college A only: its scope fetches A's shard and no other, and finds A's pages."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(page.base + "search/?q=职业&scope=东城区")
    page.locator(".pagefind-ui__result-link").first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)
    steps = json.loads(page.locator("#zg-scope option[value='东城区']").get_attribute("data-steps"))
    paths = [b for step in steps for b in step["bundles"]]
    assert page.locator("#zg-more").is_hidden()           # one batch: nothing more to search
    shards = {u.split("/pagefind-colleges/")[1].split("/")[0] for u in fetched if "/pagefind-colleges/" in u}
    assert shards == {p.split("/")[1] for p in paths} and len(shards) == 1
    hrefs = page.locator(".pagefind-ui__result-link").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert any(f"colleges/{CODE_A}" in h for h in hrefs), hrefs


def _one_region_per_batch(route):
    """The search page as a site with more regions would have it: the every-region scope in
    batches of one region each (two batches here)."""
    body = route.fetch().text()
    m = re.search(r"<option value=\"all\" data-steps='([^']*)'", body)
    split = [{"regions": [name], "bundles": [bundle]} for step in json.loads(html.unescape(m.group(1)))
             for name, bundle in zip(step["regions"], step["bundles"], strict=True)]
    assert len(split) == 2
    body = body.replace(m.group(1), html.escape(json.dumps(split, ensure_ascii=False)))
    route.fulfill(body=body, content_type="text/html; charset=utf-8")


def test_every_region_scope_searches_one_batch_per_page_with_links_to_the_next(page):
    """A query fetches its batch's material indexes only; 下一批 opens the same words on the
    next batch, which fetches that batch's indexes only (东城区 = college A, 西城区 = B)."""
    fetched = []
    page.on("request", lambda r: fetched.append(r.url))
    page.route(re.compile(r"/search/\?"), _one_region_per_batch)
    page.goto(page.base + "search/?q=信息平台数据更新滞后&scope=all")
    link = page.locator(".pagefind-ui__result-link")
    link.first.wait_for(timeout=10_000)
    page.wait_for_timeout(500)

    def shards():
        return {u.split("/pagefind-colleges/")[1].split("/")[0] for u in fetched if "/pagefind-colleges/" in u}

    def hrefs():
        return link.evaluate_all("els => els.map(e => e.getAttribute('href'))")

    first = shards()
    assert len(first) == 1
    assert any(f"colleges/{CODE_A}/" in h for h in hrefs()) and not any(f"colleges/{CODE_B}/" in h for h in hrefs())
    more = page.locator("#zg-more")
    assert "分 2 批" in more.inner_text() and "第 1 批：东城区" in more.inner_text()
    assert page.locator("#zg-more a[rel=prev]").is_hidden()
    page.fill(".pagefind-ui__search-input", "数据更新滞后")              # new words go along
    page.wait_for_timeout(500)
    fetched.clear()
    page.get_by_role("link", name="下一批：西城区").click()
    page.wait_for_url("**batch=2**")
    page.wait_for_function(f"() => [...document.querySelectorAll('.pagefind-ui__result-link')]"
                           f".some(a => a.getAttribute('href').includes('colleges/{CODE_B}/'))", timeout=10_000)
    page.wait_for_timeout(500)
    assert shards() and not shards() & first                            # the other batch's index only
    assert not any(f"colleges/{CODE_A}/" in h for h in hrefs())
    assert "第 2 批：西城区" in more.inner_text()
    assert page.get_by_role("link", name="上一批：东城区").is_visible()
    assert page.locator("#zg-more a[rel=next]").is_hidden()
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert query["q"] == ["数据更新滞后"] and query["scope"] == ["all"] and query["batch"] == ["2"]


@pytest.mark.parametrize("path", ["", f"colleges/{CODE_A}/", f"rounds/{YEAR}/", f"reviews/{YEAR}/{CODE_B}/",
                                  f"colleges/{CODE_A}/self-diagnosis/{YEAR}/", "experts/"])
def test_phone_width_has_no_horizontal_overflow(site, path, tmp_path):
    url, browser = site
    pg = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=1)
    try:
        pg.goto(url + path)
        pg.screenshot(path=str(tmp_path / "phone.png"), full_page=True)
        sw, cw = pg.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
        assert cw == 390 and sw <= cw, (path, sw, cw)
    finally:
        pg.close()


def test_print_hides_navigation(page):
    page.goto(page.base + f"colleges/{CODE_A}/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert page.locator(".zg-matrix").is_visible()
