"""Compute layer: apply the rules of seed 000 to the loaded project, as of a given day.

`compute()` returns everything the site, the PDFs and the open data publish, and adds the
rule outcomes the public should see (late, missing, pending …) to the report as warnings.
"""
from __future__ import annotations

import dataclasses
import datetime as dt

from ..findings import Loc, Report
from ..project import Project
from .cycles import cycle_ended, cycle_of, cycles_between, diagnosed_in_cycle, owes_cycle
from .deadlines import LATE, MISSING, PENDING
from .labels import MEASURES_LABELS, STRATUM_LABELS, VERDICT_LABELS, public_citation
from .lists import year_lists
from .materials import Disclosure, disclosure, received_late
from .panels import check_panels
from .rounds import announced_late, list_due, lists_missing, review_entries
from .sampling import DIMENSIONS, Proposal, propose, strata_of, summarize, unexplained_deviations
from .status import college_status, due_for_re_review, early_re_reviews
from .outcome import Outcome
from .verdict import is_published, judge_review
from .results import (CollegeStatus, CycleInfo, DeemedAbnormal, HistoryEntry, ImprovementPeriod,  # noqa: F401
                      ListEntry, PanelIssue, SamplingSummary, Strata, VerdictResult, YearLists)


def compute(proj: Project, as_of: dt.date, report: Report, received: dict[str, dt.date] | None = None,
            proposals: bool = True) -> Outcome:
    """Apply seed 000 §四 and §六 in the order of the text; findings go to `report`.
    `received`: path → the day the portal first received it (ledger.first_received).
    `proposals`: compare each seeded round's list with its reproducible proposal; without it
    (sample_proposal's own run) only what a proposal reads is computed: verdicts, standings, strata."""
    out = Outcome(as_of)
    rules = proj.config.rules
    mine = lambda code: proj.only is None or code == proj.only  # noqa: E731 — others' materials not loaded
    # §四(二)3 materials public 30 days before the review
    for year, rnd in sorted(proj.rounds.items()):
        for rv in rnd.reviews if proposals else ():
            col = proj.colleges.get(rv.institution)
            if col is None or col.info is None or not mine(rv.institution):
                continue
            d = disclosure(col, year, rv.start, rules, as_of)
            out.disclosures[(year, rv.institution)] = d
            _report_disclosure(d, rv, report)
            late = received_late(d, received or {})
            if late:
                out.received_late[(year, rv.institution)] = late
    # §四(一)2 strata of every college
    out.strata = {c: strata_of(col.info, rules) for c, col in sorted(proj.colleges.items()) if col.info}
    # §四(二)3 next year's list published by the end of the year
    for year, rnd in sorted(proj.rounds.items()):
        late = announced_late(rnd, rules)
        out.announcements[year] = (list_due(year, rules), late)
        if late:
            report.add("round.announced_late", rnd.loc("announced_on"), year=year,
                       announced=rnd.announced_on, due=list_due(year, rules))
    for year in lists_missing(set(proj.rounds), as_of, rules):
        report.add("round.missing", Loc(f"content/rounds/{year}/round.yml", 0, 0), year=year, due=list_due(year, rules))
    # §四(三)1 verdicts
    entries = review_entries(proj.rounds)
    for (year, code), review in sorted(proj.reviews.items()):
        fw = proj.framework_for(year)     # each round against its own framework (§四(三)1 last line)
        if fw is None:
            continue
        entry = next((rv for y, rv in entries.get(code, []) if y == year), None)
        v = judge_review(year, review, entry.kind if entry else "sample", fw, rules.verdict)
        out.verdicts[(year, code)] = v
        _report_verdict(v, review, fw, report)
    # §六(三), §四(二)3 expert panels
    if proposals:
        out.panels = check_panels(proj.rounds, proj.experts, proj.colleges, report, proj.reviews)
    # §四(一)1 cycles, from the first round on (earlier years predate the portal's records)
    first = min(proj.rounds) if proj.rounds else None
    cycles = cycles_between(first, max(as_of.year, max(proj.rounds)), rules) if first is not None else []
    # §四(三)2–3 each college's standing
    by_code: dict[str, list] = {}
    for (_, c), v in sorted(out.verdicts.items()):
        by_code.setdefault(c, []).append(v)
    listed = review_entries(proj.rounds)
    for code, col in sorted(proj.colleges.items()):
        if col.info is None or not mine(code):
            continue
        st = college_status(code, col, by_code.get(code, []), listed.get(code, []), cycles, first, rules, as_of)
        out.statuses[code] = st
        if not withdrawn(col):      # a withdrawn college has no further duties to fail
            _report_status(st, proj, report)
        for p in st.periods:
            for y, rv in early_re_reviews(p, listed.get(code, [])):
                report.add("improvement.early_review", rv.loc("start"), institution=code, year=y, start=rv.start,
                           verdict_year=p.year, verdict=VERDICT_LABELS[p.verdict], verdict_en=p.verdict, until=p.until)
    for start, end in cycles if proposals else ():
        out.cycles[start] = _cycle(proj, out, (start, end), as_of, report)
    # §四(一)2 each seeded list against its reproducible proposal (all colleges loaded only)
    if proposals and proj.only is None:
        for year, rnd in sorted(proj.rounds.items()):
            if rnd.sampling is not None and rnd.sampling.seed:
                prop = sample_proposal(proj, year, rnd.sampling.seed, as_of)
                for code, variant in unexplained_deviations(rnd, prop, set(out.strata)):
                    report.add("sampling.deviation", rnd.loc("reviews"), institution=code, year=year, code=code,
                               variant=variant, seed=rnd.sampling.seed)
    # the published lists of every year
    out.lists = year_lists(out.disclosures, out.verdicts, out.statuses, set(proj.rounds), as_of, out.received_late)
    return out


