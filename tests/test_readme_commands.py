"""Issue 21 §6: the README works as written.

Every fenced shell command of README.md is extracted and run, in the README's order, on a copy of
the embedded demo (one copy per walkthrough section); between commands the test makes exactly the
edits the README's prose asks for (fill the placeholders, the dates, the panel it shows). Each
command must do what the README says: exit code, files produced, the summary it prints. `portal …`
runs as `sys.executable -m generator …`; `make site` runs its Makefile recipe; `make test` is only
checked (it would run this suite). A README command the plan below does not know fails the test:
a new command needs its expectation here.

The docs the README links are references, not walkthroughs: their fenced commands are synopses
(`[--no-pdf]`, `DIR`) or need what a test cannot have (a 1,500-college tree, a git remote, a
server that runs until stopped). For those, every `portal VERB --option` must exist in the verb's
`--help`, every `make TARGET` in the Makefile, and anything else is listed in NOT_RUN with why."""
from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from builders import REPO
from generator.cli import VERBS

README = REPO / "README.md"
DEMO = ("site_config.yml", "content", "institutions")
FENCE = re.compile(r"^\s*```(?:sh|bash|shell|console)\s*$")
ENV = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
ENV["PYTHONPATH"] = str(REPO)
COLLEGE, REVIEWED = "4111010011", "4111010001"
PLACEHOLDER = re.compile(r"（请填写([^）]*)）")


def fenced(text: str) -> list[tuple[str, str]]:
    """(`## ` section, command) for every line of every shell fence; comments dropped."""
    out, section, inside = [], "", False
    for line in text.splitlines():
        if not inside and line.startswith("## "):
            section = line[3:].strip()
        if not inside and FENCE.match(line):
            inside = True
        elif inside and line.strip().startswith("```"):
            inside = False
        elif inside:
            cmd = re.split(r"\s+#", " " + line.strip(), maxsplit=1)[0].strip()
            if cmd:
                out.append((section, cmd))
    return out


def make_recipe(target: str) -> list[str]:
    text = (REPO / "Makefile").read_text(encoding="utf-8")
    found = re.search(rf"^{re.escape(target)}:[^\n]*\n((?:\t[^\n]*\n)*)", text, re.M)
    assert found, f"Makefile has no target {target}"
    values = dict(re.findall(r"^(\w+) :?= (\S+)", text, re.M))
    lines = []
    for raw in found.group(1).splitlines():
        line = raw.strip()
        while (expanded := re.sub(r"\$\((\w+)\)", lambda m: values.get(m.group(1), m.group(0)), line)) != line:
            line = expanded
        lines.append(line.replace(".venv/bin/portal", "portal"))
    return lines


def run(cmd: str, cwd: Path) -> subprocess.CompletedProcess:
    argv = shlex.split(cmd)
    if argv[0] == "portal":
        argv = [sys.executable, "-m", "generator", *argv[1:]]
    elif argv[0] == "make":
        (portal_line,) = [ln for ln in make_recipe(argv[1]) if ln.startswith("portal ")]
        return run(portal_line, cwd)
    return subprocess.run(argv, cwd=cwd, capture_output=True, text=True, env=ENV, timeout=900)


# --- the edits the README's prose asks for ---------------------------------------------------
def fill_placeholders(path: Path, published_on: str) -> None:
    text = PLACEHOLDER.sub(lambda m: f"示例：{m.group(1)}。", path.read_text(encoding="utf-8"))
    text = re.sub(r"^published_on:.*$", f"published_on: {published_on}", text, flags=re.M)
    text = re.sub(r"^signed_on:\s*$", f"signed_on: {published_on}", text, flags=re.M)   # every date is left open
    path.write_text(text, encoding="utf-8")


def college_edits(root: Path, readme: str) -> None:
    """Step 2 "编辑": replace every placeholder; published_on = the day it went up on the campus site."""
    for rel in NEW_MATERIALS:
        fill_placeholders(root / rel, "2027-02-25")


def round_edits(root: Path, readme: str) -> None:
    """Steps 2–3: announced_on (by 12-31), each review's start/end, and the panel the README shows."""
    panel = re.search(r"`(panel: \{[^`]+\})`", readme).group(1)
    path = root / "content/rounds/2028/round.yml"
    text = re.sub(r"^announced_on: .*$", "announced_on: 2027-12-20", path.read_text(encoding="utf-8"), flags=re.M)
    text = re.sub(r"^(\s+)start:.*$", r"\1start: 2028-04-10", text, flags=re.M)
    text = re.sub(r"^(\s+)end:.*$", r"\1end: 2028-04-12", text, flags=re.M)
    entry = re.search(rf'^  - institution: "{REVIEWED}".*\n(?:    .*\n)*', text, re.M)
    assert entry, f"{REVIEWED} is not in the 2028 sample the README draws"
    text = text[:entry.end()] + f"    {panel}\n" + text[entry.end():]
    path.write_text(text, encoding="utf-8")


