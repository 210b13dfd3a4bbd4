"""A shortcut past Python-Markdown for the plain blocks of a body.

Python-Markdown spends most of a render trying its ~14 inline patterns on every text node
(profiled at 100 colleges: 60 % of the page render). Chinese prose paragraphs and simple
headings ("## 一、概况") use none of them. A body is cut at blank lines into blocks; a block
whose every line is plain text or a plain ATX heading, or a tight "- " list of plain items
between such blocks, is written out here, and every run of other blocks (tables, quotes, code,
loose or nested lists, anything unusual) goes to Python-Markdown exactly as written, with the
blank lines inside the run. Anything that can reach across blocks (raw HTML,
reference links, fences) sends the whole body to Python-Markdown.

The output is the same string Python-Markdown would produce; tests/test_plain_markdown.py
compares the two on generated bodies (Hypothesis) and on a synthetic corpus.
"""
from __future__ import annotations

import html
import re
from collections import OrderedDict
from typing import Callable

# Whole body to Python-Markdown: raw HTML and references span blocks, fences contain blank
# lines, tabs are expanded, control characters include Python-Markdown's own placeholders.
_WHOLE = re.compile(r"[<\[\x00-\x09\x0b-\x1f\x7f]|```|~~~")
# A plain line has no inline syntax at all (no escapes, code, emphasis, links, entities).
_INLINE = re.compile(r"[\\`*_\[\]<>&|]")
# …and does not start a block of another kind (indent, quote, list, rule, setext underline).
_OTHER_START = re.compile(r"[#>+*=~`|-]|\d+\.")
_HEADING = re.compile(r"(#{1,6}) +([^#\s](?:[^#]*[^#\s])?)")


def _blank(line: str) -> bool:
    return not line.strip(" ")


def _plain_block(lines: list[str]) -> str | None:
    """HTML of a block of plain lines and headings, or None if any line needs Markdown."""
    out: list[str] = []
    para: list[str] = []
    for line in lines:
        if line[0].isspace() or line[-1].isspace() or _INLINE.search(line):
            return None
        if line[0] == "#":
            m = _HEADING.fullmatch(line)
            if m is None:
                return None
            if para:
                out.append(f"<p>{html.escape(chr(10).join(para), quote=False)}</p>")
                para = []
            n = len(m.group(1))
            out.append(f"<h{n}>{html.escape(m.group(2), quote=False)}</h{n}>")
        elif _OTHER_START.match(line):
            return None
        else:
            para.append(line)
    if para:
        out.append(f"<p>{html.escape(chr(10).join(para), quote=False)}</p>")
    return "\n".join(out)


def _list_block(lines: list[str]) -> str | None:
    """HTML of a tight bullet list ("- " before every line, plain items), or None."""
    items = []
    for line in lines:
        item = line[2:]
        if (not line.startswith("- ") or not item or item[0].isspace() or item[-1].isspace()
                or _INLINE.search(item) or _OTHER_START.match(item)):
            return None
        items.append(f"<li>{html.escape(item, quote=False)}</li>")
    return "<ul>\n" + "\n".join(items) + "\n</ul>"


def convert(text: str, markdown: Callable[[str], str]) -> str:
    """`markdown(text)` (Python-Markdown's convert, with our extensions), computed with plain
    blocks written directly. `text` has "\\n" line ends."""
    lines = text.split("\n")
    if _WHOLE.search(text) or (lines[0] and _blank(lines[0])) or any(
            not ln.strip() and not _blank(ln) for ln in lines):
        # a first line of spaces is not blank to Python-Markdown; a line of other white space
        # (U+3000) is not blank either, yet a run made only of such lines would render empty
        return markdown(text)
    blocks: list[list] = []          # [first line, end line, kind, html]
    i, n = 0, len(lines)
    while i < n:
        if _blank(lines[i]):
            i += 1
            continue
        j = i
        while j < n and not _blank(lines[j]):
            j += 1
        if (out := _plain_block(lines[i:j])) is not None:
            blocks.append([i, j, "plain", out])
        elif (out := _list_block(lines[i:j])) is not None:
            blocks.append([i, j, "list", out])
        else:
            blocks.append([i, j, "other", None])
        i = j
    # A list next to anything but plain text may join it (a loose list, a continuation).
    for k, b in enumerate(blocks):
        if b[2] == "list" and any(0 <= m < len(blocks) and blocks[m][2] != "plain" for m in (k - 1, k + 1)):
            b[2] = "other"
    parts: list[str] = []
    run: list | None = None          # [first line, end line] of blocks for Python-Markdown
    for first, end, kind, out in blocks:
        if kind == "other":
            run = [run[0] if run else first, end]
            continue
        if run:
            parts.append(markdown("\n".join(lines[run[0]:run[1]])))
            run = None
        parts.append(out)
    if run:
        parts.append(markdown("\n".join(lines[run[0]:run[1]])))
    return "\n".join(p for p in parts if p)


# --- once per text -------------------------------------------------------------------------
# The check (a body with raw HTML), the site's page and the PDFs (the dossier of every year a
# material serves) all convert the same bodies, and the conversion is a pure function of the
# text: each process keeps its latest results. Bounded, as a national build holds ~50,000 bodies.
RECENT_MAX = 512
_RECENT: "OrderedDict[str, str]" = OrderedDict()


def converted(text: str, markdown: Callable[[str], str]) -> str:
    """convert(text, markdown), computed once per text while it is among the recent ones.
    `markdown` must be the one converter of the process (safe_markdown's), as it is."""
    out = _RECENT.get(text)
    if out is None:
        out = _RECENT[text] = convert(text, markdown)
        if len(_RECENT) > RECENT_MAX:
            _RECENT.popitem(last=False)
    else:
        _RECENT.move_to_end(text)
    return out
