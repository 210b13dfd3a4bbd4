"""Counting 字 the way annex 2 of seed 000 limits them: non-whitespace characters of the text
after Markdown markup is stripped (punctuation counts, as in Chinese word-count practice)."""
from __future__ import annotations

import html
import re

_PATTERNS = [
    (re.compile(r"```[^\n]*|~~~[^\n]*"), ""),                  # fence lines
    (re.compile(r"!\[([^\]]*)\]\([^)]*\)"), r"\1"),              # images → alt text
    (re.compile(r"\[([^\]]*)\]\([^)]*\)"), r"\1"),               # links → their text
    (re.compile(r"\[([^\]]*)\]\[[^\]]*\]"), r"\1"),              # reference links
    (re.compile(r"<[^>\n]+>"), ""),                              # inline HTML tags
    (re.compile(r"(?m)^\s{0,3}#{1,6}\s+"), ""),                  # headings
    (re.compile(r"(?m)^\s{0,3}>\s?"), ""),                       # block quotes
    (re.compile(r"(?m)^[^\S\n]*(?:[-*_][^\S\n]*){3,}$"), ""),    # horizontal rules (before list markers: "- - -")
    (re.compile(r"(?m)^[^\S\n]*(?:[-*+]|\d+[.)])\s+"), ""),       # list markers
    (re.compile(r"(?m)^[^\S\n]*\|?(?:[^\S\n]*:?-{3,}:?[^\S\n]*\|)+[^\S\n]*:?-*:?[^\S\n]*$"), ""),  # table rules
    (re.compile(r"[*_~`|]+"), ""),                               # emphasis, code, table pipes
]
_WS = re.compile(r"\s+")
# Every character (or line start) that one of the patterns above, or html.unescape, needs:
# text without any is already plain, and most 自诊 prose is (national scale, issue 7).
# Line starts match [^\S\n]* (spaces, tabs, full-width spaces), never \s*: \s* spans newlines,
# which made a run of 20,000 blank lines quadratic (tests/test_trust_hypothesis.py: 5 s).
_MARKUP = re.compile(r"[`~!\[\]<>#*+|_&-]|^[^\S\n]*\d+[.)]", re.M)


def strip_markdown(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return html.unescape(text)


def count_zi(text: str | None) -> int:
    """Number of 字: non-whitespace characters once Markdown markup is removed."""
    if not text:
        return 0
    if _MARKUP.search(text) is None:
        return len(_WS.sub("", text))
    return len(_WS.sub("", strip_markdown(text)))
