#!/usr/bin/env bash
# Atomic deploy of a built portal (site/) to a static host: upload into a new release folder,
# then swap the `current` symlink in one rename. Visitors see the old site or the new one,
# never a mixture; the previous releases stay for a one-command rollback.
#
#   DEPLOY_PATH=/srv/zhengai DEPLOY_HOST=deploy@web1.example.org templates/ci/deploy.sh site RELEASE_ID
#
# DEPLOY_HOST empty → deploy on this machine (useful for testing). nginx serves $DEPLOY_PATH/current
# (templates/nginx.conf). Rollback: ln -sfn releases/<older> current.new && mv -T current.new current
set -euo pipefail
src=${1:?usage: deploy.sh SITE_DIR RELEASE_ID}
id=${2:?usage: deploy.sh SITE_DIR RELEASE_ID}
base=${DEPLOY_PATH:?set DEPLOY_PATH, e.g. /srv/zhengai}
host=${DEPLOY_HOST:-}
keep=${DEPLOY_KEEP:-5}
[ -f "$src/index.html" ] || { echo "deploy: $src/index.html 不存在：请先 portal build" >&2; exit 1; }
case "$id" in *[!A-Za-z0-9._-]*|'') echo "deploy: 发布编号只能含字母、数字、. _ -：$id" >&2; exit 1;; esac
release="$base/releases/$id"

# Runs on the host: point current at the new release (rename is atomic), then keep it and the
# newest $keep-1 others (release ids sort by time: CI uses UTC-timestamp-commit).
swap='set -eu
cd "$1"
ln -sfn "releases/$2" current.new
mv -T current.new current
ls -1d releases/*/ | grep -vxF "releases/$2/" | sort | head -n -"$(($3 - 1))" | xargs -r rm -rf'

if [ -n "$host" ]; then
  ssh "$host" "mkdir -p '$base/releases'"
  # --link-dest: files unchanged since the current release are hard links, not new copies.
  rsync -a --delete --link-dest="$base/current/" "$src/" "$host:$release/"
  ssh "$host" "sh -c '$swap' deploy '$base' '$id' '$keep'"
else
  mkdir -p "$base/releases"
  rm -rf "$release.tmp" && cp -a "$src/." "$release.tmp/" && mv -T "$release.tmp" "$release"
  sh -c "$swap" deploy "$base" "$id" "$keep"
fi
echo "deploy: $release → $base/current"
