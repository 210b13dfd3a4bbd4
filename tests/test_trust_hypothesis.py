"""Issue 18 tests: Hypothesis strategies per file kind. Each example starts from a valid document
of one kind, perturbs one thing (a field's type, a number's or date's range, the file's
emptiness, control characters, length) and runs the checker in-process on a scratch root:
it must return findings — an error in that very file for the perturbations that are invalid by
construction — and never raise. Time is bounded by Hypothesis' per-example deadline, not by
timed assertions; the whole module stays well under a minute."""
from __future__ import annotations

import datetime as dt
import os
import re

import pytest
import yaml
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from builders import CODE_A, ScratchRoot
from generator.check import run_checks
from generator.load_files import split_front_matter

AS_OF = dt.date(2025, 8, 1)
KINDS = {          # file kind → (path in the scratch root, Markdown with front matter?)
    "site_config": ("site_config.yml", False),
    "framework": ("content/frameworks/bj-2016.yml", False),
    "institution": (f"institutions/{CODE_A}/institution.yml", False),
    "material": (f"institutions/{CODE_A}/materials/2024/aqr.md", True),
    "self_diagnosis": (f"institutions/{CODE_A}/self-diagnosis/2025.yml", False),
    "experts": ("content/experts.yml", False),
    "round": ("content/rounds/2025/round.yml", False),
    "review": (f"content/rounds/2025/reviews/{CODE_A}.yml", False),
    "policy": ("content/policies/2024-09-10-fangan.md", True),
    "notice": ("content/notices/2024-12-20-mingdan.md", True),
}
# No shrinking phase: a failure is reported as first found, so the module's time stays bounded.
PER_KIND = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "25")), deadline=dt.timedelta(seconds=10),
                    derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate],
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# perturbations that make the document invalid by construction (an error in that file is due)
INVALID = {"type", "range", "empty"}
CONTROL = "".join(chr(c) for c in (1, 7, 8, 11, 12, 27, 31, 127))


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    root = ScratchRoot(tmp_path_factory.mktemp("hyp") / "root").base()
    root.write(KINDS["policy"][0], "---\ntitle: 工作方案\nissuer: 测试市教育委员会\nissued_on: 2024-09-10\n---\n正文。\n")
    root.write(KINDS["notice"][0], "---\ntitle: 2025 年复核名单\ndate: 2024-12-20\n---\n正文。\n")
    docs = {}
    for kind, (rel, md) in KINDS.items():
        text = root.read(rel)
        if md:
            fm, _, body, _ = split_front_matter(text)
            docs[kind] = (yaml.safe_load(fm), body)
        else:
            docs[kind] = (yaml.safe_load(text), None)
    return root, docs


HUGE = "HUGE-INTEGER-OF-DIGITS:"      # replaced by that many digits after dumping (yaml cannot dump them)


def dump(kind, data, body, raw=None) -> str:
    text = raw if raw is not None else yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10**6)
    text = re.sub(r"'?%s(\d+)'?" % HUGE, lambda mt: "9" * int(mt.group(1)), text)
    return f"---\n{text}---\n{body}" if KINDS[kind][1] else text


def paths(node, prefix=()):
    """Every place in a document: (path, value), containers included."""
    yield prefix, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from paths(v, prefix + (i,))


def replaced(doc, path, value):
    if not path:
        return value
    out = dict(doc) if isinstance(doc, dict) else list(doc)
    out[path[0]] = replaced(doc[path[0]], path[1:], value)
    return out


def perturb(data, draw):
    """One perturbation of a valid document: (name, new data or None, raw text or None)."""
    how = draw(st.sampled_from(["type", "range", "empty", "control", "length"]))
    places = list(paths(data))
    if how == "empty":
        return how, None, draw(st.sampled_from(["", "\n", "# 待填\n", "---\n"]))
    if how == "range":
        numbers = [(p, v) for p, v in places if isinstance(v, (int, dt.date)) and not isinstance(v, bool)]
        if numbers:
            path, v = draw(st.sampled_from(numbers))
            if isinstance(v, dt.date):
                bad = draw(st.sampled_from([dt.date(1, 1, 1), dt.date(1999, 12, 31), dt.date(2101, 1, 1),
                                            dt.date(9999, 12, 31)]))
            else:     # below every range, above every range, or longer than any int() should read
                bad = draw(st.one_of(st.integers(max_value=-1), st.integers(min_value=10**7, max_value=10**12),
                                     st.integers(min_value=10, max_value=6000).map(lambda n: HUGE + str(n))))
            return how, replaced(data, path, bad), None
        how = "type"                                   # a kind without numbers: perturb a type instead
    if how == "type":
        path, _ = draw(st.sampled_from(places))
        bad = draw(st.sampled_from([{"zz_unknown": [1]}, {"zz_unknown": None}]))
        return how, replaced(data, path, bad), None
    strings = [(p, v) for p, v in places if isinstance(v, str)] or [((), "")]
    path, v = draw(st.sampled_from(strings))
    if how == "control":
        bad = v[:3] + draw(st.text(alphabet=CONTROL, min_size=1, max_size=4)) + v[3:]
    else:
        bad = draw(st.sampled_from(["字", "a", "（", "\n"])) * draw(st.sampled_from([1000, 20_000, 200_000]))
    return how, (replaced(data, path, bad) if path else data), None


def test_every_kind_is_valid_as_dumped(world):
    root, docs = world
    for kind, (data, body) in docs.items():
        rel = KINDS[kind][0]
        original = root.read(rel)
        root.write(rel, dump(kind, data, body))
        try:
            errs = [f for f in run_checks(root.path, AS_OF).report.errors if f.file == rel]
        finally:
            root.write(rel, original)
        assert not errs, (kind, [f.message() for f in errs])


@pytest.mark.parametrize("kind", sorted(KINDS))
@PER_KIND
@given(data=st.data())
def test_one_perturbed_field_gives_findings_never_a_traceback(world, kind, data):
    root, docs = world
    doc, body = docs[kind]
    rel = KINDS[kind][0]
    how, new, raw = perturb(doc, data.draw)
    original = root.read(rel)
    root.write(rel, dump(kind, new, body, raw))
    try:
        checked = run_checks(root.path, AS_OF)          # never raises
    finally:
        root.write(rel, original)
    for f in checked.report.findings:
        f.message()                                    # every finding renders
        assert f.line >= 0 and f.file
    if how in INVALID:
        mine = [f for f in checked.report.errors if f.file == rel]
        assert mine, (kind, how, new if raw is None else raw)
