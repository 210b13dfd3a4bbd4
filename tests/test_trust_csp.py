"""Issue 18 §1 in a real browser: the site built from a root with a script payload in every
free-text field (tests/trust_fields.py), served with the deploy template's Content-Security-Policy
(templates/nginx.conf, read from the file itself), every page loaded in headless Chromium: zero
dialogs, zero CSP violations, Material's scripts and the search (Pagefind's WebAssembly) working.
A control page proves the harness sees a dialog and a violation."""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

from builders import REPO
from trust_fields import poisoned_root

sys.path.insert(0, str(Path(__file__).parent / "e2e"))
from harness import chromium, serve  # noqa: E402

AS_OF = dt.date(2025, 7, 1)
WATCH = """window.__zg = {csp: []};
document.addEventListener("securitypolicyviolation",
  e => window.__zg.csp.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));"""


def nginx_csp() -> dict[str, str]:
    """The CSP map of templates/nginx.conf: {"default": …, "~^/files/": …}."""
    text = (REPO / "templates" / "nginx.conf").read_text(encoding="utf-8")
    block = re.search(r"map \$uri \$zhengai_csp \{(.*?)\n\}", text, re.S).group(1)
    return {k: v for k, v in re.findall(r'^\s*(\S+)\s+"([^"]*)";', block, re.M)}


def test_the_deploy_csp_forbids_inline_script_plugins_base_and_framing():
    csp = nginx_csp()
    policy = {d.split()[0]: d.split()[1:] for d in csp["default"].split("; ")}
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert "frame-ancestors 'none'" in csp["~^/files/"] and csp["~^/files/"].startswith("sandbox")


def test_our_copies_of_materials_inline_scripts_match_the_installed_material():
    """theme/assets/md-*.js are Material's inline scripts as files: a Material upgrade that changes
    them (or the partials' names) must be noticed here, not by a visitor."""
    import material
    partials = Path(material.__file__).parent / "templates" / "partials" / "javascripts"
    theme = REPO / "theme" / "assets"
    scripts = {name: re.findall(r"<script>(.*?)</script>", (partials / f"{name}.html").read_text(encoding="utf-8"))
               for name in ("base", "content")}
    ours = {name: (theme / f"md-{name}.js").read_text(encoding="utf-8").strip().splitlines()[-1]
            for name in ("base", "content")}
    assert ours["base"] == scripts["base"][0].replace(
        'new URL("{{ config.extra.scope | d(base_url) }}",location)', 'new URL("../../",document.currentScript.src)')
    assert ours["content"] == scripts["content"][-1]      # the first one is the content.tabs.link feature's


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from generator.build import build_site
    base = tmp_path_factory.mktemp("csp")
    root = poisoned_root(base / "root")
    out = base / "out"
    res = build_site(root.path, out, AS_OF, pdf=False)
    assert res.ok, [f.message() for f in res.errors]
    (out / "control.html").write_text('<!doctype html><p>control</p><script>alert("control")</script>',
                                      encoding="utf-8")
    csp = nginx_csp()

    def headers(path: str) -> dict:
        return {"Content-Security-Policy": csp["~^/files/"] if path.startswith("/files/") else csp["default"]}

    with serve(out, headers) as url, chromium() as browser:
        yield out, url, browser


def visit(browser, url: str, then=None) -> dict:
    pg = browser.new_page()
    seen = {"dialogs": [], "console": [], "errors": []}
    pg.add_init_script(WATCH)
    pg.on("dialog", lambda d: (seen["dialogs"].append(d.message), d.dismiss()))
    pg.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: seen["errors"].append(str(e)))
    pg.goto(url, wait_until="load")
    if then:
        then(pg)
    pg.wait_for_timeout(100)
    seen["csp"] = pg.evaluate("() => window.__zg.csp")
    seen["material"] = pg.evaluate("() => typeof __md_get === 'function' && typeof document$ === 'object'")
    pg.close()
    return seen


@pytest.mark.browser
def test_the_harness_sees_a_dialog_blocked_by_the_csp(site):
    _out, url, browser = site
    seen = visit(browser, url + "control.html")
    assert seen["dialogs"] == [] and any("script-src" in v for v in seen["csp"])


@pytest.mark.browser
def test_every_page_runs_no_payload_and_breaks_no_policy(site):
    out, url, browser = site
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html")
                   if p.name != "control.html" and not p.relative_to(out).as_posix().startswith(("pagefind", "files/")))
    assert len(pages) > 25
    bad = {}
    for rel in pages:
        seen = visit(browser, url + rel)
        problems = seen["dialogs"] + seen["csp"] + seen["errors"] + [c for c in seen["console"] if "404" not in c]
        if not seen["material"]:
            problems.append("Material's scripts did not run")
        if problems:
            bad[rel] = problems
    assert not bad, bad


@pytest.mark.browser
def test_search_works_under_the_policy(site):
    _out, url, browser = site

    shown = []

    def search(pg):
        pg.fill("#zg-search input", "onerror")
        pg.wait_for_selector(".pagefind-ui__result", timeout=15000)
        pg.wait_for_timeout(500)          # titles and excerpts (Pagefind sets excerpts as innerHTML)
        shown.append(pg.inner_text("#zg-search"))

    seen = visit(browser, url + "search/", search)
    assert seen["dialogs"] == [] and seen["csp"] == [] and seen["errors"] == [], seen
    assert "onerror=alert(" in shown[0], "the payloads are found and shown as text"
