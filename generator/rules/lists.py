"""The lists the website publishes each year, computed, never typed (seed 000 §四(二)3, §四(三))."""
from __future__ import annotations

import datetime as dt

from .deadlines import LATE, MISSING
from .labels import VERDICT_LABELS
from .materials import Disclosure
from .results import CollegeStatus, ListEntry, VerdictResult, YearLists
from .status import CLAUSE_USE, restriction_events
from .verdict import is_published

CLAUSE_PUBLICATION = "seed 000 §四(二)3"
CLAUSE_VERDICT = "seed 000 §四(三)1"


def publication_entries(d: Disclosure, received_late: tuple[str, ...] = ()) -> list[ListEntry]:
    """seed 000 §四(二)3: 逾期未按规定在校园网上公布材料的院校 → 通报批评 and 待改进院校名单.
    A late material, one still absent after the deadline, and one the portal received after the
    deadline (ledger: `received_late`) all qualify."""
    out = []
    late = [it.label for it in d.items if it.status.status == LATE]
    if received_late:
        out.append(ListEntry(d.code, "received_late",
                             f"{d.year} 年复核材料公示站收到日期晚于截止日 {d.deadline}（据公示台账）：{'、'.join(received_late)}",
                             CLAUSE_PUBLICATION))
    missing = [it.label for it in d.items if it.status.status == MISSING]
    if late:
        out.append(ListEntry(d.code, "late_publication",
                             f"{d.year} 年复核材料逾期公示（截止 {d.deadline}）：{'、'.join(late)}", CLAUSE_PUBLICATION))
    if missing:
        out.append(ListEntry(d.code, "missing_publication",
                             f"{d.year} 年复核材料截止 {d.deadline} 仍未公示：{'、'.join(missing)}", CLAUSE_PUBLICATION))
    return out


def verdict_entry(v: VerdictResult) -> ListEntry | None:
    """seed 000 §四(三)1–2: a published verdict of 待改进 or 异常 puts the college on the
    待改进院校名单 of its year (with its improvement period)."""
    if v.computed not in ("needs_improvement", "abnormal"):
        return None
    return ListEntry(v.code, f"verdict_{v.computed}",
                     f"{v.year} 年复核结论为“{VERDICT_LABELS[v.computed]}”（相符 {v.matches}/{v.n} 项）", CLAUSE_VERDICT)


def year_lists(disclosures: dict[tuple[int, str], Disclosure], verdicts: dict[tuple[int, str], VerdictResult],
               statuses: dict[str, CollegeStatus], years: set[int], as_of: dt.date,
               received_late: dict[tuple[int, str], tuple[str, ...]] | None = None) -> dict[int, YearLists]:
    """Every year's 待改进院校名单, 通报批评, 限制措施 and 视作异常, each entry with reason and clause."""
    ni: dict[int, list] = {}
    crit: dict[int, list] = {}
    restr: dict[int, list] = {}
    deemed: dict[int, list] = {}
    for (year, code), d in disclosures.items():
        for e in publication_entries(d, (received_late or {}).get((year, code), ())):
            crit.setdefault(year, []).append(e)
            ni.setdefault(year, []).append(e)
    for (year, _), v in verdicts.items():
        e = verdict_entry(v) if is_published(v.published_on, as_of) else None
        if e:
            ni.setdefault(year, []).append(e)
    for code, st in statuses.items():
        for h, kind, why in restriction_events(list(st.history)):
            restr.setdefault(h.year, []).append(ListEntry(code, kind, why, CLAUSE_USE))
        for da in st.deemed_abnormal:
            deemed.setdefault(da.year, []).append(ListEntry(code, da.kind, da.reason_zh, da.clause))
    every = set(years) | set(ni) | set(crit) | set(restr) | set(deemed)
    key = lambda e: (e.code, e.kind, e.reason_zh)  # noqa: E731
    return {y: YearLists(y, tuple(sorted(ni.get(y, []), key=key)), tuple(sorted(crit.get(y, []), key=key)),
                         tuple(sorted(restr.get(y, []), key=key)), tuple(sorted(deemed.get(y, []), key=key)))
            for y in sorted(every)}
