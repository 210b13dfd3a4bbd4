"""Chinese full-text search: a Pagefind index over the built site (docs/site.md says why).

Pagefind splits its index into chunks fetched on demand, so the bytes a browser downloads for
one query stay bounded as the site grows; it segments Chinese by the page's lang="zh-CN".
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BUNDLE = "pagefind"          # <site>/pagefind/: index chunks plus the default UI files


class SearchIndexError(Exception):
    pass


def index_site(site_dir: Path) -> None:
    """Index the pages' data-pagefind-body regions and write the bundle into the site."""
    cmd = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", BUNDLE, "--silent"]
    res = subprocess.run(cmd, capture_output=True, text=True)
    if res.returncode != 0:
        raise SearchIndexError(f"pagefind 索引失败（退出码 {res.returncode}）：\n{res.stdout}{res.stderr}")
