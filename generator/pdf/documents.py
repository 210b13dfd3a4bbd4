"""What goes into each PDF: plain template data built from the loaded project and the rules'
outcome. Nothing here decides a rule; statuses, verdicts and periods come from `Outcome`.

Three documents (DESIGN.md §6, seed 000 附件2 and §四):
  self_diagnosis  《内部质量保证体系自我诊改报告》 per college and year (annex-2 form)
  dossier         公示材料汇编 per college and review (cover with the six materials' status)
  verdict         复核结论通知 per review with a published verdict
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import partial
from typing import Callable

from .. import urls
from ..attachments import attachment_info, confine, human_size
from ..project import College, Project
from ..rules.deadlines import STATUS_LABELS
from ..rules.lists import CLAUSE_PUBLICATION as DISCLOSURE_CLAUSE
from ..rules.status import CLAUSE_PERIOD
from ..rules.labels import MEASURES_LABELS, public_citation, RESTRICTION_MEASURES_ZH, REVIEW_KIND_LABELS, VERDICT_LABELS
from ..rules.materials import KIND_LABELS
from ..rules.verdict import CLAUSE, below_abnormal_ratio, is_published, meets_effective_ratio
from ..safe_markdown import SafeHtml
from .content import ImageResolver, safe_html

REPORT_TITLE = "内部质量保证体系自我诊改报告"
DOSSIER_TITLE = "诊改复核公示材料汇编"
VERDICT_TITLE = "复核结论通知"


@dataclass
class PdfDoc:
    kind: str                  # self_diagnosis | dossier | verdict
    code: str
    year: int
    rel: str                   # path below the site root (urls.pdf_*)
    template: str
    context: dict
    source: str                # the file a finding about this PDF points at
    images: dict[str, str] = field(default_factory=dict)


def cn_date(d: dt.date | None) -> str:
    return f"{d.year}年{d.month}月{d.day}日" if d else ""


cite = public_citation   # the one public form of a clause reference (rules.labels)


def planned(proj: Project, outcome, only: str | None = None) -> list[tuple[str, Callable[[], PdfDoc]]]:
    """(site path, a function that builds the document) of every PDF the site publishes, in a
    stable order. Building is the costly part (every text through Markdown: 12 s at 1,500
    colleges); the pages link the paths while the PDF job builds and renders the documents."""
    out: list[tuple[str, Callable[[], PdfDoc]]] = []
    if proj.config is None:
        return out
    for code, col in sorted(proj.colleges.items()):
        if (only and code != only) or col.info is None:
            continue
        for year in sorted(col.reports):
            if proj.framework_for(year) is None:
                continue
            out.append((urls.pdf_self_diagnosis(code, year), partial(report_doc, proj, col, year)))
    for (year, code), disc in sorted(outcome.disclosures.items()):
        if not only or code == only:
            out.append((urls.pdf_dossier(code, year), partial(dossier_doc, proj, outcome, proj.colleges[code], year, disc)))
    for (year, code), vr in sorted(outcome.verdicts.items()):
        if not is_published(vr.published_on, outcome.as_of):
            continue                                  # not public yet: no PDF to find by its URL
        if (not only or code == only) and code in proj.colleges and proj.colleges[code].info:
            out.append((urls.pdf_verdict(code, year), partial(verdict_doc, proj, outcome, proj.colleges[code], year, vr)))
    return out


def plan_documents(proj: Project, outcome, only: str | None = None) -> list[PdfDoc]:
    """Every PDF the site publishes, built, in a stable order."""
    return [make() for _, make in planned(proj, outcome, only)]


def _common(proj: Project, col: College, title: str, author: str, created: dt.date | None) -> dict:
    site = proj.config.site
    return {"title": title, "author": author, "created": created.isoformat() if created else "",
            "site_name": site.name, "authority": site.authority, "secretariat": site.secretariat,
            "college": {"code": col.code, "name": col.info.name}}


# --- 《内部质量保证体系自我诊改报告》 -------------------------------------------------------
def run_in(label: str, html: SafeHtml) -> SafeHtml:
    """自我诊断意见 = 目标达成/主要成绩 + 存在问题 + 原因分析, each led by its label in-line.
    `format` escapes the label; `html` is the sanitizer's (a plain str would be escaped too)."""
    tag = SafeHtml('<span class="part-label">【{}】</span>').format(label)
    if html.startswith("<p>"):
        return SafeHtml('<div class="part"><p>{}{}</div>').format(tag, html[3:])
    return SafeHtml('<div class="part"><p>{}</p>{}</div>').format(tag, html)


