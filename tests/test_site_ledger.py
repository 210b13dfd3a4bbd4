"""The publication ledger on the public site (issue 6): each material page shows the portal's own
first-publication date and every version with its hash, each old version is downloadable and
hashes to what the page says, the chain head is shown and the whole ledger is published, and the
ledger's warnings reach the college's 公示提示 box. Also: a college's Markdown image and link to
its own `files/…` point at files the site publishes. One build per module."""
from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from builders import CODE_A, DEADLINE, ScratchRoot
from generator.ledger import LEDGER, ledger_head, ledger_versions
from generator.ledger_publish import publish as publish_at
from generator.site.context import _version_served
from generator.site.ledger_view import load_ledger_view
from generator.site.templating import beijing_time
from site_helpers import build, html_files, page_url, parse, resolve

AS_OF = dt.date(2025, 7, 1)
AQR = f"institutions/{CODE_A}/materials/2024/aqr.md"
SDR = f"institutions/{CODE_A}/materials/2023/sdr.md"             # first received after the deadline
PIC = f"institutions/{CODE_A}/materials/extra/pic.md"
FIRST, SECOND = "2025-04-01T02:00:00Z", "2025-04-25T02:00:00Z"   # deadline 2025-04-12 between them
PNG = b"\x89PNG\r\n\x1a\n ledger test image"
PDF = b"%PDF-1.4 linked attachment\n"
PIC_BODY = ("图示如下：\n\n![校园图](files/x.png)\n\n下载[附件](files/a.pdf)，另见[说明](files/b.pdf)，"
            "以及[不存在的文件](files/none.pdf)。\n")


def publish(root: ScratchRoot, now: str) -> None:
    """A publish run at `now`, the clock injected in-process (no CLI option sets the time)."""
    publish_at(root.path, dt.datetime.strptime(now, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc))


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    base = tmp_path_factory.mktemp("ledger-site")
    root = ScratchRoot(base / "root").base()
    root.write(f"institutions/{CODE_A}/files/x.png", PNG)
    root.write(f"institutions/{CODE_A}/files/a.pdf", PDF)
    root.write(f"institutions/{CODE_A}/files/b.pdf", PDF + b"b")
    root.material(CODE_A, "extra/pic.md", "development_plans", plan="campus", published_on=dt.date(2025, 3, 1),
                  body=PIC_BODY, attachments=["files/a.pdf"])
    sdr_text = root.read(SDR)
    root.remove(SDR)
    publish(root, FIRST)
    first_aqr = root.read(AQR)
    root.replace(AQR, "正文。", "正文（更正：第二段的就业率应为 96.1%）。")
    root.write(SDR, sdr_text)              # declared on the deadline, but received on 04-25
    publish(root, SECOND)
    out = base / "out"
    build(root, out, AS_OF)
    return root, out, first_aqr


def read(out: Path, url: str) -> str:
    return (out / url / "index.html").read_text(encoding="utf-8")


def body(html: str) -> str:
    return html[html.index("data-pagefind-body"):]


def test_material_page_shows_portal_date_and_both_versions(built):
    root, out, _ = built
    page = read(out, f"colleges/{CODE_A}/materials/2024-aqr/")
    versions = ledger_versions(root.path, AQR)
    assert len(versions) == 2
    assert re.search(r"本站发布日期</dt><dd>2025年4月1日</dd>", page)
    for v in versions:
        assert v.sha256 in page
    assert "第 1 版" in page and "第 2 版" in page
    assert "2025年4月1日 10:00" in page and "2025年4月25日 10:00" in page     # Beijing time
    assert page.count("现行版本") == 1


def test_old_version_downloads_and_hashes_to_the_stated_sha(built):
    root, out, first_aqr = built
    url = f"colleges/{CODE_A}/materials/2024-aqr/"
    old = ledger_versions(root.path, AQR)[0]
    doc = parse(out / url / "index.html")
    targets = [href for tag, href in doc.links if tag == "a" and old.sha256 in href]
    assert len(targets) == 1
    file, _ = resolve(out, url, targets[0])
    data = file.read_bytes()
    assert hashlib.sha256(data).hexdigest() == old.sha256
    assert data.decode("utf-8") == first_aqr and "更正" not in data.decode("utf-8")
    assert re.search(r'download="aqr\.v1\.' + old.sha256[:8] + r'\.md"', read(out, url))


