"""The site's URL layout, in one place: pages, PDFs, open data and attachments all link by these.

Paths are relative to the site root, directory style ("colleges/4111010001/"), so the same tree
serves from any base URL. Docs-tree source files are `<path>index.md`.
"""
from __future__ import annotations

HOME = ""
POLICIES = "policies/"
NOTICES = "notices/"
ROUNDS = "rounds/"
COLLEGES = "colleges/"
REVIEWS = "reviews/"
EXPERTS = "experts/"
LISTS = "lists/"
DATA = "data/"
SEARCH = "search/"
FEED = "feed.xml"
CALENDAR = "calendar.ics"
ROBOTS = "robots.txt"
LEDGER_FILE = "data/ledger/publications.jsonl"    # the publication ledger, copied for archiving
LEDGER_HEAD = "data/ledger/head.json"             # its chain head, for anyone to archive and verify against
PDFS = "pdf"        # top-level folder of every generated PDF: published beside the engine's output


def policy(slug: str) -> str:
    return f"policies/{slug}/"


def notice(slug: str) -> str:
    return f"notices/{slug}/"


def college_status(key: str) -> str:
    """The colleges of one status (rules.overview.STATUS_FILTERS): a page, so filtering needs
    neither a server nor JavaScript. Outside colleges/, whose folders are all college codes."""
    return f"college-status/{key}/"


def round_(year: int) -> str:
    return f"rounds/{year}/"


def college(code: str) -> str:
    return f"colleges/{code}/"


def material(code: str, slug: str) -> str:
    return f"colleges/{code}/materials/{slug}/"


def self_diagnosis(code: str, year: int) -> str:
    return f"colleges/{code}/self-diagnosis/{year}/"


def reviews_year(year: int) -> str:
    return f"reviews/{year}/"


def review(year: int, code: str) -> str:
    return f"reviews/{year}/{code}/"


def lists_year(year: int) -> str:
    return f"lists/{year}/"


def attachment(code: str, rel: str) -> str:
    """An attachment as committed: institutions/<code>/<rel> → files/<code>/<rel below files/>.

    Callers may pass the path as written ("files/a.pdf") or already below files/ ("a.pdf")."""
    return f"files/{code}/{rel.removeprefix('files/')}"


def ledger_object(sha256: str) -> str:
    """One version's bytes as the publication ledger stored them (content-addressed, so the URL
    never changes). No file extension: the server sends it as a download, never as a page."""
    return f"ledger/objects/{sha256[:2]}/{sha256}"


def pdf_self_diagnosis(code: str, year: int) -> str:
    return f"{PDFS}/{code}/self-diagnosis-{year}.pdf"


def pdf_dossier(code: str, year: int) -> str:
    return f"{PDFS}/{code}/dossier-{year}.pdf"


def pdf_verdict(code: str, year: int) -> str:
    return f"{PDFS}/{code}/verdict-{year}.pdf"


def material_slug(path: str, code: str) -> str:
    """A stable slug from a material's path below materials/: '2024/aqr.md' → '2024-aqr'."""
    prefix = f"institutions/{code}/materials/"
    rel = path[len(prefix):] if path.startswith(prefix) else path
    return rel.removesuffix(".md").replace("/", "-")
