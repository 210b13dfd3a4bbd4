"""site/pages.plan: `colleges=False` leaves out every college's own pages (the render pool and the
per-college reuse render those); a local name once shadowed the flag and every college page was
rendered twice, once as a site-wide page."""
from generator import urls
from generator.site.context import gather
from generator.site.pages import college_pages, plan


def test_plan_without_colleges_has_no_college_page(rich_checked):
    from test_findable import AS_OF
    site = gather(rich_checked.project, rich_checked.outcome, rich_checked.report, AS_OF)
    own = {p.path for col in site.colleges() for p in college_pages(site, col)}
    assert own                                                   # the fixture has college pages
    shared = {p.path for p in plan(site, colleges=False)}
    assert not shared & own
    every = {p.path for p in plan(site)}
    assert own <= every and shared <= every and urls.HOME in shared
