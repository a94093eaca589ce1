"""Section structure: headings found in text that carries none, and section paths over pages.

The report's text has no markup. Its headings are recognised by shape: all-capital lines are
top-level headings; short title-like lines (no closing punctuation) that open a paragraph are
sub-headings; a sub-heading followed directly by another is a group ("EU-baserte programmer"),
whose followers sit one level deeper ("... > EU-baserte programmer > Interreg").
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from assistant.records import Heading, Page


@dataclass(frozen=True)
class StructureRules:
    """Tunable shape rules, overridable from ingest/structure.toml by the secretariat."""

    max_heading_chars: int = 80
    max_heading_words: int = 10
    min_caps_letters: int = 4
    min_paragraph_chars: int = 50
    never_headings: tuple[str, ...] = ()


def load_rules(path: Path | None) -> StructureRules:
    """Rules from a TOML file's [headings] table, defaults for what it leaves out."""
    if path is None or not path.is_file():
        return StructureRules()
    data = tomllib.loads(path.read_text(encoding="utf-8")).get("headings", {})
    known = set(StructureRules.__dataclass_fields__)
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{path}: unknown key(s) in [headings]: {', '.join(sorted(unknown))}")
    if "never_headings" in data:
        data["never_headings"] = tuple(data["never_headings"])
    return StructureRules(**data)


_APPENDIX = re.compile(r"^vedlegg\s+\d+\b", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*–\d]")


@dataclass(frozen=True)
class _Line:
    page: int
    offset: int
    text: str


def _content_lines(pages: tuple[Page, ...]) -> list[_Line]:
    lines = []
    for index, page in enumerate(pages):
        offset = 0
        for raw in page.text.splitlines(keepends=True):
            stripped = raw.strip()
            if stripped:
                lines.append(_Line(index, offset + (len(raw) - len(raw.lstrip())), stripped))
            offset += len(raw)
    return lines


def _letters(text: str) -> str:
    return "".join(ch for ch in text if ch.isalpha())


def is_caps_heading(text: str, rules: StructureRules) -> bool:
    letters = _letters(text)
    return (
        len(letters) >= rules.min_caps_letters
        and letters.isupper()
        and len(text) <= 2 * rules.max_heading_chars
        and "http" not in text
        and len(letters) >= 0.6 * len(text.replace(" ", ""))
    )


def is_title_like(text: str, rules: StructureRules) -> bool:
    """A short line that could be a sub-heading: capitalised, no closing punctuation, no colon."""
    return (
        len(text) <= rules.max_heading_chars
        and text[0].isupper()
        and not _BULLET.match(text)
        and text[-1] not in ".:;,!?-"
        and ":" not in text
        and "http" not in text
        and "|" not in text
        and len(text.split()) <= rules.max_heading_words
        and text not in rules.never_headings
    )


def detect_headings(pages: tuple[Page, ...], rules: StructureRules = StructureRules()) -> tuple[Page, ...]:
    """Pages with their `headings` filled in from the shape of their lines."""
    lines = _content_lines(pages)
    n = len(lines)
    caps = [is_caps_heading(line.text, rules) for line in lines]
    title = [is_title_like(line.text, rules) and not caps[i] for i, line in enumerate(lines)]
    paragraph = [len(line.text) >= rules.min_paragraph_chars and not caps[i] for i, line in enumerate(lines)]

    # Bottom-up: a title-like line is a heading when a paragraph or another sub-heading follows it.
    sub = [False] * n
    for i in range(n - 1, -1, -1):
        if title[i] and i + 1 < n and (paragraph[i + 1] or sub[i + 1]):
            sub[i] = True

    found: list[list[Heading]] = [[] for _ in pages]
    group_open = False
    i = 0
    while i < n:
        line = lines[i]
        if caps[i] or _APPENDIX.match(line.text) and title[i]:
            words = [line.text]
            # A capital heading wrapped over two lines ("... I KOMMUNENE I" / "REGIONEN").
            while caps[i] and i + 1 < n and caps[i + 1] and lines[i + 1].page == line.page:
                i += 1
                words.append(lines[i].text)
            found[line.page].append(Heading(line.offset, 1, " ".join(words)))
            group_open = False
        elif sub[i]:
            if i + 1 < n and sub[i + 1]:
                found[line.page].append(Heading(line.offset, 2, line.text))
                group_open = True
            else:
                found[line.page].append(Heading(line.offset, 3 if group_open else 2, line.text))
        i += 1
    return tuple(replace(page, headings=tuple(found[k])) for k, page in enumerate(pages))


@dataclass(frozen=True)
class Span:
    """A stretch of one page's text that lies in one section."""

    page: int
    start: int
    end: int
    section: tuple[str, ...]


def section_spans(pages: tuple[Page, ...], root: tuple[str, ...] = ()) -> list[Span]:
    """Cut every page at its headings; each piece carries the section path open there.

    Sections run on across page breaks. `root` is put in front of every path (e.g. an appendix title).
    """
    stack: list[tuple[int, str]] = []
    spans: list[Span] = []
    for page in pages:
        cut = 0
        for heading in sorted(page.headings, key=lambda h: h.offset):
            if heading.offset > cut:
                spans.append(Span(page.number, cut, heading.offset, root + tuple(t for _, t in stack)))
            while stack and stack[-1][0] >= heading.level:
                stack.pop()
            stack.append((heading.level, heading.title))
            cut = heading.offset
        if cut < len(page.text):
            spans.append(Span(page.number, cut, len(page.text), root + tuple(t for _, t in stack)))
    return [s for s in spans if pages_text(pages, s).strip()]


def pages_text(pages: tuple[Page, ...], span: Span) -> str:
    for page in pages:
        if page.number == span.page:
            return page.text[span.start : span.end]
    raise KeyError(span.page)
