"""`portal check` through its cache (issue 24): a cached check equals `--no-cache`, on the demo and
on a perturbed synthetic tree; an edited cache entry is a logged miss, never a changed result."""
import os
import re
import shutil
from pathlib import Path

import pytest

from builders import REPO
from conftest import run_portal
from generator.check_cache import FOLDER

DEMO_AS_OF = re.search(r"^DEMO_AS_OF := (\S+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
SYNTH_AS_OF = "2026-07-01"


def check(root: Path, as_of: str, *extra):
    res = run_portal("check", "--root", root, "--as-of", as_of, "--format", "json", *extra)
    assert res.returncode in (0, 1), res.stderr
    return res


def same(a, b) -> bool:
    return (a.returncode, a.stdout) == (b.returncode, b.stdout)


def copy_demo(dst: Path) -> Path:
    dst.mkdir()
    shutil.copy2(REPO / "site_config.yml", dst / "site_config.yml")
    for name in ("content", "institutions"):
        shutil.copytree(REPO / name, dst / name, symlinks=True)
    return dst


@pytest.fixture(scope="module")
def synth(tmp_path_factory):
    out = tmp_path_factory.mktemp("checkcache") / "root"
    res = run_portal("synth", "--colleges", 12, "--seed", "24", "--year", "2026", "--out", out)
    assert res.returncode == 0, res.stderr
    return out


def test_demo_cached_equals_no_cache(tmp_path):
    root = copy_demo(tmp_path / "demo")
    fresh = check(root, DEMO_AS_OF, "--no-cache")
    assert not (root / ".portal-cache").exists()          # --no-cache writes nothing either
    cold = check(root, DEMO_AS_OF)
    assert (root / FOLDER / "result.json").is_file() and any((root / FOLDER / "load").iterdir())
    warm = check(root, DEMO_AS_OF)
    assert same(fresh, cold) and same(fresh, warm)
    assert "缓存" not in cold.stderr + warm.stderr          # nothing logged on an honest cache
    other_day = check(root, "2026-12-31")                   # the date is part of the key
    assert same(other_day, check(root, "2026-12-31", "--no-cache"))


def test_perturbed_synthetic_tree_cached_equals_no_cache(synth, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(synth, root)
    before = check(root, SYNTH_AS_OF)                        # fills the cache
    assert same(before, check(root, SYNTH_AS_OF, "--no-cache"))
    cols = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())
    inst = cols[0] / "institution.yml"                      # one college breaks
    inst.write_text(inst.read_text(encoding="utf-8") + "studnets: 1\n", encoding="utf-8")
    mat = sorted(cols[1].glob("materials/*/*.md"))[0]       # another dates a material in the future
    text = mat.read_text(encoding="utf-8")
    mat.write_text(re.sub(r"published_on: \S+", "published_on: 2030-01-01", text, count=1), encoding="utf-8")
    shutil.rmtree(cols[2])                                  # a third disappears
    after = check(root, SYNTH_AS_OF)
    assert not same(before, after)
    assert same(after, check(root, SYNTH_AS_OF, "--no-cache"))
    assert "studnets" in after.stdout and "2030-01-01" in after.stdout


def test_same_size_and_time_edit_is_seen(synth, tmp_path):
    """Keys are file bytes, not size and time: a `cp -p`-style edit must not get an old result."""
    root = tmp_path / "root"
    shutil.copytree(synth, root)
    before = check(root, SYNTH_AS_OF)
    col = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[3]
    mat = sorted(col.glob("materials/*/*.md"))[0]
    st = mat.stat()
    text = mat.read_text(encoding="utf-8")
    day = re.search(r"published_on: (\d{4})", text)
    edited = text[:day.start(1)] + "2030" + text[day.end(1):]          # same length, a later year
    mat.write_text(edited, encoding="utf-8")
    os.utime(mat, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert mat.stat().st_size == st.st_size
    after = check(root, SYNTH_AS_OF)
    assert not same(before, after)
    assert same(after, check(root, SYNTH_AS_OF, "--no-cache"))


def _edit_body(path: Path, old: bytes, new: bytes) -> None:
    data = path.read_bytes()
    head, _, body = data.partition(b"\n")
    assert old in body, f"{old!r} not in {path}"
    path.write_bytes(head + b"\n" + body.replace(old, new, 1))


def test_edited_result_entry_is_a_logged_miss(tmp_path):
    root = copy_demo(tmp_path / "demo")
    fresh = check(root, DEMO_AS_OF, "--no-cache")
    check(root, DEMO_AS_OF)
    entry = root / FOLDER / "result.json"
    _edit_body(entry, b'"warning"', b'"error"')               # an edited severity
    res = check(root, DEMO_AS_OF)
    assert "校验值不符" in res.stderr and str(entry) in res.stderr
    assert same(res, fresh)
    entry.write_bytes(b"\x80\x04\x95pickle")                  # a planted file of another format
    res = check(root, DEMO_AS_OF)
    assert "不是本程序写入的缓存格式" in res.stderr
    assert same(res, fresh)


def test_edited_college_entry_is_a_logged_miss(synth, tmp_path):
    root = tmp_path / "root"
    shutil.copytree(synth, root)
    check(root, SYNTH_AS_OF)
    col = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[0]
    entry = root / FOLDER / "load" / f"{col.name}.json"
    body = entry.read_bytes().partition(b"\n")[2]
    m = re.search(rb'\{"\$D":"(\d{4})-', body)               # a date in the parsed college: a year later
    _edit_body(entry, m.group(0), m.group(0).replace(m.group(1), str(int(m.group(1)) + 1).encode()))
    (root / "content/experts.yml").write_text(                 # the whole-check entry misses too
        (root / "content/experts.yml").read_text(encoding="utf-8") + "\n", encoding="utf-8")
    res = check(root, SYNTH_AS_OF)
    assert "校验值不符" in res.stderr and str(entry) in res.stderr
    assert same(res, check(root, SYNTH_AS_OF, "--no-cache"))


def test_link_in_tree_is_never_cached(tmp_path):
    root = copy_demo(tmp_path / "demo")
    col = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[0]
    (col / "materials" / "linked.md").symlink_to(REPO / "README.md")
    res = check(root, DEMO_AS_OF)
    assert not (root / FOLDER / "result.json").exists()
    assert "file.symlink" in res.stdout and same(res, check(root, DEMO_AS_OF, "--no-cache"))


def test_unwritable_cache_does_not_fail_the_check(tmp_path):
    root = copy_demo(tmp_path / "demo")
    (root / ".portal-cache").write_text("not a folder", encoding="utf-8")
    res = check(root, DEMO_AS_OF)
    assert "Traceback" not in res.stderr
    assert same(res, check(root, DEMO_AS_OF, "--no-cache"))


def test_edited_own_findings_entry_is_a_logged_miss(tmp_path):
    """colleges.json: the findings of each college's own checks. Dropping one (a finding hidden
    from a college) is seen, logged, and the check runs as without a cache."""
    root = copy_demo(tmp_path / "demo")
    col = sorted(p for p in (root / "institutions").iterdir() if p.is_dir())[0]
    inst = col / "institution.yml"
    mat = sorted(col.glob("materials/*/*.md"))[0]
    mat.write_text(mat.read_text(encoding="utf-8") + "\n[链接](javascript:alert(1))\n", encoding="utf-8")
    fresh = check(root, DEMO_AS_OF, "--no-cache")
    check(root, DEMO_AS_OF)
    entry = root / FOLDER / "colleges.json"
    body = entry.read_bytes().partition(b"\n")[2]
    assert col.name.encode() in body
    found = re.search(rb'\{"\$c":"Finding".*?\]\}', body).group(0)
    _edit_body(entry, b"[" + found, b"[")                      # its finding dropped
    inst.write_text(inst.read_text(encoding="utf-8") + "\n", encoding="utf-8")   # result.json misses
    fresh = check(root, DEMO_AS_OF, "--no-cache")
    res = check(root, DEMO_AS_OF)
    assert "校验值不符" in res.stderr and str(entry) in res.stderr
    code = re.search(rb'"f":\["([\w.]+)"', found).group(1).decode()
    assert same(res, fresh) and f'"code": "{code}"' in res.stdout
