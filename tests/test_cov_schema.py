"""generator/schema.py `build`/`convert` on a small test model: every type's wrong shapes give
their finding (code, field label, line), and a usable object keeps its locations."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pytest

from generator.findings import Report
from generator.schema import INVALID, Ctx, Model, MonthDay, Ratio, build, convert, spec
from generator.yamlsafe import parse


@dataclass(kw_only=True)
class Inner(Model):
    n: int = spec("n", ge=1, le=5)


@dataclass(kw_only=True)
class Sample(Model):
    code: str = spec("code", quoted=True, pattern=r"\d{3}")
    flag: bool = spec("flag", default=False)
    count: int = spec("count", default=0)
    day: dt.date | None = spec("day", default=None)
    share: Ratio | None = spec("share", default=None)
    md: MonthDay | None = spec("md", default=None)
    kind: Literal["a", "b"] = spec("kind", default="a")
    tags: list[str] = spec("tags", factory=list, min_items=0)
    scores: dict[str, int] = spec("scores", factory=dict)
    inner: Inner | None = spec("inner", default=None)
    pair: list[int] = spec("pair", factory=list, min_items=2)


def _build(text: str, cls=Sample):
    report = Report()
    node = parse(text, "f.yml", report)
    obj = build(cls, node, Ctx("f.yml", report, institution="x"))
    return obj, [(f.code, dict(f.params).get("field"), f.line) for f in report.findings]


GOOD = 'code: "123"\npair: [1, 2]\n'


def test_good_file_builds_with_locations_and_defaults():
    obj, found = _build(GOOD + "day: 2025-03-01\nshare: 3/4\nmd: 02-29\nscores: {\"1.1\": 2}\ninner: {n: 5}\n")
    assert found == []
    assert obj.code == "123" and obj.flag is False and obj.kind == "a"
    assert obj.day == dt.date(2025, 3, 1)
    assert obj.share == Ratio(3, 4) and isinstance(obj.share, Ratio)
    assert obj.md == "02-29" and isinstance(obj.md, MonthDay)
    assert obj.scores == {"1.1": 2}
    assert obj.inner.n == 5
    assert (obj.loc("day").line, obj.loc("day").file) == (3, "f.yml")
    assert obj.loc("flag").line == 1          # an absent field points at the object


def test_no_node_and_non_mapping():
    report = Report()
    assert build(Sample, None, Ctx("f.yml", report)) is INVALID
    assert report.findings == []
    obj, found = _build("- 1\n- 2\n")
    assert obj is INVALID
    assert found == [("schema.type", "（文件）", 1)]
    assert repr(INVALID) == "INVALID"


def test_missing_required_field():
    obj, found = _build("pair: [1, 2]\n")
    assert obj is INVALID
    assert found == [("schema.missing", "code", 1)]


def test_unknown_key_keeps_the_object_and_suggests():
    obj, found = _build(GOOD + "flags: true\n")
    assert obj is not INVALID
    assert found == [("schema.unknown_key", None, 3)]
    report = Report()
    build(Sample, parse(GOOD + "flags: true\n", "f.yml", report), Ctx("f.yml", report))
    assert "did you mean 'flag'" in report.findings[0].message("en")


@pytest.mark.parametrize("line, code, field", [
    ("code: 123", "schema.type", "code"),                 # quoted=True, written bare
    ('code: "12a"', "schema.value", "code"),              # pattern
    ("flag: yes", "schema.type", "flag"),                 # YAML 1.1 yes is not a bool here
    ("flag: \"true\"", "schema.type", "flag"),
    ("count: \"3\"", "schema.type", "count"),             # a quoted integer
    ("count: 1234567890", "schema.range", "count"),       # more than MAX_DIGITS digits
    ("count: [1]", "schema.type", "count"),               # a list for a scalar
    ("day: 2025-02-30", "schema.date", "day"),
    ("day: 1999-12-31", "schema.range", "day"),
    ("day: 25-3-1", "schema.date", "day"),
    ("share: 5/4", "schema.range", "share"),
    ("share: 3/0", "schema.type", "share"),
    ("share: 0.75", "schema.type", "share"),
    ("md: 02-30", "schema.type", "md"),
    ("md: 2-3", "schema.type", "md"),
    ("kind: c", "schema.type", "kind"),
    ("kind: [a]", "schema.type", "kind"),
    ("tags: a", "schema.type", "tags"),
    ("tags: [a, [b]]", "schema.type", "tags[1]"),
    ("scores: [1]", "schema.type", "scores"),
    ("scores: {1.1: 2}", "schema.type", "scores"),       # an unquoted element id
    ("scores: {\"1.1\": x}", "schema.type", "scores.1.1"),
    ("inner: {n: 0}", "schema.range", "inner.n"),
    ("inner: {n: 6}", "schema.range", "inner.n"),
    ("inner: 3", "schema.type", "inner"),
    ("inner: {}", "schema.missing", "inner.n"),
])
def test_each_wrong_value(line, code, field):
    key = line.split(":")[0]
    rest = "".join(ln + "\n" for ln in GOOD.splitlines() if not ln.startswith(key + ":"))
    obj, found = _build(line + "\n" + rest)
    assert obj is INVALID
    assert [(c, f) for c, f, _ln in found] == [(code, field)]
    assert found[0][2] == 1


def test_null_for_a_required_value_and_too_few_items():
    obj, found = _build('code: ~\npair: [1]\n')
    assert obj is INVALID
    assert [(c, f) for c, f, _ln in found] == [("schema.missing", "code"), ("schema.value", "pair")]


def test_null_for_an_optional_value_is_none():
    obj, found = _build(GOOD + "day: null\ninner: ~\n")
    assert found == [] and obj.day is None and obj.inner is None


def test_long_values_are_shortened_in_the_message():
    report = Report()
    node = parse("count: " + "x" * 60 + "\n", "f.yml", report)
    assert convert(int, node.keys["count"], Ctx("f.yml", report), "count") is INVALID
    got = dict(report.findings[0].params)["got"]
    assert got == "x" * 40 + "…"


def test_a_type_no_model_uses_is_a_bug_not_a_finding():
    report = Report()
    node = parse("v: 1.5\n", "f.yml", report)
    with pytest.raises(TypeError):
        convert(float, node.keys["v"], Ctx("f.yml", report), "v")