def report_body(proj: Project, col: College, year: int, images: ImageResolver) -> dict:
    """The annex-2 table: one row per element of the framework in force, items spanning them."""
    rep = col.reports[year]
    groups = []
    fw = proj.framework_for(year)       # the report follows the framework of its year's round
    for item in fw.items:
        rows = []
        for el in item.elements:
            er = rep.elements.get(el.id)
            if er is None:
                rows.append({"id": el.id, "name": el.name, "missing": True})
                continue
            rows.append({
                "id": el.id, "name": el.name, "missing": False,
                "opinion": SafeHtml("").join(run_in(label, safe_html(text, images)) for label, text in
                                   (("目标达成与主要成绩", er.achievements), ("存在问题", er.problems),
                                    ("原因分析", er.causes))),
                "measures": safe_html(er.measures, images),
                "effects": safe_html(er.effects, images),
                "effects_pending": er.effects_pending,
            })
        groups.append({"id": item.id, "name": item.name, "rows": rows})
    return {"year": year, "overview": safe_html(rep.overview, images), "groups": groups,
            "signed_by": rep.signed_by or "", "signed_on": cn_date(rep.signed_on),
            "published_on": cn_date(rep.published_on), "framework": fw.name}


def report_doc(proj: Project, col: College, year: int) -> PdfDoc:
    images = ImageResolver(proj.root, col.dir)
    ctx = _common(proj, col, f"{col.info.name}{year}年{REPORT_TITLE}", col.info.name, col.reports[year].published_on)
    ctx["report"] = report_body(proj, col, year, images)
    return PdfDoc("self_diagnosis", col.code, year, urls.pdf_self_diagnosis(col.code, year), "report.html",
                  ctx, f"{col.dir}/self-diagnosis/{year}.yml", images.used)


# --- 公示材料汇编 ----------------------------------------------------------------------------
def attachment_rows(proj: Project, col: College, paths: list[str]) -> list[dict]:
    rows = []
    for rel in paths:
        info = attachment_info(proj.root, col.dir, rel)
        if info is None:
            _, why = confine(proj.root, col.dir, rel)
            rows.append({"path": rel, "size": "", "sha256": "", "note": why or "文件不存在"})
            continue
        _, size, digest = info
        rows.append({"path": rel, "size": human_size(size), "bytes": size, "sha256": digest, "note": ""})
    return rows


def dossier_doc(proj: Project, outcome, col: College, year: int, disc) -> PdfDoc:
    rnd = proj.rounds.get(year)
    rv = next((r for r in (rnd.reviews if rnd else []) if r.institution == col.code), None)
    images_all: dict[str, str] = {}
    status_rows, materials, seen = [], [], set()
    for i, it in enumerate(disc.items, 1):
        st, prov = it.status, it.provided
        days = {"late": f"逾期 {st.days} 天", "missing": f"已过截止日 {st.days} 天",
                "pending": f"距截止日还剩 {st.days} 天"}.get(st.status, "")
        anchor = f"m{i}"
        status_rows.append({"no": i, "label": it.label, "status": st.status, "status_label": STATUS_LABELS[st.status],
                            "days": days, "published_on": prov.published_on.isoformat() if prov else "",
                            "anchor": anchor if prov else "", "path": prov.path if prov else ""})
        if prov is None or prov.path in seen:
            continue
        seen.add(prov.path)
        if prov.doc is not None:
            meta = prov.doc.meta
            images = ImageResolver(proj.root, col.dir)
            materials.append({"anchor": anchor, "label": it.label, "title": meta.title,
                              "kind_label": KIND_LABELS[meta.kind], "path": prov.path,
                              "published_on": cn_date(meta.published_on), "source_url": meta.source_url or "",
                              "sha256": prov.doc.sha256, "body": safe_html(prov.doc.body, images), "report": None,
                              "attachments": attachment_rows(proj, col, list(meta.attachments))})
        else:  # the annex-2 report itself
            images = ImageResolver(proj.root, col.dir)
            materials.append({"anchor": anchor, "label": it.label, "title": f"{prov.key.year}年{REPORT_TITLE}",
                              "kind_label": KIND_LABELS["self_diagnosis_report"], "path": prov.path,
                              "published_on": cn_date(prov.published_on), "source_url": "", "sha256": "", "body": "",
                              "report": report_body(proj, col, prov.key.year, images), "attachments": []})
        images_all.update({f"{prov.path}:{k}": v for k, v in images.used.items()})
    ctx = _common(proj, col, f"{col.info.name}{year}年{DOSSIER_TITLE}", col.info.name, outcome.as_of)
    counts = {s: disc.count(s) for s in STATUS_LABELS}
    ctx["dossier"] = {
        "year": year, "kind": REVIEW_KIND_LABELS.get(rv.kind, "") if rv else "",
        "start": cn_date(disc.start), "end": cn_date(rv.end) if rv else "", "deadline": cn_date(disc.deadline),
        "as_of": cn_date(outcome.as_of), "rows": status_rows, "materials": materials,
        "counts": [{"label": STATUS_LABELS[s], "n": n, "status": s} for s, n in counts.items()],
        "panel": _panel_names(proj, rv), "disclosure_days": proj.config.rules.disclosure_days,
        "clause": cite(DISCLOSURE_CLAUSE),
    }
    return PdfDoc("dossier", col.code, year, urls.pdf_dossier(col.code, year), "dossier.html", ctx,
                  f"content/rounds/{year}/round.yml", images_all)


