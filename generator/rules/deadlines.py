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


def days_past(deadline: dt.date, on: dt.date) -> int:
    """seed 000 §四(二)3: how many days `on` lies after the deadline (0 on the deadline day,
    negative before it). The one place where a day is measured against a deadline."""
    return (on - deadline).days


def is_past(deadline: dt.date, on: dt.date) -> bool:
    """seed 000 §四(二)3: the deadline day itself is still in time ("30 days before"), so only a
    later day is past it."""
    return days_past(deadline, on) > 0


def first_day_late(deadline: dt.date) -> dt.date:
    """seed 000 §四(二)3: the first day on which a material not yet public is certainly late."""
    return deadline + dt.timedelta(days=1)


@dataclass(frozen=True)
class Countdown:
    days_left: int            # days from as-of to the deadline; 0 on the day, negative after it
    label: str                # 还剩 N 天 | 今天截止 | 已截止
    open: bool                # the deadline has not passed: the site stresses the label


def countdown(deadline: dt.date, as_of: dt.date) -> Countdown:
    """seed 000 §四(二)3: what is left of the disclosure period as of `as_of`."""
    left = -days_past(deadline, as_of)
    if left > 0:
        return Countdown(left, f"还剩 {left} 天", True)
    if left == 0:
        return Countdown(0, "今天截止", True)
    return Countdown(left, "已截止", False)


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
        if not is_past(deadline, published_on):
            return Status(ON_TIME, 0)
        return Status(LATE, days_past(deadline, published_on))
    if is_past(deadline, as_of):
        return Status(MISSING, days_past(deadline, as_of))
    return Status(PENDING, -days_past(deadline, as_of))
