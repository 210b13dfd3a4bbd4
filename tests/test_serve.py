"""`portal serve`: builds, serves on localhost, rebuilds when a source file changes, and tells the
browser to reload — with the reload script only in served HTML, never in the built files."""
import json
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from builders import CODE_B, REPO

BUILD_WAIT = 180     # seconds: a generous bound for one scratch build on a slow machine


class Server:
    def __init__(self, root, out):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--root", str(root), "--out", str(out),
             "--as-of", "2025-06-01", "--port", "0", "--interval", "0.2"],
            cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.lines: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.url = self._wait_for_url()

    def _read(self):
        for line in self.proc.stdout:
            self.lines.put(line)

    def _wait_for_url(self) -> str:
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.5)
            except queue.Empty:
                assert self.proc.poll() is None, self.proc.stderr.read()
                continue
            found = re.search(r"http://[\d.]+:\d+/", line)
            if found:
                return found.group()
        raise AssertionError("portal serve printed no address")

    def get(self, path=""):
        with urllib.request.urlopen(self.url + path, timeout=30) as r:
            return r.status, r.headers, r.read()

    def status(self) -> dict:
        return json.loads(self.get("__reload")[2])

    def wait_for(self, predicate, what):
        deadline = time.monotonic() + BUILD_WAIT
        while time.monotonic() < deadline:
            st = self.status()
            if predicate(st):
                return st
            time.sleep(0.2)
        raise AssertionError(f"timed out waiting for {what}; last status {st}")

    def stop(self) -> int:
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout=20)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


@pytest.fixture
def server(root, tmp_path):
    srv = Server(root.path, tmp_path / "preview")
    yield srv
    if srv.proc.poll() is None:
        srv.stop()


def test_serve_rebuilds_and_reloads(root, server, tmp_path):
    assert server.url.startswith("http://127.0.0.1:")
    code, headers, body = server.get()
    page = body.decode("utf-8")
    assert code == 200 and headers["Content-Type"].startswith("text/html")
    assert "/__reload" in page and "var seen=1" in page      # the live-reload script, this build
    assert server.status() == {"build": 1, "ok": True, "message": ""}
    assert "测试财经职业学院" in server.get(f"colleges/{CODE_B}/")[2].decode("utf-8")

    # Change a source file: the counter advances and the page shows the change.
    root.replace(f"institutions/{CODE_B}/institution.yml", "name: 测试财经职业学院", "name: 测试商务职业学院")
    server.wait_for(lambda s: s["build"] >= 2, "a rebuild after the change")
    page = server.get(f"colleges/{CODE_B}/")[2].decode("utf-8")
    assert "测试商务职业学院" in page and "var seen=2" in page

    # Break it: the last good site stays up and the status says why; fixing it rebuilds.
    root.replace(f"institutions/{CODE_B}/institution.yml", "region: 西城区", "region: [西城区")
    st = server.wait_for(lambda s: not s["ok"], "the failed build")
    assert st["build"] == 2 and "yaml.syntax" in st["message"]
    assert server.get(f"colleges/{CODE_B}/")[0] == 200
    root.replace(f"institutions/{CODE_B}/institution.yml", "region: [西城区", "region: 西城区")
    assert server.wait_for(lambda s: s["ok"], "the repaired build")["build"] == 3

    # Other files are served as built, with their types; nothing served is cached.
    code, headers, _ = server.get("calendar.ics")
    assert code == 200 and headers["Content-Type"].startswith("text/calendar") and headers["Cache-Control"] == "no-store"
    with pytest.raises(urllib.error.HTTPError) as exc:
        server.get("no-such-page/")
    assert exc.value.code == 404

    assert server.stop() == 0
    built = list((tmp_path / "preview").rglob("*.html"))
    assert built and not [p for p in built if "__reload" in p.read_text(encoding="utf-8")]


def test_serve_refuses_a_folder_without_data(tmp_path):
    res = subprocess.run([sys.executable, "-m", "generator", "serve", "--root", str(tmp_path), "--port", "0"],
                         cwd=REPO, capture_output=True, text=True, timeout=60)
    assert res.returncode == 2 and "site_config.yml" in res.stderr
