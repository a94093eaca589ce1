"""Plain text and Markdown files: encoding detected, newlines normalised, Markdown headings kept."""

from __future__ import annotations

import codecs
import re
import unicodedata
from pathlib import Path

from charset_normalizer import from_bytes

from assistant.errors import ExtractionError
from assistant.records import Extracted, Heading, Page

MARKDOWN_SUFFIXES = (".md", ".markdown")
MAX_HEADING_LEVEL = 3
# Tried first: charset-normalizer alone reads short Latin-1 Norwegian as cp1250 or cp1006
# ("Blĺbćr"), because nothing in a few words tells those code pages apart. Our corpus is Norwegian,
# so a Western decoding that fits wins; anything else falls through to unrestricted detection.
WESTERN_ENCODINGS = ("utf_8", "cp1252", "latin_1", "iso8859_15")
# Control characters (other than tab, newline, carriage return, form feed) above this share of the
# text mean the bytes are not text, whatever decoding charset-normalizer found for them.
MAX_CONTROL_SHARE = 0.01
_SNIFF_BYTES = 8192
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_ATX_HEADING = re.compile(r"^ {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")


def extract(path: Path) -> Extracted:
    """Extract a .md/.markdown file as Markdown and anything else as plain text."""
    if path.suffix.lower() in MARKDOWN_SUFFIXES:
        return extract_markdown(path)
    return extract_plain(path)


def extract_plain(path: Path) -> Extracted:
    """One page of text; headings are left to the structure stage (`has_structure=False`)."""
    text = read_text(path)
    return Extracted(pages=(Page(number=1, text=text),), title=None, has_structure=False)


def extract_markdown(path: Path) -> Extracted:
    """One page whose ATX headings (`#`..`###`) become Headings; the `#` marks leave the text.

    The title is the first level-1 heading, if any.
    """
    text, headings = markdown_headings(read_text(path))
    title = next((h.title for h in headings if h.level == 1), None)
    page = Page(number=1, text=text, headings=tuple(headings))
    return Extracted(pages=(page,), title=title, has_structure=True)


def read_text(path: Path) -> str:
    """The file decoded (see `decode_bytes`) with Unix newlines; raises for empty or binary files."""
    text = normalise_newlines(decode_bytes(path.read_bytes()))
    if not text.strip():
        raise ExtractionError("empty file")
    return text


def decode_bytes(data: bytes) -> str:
    """Decode bytes of unknown encoding: a BOM decides, else detection; the BOM is dropped.

    Raises ExtractionError("binary file, not text") when no text encoding explains the bytes.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _check_text(data.decode(encoding, errors="replace").lstrip("\ufeff"))
    if b"\x00" in data[:_SNIFF_BYTES]:
        raise ExtractionError("binary file, not text")
    match = from_bytes(data, cp_isolation=list(WESTERN_ENCODINGS)).best() or from_bytes(data).best()
    if match is None:
        raise ExtractionError("binary file, not text")
    return _check_text(str(match).lstrip("\ufeff"))


def normalise_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def markdown_headings(text: str) -> tuple[str, list[Heading]]:
    """The text with ATX heading lines reduced to their titles, and h1-h3 as Headings at their offsets.

    Lines inside fenced code blocks are never headings.
    """
    out: list[str] = []
    headings: list[Heading] = []
    offset = 0
    fence: str | None = None
    for line in text.split("\n"):
        fence_match = _FENCE.match(line)
        if fence_match and (fence is None or fence_match.group(1).startswith(fence)):
            fence = fence_match.group(1)[:3] if fence is None else None
        heading = None if fence is not None else _ATX_HEADING.match(line)
        if heading is not None and heading.group(2):
            level, line = len(heading.group(1)), heading.group(2)
            if level <= MAX_HEADING_LEVEL:
                headings.append(Heading(offset=offset, level=level, title=line))
        out.append(line)
        offset += len(line) + 1
    return "\n".join(out), headings


def _check_text(text: str) -> str:
    controls = sum(1 for ch in text if ch not in "\t\n\r\f" and unicodedata.category(ch) == "Cc")
    if text and controls / len(text) > MAX_CONTROL_SHARE:
        raise ExtractionError("binary file, not text")
    return text
