"""The run context: what one `portal` command runs with, made once by the CLI and passed down.

Frozen, so every module of one run sees the same root, day, language and clock: nothing below
the CLI can change them half-way. Pure rule functions still take a bare `as_of` (they are pure);
the context replaces the plumbing that only carried it from the command to them.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, Callable

from .clock import now_utc


@dataclass(frozen=True)
class RunContext:
    root: Path
    lang: str = "zh"
    # "today" of the run, fixed when the command starts (--as-of, else SOURCE_DATE_EPOCH, else
    # the UTC date); None for a verb without --as-of, which has no "today"
    as_of: dt.date | None = None
    as_of_option: str | None = None   # --as-of as typed (None: not given), to repeat it in hints
    clock: Callable[[], dt.datetime] = field(default=now_utc, compare=False)   # the ledger's time
    load_config: Callable[[Path], Any] | None = field(default=None, repr=False, compare=False)

    @property
    def english(self) -> bool:
        return self.lang == "en"

    @cached_property
    def config(self) -> Any:
        """site_config.yml, read on first use and then kept (None when absent or invalid). A
        cached_property writes the instance's __dict__ directly, so the dataclass stays frozen."""
        return self.load_config(self.root) if self.load_config is not None else None
