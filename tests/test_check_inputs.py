"""Each bad-input case yields its code at the right file and line, and exit 1 (issue 2)."""
import datetime as dt
import os

import pytest

from builders import CODE_A, DEADLINE, START
from conftest import codes

MAT = f"institutions/{CODE_A}/materials/2024/aqr.md"
INST = f"institutions/{CODE_A}/institution.yml"


def only(doc, code):
    found = [f for f in doc["findings"] if f["code"] == code]
    assert found, f"{code} not in {[(f['code'], f['file'], f['line']) for f in doc['findings']]}"
    return found


def test_duplicate_key(root, check_json):
    root.write(INST, root.read(INST) + "region: 西城区\n")
    rc, doc = check_json(root)
    f = only(doc, "yaml.duplicate_key")[0]
    assert rc == 1 and f["file"] == INST and f["line"] == 11 and f["column"] == 1


def test_duplicate_key_nested(root, check_json):
    root.replace(INST, "  - {id: jwc, name: 教务处}", "  - {id: jwc, name: 教务处, id: x}")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "yaml.duplicate_key")[0]["line"] == 8


def test_alias_bomb_is_rejected_at_the_first_anchor(root, check_json):
    lol = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8))
    root.write(INST, lol)
    rc, doc = check_json(root)
    f = only(doc, "yaml.alias")[0]
    assert rc == 1 and f["file"] == INST and f["line"] == 1


def test_custom_tag_is_rejected(root, check_json):
    root.write(INST, "code: !!python/object:os.system echo\n")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "yaml.alias")[0]["line"] == 1


def test_gbk_file_is_named_as_such(root, check_json):
    root.write(INST, root.read(INST).encode("gbk"))
    rc, doc = check_json(root)
    f = only(doc, "file.encoding")[0]
    assert rc == 1 and f["file"] == INST and "GBK" in f["message"] and "UTF-8" in f["message"]


def test_utf16_file_is_rejected(root, check_json):
    root.write(INST, root.read(INST).encode("utf-16"))
    rc, doc = check_json(root)
    assert rc == 1 and "UTF-16" in only(doc, "file.encoding")[0]["message"]


def test_bom_is_tolerated(root, check_json):
    root.write(INST, b"\xef\xbb\xbf" + root.read(INST).encode("utf-8"))
    root.write(MAT, b"\xef\xbb\xbf" + root.read(MAT).encode("utf-8"))
    rc, doc = check_json(root)
    assert rc == 0, doc


def test_tab_indentation(root, check_json):
    root.write(INST, root.read(INST).replace("  - {id: jdx", "\t- {id: jdx"))
    rc, doc = check_json(root)
    f = only(doc, "yaml.syntax")[0]
    assert rc == 1 and f["line"] == 10 and "制表符" in f["message"]


def test_impossible_date_in_front_matter(root, check_json):
    root.replace(MAT, f"published_on: {DEADLINE}", "published_on: 2025-02-30")
    rc, doc = check_json(root)
    f = only(doc, "schema.date")[0]
    assert rc == 1 and f["file"] == MAT and f["line"] == 5 and f["column"] == 15


def test_unknown_key_suggests_the_right_one(root, check_json):
    root.write(INST, root.read(INST) + "studnets: 10\n")
    rc, doc = check_json(root)
    f = only(doc, "schema.unknown_key")[0]
    assert rc == 1 and f["line"] == 11 and "students" in f["message"]


def test_missing_field(root, check_json):
    root.write(INST, root.read(INST).replace("region: 东城区\n", ""))
    rc, doc = check_json(root)
    f = only(doc, "schema.missing")[0]
    assert rc == 1 and f["file"] == INST and "region" in f["message"]


def test_unquoted_code_is_a_type_error(root, check_json):
    root.replace(INST, f'code: "{CODE_A}"', f"code: {CODE_A}")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "schema.type")[0]["line"] == 1


def test_attachment_dotdot_escape(root, check_json):
    root.write("secret.txt", "secret")
    root.replace(MAT, "---\n正文", "attachments: [files/../../../secret.txt]\n---\n正文")
    rc, doc = check_json(root)
    f = only(doc, "attachment.outside")[0]
    assert rc == 1 and f["file"] == MAT and f["line"] == 6


def test_attachment_symlink_out_of_the_folder(root, check_json):
    root.write("secret.txt", "secret")
    (root.path / f"institutions/{CODE_A}/files").mkdir(parents=True)
    os.symlink(root.path / "secret.txt", root.path / f"institutions/{CODE_A}/files/link.txt")
    root.replace(MAT, "---\n正文", "attachments: [files/link.txt]\n---\n正文")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "attachment.outside")[0]["file"] == MAT


def test_attachment_missing(root, check_json):
    root.replace(MAT, "---\n正文", "attachments: [files/nope.pdf]\n---\n正文")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "attachment.missing")[0]["line"] == 6


@pytest.mark.parametrize("days_before, code", [(31, None), (30, None), (29, "material.late")])
def test_deadline_boundary_end_to_end(root, check_json, days_before, code):
    root.replace(MAT, f"published_on: {DEADLINE}", f"published_on: {START - dt.timedelta(days=days_before)}")
    rc, doc = check_json(root)
    assert rc == 0  # late is a warning: it is published, not blocked
    late = [f for f in doc["findings"] if f["code"] == "material.late"]
    if code is None:
        assert late == []
    else:
        assert len(late) == 1 and late[0]["file"] == MAT and late[0]["line"] == 5 and "逾期 1 天" in late[0]["message"]


def test_missing_and_pending_relative_to_as_of(root, check_json):
    root.remove(MAT)
    rc, doc = check_json(root, as_of="2025-04-12")      # deadline day: still pending
    assert rc == 0 and codes(doc) == ["material.pending"]
    assert "还剩 0 天" in doc["findings"][0]["message"]
    rc, doc = check_json(root, as_of="2025-04-13")
    assert codes(doc) == ["material.missing"]
    assert doc["findings"][0]["file"] == "content/rounds/2025/round.yml"


def test_all_findings_are_reported_in_one_run(root, check_json):
    root.write(INST, root.read(INST) + "studnets: 10\n")
    root.replace(MAT, f"published_on: {DEADLINE}", "published_on: 2025-02-30")
    root.write(f"institutions/{CODE_A}/materials/x.md", "no front matter\n")
    rc, doc = check_json(root)
    assert {"schema.unknown_key", "schema.date", "file.front_matter"} <= set(codes(doc))


def test_duplicate_material(root, check_json):
    root.write(f"institutions/{CODE_A}/materials/2024/aqr-copy.md", root.read(MAT))
    rc, doc = check_json(root)
    f = only(doc, "material.duplicate")[0]
    assert rc == 1 and f["file"].endswith("aqr.md") or f["file"].endswith("aqr-copy.md")


def test_unknown_unit(root, check_json):
    p = f"institutions/{CODE_A}/materials/2024/asd-jdx.md"
    root.replace(p, "unit: jdx", "unit: nosuch")
    rc, doc = check_json(root)
    assert rc == 1 and only(doc, "ref.unit")[0]["line"] == 4


def test_no_traceback_on_garbage(root, check_json):
    root.write(INST, "\x7f\x01 ][ : : :\n")
    root.write(MAT, "---\n- just\n- a list\n---\n")
    rc, doc = check_json(root)
    assert rc == 1 and {"yaml.syntax", "schema.type"} <= set(codes(doc))
