"""PDFs across processes (issue 24): one worker per core gives the very bytes one process gives,
whatever the order the workers finish in; the write path makes each object's bytes once and the
result is byte-identical to WeasyPrint's own write."""
from __future__ import annotations

import dataclasses
import zlib
from pathlib import Path

import pydyf
import pytest
import weasyprint

from generator.check import run_checks
from generator.pdf import THEME_DIR, render_pdfs
from generator.pdf.batch import document_html, environment
from generator.pdf.documents import plan_documents
from generator.pdf.fetcher import RestrictedFetcher
from generator.pdf.render import PDF_VARIANT, Task, run_tasks, serialize_once
from pdf_helpers import AS_OF, pdf_root


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    root = pdf_root(tmp_path_factory.mktemp("parallel") / "root")
    return run_checks(root.path, AS_OF)


@pytest.fixture(scope="module")
def tasks(checked):
    env = environment()
    out = []
    for i, doc in enumerate(plan_documents(checked.project, checked.outcome)):
        roots = (str(THEME_DIR), str(checked.project.root / f"institutions/{doc.code}"))
        out.append(Task(f"{i:02x}" * 32, document_html(doc, env), str(THEME_DIR), roots))
    assert len(out) >= 4, "the fixture should plan several documents"
    return out


def test_one_process_and_two_give_the_same_bytes(tasks):
    one = run_tasks(tasks, jobs=1)
    two = run_tasks(list(reversed(tasks)), jobs=2)        # another order, another worker per task
    assert set(one) == set(two) == {t.key for t in tasks}
    for key in one:
        assert one[key].error is None and one[key].data, key
        assert one[key].data == two[key].data, key
        assert one[key].pages == two[key].pages


def test_a_worker_hands_back_plain_values_only(tasks):
    """What crosses the process boundary is bytes, str, int and tuples of str — nothing of ours
    to unpickle beyond the result record itself."""
    res = run_tasks(tasks[:1], jobs=1)[tasks[0].key]
    plain = (bytes, str, int, tuple, type(None))
    for f in dataclasses.fields(res):
        value = getattr(res, f.name)
        assert isinstance(value, plain), f.name
        if isinstance(value, tuple):
            assert all(isinstance(v, str) for v in value), f.name


def test_render_pdfs_writes_the_same_files_with_one_or_two_jobs(checked, tmp_path):
    a = render_pdfs(checked.project, checked.outcome, tmp_path / "a", tmp_path / "cache-a", jobs=1)
    b = render_pdfs(checked.project, checked.outcome, tmp_path / "b", tmp_path / "cache-b", jobs=2)
    assert [r.rel for r in a] == [r.rel for r in b]
    for ra, rb in zip(a, b):
        assert ra.error is None and rb.error is None
        assert ra.sha256 == rb.sha256 and not ra.cached and not rb.cached, ra.rel
        assert (tmp_path / "a" / ra.rel).read_bytes() == (tmp_path / "b" / rb.rel).read_bytes()
    assert not list(Path(tmp_path / "b").rglob(".tmp-*"))     # atomic writes left nothing behind


def _document(task: Task):
    fetcher = RestrictedFetcher([Path(r) for r in task.roots])
    return weasyprint.HTML(string=task.html, base_url=Path(task.base_dir).as_uri() + "/",
                           url_fetcher=fetcher).render()


class _Counting:
    """Stands in for pydyf's zlib: counts the streams deflated."""

    def __init__(self):
        self.streams = 0
        self.compress = zlib.compress

    def compressobj(self, *args, **kwargs):
        self.streams += 1
        return zlib.compressobj(*args, **kwargs)


def test_serialize_once_gives_weasyprints_bytes_and_deflates_each_stream_once(tasks, monkeypatch):
    ident = bytes.fromhex("ab" * 16)
    for task in tasks[:2]:
        doc = _document(task)
        counting = _Counting()
        monkeypatch.setattr(pydyf, "zlib", counting)
        plain = doc.write_pdf(pdf_identifier=ident, pdf_variant=PDF_VARIANT)
        twice = counting.streams
        counting.streams = 0
        once = doc.write_pdf(pdf_identifier=ident, pdf_variant=PDF_VARIANT, finisher=serialize_once)
        monkeypatch.undo()
        assert once == plain
        # pydyf deflates every stream a second time for the MD5 in /ID; with the finisher only the
        # two streams it makes while writing (objects, cross-references) are deflated again
        assert counting.streams <= twice // 2 + 2, (counting.streams, twice)