def review_edits(root: Path, readme: str) -> None:
    """Step 4: every element's match, the measures, the panel's opinion and the day the verdict
    was published (after the review): the scaffold leaves all of them open."""
    path = root / f"content/rounds/2028/reviews/{REVIEWED}.yml"
    text = path.read_text(encoding="utf-8").replace("{match: null}", "{match: true}")
    path.write_text(re.sub(r"^measures:\s*$", "measures: strong", text, flags=re.M), encoding="utf-8")
    fill_placeholders(path, "2028-04-20")


def ledger_lines(root: Path) -> int:
    return len((root / "content/ledger/publications.jsonl").read_text(encoding="utf-8").splitlines())


@dataclass
class Step:
    cmd: str
    code: int = 0
    creates: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()            # not there after the command
    says: tuple[str, ...] = ()               # in stdout or stderr
    before: Callable | None = None
    after: Callable | None = None            # (root, result) → extra assertions


NEW_MATERIALS = (f"institutions/{COLLEGE}/materials/2026/state-data-report.md",
                 f"institutions/{COLLEGE}/materials/2026/annual-self-diagnosis-jwc.md",
                 f"institutions/{COLLEGE}/materials/regional-plan.md",
                 f"institutions/{COLLEGE}/self-diagnosis/2027.yml")
CLEAN = "共 0 个错误"
BUILT = ("公示站已生成", "数据检查：共 0 个错误")


def no_finding_on_new_files(root, res):
    """The new files raise nothing but `ledger.unrecorded`: the secretariat records them on publish."""
    lines = [ln for ln in (res.stdout + res.stderr).splitlines() if "[ledger.unrecorded]" not in ln]
    assert not any(rel in ln for ln in lines for rel in NEW_MATERIALS), "\n".join(lines)
    assert all(any(f"{rel}:1:" in ln for ln in res.stdout.splitlines()) for rel in NEW_MATERIALS), res.stdout


def site_of_2028(root, res):
    assert (root / f"site/reviews/2028/{REVIEWED}/index.html").is_file()
    assert (root / f"site/pdf/{REVIEWED}/verdict-2028.pdf").is_file()


PLAN: dict[str, list[Step]] = {
    "两条命令 / Two commands": [
        Step("make site", creates=("site/index.html", "site/404.html", f"site/pdf/{REVIEWED}/verdict-2025.pdf"),
             says=BUILT + ("个警告",)),
        Step("make test"),                   # checked, not run: it is this suite
    ],
    "院校：公示一份材料 / For a college": [
        Step(f"portal new material --institution {COLLEGE} --kind state_data_report --year 2026",
             creates=NEW_MATERIALS[0:1], says=("已创建",)),
        Step(f"portal new material --institution {COLLEGE} --kind annual_self_diagnosis --year 2026 --unit jwc",
             creates=NEW_MATERIALS[1:2], says=("已创建",)),
        Step(f"portal new material --institution {COLLEGE} --kind regional_plan",
             creates=NEW_MATERIALS[2:3], says=("已创建",)),
        Step(f"portal new material --institution {COLLEGE} --kind self_diagnosis_report --year 2027",
             creates=NEW_MATERIALS[3:4], says=("已创建",)),
        Step(f"portal check --institution {COLLEGE} --as-of 2027-03-01", says=(CLEAN,), before=college_edits,
             after=no_finding_on_new_files),
    ],
    "秘书处：一年的工作 / For the secretariat: the yearly cycle": [
        Step("portal sample --year 2028 --seed 2027-12-01 --as-of 2027-12-01", says=(REVIEWED,),
             absent=("content/rounds/2028/round.yml",)),
        Step("portal sample --year 2028 --seed 2027-12-01 --as-of 2027-12-01 --write",
             creates=("content/rounds/2028/round.yml",), says=("已写出",)),
        Step("portal check --as-of 2027-12-20", says=(CLEAN,), before=round_edits),
        Step(f"portal new review --year 2028 --institution {REVIEWED}",
             creates=(f"content/rounds/2028/reviews/{REVIEWED}.yml",), says=("已创建",)),
        Step("portal verify", before=review_edits, says=("公示台账验证通过",)),
        Step("portal publish", says=("公示台账新增",)),
        Step("portal build --as-of 2028-05-01", creates=("site/index.html",), says=BUILT, after=site_of_2028),
    ],
}

