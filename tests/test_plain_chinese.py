"""The public face speaks plain Chinese (issue 21 §1, issue 19 #14): no implementation jargon or
English on any built page, the policy cited by its title and clause, Chinese 404 and CLI help.
One demo build per module (no PDFs: the scan reads HTML)."""
from __future__ import annotations

import re
import shutil
from collections import defaultdict
from html.parser import HTMLParser
from pathlib import Path

import pytest

from builders import REPO
from conftest import run_portal
from test_demo_story import AS_OF

# Words the public needs as they are: file formats, units, the hash, the key on the keyboard.
ALLOWED = {"PDF", "CSV", "JSON", "Schema", "Atom", "iCalendar", "SHA-256", "UTF-8", "KB", "MB", "GB",
           "JavaScript", "Ctrl", "F"}
# Removed before words are counted: URLs, domains, file names and paths, hex hashes, ids such as
# expert numbers (E001), all of which a reader copies rather than reads.
NOT_WORDS = re.compile(
    r"(?:[a-z][a-z0-9+.-]*://|www\.)\S+"
    r"|[\w.-]*[A-Za-z][\w.-]*(?:/[\w.<>-]+)+/?"
    r"|[\w.-]+\.(?:md|html|pdf|csv|json|jsonl|yml|yaml|xml|ics|txt|docx?|xlsx?|pptx?|png|jpe?g|zip|gz)\b"
    r"|\b[0-9a-f]{6,}\b|\b[A-Z]\d{2,}\b", re.I)
WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*(?:-\d+)?")
HIDDEN = {"script", "style", "svg", "code", "pre", "template"}


class _Visible(HTMLParser):
    """Text a reader sees: no script/style, no attributes, no code samples."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth, self.text = 0, []

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.text.append(data)


def visible_text(html: str) -> str:
    p = _Visible()
    p.feed(html)
    return " ".join(p.text)


def english_words(text: str) -> list[str]:
    return [w for w in WORD.findall(NOT_WORDS.sub(" ", text)) if w not in ALLOWED]


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    from generator.build import build_site
    base = tmp_path_factory.mktemp("plain")
    root = base / "root"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".venv", ".git", ".portal-cache", "site", "tests",
                                                              "benchmarks", "*.egg-info", "__pycache__"))
    out = base / "out"
    import datetime as dt
    res = build_site(root, out, dt.date.fromisoformat(AS_OF), pdf=False)
    assert res.ok, [f.message() for f in res.errors]
    return out


def pages(out: Path):
    for f in sorted(out.rglob("*.html")):
        if not any(part.startswith("pagefind") for part in f.relative_to(out).parts):
            yield f


def test_scanner_catches_english():
    html = ('<p>依据 seed 000 §四(三)1；Made with <a href="https://x.org">Material</a>'
            '<script>var english = 1</script><code>kind: re_review</code></p>')
    assert english_words(visible_text(html)) == ["seed", "Made", "with", "Material"]
    assert english_words("下载 data/colleges.csv（CSV，UTF-8）6.9 KB，SHA-256 d6f6dcb87265…，专家 E009") == []


def test_no_english_or_jargon_on_any_page(demo_site):
    found = defaultdict(set)
    for f in pages(demo_site):
        for w in english_words(visible_text(f.read_text(encoding="utf-8"))):
            found[w].add(str(f.relative_to(demo_site)))
    assert not found, {w: sorted(p)[:3] for w, p in found.items()}


def test_policy_is_cited_by_title_and_clause():
    from generator.rules.labels import public_citation
    title = "《北京市高等职业院校内部质量保证体系诊断与改进工作方案（试行）》"
    assert public_citation("seed 000 §四(三)1") == title + "第四部分（三）1"
    assert public_citation("seed 000 §六(三)") == title + "第六部分（三）"
    assert public_citation("seed 000 附件2") == title + "附件2"
    assert "part 4 (2) 3" in public_citation("seed 000 §四(二)3", "en")
    with pytest.raises(ValueError):
        public_citation("§4.3.1")
    # the title is seed 000's own heading
    seed = next((REPO.parent / "shared" / "seeds").glob("000_*.txt"), None)
    if seed is not None:
        head = re.sub(r"\s+", "", seed.read_text(encoding="utf-8")[:200]).replace("(", "（").replace(")", "）")
        assert title.strip("《》") in head


def test_lists_pages_cite_the_policy(demo_site):
    text = visible_text((demo_site / "lists/2026/index.html").read_text(encoding="utf-8"))
    assert "《北京市高等职业院校内部质量保证体系诊断与改进工作方案（试行）》第四部分（" in text
    assert "seed" not in text and "§" not in text


def test_footer_404_and_home_title(demo_site):
    home = (demo_site / "index.html").read_text(encoding="utf-8")
    assert "Made with" not in home
    titles = re.findall(r"<title>([^<]*)</title>", home.split("</head>")[0])
    assert len(titles) == 1 and " - " not in titles[0], titles
    assert "本站日期和时间均为北京时间" in visible_text(home)
    nf = visible_text((demo_site / "404.html").read_text(encoding="utf-8"))
    assert "未找到" in nf and "Not found" not in nf


def test_conflict_sentences_are_printed_once(demo_site):
    """Each panel issue is one sentence (label and detail were the same text, printed twice)."""
    from generator.rules.labels import PANEL_ISSUE_LABELS
    seen = 0
    for rel in ("experts/index.html", "rounds/2026/index.html"):
        html = (demo_site / rel).read_text(encoding="utf-8")
        for cell in re.findall(r"<(li|td)\b[^>]*>(.*?)</\1>", html, re.S):
            text = visible_text(cell[1])
            for label in PANEL_ISSUE_LABELS.values():
                assert text.count(label) <= 1, (rel, text)
                seen += label in text
    assert seen, "the demo shows no panel issue: the test would prove nothing"


def test_six_materials_column_counts_materials(demo_site):
    """The 六项材料 cell counts the six materials, not the files (one report per unit)."""
    html = (demo_site / "rounds/2026/index.html").read_text(encoding="utf-8")
    for cell in re.findall(r'<span class="zg-counts">(.*?)</span>\s*</a>', html, re.S):
        total = sum(int(n) for n in re.findall(r"\s(\d+)<", cell))
        assert total == 6, cell


def test_overdue_period_has_public_wording(demo_site):
    text = visible_text((demo_site / "colleges/4111010004/index.html").read_text(encoding="utf-8"))
    assert "尚未安排重新复核" in text and "re_review" not in text


def test_seed_names_of_the_report():
    """issue 19 #14: the seed's names (《内部质量保证体系自我诊改报告》, 年度自我诊改报告), nowhere 自评报告."""
    bad = [str(p.relative_to(REPO)) for d in ("generator", "theme", "docs") for p in (REPO / d).rglob("*")
           if p.is_file() and p.suffix in {".py", ".html", ".md", ".css", ".js"}
           and "自评报告" in p.read_text(encoding="utf-8")]
    bad += [n for n in ("README.md",) if "自评报告" in (REPO / n).read_text(encoding="utf-8")]
    assert not bad


