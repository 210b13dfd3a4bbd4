""""Today" for everything time-dependent: --as-of, else SOURCE_DATE_EPOCH, else the UTC date."""
from __future__ import annotations

import datetime as dt
import os


class UsageError(Exception):
    """A bad command line (exit code 2)."""


def parse_date(text: str, what: str = "--as-of") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(f"{what} 应为 YYYY-MM-DD 格式的真实日期：{text}") from None


def today(as_of: str | None = None) -> dt.date:
    if as_of:
        return parse_date(as_of)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise UsageError(f"SOURCE_DATE_EPOCH 不是整数秒：{epoch}") from None
    return dt.datetime.now(dt.timezone.utc).date()


def now_utc() -> dt.datetime:
    """The publish run's own time, to the second. Deliberately the system clock and NOT
    SOURCE_DATE_EPOCH (deploys often set it to the commit date, which the ledger must not trust)
    and no command-line option: tests call `ledger_publish.publish(root, now)` in-process instead."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
