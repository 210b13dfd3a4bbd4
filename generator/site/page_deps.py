"""Which colleges' own files a page template read while it rendered (issue 24).

A site-wide page (home, lists, rounds, reviews …) reaches the college folders in two ways: the
rules' results (`outcome`: lists, counts, statuses, verdicts), hashed whole by the page's key
(site/page_reuse.py), and the loaded files themselves — a `Doc`, a file model, a `College` —
which `outcome` and `SiteData` hold by reference. Those references are what this module sees:
while a recorder is active, every attribute a template reads of a `Doc` or a file model names
that file (its path); a collection of a `College` (its reports, materials …) names which files
that collection holds ("<code>#<name>"); any other attribute of a College, or a College handed
to a helper, names the college's whole folder (its code). Reading one of SiteData's per-college collections
(materials, warnings, images …) makes the page depend on every folder (EVERY).
institution.yml is not recorded: it is part of every page's shared input.

Recording is observation, so it is sound for what templates can reach: the same inputs make
the same template run read the same objects. Python code a template calls sees only what the
template passed it (its arguments are checked here too).
"""
from __future__ import annotations

import contextlib
import re
from typing import Iterator

import jinja2
from jinja2.runtime import Context

from ..project import College, Doc
from ..schema import Model

EVERY = "*"                 # depends on every college folder
_FOLDER = re.compile(r"institutions/(\d{10})/(.+)")
_COLLEGE_FREE = frozenset({"code", "info", "dir"})          # shared input or a name only
COLLECTIONS = frozenset({"materials", "reports", "indicators", "tasks", "specialties"})   # of College
_SITE_PER_COLLEGE = frozenset({"materials", "by_path", "warnings", "images", "findings",
                               "file_sha256", "image_path", "ledger_warnings"})
_recording: list[set] = []  # the active recorders, innermost last


@contextlib.contextmanager
def recording() -> Iterator[set]:
    """Collect, in the returned set, the college files (paths), folders (codes) or EVERY the
    templates read."""
    seen: set = set()
    _recording.append(seen)
    try:
        yield seen
    finally:
        _recording.pop()


def college_file(path: str) -> bool:
    """A file of a college folder other than its institution.yml."""
    m = _FOLDER.fullmatch(path or "")
    return m is not None and m.group(2) != "institution.yml" and ".." not in m.group(2).split("/")


def note(obj, attribute: str | None = None) -> None:
    """Record the college file or folder `obj` came from, if it is one of theirs."""
    seen = _recording[-1]
    if isinstance(obj, Doc):
        if attribute != "path" and college_file(obj.path):
            seen.add(obj.path)
    elif isinstance(obj, Model):
        if college_file(path := obj.__dict__.get("_file", "")):
            seen.add(path)
    elif isinstance(obj, College):
        if attribute in COLLECTIONS:          # its members are recorded when read
            seen.add(f"{obj.code}#{attribute}")
        elif attribute not in _COLLEGE_FREE:
            seen.add(obj.code)
    elif attribute in _SITE_PER_COLLEGE and type(obj).__name__ == "SiteData":
        seen.add(EVERY)


class TrackingContext(Context):
    def call(__self, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        if _recording:
            for a in (*args, *kwargs.values()):
                if isinstance(a, College):
                    note(a)
        return super().call(__obj, *args, **kwargs)


class TrackingEnvironment(jinja2.Environment):
    """The page environment: as Jinja's own, plus recording while a recorder is active."""

    context_class = TrackingContext

    def getattr(self, obj, attribute):
        if _recording:
            note(obj, attribute)
        return super().getattr(obj, attribute)

    def getitem(self, obj, argument):
        if _recording:
            note(obj, argument if isinstance(argument, str) else None)
        return super().getitem(obj, argument)