# Fenced commands of linked docs that are not run, and why (checked as far as possible below).
NOT_RUN = {
    "python -m http.server -d site 8000": "Python's own server, runs until stopped",
    'templates/ci/scope.sh "$PR_HEAD_SHA" "@$PR_AUTHOR"': "tests/test_scope_ci.py runs it in a scratch repository",
}


def readme_commands() -> list[tuple[str, str]]:
    return fenced(README.read_text(encoding="utf-8"))


def linked_doc_commands() -> list[tuple[str, str]]:
    text = README.read_text(encoding="utf-8")
    docs = sorted(set(re.findall(r"\]\((docs/[^)#\s]+\.md)\)", text)))
    return [(doc, cmd) for doc in docs for _, cmd in fenced((REPO / doc).read_text(encoding="utf-8"))]


def test_every_readme_command_has_an_expectation():
    planned = [(section, step.cmd) for section, steps in PLAN.items() for step in steps]
    assert readme_commands() == planned, "README commands changed: update PLAN in this test"


def _demo_copy(tmp_path: Path) -> Path:
    root = tmp_path / "demo"
    root.mkdir()
    for name in DEMO:
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    return root


def _walk(section: str, tmp_path: Path) -> None:
    readme = README.read_text(encoding="utf-8")
    root = _demo_copy(tmp_path)
    for step in PLAN[section]:
        if step.cmd == "make test":
            assert any("-m pytest" in line for line in make_recipe("test"))
            continue
        if step.before:
            step.before(root, readme)
        lines = ledger_lines(root)
        res = run(step.cmd, root)
        out = res.stdout + res.stderr
        assert res.returncode == step.code, f"{step.cmd}: exit {res.returncode}\n{out[-3000:]}"
        for rel in step.creates:
            assert (root / rel).exists(), f"{step.cmd}: {rel} not produced"
        for rel in step.absent:
            assert not (root / rel).exists(), f"{step.cmd}: {rel} should not exist yet"
        for text in step.says:
            assert text in out, f"{step.cmd}: '{text}' not printed\n{out[-3000:]}"
        if step.cmd == "portal publish":   # appends only, never rewrites
            assert ledger_lines(root) >= lines, "portal publish shortened the ledger"
        if step.after:
            step.after(root, res)


def test_college_walkthrough(tmp_path):
    _walk("院校：公示一份材料 / For a college", tmp_path)


@pytest.mark.slow
def test_two_commands(tmp_path):
    _walk("两条命令 / Two commands", tmp_path)


@pytest.mark.slow
def test_secretariat_walkthrough(tmp_path):
    _walk("秘书处：一年的工作 / For the secretariat: the yearly cycle", tmp_path)


def test_the_readme_says_why_file_urls_do_not_work():
    text = README.read_text(encoding="utf-8")
    first = text.split("\n## ")[1]
    assert "file://" in first and "make serve" in first and "--pdf" in first
    assert "用浏览器打开 `site/index.html`" not in text


def _help(verb: str) -> str:
    res = subprocess.run([sys.executable, "-m", "generator", verb, "--help"], capture_output=True, text=True,
                         env=ENV, cwd=REPO)
    assert res.returncode == 0, res.stderr
    return res.stdout


@pytest.mark.parametrize("doc, cmd", linked_doc_commands())
def test_linked_doc_command_is_real(doc, cmd):
    argv = cmd.split()
    if cmd in NOT_RUN:
        return
    if argv[0] == "make":
        make_recipe(argv[1])
    elif argv[0] == "portal":
        assert argv[1] in VERBS, f"{doc}: portal {argv[1]}"
        helptext = _help(argv[1])
        for opt in re.findall(r"(--[a-z][a-z-]*)", cmd):
            assert opt in helptext, f"{doc}: {cmd}: portal {argv[1]} has no {opt}"
    elif argv[:2] == [".venv/bin/python", "benchmarks/run.py"]:
        helptext = subprocess.run([sys.executable, "benchmarks/run.py", "--help"], capture_output=True, text=True,
                                  cwd=REPO, env=ENV).stdout
        for opt in re.findall(r"(--[a-z][a-z-]*)", cmd):
            assert opt in helptext, f"{doc}: {cmd}: no {opt}"
    else:
        pytest.fail(f"{doc}: `{cmd}` is neither run nor checked: add it to NOT_RUN with a reason")


def test_not_run_list_is_current():
    listed = {cmd for _, cmd in linked_doc_commands()}
    assert set(NOT_RUN) <= listed, set(NOT_RUN) - listed
