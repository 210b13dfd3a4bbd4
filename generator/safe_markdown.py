"""College Markdown → HTML that is safe to publish (DESIGN.md §7: no script from colleges).

Two stages, each enforcing on its own:

1. Python-Markdown with a fixed, small configuration: `tables`, `fenced_code`, `sane_lists`.
   No extension that reads files (snippets, include), injects attributes (attr_list,
   md_in_html) or runs code. Raw HTML passes through this stage on purpose: stage 2 judges it.
2. nh3 (ammonia) with an allowlist: prose, headings, lists, tables, code, links and images;
   a handful of attributes; links only http, https, mailto and relative; images only from the
   college's own `files/`.

Everything the sanitizer dropped (a tag, an attribute, a URL) is reported as
`content.unsafe_html`, a warning: the site publishes the safe remainder and says so, and the
college is told to fix its source (docs/trust.md explains the choice). A body beyond the
resource bounds (length, nesting, bracket and tag counts — Python-Markdown is quadratic on
unclosed brackets and recursive on nested lists) cannot be rendered at all: that is an error,
`content.too_complex`, like `file.too_large`.
"""
from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser
from typing import Callable

import markdown as _md
import nh3
from markupsafe import Markup

from . import plain_markdown, urls
from .findings import Loc, Report

class SafeHtml(Markup):
    """HTML the templates may print as markup: only sanitizer output (or markup our code builds
    with every piece of text escaped) is ever wrapped in it. Templates autoescape and use no
    the "safe" filter, so a plain string — whatever its origin — is printed as text. Only the modules
    listed in tests/test_trust_safehtml.py may construct it."""

    __slots__ = ()


MAX_CHARS = 100_000          # a body longer than this belongs in an attachment (~50 pages)
MAX_QUOTE_DEPTH = 16         # ">" levels
MAX_INDENT = 64              # columns of leading whitespace (16 list levels of 4)
MAX_OPENERS = 5_000          # "[" or "<" in the whole body (each costs ~0.1 ms to render)
MAX_UNCLOSED_COST = 250_000  # Σ k² over inline chunks of k unclosed "[" or "(" (see check_bounds)
MAX_STRAY_LT = 500           # "<" outside well-formed tags, in the whole body
MAX_CDATA = 20               # "<![": Python-Markdown's HTML scan is cubic on a line of them

EXTENSIONS = ["tables", "fenced_code", "sane_lists"]
EXTENSION_CONFIGS = {"tables": {"use_align_attribute": True}}

TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "code",
    "ul", "ol", "li", "dl", "dt", "dd", "strong", "em", "b", "i", "u", "s", "del", "ins",
    "sub", "sup", "mark", "small", "kbd", "abbr", "span", "div",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "a", "img",
}
ATTRIBUTES = {
    "a": {"href", "title"}, "img": {"src", "alt", "title"}, "abbr": {"title"},
    "ol": {"start"}, "code": {"class"}, "th": {"colspan", "rowspan"}, "td": {"colspan", "rowspan"},
}
ALIGN = {"th": {"align": {"left", "center", "right"}}, "td": {"align": {"left", "center", "right"}}}
SCHEMES = {"http", "https", "mailto"}
EXTERNAL_REL = "nofollow noopener noreferrer"

_CODE_CLASS = re.compile(r"language-[A-Za-z0-9_+#.-]{1,32}")
_NUMBER = re.compile(r"[1-9][0-9]{0,3}")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f\\]")
_BLOCK_START = re.compile(r"^[ \t>]*(?:[-*+]\s|\d{1,9}[.)]\s|\||#)")
# Only to see what html5ever parses (the pre-pass of _removals): every tag a browser knows.
_ALL_TAGS = TAGS | set("""
html head body title base link meta style script noscript template slot iframe frame frameset object embed
param applet video audio source track picture canvas map area svg math form input button select option
optgroup textarea label fieldset legend output datalist meter progress details summary dialog menu
marquee blink font center big strike tt nobr xmp plaintext listing isindex keygen portal article section
nav aside header footer main figure figcaption address time data q cite dfn var samp wbr bdi bdo ruby rt
rp col colgroup animate animatemotion animatetransform set use image foreignobject a text g path
""".split())
_ALL_SCHEMES = {"http", "https", "mailto", "javascript", "vbscript", "data", "file", "ftp", "blob", "tel",
                "livescript", "mocha", "jar", "about", "chrome", "ms-its", "mhtml", "res", "view-source"}
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_DEEP_PREFIX = re.compile(r"^[ \t>]{%d,}" % (MAX_QUOTE_DEPTH + 1), re.M)   # 17+ chars: see check_bounds
_WELL_FORMED_TAG = re.compile(r"<[A-Za-z/!?][^<>]*>")
_CLOSED = re.compile(r"\[[^\[\]\n]*\]|\([^()\n]*\)")
_REL_RE = re.compile(r'<a ([^>]*?) rel="' + EXTERNAL_REL + '">')


