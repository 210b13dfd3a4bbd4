"""What the format tools need to know about the models: which file each model describes, its
fields, required or not, and defaults as JSON. Shared by the JSON Schemas and the reference."""
from __future__ import annotations

import dataclasses
import datetime as dt
import typing

from . import models as m
from . import models_evidence as me
from .schema import MISSING, Model, Ratio, hints

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
    "indicators": (me.IndicatorsFile, "状态数据指标与预警值", "institutions/<code>/indicators/<year>.yml"),
    "tasks": (me.TasksFile, "诊改任务表", "institutions/<code>/tasks/<year>.yml"),
    "specialty": (me.SpecialtyReview, "专业年审（RADAR）", "institutions/<code>/specialties/<专业代码>/<year>.yml"),
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


def all_models() -> dict[str, type]:
    """Every model a hand-written file can contain, by class name."""
    out: dict[str, type] = {}
    for cls, _, _ in FILES.values():
        out[cls.__name__] = cls
        out.update(nested_models(cls))
    return out
