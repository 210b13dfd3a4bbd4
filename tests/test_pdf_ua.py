"""Tagged PDFs for everyone (issue 21 §4): every PDF the site makes is PDF/UA-1 (WeasyPrint's
`pdf_variant="pdf/ua-1"`), read back with pikepdf: a structure tree, MarkInfo Marked, the
document language zh-CN, a title in the metadata that viewers show, bookmarks, and the PDF/UA
identification in the XMP metadata; fonts embedded."""
from __future__ import annotations

import pytest

from builders import CODE_A, CODE_B
from generator.check import run_checks
from generator.pdf import render_pdfs
from pdf_helpers import AS_OF, pdf_root, pdffonts

try:
    import pikepdf
except ImportError as e:      # never skip: the test extra installs it
    raise RuntimeError(f"pikepdf is missing ({e}): run `make test` (pip install -e '.[test]')") from e


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    base = tmp_path_factory.mktemp("pdfua")
    root = pdf_root(base / "root")
    checked = run_checks(root.path, AS_OF)
    assert not checked.report.errors, checked.report.errors
    results = render_pdfs(checked.project, checked.outcome, base / "site", base / "cache", jobs=2)
    assert {(r.kind, r.code) for r in results} == {(k, c) for k in ("self_diagnosis", "dossier", "verdict")
                                                   for c in (CODE_A, CODE_B)}
    return results


def test_every_pdf_is_tagged_pdf_ua_1(made):
    for r in made:
        with pikepdf.open(r.path) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root, r.rel
            tree = root.StructTreeRoot
            assert "/K" in tree and "/ParentTree" in tree, r.rel      # the tree has content
            assert bool(root.MarkInfo.Marked) is True, r.rel
            assert str(root.Lang) == "zh-CN", r.rel
            assert bool(root.ViewerPreferences.DisplayDocTitle) is True, r.rel
            with pdf.open_metadata() as xmp:
                assert str(xmp.get("pdfuaid:part")) == "1", r.rel
                title = xmp.get("dc:title")
            assert title and title == str(pdf.docinfo.Title), r.rel
            with pdf.open_outline() as outline:
                assert [item.title for item in outline.root], r.rel    # bookmarks


def test_structure_names_headings_tables_and_paragraphs(made):
    """The tags say what each part is, so a screen reader can move by heading and read tables."""
    report = next(r for r in made if r.kind == "self_diagnosis" and r.code == CODE_A)
    with pikepdf.open(report.path) as pdf:
        kinds = set()
        stack = [pdf.Root.StructTreeRoot.K]
        while stack:
            node = stack.pop()
            if isinstance(node, pikepdf.Array):
                stack.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if "/S" in node:
                    kinds.add(str(node.S))
                if "/K" in node:
                    stack.append(node.K)
    assert {"/H1", "/H2", "/P", "/Table", "/TR", "/TH", "/TD"} <= kinds, kinds


def test_fonts_are_embedded(made):
    for r in made:
        fonts = pdffonts(r.path)
        assert fonts and all(f["emb"] == "yes" for f in fonts), (r.rel, fonts)


def test_demo_attachment_pdfs_embed_their_fonts_and_are_tagged():
    """The demo's own attachments (institutions/*/files/*.pdf) show the same text on every reader."""
    from builders import REPO
    found = sorted((REPO / "institutions").glob("*/files/**/*.pdf"))
    assert found
    for path in found:
        fonts = pdffonts(path)
        assert fonts and all(f["emb"] == "yes" for f in fonts), (path.name, fonts)
        with pikepdf.open(path) as pdf:
            assert str(pdf.Root.Lang) == "zh-CN" and "/StructTreeRoot" in pdf.Root, path
            assert str(pdf.docinfo.Title).startswith("示例"), path
