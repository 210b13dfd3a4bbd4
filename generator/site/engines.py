"""The static-site engines that can build the docs tree, and what differs between them by design.

MkDocs with Material is the default. Zensical (Material's successor, pre-1.0, the optional
extra `zensical`) reads the same generated mkdocs.yml. This module is the ONE place that says
what differs (`DIFFERENCES`, mirrored in docs/engines.md); the site tests run under both engines
and consult it rather than testing an engine by name.
"""
from __future__ import annotations

import datetime as dt
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import yaml

from .mkdocs_config import EngineError, epoch_of

DEFAULT = "mkdocs"
# engine → the Python distributions whose versions shape its output (the engine fingerprint)
PACKAGES = {"mkdocs": ("mkdocs", "mkdocs-material"), "zensical": ("zensical",)}
LABELS = {"mkdocs": "MkDocs", "zensical": "Zensical"}
NAMES = tuple(PACKAGES)

# What differs by design between the engines' published sites (docs/engines.md says the same).
DIFFERENCES = {
    "theme_markup": "页面外框（页眉、导航、页脚）的 HTML 由各引擎自己的模板生成；Zensical 用 "
                    "theme.variant: classic 保持 Material 的外观，正文、搜索索引与其余文件相同",
    "incremental": "Zensical 没有 --dirty：任何改动都重新生成整个站点（借助它自己的缓存 .cache）；"
                   "MkDocs 只重新生成改动的页面",
    "two_processes": "大型站点的完整构建，MkDocs 分两个进程并行（mkdocs_split）；Zensical 只运行一次",
    "material_copies": "theme/overrides 中照抄 Material 的模板（base.html 去掉复选框的 autocomplete，"
                       "partials/javascripts/* 把内联脚本改为文件以满足 CSP）只用于 MkDocs：Zensical 用它自己的版本，"
                       "因此其页面含内联脚本（nginx 模板的 CSP 会拦截）并有 HTML 校验报告的 autocomplete 属性；"
                       "正式发布请用默认的 MkDocs",
}
# Overrides that are copies of Material's own templates (they name Material's asset bundle):
# Zensical keeps its own versions of these.
MATERIAL_COPIES = ("base.html", "partials/javascripts/base.html", "partials/javascripts/content.html")
ZENSICAL_OVERRIDES = ".zensical-overrides"

ZENSICAL_CONFIG = ".zensical.yml"   # beside docs tree and output: Zensical refuses a site_dir outside
                                     # its config file's folder
_LOC_END = re.compile(r"</loc>(?!\s*<lastmod>)")


def version(name: str) -> str:
    """The engine's name and the versions of its distributions, e.g. "zensical=0.0.73"; an
    engine that is not installed is an EngineError saying how to install it."""
    if name not in PACKAGES:
        raise EngineError(f"未知的构建引擎：{name}（可选：{'、'.join(NAMES)}）")
    parts = []
    for pkg in PACKAGES[name]:
        try:
            parts.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            raise EngineError(f"构建引擎 {LABELS[name]} 未安装：pip install -e '.[{name}]'") from None
    return " ".join(parts)


def run_zensical(config: Path, site_dir: Path, as_of: dt.date, clean: bool) -> None:
    """Build the docs tree of `config` (the generated mkdocs.yml) into `site_dir` with Zensical.
    It has no --site-dir and refuses a site_dir outside its config's folder, so a copy of the
    config goes into the folder holding both, with docs_dir, custom_dir and site_dir relative
    to it. Zensical empties site_dir itself; `clean` also drops its own cache (.cache beside
    the copy), as a change of config, theme or engine version requires."""
    config, site_dir = Path(os.path.abspath(config)), Path(os.path.abspath(site_dir))
    base = Path(os.path.commonpath([config.parent, site_dir]))
    cfg = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    theme = cfg.setdefault("theme", {})

    def rel(p: str) -> str:
        return os.path.relpath(config.parent / p, base)
    cfg["docs_dir"] = rel(cfg.get("docs_dir", "docs"))
    overrides = base / ZENSICAL_OVERRIDES
    shutil.rmtree(overrides, ignore_errors=True)
    if theme.get("custom_dir"):
        shutil.copytree(config.parent / theme["custom_dir"], overrides)
        for name in MATERIAL_COPIES:
            (overrides / name).unlink(missing_ok=True)
        theme["custom_dir"] = ZENSICAL_OVERRIDES
    cfg["site_dir"] = os.path.relpath(site_dir, base)
    wrapper = base / ZENSICAL_CONFIG
    wrapper.write_text(yaml.safe_dump(cfg, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8")
    env = {**os.environ, "SOURCE_DATE_EPOCH": epoch_of(as_of), "PYTHONHASHSEED": "0"}
    cmd = [sys.executable, "-m", "zensical", "build", "--config-file", str(wrapper)]
    try:
        r = subprocess.run(cmd + (["--clean"] if clean else []), env=env, capture_output=True,
                           text=True, cwd=base)
    finally:
        wrapper.unlink(missing_ok=True)
        shutil.rmtree(overrides, ignore_errors=True)
    if r.returncode != 0 or not (site_dir / "index.html").is_file():
        raise EngineError(f"zensical build 失败（退出码 {r.returncode}）：\n{r.stdout}{r.stderr}")
    _like_mkdocs(site_dir, as_of)


def _like_mkdocs(site_dir: Path, as_of: dt.date) -> None:
    """Give Zensical's output the files MkDocs writes, so the two sites differ only as listed in
    DIFFERENCES: sitemap entries dated the as-of day (as MkDocs does with SOURCE_DATE_EPOCH), a
    sitemap.xml.gz, and no search.json left over from the search it was told to leave off."""
    stub = site_dir / "search.json"
    try:
        if not json.loads(stub.read_text(encoding="utf-8")).get("items"):
            stub.unlink()
    except (OSError, ValueError, AttributeError):
        pass
    sitemap = site_dir / "sitemap.xml"
    if sitemap.is_file():
        text = _LOC_END.sub(f"</loc>\n        <lastmod>{as_of.isoformat()}</lastmod>",
                            sitemap.read_text(encoding="utf-8"))
        sitemap.write_text(text, encoding="utf-8")
        with open(site_dir / "sitemap.xml.gz", "wb") as fh:
            with gzip.GzipFile(filename="sitemap.xml", fileobj=fh, mode="wb", mtime=int(epoch_of(as_of))) as gz:
                gz.write(text.encode("utf-8"))
