#!/usr/bin/env bash
# Tenant scope of a pull request: a college's change may touch only its own folder.
#
#   templates/ci/scope.sh BASE HEAD [secretariat]
#
# The college is the one whose folder the change touches; `portal scope` then refuses anything
# outside institutions/<code>/ (another college's folder included). Changes to content/ and the
# other shared files need the third argument, which CI passes only for the secretariat's own
# pull requests (a label or a protected branch that only the secretariat can set).
set -euo pipefail
base=${1:?usage: scope.sh BASE HEAD [secretariat]}
head=${2:?usage: scope.sh BASE HEAD [secretariat]}
if [ "${3:-}" = secretariat ]; then
  exec portal scope --base "$base" --head "$head" --secretariat
fi
codes=$(git diff --name-only --no-renames "$base" "$head" -- institutions/ \
        | sed -n 's#^institutions/\([0-9]\{10\}\)/.*#\1#p' | sort -u)
count=$(printf '%s' "$codes" | grep -c . || true)
if [ "$count" -ne 1 ]; then
  echo "scope: 本次修改涉及 $count 所院校的目录（${codes//$'\n'/、}）；一次合并请求只能修改一所院校的 institutions/<学校标识码>/ 目录。" >&2
  echo "scope: 秘书处的修改请加 secretariat 标签。" >&2
  exit 1
fi
exec portal scope --base "$base" --head "$head" --institution "$codes"
