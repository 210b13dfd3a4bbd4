"""DESIGN.md §7 in a real browser: every payload of the adversarial corpus, sanitized by the one
renderer and placed in a page of the built site (the real theme and its JavaScript), loaded in
headless Chromium from 127.0.0.1 — zero dialogs, zero script execution, zero requests off the
site. A control page with one unsanitized payload proves the harness would notice."""
from __future__ import annotations

import html
import sys
from pathlib import Path

import pytest

from builders import CODE_A, ScratchRoot
from generator import urls
from generator.safe_markdown import render_markdown
from trust_scan import payloads

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from harness import chromium, serve  # noqa: E402

pytestmark = pytest.mark.browser
EVENTS = ["mouseover", "mouseenter", "mousemove", "focus", "focusin", "toggle", "load", "error", "animationstart",
          "transitionend", "pointerover", "wheel", "scroll"]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from generator.build import build_site
    base = tmp_path_factory.mktemp("xss")
    root = ScratchRoot(base / "root").base()
    import datetime as dt
    res = build_site(root.path, base / "out", dt.date(2025, 6, 1), pdf=False)
    assert res.ok, [f.message() for f in res.errors]
    rel = urls.material(CODE_A, "2024-aqr")
    page = base / "out" / rel / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "<p>正文。</p>" in text, "the material body is where the payloads go"
    link_base = "../" * rel.count("/")
    parts = [f'<section class="xss-case" data-case="{html.escape(p.stem)}">'
             + render_markdown(p.read_text(encoding="utf-8"), file=p.name, institution=CODE_A, link_base=link_base)
             + "</section>" for p in payloads()]
    page.write_text(text.replace("<p>正文。</p>", "\n".join(parts)), encoding="utf-8")
    control = base / "out" / "control.html"
    control.write_text('<!doctype html><p>control</p><img src="nope.png" onerror="alert(1)">'
                       '<img src="https://evil.invalid/x.png">', encoding="utf-8")
    with serve(base / "out") as url, chromium() as browser:
        yield url, rel, browser


def visit(browser, url: str) -> dict:
    """Load `url`, poke every element with events, and report what a payload could have done."""
    pg = browser.new_page()
    seen = {"dialogs": [], "offsite": [], "console": []}
    pg.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    pg.on("console", lambda m: seen["console"].append(m.text))

    def route(r):
        if r.request.url.startswith("http://127.0.0.1:"):
            r.continue_()
        else:
            seen["offsite"].append(r.request.url)
            r.abort()
    pg.route("**/*", route)
    pg.goto(url, wait_until="load")
    pg.evaluate("""events => { for (const el of document.querySelectorAll('body *')) {
        for (const e of events) { try { el.dispatchEvent(new Event(e, {bubbles: true})); } catch (x) {} }
        if (el.focus) { try { el.focus(); } catch (x) {} } } }""", EVENTS)
    pg.mouse.move(10, 10)
    pg.wait_for_timeout(500)
    seen["cases"] = pg.locator("section.xss-case").count()
    seen["marker"] = pg.evaluate("() => typeof window.__xss")
    pg.close()
    return seen


def test_no_payload_runs_in_the_built_page(site):
    url, rel, browser = site
    seen = visit(browser, url + rel)
    assert seen["cases"] == len(payloads())
    assert seen["dialogs"] == []
    assert seen["marker"] == "undefined"
    assert seen["offsite"] == []


def test_the_harness_notices_an_unsanitized_payload(site):
    url, _rel, browser = site
    seen = visit(browser, url + "control.html")
    assert seen["dialogs"] and set(seen["dialogs"]) == {"1"}
    assert any("evil.invalid" in u for u in seen["offsite"])
