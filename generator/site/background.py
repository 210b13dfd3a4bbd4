"""One pure function of the build's in-memory data, run in a forked process while the parent
goes on with other work. The child shares the data without pickling it and sends back only the
result; the result does not depend on where it was computed (tests compare both ways).
"""
from __future__ import annotations

import multiprocessing
from typing import Any, Callable

_CALL: tuple | None = None      # (function, args) for the forked child, set just before the fork


def in_background(fork: bool, fn: Callable[..., Any], *args) -> Callable[[], Any]:
    """Start fn(*args) — in a forked child if `fork` and the platform forks, else right now —
    and return a function that waits for its result. An exception in the child is raised
    again by that function, so a real bug still shows its traceback."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        result = fn(*args)
        return lambda: result
    global _CALL
    _CALL = (fn, args)
    try:
        pool = multiprocessing.get_context("fork").Pool(1)    # forks here: the child sees _CALL
    finally:
        _CALL = None
    pending = pool.apply_async(_run)
    pool.close()

    def wait():
        try:
            return pending.get()
        finally:
            pool.join()
    return wait


def _run():
    fn, args = _CALL
    return fn(*args)
