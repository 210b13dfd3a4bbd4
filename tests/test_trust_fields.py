"""Issue 18 §1: every string from YAML or front matter is text, on every page and in every output.

A payload goes into every free-text field of every file kind (tests/trust_fields.py); the site is
built with its PDFs and every output file is scanned: no payload is live markup in any HTML or
XML file, feed.xml and sitemap.xml parse, every JSON file parses, and the PDFs show the payloads
as text. The engine's input (mkdocs.yml, each page's front-matter title) is escaped once, at
`site/engine_text.py`."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml

from builders import CODE_A
from generator.models import SiteInfo
from generator.site.mkdocs_config import mkdocs_yml
from trust_fields import FIELDS, MARKDOWN, TEMPLATE, live, poisoned_root

AS_OF = dt.date(2025, 7, 1)          # after the verdict is published: its page and PDF exist
MARKUP = (".html", ".htm", ".xml", ".svg", ".xhtml")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from generator.build import build_site
    base = tmp_path_factory.mktemp("fields")
    root = poisoned_root(base / "root")
    res = build_site(root.path, base / "out", AS_OF, pdf=True)
    assert res.ok, [f.message() for f in res.errors]
    return base / "out"


def _files(out: Path, suffixes) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)


def test_every_field_reaches_the_site(built):
    """The corpus is wired: each field's payload is in some output (as text), so a clean scan means something."""
    text = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                     for p in _files(built, MARKUP + (".json", ".csv", ".ics")))
    shown = {f for n, f in enumerate(FIELDS) if f"alert({n})" in text}
    unseen = sorted(set(FIELDS) - shown - MARKDOWN)
    assert not unseen, " ".join(unseen)
    assert (built / "colleges" / CODE_A / "index.html").is_file()


def test_no_payload_is_live_markup_in_any_page_or_xml_file(built):
    leaks = {}
    for p in _files(built, MARKUP):
        for field in live(p.read_text(encoding="utf-8", errors="replace")):
            leaks.setdefault(field, []).append(p.relative_to(built).as_posix())
    assert not leaks, {k: v[:3] for k, v in leaks.items()}


def test_feeds_and_data_files_parse(built):
    for p in _files(built, (".xml",)):
        ET.parse(p)                                    # feed.xml, sitemap.xml: well-formed
    for p in _files(built, (".json",)):
        json.loads(p.read_text(encoding="utf-8"))
    ics = (built / "calendar.ics").read_text(encoding="utf-8")
    # every payload stays inside its property: no line of the calendar starts with payload text
    assert all(line[:1] == " " or ":" in line.split("\"", 1)[0] for line in ics.splitlines() if line)


def test_pdfs_show_the_payloads_as_text(built):
    pdfs = _files(built, (".pdf",))
    assert pdfs, "the build made no PDF"
    for p in pdfs:
        text = subprocess.run(["pdftotext", str(p), "-"], capture_output=True, text=True, check=True).stdout
        assert "onerror=alert(" in text.replace("\n", ""), p.name   # printed, not interpreted


def test_the_engine_receives_escaped_text_only():
    """mkdocs.yml: site_name, description, author, copyright and nav are escaped text."""
    bad = TEMPLATE.format(n=0)
    info = SiteInfo(name=bad, authority=bad, secretariat=bad, url="https://zhengai.test/")
    cfg = yaml.safe_load(mkdocs_yml(info, AS_OF))
    for key in ("site_name", "site_description", "site_author", "copyright"):
        assert "&lt;img src=x" in cfg[key], key

    def strings(v):
        if isinstance(v, dict):
            for k, x in v.items():
                yield k
                yield from strings(x)
        elif isinstance(v, list):
            for x in v:
                yield from strings(x)
        elif isinstance(v, str):
            yield v
    # any key a later change adds raw would carry the payload's "<" or '"' somewhere
    assert [s for s in strings(cfg) if "<" in s or '"' in s] == []


def test_page_titles_in_the_docs_tree_are_escaped(built):
    docs = next(p for p in (built.parent / "root" / ".portal-cache").rglob("docs") if p.is_dir())
    titled = 0
    for p in docs.rglob("index.md"):
        head = p.read_text(encoding="utf-8").split("\n---\n", 1)[0]
        if "title: " not in head:       # the home page: its title is the (escaped) site name
            continue
        titled += 1
        title = json.loads(head.split("title: ", 1)[1].split("\n", 1)[0])
        assert "<" not in title and '"' not in title, p
    assert titled > 10


@pytest.mark.parametrize("url", ['https://zhengai.test/"><script>alert(1)</script>/', "https://zhengai.test/a b/",
                                 "https://zhengai.test/<x>/", "https://zhengai.test/'/"])
def test_a_site_url_that_could_leave_its_attribute_is_refused(root, url):
    """MkDocs prints site_url into every page's canonical link unescaped: it must be a plain URL."""
    from generator.check import run_checks
    root.replace("site_config.yml", "url: https://zhengai.test/", f"url: {json.dumps(url)}")
    found = [f for f in run_checks(root.path, AS_OF).report.errors if f.file == "site_config.yml"]
    assert [f.code for f in found] == ["schema.value"]
