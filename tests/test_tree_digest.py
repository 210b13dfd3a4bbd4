"""generator/tree_digest.py: the one walk and code digest behind the build fingerprint, the check
cache and the writers."""
import hashlib
import os

from generator.tree_digest import code_digest, walk_tree


def test_walk_lists_files_in_name_order_and_links_unfollowed(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_text("z")
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "skip").mkdir()
    (tmp_path / "skip" / "x").write_text("x")
    os.symlink(tmp_path / "b", tmp_path / "c")
    assert list(walk_tree(str(tmp_path), skip=frozenset({"skip"}))) == [("a.txt", True), ("b/z.txt", True), ("c", False)]


def test_code_digest_follows_bytes_and_leaves_bytecode_out(tmp_path):
    (tmp_path / "m.py").write_text("x = 1\n")
    first = code_digest(hashlib.sha256(), ("pyyaml",), [str(tmp_path)])
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.pyc").write_bytes(b"\0")
    assert code_digest(hashlib.sha256(), ("pyyaml",), [str(tmp_path)]) == first
    (tmp_path / "m.py").write_text("x = 2\n")
    assert code_digest(hashlib.sha256(), ("pyyaml",), [str(tmp_path)]) != first
    assert code_digest(hashlib.sha256(b"seed"), ("pyyaml",), [str(tmp_path)]) != code_digest(
        hashlib.sha256(), ("pyyaml",), [str(tmp_path)])
