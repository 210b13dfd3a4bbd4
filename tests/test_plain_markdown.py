"""The plain-block shortcut (generator/plain_markdown.py) gives Python-Markdown's own output."""
from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.plain_markdown import convert
from generator.safe_markdown import _markdown
from generator.synth import synthesize


class Counting:
    """Python-Markdown, counting the calls the shortcut could not avoid."""

    def __init__(self):
        self.calls = 0

    def __call__(self, text: str) -> str:
        self.calls += 1
        return _markdown(text)


@pytest.mark.parametrize("text, calls", [
    ("诊改工作方案\n第二行", 0),
    ("## 一、概况\n\n本年度共采集数据表15张。\n\n### 小节\n正文紧接标题", 0),
    ("前言\n\n- 精简质控点\n- 推动系统对接\n\n结语", 0),          # a tight list between paragraphs
    ("- 甲\n\n- 乙", 1),                                         # a loose list: one list, <p> items
    ("- 甲\n\n    续行", 1),                                     # an indented continuation
    ("段落\n\n| a | b |\n| --- | --- |\n| 1 | 2 |\n\n段落", 1),   # the table alone goes through
    ("有 **强调** 的段落", 1),
    ("[链接][x]\n\n[x]: https://example.org", 1),               # references reach across blocks
    ("\u3000\u3000首行缩进的段落", 1),                           # Python-Markdown strips U+3000
    ("    代码\n\n\n    同一段代码", 1),
])
def test_shortcut_output_and_what_it_leaves_to_python_markdown(text, calls):
    md = Counting()
    assert convert(text, md) == _markdown(text)
    assert md.calls == calls


_ATOMS = ["中文", "诊断", "a", "1", " ", "  ", "\u3000", "\n", "\n\n", "\n \n", "# ", "## ", "#", "####### ",
          "- ", "-  ", "* ", "+ ", "1. ", "2024.", "1) ", "|", "> ", "    ", "=", "---", "***", "_", "*", "`",
          "```", "~~~", "\\", "[", "]", "(", ")", "<", ">", "&", "!", ":", "~", "\xa0", "\u2028", "\t", "\x02"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_ATOMS), max_size=30).map("".join))
def test_same_as_python_markdown_on_any_mix_of_syntax(text):
    assert convert(text, _markdown) == _markdown(text)


def _strings(node) -> list[str]:
    if isinstance(node, str):
        return [node] if len(node) > 20 else []
    items = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    return [s for item in items for s in _strings(item)]


def _bodies(root) -> list[str]:
    """Every Markdown body and every long text of the colleges' YAML files (report elements)."""
    out = []
    for path in sorted((root / "institutions").rglob("*")):
        if path.suffix == ".md":
            out.append(path.read_text(encoding="utf-8").split("\n---\n", 1)[-1])
        elif path.suffix == ".yml":
            out += _strings(yaml.safe_load(path.read_text(encoding="utf-8")))
    return out


def test_same_as_python_markdown_on_synthetic_bodies(tmp_path):
    synthesize(tmp_path / "root", 6, "11", 2026)
    bodies = _bodies(tmp_path / "root")
    md = Counting()
    for body in bodies:
        assert convert(body, md) == _markdown(body), body[:200]
    assert len(bodies) > 200
    assert md.calls < len(bodies) / 4          # most bodies never reach Python-Markdown
