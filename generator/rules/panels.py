"""Expert panels (seed 000 §四(二)3 选派合适专家; §六(三) conduct of appointed experts)."""
from __future__ import annotations

from .. import models as m
from ..findings import ERROR, WARNING, Loc, Report
from .labels import PANEL_ISSUE_LABELS, public_citation
from .results import PanelIssue

CLAUSE_CONDUCT = "seed 000 §六(三)"


def in_conduct_window(on, appointed, verdict_on) -> bool:
    """seed 000 §六(三) 复核专家被确定为专家组成员后 … 不得 … 参加复核学校的诊改辅导或讲座: the
    expert is bound from the day after his appointment until the verdict is published
    (`verdict_on`, the review's published_on; None while no verdict is recorded: still bound)."""
    return appointed < on and (verdict_on is None or on <= verdict_on)


def conflicts(expert: m.Expert, year: int, code: str, rv: m.RoundReview, verdict_on=None) -> list[tuple[str, object]]:
    """seed 000 §六(三) (impartiality of the review): an expert may not review a college he works
    at, nor one where he coached or lectured in the review's year up to the panel's appointment
    (kind affiliation / engagement_before, a conflict when appointed). An engagement after the
    appointment and until the verdict is published (in_conduct_window) is the case §六(三) names —
    确定为专家组成员后参加复核学校的诊改辅导或讲座 — kind engagement_after. Returns (kind,
    engagement or None) pairs."""
    out: list[tuple[str, object]] = []
    appointed = rv.panel.appointed_on
    if expert.affiliation_code == code:
        out.append(("affiliation", None))
    for eg in expert.engagements:
        if eg.institution != code:
            continue
        if eg.on.year == year and eg.on <= appointed:
            out.append(("engagement_before", eg))
        elif in_conduct_window(eg.on, appointed, verdict_on):
            out.append(("engagement_after", eg))
    return out


def removed_when_appointed(expert: m.Expert, appointed_on) -> bool:
    """seed 000 §六(三): a removed (除名) expert loses the qualification; he may not sit on a panel
    appointed on or after the removal day. `status: removed` without a date counts as always."""
    if expert.status != "removed":
        return False
    return expert.removed is None or expert.removed.on <= appointed_on


def removed_while_serving(expert: m.Expert, appointed_on, verdict_on) -> bool:
    """seed 000 §六(三) 从专家库中除名 … 同时取消该专家资格: an expert removed after his appointment
    and before the verdict is published may not stay on the panel (the secretariat replaces him)."""
    if expert.status != "removed" or expert.removed is None:
        return False
    return in_conduct_window(expert.removed.on, appointed_on, verdict_on)


def removal_published(expert: m.Expert) -> bool:
    """seed 000 §六(三) 从专家库中除名并在一定范围内公布: a removed expert carries the day and the
    reason the site publishes (`removed: {on, reason}`)."""
    return expert.status != "removed" or expert.removed is not None


def appointed_after_start(panel: m.Panel, rv: m.RoundReview) -> bool:
    """seed 000 §四(二)3 选派合适专家到现场复核诊断: the panel is appointed before the on-site
    review begins; one appointed after its start day came too late."""
    return panel.appointed_on > rv.start


def covers_main_category(experts: list[m.Expert], info: m.Institution) -> bool:
    """seed 000 §四(二)3 根据学校专业特色，选派合适专家: some panel member knows the college's main
    专业大类 (the first of its categories)."""
    main = info.categories[0]
    return any(main in ex.fields for ex in experts)


def overlapping(a: m.RoundReview, b: m.RoundReview) -> bool:
    """Two reviews' on-site dates [start, end] share at least one day."""
    return a.start <= b.end and b.start <= a.end


def check_panels(rounds: dict[int, m.Round], experts: dict[str, m.Expert], colleges: dict,
                 report: Report, reviews: dict | None = None) -> dict[tuple[int, str], tuple[PanelIssue, ...]]:
    """Apply every panel rule to every listed review; findings go to `report`. `reviews`:
    (year, code) → the review file, whose published_on closes the §六(三) window."""
    issues: dict[tuple[int, str], list[PanelIssue]] = {}
    for ex in experts.values():
        if not removal_published(ex):
            report.add("schema.missing", ex.loc("status"), field="removed")
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
            review = (reviews or {}).get((year, rv.institution))
            verdict_on = review.published_on if review is not None else None
            if appointed_after_start(panel, rv):
                add(year, rv, "", "appointed_late", ERROR, "panel.appointed_late", panel.loc("appointed_on"),
                    code=rv.institution, year=year, appointed=panel.appointed_on, start=rv.start)
            known = []
            for eid in dict.fromkeys(panel.experts()):
                ex = experts.get(eid)
                if ex is None:
                    continue  # ref.expert, reported by validate
                known.append(ex)
                loc = panel.loc("leader" if eid == panel.leader else "members")
                seats.setdefault(eid, []).append((year, rv, loc))
                base = dict(expert=eid, name=ex.name, code=rv.institution, year=year)
                for kind, eg in conflicts(ex, year, rv.institution, rv, verdict_on):
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
                elif removed_while_serving(ex, panel.appointed_on, verdict_on):
                    add(year, rv, eid, "removed", ERROR, "panel.removed_expert", loc, variant="serving",
                        removed_on=str(ex.removed.on), reason=ex.removed.reason, appointed=panel.appointed_on,
                        **base)
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