def known_on(proj: Project, year: int, as_of: dt.date) -> dt.date:
    """The day `year`'s list was (or is being) drawn up: its round's announced_on when recorded
    (never after `as_of`), else `as_of` — what was known then is all a proposal may use."""
    rnd = proj.rounds.get(year)
    return min(rnd.announced_on, as_of) if rnd is not None else as_of


def sample_proposal(proj: Project, year: int, seed: str, as_of: dt.date) -> Proposal:
    """seed 000 §四(一)2 and §四(三)2 for `portal sample`: the stratified proposal for `year`,
    from what was known when its list was announced (known_on): earlier rounds and their reviews
    only, verdicts and materials published by then, colleges that had joined by then. So a
    published round can be re-derived from its seed whatever came later."""
    as_of = known_on(proj, year, as_of)
    base = dataclasses.replace(
        proj, rounds={y: r for y, r in proj.rounds.items() if y < year},
        reviews={k: v for k, v in proj.reviews.items() if k[0] < year},
        colleges={c: col for c, col in proj.colleges.items()
                  if col.info is None or col.info.joined_on is None or col.info.joined_on <= as_of})
    out = compute(base, as_of, Report(), proposals=False)
    rules = proj.config.rules
    cycle = cycle_of(year, rules)
    in_cycle = [y for y in base.rounds if cycle[0] <= y <= cycle[1]]
    already = {rv.institution for y in in_cycle for rv in base.rounds[y].reviews if rv.kind == "sample"}
    exempt = {c: "本周期复核结论为“有效”" for (y, c), v in out.verdicts.items()
              if cycle[0] <= y <= cycle[1] and v.computed == "effective" and is_published(v.published_on, as_of)}
    exempt.update({c: f"改进后复核“有效”，{st.exempt_until} 前免于复核" for c, st in out.statuses.items()
                   if st.exempt_until and st.exempt_until >= dt.date(year, 1, 1)})
    due = {c for c, st in out.statuses.items() if due_for_re_review(st, year) and not withdrawn(proj.colleges[c])}
    pool = {c: s for c, s in out.strata.items() if not withdrawn(proj.colleges[c])}
    return propose(year, seed, cycle, pool, already, exempt, due - set(exempt), rules.min_sample_fraction)


def withdrawn(col) -> bool:
    """DESIGN.md §3 institution.yml `status: withdrawn`: the college left the scheme by an explicit
    act. Its published record stays on the site; it is no longer sampled, nor judged on duties
    (cycle coverage, annual materials, improvement) from then on."""
    return col.info is not None and col.info.status == "withdrawn"


