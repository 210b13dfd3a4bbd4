"""A scratch root whose every free-text field of every file kind carries a script payload.

Each field gets its own number (`alert(N)`), so a leak names the field it came from
(`FIELDS[N]`). Shared by the static output scan and the browser test."""
from __future__ import annotations

import json
import re
from pathlib import Path

from builders import CODE_A, YEAR, ScratchRoot

# Breaks out of an attribute, of <title>, and of element content; every vector is live markup.
TEMPLATE = '"><img src=x onerror=alert({n})></title><script>alert({n})</script>&amp;'
FIELDS: list[str] = []
# Not shown as typed: Markdown fields (the body sanitizer drops the payload's tags, tests/test_trust_markdown.py)
# and the two fields no page prints (the sampling seed, the framework's hints)
MARKDOWN = {"review.summary", "self_diagnosis.overview", "round.sampling.seed", "framework.hint",
            *(f"self_diagnosis.elements.{k}" for k in ("achievements", "problems", "causes", "measures", "effects"))}
LIVE = re.compile(r"<img src=x onerror=alert\((\d+)\)|<script>alert\((\d+)\)", re.I)


_template = [TEMPLATE]


def payload(field: str, url: bool = False) -> str:
    """The payload for `field`, registered under the next number; YAML double-quoted text
    (JSON's escapes, "\\u0007", are YAML's too). `url`: an http URL that goes on with the
    payload (no spaces: `https://x.test/"><script>…`), for fields shown as links."""
    FIELDS.append(field)
    text = _template[0].format(n=len(FIELDS) - 1)
    return json.dumps("https://x.test/" + text.replace(" ", "") if url else text, ensure_ascii=False)


def poisoned_root(path: Path, template: str = TEMPLATE) -> ScratchRoot:
    """The builders' small valid root with a payload (`template`, "{n}": the field's number) in
    every free-text field."""
    FIELDS.clear()
    _template[0] = template
    root = ScratchRoot(path).base()
    p = payload
    root.write("site_config.yml", root.read("site_config.yml")
               .replace("name: 测试公示网", f"name: {p('site.name')}")
               .replace("authority: 测试市教育委员会", f"authority: {p('site.authority')}")
               .replace("secretariat: 测试秘书处", f"secretariat: {p('site.secretariat')}"))
    root.write("content/experts.yml", root.read("content/experts.yml")
               .replace("name: 李某", f"name: {p('expert.name')}")
               .replace("affiliation: 测试大学", f"affiliation: {p('expert.affiliation')}, "
                        f"title: {p('expert.title')}")
               .replace("fields: [装备制造大类]}", f"fields: [装备制造大类, {p('expert.fields')}]}}", 1)
               + f"  - {{id: E009, name: {p('expert.removed.name')}, kind: research, affiliation: 测试研究院, "
                 f"status: removed, removed: {{on: 2024-06-01, reason: {p('expert.removed.reason')}}}}}\n")
    inst = f"institutions/{CODE_A}/institution.yml"
    root.write(inst, root.read(inst)
               .replace("name: 测试工业职业技术学院", f"name: {p('institution.name')}")
               .replace("region: 东城区", f"region: {p('institution.region')}")
               .replace("categories: [装备制造大类]", f"categories: [装备制造大类, {p('institution.categories')}]")
               .replace("name: 教务处", f"name: {p('institution.departments.name')}")
               .replace("name: 机电工程系", f"name: {p('institution.faculties.name')}")
               .replace("website: https://www.example.edu.cn/", f"website: {p('institution.website', url=True)}"))
    for md in sorted((root.path / f"institutions/{CODE_A}/materials").rglob("*.md")):
        rel = md.relative_to(root.path).as_posix()
        text = re.sub(r"^title: .*$", lambda m: f"title: {p('material.title ' + rel)}", root.read(rel), count=1,
                      flags=re.M)
        root.write(rel, text)
    sd = f"institutions/{CODE_A}/self-diagnosis/{YEAR}.yml"
    text = root.read(sd)
    text = re.sub(r"^overview: .*$", lambda m: f"overview: {p('self_diagnosis.overview')}", text, count=1, flags=re.M)
    for key in ("achievements", "problems", "causes", "measures", "effects"):
        text = re.sub(rf"^    {key}: .*$", lambda m, k=key: f"    {k}: {p('self_diagnosis.elements.' + k)}", text,
                      count=1, flags=re.M)
    text = text.replace("signed_by: 王某某", f"signed_by: {p('self_diagnosis.signed_by')}")
    root.write(sd, text)
    rnd = f"content/rounds/{YEAR}/round.yml"
    root.write(rnd, root.read(rnd).replace('seed: "2024-12-01"', f"seed: {p('round.sampling.seed')}"))
    rev = f"content/rounds/{YEAR}/reviews/{CODE_A}.yml"
    root.write(rev, root.read(rev)
               .replace('"1.1": {match: true}', f'"1.1": {{match: true, note: {p("review.findings.note")}}}')
               .replace("summary: 专家组认为该校自我诊改工作扎实。", f"summary: {p('review.summary')}"))
    root.write("content/policies/2025-01-02-test.md",
               f"---\ntitle: {p('policy.title')}\ndoc_no: {p('policy.doc_no')}\nissuer: {p('policy.issuer')}\n"
               "issued_on: 2025-01-02\n---\n\n正文。\n")
    root.write("content/notices/2025-01-03-test.md",
               f"---\ntitle: {p('notice.title')}\ndate: 2025-01-03\n---\n\n正文。\n")
    fw = "content/frameworks/bj-2016.yml"
    text = root.read(fw)
    for key in ("name", "hint"):   # the framework's first names and hints (shown in reports and PDFs)
        text = re.sub(rf"^([ ]+(?:- )?){key}: .*$", lambda m, k=key: f"{m.group(1)}{k}: {p('framework.' + k)}",
                      text, count=1, flags=re.M)
    root.write(fw, text)
    return root


def live(text: str) -> list[str]:
    """The fields whose payload appears as live markup in `text`."""
    return sorted({FIELDS[int(m.group(1) or m.group(2))] for m in LIVE.finditer(text)})
