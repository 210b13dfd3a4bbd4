"""`portal serve [--as-of DATE] [--port 8000] [--host 127.0.0.1] [--out DIR]`: local preview that rebuilds
on change and reloads the browser.

The site is built into a temporary folder with generator.build (PDFs only with --pdf) and served
with http.server. A thread polls the source tree's modification times (no extra dependency)
and rebuilds when they change. Only in this mode, HTML responses get a tiny script that polls
/__reload and reloads the page when a newer build is ready; built files are never touched.
A failed build keeps the last good site on screen with the error in a banner.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import traceback
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from .clock import UsageError, today
from .context import RunContext
from .i18n import say

WATCHED = ("site_config.yml", "content", "institutions", "theme")
SKIP_DIRS = {"__pycache__", "node_modules"}
RELOAD_PATH = "/__reload"
_MIME = {".ics": "text/calendar; charset=utf-8", ".csv": "text/csv; charset=utf-8",
         ".json": "application/json", ".xml": "application/xml; charset=utf-8",
         ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
         ".wasm": "application/wasm", ".pdf": "application/pdf"}


def add_arguments_serve(p) -> None:
    p.add_argument("--port", type=int, default=8000, help="端口（默认 8000；0 表示任选空闲端口）")
    p.add_argument("--host", default="127.0.0.1", help="监听地址（默认只允许本机访问）")
    p.add_argument("--out", metavar="DIR", help="构建到该目录（默认临时目录，退出时删除）")
    p.add_argument("--pdf", action="store_true", help="同时生成 PDF（较慢；默认不生成）")
    p.add_argument("--interval", type=float, default=0.5, help=argparse.SUPPRESS)  # seconds between polls


# --- watching ---------------------------------------------------------------------------
def snapshot(root: Path) -> dict[str, tuple[int, int]]:
    """(mtime_ns, size) of every source file a build reads; hidden folders are skipped."""
    out: dict[str, tuple[int, int]] = {}
    for name in WATCHED:
        top = root / name
        if top.is_file():
            st = top.stat()
            out[name] = (st.st_mtime_ns, st.st_size)
            continue
        for dirpath, dirnames, filenames in os.walk(top):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith(".") and d not in SKIP_DIRS)
            for fn in filenames:
                if fn.startswith("."):
                    continue
                p = os.path.join(dirpath, fn)
                try:
                    st = os.stat(p)
                except OSError:   # removed while we looked
                    continue
                out[os.path.relpath(p, root)] = (st.st_mtime_ns, st.st_size)
    return out


def changed(old: dict, new: dict) -> str | None:
    """The first path (sorted) that was added, removed or modified, or None."""
    diff = sorted(k for k in old.keys() | new.keys() if old.get(k) != new.get(k))
    return diff[0] if diff else None


# --- building ---------------------------------------------------------------------------
class Preview:
    """Build state shared by the watcher and the HTTP handler."""

    def __init__(self, root: Path, out: Path, as_of: str | None, lang: str, pdf: bool = False):
        self.root, self.out, self.as_of, self.lang, self.pdf = root, out, as_of, lang, pdf
        self.generation = 0          # successful builds so far; the browser reloads when it grows
        self.ok = True
        self.message = ""
        self.lock = threading.Lock()

    def status(self) -> dict:
        with self.lock:
            return {"build": self.generation, "ok": self.ok, "message": self.message}

    def build(self) -> bool:
        print(say("serve.building", self.lang), file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        shown = False   # the build prints data errors itself, as `portal check` does
        try:
            detail, shown = build_once(self.root, self.out, today(self.as_of), self.lang, self.pdf)
        except UsageError as exc:
            detail = str(exc)
        except Exception:  # a bug in the build: keep serving, show it
            detail = traceback.format_exc(limit=3)
        with self.lock:
            self.ok = detail is None
            self.message = detail or ""
            if self.ok:
                self.generation += 1
        if detail is None:
            print(say("serve.built", self.lang, n=self.generation, seconds=time.perf_counter() - t0),
                  file=sys.stderr, flush=True)
        else:
            print(say("serve.failed", self.lang, detail="" if shown else detail), file=sys.stderr, flush=True)
        return detail is None

    def watch(self, stop: threading.Event, interval: float) -> None:
        t0 = time.perf_counter()
        last = snapshot(self.root)
        # A big tree (1,500 colleges) takes a while to scan: poll less often rather than spin.
        interval = max(interval, 4 * (time.perf_counter() - t0))
        while not stop.wait(interval):
            now = snapshot(self.root)
            path = changed(last, now)
            if path is None:
                continue
            while not stop.wait(interval):   # let an editor finish saving several files
                settled = snapshot(self.root)
                if settled == now:
                    break
                now = settled
            print(say("serve.changed", self.lang, path=path), file=sys.stderr, flush=True)
            last = now
            self.build()


def build_once(root: Path, out: Path, as_of, lang: str = "zh", pdf: bool = False) -> tuple[str | None, bool]:
    """Build through generator.build's public function: (None on success or what went wrong,
    whether the build already printed it)."""
    from . import build as build_mod   # the layer above us in the pipeline, loaded on demand

    fn = getattr(build_mod, "build_site", None)
    if fn is None:
        return say("serve.no_build", lang), False
    expected = tuple(getattr(build_mod, n) for n in ("EngineError", "SearchIndexError") if hasattr(build_mod, n))
    try:
        result = fn(root, out, as_of, pdf=pdf, lang=lang)
    except expected as exc:   # a missing tool, not a bug: say it plainly
        return str(exc), False
    except build_mod.Busy as exc:     # another build into the same folder: say so, try next time
        return f"另一个构建正在使用 {exc}", False
    except OSError as exc:            # disk full …: the served site is the last good one
        return build_mod.write_failure(exc), False
    if getattr(result, "ok", True):
        return None, False
    lines = [f"{f.file}:{f.line}:{f.column}: [{f.code}] {f.message(lang)}" for f in result.errors[:20]]
    return "\n".join(lines) or "build failed", True


# --- serving -------------------------------------------------------------------------------
_BANNER = {"zh": "构建失败，页面为上一次成功构建的结果：", "en": "Build failed; this is the last good build:"}


def reload_script(generation: int, lang: str = "zh") -> bytes:
    """Polls /__reload; reloads on a newer build, shows a banner while the build is broken."""
    js = (
        "(function(){var seen=%d;"
        "function banner(s){var el=document.getElementById('__portal_serve');"
        "if(s.ok){if(el)el.remove();return}"
        "if(!el){el=document.createElement('div');el.id='__portal_serve';"
        "el.style.cssText='position:fixed;left:0;right:0;bottom:0;z-index:99999;background:#b71c1c;"
        "color:#fff;padding:.6em 1em;font:14px/1.5 sans-serif;white-space:pre-wrap;max-height:40vh;overflow:auto';"
        "document.body.appendChild(el)}"
        "el.textContent=%s+'\\n'+s.message}"
        "function tick(){fetch('%s',{cache:'no-store'}).then(function(r){return r.json()})"
        ".then(function(s){if(s.build!==seen){location.reload();return}banner(s);setTimeout(tick,1000)})"
        ".catch(function(){setTimeout(tick,2000)})}"
        "tick()})();" % (generation, json.dumps(_BANNER.get(lang, _BANNER["zh"]), ensure_ascii=False), RELOAD_PATH))
    return f"<script>/* portal serve */{js}</script>".encode()


def inject(page: bytes, script: bytes) -> bytes:
    at = page.lower().rfind(b"</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


class Handler(SimpleHTTPRequestHandler):
    preview: Preview

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, **_MIME}

    def do_GET(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        if path == RELOAD_PATH:
            return self._send(200, "application/json", json.dumps(self.preview.status()).encode())
        st = self.preview.status()
        script = reload_script(st["build"], self.preview.lang)
        if not self.preview.out.is_dir():   # no good build yet: say why, and wait for one
            page = f"<!doctype html><meta charset=utf-8><title>portal serve</title><body><pre>{html.escape(st['message'])}</pre></body>"
            return self._send(503, "text/html; charset=utf-8", inject(page.encode(), script))
        fs = self.translate_path(path)
        if os.path.isdir(fs) and path.endswith("/"):
            fs = os.path.join(fs, "index.html")
        if fs.endswith(".html") and os.path.isfile(fs):
            with open(fs, "rb") as fh:
                return self._send(200, "text/html; charset=utf-8", inject(fh.read(), script))
        return super().do_GET()

    def send_error(self, code, message=None, explain=None):
        """A missing page gets the site's own 404.html (MkDocs writes one), else a Chinese page;
        never http.server's English error page."""
        lang = self.preview.lang
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        body = None
        if code == 404:
            page = Path(self.preview.out) / "404.html"
            if not self.preview.pdf and path.startswith("/pdf/"):
                body = _error_page(say("serve.no_pdf", lang), lang)
            elif page.is_file():
                body = page.read_bytes()
            else:
                body = _error_page(say("serve.not_found", lang, path=path), lang)
        if body is None:
            body = _error_page(say("serve.error", lang, code=code, detail=message or ""), lang)
        if self.command == "HEAD":
            body = b""
        self.close_connection = True
        return self._send(code, "text/html; charset=utf-8", inject(body, reload_script(self.preview.status()["build"], lang)))

    def list_directory(self, path):   # a folder without index.html is not a page of the site
        self.send_error(404)
        return None

    def end_headers(self):
        self.send_header("Cache-Control", "no-store")   # a preview must never show a stale page
        super().end_headers()

    def _send(self, code: int, ctype: str, body: bytes):
        self.send_response(code)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):  # noqa: A002 — keep the terminal for build messages
        pass


