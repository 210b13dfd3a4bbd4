"""The cold build's own overhead (issue 24): Pagefind is started as its executable, not through
`python -m pagefind`, which starts an interpreter only to find and exec it (once per index)."""
from __future__ import annotations

import os
import subprocess
import sys

from generator.site import search


def test_pagefind_is_run_as_its_own_executable():
    cmd = search._pagefind()
    assert cmd[0] != sys.executable and os.access(cmd[0], os.X_OK), cmd
    done = subprocess.run([*cmd, "--version"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.startswith("pagefind "), done.stdout + done.stderr


def test_without_the_package_helper_python_m_pagefind_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "pagefind.service", None)      # import fails
    search._pagefind.cache_clear()
    try:
        assert search._pagefind() == (sys.executable, "-m", "pagefind")
    finally:
        search._pagefind.cache_clear()
