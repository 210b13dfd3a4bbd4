"""DESIGN.md §7 "a college's change touches only its own folder": `portal scope` in a temporary
git repository, and CODEOWNERS generated from `maintainers:`."""
from __future__ import annotations

import os
import subprocess

import pytest

from builders import CODE_A, CODE_B
from conftest import run_portal

A, B = f"institutions/{CODE_A}", f"institutions/{CODE_B}"
ENV = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
       "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent"}


class Repo:
    def __init__(self, path):
        self.path = path

    def git(self, *args):
        res = subprocess.run(["git", "-C", str(self.path), *args], capture_output=True, text=True, env=ENV)
        assert res.returncode == 0, res.stderr
        return res.stdout.strip()

    def write(self, rel, text="x\n"):
        p = self.path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")

    def commit(self, msg="c"):
        self.git("add", "-A")
        self.git("commit", "-q", "-m", msg, "--allow-empty")
        return self.git("rev-parse", "HEAD")

    def scope(self, *extra, base="main"):
        return run_portal("scope", "--root", self.path, "--base", base, *extra)


@pytest.fixture
def repo(tmp_path):
    r = Repo(tmp_path / "repo")
    r.path.mkdir()
    r.git("init", "-q", "-b", "main")
    r.write(f"{A}/institution.yml", 'code: "4111010001"\n')
    r.write(f"{A}/materials/a.md", "a\n")
    r.write(f"{B}/institution.yml", 'code: "4111010002"\n')
    r.write(f"{B}/materials/b.md", "b\n")
    r.write("site_config.yml", "site: {}\n")
    r.write("content/rounds/2025/round.yml", "year: 2025\n")
    r.commit("base")
    r.git("checkout", "-q", "-b", "pr")
    return r


def test_change_inside_own_folder_passes(repo):
    repo.write(f"{A}/materials/a.md", "changed\n")
    repo.write(f"{A}/files/new.pdf", "%PDF\n")
    (repo.path / f"{A}/institution.yml").chmod(0o755)      # a mode change inside is harmless
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 0, res.stdout + res.stderr
    assert res.stdout == ""


@pytest.mark.parametrize("change, offending", [
    (lambda r: r.write(f"{B}/materials/b.md", "hijacked\n"), [f"{B}/materials/b.md"]),
    (lambda r: r.write("site_config.yml", "site: {name: x}\n"), ["site_config.yml"]),
    (lambda r: (r.path / "content/rounds/2025/round.yml").unlink(), ["content/rounds/2025/round.yml"]),
    (lambda r: r.write(".github/CODEOWNERS", "* @me\n"), [".github/CODEOWNERS"]),
    (lambda r: r.write(f"institutions/{CODE_A}0/x.md"), [f"institutions/{CODE_A}0/x.md"]),   # prefix trick
    (lambda r: r.write(f"Institutions/{CODE_A}/x.md"), [f"Institutions/{CODE_A}/x.md"]),     # case trick
    (lambda r: (r.path / "site_config.yml").chmod(0o755), ["site_config.yml"]),              # mode change
])
def test_changes_outside_are_listed(repo, change, offending):
    change(repo)
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1
    assert [ln.split(": ")[0] for ln in res.stdout.splitlines()] == offending


def test_rename_out_of_the_folder_lists_the_outside_side(repo):
    (repo.path / "content/notices").mkdir()
    repo.git("mv", f"{A}/materials/a.md", "content/notices/a.md")
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1 and "content/notices/a.md: 重命名（新路径）" in res.stdout


def test_rename_into_the_folder_from_another_college_is_refused(repo):
    repo.git("mv", f"{B}/materials/b.md", f"{A}/materials/b.md")
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1 and f"{B}/materials/b.md: 重命名（原路径）" in res.stdout