def render_markdown(text: str, *, file: str = "", line: int = 1, institution: str | None = None,
                    report: Report | None = None, allow_images_under: str | None = "files/",
                    link_base: str = "", image_url: Callable[[str], str | None] | None = None,
                    external_links: bool = True) -> str:
    """Render `text` (a Markdown body starting at `line` of `file`) to sanitized HTML.

    - `report`: where `content.unsafe_html` / `content.too_complex` go (None: silent, e.g. PDF).
    - `allow_images_under`: images must be relative paths below this prefix of the college
      folder (None: no images at all). They are mapped to the site by `image_url` when given,
      else to `link_base + urls.attachment(institution, rest)`.
    - `link_base`: the relative path from the page to the site root ("../../").
    - `external_links=False` (print): external links become their text followed by the URL.
    Never raises on any input text.
    """
    text = text if isinstance(text, str) else ""
    text = _SURROGATE.sub("\ufffd", text)            # lone surrogates (YAML "\ud800") cannot be encoded
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    problem = check_bounds(text)
    if problem is not None:
        if report is not None:
            where, detail = problem
            report.add("content.too_complex", Loc(file, line + where, 1), institution=institution, detail=detail)
        return ""
    raw = plain_markdown.converted(text, _markdown)       # once per text: check, site and PDF share it
    dropped: list[tuple[str, str, str]] = []   # (tag, attribute, value) removed by our URL policy

    def keep(tag: str, attr: str, value: str) -> str | None:
        new = _attribute(tag, attr, value, allow_images_under, link_base, institution, image_url)
        if new is None:
            dropped.append((tag, attr, value))
        return new

    clean = nh3.clean(raw, tags=TAGS, attributes=ATTRIBUTES, tag_attribute_values=ALIGN,
                      url_schemes=SCHEMES, attribute_filter=keep, link_rel=EXTERNAL_REL,
                      strip_comments=True)
    clean = _REL_RE.sub(_rel_only_external, clean)
    if not external_links:
        clean = _print_links(clean)
    if report is not None:
        cursor: dict[str, int] = {}
        for what, needle in _removals(raw, clean, dropped, allow_images_under, link_base, institution, image_url):
            ln, col = locate(text, needle, line, cursor)
            report.add("content.unsafe_html", Loc(file, ln, col), institution=institution, what=what)
    return clean


_CONVERTER: _md.Markdown | None = None


def _markdown(text: str) -> str:
    return _converter().reset().convert(text)


def _converter() -> _md.Markdown:
    """One Markdown instance, reset before each body: building one costs a third of a render
    (extensions, pattern registries), and reset() clears every per-document state."""
    global _CONVERTER
    if _CONVERTER is None:
        _CONVERTER = _md.Markdown(extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS,
                                  output_format="html")
    return _CONVERTER


def check_bounds(text: str) -> tuple[int, str] | None:
    """(line index within the body, Chinese detail) of the first resource bound exceeded, or None.

    Measured (benchmarks/adversarial_bench.py): Python-Markdown scans ahead from every unclosed
    "[" or "(" to the end of its inline chunk, so a chunk with k of them costs ~k² (the sum of
    k² over chunks is capped); its raw-HTML scan is quadratic in the "<" that do not close
    across the whole body, and worse on "<![" (both counted)."""
    if len(text) > MAX_CHARS:
        return 0, f"正文 {len(text)} 字符，超过上限 {MAX_CHARS}；请把长文放入附件（PDF）"
    for opener, name in (("[", "方括号“[”"), ("<", "尖括号“<”")):
        if text.count(opener) > MAX_OPENERS:
            return 0, f"{name}共 {text.count(opener)} 个，超过上限 {MAX_OPENERS}"
    if text.count("<![") > MAX_CDATA:
        return 0, f"“<![”共 {text.count('<![')} 个，超过上限 {MAX_CDATA}"
    stray = _WELL_FORMED_TAG.sub("", text).count("<") if "<" in text else 0
    if stray > MAX_STRAY_LT:
        return 0, f"未闭合的“<”共 {stray} 个，超过上限 {MAX_STRAY_LT}；请检查是否漏写了“>”，或把“<”写作“&lt;”"
    deep = _DEEP_PREFIX.search(text) is not None
    if not deep and _unclosed(text) ** 2 <= MAX_UNCLOSED_COST:
        return None               # fast path: (Σk)² bounds Σk², and no line is nested deeply
    cost, chunk, start = 0, [], 0
    lines = text.split("\n")
    for i, ln in enumerate(lines + [""]):
        stripped = ln.lstrip(" \t>")
        prefix = ln[: len(ln) - len(stripped)]
        quotes = prefix.count(">")
        if quotes > MAX_QUOTE_DEPTH:
            return i, f"引用（>）嵌套 {quotes} 层，超过上限 {MAX_QUOTE_DEPTH} 层"
        indent = len(prefix.expandtabs(4)) - quotes
        if indent > MAX_INDENT and stripped:
            return i, f"缩进 {indent} 列（列表嵌套过深），超过上限 {MAX_INDENT} 列"
        if not stripped or _BLOCK_START.match(ln):   # a new inline chunk begins
            if chunk:
                cost += _unclosed("\n".join(chunk)) ** 2
                if cost > MAX_UNCLOSED_COST:
                    return start, (f"未闭合的“[”“(”过多（处理代价 {cost}，上限 {MAX_UNCLOSED_COST}）；"
                                   "请检查是否漏写了“]”“)”")
            chunk, start = [], i
        chunk.append(ln)
    return None