def _panel_names(proj: Project, rv) -> list[dict]:
    if rv is None or rv.panel is None:
        return []
    out = []
    for i, eid in enumerate(rv.panel.experts()):
        ex = proj.experts.get(eid)
        out.append({"role": "组长" if i == 0 else "成员", "name": ex.name if ex else eid,
                    "title": (ex.title or "") if ex else "", "affiliation": ex.affiliation if ex else ""})
    return out


# --- 复核结论通知 ----------------------------------------------------------------------------
def verdict_doc(proj: Project, outcome, col: College, year: int, vr) -> PdfDoc:
    review = proj.reviews.get((year, col.code))
    rep = col.reports.get(year)
    images = ImageResolver(proj.root, col.dir)
    rows, unmatched = [], set(vr.unmatched) | set(vr.missing)
    for item in proj.framework_for(year).items:
        for j, el in enumerate(item.elements):
            f = review.findings.get(el.id) if review else None
            er = rep.elements.get(el.id) if rep else None
            rows.append({"item": f"{item.id} {item.name}", "span": len(item.elements) if j == 0 else 0,
                         "id": el.id, "name": el.name,
                         "self": safe_html(er.problems, images) if er else "",
                         "match": el.id not in unmatched, "absent": f is None,
                         "note": (f.note or "") if f else "未记录复核发现"})
    status = outcome.statuses.get(col.code)
    period = next((p for p in (status.periods if status else ()) if p.year == year), None)
    lists = outcome.lists.get(year)
    restrictions = [{"reason": e.reason_zh, "clause": cite(e.clause)}
                    for e in (lists.restricted if lists else ()) if e.code == col.code]
    ctx = _common(proj, col, f"{col.info.name}{year}年{VERDICT_TITLE}", proj.config.site.authority, vr.published_on)
    ctx["verdict"] = {
        "year": year, "kind": REVIEW_KIND_LABELS.get(vr.review_kind, vr.review_kind), "rows": rows,
        "n": vr.n, "m": vr.matches, "effective_needed": vr.effective_needed, "abnormal_below": vr.abnormal_below_count,
        "effective_test": _ratio_test(vr.matches, vr.n, vr.effective_threshold, "≥",
                                      meets_effective_ratio(vr.matches, vr.n, vr.effective_threshold)),
        "abnormal_test": _ratio_test(vr.matches, vr.n, vr.abnormal_threshold, "<",
                                     below_abnormal_ratio(vr.matches, vr.n, vr.abnormal_threshold)),
        "measures": vr.measures, "measures_label": MEASURES_LABELS[vr.measures],
        "code": vr.computed, "label": VERDICT_LABELS[vr.computed], "explanation": vr.explanation_zh,
        "clause": cite(CLAUSE), "published_on": cn_date(vr.published_on),
        "period": ({"start": cn_date(period.start), "until": cn_date(period.until),
                    "months": proj.config.rules.improvement_months, "clause": cite(CLAUSE_PERIOD)}
                   if period else None),
        "restrictions": restrictions, "restriction_measures": RESTRICTION_MEASURES_ZH,
        "summary": safe_html(review.summary if review else "", images),
    }
    return PdfDoc("verdict", col.code, year, urls.pdf_verdict(col.code, year), "verdict.html", ctx,
                  f"content/rounds/{year}/reviews/{col.code}.yml", images.used)


def _ratio_test(m: int, n: int, ratio, sign: str, holds: bool) -> dict:
    """The integer comparison of seed 000 §四(三)1 written out; `holds` comes from the rule."""
    num, den = ratio.numerator, ratio.denominator
    other = {"≥": "<", "<": "≥"}[sign]
    return {"formula": f"m × {den} {sign} {num} × n",
            "numbers": f"{m} × {den} = {m * den} {sign if holds else other} {num * n} = {num} × {n}",
            "holds": holds}
