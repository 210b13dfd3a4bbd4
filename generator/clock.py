""""Today" for everything time-dependent: --as-of, else SOURCE_DATE_EPOCH, else the UTC date."""
from __future__ import annotations

import datetime as dt
import os

from .i18n import say


class UsageError(Exception):
    """A bad command line (exit code 2)."""


def parse_date(text: str, what: str = "--as-of", lang: str = "zh") -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise UsageError(say("bad_date", lang, what=what, text=text)) from None


def today(as_of: str | None = None, lang: str = "zh") -> dt.date:
    if as_of:
        return parse_date(as_of, lang=lang)
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()
        except (ValueError, OverflowError):
            raise UsageError(say("bad_epoch", lang, epoch=epoch)) from None
    return dt.datetime.now(dt.timezone.utc).date()


def now_utc() -> dt.datetime:
    """The publish run's own time, to the second. Deliberately the system clock and NOT
    SOURCE_DATE_EPOCH (deploys often set it to the commit date, which the ledger must not trust)
    and no command-line option: tests call `ledger_publish.publish(root, now)` in-process instead."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
