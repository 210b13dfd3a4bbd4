"""Load layer: read every source file of a portal root into typed models, collecting findings.

Nothing here judges the rules; a file that fails its schema is reported and left out.
File-level helpers (front matter, links, folder walks) are in load_files.py.
"""
from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import pickle
import re
import threading
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from . import models as m
from . import models_evidence as me
from .findings import Loc, Report
from .load_files import _docs, _sorted_dirs, _sorted_files, _twin, _yaml_files, parsed, symlinked
from .placeholders import scan_node
from .project import College, Project
from .schema import INVALID, Ctx, build
from .yamlsafe import parse, read_text

CODE_DIR = re.compile(r"^\d{10}$")
YEAR_FILE = re.compile(r"^(\d{4})\.ya?ml$")


def load_project(root: str | os.PathLike, report: Report, only: str | None = None, cache=None) -> Project:
    """Read the whole portal root (DESIGN.md §2). Materials of other colleges are skipped with `only`.
    `cache`: parsed college folders kept between builds (load_cache.CollegeCache; not with `only`)."""
    proj = Project(Path(root), only=only)
    proj.config = _model(proj, "site_config.yml", m.SiteConfig, report, required=True)
    if proj.config is not None:
        proj.framework = _framework(proj, proj.config.framework, proj.config.loc("framework"), report)
    experts = _model(proj, "content/experts.yml", m.ExpertsFile, report)
    for ex in experts.experts if experts else []:
        if ex.id in proj.experts:     # the second would silently be dropped
            report.add("schema.duplicate_id", ex.loc("id"), what="专家编号", what_en="expert id", id=ex.id,
                       first=proj.experts[ex.id].loc("id").line)
        else:
            proj.experts[ex.id] = ex
    _load_rounds(proj, report)
    tried = {proj.config.framework} if proj.config is not None else set()
    for _, rnd in sorted(proj.rounds.items()):
        if rnd.framework and rnd.framework not in tried:
            tried.add(rnd.framework)
            _framework(proj, rnd.framework, rnd.loc("framework"), report)
    proj.policies = _docs(proj, "content/policies", m.PolicyMeta, report)
    proj.notices = _docs(proj, "content/notices", m.NoticeMeta, report)
    _load_colleges(proj, report, cache if only is None else None)
    return proj


def _framework(proj: Project, fid: str, loc: Loc, report: Report) -> m.Framework | None:
    """Load content/frameworks/<fid>.yml; a missing file is ref.framework at `loc`."""
    rel = f"content/frameworks/{fid}.yml"
    if not (proj.root / rel).is_file() or "/" in fid or fid.startswith("."):
        report.add("ref.framework", loc, id=fid)
        return None
    fw = _model(proj, rel, m.Framework, report)
    if fw is not None:
        proj.frameworks[fid] = fw
    return fw


def _load_rounds(proj: Project, report: Report) -> None:
    base = proj.root / "content/rounds"
    for year_dir in _sorted_dirs(base):
        rel = f"content/rounds/{year_dir.name}"
        _twin(proj, rel, "round", report)
        rnd = _model(proj, f"{rel}/round.yml", m.Round, report) if (year_dir / "round.yml").is_file() else None
        if rnd is not None and str(rnd.year) != year_dir.name:
            report.add("schema.value", rnd.loc("year"), field="year", got=rnd.year,
                       detail=f"与目录名 {year_dir.name} 不一致", detail_en=f"differs from the folder name {year_dir.name}")
        elif rnd is not None:
            proj.rounds[rnd.year] = rnd
        if not year_dir.name.isdigit():
            continue
        for f in _yaml_files(proj, f"{rel}/reviews", report):
            code = f.stem
            if only_skip(proj, code):
                continue
            rv = _model(proj, f"{rel}/reviews/{f.name}", m.Review, report, institution=code)
            if rv is None:
                continue
            if rv.institution != code:   # it would silently replace another college's review
                report.add("ref.filename", rv.loc("institution"), institution=code, file_code=code,
                           code=rv.institution)
                continue
            proj.reviews[(int(year_dir.name), rv.institution)] = rv


def _load_colleges(proj: Project, report: Report, cache=None) -> None:
    """Colleges are independent: a folder whose files are unchanged comes from `cache` (a
    load_cache.CollegeCache), and at national scale the others are read by several processes
    (issue 7). Results are merged in folder order, so projects and findings are the same."""
    dirs = _sorted_dirs(proj.root / "institutions")
    kept = cache.lookup([d.name for d in dirs]) if cache is not None else {}
    loaded = _load_dirs(proj, [d for d in dirs if d.name not in kept])
    for d in dirs:
        col, findings = kept[d.name] if d.name in kept else loaded[d.name]
        if col is not None:
            proj.colleges[col.code] = col
        report.findings.extend(findings)
    if cache is not None:
        cache.store(loaded, [d.name for d in dirs])


def _load_dirs(proj: Project, dirs: list[Path]) -> dict[str, tuple]:
    chunks = _chunks(dirs, _workers(len(dirs), proj.only))
    if len(chunks) == 1:
        return _load_college_dirs(proj, dirs)
    ctx = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(len(chunks) - 1, mp_context=ctx) as pool:
        futures = [pool.submit(_load_chunk, str(proj.root), [d.name for d in c]) for c in chunks[1:]]
        out = _load_college_dirs(proj, chunks[0])      # this process reads the first share
        for fut in futures:
            with paused_gc():
                out.update(pickle.loads(fut.result()))
    return out


