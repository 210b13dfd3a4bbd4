"""Issue 18 §1: markup reaches a page or a PDF only as `SafeHtml`, a type that only the
sanitizer (and chart code that escapes every text it places) produces. Templates autoescape and
contain no `|safe`, so any plain string — whatever field it came from — is printed as text."""
from __future__ import annotations

import ast
import re

from builders import REPO
from generator.pdf.batch import environment as pdf_environment
from generator.pdf.content import safe_html
from generator.pdf.documents import run_in
from generator.safe_markdown import SafeHtml
from generator.site.richtext import markdown_html
from generator.site.templating import environment as page_environment

GENERATOR = REPO / "generator"
THEME = REPO / "theme"
# The only modules that may wrap a string in SafeHtml, each for its own output.
PRODUCERS = {
    "generator/site/richtext.py": "the site's Markdown (safe_markdown.render_markdown)",
    "generator/pdf/content.py": "the PDFs' Markdown (render_markdown, then nh3 again)",
    "generator/pdf/documents.py": "run_in: SafeHtml.format escapes the label",
    "generator/site/charts.py": "charts: every text escaped where the SVG and table are built",
}


def test_no_template_marks_anything_safe():
    bad = []
    for p in THEME.rglob("*.html"):
        text = p.read_text(encoding="utf-8")
        for pattern in (r"\|\s*safe\b", r"\bMarkup\b", r"autoescape\s+false", r"\|\s*unescape\b"):
            bad += [f"{p.relative_to(REPO)}: {pattern}" for _ in re.finditer(pattern, text)]
    assert not bad, bad


def test_only_the_sanitizers_construct_markup():
    bad = []
    for p in GENERATOR.rglob("*.py"):
        rel = p.relative_to(REPO).as_posix()
        tree = ast.parse(p.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.module == "markupsafe" and rel != "generator/safe_markdown.py":
                bad.append(f"{rel}:{node.lineno} imports markupsafe")
            if isinstance(node, ast.Import) and any(a.name == "markupsafe" for a in node.names):
                bad.append(f"{rel}:{node.lineno} imports markupsafe")
            if isinstance(node, ast.Call):
                f = node.func
                name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
                if name in ("SafeHtml", "Markup") and rel not in PRODUCERS:
                    bad.append(f"{rel}:{node.lineno} calls {name}()")
    assert not bad, bad


def test_both_template_environments_autoescape():
    for env in (page_environment(), pdf_environment()):
        assert env.autoescape is True or env.autoescape("x.html") is True


def test_sanitizer_outputs_are_safehtml_and_a_plain_string_is_text():
    payload = '<img src=x onerror=alert(1)><script>alert(2)</script>正文'
    for out in (markdown_html(payload), safe_html(payload)):
        assert isinstance(out, SafeHtml) and "<script" not in out and "onerror" not in out and "正文" in out
    mixed = run_in("<b>标签</b>", payload)            # a str that did not pass the sanitizer
    assert "&lt;script&gt;" in mixed and "&lt;b&gt;" in mixed and "<script" not in mixed
    assert pdf_environment().from_string("{{ x }}").render(x=payload).startswith("&lt;img")
