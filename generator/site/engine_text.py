"""Text handed to the static-site engine (MkDocs + Material) is HTML-escaped here, once."""
from __future__ import annotations

import html


def engine_text(text: str) -> str:
    """The one escaping boundary between our data and MkDocs/Material: every string we hand the
    engine as text (site_name, site_description, site_author, copyright, nav titles, each page's
    front-matter `title`) passes through here first.

    Material's templates print these values unescaped in most places (`<title>`, the header's
    `md-header__topic`, nav labels, meta description/author, the footer) and MkDocs' Jinja
    environment does not autoescape, so the engine receives them as HTML, already escaped.
    Overriding Material's partials instead would mean copying them whole (and missing the next
    one Material adds). Where Material escapes once more (`title="{{ config.site_name | e }}"`) a
    name with `&`, `<` or `"` shows its entity in a tooltip: visible, never executable.
    Never hand the engine a string without it: `mkdocs_yml` and `pages.render_page` are the only
    writers of engine input, and tests/test_trust_fields.py checks both."""
    return html.escape(text, quote=True)