def test_symlink_into_another_college_is_refused(repo):
    os.symlink(f"../../{CODE_B}/materials/b.md", repo.path / f"{A}/materials/b-link.md")
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1
    assert f"{A}/materials/b-link.md: 符号链接" in res.stdout and "本校目录之外" in res.stdout


def test_symlink_within_the_folder_is_refused_too(repo):
    os.symlink("a.md", repo.path / f"{A}/materials/alias.md")
    repo.commit()
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1 and "本校目录之外" not in res.stdout


def test_every_offending_path_is_listed(repo):
    repo.write(f"{B}/materials/b.md", "1\n")
    repo.write("site_config.yml", "2\n")
    repo.write(f"{A}/materials/a.md", "3\n")
    repo.commit("one")
    repo.write("content/experts.yml", "experts: []\n")
    repo.commit("two")
    res = repo.scope("--institution", CODE_A)
    assert res.returncode == 1 and len(res.stdout.splitlines()) == 3


def test_commits_on_the_base_branch_are_not_counted(repo):
    repo.write(f"{A}/materials/a.md", "college\n")
    repo.commit()
    repo.git("checkout", "-q", "main")
    repo.write("site_config.yml", "secretariat change\n")
    repo.commit()
    repo.git("checkout", "-q", "pr")
    assert repo.scope("--institution", CODE_A).returncode == 0


def test_secretariat_may_change_anything(repo):
    repo.write("site_config.yml", "x\n")
    repo.write(f"{B}/materials/b.md", "y\n")
    repo.commit()
    assert repo.scope("--secretariat").returncode == 0


def test_git_errors_and_usage_errors_exit_2(repo):
    assert repo.scope("--institution", CODE_A, base="no-such-branch").returncode == 2
    assert repo.scope("--institution", "123").returncode == 2
    assert repo.scope().returncode == 2


# --- CODEOWNERS -------------------------------------------------------------------------
def test_codeowners_from_maintainers(root):
    root.replace(f"{A}/institution.yml", "departments:", 'maintainers: ["@example-college", "@org/qa-team"]\ndepartments:')
    res = run_portal("codeowners", "--root", root.path, "--secretariat-owners", "@city/secretariat")
    assert res.returncode == 0, res.stderr
    lines = (root.path / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    rules = [ln for ln in lines if not ln.startswith("#")]
    assert rules == ["* @city/secretariat",
                     f"/{A}/ @example-college @org/qa-team @city/secretariat"]
    check = run_portal("codeowners", "--root", root.path, "--secretariat-owners", "@city/secretariat", "--check")
    assert check.returncode == 0


def test_codeowners_refuses_injected_lines(root):
    root.replace(f"{A}/institution.yml", "departments:", 'maintainers: ["@ok\\n* @attacker"]\ndepartments:')
    res = run_portal("codeowners", "--root", root.path, "--secretariat-owners", "@city/secretariat")
    assert res.returncode == 1 and "maintainers" in res.stderr
    assert not (root.path / ".github/CODEOWNERS").exists()


def test_author_is_mapped_to_a_college_by_the_base_revision(repo):
    repo.write(f"{A}/institution.yml", 'code: "4111010001"\nmaintainers: ["@College-A"]\n')
    repo.commit("maintainers")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "pr")
    repo.git("checkout", "-q", "-b", "pr2")
    repo.write(f"{A}/materials/a.md", "ok\n")
    repo.commit()
    assert repo.scope("--author", "@college-a").returncode == 0
    repo.write(f"{B}/materials/b.md", "not mine\n")
    repo.commit()
    res = repo.scope("--author", "@college-a")
    assert res.returncode == 1 and f"{B}/materials/b.md" in res.stdout
    # a PR cannot make itself a maintainer of another college: the base decides
    repo.write(f"{B}/institution.yml", 'code: "4111010002"\nmaintainers: ["@college-a"]\n')
    repo.commit()
    assert repo.scope("--author", "@college-a", "--institution", CODE_B).returncode == 1
    assert repo.scope("--author", "@stranger").returncode == 1
