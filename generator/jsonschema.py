"""`portal schemas [--out DIR] [--check]`: JSON Schemas of every hand-written file, generated
from the models (generator/models.py) so editors validate as people type.

Field docs become descriptions; `spec()` constraints (quoted, pattern, min_items) and defaults
carry over; unknown keys are refused (additionalProperties: false), as the checker does.
The checker stays the authority: a schema only helps the editor.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import json
import sys
import types
import typing
from pathlib import Path

from . import models as m
from .i18n import say
from .schema import MISSING, Model, MonthDay, Ratio, hints

DIALECT = "https://json-schema.org/draft/2020-12/schema"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
RATIO_PATTERN = r"^\s*\d+\s*/\s*\d+\s*$"
MONTH_DAY_PATTERN = r"^\d{2}-\d{2}$"

# schema file stem → (model, title, where the file lives). Materials, policies and notices are
# Markdown front matter; the rest are whole YAML files.
FILES: dict[str, tuple[type, str, str]] = {
    "site_config": (m.SiteConfig, "站点配置", "site_config.yml"),
    "framework": (m.Framework, "诊断项目参考表", "content/frameworks/<id>.yml"),
    "institution": (m.Institution, "院校基本信息", "institutions/<code>/institution.yml"),
    "material": (m.MaterialMeta, "公示材料头信息", "institutions/<code>/materials/**/*.md"),
    "self-diagnosis": (m.SelfDiagnosis, "内部质量保证体系自我诊改报告（附件2）",
                       "institutions/<code>/self-diagnosis/<year>.yml"),
    "experts": (m.ExpertsFile, "专家库", "content/experts.yml"),
    "round": (m.Round, "年度复核名单", "content/rounds/<year>/round.yml"),
    "review": (m.Review, "复核结论", "content/rounds/<year>/reviews/<code>.yml"),
    "policy": (m.PolicyMeta, "政策文件头信息", "content/policies/*.md"),
    "notice": (m.NoticeMeta, "通知公告头信息", "content/notices/*.md"),
}


def schema_path(stem: str) -> str:
    return f"schemas/{stem}.schema.json"


def model_fields(cls) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if not f.name.startswith("_")]


def is_required(f: dataclasses.Field) -> bool:
    return f.default is MISSING and f.default_factory is MISSING


def default_of(f: dataclasses.Field):
    """The field's default as JSON (MISSING when required)."""
    if f.default is not MISSING:
        return _jsonable(f.default)
    if f.default_factory is not MISSING:
        return _jsonable(f.default_factory())
    return MISSING


def _jsonable(v):
    if isinstance(v, Ratio):
        return f"{v.numerator}/{v.denominator}"
    if isinstance(v, Model):
        return {f.name: _jsonable(getattr(v, f.name)) for f in model_fields(type(v))}
    if isinstance(v, list):
        return [_jsonable(x) for x in v]
    if isinstance(v, dt.date):
        return v.isoformat()
    return v


def nested_models(cls, seen: dict | None = None) -> dict[str, type]:
    """Every model reachable from `cls` (itself excluded), by class name, in field order."""
    seen = {} if seen is None else seen
    for f in model_fields(cls):
        for tp in _walk(hints(cls)[f.name]):
            if tp.__name__ not in seen:
                seen[tp.__name__] = tp
                nested_models(tp, seen)
    return seen


def _walk(tp):
    if isinstance(tp, type) and issubclass(tp, Model):
        yield tp
    for a in typing.get_args(tp):
        yield from _walk(a)


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
        return {"type": "integer"}
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


def render(stem: str) -> str:
    return json.dumps(file_schema(stem), ensure_ascii=False, indent=2) + "\n"


def write_all(out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for stem in FILES:
        p = out_dir / f"{stem}.schema.json"
        text = render(stem)
        if not p.is_file() or p.read_text(encoding="utf-8") != text:
            p.write_text(text, encoding="utf-8")
        written.append(p)
    return written


def stale(out_dir: Path) -> list[str]:
    """Schema files missing or different from what the models generate."""
    bad = []
    for stem in FILES:
        p = out_dir / f"{stem}.schema.json"
        if not p.is_file() or p.read_text(encoding="utf-8") != render(stem):
            bad.append(p.name)
    return bad


# --- command line ------------------------------------------------------------------
def add_arguments(p) -> None:
    p.add_argument("--out", metavar="DIR", help="输出目录（默认 ROOT/schemas）")
    p.add_argument("--check", action="store_true", help="只比较，不写入；与模型不一致时退出码 1")


def run(args) -> int:
    out = Path(args.out) if args.out else Path(args.root) / "schemas"
    if args.check:
        bad = stale(out)
        for name in bad:
            print(say("schemas.stale", args.lang, path=out / name), file=sys.stderr)
        return 1 if bad else 0
    for p in write_all(out):
        print(say("schemas.wrote", args.lang, path=p))
    return 0
