"""Compose realistic Chinese text from the sentence pools, within the lengths annex 2 allows."""
from __future__ import annotations

import random
import re

from ..rules.report import EFFECTS_MAX, MEASURES_MAX, OPINION_MAX, OVERVIEW_MAX, opinion_counts
from ..textcount import count_zi
from . import phrases as P

NUMERALS = "一二三四五六七八九十"
_SLOT = re.compile(r"\{(\w+)\}")
BODY_SECTIONS = {"annual_quality_report": P.AQR, "state_data_report": P.SDR, "annual_self_diagnosis": P.ASD,
                 "development": P.PLAN_DEV, "qa_system": P.PLAN_QA, "other_plan": P.PLAN_OTHER,
                 "regional_plan": P.REGIONAL}


class Writer:
    """Fills sentence templates with values drawn from one random.Random and a context dict."""

    def __init__(self, rng: random.Random, ctx: dict):
        self.rng = rng
        self.ctx = ctx

    def slot(self, name: str) -> str:
        r = self.rng
        if name in self.ctx:
            return str(self.ctx[name])
        if name in P.SLOTS:
            return r.choice(P.SLOTS[name])
        numbers = {"small": (2, 12), "num2": (10, 99), "num3": (100, 999), "num4": (1000, 9999),
                   "num5": (10000, 30000), "money": (50, 6000), "money_s": (10, 300)}
        if name in numbers:
            return str(r.randint(*numbers[name]))
        if name == "pct":
            return f"{r.randint(700, 995) / 10:.1f}%"
        if name == "ratio":
            return f"{r.randint(140, 220) / 10:.1f}:1"
        if name == "area":
            return f"{r.randint(80, 260) / 10:.1f}"
        raise KeyError(f"unknown slot {name}")  # a bug in the pools

    def fill(self, template: str) -> str:
        return _SLOT.sub(lambda mt: self.slot(mt.group(1)), template)

    # --- Markdown bodies of disclosure materials ------------------------------------------
    def body(self, sections_key: str, lo: int, hi: int, table: str = "") -> str:
        """A Markdown body of about lo–hi characters: numbered sections of filled sentences."""
        r = self.rng
        target = r.randint(lo, hi)
        # each section draws its sentences at random but keeps the pool's order (openers first)
        sections = [(head, [(i, pool[i]) for i in r.sample(range(len(pool)), len(pool))])
                    for head, pool in BODY_SECTIONS[sections_key]]
        chosen: list[list[tuple[int, str]]] = [[] for _ in sections]
        extra = r.sample(P.GENERAL, len(P.GENERAL))
        total = 0
        while total < target:
            progressed = False
            for i, (_, pool) in enumerate(sections):
                if total >= target:
                    break
                if pool:
                    j, t = pool.pop()
                    s = self.fill(t)
                    chosen[i].append((j, s))
                    total += len(s)
                    progressed = True
            if not progressed:
                if not extra:
                    break
                s = self.fill(extra.pop())
                chosen[r.randrange(len(chosen))].append((len(extra) + 100, s))
                total += len(s)
        out, k = [], 0
        for i, ((head, _), picked) in enumerate(zip(sections, chosen)):
            if not picked:
                continue
            sents = [s for _, s in sorted(picked)]
            out.append(f"## {NUMERALS[k]}、{head}\n")
            k += 1
            if head == "改进措施":
                out.append("\n".join(f"- {s}" for s in sents) + "\n")
            else:
                out += self._paragraphs(sents)
            if table and i == 1:
                out.append(table)
        return "\n".join(out)

    def _paragraphs(self, sents: list[str]) -> list[str]:
        paras, i = [], 0
        while i < len(sents):
            k = self.rng.randint(2, 4)
            paras.append("".join(sents[i:i + k]) + "\n")
            i += k
        return paras

    def data_table(self, year: int, students: int) -> str:
        r = self.rng
        rows = [("全日制在校生（人）", students), ("专任教师（人）", max(60, students // r.randint(16, 22))),
                ("生均教学仪器设备值（元）", r.randint(6000, 25000)), ("校内实训基地（个）", r.randint(20, 120))]
        lines = [f"| 指标 | {year - 1}年 | {year}年 |", "| --- | ---: | ---: |"]
        for name, v in rows:
            prev = int(v * r.randint(90, 104) / 100)
            lines.append(f"| {name} | {prev} | {v} |")
        return "\n".join(lines) + "\n"

    # --- annex-2 self-diagnosis report ---------------------------------------------------
    def _take(self, pool: list[str], target: int, limit: int) -> list[str]:
        """Fill sentences from `pool` (no repeats) until `target` 字, never past `limit`."""
        out, n = [], 0
        for t in self.rng.sample(pool, len(pool)):
            s = self.fill(t)
            c = count_zi(s)
            if n + c > limit:
                continue
            out.append(s)
            n += c
            if n >= target:
                break
        return out

    def element(self, point: str, pending: bool) -> dict:
        """One element's report: opinion ≤ 500 字 with problems + causes ≥ half (备注2),
        measures ≤ 200 and effects ≤ 200 (备注3–4) — checked with the rule's own counters."""
        r = self.rng
        self.ctx["point"] = point
        prob = self._take(P.PROBLEMS, r.randint(70, 150), 190)
        cause = self._take(P.CAUSES, r.randint(50, 130), 140)
        part = sum(map(count_zi, prob + cause))
        ach = self._take(P.ACHIEVEMENTS, r.randint(40, 120), min(160, part))   # 以问题为主
        parts = {"achievements": "".join(ach), "problems": "".join(prob), "causes": "".join(cause),
                 "measures": "".join(self._take(P.MEASURES, r.randint(40, 140), MEASURES_MAX)),
                 "effects": r.choice(P.EFFECTS_PENDING) if pending else
                 "".join(self._take(P.EFFECTS, r.randint(30, 120), EFFECTS_MAX))}
        count, part = opinion_counts(_Parts(parts))
        assert count <= OPINION_MAX and 2 * part >= count, (count, part)  # 160+190+140 bound
        assert count_zi(parts["measures"]) <= MEASURES_MAX and count_zi(parts["effects"]) <= EFFECTS_MAX
        return parts

    def overview(self) -> str:
        text = "".join(self._take(P.OVERVIEW, self.rng.randint(150, 380), OVERVIEW_MAX))
        assert count_zi(text) <= OVERVIEW_MAX
        return text

    def review_summary(self) -> str:
        sents = [self.fill(P.REVIEW_SUMMARY[0])] + [self.fill(s) for s in self.rng.sample(P.REVIEW_SUMMARY[1:], 3)]
        return "".join(sents)

    def finding_note(self) -> str:
        return self.rng.choice(P.FINDING_NOTES)



class _Parts:
    """Attribute view of a parts dict, for the rule module's counter."""

    def __init__(self, d: dict):
        self.__dict__.update(d)