def test_cli_help_is_chinese_by_default_and_english_on_request():
    zh = run_portal("check", "--help")
    assert zh.returncode == 0
    assert "用法：" in zh.stdout and "显示此帮助信息并退出" in zh.stdout
    assert "usage:" not in zh.stdout and "show this help" not in zh.stdout
    en = run_portal("check", "--help", "--lang", "en")
    assert "usage:" in en.stdout and "show this help message and exit" in en.stdout
    assert "检查数据" not in en.stdout
    err = run_portal("check", "--no-such-option")
    assert err.returncode == 2 and "无法识别的参数" in err.stderr and "unrecognized" not in err.stderr
    err_en = run_portal("check", "--lang", "en", "--no-such-option")
    assert err_en.returncode == 2 and "unrecognized arguments" in err_en.stderr


def test_messages_cite_the_policy_not_the_seed():
    """The checker's Chinese messages name the clause the way the site does."""
    res = run_portal("check", "--root", REPO, "--as-of", AS_OF, "--format", "json")
    assert res.returncode in (0, 1), res.stderr
    import json
    messages = [f["message"] for f in json.loads(res.stdout)["findings"]]
    assert any("工作方案（试行）》第" in m for m in messages)
    assert not [m for m in messages if "seed" in m or "§" in m]


def test_public_wording_uses_only_the_checkers_parameters():
    """messages.PUBLIC restates a finding for the public: it can only use what the finding carries."""
    import string
    from generator import messages
    fields = lambda t: {f for _, f, _, _ in string.Formatter().parse(t) if f}   # noqa: E731
    for code, public in messages.PUBLIC.items():
        assert code in messages.CATALOG, code
        assert fields(public) <= fields(messages.CATALOG[code][1]), code
        assert "请" not in public, code     # a statement for the public, not an instruction
