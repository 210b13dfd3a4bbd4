"""Render layer: pages, open data, feeds and charts made from the checked project and its outcome.

The public site (issue 4): `tree.assemble()` gathers the page data (`context`), plans every
page (`pages`), renders the body templates of theme/pages/ (`templating`), and adds open data,
feeds, PDFs, attachments, theme files and the generated mkdocs.yml (`mkdocs_config`);
`search` indexes the built site with Pagefind.
"""
