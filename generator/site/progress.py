"""A one-line progress display on stderr for long builds — only when stderr is a terminal."""
from __future__ import annotations

import sys
import time


class Progress:
    def __init__(self, stream=None, enabled: bool | None = None):
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty() if enabled is None else enabled
        self.label = ""
        self.start = time.monotonic()
        self._last = 0.0
        self._shown = False
        self.timings: dict[str, float] = {}      # step label → seconds (the build's summary line)
        self._began = self.start

    def step(self, label: str) -> None:
        self._close()
        self.label = label
        self._show(label, force=True)

    def _close(self) -> None:
        now = time.monotonic()
        if self.label:
            self.timings[self.label] = self.timings.get(self.label, 0.0) + now - self._began
        self._began = now

    def count(self, done: int, total: int) -> None:
        """Update the current step's counter at most ten times a second."""
        self._show(f"{self.label} {done}/{total}", force=done == total)

    def _show(self, text: str, force: bool = False) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        self.stream.write(f"\r\x1b[K[{now - self.start:5.1f}s] {text}")
        self.stream.flush()
        self._shown = True

    def done(self) -> None:
        self._close()
        self.label = ""
        if self.enabled and self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
