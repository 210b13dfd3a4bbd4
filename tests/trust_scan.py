"""A static scan of sanitized HTML for script vectors (shared by the trust tests)."""
from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path

from generator.safe_markdown import ATTRIBUTES, TAGS

XSS_DIR = Path(__file__).parent / "adversarial" / "xss"
SAFE_SCHEMES = ("http:", "https:", "mailto:")


def payloads() -> list[Path]:
    return sorted(XSS_DIR.glob("*.md"))


class _Scan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in TAGS:
            self.problems.append(f"tag <{tag}>")
        allowed = ATTRIBUTES.get(tag, set()) | {"align"} | ({"rel"} if tag == "a" else set())
        for name, value in attrs:
            value = value or ""
            if name not in allowed or name.startswith("on"):
                self.problems.append(f"attribute {name} on <{tag}>")
            if name in ("href", "src"):
                v = re.sub(r"[\x00-\x20]", "", html.unescape(value)).lower()
                if ":" in v.split("/")[0] and not v.startswith(SAFE_SCHEMES):
                    self.problems.append(f"url {value!r}")
                if v.startswith("//") or "\\" in v:
                    self.problems.append(f"off-site url {value!r}")
                if tag == "img" and (":" in v or not v.startswith(("files/", "../"))):
                    self.problems.append(f"image off the college folder {value!r}")

    handle_startendtag = handle_starttag


def scan(fragment: str) -> list[str]:
    """Every script vector left in `fragment` (empty when safe)."""
    s = _Scan()
    s.feed(fragment)
    s.close()
    low = fragment.lower()
    for word in ("<script", "javascript:", "vbscript:", "data:text", "<svg", "<iframe", "<object", "<embed",
                 "<style", "<link", "<meta", "<base", "<form", "expression("):
        # text content is escaped (&lt;…), so a raw occurrence means markup survived
        if word in low and word.startswith("<"):
            s.problems.append(f"raw {word}")
    for m in re.finditer(r'(?:href|src)="([^"]*)"', fragment):
        v = re.sub(r"[\x00-\x20]", "", html.unescape(m.group(1))).lower()
        if v.startswith(("javascript:", "vbscript:", "data:")):
            s.problems.append(f"script url {m.group(1)!r}")
    return s.problems
