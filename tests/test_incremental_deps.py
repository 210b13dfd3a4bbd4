"""What a page template reads of the colleges' files is recorded while it renders
(generator/site/page_deps.py): a file when it reads a Doc's or a file model's content, a
college's collection when it lists one, the whole folder when a College goes to a helper,
every folder when it reads a per-college collection of SiteData; names and paths are free."""
import datetime as dt

import jinja2

from generator.project import College, Doc
from generator.site.context import SiteData
from generator.site.page_deps import EVERY, TrackingEnvironment, recording

MAT = "institutions/4111010001/materials/2025/aqr.md"


def run(src: str, **ctx) -> set:
    env = TrackingEnvironment(undefined=jinja2.StrictUndefined, autoescape=True)
    with recording() as seen:
        env.from_string(src).render(**ctx)
    return seen


def college() -> College:
    doc = Doc(MAT, meta={"title": "报告"}, body="正文", body_line=5, sha256="0" * 64)
    return College("4111010001", materials=[doc])


def test_reading_a_college_doc_records_its_file_and_its_path_alone_does_not():
    col = college()
    doc = col.materials[0]
    assert run("{{ d.path }}", d=doc) == set()
    assert run("{{ d.body }}", d=doc) == {MAT}
    assert run("{{ c.code }}", c=col) == set()
    assert run("{% for d in c.materials %}{{ d.body }}{% endfor %}", c=col) == {"4111010001#materials", MAT}


def test_a_college_handed_to_a_helper_records_its_folder():
    assert run("{{ f(c) }}", c=college(), f=lambda c: len(c.materials)) == {"4111010001"}


def test_shared_files_are_not_recorded_and_nothing_is_outside_a_recorder():
    policy = Doc("content/policies/a.md", meta={}, body="x", body_line=1, sha256="0" * 64)
    assert run("{{ d.body }}", d=policy) == set()
    env = TrackingEnvironment()
    assert env.from_string("{{ d.body }}").render(d=college().materials[0]) == "正文"   # no recorder: no error


def test_a_per_college_collection_of_the_site_means_every_college():
    site = SiteData(project=None, outcome=None, as_of=dt.date(2026, 7, 1), findings=None)
    assert run("{{ s.materials|length }}", s=site) == {EVERY}
    assert run("{{ s.as_of }}", s=site) == set()
