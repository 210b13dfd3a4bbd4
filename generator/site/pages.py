"""Every page of the public site (DESIGN.md §6): which exist, their titles, templates and data.

`plan()` lists the pages in a stable order; `render_page()` turns one into a docs-tree
Markdown file whose body is the template's HTML (Python-Markdown passes block HTML through).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .. import urls
from ..rules import labels, overview
from ..rules.rounds import review_counts
from ..rules.deadlines import LATE, STATUS_LABELS, countdown
from ..rules.materials import KIND_LABELS, PLAN_LABELS, unit_name
from ..rules.verdict import below_abnormal_ratio, meets_effective_ratio
from .context import EXPERT_KIND_LABELS, SiteData
from .engine_text import engine_text
from .lastmod import content_date
from .evidence_pages import (EVIDENCE, INDICATOR_BADGE, TASK_BADGE, college_evidence_pages, college_links,
                             element_links, matrix_links)
from .evidence_pages import overview as evidence_overview
from .richtext import markdown_html
from .search import steps
from .templating import render

# The global navigation: top-level sections only (DESIGN.md §6 — a nav of every college makes
# the build quadratic). Title, URL path.
SECTIONS = [
    ("首页", urls.HOME), ("政策文件", urls.POLICIES), ("通知公告", urls.NOTICES),
    ("复核名单", urls.ROUNDS), ("院校", urls.COLLEGES), ("复核结论", urls.REVIEWS),
    ("专家", urls.EXPERTS), ("名单公示", urls.LISTS), ("开放数据", urls.DATA), ("搜索", urls.SEARCH),
]
SECTION_TITLE = {path: title for title, path in SECTIONS}
LIST_KEYS = ("needs_improvement", "criticized", "restricted", "deemed_abnormal")
L = {
    "status": STATUS_LABELS, "verdict": labels.VERDICT_LABELS, "measures": labels.MEASURES_LABELS,
    "review_kind": labels.REVIEW_KIND_LABELS, "list": labels.LIST_LABELS, "stratum": labels.STRATUM_LABELS,
    "sampling_method": labels.SAMPLING_METHOD_LABELS,
    "panel_issue": labels.PANEL_ISSUE_LABELS, "restriction_measures": labels.RESTRICTION_MEASURES_ZH,
    "material_kind": KIND_LABELS, "plan": PLAN_LABELS, "expert_kind": EXPERT_KIND_LABELS,
}
# Template helpers; the two verdict tests are the rules' own functions (seed 000 §四(三)1).
HELPERS = {
    "L": L, "urls": urls, "sections": SECTIONS, "list_keys": LIST_KEYS,
    "unit_name": unit_name, "status_filters": overview.STATUS_FILTERS,
    "evidence_links": element_links, "college_evidence": college_links, "matrix_links": matrix_links, "evidence_url": EVIDENCE,
    "evidence_badge": {"indicator": INDICATOR_BADGE, "task": TASK_BADGE},
    "meets_effective": lambda v: meets_effective_ratio(v.matches, v.n, v.effective_threshold),
    "below_abnormal": lambda v: below_abnormal_ratio(v.matches, v.n, v.abnormal_threshold),
}


@dataclass
class Page:
    path: str                       # URL path, directory style ("colleges/4111010001/")
    title: str
    template: str                   # theme/pages/<template>
    data: dict = field(default_factory=dict)
    crumbs: list = field(default_factory=list)   # [(title, path)] above this page
    search_page: bool = False

    @property
    def source(self) -> str:
        """Docs-tree file: <path>index.md."""
        return f"{self.path}index.md"


def _section(path: str) -> list:
    return [("首页", urls.HOME)] + ([(SECTION_TITLE[path], path)] if path else [])


def plan(site: SiteData, extra: dict | None = None, colleges: bool = True) -> list[Page]:
    """All pages, sections first. `extra` carries render-time data from other modules
    (open-data file list, charts) into the pages that show them. `colleges=False`: without
    the colleges' own pages (college_pages gives them; render_pool renders them in parallel)."""
    extra = extra or {}
    by_status = overview.colleges_by_status(site.project, site.outcome, site.as_of)
    figures = overview.figures(site.project, site.outcome)
    # figures templates show but must not count themselves (tests/test_architecture.py)
    rounds = {year: review_counts(rnd) for year, rnd in site.project.rounds.items()}
    college_counts = {"by_status": by_status, "total": figures.colleges,
                "counts": {key: len(codes) for key, codes in by_status.items()}}
    regions = [(r.name, steps([r])) for r in extra.get("search_regions", [])]
    experts = sorted(site.project.experts.values(), key=lambda ex: ex.id)
    active, removed = [ex for ex in experts if ex.status == "active"], [ex for ex in experts if ex.status == "removed"]
    pages = [
        Page(urls.HOME, site.config.site.name, "home.html",
             {"charts": extra.get("charts", []), "figures": figures, "round_counts": rounds,
              "countdowns": {k: countdown(d.deadline, site.as_of) for k, d in site.outcome.disclosures.items()}},
             crumbs=[]),
        Page(urls.POLICIES, "政策文件", "policies.html", crumbs=_section(urls.HOME)),
        Page(urls.NOTICES, "通知公告", "notices.html", crumbs=_section(urls.HOME)),
        Page(urls.ROUNDS, "复核名单", "rounds.html",
             {"round_counts": rounds, "sampled_counts": {start: len(cy.sampling.sampled)
                                                         for start, cy in site.outcome.cycles.items() if cy.sampling}},
             crumbs=_section(urls.HOME)),
        Page(urls.COLLEGES, "院校", "colleges.html", {"status": None, **college_counts}, crumbs=_section(urls.HOME)),
        Page(urls.REVIEWS, "复核结论", "reviews.html", crumbs=_section(urls.HOME)),
        Page(urls.EXPERTS, "专家库与专家组名单", "experts.html",
             {"active": active, "removed": removed, "n_active": len(active), "n_removed": len(removed)},
             crumbs=_section(urls.HOME)),
        Page(urls.LISTS, "名单公示", "lists.html",
             {"list_counts": {year: {key: len(getattr(yl, key)) for key in LIST_KEYS}
                              for year, yl in site.outcome.lists.items()}}, crumbs=_section(urls.HOME)),
        Page(urls.DATA, "开放数据", "opendata.html", {"files": extra.get("data_files", [])},
             crumbs=_section(urls.HOME)),
        Page(urls.SEARCH, "全文搜索", "search.html",
             {"regions": regions, "several_regions": len(regions) > 1,
              "all_steps": steps(extra.get("search_regions", []))},
             crumbs=_section(urls.HOME), search_page=True),
    ]
    for key, (label, _) in overview.STATUS_FILTERS.items():
        pages.append(Page(urls.college_status(key), f"院校：{label}", "colleges.html",
                          {"status": key, **college_counts}, crumbs=_section(urls.COLLEGES)))
    for doc in site.policies():
        path = urls.policy(site.policy_slug(doc))
        pages.append(Page(path, doc.meta.title, "policy.html", {"doc": doc, "body": markdown_html(doc.body, path)},
                          crumbs=_section(urls.POLICIES)))
    for doc in site.notices():
        path = urls.notice(site.policy_slug(doc))
        pages.append(Page(path, doc.meta.title, "notice.html", {"doc": doc, "body": markdown_html(doc.body, path)},
                          crumbs=_section(urls.NOTICES)))
    for year in site.round_years():
        pages.append(Page(urls.round_(year), f"{year}年复核名单", "round.html",
                          {"year": year, "round": site.project.rounds[year], "counts": rounds[year]},
                          crumbs=_section(urls.ROUNDS)))
    for year in site.review_years():
        pages.append(Page(urls.reviews_year(year), f"{year}年复核结论", "reviews_year.html", {"year": year},
                          crumbs=_section(urls.REVIEWS)))
    for (year, code), review in sorted(site.project.reviews.items()):
        if site.college(code) is None or site.college(code).info is None or not site.review_published(year, code):
            continue
        path = urls.review(year, code)
        pages.append(Page(path, f"{site.college_name(code)} {year}年复核结论", "review.html",
                          {"year": year, "code": code, "review": review, "summary": markdown_html(review.summary, path),
                           "arrangements": [rv for y, rv in site.reviews_of(code) if y == year],
                           "verdict": site.verdict(year, code), "college": site.college(code)},
                          crumbs=_section(urls.REVIEWS) + [(f"{year}年", urls.reviews_year(year))]))
    for year in site.list_years():
        pages.append(Page(urls.lists_year(year), f"{year}年名单公示", "lists_year.html",
                          {"year": year, "lists": site.outcome.lists.get(year)}, crumbs=_section(urls.LISTS)))
    pages.append(Page(EVIDENCE, "状态数据指标、诊改任务与专业年审汇总", "evidence_overview.html", evidence_overview(site),
                      crumbs=_section(urls.COLLEGES)))
    if colleges:
        for col in site.colleges():
            pages.extend(college_pages(site, col))
    return pages


