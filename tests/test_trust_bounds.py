"""Resource bounds: every hostile file fails with its own finding, never a hang or a traceback.
(Timings and peak memory are measured in benchmarks/adversarial_bench.py, not asserted here.)"""
from __future__ import annotations

import pytest

from builders import CODE_A, CODE_B
from conftest import codes
from generator.findings import Report
from generator.yamlsafe import MAX_BYTES, parse

INST_B = f"institutions/{CODE_B}/institution.yml"
BOMBS = {
    "billion-laughs": ("a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
                       + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi")),
                       "yaml.alias"),
    "alias-without-anchor": ("a: 1\nb: *a\n", "yaml.alias"),
    "merge-key": ("base: &b {x: 1}\nother:\n  <<: *b\n", "yaml.alias"),
    "python-tag": ("a: !!python/object/apply:os.system [echo pwned]\n", "yaml.alias"),
    "custom-tag": ("a: !include /etc/passwd\n", "yaml.alias"),
    "flow-seq-10000-deep": ("[" * 10_000 + "]" * 10_000, "yaml.syntax"),
    "flow-map-10000-deep": ("{a: " * 10_000 + "1" + "}" * 10_000, "yaml.syntax"),
    "block-seq-10000-deep": ("- " * 10_000 + "x\n", "yaml.syntax"),
    "dup-top": ("code: '1'\ncode: '2'\n", "yaml.duplicate_key"),
    "dup-nested": ("a:\n  b: 1\n  c: 2\n  b: 3\n", "yaml.duplicate_key"),
    "dup-in-seq": ("a:\n  - {x: 1, x: 2}\n", "yaml.duplicate_key"),
    "dup-deep": ("a:\n  b:\n    - c:\n        d: 1\n        d: 2\n", "yaml.duplicate_key"),
    "dup-quoted-vs-plain": ("key: 1\n'key': 2\n", "yaml.duplicate_key"),
    "two-documents": ("a: 1\n---\na: 2\n", "yaml.syntax"),
}


@pytest.mark.parametrize("name", sorted(BOMBS))
def test_hostile_yaml_gives_its_finding(name):
    text, code = BOMBS[name]
    report = Report()
    assert parse(text, "x.yml", report) is None or code == "yaml.duplicate_key"
    assert code in [f.code for f in report.findings]


def test_big_file_is_refused_unread(root, check_json, tmp_path):
    """A 50 MB file (made here, never committed) is refused by size before it is read."""
    big = root.path / INST_B
    with open(big, "wb") as fh:
        fh.write(b"name: x\n")
        fh.seek(50 * 1024 * 1024)
        fh.write(b"\n")
    md = root.path / f"institutions/{CODE_A}/materials/big.md"
    with open(md, "wb") as fh:
        fh.write(b"---\nkind: regional_plan\ntitle: x\npublished_on: 2025-01-01\n---\n")
        fh.write(b"[" * (MAX_BYTES + 10))
    rc, doc = check_json(root)
    big_findings = [f for f in doc["findings"] if f["code"] == "file.too_large"]
    assert rc == 1 and {f["file"] for f in big_findings} == {INST_B, f"institutions/{CODE_A}/materials/big.md"}


@pytest.mark.parametrize("encoding, hint", [("gbk", "GBK"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                            ("utf-16-be", "UTF-16")])
def test_wrong_encodings_are_named(root, check_json, encoding, hint):
    text = root.read(INST_B)
    (root.path / INST_B).write_bytes(text.encode(encoding))
    rc, doc = check_json(root)
    found = [f for f in doc["findings"] if f["code"] == "file.encoding"]
    assert rc == 1 and found and found[0]["file"] == INST_B and hint in found[0]["message"]


def test_yaml_bomb_in_front_matter(root, check_json):
    root.material(CODE_A, "plans/bomb.md", "regional_plan", published_on="2025-01-01",
                  extra="x: &a [1, 2]\ny: [*a, *a]")
    rc, doc = check_json(root)
    assert rc == 1 and "yaml.alias" in codes(doc)


def test_markdown_bomb_in_a_body(root, check_json):
    root.material(CODE_A, "plans/nest.md", "regional_plan", published_on="2025-01-01",
                  body="".join("    " * i + "- 层\n" for i in range(300)))
    root.material(CODE_A, "plans/brackets.md", "regional_plan", published_on="2025-01-01",
                  body=("[" * 500 + "a\n\n") * 40)
    rc, doc = check_json(root)
    found = [f for f in doc["findings"] if f["code"] == "content.too_complex"]
    assert rc == 1 and len(found) == 2
