"""The Jinja2 environment of the page-body templates (theme/pages/*.html).

Autoescape everywhere and StrictUndefined: a typo in a template fails the build instead of
publishing an empty cell. Links are written relative to the page, so the site serves from any
base URL and from the file system.
"""
from __future__ import annotations

import datetime as dt
import re
import urllib.parse
from functools import lru_cache
from pathlib import Path

import jinja2

from ..attachments import human_size
from ..ledger import BEIJING
from ..rules.labels import public_citation
from .page_deps import TrackingEnvironment

THEME = Path(__file__).resolve().parents[2] / "theme"
PAGES = THEME / "pages"
WEEKDAYS = "一二三四五六日"


def cn_date(d: dt.date | None, weekday: bool = False) -> str:
    """2025-05-12 → 2025年5月12日 (the way Chinese official documents write dates)."""
    if d is None:
        return "—"
    text = f"{d.year}年{d.month}月{d.day}日"
    return f"{text}（星期{WEEKDAYS[d.weekday()]}）" if weekday else text


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def beijing_time(value) -> str:
    """A UTC time (datetime or the ledger's "YYYY-MM-DDTHH:MM:SSZ") as Beijing date and minute:
    the site states every time in 北京时间, the zone of the deadlines."""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    bj = value.astimezone(BEIJING)
    return f"{cn_date(bj.date())} {bj:%H:%M}"


def cn_dates(text: str) -> str:
    """ISO dates inside a sentence (finding messages, the engine's reasons) written the Chinese way."""
    def one(mt):
        try:
            return cn_date(dt.date(int(mt.group(1)), int(mt.group(2)), int(mt.group(3))))
        except ValueError:
            return mt.group(0)
    return _ISO_DATE.sub(one, text)


def relative(from_path: str, to_path: str) -> str:
    """A link from the page at URL path `from_path` ("colleges/X/") to `to_path` (site-relative).

    Both are directory-style paths below the site root; "" is the home page."""
    depth = from_path.count("/")
    target = "../" * depth + urllib.parse.quote(to_path, safe="/")
    return target or "./"


@jinja2.pass_context
def _href(ctx, target: str) -> str:
    return relative(ctx["page_path"], target)


@lru_cache(maxsize=1)
def environment() -> jinja2.Environment:
    env = TrackingEnvironment(       # records what a page reads: site/page_reuse.py
        loader=jinja2.FileSystemLoader(str(PAGES)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters["cn_date"] = cn_date
    env.filters["size"] = human_size
    env.filters["cn_dates"] = cn_dates
    env.filters["cite"] = public_citation
    env.filters["beijing_time"] = beijing_time
    env.globals["href"] = _href
    return env


def render(template: str, context: dict) -> str:
    return environment().get_template(template).render(context)


__all__ = ["cn_date", "relative", "render", "environment"]
