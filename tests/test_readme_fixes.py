"""Issue 21 §6, the fixes behind "the README works as written": `portal serve` answers a missing
page in Chinese (the site's own 404.html when it has one) and explains missing PDFs; an old Python
gets a message, not a traceback; pyproject's license is an SPDX string; `portal build` ends with a
summary of the warnings."""
from __future__ import annotations

import ast
import subprocess
import sys
import threading
import tomllib
import urllib.error
import urllib.request
from functools import partial
from http.server import ThreadingHTTPServer
from pathlib import Path
from types import SimpleNamespace

import pytest

from builders import REPO
from generator import serve
from generator.build import BuildResult, warnings_summary
from generator.context import RunContext


@pytest.fixture
def preview(tmp_path):
    """The preview's HTTP handler on a built folder, without building (a served folder is enough)."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "index.html").write_text("<html><body>首页</body></html>", encoding="utf-8")
    (out / "empty").mkdir()
    state = serve.Preview(tmp_path, out, "2027-03-01", "zh", pdf=False)
    handler = type("H", (serve.Handler,), {"preview": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(out)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_address[1]}", out=out, state=state)
    server.shutdown()
    server.server_close()


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.headers, r.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8")


def test_missing_page_is_chinese_without_a_404_html(preview):
    code, headers, body = fetch(preview.url + "/no/such/page/")
    assert code == 404 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "找不到页面 /no/such/page/" in body and "返回首页" in body
    assert "Error response" not in body and "Nothing matches" not in body     # http.server's English page


def test_missing_page_is_the_sites_own_404(preview):
    (preview.out / "404.html").write_text("<html><body><h1>页面不存在</h1></body></html>", encoding="utf-8")
    code, _, body = fetch(preview.url + "/colleges/9999999999/")
    assert code == 404 and "<h1>页面不存在</h1>" in body
    assert "/__reload" in body                                   # the preview still reloads from it


def test_a_folder_without_index_is_not_listed(preview):
    code, _, body = fetch(preview.url + "/empty/")
    assert code == 404 and "Directory listing" not in body


def test_pdf_missing_in_the_preview_says_how_to_get_it(preview):
    code, _, body = fetch(preview.url + "/pdf/4111010001/verdict-2025.pdf")
    assert code == 404 and "portal serve --pdf" in body
    preview.state.pdf = True                                     # built with PDFs: a plain 404
    code, _, body = fetch(preview.url + "/pdf/4111010001/verdict-2025.pdf")
    assert code == 404 and "portal serve --pdf" not in body and "找不到页面" in body


def test_other_errors_are_chinese(preview):
    req = urllib.request.Request(preview.url + "/", method="POST", data=b"x")
    try:
        urllib.request.urlopen(req, timeout=10)
        raise AssertionError("POST accepted")
    except urllib.error.HTTPError as err:
        assert err.code == 501 and "出错了（501）" in err.read().decode("utf-8")


def test_old_python_gets_a_message_not_a_traceback():
    init = (REPO / "generator/__init__.py").read_text(encoding="utf-8")
    ast.parse(init, feature_version=(3, 6))                      # an old Python can read the guard
    code = "import sys; sys.version_info = (3, 10, 13, 'final', 0); import generator.cli"
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert res.returncode == 2
    assert "需要 Python 3.11 或更高版本，当前是 Python 3.10" in res.stderr and "Traceback" not in res.stderr
    assert "PYTHON=python3.11" in res.stderr


def test_make_venv_refuses_an_old_python(tmp_path):
    fake = tmp_path / "python3"
    fake.write_text("#!/bin/sh\n[ \"$1\" = --version ] && { echo 'Python 3.10.13'; exit 0; }\nexit 1\n")
    fake.chmod(0o755)
    work = tmp_path / "w"
    work.mkdir()
    for name in ("Makefile", "pyproject.toml"):
        (work / name).write_bytes((REPO / name).read_bytes())
    res = subprocess.run(["make", "-s", "venv", f"PYTHON={fake}"], cwd=work, capture_output=True, text=True)
    assert res.returncode != 0 and "需要 Python 3.11 或更高版本" in res.stdout + res.stderr
    assert not (work / ".venv").exists()


def test_license_is_an_spdx_string():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["license"] == "MIT"                # a table is deprecated by setuptools
    (req,) = [r for r in project["build-system"]["requires"] if r.startswith("setuptools")]
    assert req == "setuptools>=77"                               # the first to read an SPDX string


def test_build_summary_names_the_warnings():
    res = BuildResult(True, warnings=3, warning_codes={"material.late": 2, "panel.conflict": 1})
    line = warnings_summary(res, RunContext(Path("."), "zh", as_of_option="2027-03-01"))
    assert line == ("数据检查：共 0 个错误，3 个警告（material.late 2，panel.conflict 1），已在网站上公示；"
                    "逐条查看：portal check --as-of 2027-03-01")
    assert warnings_summary(BuildResult(True), RunContext(Path("."), "zh")) == "数据检查：共 0 个错误，0 个警告"
    assert "2 warning(s)" in warnings_summary(BuildResult(True, warnings=2, warning_codes={"x": 2}),
                                              RunContext(Path("."), "en"))