def college_pages(site: SiteData, col) -> list[Page]:
    code, name = col.code, col.info.name
    crumbs = _section(urls.COLLEGES) + [(name, urls.college(code))]
    out = [Page(urls.college(code), name, "college.html", {"college": col, "code": code},
                crumbs=_section(urls.COLLEGES))]

    def college_md(path: str):
        """The college's own Markdown: its `files/…` images and links point at the site's copies."""
        return lambda text: markdown_html(text, path, image=lambda v: site.image_path(code, v), institution=code)

    for view in site.materials.get(code, []):
        out.append(Page(view.url, view.doc.meta.title, "material.html",
                        {"college": col, "m": view, "body": college_md(view.url)(view.doc.body),
                         "late": [u for u in view.uses if u[2].status.status == LATE],
                         "published": site.portal_published(view.doc.path),
                         "files": _ledger_files(site, view.doc.path, view.doc.sha256, view.doc.path.rsplit("/", 1)[-1],
                                                [(f"{col.dir}/{a.rel}", a.sha256, a.name) for a in view.attachments]),
                         "ledger_warnings": site.ledger_warnings(code, view.doc.path)}, crumbs=crumbs))
    for year, rep in sorted(col.reports.items()):
        path, src = urls.self_diagnosis(code, year), rep.loc().file
        out.append(Page(path, f"{name} {year}年内部质量保证体系自我诊改报告", "self_diagnosis.html",
                        {"college": col, "year": year, "report": rep, "md": college_md(path),
                         "published": site.portal_published(src),
                         "files": _ledger_files(site, src, site.file_sha256(src), src.rsplit("/", 1)[-1], []),
                         "ledger_warnings": site.ledger_warnings(code, src)}, crumbs=crumbs))
    out.extend(college_evidence_pages(site, col, crumbs, Page))
    return out


