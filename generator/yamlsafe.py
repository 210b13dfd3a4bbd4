"""Strict YAML reading: UTF-8 (BOM tolerated), size cap, no duplicate keys, anchors, aliases or tags.

Builds a small located tree (Node) from the parser's event stream, so every value keeps its
line and column for findings. Composing is iterative: deep nesting cannot overflow the stack.
"""
from __future__ import annotations

import os
import re
import yaml

from .findings import Loc, Node, Report

try:  # libyaml's parser is ~10x faster; the pure-Python one behaves the same.
    from yaml.cyaml import CParser as _Parser   # (`yaml` itself does not export CParser)
except ImportError:  # pragma: no cover
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase):  # type: ignore[no-redef]
        def __init__(self, stream):
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)

MAX_BYTES = 1_000_000        # YAML and Markdown sources; attachments are not parsed
MAX_DEPTH = 64               # no legitimate file nests deeper than ~6
MAX_CONTROL = 20             # control-character findings per file: enough to find them all by hand
# Invisible in an editor, and most are not allowed in XML 1.0 (feed.xml): C0 controls but tab and
# line breaks, DEL, C1 controls, the noncharacters U+FFFE/U+FFFF (issue 18 §1). Lone surrogates
# cannot come out of UTF-8 decoding, nor out of libyaml (it refuses a "\ud800" escape).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_CONTROL_VALUE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")  # "\r" escaped too
_RESOLVER = yaml.resolver.Resolver()
_SCALAR, _MAP_START, _SEQ_START = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
_MAP_END, _SEQ_END = yaml.MappingEndEvent, yaml.SequenceEndEvent


class LoadError(Exception):
    """Bad input that stops reading this one file (the run goes on with other files)."""


def read_text(path: str, rel: str, report: Report, institution: str | None = None,
              limit: int = MAX_BYTES) -> str | None:
    """Read a source file as UTF-8; report size and encoding problems as findings."""
    return read_source(path, rel, report, institution, limit)[1]


def read_source(path: str, rel: str, report: Report, institution: str | None = None,
                limit: int = MAX_BYTES) -> tuple[bytes | None, str | None]:
    """(raw bytes, decoded text) of a source file; the bytes are what a SHA-256 must cover."""
    try:
        size = os.stat(path).st_size
        if size > limit:
            report.add("file.too_large", Loc(rel), size=size, limit=limit, institution=institution)
            return None, None
        with open(path, "rb") as fh:
            data = fh.read(limit + 1)
    except OSError as exc:
        report.add("file.unreadable", Loc(rel), detail=exc.strerror or str(exc), institution=institution)
        return None, None
    return data, decode(data, rel, report, institution)


def decode(data: bytes, rel: str, report: Report, institution: str | None = None) -> str | None:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(data) > 1 and b"\x00" in data[:2]):
        report.add("file.encoding", Loc(rel, 1, 1), institution=institution,
                   detail="文件是 UTF-16 编码；请在编辑器中另存为“UTF-8”编码",
                   detail_en="file is UTF-16 encoded; re-save it as UTF-8")
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        try:
            data.decode("gb18030")
            zh = "文件不是 UTF-8 编码，看起来是 GBK/GB18030；请在编辑器中选择“另存为 → 编码 UTF-8”后重新提交"
            en = "file is not UTF-8; it looks like GBK/GB18030: re-save it as UTF-8"
        except UnicodeDecodeError:
            zh, en = "文件不是有效的 UTF-8 编码；请另存为 UTF-8", "file is not valid UTF-8; re-save it as UTF-8"
        report.add("file.encoding", Loc(rel, line, 1), detail=zh, detail_en=en, institution=institution)
        return None
    if "\x00" in text:
        nul = text.index("\x00")
        report.add("file.encoding", Loc(rel, text.count("\n", 0, nul) + 1, 1), institution=institution,
                   detail="文件含有 NUL 字符，不是文本文件", detail_en="file contains NUL characters")
        return None
    if _CONTROL.search(text):
        text = _control_chars(text, rel, report, institution)
    return text


def _control_chars(text: str, rel: str, report: Report, institution: str | None) -> str:
    """Every source file's text passes here: each control character is an error at its line and
    column; the text goes on with U+FFFD in their place, so the rest of the file is still checked."""
    for n, m in enumerate(_CONTROL.finditer(text)):
        if n == MAX_CONTROL:
            break
        start = m.start()
        report.add("content.control_char", Loc(rel, text.count("\n", 0, start) + 1, start - text.rfind("\n", 0, start)),
                   char=f"U+{ord(m.group()):04X}", institution=institution)
    return _CONTROL.sub("\ufffd", text)


def parse(text: str, rel: str, report: Report, institution: str | None = None,
          line_offset: int = 0) -> Node | None:
    """Parse one YAML document into a located Node tree; None (with findings) when unusable."""
    try:
        return _compose(text, rel, report, institution, line_offset)
    except LoadError:
        return None


def load_file(path: str, rel: str, report: Report, institution: str | None = None) -> Node | None:
    text = read_text(path, rel, report, institution)
    return None if text is None else parse(text, rel, report, institution)


