"""Parsed college folders kept between builds (`.portal-cache/load/<code>.json`).

Reading and parsing ~50,000 files is most of `portal check` at national scale (12 s at 1,500
colleges), and a rebuild after one college's change needs only that college read again. Each
file holds one college's loaded model and the findings of reading it, under a key: the digest
of the generator's code and libraries and of the college folder's files (path, type, size,
mtime), as `fingerprint.fingerprint` computed it before anything was read. A file read after
the key was taken can only make the key older than the content, so the next build misses and
reads the folder again; it never serves old content under a new key.

The files are plain data (JSON, sealed: cache_files), never pickles: a value is rebuilt only as
one of the model classes named below, so a planted file cannot run code, and one that fails its
check is read again from the folder (issue 20 §2).
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from pathlib import Path

from . import cache_files, models, models_evidence
from .findings import Finding, Loc
from .load import paused_gc
from .project import College, Doc
from .schema import Model, MonthDay, Ratio

_KIND = "college-load-3"
_SUFFIX = ".json"
_CLASSES = {c.__name__: c for c in (College, Doc, Finding, Loc, models_evidence.Due, *(
    v for mod in (models, models_evidence) for v in vars(mod).values()
    if isinstance(v, type) and issubclass(v, Model) and dataclasses.is_dataclass(v)))}
_FIELDS = {c: tuple(f.name for f in dataclasses.fields(c)) for c in _CLASSES.values()}


def keys_of(code_digest: str, colleges: dict[str, str]) -> dict[str, str]:
    """One key per college folder from the fingerprint's parts."""
    return {name: hashlib.sha256(f"{code_digest}\0{part}".encode()).hexdigest() for name, part in colleges.items()}


class CollegeCache:
    def __init__(self, folder: Path, keys: dict[str, str]):
        self.folder, self.keys = Path(folder), keys
        self.hits = 0

    def lookup(self, names: list[str]) -> dict[str, tuple]:
        """{name: (College, findings)} for the folders whose stored key is still theirs."""
        out: dict[str, tuple] = {}
        with paused_gc():
            for name in names:
                key = self.keys.get(name)
                if key is None:
                    continue
                path = self.folder / f"{name}{_SUFFIX}"
                value = cache_files.load(path, _KIND, key, hook=_decode)
                if value is None:
                    continue
                if (isinstance(value, list) and len(value) == 2 and isinstance(value[1], list)
                        and (value[0] is None or isinstance(value[0], College) and value[0].code == name)
                        and all(isinstance(f, Finding) for f in value[1])):
                    out[name] = (value[0], value[1])
                else:
                    cache_files.warn(path, "内容不符合格式")
        self.hits = len(out)
        return out

    def store(self, loaded: dict[str, tuple], names: list[str]) -> None:
        """Write what was read this time, one folder at a time (encoded as soon as it is read,
        before any later step could touch the objects, and never all held at once: ~140 MB at
        1,500 colleges); remove the files of folders not in `names` (every folder there is)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with paused_gc():
            for name, value in loaded.items():
                if name not in self.keys:
                    continue
                col, findings = value
                try:
                    body = cache_files.dump([_encode(col), [_encode(f) for f in findings]])
                except TypeError:
                    continue                  # a value the codec does not know: read it next time
                cache_files.write_raw(self.folder / f"{name}{_SUFFIX}", _KIND, self.keys[name], body)
        live = {f"{n}{_SUFFIX}" for n in names}
        for entry in os.listdir(self.folder):
            if entry not in live:
                try:
                    os.unlink(self.folder / entry)
                except OSError:
                    pass


# --- plain data for the models -----------------------------------------------------------
# Objects become JSON objects tagged with one "$" key; dict keys that are plain strings (not
# starting with "$") stay as they are, so a JSON object without a tag is an ordinary dict.
def _encode(v):
    t = type(v)
    if v is None or t is str or t is int or t is bool or t is float:
        return v
    if t is list:
        return [_encode(x) for x in v]
    if t is dict:
        if all(type(k) is str and not k.startswith("$") for k in v):
            return {k: _encode(x) for k, x in v.items()}
        return {"$d": [[_encode(k), _encode(x)] for k, x in v.items()]}
    if t is tuple:
        return {"$t": [_encode(x) for x in v]}
    if t is dt.date:
        return {"$D": v.isoformat()}
    if t is Ratio:
        return {"$R": [v.numerator, v.denominator]}
    if t is MonthDay:
        return {"$M": str(v)}
    if t is models_evidence.Number:
        return {"$N": float(v)}
    if t in _FIELDS:
        # fields in their order and locations flat: fewer JSON objects to build when reading
        out = {"$c": t.__name__, "f": [_encode(getattr(v, name)) for name in _FIELDS[t]]}
        extra = getattr(v, "__dict__", {})
        if "_locs" in extra:               # {field: (line, column)}: hundreds of thousands
            out["L"] = [x for k, pos in extra["_locs"].items() for x in (k, *pos)]
            if len(out["L"]) != 3 * len(extra["_locs"]):
                raise TypeError("a location is not (line, column)")
        if "_file" in extra:
            out["F"] = extra["_file"]
        if set(extra) - set(_FIELDS[t]) - {"_locs", "_file"}:
            raise TypeError(f"{t.__name__}: unexpected attributes")
        return out
    raise TypeError(f"cannot keep a {t.__name__} in the load cache")


def _decode(d: dict):
    if "$c" in d:
        cls = _CLASSES[d["$c"]]                # only the model classes: KeyError otherwise
        names, values = _FIELDS[cls], d["f"]
        if len(values) != len(names):
            raise ValueError(d["$c"])
        if "__slots__" in vars(cls):
            return cls(*values)
        obj = cls.__new__(cls)
        obj.__dict__.update(zip(names, values))
        if "L" in d:
            flat = d["L"]
            obj.__dict__["_locs"] = {flat[i]: (flat[i + 1], flat[i + 2]) for i in range(0, len(flat), 3)}
        if "F" in d:
            obj.__dict__["_file"] = d["F"]
        return obj
    if "$t" in d:
        return tuple(d["$t"])
    if "$d" in d:
        return {k: v for k, v in d["$d"]}
    if "$D" in d:
        return dt.date.fromisoformat(d["$D"])
    if "$R" in d:
        return Ratio(*d["$R"])
    if "$N" in d:
        return models_evidence.Number(d["$N"])
    if "$M" in d:
        return MonthDay(d["$M"])
    if any(k.startswith("$") for k in d):
        raise ValueError("unknown tag")
    return d