@contextlib.contextmanager
def paused_gc():
    """(Un)pickling millions of small objects: the cyclic collector only slows it down."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


PARALLEL_MIN_COLLEGES = 300   # below this, one process beats handing results across


def _workers(n_colleges: int, only: str | None) -> int:
    if only is not None or n_colleges < PARALLEL_MIN_COLLEGES:
        return 1
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1              # forking a threaded process is unsafe; spawning costs more than it saves
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, min(cores, 4))


def _chunks(items: list, k: int) -> list[list]:
    size = -(-len(items) // k) if items else 1
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def _load_chunk(root: str, names: list[str]) -> bytes:
    """Worker: load some college folders; the result is pickled here so the parent controls
    the (costly) unpickling."""
    proj = Project(Path(root))
    loaded = _load_college_dirs(proj, [proj.root / "institutions" / n for n in names])
    return pickle.dumps(loaded, protocol=pickle.HIGHEST_PROTOCOL)


def _load_college_dirs(proj: Project, dirs: list[Path]) -> dict[str, tuple]:
    """{folder name: (College or None, the findings of reading it)}."""
    return {d.name: _load_college(proj, d) for d in dirs}


def _load_college(proj: Project, d: Path) -> tuple[College | None, list]:
    report = Report()
    code = d.name
    rel = f"institutions/{code}"
    if not CODE_DIR.match(code):
        report.add("schema.value", Loc(rel), field="institutions/<code>", got=code,
                   detail="目录名应为 10 位学校标识码",
                   detail_en="folder name must be a 10-digit college code")
        return None, report.findings
    col = College(code)
    col.info = _model(proj, f"{rel}/institution.yml", m.Institution, report, institution=code, required=True)
    if col.info is not None and col.info.code != code:
        report.add("schema.value", col.info.loc("code"), institution=code, field="code", got=col.info.code,
                   detail=f"与目录名 {code} 不一致",
                   detail_en=f"differs from the folder name {code}")
    if only_skip(proj, code):
        return col, report.findings
    col.materials = _docs(proj, f"{rel}/materials", m.MaterialMeta, report, institution=code, recursive=True)
    _twin(proj, rel, "institution", report, code)
    for f in _yaml_files(proj, f"{rel}/self-diagnosis", report, code):
        frel = f"{rel}/self-diagnosis/{f.name}"
        rep = _model(proj, frel, m.SelfDiagnosis, report, institution=code)
        if rep is None:
            continue
        mt = YEAR_FILE.match(f.name)
        if not mt or int(mt.group(1)) != rep.year:
            report.add("report.year", rep.loc("year"), institution=code,
                       file_year=mt.group(1) if mt else f.name, year=rep.year)
            continue
        col.reports[rep.year] = rep
    _load_evidence(proj, col, d, report)
    return col, report.findings


def _load_evidence(proj: Project, col: College, d: Path, report: Report) -> None:
    """indicators/<year>.yml, tasks/<year>.yml, specialties/<专业代码>/<year>.yml; a file's year
    must match its name (`evidence.year`), a specialty's code its folder (`specialty.code`)."""
    for sub, cls, into in (("indicators", me.IndicatorsFile, col.indicators), ("tasks", me.TasksFile, col.tasks)):
        for f in _sorted_files(d / sub, (".yml", ".yaml")):
            obj = _year_file(proj, f"{col.dir}/{sub}/{f.name}", cls, report, col.code)
            if obj is not None:
                into[obj.year] = obj
    for sd in _sorted_dirs(d / "specialties"):
        for f in _sorted_files(sd, (".yml", ".yaml")):
            obj = _year_file(proj, f"{col.dir}/specialties/{sd.name}/{f.name}", me.SpecialtyReview, report, col.code)
            if obj is None:
                continue
            if obj.specialty.code != sd.name:
                report.add("specialty.code", obj.specialty.loc("code"), institution=col.code,
                           folder=sd.name, code=obj.specialty.code)
                continue
            col.specialties[(sd.name, obj.year)] = obj


def _year_file(proj: Project, rel: str, cls, report: Report, code: str):
    """One evidence file: an empty or comment-only file is an error, never "no data"."""
    if symlinked(proj.root, rel, report, code):
        return None
    text = read_text(str(proj.root / rel), rel, report, code)
    if text is None:
        return None
    before = len(report.findings)
    node = parse(text, rel, report, code)
    if node is None:
        if len(report.findings) == before:
            report.add("evidence.empty", Loc(rel, 1, 1), institution=code)
        return None
    obj = build(cls, node, Ctx(rel, report, code))
    if obj is INVALID:
        return None
    mt = YEAR_FILE.match(rel.rsplit("/", 1)[1])
    if not mt or int(mt.group(1)) != obj.year:
        report.add("evidence.year", obj.loc("year"), institution=code,
                   file_year=mt.group(1) if mt else rel.rsplit("/", 1)[1], year=obj.year)
        return None
    return obj


def only_skip(proj: Project, code: str) -> bool:
    return proj.only is not None and code != proj.only


def _model(proj, rel, cls, report, institution=None, required=False):
    path = proj.root / rel
    if not path.is_file():
        if required:
            report.add("schema.missing", Loc(rel), field=rel, institution=institution)
        return None
    if symlinked(proj.root, rel, report, institution):
        return None
    text = read_text(str(path), rel, report, institution)
    if text is None:
        return None
    node = parsed(text, rel, report, institution)
    if node is None:
        return None
    if "请填写" in text:
        scan_node(node, rel, report, institution)
    obj = build(cls, node, Ctx(rel, report, institution))
    return None if obj is INVALID else obj
