"""Field tables of the format reference (docs/format-reference.md), generated from the models.

The reference is hand-written Chinese prose with generated blocks between markers:

    <!-- BEGIN GENERATED institution -->  …tables…  <!-- END GENERATED institution -->

`portal schemas --reference docs/format-reference.md` refreshes the blocks; tests fail when a
block is stale or a model field is missing from the document.
"""
from __future__ import annotations

import datetime as dt
import json
import re
import types
import typing

from .modelinfo import FILES, MISSING, default_of, is_required, model_fields, nested_models
from .schema import Model, MonthDay, Ratio, hints

_BLOCK = re.compile(r"(<!-- BEGIN GENERATED (?P<stem>[\w-]+) -->\n)(?P<body>.*?)(<!-- END GENERATED (?P=stem) -->)", re.S)
_SCALARS = {str: "文字", int: "整数", bool: "true / false", dt.date: "日期 YYYY-MM-DD",
            Ratio: "分数，如 \"12/15\"", MonthDay: "月-日，如 \"12-31\""}


def type_name(tp, meta: dict) -> str:
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return f"{type_name(inner[0], meta)} 或 null"
    if origin is list:
        s = f"列表（{type_name(args[0], {})}）"
        return s + (f"，至少 {meta['min_items']} 项" if meta.get("min_items") else "")
    if origin is dict:
        return f"映射：带引号的要素编号 → {type_name(args[1], {})}"
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if isinstance(tp, type) and issubclass(tp, Model):
        return f"[`{tp.__name__}`](#{tp.__name__.lower()})"
    name = getattr(tp, "type_label", None) or _SCALARS[tp]
    if tp is int and meta.get("ge") is not None and meta.get("le") is not None:
        name += f"，{meta['ge']}～{meta['le']}"
    if tp is dt.date:
        name += "，2000-01-01～2100-12-31"
    if meta.get("quoted"):
        name = "带引号的" + name
    if meta.get("pattern"):
        name += f"，格式 `{meta['pattern']}`"
    return name


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def model_table(cls) -> str:
    th = hints(cls)
    rows = [f"#### `{cls.__name__}`", "", "| 字段 | 类型 | 必填 | 默认值 | 说明 |", "|---|---|---|---|---|"]
    for f in model_fields(cls):
        meta = dict(f.metadata)
        d = default_of(f)
        if d is MISSING:
            shown = ""
        elif isinstance(d, dict):   # a nested model's own defaults are in its table
            shown = "各项取默认值"
        else:
            shown = f"`{json.dumps(d, ensure_ascii=False)}`"
        rows.append(f"| `{f.name}` | {type_name(th[f.name], meta)} | {'是' if is_required(f) else '否'} | "
                    f"{_cell(shown)} | {_cell(meta.get('doc', ''))} |")
    return "\n".join(rows) + "\n"


def block(stem: str) -> str:
    cls = FILES[stem][0]
    tables = [model_table(cls)] + [model_table(tp) for tp in nested_models(cls).values()]
    return "\n".join(tables)


def refresh(text: str) -> str:
    """Replace every generated block of the document by a fresh rendering."""
    return _BLOCK.sub(lambda mt: mt.group(1) + "\n" + block(mt.group("stem")) + "\n" + mt.group(4), text)


def blocks(text: str) -> dict[str, str]:
    """Generated blocks of the document by stem."""
    return {mt.group("stem"): mt.group("body") for mt in _BLOCK.finditer(text)}
