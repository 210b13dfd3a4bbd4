"""Expert panels (seed 000 §四(二)3 选派合适专家; §六(三) conduct of appointed experts)."""
from __future__ import annotations

from .. import models as m
from ..findings import ERROR, WARNING, Loc, Report
from .labels import PANEL_ISSUE_LABELS, public_citation
from .results import PanelIssue

CLAUSE_CONDUCT = "seed 000 §六(三)"
CLAUSE_CHOICE = "seed 000 §四(二)3"


def conflicts(expert: m.Expert, year: int, code: str, rv: m.RoundReview) -> list[tuple[str, object]]:
    """seed 000 §六(三) (impartiality of the review): an expert may not review a college he works
    at, nor one where he coached or lectured in the review's year up to the panel's appointment
    (kind affiliation / engagement_before, a conflict when appointed). An engagement after the
    appointment and up to the review's end is the case §六(三) names — 确定为专家组成员后参加复核
    学校的诊改辅导或讲座 — kind engagement_after. Returns (kind, engagement or None) pairs."""
    out: list[tuple[str, object]] = []
    appointed = rv.panel.appointed_on
    if expert.affiliation_code == code:
        out.append(("affiliation", None))
    for eg in expert.engagements:
        if eg.institution != code:
            continue
        if eg.on.year == year and eg.on <= appointed:
            out.append(("engagement_before", eg))
        elif appointed < eg.on <= rv.end:
            out.append(("engagement_after", eg))
    return out


def removed_when_appointed(expert: m.Expert, appointed_on) -> bool:
    """seed 000 §六(三): a removed (除名) expert loses the qualification; he may not sit on a panel
    appointed on or after the removal day. `status: removed` without a date counts as always."""
    if expert.status != "removed":
        return False
    return expert.removed is None or expert.removed.on <= appointed_on


def covers_main_category(experts: list[m.Expert], info: m.Institution) -> bool:
    """seed 000 §四(二)3 根据学校专业特色，选派合适专家: some panel member knows the college's main
    专业大类 (the first of its categories)."""
    main = info.categories[0]
    return any(main in ex.fields for ex in experts)


def overlapping(a: m.RoundReview, b: m.RoundReview) -> bool:
    """Two reviews' on-site dates [start, end] share at least one day."""
    return a.start <= b.end and b.start <= a.end


def check_panels(rounds: dict[int, m.Round], experts: dict[str, m.Expert], colleges: dict,
                 report: Report) -> dict[tuple[int, str], tuple[PanelIssue, ...]]:
    """Apply every panel rule to every listed review; findings go to `report`."""
    issues: dict[tuple[int, str], list[PanelIssue]] = {}
    seats: dict[str, list[tuple[int, m.RoundReview, Loc]]] = {}

    def add(year, rv, eid, kind, severity, finding, loc, /, **params):
        issues.setdefault((year, rv.institution), []).append(
            PanelIssue(year, rv.institution, eid, kind, severity, PANEL_ISSUE_LABELS[kind]))
        report.add(finding, loc, severity=severity, institution=rv.institution, **params)

    for year, rnd in sorted(rounds.items()):
        for rv in rnd.reviews:
            if rv.panel is None:
                continue
            panel = rv.panel
            known = []
            for eid in dict.fromkeys(panel.experts()):
                ex = experts.get(eid)
                if ex is None:
                    continue  # ref.expert, reported by validate
                known.append(ex)
                loc = panel.loc("leader" if eid == panel.leader else "members")
                seats.setdefault(eid, []).append((year, rv, loc))
                base = dict(expert=eid, name=ex.name, code=rv.institution, year=year)
                for kind, eg in conflicts(ex, year, rv.institution, rv):
                    if kind == "affiliation":
                        add(year, rv, eid, kind, ERROR, "panel.conflict", loc, **base)
                    else:
                        sev = ERROR if kind == "engagement_before" else WARNING
                        add(year, rv, eid, kind, sev, "panel.conflict", loc, variant=kind, on=eg.on,
                            what={"coaching": "诊改辅导", "lecture": "讲座"}[eg.kind],
                            appointed=panel.appointed_on, clause=public_citation(CLAUSE_CONDUCT),
                            clause_en=public_citation(CLAUSE_CONDUCT, "en"), **base)
                if removed_when_appointed(ex, panel.appointed_on):
                    add(year, rv, eid, "removed", ERROR, "panel.removed_expert", loc,
                        removed_on=str(ex.removed.on) if ex.removed else "（未填写）",
                        reason=ex.removed.reason if ex.removed else "", appointed=panel.appointed_on, **base)
            col = colleges.get(rv.institution)
            if col is not None and col.info is not None and known and not covers_main_category(known, col.info):
                add(year, rv, "", "field_mismatch", WARNING, "panel.field_mismatch", panel.loc(),
                    code=rv.institution, year=year, category=col.info.categories[0])
    for eid, rows in seats.items():
        rows.sort(key=lambda r: (r[1].start, r[0], r[1].institution))
        for i, (year, rv, loc) in enumerate(rows):
            for oyear, orv, _ in rows[:i]:
                if overlapping(orv, rv) and (oyear, orv.institution) != (year, rv.institution):
                    add(year, rv, eid, "overlap", WARNING, "panel.overlap", loc, expert=eid,
                        name=experts[eid].name, code=rv.institution, other=orv.institution,
                        start=rv.start, end=rv.end, ostart=orv.start, oend=orv.end)
    return {k: tuple(v) for k, v in issues.items()}
