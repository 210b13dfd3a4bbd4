# -*- coding: utf-8 -*-
"""诊改公示站 generator: load → validate → compute → render → write."""
import sys

# Checked before any module that needs 3.11 is imported (this file runs first for `portal` and
# `python -m generator`), so an old Python prints a message instead of a traceback. Keep this file
# parseable by old Pythons: no f-strings, no annotations.
if sys.version_info < (3, 11):
    sys.stderr.write("portal: 需要 Python 3.11 或更高版本，当前是 Python %d.%d。"
                     "请安装 python3.11 后重新创建虚拟环境：rm -rf .venv && make venv PYTHON=python3.11\n"
                     % tuple(sys.version_info[:2]))
    sys.exit(2)

__version__ = "0.1.0"
