"""Fuzzing (Hypothesis): the YAML loader, the schema builder and the Markdown pipeline answer any
input with findings, never with an exception."""
from __future__ import annotations

import os

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import models as m
from generator.findings import Report
from generator.load_files import split_front_matter
from generator.safe_markdown import render_markdown
from generator.schema import Ctx, build
from generator.yamlsafe import decode, parse
from trust_scan import scan

# FUZZ_EXAMPLES=5000 for a longer hunt; the default keeps the suite fast.
FAST = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS = [m.SiteConfig, m.Institution, m.MaterialMeta, m.SelfDiagnosis, m.ExpertsFile, m.Round, m.Review,
          m.Framework]

# YAML-ish text: the tokens that matter to a YAML parser, mixed with arbitrary text
YAML_TOKENS = st.sampled_from([
    "\n", "  ", "- ", ": ", "? ", "{", "}", "[", "]", ",", "&a ", "*a", "!!str ", "!x ", "'", '"', "#", "|", ">",
    "---", "...", "%YAML 1.2", "\t", "code", "name", "year", "2025", "2025-13-40", "2025-02-29", "true", "null",
    "~", "1e9", "0x1F", "0o17", ".inf", "\\u0000", "\ufeff", "中文", "\ud7ff", "kind", "elements", '"1.1"',
    "published_on", "attachments", "reviews", "experts", "items", "<<", "=",
])
yamlish = st.lists(st.one_of(YAML_TOKENS, st.text(max_size=8)), max_size=60).map("".join)

MD_TOKENS = st.sampled_from([
    "\n", "\n\n", "    ", "> ", "- ", "1. ", "#", "*", "_", "`", "```", "[", "]", "(", ")", "![", "<", ">", "/",
    "script", "img", "a", "svg", "iframe", " src=", " href=", " onerror=", " style=", "javascript:", "JaVa\tScRiPt:",
    "data:", "//", "\\", "&#", "x6A;", "&lt;", "&amp;", '"', "'", "=", "|", "---", "files/", "../", "%2e", "\x00",
    "<!--", "-->", "<![CDATA[", "]]>", "中文", "alert(1)", "&colon;", "\u202e", "\ud800",
])
mdish = st.lists(st.one_of(MD_TOKENS, st.text(max_size=6)), max_size=80).map("".join)


@FAST
@given(text=yamlish, cls=st.sampled_from(MODELS))
def test_loader_and_schema_never_raise(text, cls):
    report = Report()
    node = parse(text, "f.yml", report)
    if node is not None:
        build(cls, node, Ctx("f.yml", report))
    for f in report.findings:
        f.message()          # every finding renders its Chinese text


@FAST
@given(data=st.binary(max_size=300))
def test_decode_never_raises(data):
    report = Report()
    text = decode(data, "f.yml", report)
    # control characters are reported and the text goes on (U+FFFD in their place) to be checked further
    assert (text is None) == bool([f for f in report.findings if f.code != "content.control_char"])


@FAST
@given(text=mdish)
def test_markdown_pipeline_never_raises_and_stays_safe(text):
    report = Report()
    out = render_markdown(text, file="m.md", line=1, institution="4111010001", report=report, link_base="../")
    assert scan(out) == []
    for f in report.findings:
        assert f.code in ("content.unsafe_html", "content.too_complex") and f.line >= 1
        f.message()


@FAST
@given(text=st.one_of(mdish, yamlish))
def test_front_matter_split_never_raises(text):
    parts = split_front_matter(text)
    if parts is not None:
        report = Report()
        parse(parts[0], "m.md", report, line_offset=parts[1] - 1)