def _unclosed(chunk: str) -> int:
    """"[" and "(" left after removing closed brackets and closed parentheses."""
    if "[" not in chunk and "(" not in chunk:
        return 0
    rest = _CLOSED.sub("", chunk)
    return rest.count("[") + rest.count("(")


def _attribute(tag, attr, value, allow_images_under, link_base, institution, image_url) -> str | None:
    """The value to publish for an attribute nh3's allowlist let through, or None to drop it."""
    if tag == "a" and attr == "href":
        v = _href(value)
        if v is not None and v.startswith("files/") and institution is not None and _is_file_ref(v):
            return link_base + urls.attachment(institution, v[len("files/"):])
        return v
    if tag == "img" and attr == "src":
        return _image(value, allow_images_under, link_base, institution, image_url)
    if tag == "code" and attr == "class":
        return value if _CODE_CLASS.fullmatch(value) else None
    if attr in ("start", "colspan", "rowspan"):
        return value if _NUMBER.fullmatch(value.strip()) else None
    return value


def _href(value: str) -> str | None:
    v = value.strip()
    if not v or _UNSAFE_CHARS.search(v) or v.startswith("//"):
        return None                           # "//host" is off-site without a scheme
    m = _SCHEME.match(v)
    if m:
        return v if m.group(1).lower() in SCHEMES else None
    return v                                  # relative (same site) or "#fragment"


def _is_file_ref(v: str) -> bool:
    return not (":" in v or "%" in v or ".." in v.split("/") or v.endswith("/"))


def _image(value, allow_images_under, link_base, institution, image_url) -> str | None:
    if allow_images_under is None:
        return None
    v = value.strip()
    if (not v.startswith(allow_images_under) or _UNSAFE_CHARS.search(v) or ":" in v or "%" in v
            or "?" in v or "#" in v or ".." in v.split("/") or v.endswith("/")):
        return None
    if image_url is not None:
        return image_url(v)
    if institution is None:
        return link_base + v
    return link_base + urls.attachment(institution, v[len("files/"):] if v.startswith("files/") else v)


def _rel_only_external(m: re.Match) -> str:
    """nh3 adds rel to every link; keep it on external ones only (same-site links need none)."""
    attrs = m.group(1)
    href = re.search(r'href="([^"]*)"', attrs)
    if href and _SCHEME.match(href.group(1)):
        return m.group(0)
    return f"<a {attrs}>"


def _print_links(html: str) -> str:
    def sub(m: re.Match) -> str:
        return f'{m.group(2)}（{m.group(1)}）'
    return re.sub(r'<a href="((?:https?|mailto):[^"]*)"[^>]*>(.*?)</a>', sub, html, flags=re.S)


# --- what was removed, and where --------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: Counter = Counter()
        self.attrs: Counter = Counter()

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            self.attrs[(tag, name, value or "")] += 1

    handle_startendtag = handle_starttag


def _parse(html: str) -> _Tags:
    p = _Tags()
    try:
        p.feed(html)
        p.close()
    except Exception:  # HTMLParser is lenient; a failure here only loses detail, never safety
        pass
    return p


