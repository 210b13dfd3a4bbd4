"""Results of `portal check` kept between runs (`<root>/.portal-cache/check/`), issue 24.

Every key is a digest of file *bytes* (not of sizes and times: a copy that keeps old times must
not be served an old result) and of the generator's own code and libraries:

* `result.json`: the findings of a whole check, under the digest of every file it reads
  (site_config.yml, content/, institutions/, the last build's open data), the check date and
  the code. Nothing changed: the check is one walk that hashes the tree;
* `load/<code>.json`: one college folder parsed (load_cache), under the digest of that folder's
  files and of the code; `colleges.json`: the findings of each college's own checks
  (validate._college), under that digest and the digest of everything outside the college
  folders. One college changed: only its folder is parsed and checked again; the rules that
  compare colleges then run over every college as a fresh check does.

Entries are sealed JSON (cache_files): an edited or planted entry is a logged miss and the check
runs as if there were no cache, so a cached check always equals `portal check --no-cache` (a
test compares them). A tree holding a symbolic link or any file that is not regular is never
cached: what such a file reads as is not a function of bytes under the root. A cache that cannot
be written (a read-only checkout) is skipped without a word; the check itself never depends on it.
The build never reads these entries, so they cannot change what is published.
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from . import cache_files
from .check import run_checks
from .findings import Finding
from .load_cache import CollegeCache, _decode, _encode
from .published import SITE_DATA
from . import tree_digest as tree

FOLDER = ".portal-cache/check"
_KIND = "check-result-1"
_OWN = "check-college-1"
LIBRARIES = ("pyyaml", "markdown", "nh3", "markupsafe")   # the libraries a check runs
_INPUTS = ("site_config.yml", "content", "institutions", f"{SITE_DATA}/colleges.json", f"{SITE_DATA}/verdicts.json")
_CODE_DIGEST: str | None = None


@dataclass(frozen=True)
class TreeDigest:
    whole: str                   # every input file, by path and bytes
    shared: str                  # every input file outside the college folders
    colleges: dict               # folder name under institutions/ → digest of its files


class NotCacheable(Exception):
    """A link or special file among the inputs: check without the cache."""


def code_digest() -> str:
    """The generator package's files (bytes) and the versions of the libraries a check uses."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        pkg = os.path.dirname(os.path.abspath(__file__))
        _CODE_DIGEST = tree.code_digest(hashlib.sha256(_KIND.encode()), LIBRARIES, [pkg])
    return _CODE_DIGEST


def digest_tree(root: Path) -> TreeDigest:
    """Digest every input of a check, and each college folder on its own. NotCacheable when
    a link or special file is among them."""
    root_s = os.fspath(root)
    whole = hashlib.sha256(code_digest().encode())       # only what is outside the college folders
    colleges: dict[str, str] = {}
    for name in _INPUTS:
        path = f"{root_s}/{name}"
        try:
            os.lstat(path)
        except FileNotFoundError:
            whole.update(f"\0{name}\0absent".encode())
            continue
        linked = os.path.islink(path) and not name.startswith(SITE_DATA)   # the open data is read through links
        if linked or not (os.path.isdir(path) or os.path.isfile(path)):
            raise NotCacheable(name)
        if not os.path.isdir(path):
            whole.update(f"\0{name}\0".encode() + tree.file_digest(path))
            continue
        if name != "institutions":
            _update(whole, path, name)
            continue
        for entry in _entries(path):
            sub = f"{path}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                h = hashlib.sha256(entry.name.encode())
                _update(h, sub, "")
                colleges[entry.name] = h.hexdigest()
            else:
                _update(whole, sub, f"institutions/{entry.name}", single=True)
    shared = whole.hexdigest()
    both = hashlib.sha256(shared.encode())
    for name, part in sorted(colleges.items()):
        both.update(f"\0{name}\0{part}".encode())
    return TreeDigest(both.hexdigest(), shared, colleges)


