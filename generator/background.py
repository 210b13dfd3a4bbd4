"""One function of the build's in-memory data, run in a forked process while the parent goes on
with other work. The child shares the data without pickling it and sends back only the result;
the result does not depend on where it was computed (tests compare both ways).

The child is an ordinary (non-daemonic) process, so it may run a pool of its own: the PDF job
renders on every core while the parent builds the pages.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
import threading
import traceback
from typing import Any, Callable

_CALL: tuple | None = None      # (function, args) for the forked child, set just before the fork


class BackgroundDied(RuntimeError):
    """The child ended without a result (killed by a signal, or by the OS for lack of memory)."""


class Pending:
    """A result being computed: call it to wait for the result; cancel() to give up on it."""

    def __init__(self, wait: Callable[[], Any], cancel: Callable[[], None] = lambda: None):
        self._wait, self._cancel = wait, cancel

    def __call__(self) -> Any:
        return self._wait()

    def cancel(self) -> None:
        self._cancel()


def in_background(fork: bool, fn: Callable[..., Any], *args) -> Pending:
    """Start fn(*args) — in a forked child if `fork` and the platform forks, else right now —
    and return it as `Pending`. An exception in the child is raised again by the wait, with the
    child's traceback as a note, so a real bug still shows. The child leads a process group of
    its own, so that cancel() also stops any processes it started."""
    if not fork or "fork" not in multiprocessing.get_all_start_methods():
        result = fn(*args)
        return Pending(lambda: result)
    ctx = multiprocessing.get_context("fork")
    receive, send = ctx.Pipe(duplex=False)
    global _CALL
    _CALL = (fn, args)
    try:
        child = ctx.Process(target=_run, args=(send,), name=f"background-{getattr(fn, '__name__', 'call')}")
        child.start()                                   # forks here: the child sees _CALL
    finally:
        _CALL = None
    send.close()
    # Take the result as soon as it is sent, not when it is needed: the child can then end and
    # free its memory, and the pickled bytes are gone before the parent's own peak (the open
    # data is needed at the end of the page render, when the parent holds every page).
    box: list = []
    receiver = threading.Thread(target=_receive, args=(receive, box), daemon=True)
    receiver.start()

    def wait():
        receiver.join()
        child.join()
        if not box:
            raise BackgroundDied(f"后台进程 {child.name} 异常退出（退出码 {child.exitcode}）")
        ok, value = box[0]
        if not ok:
            raise value
        return value

    def cancel():
        if child.exitcode is None:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(child.pid, signal.SIGKILL)    # the child and the pool it may have started
            child.join()
        receiver.join()                                 # the pipe's end: EOF
    return Pending(wait, cancel)


def _receive(receive, box: list) -> None:
    try:
        box.append(receive.recv())
    except EOFError:
        pass                                            # died without a result: wait() says so
    finally:
        receive.close()


def _run(send) -> None:
    os.setpgid(0, 0)
    fn, args = _CALL
    try:
        message = (True, fn(*args))
    except BaseException as exc:  # noqa: BLE001 — handed to the parent, which raises it
        exc.add_note("in the background process:\n" + traceback.format_exc())
        message = (False, exc)
    try:
        send.send(message)
    except Exception as exc:  # noqa: BLE001 — e.g. an exception that cannot be pickled
        send.send((False, RuntimeError(f"background result could not be sent: {exc!r}\n{message[1]!r}")))
    finally:
        send.close()
