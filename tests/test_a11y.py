"""Accessibility (issue 21 §2): axe-core finds no violation, of any impact, on one built page of
every kind (tests/page_kinds.py) at desktop and phone width, with every <details> open (the
charts' data tables) and the search page showing results. axe-core comes bundled in the
PyPI package axe-playwright-python (pyproject test extra) and is injected with Playwright into
Debian's Chromium."""
from __future__ import annotations

import pytest

from page_kinds import build_demo, chromium, pick, serve, templates

pytestmark = pytest.mark.browser
WIDTHS = ((1280, 900), (375, 812))


def _axe_script() -> str:
    try:
        from axe_playwright_python.base import AXE_SCRIPT
    except ImportError as e:     # never skip: the test extra installs it
        pytest.fail(f"axe-core is missing ({e}): run `make test` (pip install -e '.[test]')")
    return AXE_SCRIPT


def test_every_page_template_has_a_kind():
    """A new page template must be added to page_kinds.KINDS, or the checks below miss it."""
    from page_kinds import KINDS
    assert set(KINDS) == templates()


@pytest.fixture(scope="module")
def violations(tmp_path_factory):
    site = build_demo(tmp_path_factory.mktemp("a11y"))
    script, found = _axe_script(), []
    with serve(site) as url, chromium() as browser:
        for w, h in WIDTHS:
            page = browser.new_page(viewport={"width": w, "height": h})
            for kind, path in pick(site).items():
                if kind == "search.html":    # Pagefind's box and results are made by its script
                    page.goto(url + path + "?q=职业学院", wait_until="load")
                    page.wait_for_selector(".pagefind-ui__result-link", timeout=15_000)
                else:
                    page.goto(url + path, wait_until="load")
                    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
                page.evaluate(script)
                res = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
                found += [(w, kind, path, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                          for v in res["violations"]]
            page.close()
    return found


def test_axe_finds_no_violation_on_any_page_kind(violations):
    assert violations == [], "\n".join(map(str, violations))
