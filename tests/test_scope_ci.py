"""Issue 20 §3: the CI scope template cannot be bypassed from the pull request.

A scratch repository holds a copy of the generator, the CI template and two colleges. The "base
checkout" is a second worktree of the base branch, as CI prepares it; pull requests are branches
whose commits are only fetched (shared objects), never checked out there. Every case is tried
both ways: the attack is rejected and the legitimate neighbour is accepted."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
import yaml

from builders import REPO

A, B = "4111010001", "4111010002"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
       "PORTAL_PYTHON": sys.executable, "PORTAL_SECRETARIAT": "@secretariat-bot"}
ENV.pop("PYTHONPATH", None)
BYPASSED_SCOPE = "#!/usr/bin/env bash\nexit 0\n"


def institution(code: str, *maintainers: str) -> str:
    handles = ", ".join(f'"{m}"' for m in maintainers)
    return f'code: "{code}"\nname: 测试学院{code[-1]}\nmaintainers: [{handles}]\n'


class Scratch:
    def __init__(self, root):
        self.work = root / "work"            # where pull-request branches are made
        self.base = root / "base"            # CI's separate checkout of the base branch

    def git(self, *args, cwd=None):
        res = subprocess.run(["git", "-C", str(cwd or self.work), *args], capture_output=True, text=True, env=ENV)
        assert res.returncode == 0, res.stderr
        return res.stdout.strip()

    def write(self, rel, text="x\n"):
        p = self.work / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def commit(self, msg="c"):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", msg, "--allow-empty")
        return self.git("rev-parse", "HEAD")

    def branch(self, name, start="main"):
        self.git("checkout", "-q", "-b", name, start)

    def merge_to_main(self, sha):
        self.git("checkout", "-q", "main")
        self.git("merge", "-q", "--ff-only", sha)

    def refresh_base(self):
        """CI checks out the base branch tip afresh for every run."""
        self.git("checkout", "-q", "--detach", "main", cwd=self.base)

    def ci(self, head, author, checkout=None):
        """The CI step: the base checkout's own scope.sh, given the head and the PR's author."""
        script = (checkout or self.base) / "templates/ci/scope.sh"
        return subprocess.run([str(script), head, author], capture_output=True, text=True, env=ENV,
                              cwd=self.work)


@pytest.fixture
def repo(tmp_path):
    r = Scratch(tmp_path)
    r.work.mkdir()
    r.git("init", "-q", "-b", "main")
    shutil.copytree(REPO / "generator", r.work / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(REPO / "templates/ci", r.work / "templates/ci")
    r.write(f"institutions/{A}/institution.yml", institution(A, "@alice"))
    r.write(f"institutions/{A}/materials/a.md", "a\n")
    r.write(f"institutions/{B}/institution.yml", institution(B, "@bob"))
    r.write(f"institutions/{B}/materials/b.md", "b\n")
    r.write("site_config.yml", "site: {}\n")
    r.commit("base")
    r.git("worktree", "add", "-q", "--detach", str(r.base), "main")
    return r


def test_own_folder_accepted_other_college_rejected(repo):
    repo.branch("own")
    repo.write(f"institutions/{A}/materials/a.md", "updated\n")
    own = repo.commit()
    res = repo.ci(own, "@alice")
    assert res.returncode == 0, res.stdout + res.stderr

    repo.branch("other")                         # (a): only B's folder, so the old template picked B
    repo.write(f"institutions/{B}/materials/b.md", "hijacked by alice\n")
    other = repo.commit()
    res = repo.ci(other, "@alice")
    assert res.returncode == 1
    assert f"institutions/{B}/materials/b.md" in res.stdout


def test_pr_rewriting_scope_sh_is_still_checked_by_the_base(repo):
    repo.branch("evil")
    repo.write("templates/ci/scope.sh", BYPASSED_SCOPE)
    repo.write(f"institutions/{B}/materials/b.md", "hijacked\n")
    evil = repo.commit()
    pr_checkout = repo.work                      # the PR's own script really is a bypass ...
    assert subprocess.run([str(pr_checkout / "templates/ci/scope.sh"), evil, "@alice"]).returncode == 0
    res = repo.ci(evil, "@alice")                # ... but CI runs the base's script
    assert res.returncode == 1
    assert "templates/ci/scope.sh" in res.stdout and f"institutions/{B}/materials/b.md" in res.stdout
    # The secretariat may change the template itself.
    assert repo.ci(evil, "@secretariat-bot").returncode == 0


def test_pr_changing_the_generator_is_checked_by_the_base_generator(repo):
    repo.branch("evil")
    scope_py = repo.work / "generator/scope.py"
    scope_py.write_text(scope_py.read_text(encoding="utf-8").replace(
        "def run_scope(ctx: RunContext, args) -> int:\n",
        "def run_scope(ctx: RunContext, args) -> int:\n    return 0\n"), encoding="utf-8")
    repo.write(f"institutions/{B}/materials/b.md", "hijacked\n")
    evil = repo.commit()
    # Control: the tampered generator, were it run (from the PR's checkout), passes anything.
    pr_checkout = repo.work.parent / "pr"
    repo.git("worktree", "add", "-q", "--detach", str(pr_checkout), evil)
    tampered = subprocess.run([sys.executable, "-m", "generator", "scope", "--root", str(pr_checkout), "--base",
                               "main", "--head", evil, "--author", "@alice"], cwd=pr_checkout, env=ENV)
    assert tampered.returncode == 0
    # The PR's own checkout is refused as a place to run the check from.
    res = repo.ci(evil, "@alice", checkout=pr_checkout)
    assert res.returncode == 2 and "基准" in res.stderr
    res = repo.ci(evil, "@alice")
    assert res.returncode == 1
    assert "generator/scope.py" in res.stdout and f"institutions/{B}/materials/b.md" in res.stdout


def test_legit_pr_accepted_after_the_base_moved_on(repo):
    repo.branch("alice")
    repo.write(f"institutions/{A}/materials/a.md", "alice's update\n")
    pr = repo.commit()
    repo.branch("bob")                           # meanwhile B and the secretariat merge their own work
    repo.write(f"institutions/{B}/materials/b.md", "bob's update\n")
    repo.write("site_config.yml", "site: {name: 新}\n")
    repo.merge_to_main(repo.commit())
    repo.refresh_base()
    two_dot = repo.git("diff", "--name-only", "main", pr).split()
    assert f"institutions/{B}/materials/b.md" in two_dot and "site_config.yml" in two_dot
    res = repo.ci(pr, "@alice")
    assert res.returncode == 0, res.stdout + res.stderr

    # The same PR after merging the moved base into itself is still accepted ...
    repo.git("checkout", "-q", "alice")
    repo.git("merge", "-q", "--no-edit", "main")
    assert repo.ci(repo.git("rev-parse", "HEAD"), "@alice").returncode == 0
    # ... and one that then touches B's folder is not.
    repo.write(f"institutions/{B}/materials/b.md", "alice again\n")
    res = repo.ci(repo.commit(), "@alice")
    assert res.returncode == 1 and f"institutions/{B}/materials/b.md" in res.stdout


@pytest.mark.parametrize("author, code, says", [
    ("@mallory", 1, "maintainers"),              # maintains no college
    ("@bob", 1, f"institutions/{A}/materials/a.md"),   # maintains another college
    ("@alice", 0, ""), ("@ALICE", 0, ""), ("alice", 0, ""),
])
def test_author_must_maintain_the_college(repo, author, code, says):
    repo.branch("pr")
    repo.write(f"institutions/{A}/materials/a.md", "update\n")
    res = repo.ci(repo.commit(), author)
    assert res.returncode == code, res.stdout + res.stderr
    assert says in res.stdout + res.stderr


def test_pr_adding_itself_to_maintainers_is_rejected(repo):
    repo.branch("mallory")
    repo.write(f"institutions/{A}/institution.yml", institution(A, "@alice", "@mallory"))
    repo.write(f"institutions/{A}/materials/a.md", "mallory's text\n")
    res = repo.ci(repo.commit(), "@mallory")
    assert res.returncode == 1
    assert "@mallory" in res.stderr and "maintainers" in res.stderr

    # The college's own maintainer may add a colleague; once that is on the base, it counts.
    repo.branch("alice")
    repo.write(f"institutions/{A}/institution.yml", institution(A, "@alice", "@carol"))
    grant = repo.commit()
    assert repo.ci(grant, "@alice").returncode == 0
    assert repo.ci(grant, "@carol").returncode == 1          # not before it is merged
    repo.merge_to_main(grant)
    repo.refresh_base()
    repo.branch("carol")
    repo.write(f"institutions/{A}/materials/a.md", "carol's text\n")
    assert repo.ci(repo.commit(), "@carol").returncode == 0


def test_misuse_is_refused(repo):
    repo.branch("pr")
    repo.write(f"institutions/{A}/materials/a.md", "update\n")
    pr = repo.commit()
    (repo.base / "generator/scope.py").write_text("raise SystemExit(0)\n", encoding="utf-8")
    res = repo.ci(pr, "@alice")                  # a base checkout that is not the base as committed
    assert res.returncode == 2 and "未提交的改动" in res.stderr
    repo.git("checkout", "-q", "--", "generator/scope.py", cwd=repo.base)
    res = repo.ci("0" * 40, "@alice")            # head not fetched
    assert res.returncode == 2 and "fetch" in res.stderr
    assert repo.ci(pr, "@alice").returncode == 0


def _steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def test_github_template_runs_the_base_code_without_secrets():
    text = (REPO / "templates/ci/github-scope.yml").read_text(encoding="utf-8")
    wf = yaml.safe_load(text)
    assert list(wf[True]) == ["pull_request_target"]           # YAML 1.1 reads `on:` as True
    assert wf["permissions"] == {"contents": "read"}
    assert "secrets." not in text and "actions/cache" not in text
    steps = _steps(wf)
    (checkout,) = [s for s in steps if s.get("uses", "").startswith("actions/checkout")]
    assert "ref" not in checkout["with"] and checkout["with"]["persist-credentials"] is False
    runs = [s["run"] for s in steps if "run" in s]
    assert not any("${{" in r for r in runs), "values from the pull request reach scripts only through env"
    assert runs[-1].strip() == 'templates/ci/scope.sh "$HEAD_SHA" "@$AUTHOR"'
    assert steps[-1]["env"]["AUTHOR"] == "${{ github.event.pull_request.user.login }}"
    assert any("refs/pull/" in r and "fetch" in r for r in runs) and not any("checkout" in r for r in runs)
    preview = yaml.safe_load((REPO / "templates/ci/github-actions.yml").read_text(encoding="utf-8"))
    assert "pull_request_target" not in preview[True] and "scope.sh" not in str(preview)


def test_gitlab_template_runs_the_base_code():
    wf = yaml.safe_load((REPO / "templates/ci/gitlab-ci.yml").read_text(encoding="utf-8"))
    job = wf["scope"]
    assert job["before_script"] == []                            # not the merge request's Makefile
    script = "\n".join(job["script"])
    assert 'git worktree add --detach "$BASE_DIR"' in script and 'make -C "$BASE_DIR" venv' in script
    assert '"$BASE_DIR/templates/ci/scope.sh"' in script and '"@$CI_MERGE_REQUEST_AUTHOR"' in script
    assert "portal " not in script                               # nothing from the merge request's venv


def test_branch_protection_is_documented():
    trust = (REPO / "docs/trust.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for needle in ("portal-scope", "pull_request_target", "CODEOWNERS", "bypass", "portal.yml@"):
        assert needle in trust, needle
    assert "templates/ci/github-scope.yml" in readme and "docs/trust.md" in readme
