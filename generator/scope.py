"""Tenant scope (DESIGN.md §7: a college's change touches only its own folder).

`portal scope --base REV [--head REV] --institution CODE [--secretariat]` lists every path a
change touches outside `institutions/CODE/` — additions, edits, deletions, mode changes and both
sides of a rename — plus every symbolic link or submodule it adds anywhere (a link inside the
folder may point into another college). It compares the head with its merge base with the base,
so commits that reached the base branch meanwhile are not counted against the college.
Exit 0: clean; 1: out of scope (every path listed); 2: usage or git error.

`portal codeowners` writes CODEOWNERS from each institution.yml `maintainers:`: CODEOWNERS only
routes review requests; the required `portal scope` check is what enforces (docs/trust.md).
"""
from __future__ import annotations

import posixpath
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .clock import UsageError
from .findings import Report
from .load_files import symlinked
from .models import Institution
from .schema import INVALID, Ctx, build
from .yamlsafe import parse, read_text

CODE = re.compile(r"\d{10}")
STATUS_ZH = {"A": "新增", "M": "修改", "D": "删除", "R": "重命名", "C": "复制", "T": "类型改变",
             "U": "未合并", "X": "未知改动"}
LINK, GITLINK = "120000", "160000"
HANDLE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})(?:/[A-Za-z0-9][A-Za-z0-9._-]{0,99})?"
                    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")


@dataclass(frozen=True)
class Change:
    status: str               # one letter: A M D R C T U X
    old_mode: str
    new_mode: str
    new_sha: str
    paths: tuple[str, ...]    # (path,) or (old, new) for renames and copies


@dataclass(frozen=True)
class Offence:
    path: str
    why: str                  # Chinese


class GitError(Exception):
    pass


def _git(repo: Path, *args: str) -> bytes:
    try:
        res = subprocess.run(["git", "-C", str(repo), *args], capture_output=True)
    except OSError as exc:
        raise GitError(f"无法运行 git：{exc}") from None
    if res.returncode != 0:
        raise GitError(res.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} 失败")
    return res.stdout


def changes(repo: Path, base: str, head: str) -> list[Change]:
    """Every change between merge-base(base, head) and head, as git records it."""
    mb = _git(repo, "merge-base", base, head).decode().strip()
    raw = _git(repo, "-c", "core.quotepath=off", "diff", "--raw", "-z", "-M", "--no-ext-diff",
               "--no-textconv", "--ignore-submodules=none", mb, head)
    fields = raw.split(b"\0")
    out, i = [], 0
    while i < len(fields) and fields[i]:
        meta = fields[i].decode("ascii").lstrip(":").split()
        old_mode, new_mode, _old_sha, new_sha, status = meta[:5]
        n = 2 if status[0] in "RC" else 1
        paths = tuple(f.decode("utf-8", "surrogateescape") for f in fields[i + 1:i + 1 + n])
        out.append(Change(status[0], old_mode, new_mode, new_sha, paths))
        i += 1 + n
    return out


def offences(repo: Path, found: list[Change], code: str | list[str], secretariat: bool = False) -> list[Offence]:
    codes = [code] if isinstance(code, str) else list(code)
    prefixes = tuple(f"institutions/{c}/" for c in codes)
    prefix = "、".join(prefixes)
    out: list[Offence] = []
    if secretariat:
        return out
    for ch in found:
        what = STATUS_ZH.get(ch.status, ch.status)
        for k, path in enumerate(ch.paths):
            if not path.startswith(prefixes):
                side = ("（原路径）" if k == 0 else "（新路径）") if len(ch.paths) == 2 else ""
                out.append(Offence(path, f"{what}{side}：不在本校目录 {prefix} 内"))
        if ch.new_mode == LINK and ch.status != "D":
            target = _git(repo, "cat-file", "blob", ch.new_sha).decode("utf-8", "surrogateescape")
            where = posixpath.normpath(posixpath.join(posixpath.dirname(ch.paths[-1]), target))
            inside = where.startswith(prefixes) and not target.startswith("/")
            out.append(Offence(ch.paths[-1], f"符号链接，指向“{target}”" +
                               ("" if inside else "（本校目录之外）") + "；公示站不读取符号链接，请提交文件本身"))
        elif ch.new_mode == GITLINK and ch.status != "D":
            out.append(Offence(ch.paths[-1], "子模块（gitlink）；请提交文件本身"))
    return out


def colleges_of(repo: Path, rev: str, handle: str) -> list[str]:
    """The colleges whose institution.yml at `rev` (the base: a change cannot grant itself)
    lists `handle` under maintainers (GitHub handles compare case-insensitively)."""
    res = subprocess.run(["git", "-C", str(repo), "grep", "-l", "-i", "-F", "-e", handle, rev, "--",
                          "institutions/*/institution.yml"], capture_output=True)
    if res.returncode not in (0, 1):
        raise GitError(res.stderr.decode("utf-8", "replace").strip())
    found = []
    for line in res.stdout.decode("utf-8", "surrogateescape").splitlines():
        rel = line.split(":", 1)[1] if ":" in line else line
        code = rel.split("/")[1]
        report = Report()
        node = parse(_git(repo, "show", f"{rev}:{rel}").decode("utf-8", "replace"), rel, report, code)
        listed = node.keys.get("maintainers") if node is not None and node.kind == "map" else None
        handles = [n.value for n in listed.value if n.kind == "scalar"] if listed is not None and listed.kind == "seq" else []
        if CODE.fullmatch(code) and handle.lower() in (str(h).lower() for h in handles):
            found.append(code)
    return sorted(found)