def _compose(text, rel, report, institution, off) -> Node | None:
    root: Node | None = None
    stack: list[tuple[Node, list]] = []   # (container, pending key for maps)
    docs = 0
    try:
        parser = _Parser(text)
        while True:
            ev = parser.get_event()
            t = type(ev)   # exact event classes, tested commonest first (hot loop at national scale)
            if t is _SCALAR or t is _MAP_START or t is _SEQ_START:
                if ev.anchor is not None:
                    _fail(report, "yaml.alias", rel, ev, off, institution, what=f"&{ev.anchor}")
                tag = ev.tag
                if tag is not None and tag != "!":
                    _fail(report, "yaml.alias", rel, ev, off, institution, what=f"tag {tag}")
                mark = ev.start_mark
                line, col = mark.line + 1 + off, mark.column + 1
                if t is _SCALAR:
                    quoted = ev.style in ("'", '"') or not ev.implicit[0]
                    rtag = "tag:yaml.org,2002:str" if quoted else _RESOLVER.resolve(yaml.ScalarNode, ev.value, ev.implicit)
                    node = Node("scalar", line, col, ev.value, rtag, quoted)
                    if quoted and ev.style == '"' and (bad := _CONTROL_VALUE.search(ev.value)):   # an escape: "\x01"
                        report.add("content.control_char", Loc(rel, line, col), char=f"U+{ord(bad.group()):04X}",
                                   institution=institution)
                    if not stack:
                        root = node
                    else:
                        _attach(stack, node, rel, report, institution)
                    continue
                if len(stack) >= MAX_DEPTH:
                    _fail(report, "yaml.syntax", rel, ev, off, institution, detail=f"嵌套超过 {MAX_DEPTH} 层")
                node = Node("map" if t is _MAP_START else "seq", line, col, [])
                if not stack:
                    root = node
                stack.append((node, []))
                continue
            if t is _MAP_END or t is _SEQ_END:
                done, _ = stack.pop()
                _attach(stack, done, rel, report, institution)
                continue
            if ev is None or isinstance(ev, yaml.StreamEndEvent):
                break
            if isinstance(ev, yaml.DocumentStartEvent):
                docs += 1
                if docs > 1:
                    _fail(report, "yaml.syntax", rel, ev, off, institution, detail="一个文件只能包含一个 YAML 文档（多余的“---”）")
                continue
            if isinstance(ev, yaml.AliasEvent):
                _fail(report, "yaml.alias", rel, ev, off, institution, what=f"*{ev.anchor}")
            # StreamStartEvent, DocumentEndEvent: nothing to build
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = (mark.line + 1 + off) if mark else 0
        col = (mark.column + 1) if mark else 0
        problem = getattr(exc, "problem", None) or str(exc)
        if mark and _char_at(text, mark.line, mark.column) == "\t":
            problem = f"found character '\\t' that cannot start any token ({problem})"  # libyaml omits the char
        detail = _explain(problem)
        report.add("yaml.syntax", Loc(rel, line, col), detail=detail, institution=institution)
        return None
    return root


def _char_at(text: str, line: int, column: int) -> str:
    lines = text.split("\n", line + 1)
    return lines[line][column:column + 1] if line < len(lines) else ""


def _attach(stack, node, rel, report, institution):
    if not stack:
        return
    parent, pending = stack[-1]
    if parent.kind == "seq":
        parent.value.append(node)
        return
    if not pending:
        if node.kind != "scalar":
            report.add("yaml.syntax", Loc(rel, node.line, node.col), institution=institution,
                       detail="映射的键必须是简单文字")
            raise LoadError
        pending.append(node)
        return
    key = pending.pop()
    first = parent.keys.get(key.value)
    if first is not None:
        first_key = next(k for k, v in parent.value if v is first)
        report.add("yaml.duplicate_key", Loc(rel, key.line, key.col), key=key.value,
                   first=first_key.line, institution=institution)
        return
    parent.value.append((key, node))
    parent.keys[key.value] = node


def _fail(report, code, rel, ev, off, institution, **params):
    report.add(code, Loc(rel, ev.start_mark.line + 1 + off, ev.start_mark.column + 1),
               institution=institution, **params)
    raise LoadError


def _explain(problem: str) -> str:
    if "'\\t'" in problem or "\\t" in problem:
        return "缩进中使用了制表符（Tab）；YAML 只能用空格缩进"
    hints = {
        "could not find expected ':'": "缺少冒号“:”，或引号未闭合",
        "mapping values are not allowed here": "此处不能出现“键: 值”；检查缩进或给含冒号的文字加引号",
        "did not find expected key": "缩进不一致或缺少“-”；检查上一行的缩进",
        "found unexpected end of stream": "文件意外结束；检查引号或括号是否闭合",
        "found character that cannot start any token": "出现了不能作为开头的字符；含特殊符号的文字请加引号",
        "did not find expected node content": "缺少值；检查列表或映射的格式",
        "found undefined alias": "不允许使用别名",
    }
    for en, zh in hints.items():
        if en in problem:
            return f"{zh}（{problem}）"
    return problem
