"""`portal check`: load → validate → compute, then report every finding (DESIGN.md §5)."""
from __future__ import annotations

import datetime as dt
import json

from .findings import ERROR, Finding, Report
from .ledger import first_received
from .load import load_project
from .rules.engine import compute
from .rules.outcome import Checked
from .validate import validate

SEVERITY_ZH = {"error": "错误", "warning": "警告"}
SEVERITY_EN = {"error": "error", "warning": "warning"}


def run_checks(root, as_of: dt.date, only: str | None = None, cache=None, kept=None) -> Checked:
    """The shared front half of check and build. `cache`: parsed college folders kept between
    builds (load_cache.CollegeCache, the build's own folder); `kept`: findings of each college's
    own checks (check_cache, `portal check` only); nothing else is written here."""
    report = Report()
    proj = load_project(root, report, only=only, cache=cache)
    outcome = None
    validate(proj, report, as_of, kept)   # a bad site_config.yml must not hide the other files' findings
    if proj.config is not None:
        outcome = compute(proj, as_of, report, received=first_received(proj.root, as_of))
    return Checked(proj, outcome, report)


def select(findings: list[Finding], only: str | None, strict: bool) -> list[Finding]:
    out = []
    for f in findings:
        if only and f.institution != only and not f.file.startswith(f"institutions/{only}/"):
            continue
        if strict and f.severity != ERROR:
            f = Finding(f.code, ERROR, f.file, f.line, f.column, f.params, f.institution)
        out.append(f)
    return out


def format_text(findings: list[Finding], lang: str = "zh") -> str:
    names = SEVERITY_EN if lang == "en" else SEVERITY_ZH
    return "".join(f"{f.file}:{f.line}:{f.column}: {names[f.severity]} [{f.code}] {f.message(lang)}\n"
                   for f in findings)


def summary_line(findings: list[Finding], lang: str = "zh") -> str:
    e = sum(1 for f in findings if f.severity == ERROR)
    w = len(findings) - e
    if lang == "en":
        return f"{e} error(s), {w} warning(s)"
    return f"共 {e} 个错误，{w} 个警告"


def format_json(findings: list[Finding], lang: str = "zh") -> str:
    e = sum(1 for f in findings if f.severity == ERROR)
    doc = {"findings": [f.as_dict(lang) for f in findings],
           "summary": {"errors": e, "warnings": len(findings) - e}}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