def add_arguments_scope(p) -> None:
    p.add_argument("--base", required=True, metavar="REV", help="目标分支（如 origin/main）")
    p.add_argument("--head", default="HEAD", metavar="REV", help="待检查的提交（默认 HEAD）")
    p.add_argument("--institution", metavar="CODE", help="提交方院校的 10 位学校标识码")
    p.add_argument("--author", metavar="@HANDLE", help="提交者账号：按基准版本中各校 maintainers 确定其院校（CI 中优先使用）")
    p.add_argument("--secretariat", action="store_true", help="秘书处提交：允许改动任何路径")


def run_scope(args) -> int:
    if args.institution and not CODE.fullmatch(args.institution):
        raise UsageError("--institution 应为 10 位学校标识码")
    if not (args.secretariat or args.institution or args.author):
        raise UsageError("请用 --institution 或 --author 指定提交方院校（秘书处提交请用 --secretariat）")
    repo = Path(args.root)
    try:
        codes = [args.institution] if args.institution else []
        if args.author and not args.secretariat:
            mine = colleges_of(repo, args.base, args.author)
            if not mine or (args.institution and args.institution not in mine):
                print(f"portal scope: 账号 {args.author} 不在{'院校 ' + args.institution if args.institution else '任何院校'}"
                      f"的 institution.yml maintainers 中（以 {args.base} 为准）", file=sys.stderr)
                return 1
            codes = codes or mine
        found = changes(repo, args.base, args.head)
        bad = offences(repo, found, codes, args.secretariat)
    except GitError as exc:
        print(f"portal scope: git 出错：{exc}", file=sys.stderr)
        return 2
    for o in bad:
        print(f"{o.path}: {o.why}")
    who = "秘书处" if args.secretariat else f"院校 {'、'.join(codes)}"
    if bad:
        print(f"共 {len(bad)} 处超出{who}的改动范围（共检查 {len(found)} 处改动）；请撤销这些改动，"
              f"或请秘书处提交", file=sys.stderr)
        return 1
    print(f"改动范围检查通过：{len(found)} 处改动均在{who}的范围内", file=sys.stderr)
    return 0


# --- CODEOWNERS -------------------------------------------------------------------------
def codeowners_text(root: Path, secretariat: list[str], report: Report) -> str:
    """CODEOWNERS: the secretariat owns everything; each college folder with maintainers is
    owned by them and the secretariat (the last matching line wins, so colleges come last)."""
    lines = ["# 由 `portal codeowners` 根据各院校 institution.yml 的 maintainers 生成；请勿手工修改。",
             "# CODEOWNERS 只负责指派审阅人；真正的权限检查是必需的 `portal scope` 检查。",
             f"* {' '.join(secretariat)}"]
    base = Path(root) / "institutions"
    for d in sorted(base.iterdir()) if base.is_dir() else []:
        if not CODE.fullmatch(d.name) or d.is_symlink() or not d.is_dir():
            continue
        rel = f"institutions/{d.name}/institution.yml"
        if not (d / "institution.yml").is_file() or symlinked(root, rel, report, d.name):
            continue
        text = read_text(str(d / "institution.yml"), rel, report, d.name)
        node = parse(text, rel, report, d.name) if text is not None else None
        info = build(Institution, node, Ctx(rel, report, d.name)) if node is not None else INVALID
        if info is INVALID or not info.maintainers:
            continue
        handles = []
        for h in info.maintainers:
            if HANDLE.fullmatch(h):
                handles.append(h)
            else:
                report.add("schema.value", info.loc("maintainers"), institution=d.name, field="maintainers",
                           got=h, detail="应为 GitHub 账号（@user 或 @org/team）或电子邮箱")
        if handles:
            lines.append(f"/institutions/{d.name}/ {' '.join(handles + secretariat)}")
    return "\n".join(lines) + "\n"


def add_arguments_codeowners(p) -> None:
    p.add_argument("--secretariat-owners", dest="owners", nargs="+", required=True, metavar="@ORG/TEAM",
                   help="秘书处的账号或团队（拥有全部其他路径）")
    p.add_argument("--out", default=".github/CODEOWNERS", help="输出文件（相对于 --root；默认 .github/CODEOWNERS）")
    p.add_argument("--check", action="store_true", help="只检查文件是否最新（过期时退出码 1）")


def run_codeowners(args) -> int:
    for h in args.owners:
        if not HANDLE.fullmatch(h):
            raise UsageError(f"--secretariat-owners：“{h}”不是 GitHub 账号或团队（@user、@org/team）")
    root = Path(args.root)
    report = Report()
    text = codeowners_text(root, args.owners, report)
    for f in report.sorted():
        print(f"{f.file}:{f.line}:{f.column}: {f.message(args.lang)}", file=sys.stderr)
    if report.errors:
        return 1
    out = root / args.out
    if args.check:
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            print(f"{args.out} 不是最新的；请运行 portal codeowners 重新生成", file=sys.stderr)
            return 1
        return 0
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    print(f"已写入 {args.out}", file=sys.stderr)
    return 0


# cli.py looks up `add_arguments`/`run` as the fallback of the verb-specific names.
add_arguments, run = add_arguments_scope, run_scope
