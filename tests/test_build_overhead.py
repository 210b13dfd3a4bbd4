"""The cold build's own overhead (issue 24): the Pagefind indexes of a build come from a
Pagefind service process per lane, not one `pagefind` run per index, and the files are those
the separate runs wrote."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from generator.site import search
from site_helpers import build, site_root


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    base = tmp_path_factory.mktemp("overhead")
    build(site_root(base / "root"), base / "site")
    return base / "site"


def _files(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _cli(site_dir, glob, bundle):
    """What one separate `pagefind` run (the former way) writes for this glob."""
    from pagefind.service import get_executable
    subprocess.run([str(get_executable()), "--site", str(site_dir), "--glob", glob, "--output-path", str(bundle),
                    "--silent"], check=True, capture_output=True, timeout=300)


def test_one_service_writes_what_separate_runs_wrote(site, tmp_path, monkeypatch):
    launched = []
    from pagefind.service import PagefindService
    launch = PagefindService.launch

    async def counting(self):
        launched.append(self)
        return await launch(self)
    monkeypatch.setattr(PagefindService, "launch", counting)

    copy = tmp_path / "site"
    shutil.copytree(site, copy)
    search.index_site(copy)
    shards = search._read_groups(copy)
    assert 1 <= len(launched) <= 2                    # a process per lane, not one per index
    globs = {search.MAIN: search._main_glob(copy)}
    globs |= {s: f"{search._COLLEGES}/{{{','.join(c)}}}/*/**/*.html" for s, c in shards.items()}
    for shard, glob in globs.items():
        expected = tmp_path / "cli" / shard
        _cli(copy, glob, expected)
        got = _files(search._bundle_dir(copy, shard))
        want = _files(expected)
        if shard != search.MAIN:
            want = {k: v for k, v in want.items() if k not in search._UI_FILES}
        assert got == want, shard


def test_a_glob_without_pages_is_an_index_error(site, tmp_path):
    import asyncio
    with pytest.raises(search.SearchIndexError):
        asyncio.run(search._index_all(site, [("nothing-here/*.html", tmp_path / "b", False)], 1))
