"""Disclosure deadline and the status of a required material (seed 000 §四(二)3)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

ON_TIME, LATE, MISSING, PENDING = "on_time", "late", "missing", "pending"
STATUS_LABELS = {ON_TIME: "按时", LATE: "逾期", MISSING: "缺失", PENDING: "待公示"}


def disclosure_deadline(start: dt.date, disclosure_days: int) -> dt.date:
    """seed 000 §四(二)3: materials must be public on the campus website 30 days before the
    review starts, so the last admissible day is start − disclosure_days."""
    return start - dt.timedelta(days=disclosure_days)


@dataclass(frozen=True)
class Status:
    status: str               # on_time | late | missing | pending
    days: int                 # late: days after the deadline; missing: days since it; pending: days left

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.status]


def material_status(published_on: dt.date | None, deadline: dt.date, as_of: dt.date) -> Status:
    """seed 000 §四(二)3: on time when published on or before the deadline; a material published
    later is late (通报批评, 待改进院校名单); an absent one is missing once the deadline has passed
    and pending, with the days left, until then."""
    if published_on is not None:
        if published_on <= deadline:
            return Status(ON_TIME, 0)
        return Status(LATE, (published_on - deadline).days)
    if as_of > deadline:
        return Status(MISSING, (as_of - deadline).days)
    return Status(PENDING, (deadline - as_of).days)
