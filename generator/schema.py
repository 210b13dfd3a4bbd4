"""Typed models for hand-written files, in the spirit of mkdocs' config_options.

A model is a dataclass deriving from `Model`; `build(cls, node, ctx)` checks a located YAML
tree against it and collects every problem as a finding (never raising for bad data).
Each built object remembers where each of its fields came from (`obj.loc(name)`).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
import types
import typing
from fractions import Fraction

from .findings import Loc, Node, Report

MISSING = dataclasses.MISSING
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_INT_RE = re.compile(r"^[-+]?\d+$")


class Model:
    """Base of every file model. `_locs` maps a field name (or "" for the object) to its
    (line, column) in the file `_file`: plain tuples, because at national scale hundreds of
    thousands of them are built and handed between processes (issue 7)."""

    _locs: dict

    def loc(self, name: str = "") -> Loc:
        d = self.__dict__
        locs = d.get("_locs") or {}
        pos = locs.get(name) or locs.get("")
        return Loc(d.get("_file", ""), *pos) if pos else Loc(d.get("_file", ""))


class Ratio(Fraction):
    """An exact ratio written as "12/15" (seed 000 thresholds are compared in integers)."""


class MonthDay(str):
    """A calendar day of the year written as "MM-DD"."""


# Documented ranges (issue 18 §5), checked while a file is built, before any rule runs; they
# also appear in the JSON Schemas. Every date of the contract lies in DATE_MIN..DATE_MAX; an
# integer longer than MAX_DIGITS is refused before it is converted (Python's int() of 5,000
# digits raises, and rules doing date arithmetic with huge numbers overflow).
DATE_MIN, DATE_MAX = dt.date(2000, 1, 1), dt.date(2100, 12, 31)
YEAR_MIN, YEAR_MAX = DATE_MIN.year, DATE_MAX.year
MAX_DIGITS = 9
MAX_RATIO_DIGITS = 4


def spec(doc: str = "", *, default=MISSING, factory=MISSING, quoted: bool = False,
         pattern: str | None = None, min_items: int = 0, ge: int | None = None, le: int | None = None):
    """Declare a model field with its documentation and constraints. `ge`/`le`: the inclusive
    range of an integer (or of each integer of a list)."""
    meta = {"doc": doc, "quoted": quoted, "pattern": pattern, "min_items": min_items, "ge": ge, "le": le}
    if factory is not MISSING:
        return dataclasses.field(default_factory=factory, metadata=meta)
    return dataclasses.field(default=default, metadata=meta)


@dataclasses.dataclass
class Ctx:
    file: str
    report: Report
    institution: str | None = None

    def add(self, code: str, node_or_loc, **params):
        loc = node_or_loc if isinstance(node_or_loc, Loc) else node_or_loc.loc(self.file)
        self.report.add(code, loc, institution=self.institution, **params)


class _Invalid:
    def __repr__(self):
        return "INVALID"


INVALID = _Invalid()
_HINTS: dict[type, dict] = {}
_SHAPES: dict = {}


def hints(cls) -> dict:
    h = _HINTS.get(cls)
    if h is None:
        h = _HINTS[cls] = typing.get_type_hints(cls)
    return h


def build(cls, node: Node | None, ctx: Ctx, where: str = ""):
    """Build an instance of model `cls` from `node`; INVALID (with findings) when unusable."""
    if node is None:
        return INVALID
    if node.kind != "map":
        ctx.add("schema.type", node, field=where or "（文件）", expected="映射（键: 值）",
                expected_en="a mapping", got=_show(node))
        return INVALID
    fields = {f.name: f for f in dataclasses.fields(cls) if not f.name.startswith("_")}
    th = hints(cls)
    values, locs, ok = {}, {"": (node.line, node.col)}, True
    for key, val in node.value:
        name = key.value
        if name not in fields:
            close = difflib.get_close_matches(str(name), list(fields), n=1)
            # Reported, but the object is still usable: the other rules keep running on it.
            ctx.add("schema.unknown_key", key, key=name, allowed="、".join(fields), allowed_en=", ".join(fields),
                    hint=f"（是否应为“{close[0]}”？）" if close else "",
                    hint_en=f" (did you mean '{close[0]}'?)" if close else "")
            continue
        label = f"{where}.{name}" if where else name
        v = convert(th[name], val, ctx, label, fields[name].metadata)
        locs[name] = (val.line, val.col)
        if v is INVALID:
            ok = False
        values[name] = v
    for name, f in fields.items():
        if name in values:
            continue
        if f.default is MISSING and f.default_factory is MISSING:
            label = f"{where}.{name}" if where else name
            ctx.add("schema.missing", node, field=label)
            ok = False
    if not ok:
        return INVALID
    obj = cls(**values)
    obj.__dict__["_locs"] = locs
    obj.__dict__["_file"] = ctx.file
    return obj


def convert(tp, node: Node, ctx: Ctx, label: str, meta=None):
    meta = meta or {}
    shape = _SHAPES.get(tp)
    if shape is None:   # typing introspection is slow; field types are few, files are many
        shape = _SHAPES[tp] = (typing.get_origin(tp), typing.get_args(tp))
    origin, args = shape
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        if _is_null(node):
            return None
        return convert(inner[0], node, ctx, label, meta)
    if _is_null(node):
        ctx.add("schema.missing", node, field=label)
        return INVALID
    if origin is list:
        if node.kind != "seq":
            return _type_error(ctx, node, label, "列表", "a list")
        out = [convert(args[0], item, ctx, f"{label}[{i}]", {**meta, "min_items": 0}) for i, item in enumerate(node.value)]
        if len(out) < meta.get("min_items", 0):
            ctx.add("schema.value", node, field=label, got=len(out), detail=f"至少需要 {meta['min_items']} 项",
                    detail_en=f"at least {meta['min_items']} item(s) required")
            return INVALID
        return INVALID if any(v is INVALID for v in out) else out
    if origin is dict:
        if node.kind != "map":
            return _type_error(ctx, node, label, "映射（键: 值）", "a mapping")
        out, bad = {}, False
        for k, v in node.value:
            if not k.quoted and k.tag != "tag:yaml.org,2002:str":
                ctx.add("schema.type", k, field=label, expected="带引号的文字", expected_en="a quoted string",
                        got=k.value, hint=f"；请写成 \"{k.value}\"", hint_en=f"; write \"{k.value}\"")
                bad = True
                continue
            cv = convert(args[1], v, ctx, f"{label}.{k.value}", {})
            bad |= cv is INVALID
            out[k.value] = cv
        return INVALID if bad else out
    if origin is typing.Literal:
        if node.kind == "scalar" and node.value in args:
            return node.value
        return _type_error(ctx, node, label, "以下之一：" + " | ".join(map(str, args)),
                           "one of " + " | ".join(map(str, args)))
    if isinstance(tp, type) and issubclass(tp, Model):
        return build(tp, node, ctx, label)
    if hasattr(tp, "from_node"):    # a type that reads its own node (models_evidence: Number, Due)
        return tp.from_node(node, ctx, label)
    if node.kind != "scalar":
        return _type_error(ctx, node, label, _TYPE_NAMES.get(tp, ("值",))[0], _TYPE_NAMES.get(tp, ("", "a value"))[1])
    return _scalar(tp, node, ctx, label, meta)


_TYPE_NAMES = {str: ("文字", "text"), int: ("整数", "an integer"), bool: ("true 或 false", "true or false"),
               dt.date: ("日期 YYYY-MM-DD", "a date YYYY-MM-DD"), Ratio: ("分数，如 \"12/15\"", "a ratio like \"12/15\""),
               MonthDay: ("月-日，如 \"12-31\"", "a month-day like \"12-31\"")}


def _scalar(tp, node: Node, ctx: Ctx, label: str, meta):
    text = node.value
    if tp is str:
        if meta.get("quoted") and not node.quoted and node.tag != "tag:yaml.org,2002:str":
            return _type_error(ctx, node, label, "带引号的文字", "a quoted string",
                               hint=f"；请写成 \"{text}\"", hint_en=f"; write \"{text}\"")
        if meta.get("pattern") and not re.fullmatch(meta["pattern"], text):
            ctx.add("schema.value", node, field=label, got=text, detail=f"格式应为 {meta['pattern']}",
                    detail_en=f"must match {meta['pattern']}")
            return INVALID
        return text
    if tp is bool:
        if node.tag == "tag:yaml.org,2002:bool" and text.lower() in ("true", "false"):
            return text.lower() == "true"
        return _type_error(ctx, node, label, "true 或 false", "true or false")
    if tp is int:
        if not node.quoted and _INT_RE.match(text):
            return _int_in_range(text, node, ctx, label, meta)
        return _type_error(ctx, node, label, "整数", "an integer")
    if tp is dt.date:
        if _DATE_RE.match(text):
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                day = None
            if day is not None:
                if DATE_MIN <= day <= DATE_MAX:
                    return day
                return _range_error(ctx, node, label, f"{DATE_MIN}～{DATE_MAX}", f"{DATE_MIN} to {DATE_MAX}")
        ctx.add("schema.date", node, field=label, got=_show(node))
        return INVALID
    if tp is Ratio:
        m = re.fullmatch(r"\s*(\d{1,%d})\s*/\s*(\d{1,%d})\s*" % (MAX_RATIO_DIGITS, MAX_RATIO_DIGITS), text)
        if m and int(m.group(2)) > 0:
            if int(m.group(1)) <= int(m.group(2)):
                return Ratio(int(m.group(1)), int(m.group(2)))
            return _range_error(ctx, node, label, "0 到 1 之间的分数（分子不大于分母）", "a fraction from 0 to 1")
        return _type_error(ctx, node, label, "分数，如 \"12/15\"", "a ratio like \"12/15\"")
    if tp is MonthDay:
        try:
            dt.date.fromisoformat(f"2024-{text}")  # a leap year accepts 02-29
            if re.fullmatch(r"\d{2}-\d{2}", text):
                return MonthDay(text)
        except ValueError:
            pass
        return _type_error(ctx, node, label, "月-日，如 \"12-31\"", "a month-day like \"12-31\"")
    raise TypeError(f"unsupported field type {tp!r}")  # a bug in a model, not bad data


def _int_in_range(text: str, node: Node, ctx: Ctx, label: str, meta) -> int | _Invalid:
    lo, hi = meta.get("ge"), meta.get("le")
    shown_zh = f"{lo}～{hi}" if lo is not None and hi is not None else f"不超过 {MAX_DIGITS} 位的整数"
    shown_en = f"{lo} to {hi}" if lo is not None and hi is not None else f"at most {MAX_DIGITS} digits"
    if len(text.lstrip("+-")) > MAX_DIGITS:
        return _range_error(ctx, node, label, shown_zh, shown_en)
    v = int(text)
    if (lo is not None and v < lo) or (hi is not None and v > hi):
        return _range_error(ctx, node, label, shown_zh, shown_en)
    return v


def _range_error(ctx, node, label, range_zh, range_en):
    ctx.add("schema.range", node, field=label, got=_show(node), range=range_zh, range_en=range_en)
    return INVALID


def _is_null(node: Node) -> bool:
    return node.kind == "scalar" and node.tag == "tag:yaml.org,2002:null"


def _show(node: Node) -> str:
    if node.kind == "scalar":
        return node.value if len(node.value) <= 40 else node.value[:40] + "…"
    return {"map": "映射", "seq": "列表"}[node.kind]


def _type_error(ctx, node, label, expected, expected_en, hint="", hint_en=""):
    ctx.add("schema.type", node, field=label, expected=expected, expected_en=expected_en, got=_show(node),
            hint=hint, hint_en=hint_en)
    return INVALID
