"""An attachment is looked up once per loaded project (issue 22): validation, the site's pages,
the PDF dossier and the open data all ask `Project.attachment`, which confines the path once."""
from __future__ import annotations

import collections

import generator.project as project_mod
from generator.check import run_checks
from generator.pdf.documents import attachment_rows
from generator.site import opendata_tables
from generator.site.context import gather
from site_helpers import HTML_ATTACHMENT, site_root

from builders import CODE_A
from richroot import AS_OF


def test_each_attachment_is_confined_once_across_check_site_pdf_and_open_data(tmp_path, monkeypatch):
    calls = collections.Counter()
    real = project_mod.look_up

    def counting(root, college_dir, rel):
        calls[(college_dir, rel)] += 1
        return real(root, college_dir, rel)

    monkeypatch.setattr(project_mod, "look_up", counting)
    root = site_root(tmp_path / "root")
    checked = run_checks(root.path, AS_OF)
    proj, outcome = checked.project, checked.outcome
    site = gather(proj, outcome, checked.report, AS_OF)
    opendata_tables.materials(proj, outcome, lambda *a: "")
    col = proj.colleges[CODE_A]
    rows = attachment_rows(proj, col, [HTML_ATTACHMENT, "files/absent.pdf", "../escape.pdf"])
    assert calls[(col.dir, HTML_ATTACHMENT)] == 1, calls              # without the memo: 3 or more
    assert sum(calls.values()) == len(calls)
    assert any(a.rel == HTML_ATTACHMENT for views in site.materials.values() for v in views for a in v.attachments)
    assert rows[0]["sha256"] and rows[1]["note"] == "文件不存在" and rows[2]["note"] and not rows[2]["sha256"]


def test_the_memo_is_per_project(tmp_path):
    root = site_root(tmp_path / "root")
    a, b = run_checks(root.path, AS_OF).project, run_checks(root.path, AS_OF).project
    col = a.colleges[CODE_A]
    first = a.attachment(col.dir, HTML_ATTACHMENT)
    assert a.attachment(col.dir, HTML_ATTACHMENT) is first and first.exists and first.digest()[0] > 0
    assert b.attachment(col.dir, HTML_ATTACHMENT) is not first          # a new load looks again
