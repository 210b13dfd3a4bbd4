"""`portal schemas` (generator/jsonschema.py) run in-process: writing, the --check comparison,
the --reference refresh, and the type mapping's refusal of a type it cannot describe."""
from __future__ import annotations

import argparse
import datetime as dt
import typing
from pathlib import Path

import pytest

from builders import REPO
from generator import jsonschema as js
from generator.context import RunContext


def _run(args) -> int:
    return js.run_schemas(RunContext(Path(args.root), args.lang), args)


def _args(tmp_path, **kw):
    base = dict(root=str(tmp_path), out=None, reference=None, check=False, lang="en")
    return argparse.Namespace(**{**base, **kw})


def test_write_all_then_nothing_is_stale(tmp_path):
    out = tmp_path / "schemas"
    written = js.write_all(out)
    assert sorted(p.name for p in written) == sorted(f"{s}.schema.json" for s in js.stems())
    assert js.stale(out) == []
    # the committed schemas/ are what the models generate
    assert js.stale(REPO / "schemas") == []


def test_write_all_leaves_unchanged_files_alone(tmp_path):
    out = tmp_path / "schemas"
    js.write_all(out)
    p = out / "institution.schema.json"
    old = p.stat().st_mtime_ns
    import os
    os.utime(p, ns=(old - 10**9, old - 10**9))
    js.write_all(out)
    assert p.stat().st_mtime_ns == old - 10**9


def test_stale_names_missing_and_edited_files(tmp_path):
    out = tmp_path / "schemas"
    js.write_all(out)
    (out / "round.schema.json").unlink()
    (out / "experts.schema.json").write_text("{}\n", encoding="utf-8")
    assert sorted(js.stale(out)) == ["experts.schema.json", "round.schema.json"]


def test_run_writes_into_root_schemas_by_default(tmp_path, capsys):
    assert _run(_args(tmp_path)) == 0
    assert (tmp_path / "schemas" / "material.schema.json").is_file()
    assert "material.schema.json" in capsys.readouterr().out


def test_run_check_exit_codes(tmp_path, capsys):
    out = tmp_path / "s"
    assert _run(_args(tmp_path, out=str(out), check=True)) == 1   # nothing written yet
    err = capsys.readouterr().err
    assert "institution.schema.json" in err
    assert not out.exists()                                         # --check never writes
    js.write_all(out)
    assert _run(_args(tmp_path, out=str(out), check=True)) == 0
    assert capsys.readouterr().err == ""


def test_run_reference_refresh_and_check(tmp_path, capsys):
    """A stale generated block in the format reference is refreshed, and --check reports it."""
    doc = tmp_path / "ref.md"
    current = (REPO / "docs/format-reference.md").read_text(encoding="utf-8")
    marker = "<!-- BEGIN GENERATED institution -->\n"
    assert marker in current
    stale_text = current.replace(marker, marker + "| 旧行 |\n", 1)
    doc.write_text(stale_text, encoding="utf-8")
    out = tmp_path / "s"
    js.write_all(out)
    assert _run(_args(tmp_path, out=str(out), reference=str(doc), check=True)) == 1
    assert "ref.md" in capsys.readouterr().err
    assert doc.read_text(encoding="utf-8") == stale_text
    assert _run(_args(tmp_path, out=str(out), reference=str(doc))) == 0
    assert doc.read_text(encoding="utf-8") == current
    assert _run(_args(tmp_path, out=str(out), reference=str(doc), check=True)) == 0


def test_type_schema_scalars_and_bounds():
    assert js.type_schema(bool, {}) == {"type": "boolean"}
    assert js.type_schema(int, {"ge": 1, "le": 9}) == {"type": "integer", "minimum": 1, "maximum": 9}
    unbounded = js.type_schema(int, {})
    assert unbounded["minimum"] == -unbounded["maximum"] < 0
    assert js.type_schema(str, {"pattern": "[0-9]{10}"})["pattern"] == "^(?:[0-9]{10})$"
    assert js.type_schema(str, {}) == {"type": "string"}
    assert js.type_schema(list[str], {"min_items": 2})["minItems"] == 2
    assert "minItems" not in js.type_schema(list[str], {})
    assert js.type_schema(dict[str, int], {})["additionalProperties"]["type"] == "integer"
    assert js.type_schema(typing.Literal["a", "b"], {}) == {"enum": ["a", "b"]}
    assert js.type_schema(dt.date | None, {})["anyOf"][1] == {"type": "null"}


def test_type_schema_refuses_unknown_type():
    with pytest.raises(TypeError, match="float"):
        js.type_schema(float, {})
