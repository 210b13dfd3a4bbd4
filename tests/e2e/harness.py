"""Serve a built site on 127.0.0.1 and drive the system Chromium headless (Playwright).

Never downloads a browser: Debian's /usr/bin/chromium is used through executable_path.
"""
from __future__ import annotations

import contextlib
import functools
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-extensions",
        "--disable-default-apps", "--mute-audio"]


class _QuietHandler(SimpleHTTPRequestHandler):
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".wasm": "application/wasm",
                      ".js": "text/javascript", ".pf_meta": "application/octet-stream"}

    def log_message(self, *args):   # keep test output clean
        pass


class _HeaderHandler(_QuietHandler):
    headers_for = staticmethod(lambda path: {})

    def end_headers(self):
        for name, value in self.headers_for(self.path.split("?", 1)[0]).items():
            self.send_header(name, value)
        super().end_headers()


@contextlib.contextmanager
def serve(site: Path, headers=None):
    """Yield the base URL ("http://127.0.0.1:PORT/") of `site` served on a free port.
    `headers`: URL path → extra response headers (e.g. the deploy template's CSP)."""
    cls = _QuietHandler
    if headers is not None:
        cls = type("_Handler", (_HeaderHandler,), {"headers_for": staticmethod(headers)})
    handler = functools.partial(cls, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@contextlib.contextmanager
def chromium():
    """A headless system Chromium (Playwright's sync API)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        try:
            yield browser
        finally:
            browser.close()
