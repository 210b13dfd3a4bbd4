#!/usr/bin/env bash
# Tenant scope of a pull request, run from a checkout of the BASE branch (docs/trust.md).
#
#   <base checkout>/templates/ci/scope.sh HEAD_SHA @AUTHOR
#
# HEAD_SHA: the pull request's head commit, fetched into this repository (objects only: the pull
#   request's files are never checked out, its code never runs).
# @AUTHOR:  the account that opened the pull request, as the forge reports it (not a commit author).
#
# Everything that decides comes from the base: this script, the generator it runs (this checkout's
# generator/), and the `maintainers:` that map the author to the colleges they may change (read
# at the base commit, so a pull request cannot add itself). The diff is taken against the merge
# base, so commits that reached the base branch meanwhile are not counted against the college.
# Accounts listed in PORTAL_SECRETARIAT (a CI variable set in the forge's settings, space-separated)
# may change any path. Exit 0: in scope; 1: out of scope; 2: misconfigured or git error.
set -euo pipefail
head=${1:?usage: scope.sh HEAD_SHA @AUTHOR  (run from a checkout of the base branch)}
author=${2:?usage: scope.sh HEAD_SHA @AUTHOR  (run from a checkout of the base branch)}
case "$author" in @*) ;; *) author="@$author" ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)
base=$(git -C "$here" rev-parse --verify -q 'HEAD^{commit}') || { echo "scope: $here 不是 git 检出" >&2; exit 2; }
if ! git -C "$here" cat-file -e "$head^{commit}" 2>/dev/null; then
  echo "scope: 提交 $head 不在本仓库中；请先把合并请求的提交 fetch 进目标分支的检出（不要检出它）。" >&2
  exit 2
fi
# Run from the pull request's own checkout, the head is already in HEAD and the check would be
# both empty and the pull request's own code: refuse.
if git -C "$here" merge-base --is-ancestor "$head" "$base"; then
  echo "scope: 提交 $head 已包含在本检出 ($base) 中：scope.sh 必须从目标分支（基准）的检出运行。" >&2
  exit 2
fi
if [ -n "$(git -C "$here" status --porcelain --untracked-files=no)" ]; then
  echo "scope: 基准检出 $here 有未提交的改动：检查只用目标分支的原样代码。" >&2
  exit 2
fi
role=()
for who in ${PORTAL_SECRETARIAT:-}; do
  case "$who" in @*) ;; *) who="@$who" ;; esac
  if [ "${who,,}" = "${author,,}" ]; then role=(--secretariat); fi
done
py=${PORTAL_PYTHON:-$here/.venv/bin/python}
[ -x "$py" ] || { echo "scope: 找不到 $py；请先在基准检出中运行 make venv（或设置 PORTAL_PYTHON）" >&2; exit 2; }
cd "$here"
# PYTHONPATH and the working directory put this checkout's generator/ first on the import path.
PYTHONPATH="$here" PYTHONSAFEPATH='' exec "$py" -m generator scope --root "$here" --base "$base" --head "$head" \
  --author "$author" ${role[@]+"${role[@]}"}