def _ledger_files(site: SiteData, path: str, sha: str | None, name: str, attachments: list) -> list[dict]:
    """The versions table of a page: the source file and its attachments, each with every
    version the publication ledger holds and whether the file in the repository is that one."""
    out = []
    for p, h, n in [(path, sha, name), *attachments]:
        versions = site.versions(p)
        out.append({"name": n, "path": p, "sha256": h, "versions": versions,
                    "unrecorded": bool(versions and h and h not in {v.sha256 for v in versions})})
    return out


def render_page(site: SiteData, page: Page, pdfs: frozenset = frozenset()) -> bytes:
    """The docs-tree source of one page: front matter, then the body HTML as one block.
    `pdfs` holds the site paths of the PDFs this build publishes (links only to those)."""
    ctx = {**HELPERS, "site": site, "page_path": page.path, "title": page.title, "crumbs": page.crumbs,
           "as_of": site.as_of, "pdfs": pdfs, "md": lambda text: markdown_html(text, page.path), **page.data}
    body = render(page.template, ctx).strip()
    # The home page's title is the site name, which Material already puts in <title> alone.
    meta = ([] if page.path == urls.HOME else [f"title: {json.dumps(engine_text(page.title), ensure_ascii=False)}"]) + ["hide:", "  - toc"]
    if page.search_page:
        meta.append("zg_search: true")
    meta.append(f"zg_updated: {content_date(site, page).isoformat()}")   # the sitemap's lastmod
    return ("---\n" + "\n".join(meta) + "\n---\n\n" + body + "\n").encode("utf-8")
