"""The loaded portal root as data (DESIGN.md §2): the model layer's whole-project types.

Pure data, beside models.py: every layer that needs a type imports this, never the loader.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import models as m
from . import models_evidence as me


@dataclass
class Doc:
    """A Markdown file with YAML front matter (materials, policies, notices)."""

    path: str                 # relative to the root, POSIX
    meta: object              # the front-matter model
    body: str
    body_line: int            # 1-based line where the body starts
    sha256: str


@dataclass
class College:
    code: str
    info: m.Institution | None = None
    materials: list[Doc] = field(default_factory=list)
    reports: dict[int, m.SelfDiagnosis] = field(default_factory=dict)
    # optional structured evidence (DESIGN.md §3, seeds 001–004): by year; specialties by (code, year)
    indicators: dict[int, me.IndicatorsFile] = field(default_factory=dict)
    tasks: dict[int, me.TasksFile] = field(default_factory=dict)
    specialties: dict[tuple[str, int], me.SpecialtyReview] = field(default_factory=dict)

    @property
    def dir(self) -> str:
        return f"institutions/{self.code}"


@dataclass
class Project:
    root: Path
    config: m.SiteConfig | None = None
    framework: m.Framework | None = None
    frameworks: dict[str, m.Framework] = field(default_factory=dict)   # every framework in use, by id
    colleges: dict[str, College] = field(default_factory=dict)
    experts: dict[str, m.Expert] = field(default_factory=dict)
    rounds: dict[int, m.Round] = field(default_factory=dict)
    reviews: dict[tuple[int, str], m.Review] = field(default_factory=dict)
    policies: list[Doc] = field(default_factory=list)
    notices: list[Doc] = field(default_factory=list)
    only: str | None = None   # --institution: materials loaded for this college only

    def path(self, rel: str) -> Path:
        return self.root / rel

    def framework_id_for(self, year: int) -> str | None:
        """The framework in force for `year`: its round's `framework:`, else site_config's."""
        rnd = self.rounds.get(year)
        if rnd is not None and rnd.framework:
            return rnd.framework
        return self.config.framework if self.config is not None else None

    def framework_for(self, year: int) -> m.Framework | None:
        """seed 000 §四(三)1 (last line): a round is judged against the framework in force for its
        year, so a later change of site_config.framework never re-judges a recorded round."""
        return self.frameworks.get(self.framework_id_for(year) or "")
