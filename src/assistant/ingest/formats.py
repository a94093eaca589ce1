"""Which extractor reads which file: by the manifest's format name, else by the file's suffix."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.errors import ExtractionError
from assistant.ingest import html, pdf, pdftext, text
from assistant.records import Extracted

Extractor = Callable[[Path], Extracted]

EXTRACTORS: dict[str, Extractor] = {
    "pdf": pdf.extract,
    "html": html.extract,
    "text": text.extract_plain,
    "markdown": text.extract_markdown,
    "pdftext": pdftext.extract,
}

# Suffix -> format name. "pdftext" has no suffix of its own (it is a .txt): the manifest names it.
SUPPORTED_SUFFIXES: dict[str, str] = {
    ".pdf": "pdf",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".md": "markdown",
    ".markdown": "markdown",
}


def format_for(path: Path, fmt: str | None = None) -> str:
    """The format name to read `path` with: `fmt` when given, else the one its suffix implies."""
    if fmt is not None:
        if fmt not in EXTRACTORS:
            raise ExtractionError(f"unknown format {fmt!r} (valid: {', '.join(EXTRACTORS)})")
        return fmt
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise ExtractionError(f"unsupported file type {suffix or '(no suffix)'}")
    return SUPPORTED_SUFFIXES[suffix]


def extract_file(path: Path, fmt: str | None = None) -> Extracted:
    """Extract `path` with the extractor for `fmt` (a format name) or for its suffix.

    Raises ExtractionError for an unsupported type, an empty file or one its extractor cannot use.
    """
    extractor = EXTRACTORS[format_for(path, fmt)]
    try:
        if path.stat().st_size == 0:
            raise ExtractionError("empty file")
        return extractor(path)
    except OSError as exc:
        raise ExtractionError(f"cannot read file: {exc.strerror or exc}") from exc


def check_size(path: Path, max_bytes: int) -> None:
    """Raise ExtractionError for an empty file or one larger than `max_bytes`."""
    size = path.stat().st_size
    if size == 0:
        raise ExtractionError("empty file")
    if size > max_bytes:
        raise ExtractionError(f"file is larger than {_megabytes(max_bytes)} MB")


def _megabytes(size: int) -> str:
    """50 MB as "50", 1.5 MB as "1.5", half a MB as "0.5": no trailing zeros."""
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 else f"{value:.2g}"