def _update(h, path: str, rel: str, single: bool = False) -> None:
    """Add the files below `path` (or the file `path` itself) to `h`: relative path and bytes."""
    items = [("", path)] if single else ((r, f"{path}/{r}") for r, _regular in tree.walk_tree(path))
    for r, full in items:
        if os.path.islink(full) or not os.path.isfile(full):
            raise NotCacheable(full)
        h.update(f"\0{rel}/{r}\0".encode() + tree.file_digest(full))


def _entries(path: str) -> list:
    with os.scandir(path) as it:
        return sorted(it, key=lambda e: e.name)


def _college_keys(tree: TreeDigest) -> dict[str, str]:
    code = code_digest()
    return {name: hashlib.sha256(f"{_KIND}\0{code}\0{part}".encode()).hexdigest()
            for name, part in tree.colleges.items()}


def cached_findings(root: Path, as_of, only: str | None = None, use_cache: bool = True) -> list[Finding]:
    """The findings of `portal check` (check.run_checks), through the cache unless `use_cache`
    is off. The same list, in the same order, either way."""
    if not use_cache or only is not None:      # one college's check reads little: not worth a key
        return run_checks(root, as_of, only=only).report.findings
    try:
        tree = digest_tree(root)
    except (NotCacheable, OSError):
        return run_checks(root, as_of).report.findings
    folder = Path(root) / FOLDER
    key = hashlib.sha256(f"{tree.whole}\0{as_of.isoformat()}".encode()).hexdigest()
    kept = _read_result(folder / "result.json", key)
    if kept is not None:
        return kept
    loads = CollegeCache(folder / "load", _college_keys(tree))
    own = OwnFindings(folder / "colleges.json", tree, as_of)
    checked = run_checks(root, as_of, cache=_Quiet(loads), kept=own)
    findings = checked.report.findings
    try:
        own.save()
        cache_files.save(folder / "result.json", _KIND, key, [_encode(f) for f in findings])
    except (OSError, TypeError):
        pass                     # a read-only root, or a value the codec does not know
    return findings


class OwnFindings:
    """The findings of each college's own checks (validate._college), in one sealed file:
    {folder name: [key, findings]}. A college's key covers its folder's bytes, everything outside
    the college folders (the frameworks and rounds those checks read), the date and the code."""

    def __init__(self, path: Path, tree: TreeDigest, as_of):
        self.path = path
        self.keys = {name: hashlib.sha256(f"{_KIND}\0{code_digest()}\0{tree.shared}\0{part}\0{as_of.isoformat()}"
                                          .encode()).hexdigest() for name, part in tree.colleges.items()}
        self.found: dict[str, list] = {}
        stored = cache_files.load(path, _OWN, code_digest(), hook=_decode)
        if isinstance(stored, dict):
            for name, entry in stored.items():
                if (isinstance(entry, list) and len(entry) == 2 and isinstance(entry[1], list)
                        and all(isinstance(f, Finding) for f in entry[1])):
                    if entry[0] == self.keys.get(name):
                        self.found[name] = entry[1]
                else:
                    cache_files.warn(path, "内容不符合格式")
                    self.found = {}
                    break
        elif stored is not None:
            cache_files.warn(path, "内容不符合格式")

    def get(self, name: str) -> list | None:
        return self.found.get(name)

    def put(self, name: str, findings: list) -> None:
        if name in self.keys:
            self.found[name] = list(findings)

    def save(self) -> None:
        body = {name: [self.keys[name], [_encode(f) for f in fs]] for name, fs in self.found.items() if name in self.keys}
        cache_files.save(self.path, _OWN, code_digest(), body)


def _read_result(path: Path, key: str) -> list[Finding] | None:
    value = cache_files.load(path, _KIND, key, hook=_decode)
    if value is None:
        return None
    if isinstance(value, list) and all(isinstance(f, Finding) for f in value):
        return value
    cache_files.warn(path, "内容不符合格式")
    return None


class _Quiet:
    """The load cache, with writes that may fail (a read-only root) without failing the check."""

    def __init__(self, inner: CollegeCache):
        self.inner = inner

    def lookup(self, names):
        return self.inner.lookup(names)

    def store(self, loaded, names) -> None:
        try:
            self.inner.store(loaded, names)
        except OSError:
            pass
