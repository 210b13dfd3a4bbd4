"""The open-data tables: their columns (which the JSON Schemas, the CSV headers and the field
reference in docs/open-data.md follow) and the records, read from the project and the rules'
outcome. Nothing here judges a rule: statuses, verdicts and lists come from `rules/`.

Records are flat: every value is a string, an integer, a boolean, null, or a list of those.
Dates are "YYYY-MM-DD" strings; ratios are "m/n" strings (no floats anywhere).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .. import urls
from ..attachments import attachment_info as _attachment_info
from ..attachments import file_sha256
from ..project import College, Project
from ..rules.deadlines import STATUS_LABELS
from ..rules.outcome import Outcome, published_verdicts
from ..rules.labels import LIST_LABELS, MEASURES_LABELS, REVIEW_KIND_LABELS, VERDICT_LABELS
from ..rules.materials import KIND_LABELS, Provided, describe, provided_items, unit_name

EXPERT_KIND_LABELS = {"vocational": "职业教育专家", "research": "教育研究专家", "industry": "行业企业专家"}
EXPERT_STATUS_LABELS = {"active": "在库", "removed": "已除名"}
LIST_KINDS = tuple(LIST_LABELS)           # needs_improvement, criticized, restricted, deemed_abnormal


@dataclass(frozen=True)
class Col:
    name: str
    type: str            # string | integer | boolean | date | ratio | sha256 | url | code, "[]" = list of
    doc: str             # 中文说明 (schema description and docs/open-data.md)
    nullable: bool = False
    enum: tuple = ()


@dataclass(frozen=True)
class Table:
    name: str            # file stem: data/<name>.json, data/<name>.csv
    title: str
    doc: str
    columns: tuple[Col, ...]


def C(name, type_, doc, nullable=False, enum=()):  # noqa: N802 - a short constructor for the tables below
    return Col(name, type_, doc, nullable, tuple(enum))


_PAGE = C("page", "url", "本站对应页面的地址")

COLLEGES = Table("colleges", "院校", "公示站收录的每所高职院校及其分层信息（一行一校）", (
    C("code", "code", "10 位学校标识码"), C("name", "string", "学校名称"),
    C("region", "string", "所在区域（分层：区域分布）"), C("students", "integer", "在校生人数"),
    C("scale", "string", "规模分层（由在校生人数和 site_config 的 scale_bands 计算）", nullable=True),
    C("main_category", "string", "主要专业大类（categories 的第一个）"),
    C("categories", "string[]", "专业大类"),
    C("departments", "string[]", "校内职能部门名称"), C("faculties", "string[]", "院（系）名称"),
    C("website", "string", "学校网站", nullable=True),
    C("latest_verdict", "string", "最近一次复核结论（含视作异常）", nullable=True, enum=VERDICT_LABELS),
    C("improvement_until", "date", "改进期截止日期（无未结束的改进期时为空）", nullable=True),
    C("restricted", "boolean", "截至数据日期是否处于限制措施期间"),
    _PAGE))

MATERIALS = Table("materials", "公示材料", "院校公示的每份材料（一行一份），含文件与附件的 SHA-256", (
    C("code", "code", "学校标识码"), C("path", "string", "材料源文件在仓库中的路径"),
    C("kind", "string", "材料类别代码", enum=KIND_LABELS), C("kind_label", "string", "材料类别名称"),
    C("year", "integer", "年度（年度类材料）", nullable=True),
    C("unit", "string", "年度自我诊改报告的单位：school 或部门/院（系）代码", nullable=True),
    C("unit_name", "string", "单位名称", nullable=True),
    C("plan", "string", "规划类材料的规划代码：development | qa_system | 其他", nullable=True),
    C("title", "string", "标题"), C("published_on", "date", "院校声明的校园网首次公示日期"),
    C("source_url", "string", "校园网原文地址", nullable=True),
    C("sha256", "sha256", "材料源文件的 SHA-256"),
    C("attachments", "string[]", "附件路径（相对于院校目录）"),
    C("attachment_sha256", "sha256[]", "各附件的 SHA-256（与 attachments 一一对应）"),
    C("attachment_bytes", "integer[]", "各附件的字节数（与 attachments 一一对应）"),
    C("attachment_urls", "url[]", "各附件在本站的下载地址（与 attachments 一一对应）"),
    C("review_status", "string[]", "该材料在各次复核中的公示状态，形如 2025:on_time"),
    _PAGE))

DISCLOSURES = Table("disclosures", "复核材料公示情况", "每次复核要求公示的每项材料及其状态（一行一项）", (
    C("year", "integer", "复核年度"), C("code", "code", "学校标识码"),
    C("deadline", "date", "公示截止日期（复核开始日减公示天数）"),
    C("kind", "string", "材料类别代码", enum=KIND_LABELS), C("label", "string", "要求公示的材料"),
    C("material_year", "integer", "材料年度", nullable=True), C("unit", "string", "单位代码", nullable=True),
    C("plan", "string", "规划代码", nullable=True),
    C("status", "string", "状态代码", enum=STATUS_LABELS), C("status_label", "string", "状态"),
    C("days", "integer", "逾期天数（late）、截止后天数（missing）、剩余天数（pending）；按时为 0"),
    C("material_path", "string", "对应材料的路径（缺失或待公示时为空）", nullable=True),
    C("published_on", "date", "对应材料的公示日期", nullable=True)))

REVIEWS = Table("reviews", "复核名单", "每年复核名单中的每次复核：日期、公示截止、六类材料状态、专家组、结论", (
    C("year", "integer", "复核年度"), C("code", "code", "学校标识码"), C("name", "string", "学校名称"),
    C("kind", "string", "复核类型代码", enum=("sample", "re_review")), C("kind_label", "string", "复核类型"),
    C("announced_on", "date", "复核名单公布日期"),
    C("start", "date", "复核开始日期"), C("end", "date", "复核结束日期"),
    C("deadline", "date", "材料公示截止日期"),
    C("required", "integer", "要求公示的材料项数"),
    C("on_time", "integer", "按时公示项数"), C("late", "integer", "逾期公示项数"),
    C("missing", "integer", "缺失项数"), C("pending", "integer", "待公示项数"),
    C("panel_leader", "string", "专家组组长（专家编号）", nullable=True),
    C("panel_members", "string[]", "专家组成员（专家编号）"),
    C("panel_appointed_on", "date", "专家组确定日期", nullable=True),
    C("verdict", "string", "复核结论代码（未公布时为空）", nullable=True, enum=VERDICT_LABELS),
    C("verdict_label", "string", "复核结论", nullable=True),
    C("match_ratio", "ratio", "相符要素数/要素总数（m/n）", nullable=True),
    C("verdict_published_on", "date", "复核结论公布日期", nullable=True),
    _PAGE))

VERDICTS = Table("verdicts", "复核结论", "每个已公布复核结论的计算过程（m/n、阈值、措施评价），公众可据此复算", (
    C("year", "integer", "复核年度"), C("code", "code", "学校标识码"), C("name", "string", "学校名称"),
    C("review_kind", "string", "复核类型代码", enum=("sample", "re_review")),
    C("elements", "integer", "诊断要素总数 n"), C("matches", "integer", "相符要素数 m"),
    C("match_ratio", "ratio", "m/n"),
    C("effective_min", "ratio", "“有效”的相符比例下限（含）"),
    C("effective_needed", "integer", "按 n 换算，“有效”至少须相符的要素数"),
    C("abnormal_below", "ratio", "“异常”的相符比例上限（不含）"),
    C("abnormal_below_count", "integer", "按 n 换算，相符要素数少于此数且措施不力为“异常”"),
    C("measures", "string", "改进措施评价代码", enum=MEASURES_LABELS),
    C("measures_label", "string", "改进措施评价"),
    C("verdict", "string", "复核结论代码（程序计算）", enum=VERDICT_LABELS),
    C("verdict_label", "string", "复核结论"),
    C("unmatched", "string[]", "不相符的要素编号"),
    C("published_on", "date", "复核结论公布日期"),
    C("explanation", "string", "结论的算式说明"),
    _PAGE))

FINDINGS = Table("findings", "逐要素复核发现", "已公布复核结论中每个诊断要素的复核发现（一行一要素）", (
    C("year", "integer", "复核年度"), C("code", "code", "学校标识码"),
    C("item_id", "string", "诊断项目编号"), C("element_id", "string", "诊断要素编号"),
    C("element_name", "string", "诊断要素名称"),
    C("match", "boolean", "自我诊断结果与复核结果是否相符", nullable=True),
    C("note", "string", "专家组说明", nullable=True)))

LISTS = Table("lists", "公布名单", "每年的待改进院校名单、通报批评、限制措施、视作复核结论为“异常”的院校（一行一条）", (
    C("year", "integer", "年度"), C("list", "string", "名单代码", enum=LIST_LABELS),
    C("list_label", "string", "名单名称"), C("code", "code", "学校标识码"), C("name", "string", "学校名称"),
    C("reason", "string", "列入原因代码"), C("reason_label", "string", "列入原因"),
    C("clause", "string", "依据条款")))

EXPERTS = Table("experts", "专家库", "专家库中的专家（含已除名专家及原因）与其参加的专家组", (
    C("id", "string", "专家编号"), C("name", "string", "姓名"), C("title", "string", "职称", nullable=True),
    C("kind", "string", "专家类别代码", enum=EXPERT_KIND_LABELS), C("kind_label", "string", "专家类别"),
    C("affiliation", "string", "工作单位"),
    C("affiliation_code", "code", "工作单位为高职院校时的学校标识码", nullable=True),
    C("fields", "string[]", "熟悉的专业大类"),
    C("status", "string", "状态代码", enum=EXPERT_STATUS_LABELS), C("status_label", "string", "状态"),
    C("removed_on", "date", "除名日期", nullable=True), C("removed_reason", "string", "除名原因", nullable=True),
    C("panels", "string[]", "参加的专家组，形如 2025:4111010001:leader")))

TABLES = (COLLEGES, MATERIALS, DISCLOSURES, REVIEWS, VERDICTS, FINDINGS, LISTS, EXPERTS)


# --- records -------------------------------------------------------------------------------
def _d(v: dt.date | None) -> str | None:
    return v.isoformat() if v else None


def colleges(proj: Project, outcome: Outcome, page) -> list[dict]:
    out = []
    for code, col in sorted(proj.colleges.items()):
        info = col.info
        if info is None:
            continue
        st = outcome.statuses.get(code)
        strata = outcome.strata.get(code)
        out.append({
            "code": code, "name": info.name, "region": info.region, "students": info.students,
            "scale": strata.scale if strata else None, "main_category": info.categories[0],
            "categories": list(info.categories), "departments": [u.name for u in info.departments],
            "faculties": [u.name for u in info.faculties], "website": info.website,
            "latest_verdict": st.latest_verdict if st else None,
            "improvement_until": _d(st.improvement_until) if st else None,
            "restricted": bool(st and st.restricted), "page": page(urls.college(code))})
    return out


def materials(proj: Project, outcome: Outcome, page) -> list[dict]:
    statuses: dict[str, list[str]] = {}
    for (year, _code), d in sorted(outcome.disclosures.items()):
        for it in d.items:
            if it.provided is not None:
                statuses.setdefault(it.provided.path, []).append(f"{year}:{it.status.status}")
    out = []
    for code, col in sorted(proj.colleges.items()):
        if col.info is None:
            continue
        for p in sorted(provided_items(col), key=lambda p: p.path):
            out.append(_material(proj, col, p, statuses.get(p.path, []), page))
    return out


def _material(proj: Project, col: College, p: Provided, review_status: list[str], page) -> dict:
    k = p.key
    if p.doc is not None:
        meta, sha, where = p.doc.meta, p.doc.sha256, urls.material(col.code, urls.material_slug(p.path, col.code))
        title, source, atts = meta.title, meta.source_url, list(meta.attachments)
    else:  # the annex-2 report file self-diagnosis/<year>.yml
        sha = file_sha256(proj.root / p.path)[1]
        title, source, atts, where = describe(k, col), None, [], urls.self_diagnosis(col.code, k.year)
    infos = [(a, attachment_info(proj, col, a)) for a in atts]
    infos = [(a, i) for a, i in infos if i is not None]
    return {
        "code": col.code, "path": p.path, "kind": k.kind, "kind_label": KIND_LABELS[k.kind], "year": k.year,
        "unit": k.unit, "unit_name": unit_name(col, k.unit) if k.kind == "annual_self_diagnosis" else None,
        "plan": k.plan, "title": title, "published_on": _d(p.published_on), "source_url": source,
        "sha256": sha, "attachments": [a for a, _ in infos],
        "attachment_sha256": [i[1] for _, i in infos], "attachment_bytes": [i[0] for _, i in infos],
        "attachment_urls": [page(urls.attachment(col.code, a)) for a, _ in infos],
        "review_status": review_status, "page": page(where)}


def disclosures(outcome: Outcome) -> list[dict]:
    out = []
    for (year, code), d in sorted(outcome.disclosures.items()):
        for it in d.items:
            pr = it.provided
            out.append({
                "year": year, "code": code, "deadline": _d(d.deadline), "kind": it.key.kind, "label": it.label,
                "material_year": it.key.year, "unit": it.key.unit, "plan": it.key.plan,
                "status": it.status.status, "status_label": it.status.label, "days": it.status.days,
                "material_path": pr.path if pr else None, "published_on": _d(pr.published_on) if pr else None})
    return out


def reviews(proj: Project, outcome: Outcome, page) -> list[dict]:
    verdicts = published_verdicts(outcome)
    out = []
    for year, rnd in sorted(proj.rounds.items()):
        for rv in sorted(rnd.reviews, key=lambda r: (r.start, r.institution)):
            col = proj.colleges.get(rv.institution)
            d = outcome.disclosures.get((year, rv.institution))
            v = verdicts.get((year, rv.institution))
            counts = {s: d.count(s) if d else 0 for s in STATUS_LABELS}
            out.append({
                "year": year, "code": rv.institution, "name": col.info.name if col and col.info else rv.institution,
                "kind": rv.kind, "kind_label": REVIEW_KIND_LABELS[rv.kind], "announced_on": _d(rnd.announced_on),
                "start": _d(rv.start), "end": _d(rv.end), "deadline": _d(d.deadline) if d else None,
                "required": len(d.items) if d else 0, **counts,
                "panel_leader": rv.panel.leader if rv.panel else None,
                "panel_members": list(rv.panel.members) if rv.panel else [],
                "panel_appointed_on": _d(rv.panel.appointed_on) if rv.panel else None,
                "verdict": v.computed if v else None, "verdict_label": VERDICT_LABELS[v.computed] if v else None,
                "match_ratio": f"{v.matches}/{v.n}" if v else None,
                "verdict_published_on": _d(v.published_on) if v else None,
                "page": page(urls.review(year, rv.institution) if v else urls.round_(year))})
    return out


def verdicts(proj: Project, outcome: Outcome, page) -> list[dict]:
    out = []
    for (year, code), v in published_verdicts(outcome).items():
        out.append({
            "year": year, "code": code, "name": _name(proj, code), "review_kind": v.review_kind,
            "elements": v.n, "matches": v.matches, "match_ratio": f"{v.matches}/{v.n}",
            "effective_min": str(v.effective_threshold), "effective_needed": v.effective_needed,
            "abnormal_below": str(v.abnormal_threshold), "abnormal_below_count": v.abnormal_below_count,
            "measures": v.measures, "measures_label": MEASURES_LABELS[v.measures],
            "verdict": v.computed, "verdict_label": VERDICT_LABELS[v.computed],
            "unmatched": list(v.unmatched), "published_on": _d(v.published_on),
            "explanation": v.explanation_zh, "page": page(urls.review(year, code))})
    return out


def findings(proj: Project, outcome: Outcome) -> list[dict]:
    out = []
    for (year, code) in published_verdicts(outcome):
        rv = proj.reviews.get((year, code))
        fw = proj.framework_for(year)       # each round's own framework
        if rv is None or fw is None:
            continue
        for item, el in fw.elements():
            f = rv.findings.get(el.id)
            out.append({"year": year, "code": code, "item_id": item.id, "element_id": el.id,
                        "element_name": el.name, "match": f.match if f else None, "note": f.note if f else None})
    return out


def lists(proj: Project, outcome: Outcome) -> list[dict]:
    out = []
    for year, yl in sorted(outcome.lists.items()):
        for kind in LIST_KINDS:
            for e in getattr(yl, kind):
                out.append({"year": year, "list": kind, "list_label": LIST_LABELS[kind], "code": e.code,
                            "name": _name(proj, e.code), "reason": e.kind, "reason_label": e.reason_zh,
                            "clause": e.clause})
    return out


def experts(proj: Project) -> list[dict]:
    panels: dict[str, list[str]] = {}
    for year, rnd in sorted(proj.rounds.items()):
        for rv in rnd.reviews:
            if rv.panel:
                panels.setdefault(rv.panel.leader, []).append(f"{year}:{rv.institution}:leader")
                for mid in rv.panel.members:
                    panels.setdefault(mid, []).append(f"{year}:{rv.institution}:member")
    out = []
    for eid, ex in sorted(proj.experts.items()):
        out.append({
            "id": eid, "name": ex.name, "title": ex.title, "kind": ex.kind, "kind_label": EXPERT_KIND_LABELS[ex.kind],
            "affiliation": ex.affiliation, "affiliation_code": ex.affiliation_code, "fields": list(ex.fields),
            "status": ex.status, "status_label": EXPERT_STATUS_LABELS[ex.status],
            "removed_on": _d(ex.removed.on) if ex.removed else None,
            "removed_reason": ex.removed.reason if ex.removed else None, "panels": panels.get(eid, [])})
    return out


def _name(proj: Project, code: str) -> str:
    col = proj.colleges.get(code)
    return col.info.name if col and col.info else code


# --- attachments ---------------------------------------------------------------------------
def attachment_info(proj: Project, col: College, rel: str) -> tuple[int, str] | None:
    """(size, SHA-256) of a confined attachment, or None (see attachments.attachment_info)."""
    info = _attachment_info(proj.root, col.dir, rel)
    return None if info is None else info[1:]
