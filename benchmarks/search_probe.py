"""What one Chinese search costs a browser: serve the built site on 127.0.0.1, open its search
page in headless Chromium (the system /usr/bin/chromium, nothing downloaded), type a query and
record every pagefind/* response until the first result is shown."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
import time
from contextlib import contextmanager
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"]
INPUT = ".pagefind-ui__search-input"
RESULT = ".pagefind-ui__result"
UI_FILES = ("pagefind-ui.js", "pagefind-ui.css")   # the widget itself, not index data
DONE = """() => document.querySelector('.pagefind-ui__result') ||
  [...document.querySelectorAll('.pagefind-ui__message')].some(m => m.textContent.includes('未找到'))"""


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser context closed after its result drops the transfers still running: not news.
        if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
            super().handle_error(request, client_address)


@contextmanager
def serve(site: Path):
    handler = functools.partial(_Quiet, directory=str(site))
    httpd = _Server(("127.0.0.1", 0), handler)
    th = threading.Thread(target=httpd.serve_forever, daemon=True)
    th.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def probe(site: Path, queries: list[str], search_path: str = "search/") -> list[dict]:
    """One cold browser context per query: bytes of pagefind/* responses (index data and the
    UI widget separately), their count, and milliseconds from typing to the first result."""
    from playwright.sync_api import sync_playwright

    out = []
    with serve(site) as base, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            for q in queries:
                out.append(_one(browser, base + search_path, q))
        finally:
            browser.close()
    return out


def _one(browser, url: str, query: str) -> dict:
    ctx = browser.new_context()
    page = ctx.new_page()
    seen: list[tuple[str, int]] = []

    def on_response(resp):
        if "/pagefind" in resp.url:          # pagefind/ and the college shards, pagefind-colleges/
            try:
                seen.append((resp.url, len(resp.body())))
            except Exception:   # a response without a body (redirect, aborted)
                seen.append((resp.url, 0))

    page.on("response", on_response)
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector(INPUT, timeout=15000)
    t0 = time.perf_counter()
    page.fill(INPUT, query)
    try:      # the first result, or the final "no results" message (not "正在搜索 …")
        page.wait_for_function(DONE, timeout=15000)
    except Exception:
        pass
    ms = (time.perf_counter() - t0) * 1000
    found = page.locator(RESULT).count() > 0
    page.wait_for_load_state("networkidle")
    ctx.close()
    index = [(u, n) for u, n in seen if not u.split("?")[0].endswith(UI_FILES)]
    return {"query": query, "found": found, "ms": ms, "requests": len(seen),
            "index_bytes": sum(n for _, n in index), "all_bytes": sum(n for _, n in seen)}
