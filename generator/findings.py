"""Findings: what the checker reports. Codes are stable API (DESIGN.md §5)."""
from __future__ import annotations

from dataclasses import dataclass, field

from . import messages

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Loc:
    """A place in a source file; line and column are 1-based (0 = unknown)."""

    file: str
    line: int = 0
    column: int = 0


@dataclass(slots=True)
class Node:
    """A value of a parsed YAML file with its place (built by yamlsafe); beside Loc so that the
    schema layer needs only this module, not the parser."""

    kind: str                 # "map" | "seq" | "scalar"
    line: int                 # 1-based
    col: int                  # 1-based
    value: object = None      # scalar: str; seq: list[Node]; map: list[tuple[Node, Node]]
    tag: str = ""             # resolved tag of a scalar (…:str, …:int, …:timestamp …)
    quoted: bool = False
    keys: dict = field(default_factory=dict)   # map only: key text → value Node

    def loc(self, file: str) -> Loc:
        return Loc(file, self.line, self.col)


@dataclass(frozen=True, slots=True)
class Finding:
    code: str
    severity: str
    file: str
    line: int
    column: int
    params: tuple = ()
    institution: str | None = None

    def message(self, lang: str = "zh") -> str:
        return messages.render(self.code, dict(self.params), lang)

    def public_message(self) -> str:
        """The wording the public site shows (messages.PUBLIC)."""
        return messages.render_public(self.code, dict(self.params))

    def sort_key(self):
        return (self.file, self.line, self.column, self.code, self.params)

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "severity": self.severity,
            "code": self.code,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message(lang),
            "institution": self.institution,
        }


@dataclass
class Report:
    """Collects every finding of a run; nothing stops at the first one."""

    findings: list[Finding] = field(default_factory=list)

    def add(self, code: str, loc: Loc, /, *, severity: str | None = None,
            institution: str | None = None, **params) -> Finding:
        sev = severity or messages.default_severity(code)
        f = Finding(code, sev, loc.file, loc.line, loc.column,
                    tuple(sorted((k, _freeze(v)) for k, v in params.items())), institution)
        self.findings.append(f)
        return f

    def extend(self, other: "Report") -> None:
        self.findings.extend(other.findings)

    def sorted(self) -> list[Finding]:
        # Deduplicate: two rules may legitimately reach the same conclusion via shared data.
        return sorted(set(self.findings), key=Finding.sort_key)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


def _freeze(v):
    if isinstance(v, list):
        return tuple(v)
    return v
