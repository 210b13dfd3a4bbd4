"""The one placeholder detector: scaffold text left untouched is an error until replaced.

`portal new …` writes “（请填写…）” wherever a person must write something (issue 18 §3). The
loader runs this detector on every YAML value and every Markdown body of every file kind, so
a skeleton can never be published by accident. Comments are not values: the scaffolds'
explanatory comments may quote the placeholder form.
"""
from __future__ import annotations

import re

from .findings import Loc, Node, Report

# “（请填写…）” as the scaffolds write it, and its half-width form. Prose such as “请填写附表”
# (a notice asking colleges to fill in a form) is not a placeholder.
PLACEHOLDER = re.compile(r"[（(]\s*请填写[^）)\n]{0,60}[）)]?")


def first_placeholder(text: str) -> str | None:
    m = PLACEHOLDER.search(text)
    return m.group(0) if m else None


def scan_node(node: Node | None, rel: str, report: Report, institution: str | None = None) -> None:
    """Report every scalar (key or value) of a YAML tree that still holds a placeholder."""
    todo = [node] if node is not None else []
    while todo:           # iterative: the tree may be 64 levels deep
        n = todo.pop()
        if n.kind == "scalar":
            found = first_placeholder(n.value) if isinstance(n.value, str) else None
            if found:
                report.add("content.placeholder", n.loc(rel), institution=institution, text=found)
        elif n.kind == "seq":
            todo.extend(reversed(n.value))
        else:
            for k, v in reversed(n.value):
                todo.extend((v, k))


def scan_body(body: str, first_line: int, rel: str, report: Report, institution: str | None = None) -> None:
    """Report the first placeholder of each line of a Markdown body."""
    if "请填写" not in body:      # the common case: one substring test per file
        return
    for i, line in enumerate(body.split("\n")):
        m = PLACEHOLDER.search(line)
        if m:
            report.add("content.placeholder", Loc(rel, first_line + i, m.start() + 1),
                       institution=institution, text=m.group(0))
