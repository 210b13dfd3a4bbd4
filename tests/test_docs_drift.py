"""Docs that must follow the code: the format reference lists every model field (Datasette-style),
its generated tables are fresh, and the README and templates name only commands that exist."""
import os
import re
import shutil
import subprocess

import pytest
import yaml

from builders import REPO
from conftest import run_portal
from generator import reference
from generator.cli import VERBS
from generator.modelinfo import FILES, all_models, model_fields

DOC = REPO / "docs" / "format-reference.md"


def sections(text: str) -> dict[str, str]:
    """'#### `Model`' sections of the reference, by model name."""
    parts = re.split(r"^#### `(\w+)`\s*$", text, flags=re.M)
    return {parts[i]: parts[i + 1].split("\n#", 1)[0] for i in range(1, len(parts), 2)}


@pytest.mark.parametrize("name", sorted(all_models()))
def test_every_model_field_is_documented(name):
    found = sections(DOC.read_text(encoding="utf-8"))
    assert name in found, f"docs/format-reference.md has no section for {name}: run portal schemas --reference"
    missing = [f.name for f in model_fields(all_models()[name]) if f"| `{f.name}` |" not in found[name]]
    assert missing == [], f"{name}: fields missing from docs/format-reference.md: {missing}"


def test_generated_tables_are_fresh():
    text = DOC.read_text(encoding="utf-8")
    assert sorted(reference.blocks(text)) == sorted(FILES)
    assert reference.refresh(text) == text, "run: portal schemas --reference docs/format-reference.md"


def test_a_missing_field_is_caught(tmp_path):
    text = DOC.read_text(encoding="utf-8")
    row = next(ln for ln in text.splitlines() if ln.startswith("| `effects_pending` |"))
    stale = tmp_path / "ref.md"
    stale.write_text(text.replace(row + "\n", ""), encoding="utf-8")
    assert "effects_pending" not in sections(stale.read_text(encoding="utf-8"))["ElementReport"]
    res = run_portal("schemas", "--check", "--root", REPO, "--reference", stale)
    assert res.returncode == 1 and "ref.md" in res.stderr
    assert run_portal("schemas", "--out", tmp_path / "s", "--reference", stale).returncode == 0
    assert "| `effects_pending` |" in stale.read_text(encoding="utf-8")


def commands(text: str) -> list[tuple[str, str]]:
    """`portal VERB` / `make TARGET` where written as a command: in backticks or at a line's start."""
    return re.findall(r"(?:`|^[ \t]*(?:- |run: |entry: |exec )?|&& )(portal|make) ([a-z][a-z-]*)", text, re.M)


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][\w-]*):", (REPO / "Makefile").read_text(encoding="utf-8"), re.M))


@pytest.mark.parametrize("rel", ["README.md", "docs/format-reference.md", ".pre-commit-hooks.yaml",
                                 "templates/ci/github-actions.yml", "templates/ci/gitlab-ci.yml",
                                 "templates/ci/scope.sh", "templates/ci/deploy.sh"])
def test_documented_commands_exist(rel):
    text = (REPO / rel).read_text(encoding="utf-8")
    for tool, word in commands(text):
        if tool == "portal":
            assert word in VERBS, f"{rel}: portal {word}"
        else:
            assert word in make_targets(), f"{rel}: make {word}"


def test_readme_is_the_front_door():
    text = (REPO / "README.md").read_text(encoding="utf-8")
    assert "make test" in text and "make site" in text
    first = text.split("\n## ")[1]                      # the set-up commands come first
    assert "make site" in first and "make test" in first and "http://127.0.0.1:8000/" in first
    demo_date = re.search(r"^DEMO_AS_OF := (\S+)", (REPO / "Makefile").read_text(encoding="utf-8"), re.M).group(1)
    assert demo_date in text
    for link in ("docs/format-reference.md", "templates/nginx.conf", "templates/ci/github-actions.yml",
                 "templates/ci/gitlab-ci.yml", ".pre-commit-hooks.yaml", "docs/demo-story.md"):
        assert f"]({link}" in text, link
    for verb in ("sample", "new", "check", "publish", "build", "serve", "scope"):
        assert f"portal {verb}" in text, verb