def _report_verdict(v, review, fw, report: Report) -> None:
    names = {el.id: el.name for _, el in fw.elements()}
    for eid in v.missing:
        report.add("ref.element", review.loc("findings"), institution=v.code, variant="missing", id=eid,
                   name=names[eid], framework=fw.id, total=v.n)
    if v.mismatch and not v.missing:
        report.add("verdict.mismatch", review.loc("verdict"), institution=v.code,
                   declared=VERDICT_LABELS[v.declared], computed=VERDICT_LABELS[v.computed],
                   declared_code=v.declared, computed_code=v.computed, matches=v.matches, n=v.n,
                   measures=f"{v.measures}（{MEASURES_LABELS[v.measures]}）", measures_en=v.measures,
                   need=v.effective_needed, below=v.abnormal_below_count)


def _report_status(st, proj: Project, report: Report) -> None:
    col_loc = proj.colleges[st.code].info.loc()
    for d in st.deemed_abnormal:
        if d.kind == "annual_materials":
            en = f"not listed for the {d.year} review, yet its {d.year - 1} annual materials were not public by the due day"
            report.add("verdict.deemed_abnormal", col_loc, institution=st.code, reason=d.reason_zh,
                       reason_en=en, clause=public_citation(d.clause),
                       clause_en=public_citation(d.clause, "en"))
    overdue = next((p for p in st.periods if p.overdue), None)
    if overdue is not None:
        review = proj.reviews.get((overdue.year, st.code))
        loc = review.loc("published_on") if review is not None and overdue.kind != "deemed" else col_loc
        report.add("improvement.overdue", loc, institution=st.code, year=overdue.year,
                   verdict=VERDICT_LABELS[overdue.verdict], verdict_en=overdue.verdict, until=overdue.until)


def _cycle(proj: Project, out: Outcome, cycle: tuple[int, int], as_of: dt.date, report: Report):
    """seed 000 §四(一)1–2 for one cycle: who did a self-diagnosis, and the cycle's sample."""
    start, end = cycle
    label = f"{start}–{end}"
    ended = cycle_ended(cycle, as_of)
    years = [y for y in range(start, end + 1) if y in proj.rounds]
    loaded = {c: col for c, col in proj.colleges.items() if col.info is not None and not withdrawn(col)
              and (proj.only is None or c == proj.only)}
    diagnosed = tuple(sorted(c for c, col in loaded.items() if diagnosed_in_cycle(col, cycle, as_of)))
    uncovered = tuple(sorted(c for c, col in loaded.items() if c not in diagnosed
                             and owes_cycle(col.info, cycle))) if ended else ()
    for code in uncovered:
        report.add("cycle.uncovered", proj.colleges[code].info.loc(), institution=code, cycle=label)
    sampled = {rv.institution for y in years for rv in proj.rounds[y].reviews if rv.kind == "sample"}
    judged = ended or len(years) == end - start + 1
    pool = {c: s for c, s in out.strata.items() if not withdrawn(proj.colleges[c])}
    summary = summarize(pool, sampled, proj.config.rules.min_sample_fraction, judged)
    if judged:
        loc = proj.rounds[years[-1]].loc("reviews") if years else Loc("content/rounds")
        if not summary.fraction_ok:
            f = summary.fraction
            report.add("sampling.fraction", loc, cycle=label, sampled=len(summary.sampled), total=summary.total,
                       fraction=f"{f.numerator}/{f.denominator}", required=summary.required)
        for dim in DIMENSIONS:
            for value in summary.missing[dim]:
                report.add("sampling.stratum", loc, cycle=label, dimension=STRATUM_LABELS[dim],
                           dimension_en=dim, value=value, count=summary.present[dim][value])
    return CycleInfo(start, end, ended, tuple(years), diagnosed, uncovered, summary)


def _report_disclosure(d: Disclosure, rv, report: Report) -> None:
    pending = [it.label for it in d.items if it.status.status == PENDING]
    if pending:  # one line per review, not one per material: the countdown is shared
        report.add("material.pending", rv.loc("institution"), institution=d.code, year=d.year,
                   what="、".join(pending), deadline=d.deadline, days=next(it.status.days for it in d.items if it.status.status == PENDING))
    for it in d.items:
        st = it.status
        if st.status == LATE:
            report.add("material.late", it.provided.doc.meta.loc("published_on") if it.provided.doc
                       else it.provided.report.loc("published_on"), institution=d.code,
                       what=it.label, published=it.provided.published_on, deadline=d.deadline, days=st.days)
        elif st.status == MISSING:
            report.add("material.missing", rv.loc("institution"), institution=d.code, year=d.year,
                       what=it.label, deadline=d.deadline, days=st.days)