def test_chain_head_shown_equals_ledger_head_and_ledger_is_published(built):
    root, out, _ = built
    head = ledger_head(root.path)
    for url in ("", "data/"):
        page = read(out, url)
        # shown in 北京时间, like every time on the site
        assert head["sha256"] in page and beijing_time(head["published_at"]) in page
        assert f"第 {head['seq']} 条" in page
    assert (out / "data/ledger/publications.jsonl").read_bytes() == (root.path / LEDGER).read_bytes()


def test_ledger_warnings_on_the_college_page(built):
    _, out, _ = built
    box = body(read(out, f"colleges/{CODE_A}/"))
    box = box[box.index("公示提示"):box.index("</div>", box.index("公示提示"))]
    assert "公示站首次收到该文件是 2025年4月25日" in box and SDR in box              # material.received_late
    assert "被修改" in box and AQR in box and "2025年4月25日" in box                 # changed after deadline


def test_changed_material_page_warns_too(built):
    _, out, _ = built
    page = body(read(out, f"colleges/{CODE_A}/materials/2024-aqr/"))
    assert "公示提示" in page and "被修改" in page


def test_unchanged_file_has_one_version_and_self_diagnosis_shows_its_date(built):
    _, out, _ = built
    page = read(out, f"colleges/{CODE_A}/materials/2024-sdr/")
    assert "第 1 版" in page and "第 2 版" not in page
    report = read(out, f"colleges/{CODE_A}/self-diagnosis/2025/")
    assert re.search(r"本站发布日期</dt><dd>2025年4月1日</dd>", report) and "现行版本" in report


def test_markdown_image_and_links_point_at_published_files(built):
    _, out, _ = built
    url = f"colleges/{CODE_A}/materials/extra-pic/"
    doc = parse(out / url / "index.html")
    img = [src for tag, src in doc.links if tag == "img" and "x.png" in src]
    assert img, "the image is shown"
    assert resolve(out, url, img[0])[0].read_bytes() == PNG
    for name, data in (("a.pdf", PDF), ("b.pdf", PDF + b"b")):   # listed attachment; linked file
        hrefs = [h for tag, h in doc.links if tag == "a" and h.endswith(f"files/{CODE_A}/{name}")]
        assert hrefs, name
        assert resolve(out, url, hrefs[0])[0].read_bytes() == data
    page = body(read(out, url))
    assert "不存在的文件" in page and "none.pdf" not in page        # dead link unwrapped, text kept


def test_every_internal_link_resolves(built):
    """Download links of versions, the ledger file, anchors (data/#ledger) and college files."""
    _, out, _ = built
    broken = []
    for file in html_files(out):
        url = page_url(out, file)
        for _tag, href in parse(file).links:
            target = resolve(out, url, href)
            if target is None:
                continue
            path, frag = target
            if not path.is_file() or (frag and path.suffix == ".html" and frag not in parse(path).ids):
                broken.append((url, href))
    assert broken == []


def test_site_as_of_before_a_publish_shows_the_ledger_of_that_day(built):
    root, _, _ = built
    view = load_ledger_view(root.path, dt.date(2025, 4, 10), _version_served)
    assert [v.number for v in view.of(AQR)] == [1] and view.of(SDR) == []
    raw = (root.path / LEDGER).read_bytes().split(b"\n")
    assert view.raw == b"\n".join(raw[:view.lines]) + b"\n"
    assert view.head["sha256"] == hashlib.sha256(raw[view.lines - 1]).hexdigest()


def test_versions_a_browser_would_run_are_not_served():
    assert _version_served(f"institutions/{CODE_A}/materials/2024/aqr.md")
    assert _version_served(f"institutions/{CODE_A}/self-diagnosis/2025.yml")
    assert _version_served(f"institutions/{CODE_A}/files/a.pdf")
    for name in ("page.html", "x.svg", "notes.md", "a.js"):
        assert not _version_served(f"institutions/{CODE_A}/files/{name}")


def test_deadline_is_between_the_two_publish_runs():
    assert dt.date(2025, 4, 1) <= DEADLINE < dt.date(2025, 4, 25)
