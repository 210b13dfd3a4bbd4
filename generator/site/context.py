"""What the pages show, gathered once from the checked project and the rules' outcome.

Nothing here decides a rule: statuses, verdicts and lists come from `rules.engine.Outcome`;
this module only indexes them by page and adds presentation data (URLs, sizes, hashes).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .. import urls
from ..attachments import attachment_info, confine, file_sha256
from ..findings import WARNING, Report
from ..project import College, Doc, Project
from ..rules.outcome import Outcome, published_verdicts
from ..rules.materials import describe, key_of
from ..rules.results import VerdictResult
from ..rules.verdict import is_published
from .ledger_view import LedgerView, load_ledger_view

# Attachments a browser would run or MkDocs would render as a page are listed with their size
# and hash but not served from the portal's origin (a college's HTML/SVG could carry script).
ACTIVE_SUFFIXES = {".html", ".htm", ".xhtml", ".xht", ".shtml", ".svg", ".svgz", ".xml", ".xsl", ".xslt",
                   ".js", ".mjs", ".css", ".swf", ".md", ".markdown", ".mdown", ".mkdn", ".mkd"}
MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown", ".mkdn", ".mkd"}
LEDGER_WARNINGS = ("material.received_late", "material.changed_after_deadline")
EXPERT_KIND_LABELS = {"vocational": "职业教育专家", "research": "教育研究专家", "industry": "行业企业专家"}


@dataclass(frozen=True)
class Attachment:
    rel: str                  # as written, relative to the college folder
    source: Path              # the committed file (confined to the college folder)
    url: str                  # site-relative
    name: str
    size: int
    sha256: str

    @property
    def served(self) -> bool:
        return Path(self.name).suffix.lower() not in ACTIVE_SUFFIXES


@dataclass
class MaterialView:
    code: str
    slug: str
    url: str
    doc: Doc
    label: str                # what the material is (kind, year, unit)
    attachments: list[Attachment]
    uses: list = field(default_factory=list)   # (year, RequiredMaterial) where this file counts


@dataclass
class SiteData:
    project: Project
    outcome: Outcome
    as_of: dt.date
    findings: Report
    materials: dict[str, list[MaterialView]] = field(default_factory=dict)   # code → its materials
    by_path: dict[str, MaterialView] = field(default_factory=dict)            # source path → view
    warnings: dict[str, list] = field(default_factory=dict)                   # code → public warnings
    site_warnings: list = field(default_factory=list)                         # not tied to a college
    # source path → the Beijing day the portal first published it (the publication ledger; a
    # file not in it yet is shown as "未记入公示台账")
    portal_dates: dict[str, dt.date] = field(default_factory=dict)
    ledger: LedgerView = field(default_factory=LedgerView)
    _published: dict | None = None
    # (code, path as written) → the file of an image shown in a college's Markdown
    images: dict[tuple[str, str], Path] = field(default_factory=dict)

    # --- simple lookups ------------------------------------------------------------
    @property
    def config(self):
        return self.project.config

    @property
    def framework(self):
        return self.project.framework

    def framework_for(self, year: int):
        """The framework the round of `year` was judged against (its report follows it too)."""
        return self.project.framework_for(year)

    def colleges(self) -> list[College]:
        return [c for _, c in sorted(self.project.colleges.items()) if c.info is not None]

    def college(self, code: str) -> College | None:
        return self.project.colleges.get(code)

    def college_name(self, code: str) -> str:
        col = self.project.colleges.get(code)
        return col.info.name if col and col.info else code

    def expert_name(self, eid: str) -> str:
        ex = self.project.experts.get(eid)
        return ex.name if ex else eid

    def round_years(self) -> list[int]:
        return sorted(self.project.rounds)

    def list_years(self) -> list[int]:
        return sorted(set(self.project.rounds) | set(self.outcome.lists))

    def review_years(self) -> list[int]:
        return sorted({y for y, c in self.project.reviews if self.review_published(y, c)})

    def current_round_year(self) -> int | None:
        """The earliest round with a review not yet over as of the build day, else the latest."""
        years = self.round_years()
        open_ = [y for y in years if any(rv.end >= self.as_of for rv in self.project.rounds[y].reviews)]
        return open_[0] if open_ else (years[-1] if years else None)

    def verdict(self, year: int, code: str) -> VerdictResult | None:
        """The verdict once its publication day has come (a review file may be committed early)."""
        return self.published.get((year, code))

    @property
    def published(self) -> dict:
        if self._published is None:
            self._published = published_verdicts(self.outcome)
        return self._published

    def review_published(self, year: int, code: str) -> bool:
        rv = self.project.reviews.get((year, code))
        return rv is not None and is_published(rv.published_on, self.as_of)

    def reviews_of(self, code: str) -> list[tuple[int, object]]:
        """(year, RoundReview) of one college, oldest first."""
        out = [(y, rv) for y, rnd in sorted(self.project.rounds.items()) for rv in rnd.reviews
               if rv.institution == code]
        return sorted(out, key=lambda t: (t[0], t[1].start))

    def portal_published(self, path: str) -> dt.date | None:
        return self.portal_dates.get(path)

    def versions(self, path: str) -> list:
        """Every version of a file the portal published (ledger_view.LedgerVersion), oldest first."""
        return self.ledger.of(path)

    def file_sha256(self, rel: str) -> str | None:
        """SHA-256 of a committed file (the annex-2 report, whose model keeps no hash)."""
        p = self.project.root / rel
        if p.is_symlink() or not p.is_file():
            return None
        return file_sha256(p)[1]

    def ledger_warnings(self, code: str, path: str) -> list:
        """The ledger's warnings (received late, changed after the deadline) about one file."""
        return [f for f in self.warnings.get(code, []) if f.code in LEDGER_WARNINGS and f.file == path]

    def image_path(self, code: str, rel: str) -> str | None:
        """Site path of a file a college's Markdown shows as an image or links to (inside its
        folder, present, and not a type a browser would run); it is then published with the
        attachments."""
        col = self.project.colleges.get(code)
        target, why = confine(self.project.root, col.dir, rel) if col else (None, "no college")
        if why or target is None or not target.is_file() or Path(rel).suffix.lower() in ACTIVE_SUFFIXES:
            return None
        self.images[(code, rel)] = target
        return urls.attachment(code, rel)

    def policy_slug(self, doc: Doc) -> str:
        return Path(doc.path).stem

    def policies(self) -> list[Doc]:
        return sorted(self.project.policies, key=lambda d: (-d.meta.issued_on.toordinal(), d.path))

    def notices(self) -> list[Doc]:
        return sorted(self.project.notices, key=lambda d: (-d.meta.date.toordinal(), d.path))