def _error_page(text: str, lang: str) -> bytes:
    return (f"<!doctype html><html lang=\"{'en' if lang == 'en' else 'zh-CN'}\"><meta charset=utf-8>"
            f"<title>{html.escape(text.split('。')[0])}</title><body><p>{html.escape(text)}</p>"
            f"<p><a href=\"/\">{html.escape(say('serve.home', lang))}</a></p></body></html>").encode()


def run_serve(ctx: RunContext, args) -> int:
    root, lang = ctx.root.resolve(), ctx.lang
    tmp = None if args.out else Path(tempfile.mkdtemp(prefix="portal-serve-"))
    # --as-of as typed, not ctx.as_of: without it a preview left running past midnight moves on
    preview = Preview(root, Path(args.out).resolve() if args.out else tmp / "site", ctx.as_of_option, lang, args.pdf)
    stop = threading.Event()
    handler = type("PreviewHandler", (Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((args.host, args.port), partial(handler, directory=str(preview.out)))
    except OSError as exc:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        raise UsageError(say("serve.port", lang, host=args.host, port=args.port, detail=exc.strerror)) from None
    server.daemon_threads = True
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        preview.build()
        watcher = threading.Thread(target=preview.watch, args=(stop, args.interval), daemon=True)
        watcher.start()
        host, port = server.server_address[:2]
        print(say("serve.url", lang, url=f"http://{host}:{port}/"), flush=True)
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    finally:
        stop.set()
        server.server_close()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)
        print(say("serve.stopped", lang), file=sys.stderr, flush=True)
    return 0


def _interrupt(signum, frame):
    raise KeyboardInterrupt