def _removals(raw, clean, dropped, allow_images_under, link_base, institution, image_url):
    """[(Chinese description, text to find in the source)] of everything the sanitizer removed."""
    # What the author wrote, seen two ways: Python's lenient parser and html5ever's (the
    # sanitizer's own parser, through a pass that keeps everything); take the larger counts so
    # a parser differential (e.g. "<!--><script>") cannot hide a removal.
    before, after = _parse(raw), _parse(clean)
    seen5 = _parse(nh3.clean(raw, tags=_ALL_TAGS, clean_content_tags=set(), generic_attribute_prefixes={""},
                             url_schemes=_ALL_SCHEMES, link_rel=None, strip_comments=False))
    before.tags |= seen5.tags
    before.attrs |= seen5.attrs
    out = []
    for tag, n in sorted((before.tags - after.tags).items()):
        for _ in range(n):
            out.append((f"标签 <{tag}>", (f"<{tag}",)))
    expected = Counter()
    for (tag, name, value), n in before.attrs.items():
        if tag not in TAGS:
            continue                          # counted with its tag
        new = _attribute(tag, name, value, allow_images_under, link_base, institution, image_url)
        expected[(tag, name, new if new is not None else value)] += n
    got = Counter({k: v for k, v in after.attrs.items() if k[1] != "rel" or k[0] != "a"})
    urls_dropped = {(t, a, v) for t, a, v in dropped}
    for (tag, name, value), n in sorted((expected - got).items()):
        for _ in range(n):
            if name in ("href", "src") or (tag, name, value) in urls_dropped:
                shown = value if len(value) <= 60 else value[:57] + "…"
                needles = (f'{name}="{value}"', f"{name}='{value}'", f"{name}={value}", f"]({value}", value, name)
                out.append((f"<{tag}> 标签中的地址“{shown}”", needles))
            else:
                out.append((f"<{tag}> 标签的属性“{name}”", (f" {name}=", name)))
    return out


def locate(source: str, needles, first_line: int, cursor: dict | None = None) -> tuple[int, int]:
    """Approximate source position of the first of `needles` found (case-insensitive); the
    body's start if none is. `cursor` remembers where each needle was last found, so repeated
    removals map to successive places."""
    low = source.lower()
    keys = [n.lower() for n in ([needles] if isinstance(needles, str) else needles) if n]
    cursor = {} if cursor is None else cursor
    for fresh_only in (True, False):     # prefer a place not reported yet
        for key in keys:
            i = low.find(key, cursor.get(key, 0) if fresh_only else 0)
            if i >= 0:
                cursor[key] = i + 1
                return first_line + source.count("\n", 0, i), i - (source.rfind("\n", 0, i) + 1) + 1
    return first_line, 1


# --- `portal check`: every Markdown text the site will render ----------------------------
_REPORT_FIELDS = ("overview",)
_ELEMENT_FIELDS = ("achievements", "problems", "causes", "measures", "effects")
_RAW = re.compile(r"<|&")                                 # raw HTML or entities: render to know
_DESTINATIONS = re.compile(r"(!?)\[[^\n]*?\]\(\s*([^\s)]*)|^[ ]{0,3}\[[^\]\n]+\]:\s*(\S+)", re.M)


def check_text(text: str, file: str, line: int, institution: str | None, report: Report) -> None:
    """Report what rendering `text` would remove or refuse, without keeping the HTML.

    Fast path (most texts, `portal check` at national scale): without "<" or "&" only Markdown
    link and image destinations can be removed, and when every one passes the same policy the
    render would find nothing; anything else takes the full render."""
    if not text:
        return
    if _RAW.search(text) is None:
        problem = check_bounds(text)
        if problem is not None:
            report.add("content.too_complex", Loc(file, line + problem[0], 1), institution=institution,
                       detail=problem[1])
            return
        if "[" not in text or all(_destination_ok(m) for m in _DESTINATIONS.finditer(text)):
            return
    render_markdown(text, file=file, line=line, institution=institution, report=report)


def _destination_ok(m: re.Match) -> bool:
    bang, inline, ref = m.groups()
    url = inline if inline is not None else ref
    if bang:
        return _image(url, "files/", "", "4111010001", None) is not None
    return _href(url) is not None and (ref is None or _image(url, "files/", "", None, None) is not None
                                       or _href(url) is not None)


def check_markdown(proj, report: Report, colleges: bool = True) -> None:
    """Every Markdown text of a loaded project (material, policy and notice bodies, self-diagnosis
    reports, review summaries) as the site will render it (DESIGN.md §7). Duck-typed on
    `project.Project` so this leaf module imports nothing above findings/urls. Without
    `colleges`, the caller checks each college's own texts (check_college_markdown)."""
    for doc in list(proj.policies) + list(proj.notices):
        check_text(doc.body, doc.path, doc.body_line, None, report)
    for col in proj.colleges.values() if colleges else ():
        check_college_markdown(col, report)
    for (_year, code), rv in proj.reviews.items():
        loc = rv.loc("summary")
        check_text(rv.summary, loc.file, loc.line, code, report)


def check_college_markdown(col, report: Report) -> None:
    """One college's Markdown texts (materials, self-diagnosis reports): they read its folder only."""
    for doc in col.materials:
        check_text(doc.body, doc.path, doc.body_line, col.code, report)
    for rep in col.reports.values():
        for name in _REPORT_FIELDS:
            loc = rep.loc(name)
            check_text(getattr(rep, name), loc.file, loc.line, col.code, report)
        for er in rep.elements.values():
            for name in _ELEMENT_FIELDS:
                loc = er.loc(name)
                check_text(getattr(er, name), loc.file, loc.line, col.code, report)