def gather(proj: Project, outcome: Outcome, report: Report, as_of: dt.date) -> SiteData:
    data = SiteData(proj, outcome, as_of, report)
    data.ledger = load_ledger_view(proj.root, as_of, _version_served)
    data.portal_dates = {p: d for p in data.ledger.versions if (d := data.ledger.first_day(p)) is not None}
    for col in data.colleges():
        views = []
        for doc in col.materials:
            slug = urls.material_slug(doc.path, col.code)
            view = MaterialView(col.code, slug, urls.material(col.code, slug), doc,
                                describe(key_of(doc.meta), col), _attachments(proj, col, doc))
            views.append(view)
            data.by_path[doc.path] = view
        data.materials[col.code] = sorted(views, key=lambda v: v.slug)
    for (year, code), disc in sorted(outcome.disclosures.items()):
        for item in disc.items:
            if item.provided is not None and item.provided.path in data.by_path:
                data.by_path[item.provided.path].uses.append((year, disc, item))
    for f in report.sorted():
        if f.severity != WARNING:
            continue
        if f.institution:
            data.warnings.setdefault(f.institution, []).append(f)
        else:
            data.site_warnings.append(f)
    return data


def _version_served(path: str) -> bool:
    """Old versions served like current files: a material's Markdown source is plain text to
    download; an attachment a browser would run is not served (ACTIVE_SUFFIXES)."""
    suffix = Path(path).suffix.lower()
    if path.split("/")[2:3] == ["materials"] and suffix in MARKDOWN_SUFFIXES:
        return True
    return suffix not in ACTIVE_SUFFIXES


def _attachments(proj: Project, col: College, doc: Doc) -> list[Attachment]:
    out = []
    for rel in doc.meta.attachments:
        info = attachment_info(proj.root, col.dir, rel)
        if info is None:
            continue   # validation already refused the build for these
        target, size, sha = info
        out.append(Attachment(rel, target, urls.attachment(col.code, rel), rel.rsplit("/", 1)[-1], size, sha))
    return out
