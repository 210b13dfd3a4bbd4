"""`portal schemas [--out DIR] [--reference FILE] [--check]`: JSON Schemas of every hand-written file, generated
from the models (generator/models.py) so editors validate as people type.

Field docs become descriptions; `spec()` constraints (quoted, pattern, min_items) and defaults
carry over; unknown keys are refused (additionalProperties: false), as the checker does.
The checker stays the authority: a schema only helps the editor.
"""
from __future__ import annotations

import datetime as dt
import json
import sys
import types
import typing
from pathlib import Path

from . import models as m
from . import reference
from .ledger_verify import line_schema
from .context import RunContext
from .i18n import say
from .modelinfo import FILES, MISSING, default_of, model_fields, nested_models
from .schema import MAX_DIGITS, MAX_RATIO_DIGITS, Model, MonthDay, Ratio, hints

DIALECT = "https://json-schema.org/draft/2020-12/schema"
# dates lie in schema.DATE_MIN..DATE_MAX (2000-01-01..2100-12-31)
DATE_PATTERN = r"^(?:20\d{2}|2100)-\d{2}-\d{2}$"
RATIO_PATTERN = r"^\s*\d{1,%d}\s*/\s*\d{1,%d}\s*$" % (MAX_RATIO_DIGITS, MAX_RATIO_DIGITS)
MONTH_DAY_PATTERN = r"^\d{2}-\d{2}$"


def type_schema(tp, meta: dict) -> dict:
    """JSON Schema of one annotated type; `meta` is the field's spec() metadata."""
    origin, args = typing.get_origin(tp), typing.get_args(tp)
    if origin in (typing.Union, types.UnionType):
        inner = [a for a in args if a is not type(None)]
        return {"anyOf": [type_schema(inner[0], meta), {"type": "null"}]}
    if origin is list:
        out = {"type": "array", "items": type_schema(args[0], {**meta, "min_items": 0})}
        if meta.get("min_items"):
            out["minItems"] = meta["min_items"]
        return out
    if origin is dict:
        return {"type": "object", "additionalProperties": type_schema(args[1], {})}
    if origin is typing.Literal:
        return {"enum": list(args)}
    if isinstance(tp, type) and issubclass(tp, Model):
        return {"$ref": f"#/$defs/{tp.__name__}"}
    if hasattr(tp, "json_schema"):
        return tp.json_schema()
    if tp is dt.date:
        return {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    if tp is Ratio:
        return {"type": "string", "pattern": RATIO_PATTERN}
    if tp is MonthDay:
        return {"type": "string", "pattern": MONTH_DAY_PATTERN}
    if tp is str:
        out = {"type": "string"}
        if meta.get("pattern"):
            out["pattern"] = f"^(?:{meta['pattern']})$"   # the checker matches the whole value
        return out
    if tp is int:
        lo, hi = meta.get("ge"), meta.get("le")
        limit = 10 ** MAX_DIGITS - 1
        return {"type": "integer", "minimum": -limit if lo is None else lo, "maximum": limit if hi is None else hi}
    if tp is bool:
        return {"type": "boolean"}
    raise TypeError(f"no JSON Schema for field type {tp!r}")  # a model bug


def object_schema(cls) -> dict:
    props, required = {}, []
    th = hints(cls)
    for f in model_fields(cls):
        meta = dict(f.metadata)
        prop = type_schema(th[f.name], meta)
        doc = meta.get("doc", "")
        if meta.get("quoted"):
            doc += "（YAML 中须加引号）"
        prop = {"description": doc, **prop} if doc else prop
        d = default_of(f)
        if d is MISSING:
            required.append(f.name)
        else:
            prop["default"] = d
        props[f.name] = prop
    out = {"type": "object", "properties": props}
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _material_conditions() -> list[dict]:
    """Which kinds need year / unit / plan (the checker's validate layer enforces the same)."""
    return [
        {"if": {"properties": {"kind": {"enum": list(m.YEARLY_KINDS)}}, "required": ["kind"]},
         "then": {"required": ["year"]}},
        {"if": {"properties": {"kind": {"const": "annual_self_diagnosis"}}, "required": ["kind"]},
         "then": {"required": ["unit"]}},
        {"if": {"properties": {"kind": {"const": "development_plans"}}, "required": ["kind"]},
         "then": {"required": ["plan"]}},
    ]


def file_schema(stem: str) -> dict:
    cls, title, where = FILES[stem]
    out = {"$schema": DIALECT, "title": title,
           "description": f"{where}（由 generator/models.py 生成，请勿手改；重新生成：portal schemas）"}
    out.update(object_schema(cls))
    if cls is m.MaterialMeta:
        out["allOf"] = _material_conditions()
    defs = nested_models(cls)
    if defs:
        out["$defs"] = {name: object_schema(tp) for name, tp in defs.items()}
    return out


# Files not described by a model: their schema is written where their format is defined.
EXTRA = {"ledger": line_schema}


def stems() -> list[str]:
    return [*FILES, *EXTRA]


def render(stem: str) -> str:
    doc = EXTRA[stem](DIALECT) if stem in EXTRA else file_schema(stem)
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in stems():
        p = out_dir / f"{stem}.schema.json"
        text = render(stem)
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
        written.append(p)
    return written


def stale(out_dir: Path) -> list[str]:
    """Schema files missing or different from what the models generate."""
    bad = []
    for stem in stems():
        p = out_dir / f"{stem}.schema.json"
        if not p.is_file() or p.read_text(encoding="utf-8") != render(stem):
            bad.append(p.name)
    return bad


# --- command line ------------------------------------------------------------------
def add_arguments_schemas(p) -> None:
    p.add_argument("--out", metavar="DIR", help="输出目录（默认 ROOT/schemas）")
    p.add_argument("--reference", metavar="FILE", help="同时刷新格式说明中的字段表（如 docs/format-reference.md）")
    p.add_argument("--check", action="store_true", help="只比较，不写入；与模型不一致时退出码 1")


def run_schemas(ctx: RunContext, args) -> int:
    out = Path(args.out) if args.out else ctx.root / "schemas"
    doc = Path(args.reference) if args.reference else None
    if args.check:
        bad = [out / name for name in stale(out)]
        if doc is not None and reference.refresh(doc.read_text(encoding="utf-8")) != doc.read_text(encoding="utf-8"):
            bad.append(doc)
        for path in bad:
            print(say("schemas.stale", ctx.lang, path=path), file=sys.stderr)
        return 1 if bad else 0
    for p in write_all(out):
        print(say("schemas.wrote", ctx.lang, path=p))
    if doc is not None:
        text = doc.read_text(encoding="utf-8")
        new = reference.refresh(text)
        if new != text:
            doc.write_text(new, encoding="utf-8")
        print(say("schemas.wrote", ctx.lang, path=doc))
    return 0
