"""Text already extracted from a PDF (the report's .txt), with its pages and links recovered.

In this extraction a page starts on a line that begins with a single space followed by text
(" FORORD "); a line that is only a space is not a start. One page starts instead with its
printed page number alone on a line ("16 "), which fixes the numbering: pages carry the
report's printed numbers. Each page ends with the URLs of its link annotations, one per line
without the trailing space that text lines have, often twice; those lines leave the text and
become the page's links. URLs printed in the running text stay where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.text import read_text
from assistant.records import Extracted, Page

_PAGE_START = re.compile(r"^ \S")
_PRINTED_NUMBER = re.compile(r"^(\d{1,3})[ \t]*$")
_URL_LINE = re.compile(r"^https?://\S+$")
# A link-block line has no whitespace at all; running text lines end with a space.
_BARE_LINE = re.compile(r"^\S+$")


@dataclass(frozen=True)
class RawPage:
    """A page as split from the file: its lines and the printed number it opened with, if any."""

    lines: tuple[str, ...]
    printed_number: int | None = None


def extract(path: Path) -> Extracted:
    """Extract the report's text into pages numbered as printed, each with its links.

    A file without page markers comes back as one page numbered 1.
    """
    raw_pages = split_pages(read_text(path).split("\n"))
    numbers = page_numbers([raw.printed_number for raw in raw_pages])
    pages = tuple(_page(number, raw) for number, raw in zip(numbers, raw_pages, strict=True))
    return Extracted(pages=pages, title=None, has_structure=False)


def printed_page_number(line: str) -> int | None:
    """The number on a line that holds only a printed page number ("16 "), else None."""
    match = _PRINTED_NUMBER.match(line)
    return int(match.group(1)) if match else None


def is_page_start(line: str) -> bool:
    """True for a line that opens a page: one space then text, or a printed page number."""
    return bool(_PAGE_START.match(line)) or printed_page_number(line) is not None


def page_numbers(printed: list[int | None]) -> list[int]:
    """Number pages so that the first page with a printed number gets that number.

    `printed[i]` is the number printed at the top of page i, if any. Without one, or when it would
    make the first page number less than 1, pages are numbered 1, 2, 3, ...
    """
    first = next(((i, n) for i, n in enumerate(printed) if n is not None), None)
    start = first[1] - first[0] if first is not None else 1
    start = max(start, 1)
    return list(range(start, start + len(printed)))


def split_pages(lines: list[str]) -> list[RawPage]:
    """Cut lines into pages at page starts; a printed-number line is consumed, not kept."""
    groups: list[list[str]] = [[]]
    for line in lines:
        if is_page_start(line) and any(text.strip() for text in groups[-1]):
            groups.append([])
        groups[-1].append(line)
    return [_raw_page(group) for group in groups]


def split_links(lines: list[str]) -> tuple[list[str], tuple[str, ...]]:
    """Separate a page's trailing URL block from its text: (text lines, deduplicated URLs).

    The block is the run of whitespace-free lines at the page's end from its first URL on; a
    whitespace-free line that is not a URL continues the URL above it (a URL wrapped at a hyphen or
    slash), so it is joined on without a separator.
    """
    start = len(lines)
    while start > 0 and (not lines[start - 1].strip() or _BARE_LINE.match(lines[start - 1])):
        start -= 1
    while start < len(lines) and not _URL_LINE.match(lines[start]):
        start += 1
    urls: list[str] = []
    for line in lines[start:]:
        if _URL_LINE.match(line):
            urls.append(line)
        elif line.strip() and urls:
            urls[-1] += line
    return lines[:start], tuple(dict.fromkeys(urls))


def _raw_page(lines: list[str]) -> RawPage:
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return RawPage(tuple(lines))
    number = printed_page_number(lines[first])
    if number is not None:
        return RawPage(tuple(lines[first + 1 :]), number)
    opening = lines[first][1:] if _PAGE_START.match(lines[first]) else lines[first]
    return RawPage((*lines[:first], opening, *lines[first + 1 :]))


def _page(number: int, raw: RawPage) -> Page:
    text_lines, links = split_links(list(raw.lines))
    return Page(number=number, text=_trim_blank_lines(text_lines), links=links)


def _trim_blank_lines(lines: list[str]) -> str:
    """Join lines, dropping whitespace-only lines at both ends (layout left by the page break)."""
    start, end = 0, len(lines)
    while start < end and not lines[start].strip():
        start += 1
    while end > start and not lines[end - 1].strip():
        end -= 1
    return "\n".join(lines[start:end])