def test_pre_commit_hook():
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (hook,) = hooks
    assert hook["id"] == "portal-check" and hook["entry"].split() == ["portal", "check"]
    assert hook["pass_filenames"] is False and hook["language"] == "python"
    assert re.search(hook["files"], "institutions/4111010001/materials/2024/a.md")
    assert not re.search(hook["files"], "generator/cli.py")
    assert 'args: [--institution, "4111010001"]' in (REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("rel", ["templates/ci/github-actions.yml", "templates/ci/gitlab-ci.yml"])
def test_ci_templates(rel):
    text = (REPO / rel).read_text(encoding="utf-8")
    assert isinstance(yaml.safe_load(text), dict)
    for step in ("portal check", "portal build", "portal publish",     # scope.sh: tests/test_scope_ci.py
                 "templates/ci/deploy.sh", "content/ledger/"):
        assert step in text, step
    assert "pull_request_target" not in text.replace("never pull_request_target", "")


def test_shell_templates_parse():
    for rel in ("templates/ci/scope.sh", "templates/ci/deploy.sh"):
        assert subprocess.run(["bash", "-n", REPO / rel]).returncode == 0, rel
        assert os.access(REPO / rel, os.X_OK), rel


def test_deploy_swaps_atomically_and_keeps_old_releases(tmp_path):
    site, host = tmp_path / "site", tmp_path / "srv"
    site.mkdir()
    env = {**os.environ, "DEPLOY_PATH": str(host), "DEPLOY_KEEP": "2", "DEPLOY_HOST": ""}
    for i in range(1, 4):
        (site / "index.html").write_text(f"v{i}", encoding="utf-8")
        res = subprocess.run([REPO / "templates/ci/deploy.sh", site, f"2027030{i}T000000Z-abc"], env=env,
                             capture_output=True, text=True)
        assert res.returncode == 0, res.stderr
        assert (host / "current" / "index.html").read_text(encoding="utf-8") == f"v{i}"
        assert os.readlink(host / "current") == f"releases/2027030{i}T000000Z-abc"
    assert sorted(p.name for p in (host / "releases").iterdir()) == ["20270302T000000Z-abc", "20270303T000000Z-abc"]
    res = subprocess.run([REPO / "templates/ci/deploy.sh", tmp_path / "empty", "x"], env=env, capture_output=True, text=True)
    assert res.returncode == 1 and "portal build" in res.stderr
    assert (host / "current" / "index.html").read_text(encoding="utf-8") == "v3"


def test_nginx_example():
    text = (REPO / "templates/nginx.conf").read_text(encoding="utf-8")
    body = re.sub(r"#.*", "", text)
    body = re.sub(r'"[^"]*"', '""', body)
    assert body.count("{") == body.count("}")
    for mime in ("text/calendar", "text/csv", "application/json", "application/pdf", "application/atom+xml"):
        assert f"default_type {mime};" in text, mime
    for needle in ("charset utf-8;", "X-Content-Type-Options nosniff", "Content-Security-Policy",
                   "^/pagefind(-colleges/[^/]+)?/", "immutable", "root /srv/zhengai/current;"):
        assert needle in text, needle


def test_readme_secretariat_walkthrough_produces_next_years_round(tmp_path):
    """The README's yearly cycle, command by command, on a copy of the demo: sample → announce → review."""
    demo = tmp_path / "demo"
    demo.mkdir()
    for name in ("site_config.yml", "content", "institutions"):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy)(src, demo / name)
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## 秘书处")[1].split("\n## ")[0]
    steps = re.findall(r"^\s*(portal (?:sample|new review) [^#\n]*?)\s*(?:#.*)?$", section, re.M)
    assert [s.split()[1] for s in steps] == ["sample", "sample", "new"]
    year = re.search(r"--year (\d{4})", steps[0]).group(1)

    def run(cmd, *extra):
        res = run_portal(*cmd.split()[1:], "--root", demo, *extra)
        assert res.returncode == 0, (cmd, res.stdout, res.stderr)
        return res

    run(steps[0])
    assert not (demo / f"content/rounds/{year}/round.yml").exists()
    run(steps[1])
    draft = demo / f"content/rounds/{year}/round.yml"
    text = draft.read_text(encoding="utf-8")
    # Step 2 of the README: the secretariat fills in the dates and announces the list.
    days = iter(range(1, 100))
    text = re.sub(r"(start|end):\s+#.*", lambda mt: f"{mt.group(1)}: {year}-05-{10 + next(days) // 2:02d}", text)
    text = re.sub(r"announced_on: \S+", f"announced_on: {int(year) - 1}-12-20", text)
    draft.write_text(text, encoding="utf-8")
    run(f"portal check --as-of {int(year) - 1}-12-20")
    run(steps[2], "--as-of", f"{year}-06-30")
    code = re.search(r"--institution (\d{10})", steps[2]).group(1)
    review = demo / f"content/rounds/{year}/reviews/{code}.yml"
    # Step 4: a fresh template is refused until the secretariat fills it in (issue 18 §3).
    res = run_portal("check", "--as-of", f"{year}-06-30", "--root", demo)
    assert res.returncode == 1 and "[content.placeholder]" in res.stdout and "[schema.missing]" in res.stdout
    text = review.read_text(encoding="utf-8").replace("{match: null}", "{match: true}")
    text = re.sub(r"（请填写[^）]*）", "专家组意见", text).replace("measures:\n", "measures: strong\n")
    review.write_text(text.replace("published_on:\n", f"published_on: {year}-06-30\n"), encoding="utf-8")
    run(f"portal check --as-of {year}-06-30")
