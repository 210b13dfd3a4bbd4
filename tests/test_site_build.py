"""The built public site (issue 4): every page type, links and anchors, Chinese, badges,
verdict arithmetic, safety, reproducibility, refusal on errors. One build per module."""
from __future__ import annotations

import hashlib
import re
from collections import deque
from pathlib import Path

import pytest

from builders import CODE_A, CODE_B, YEAR
from conftest import run_portal
from richroot import ATTACHMENT, AS_OF
from site_helpers import HTML_ATTACHMENT, IMAGE, build, html_files, page_url, parse, resolve, site_root


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("site")
    root = site_root(base / "root")
    out = base / "out"
    res = build(root, out)
    return root, out, res


def read(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


PAGES = ["", "policies/", "policies/fangan/", "notices/", "notices/2025-06-01-tongzhi/", "rounds/",
         f"rounds/{YEAR}/", "rounds/2026/", "colleges/", f"colleges/{CODE_A}/", f"colleges/{CODE_B}/",
         f"colleges/{CODE_A}/materials/2024-aqr/", f"colleges/{CODE_A}/self-diagnosis/{YEAR}/",
         "reviews/", f"reviews/{YEAR}/", f"reviews/{YEAR}/{CODE_A}/", f"reviews/{YEAR}/{CODE_B}/",
         "experts/", "lists/", f"lists/{YEAR}/", "data/", "search/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_page_type_exists(built, url):
    _, out, _ = built
    assert (out / url / "index.html").is_file(), url


def test_site_files_beside_pages(built):
    _, out, _ = built
    for rel in ("feed.xml", "calendar.ics", "data/index.json", "sitemap.xml", "pagefind/pagefind-ui.js",
                "pagefind/pagefind-entry.json", "assets/zg/zg.css"):
        assert (out / rel).is_file(), rel


def test_every_internal_link_and_anchor_resolves(built):
    _, out, _ = built
    parsed = {f: parse(f) for f in html_files(out)}
    broken = []
    for file, doc in parsed.items():
        url = page_url(out, file)
        for tag, href in doc.links:
            if href.startswith(("mailto:", "tel:", "javascript:")):
                broken.append((url, href))       # javascript: never appears; mailto: is not expected
                continue
            hit = resolve(out, url, href)
            if hit is None:
                continue
            target, frag = hit
            if not target.is_file():
                broken.append((url, href))
            elif frag and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if frag not in ids:
                    broken.append((url, href))
    assert not broken, broken[:20]


def test_every_page_is_chinese(built):
    _, out, _ = built
    for f in html_files(out):
        assert parse(f).lang == "zh-CN", f


def test_every_page_within_three_clicks_of_home(built):
    _, out, _ = built
    start = out / "index.html"
    depth = {start: 0}
    queue = deque([start])
    while queue:
        f = queue.popleft()
        if depth[f] == 3:
            continue
        for _, href in parse(f).links:
            hit = resolve(out, page_url(out, f), href)
            if hit and hit[0].suffix == ".html" and hit[0].is_file() and hit[0] not in depth:
                depth[hit[0]] = depth[f] + 1
                queue.append(hit[0])
    pages = [f for f in html_files(out) if f.name == "index.html"]
    far = [page_url(out, f) for f in pages if f not in depth]
    assert not far, far


def test_global_nav_lists_sections_only(built):
    _, out, _ = built
    home = read(out, "")
    nav = home[home.index('class="md-nav md-nav--primary"'):]
    nav = nav[: nav.index("</nav>")]
    titles = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    assert titles == ["首页", "政策文件", "通知公告", "复核名单", "院校", "复核结论", "专家", "名单公示", "开放数据", "搜索"]
    assert "测试工业职业技术学院" not in nav


def test_late_material_shows_text_badge(built):
    _, out, _ = built
    page = read(out, f"colleges/{CODE_B}/")
    assert 'class="zg-badge zg-badge--late">逾期</span>' in page
    assert "晚于截止日 3 天" in page
    assert "公示提示" in page                    # the warning the public should see
    assert 'zg-badge--on_time">按时</span>' in read(out, f"colleges/{CODE_A}/")


def test_verdict_page_shows_arithmetic(built):
    _, out, _ = built
    page = read(out, f"reviews/{YEAR}/{CODE_B}/")
    assert '<span class="zg-mn">11/15</span>' in page
    assert "≥ 12/15" in page and "&lt; 10/15" in page
    assert "待改进" in page
    assert 'id="el-1-1"' in page and "不相符" in page


def test_dates_written_the_chinese_way(built):
    _, out, _ = built
    page = read(out, f"rounds/{YEAR}/")
    assert "2025年5月12日" in page and "2025-05-12" not in page


def test_home_shows_round_and_days_left(built):
    _, out, _ = built
    home = read(out, "")
    assert "2026年复核（当前轮次）" in home          # 2025 reviews are over as of 2025-07-01
    days = (AS_OF.replace(year=2026, month=5, day=2) - AS_OF).days
    assert f"还剩 {days} 天" in home
    assert "关于公布2025年复核结论的通知" in home


def test_lists_and_experts_published(built):
    _, out, _ = built
    lists = read(out, f"lists/{YEAR}/")
    assert "待改进院校名单" in lists and "测试财经职业学院" in lists
    experts = read(out, "experts/")
    assert "钱某" in experts and "复核期间参加被复核院校诊改辅导" in experts


def test_college_markdown_is_sanitized(built):
    _, out, _ = built
    page = read(out, f"colleges/{CODE_A}/materials/extra-note/")
    assert "安全检查正文" in page
    body = page[page.index("data-pagefind-body"):]
    assert "<script>alert" not in body and "javascript:" not in body and "onerror" not in body


def test_attachments_copied_with_size_and_hash(built):
    root, out, _ = built
    data = (root.path / f"institutions/{CODE_A}/{ATTACHMENT}").read_bytes()
    page = read(out, f"colleges/{CODE_A}/materials/2024-aqr/")
    assert hashlib.sha256(data).hexdigest() in page
    assert f"{len(data)} 字节" in page
    name = ATTACHMENT.removeprefix("files/")
    assert (out / "files" / CODE_A / name).read_bytes() == data


def test_markdown_image_published(built):
    _, out, _ = built
    page = read(out, f"colleges/{CODE_A}/materials/extra-note/")
    assert '<img alt="校园照片" src="../../../../files/4111010001/photo.png"' in page
    assert (out / "files" / CODE_A / "photo.png").read_bytes() == IMAGE


def test_active_attachment_listed_not_served(built):
    _, out, _ = built
    page = read(out, f"colleges/{CODE_A}/materials/extra-note/")
    assert "page.html" in page and "不在本站直接提供" in page
    assert not list(out.rglob("page.html"))
    assert HTML_ATTACHMENT


def test_search_indexes_page_bodies_only(built):
    _, out, _ = built
    home = read(out, "")
    assert home.count("data-pagefind-body") == 1
    search = read(out, "search/")
    assert "data-pagefind-body" not in search and "pagefind-ui.js" in search
    assert '"zh-cn"' in (out / "pagefind/pagefind-entry.json").read_text().lower()


def test_no_material_search_plugin_nor_external_fonts(built):
    _, out, _ = built
    home = read(out, "")
    assert "fonts.googleapis" not in home
    assert not (out / "search" / "search_index.json").exists()


def test_same_inputs_same_bytes(built, tmp_path):
    root, out, _ = built
    again = tmp_path / "again"
    build(root, again)
    def tree(d):
        return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}
    a, b = tree(out), tree(again)
    assert sorted(a) == sorted(b)
    assert [k for k in a if a[k] != b[k]] == []
    # no wall-clock date: each page's lastmod is its content date, never after the as-of day
    assert all("0000-00-00" < d <= "2025-07-01" for d in re.findall(r"<lastmod>([^<]+)", (out / "sitemap.xml").read_text()))


def test_refuses_to_build_on_errors(built, tmp_path):
    root, out, _ = built
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("index.html")}
    broken = site_root(tmp_path / "broken")
    broken.write(f"institutions/{CODE_A}/institution.yml", 'code: "4111010001"\nname: [unclosed\n')
    res = run_portal("build", "--root", broken.path, "--out", out, "--as-of", AS_OF, "--no-pdf")
    assert res.returncode == 1, res.stderr
    assert re.search(r"institutions/4111010001/institution.yml:\d+:\d+: 错误 \[yaml\.syntax\]", res.stderr)
    assert "未生成公示站" in res.stderr
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.rglob("index.html")}
    assert after == before
    assert not [p for p in out.parent.glob(".out*") if p.is_dir()]     # no staging folder left
