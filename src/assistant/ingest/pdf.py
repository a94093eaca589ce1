"""PDF files: the text of each page (pypdf, layout-free), the /Title and the pages' link URLs."""

from __future__ import annotations

from pathlib import Path

from pypdf import PageObject, PasswordType, PdfReader
from pypdf.errors import DependencyError, PyPdfError

from assistant.errors import ExtractionError
from assistant.records import Extracted, Page

# A page with fewer visible characters than this counts as empty (a scan may carry a stray mark).
MIN_PAGE_CHARS = 3

# pypdf reads lazily and, on damaged files, fails with its own errors or with these plain ones from
# deep inside the object parser. Any of them means: this file cannot be used.
_MALFORMED = (PyPdfError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError, OSError)


def extract(path: Path) -> Extracted:
    """Extract a PDF page by page; `Page.number` is the 1-based page index in the file.

    Raises ExtractionError for a file pypdf cannot read, an encrypted file that does not open with an
    empty password, a PDF without pages and one whose pages carry no text (a scan).
    """
    try:
        reader = PdfReader(path)
        _decrypt(reader)
        pages = tuple(_page(number, page) for number, page in enumerate(reader.pages, start=1))
        title = _title(reader)
    except ExtractionError:
        raise
    except _MALFORMED as exc:
        raise ExtractionError(f"not a readable PDF: {_short(exc)}") from exc
    if not pages:
        raise ExtractionError("PDF has no pages")
    if all(visible_chars(page.text) < MIN_PAGE_CHARS for page in pages):
        raise ExtractionError("PDF has no text layer (scanned?)")
    return Extracted(pages=pages, title=title, has_structure=False)


def normalise_text(text: str) -> str:
    """Unix line endings and no NUL characters; otherwise the text as pypdf gives it."""
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\x00", "")


def visible_chars(text: str) -> int:
    """How many non-whitespace characters `text` has."""
    return sum(1 for ch in text if not ch.isspace())


def _decrypt(reader: PdfReader) -> None:
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except DependencyError as exc:
        # AES needs an optional crypto package; without it even an open file cannot be read.
        raise ExtractionError("encrypted PDF (cannot decrypt without the 'cryptography' package)") from exc
    if opened == PasswordType.NOT_DECRYPTED:
        raise ExtractionError("encrypted PDF")


def _page(number: int, page: PageObject) -> Page:
    text = normalise_text(page.extract_text(extraction_mode="plain"))
    return Page(number=number, text=text, links=page_links(page))


def page_links(page: PageObject) -> tuple[str, ...]:
    """The URIs of a page's link annotations, deduplicated in order."""
    links: list[str] = []
    for ref in page.get("/Annots") or ():
        annot = ref.get_object()
        action = annot.get("/A")
        if annot.get("/Subtype") != "/Link" or action is None:
            continue
        uri = action.get_object().get("/URI")
        if uri is None:
            continue
        uri = uri.get_object()
        # A URI is an ASCII string by the spec; a broken one may arrive as raw bytes.
        url = (uri.decode("latin-1") if isinstance(uri, bytes) else str(uri)).strip()
        if url and url not in links:
            links.append(url)
    return tuple(links)


def _title(reader: PdfReader) -> str | None:
    metadata = reader.metadata
    title = metadata.title if metadata is not None else None
    if not isinstance(title, str):
        return None
    return title.strip() or None


def _short(exc: Exception) -> str:
    message = str(exc).strip() or type(exc).__name__
    return message if len(message) <= 120 else message[:117] + "..."
