"""开放数据: JSON and CSV of every table in `opendata_tables`, a JSON Schema (draft 2020-12) for
each JSON file, and data/index.json with every file's SHA-256 and size.

Pure: `render_open_data` returns {site-relative path: bytes}; the pipeline writes them.
Same inputs, same bytes: no clock, stable row order, fixed key order.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import urllib.parse

from .. import urls
from ..project import Project
from ..rules.outcome import Outcome
from ..rules.labels import LIST_LABELS
from . import opendata_tables as t
from .opendata_evidence import EVIDENCE_TABLES, evidence_rows

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
# Excel in China opens a BOM-less CSV as the ANSI code page (GBK) and garbles every Chinese
# character; with the UTF-8 BOM it detects UTF-8. Other CSV readers skip or tolerate the BOM.
BOM = b"\xef\xbb\xbf"
LIST_SEP = ";"          # list cells in CSV; JSON keeps the real list
# Spreadsheets run a cell that starts with one of these as a formula ("CSV injection"), and
# college-written titles reach these cells: such a text cell gets a leading apostrophe in CSV.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

_SCALAR = {
    "string": {"type": "string"},
    "integer": {"type": "integer"},
    "boolean": {"type": "boolean"},
    "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
    "ratio": {"type": "string", "pattern": r"^\d+/\d+$"},
    "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$"},
    "url": {"type": "string", "format": "uri"},
    "code": {"type": "string", "pattern": r"^\d{10}$"},
    "decimal": {"type": "string", "pattern": r"^-?\d+(\.\d+)?$"},     # a measurement (opendata_evidence)
}


def data_path(name: str, ext: str) -> str:
    return f"{urls.DATA}{name}.{ext}"


def schema_path(schema: str) -> str:
    return f"{urls.DATA}schema/{schema}.schema.json"


def render_open_data(proj: Project, outcome: Outcome, site_cfg) -> dict[str, bytes]:
    """Every open-data file under data/: <table>.json/.csv, lists/<year>/<list>.json/.csv,
    schema/<table>.schema.json, schema/index.schema.json and index.json."""
    info = getattr(site_cfg, "site", site_cfg)   # a SiteConfig or its SiteInfo
    base = info.url

    def page(rel: str) -> str:   # an absolute URI: non-ASCII file names percent-encoded
        return base + urllib.parse.quote(rel, safe="/#")

    rows = {
        "colleges": t.colleges(proj, outcome, page), "materials": t.materials(proj, outcome, page),
        "disclosures": t.disclosures(outcome), "reviews": t.reviews(proj, outcome, page),
        "verdicts": t.verdicts(proj, outcome, page), "findings": t.findings(proj, outcome),
        "lists": t.lists(proj, outcome), "experts": t.experts(proj),
    }
    rows.update(evidence_rows(proj, outcome.as_of, page))
    as_of = outcome.as_of.isoformat()
    files: dict[str, bytes] = {}
    schemas: dict[str, str] = {}               # JSON path → its schema path
    for table in (*t.TABLES, *EVIDENCE_TABLES):
        _emit(files, schemas, table, table.name, table.title, rows[table.name], as_of)
    for year in sorted({r["year"] for r in rows["lists"]}):
        for kind in t.LIST_KINDS:
            sel = [r for r in rows["lists"] if r["year"] == year and r["list"] == kind]
            _emit(files, schemas, t.LISTS, f"lists/{year}/{kind}", f"{year}年{LIST_LABELS[kind]}", sel, as_of)
    for table in (*t.TABLES, *EVIDENCE_TABLES):
        files[schema_path(table.name)] = _json_bytes(table_schema(table, base), sort=True)
    files[schema_path("index")] = _json_bytes(index_schema(base), sort=True)
    index = {"as_of": as_of, "schema": "schema/index.schema.json", "site": base,
             "files": [_index_entry(p, b, schemas.get(p)) for p, b in sorted(files.items())]}
    files[f"{urls.DATA}index.json"] = _json_bytes(index)
    return dict(sorted(files.items()))


def _emit(files, schemas, table: t.Table, stem: str, title: str, records: list[dict], as_of: str) -> None:
    jpath = data_path(stem, "json")
    rel_schema = "../" * stem.count("/") + f"schema/{table.name}.schema.json"
    doc = {"dataset": table.name, "title": title, "as_of": as_of, "schema": rel_schema,
           "count": len(records), "records": records}
    files[jpath] = _records_json(doc)
    files[data_path(stem, "csv")] = render_csv(table, records)
    schemas[jpath] = schema_path(table.name)


def _index_entry(path: str, data: bytes, schema: str | None) -> dict:
    kind = "application/json" if path.endswith(".json") else "text/csv"
    if path.endswith(".schema.json"):
        kind = "application/schema+json"
    return {"path": path, "bytes": len(data), "sha256": hashlib.sha256(data).hexdigest(),
            "media_type": kind, "schema": schema}


# --- JSON ----------------------------------------------------------------------------------
def _json_bytes(doc, sort: bool = False) -> bytes:
    return (json.dumps(doc, ensure_ascii=False, indent=2, sort_keys=sort) + "\n").encode("utf-8")


def _records_json(doc: dict) -> bytes:
    """One record a line: readable, diff-friendly and compact; keys in column order (= CSV)."""
    head = {k: v for k, v in doc.items() if k != "records"}
    lines = [json.dumps(r, ensure_ascii=False) for r in doc["records"]]
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "records": ['
    text += ("\n" + ",\n".join(lines) + "\n]}\n") if lines else "]}\n"
    return text.encode("utf-8")


def title_of(content: bytes) -> str | None:
    """The "title" of an open-data JSON file. A records file (see _records_json) carries it on
    its first line, so the ~50 MB of records of a national site are not parsed again for it."""
    head = content.split(b"\n", 1)[0]
    cut = head.rfind(b', "records": [')
    try:
        doc = json.loads(head[:cut] + b"}" if cut > 0 and head.startswith(b'{"dataset"') else content)
    except ValueError:
        return None
    return doc.get("title") if isinstance(doc, dict) else None


# --- CSV (RFC 4180) ------------------------------------------------------------------------
def csv_cell(value) -> str:
    """The CSV text of one JSON value: null → empty, booleans → true/false, lists joined by ";"."""
    if value is None:
        return ""
    if value is True or value is False:
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEP.join(map(csv_cell, value))
    if isinstance(value, str):
        return "'" + value if value.startswith(FORMULA_START) else value
    return str(value)


def render_csv(table: t.Table, records: list[dict]) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    names = [c.name for c in table.columns]
    w.writerow(names)
    for r in records:
        w.writerow([csv_cell(r[n]) for n in names])
    return BOM + buf.getvalue().encode("utf-8")


# --- JSON Schema ---------------------------------------------------------------------------
def column_schema(col: t.Col) -> dict:
    is_list = col.type.endswith("[]")
    s = dict(_SCALAR[col.type.removesuffix("[]")])
    if col.enum:
        s["enum"] = list(col.enum)
    if is_list:
        s = {"type": "array", "items": s}
    elif col.nullable:
        s["type"] = [s["type"], "null"]
        if "enum" in s:
            s["enum"] = [*s["enum"], None]
    s["description"] = col.doc
    return s


def table_schema(table: t.Table, base: str) -> dict:
    record = {"type": "object", "additionalProperties": False,
              "required": [c.name for c in table.columns],
              "properties": {c.name: column_schema(c) for c in table.columns}}
    return {
        "$schema": SCHEMA_DIALECT, "$id": f"{base}{schema_path(table.name)}",
        "title": table.title, "description": table.doc, "type": "object", "additionalProperties": False,
        "required": ["dataset", "title", "as_of", "schema", "count", "records"],
        "properties": {
            "dataset": {"const": table.name, "description": "数据集代码"},
            "title": {"type": "string", "description": "数据集名称"},
            "as_of": dict(_SCALAR["date"], description="数据日期：状态、倒计时按此日计算"),
            "schema": {"type": "string", "description": "本文件 JSON Schema 的相对路径"},
            "count": {"type": "integer", "minimum": 0, "description": "记录数"},
            "records": {"type": "array", "items": record, "description": "记录（与同名 CSV 逐行一致）"},
        }}


def index_schema(base: str) -> dict:
    entry = {"type": "object", "additionalProperties": False,
             "required": ["path", "bytes", "sha256", "media_type", "schema"],
             "properties": {
                 "path": {"type": "string", "description": "文件相对于网站根目录的路径"},
                 "bytes": {"type": "integer", "minimum": 0, "description": "文件字节数"},
                 "sha256": dict(_SCALAR["sha256"], description="文件的 SHA-256"),
                 "media_type": {"enum": ["application/json", "text/csv", "application/schema+json"],
                                "description": "文件类型"},
                 "schema": {"type": ["string", "null"],
                            "description": "JSON 数据文件所依据的 Schema（相对于网站根目录）；其他文件为 null"}}}
    return {
        "$schema": SCHEMA_DIALECT, "$id": f"{base}{schema_path('index')}",
        "title": "开放数据索引", "description": "data/ 下每个文件（索引本身除外）的路径、大小与 SHA-256",
        "type": "object", "additionalProperties": False, "required": ["as_of", "schema", "site", "files"],
        "properties": {
            "as_of": dict(_SCALAR["date"], description="数据日期"),
            "schema": {"type": "string", "description": "本文件 JSON Schema 的相对路径"},
            "site": dict(_SCALAR["url"], description="网站地址"),
            "files": {"type": "array", "items": entry, "description": "文件列表，按路径排序"}}}
