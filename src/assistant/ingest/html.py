"""Saved web pages: the main text without navigation, footer or cookie banner, with its h1-h3 headings.

Boilerplate removal is trafilatura's. Its XML output marks headings (`<head rend="h2">`), list
items, table cells and links; we render that XML to plain text ourselves so that every heading's
offset in the final text is known exactly rather than searched for afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import trafilatura
from lxml import etree
from lxml.html import HtmlElement

from assistant.errors import ExtractionError
from assistant.ingest.text import decode_bytes
from assistant.records import Extracted, Heading, Page

BLOCK_SEPARATOR = "\n\n"
MAX_HEADING_LEVEL = 3
# Only the start of a file is searched for a declared charset, as browsers do.
_SNIFF_BYTES = 4096
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_HEADING_REND = re.compile(r"^h([1-6])$")
# Elements of trafilatura's XML that hold blocks of their own rather than running text.
_BLOCK_TAGS = {"head", "p", "list", "table", "quote", "code", "div"}


@dataclass(frozen=True)
class Block:
    """One paragraph-like piece of the main text; `level` is 1-6 for a heading, 0 otherwise."""

    text: str
    level: int = 0


def extract(path: Path) -> Extracted:
    """Extract a saved HTML page as one page of main text with its h1-h3 headings.

    `title` comes from <title> (else og:title), `url` from the canonical link (else og:url).
    Raises ExtractionError when the page has no main text (only scripts, styles, a JS shell).
    """
    text = decode_html(path.read_bytes())
    tree = trafilatura.load_html(text)
    if tree is None:
        raise ExtractionError("not a readable HTML file")
    title = page_title(tree)
    url = canonical_url(tree)
    # <noscript> holds "please enable JavaScript" notes, which trafilatura would take for content.
    for element in tree.xpath("//noscript"):
        element.drop_tree()
    xml = trafilatura.extract(
        tree,
        url=url,
        output_format="xml",
        include_formatting=True,
        include_links=True,
        include_tables=True,
        include_comments=False,
    )
    blocks, links = main_blocks(xml) if xml else ([], [])
    if not blocks:
        raise ExtractionError("HTML has no readable main text")
    body, headings = render(blocks)
    page = Page(number=1, text=body, links=tuple(links), headings=tuple(headings))
    return Extracted(pages=(page,), title=title, url=url, has_structure=True)


def decode_html(data: bytes) -> str:
    """Decode with the charset the page declares when that works, else with detection."""
    declared = declared_charset(data)
    decoded = _decode_as(data, declared) if declared is not None else None
    # A wrong or unknown declaration leaves the decision to detection.
    return decoded if decoded is not None else decode_bytes(data)


def declared_charset(data: bytes) -> str | None:
    """The charset of a <meta charset> or http-equiv Content-Type in the first bytes, if any."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    match = _META_CHARSET.search(data[:_SNIFF_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii").lower()
    # Browsers read pages labelled Latin-1 or ASCII as windows-1252 (WHATWG Encoding), and so do we.
    return "cp1252" if name in {"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"} else name


def _decode_as(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding).lstrip("\ufeff")
    except (LookupError, UnicodeDecodeError):
        return None


def page_title(tree: HtmlElement) -> str | None:
    """The page's <title>, else its og:title."""
    for value in (*tree.xpath("//head/title/text()"), *tree.xpath("//meta[@property='og:title']/@content")):
        title = " ".join(str(value).split())
        if title:
            return title
    return None


def canonical_url(tree: HtmlElement) -> str | None:
    """The absolute http(s) URL of <link rel=canonical>, else of og:url."""
    candidates = [
        *tree.xpath("//link[contains(concat(' ', normalize-space(@rel), ' '), ' canonical ')]/@href"),
        *tree.xpath("//meta[@property='og:url']/@content"),
    ]
    for value in candidates:
        url = str(value).strip()
        if url.startswith(("http://", "https://")):
            return url
    return None


def main_blocks(xml: str) -> tuple[list[Block], list[str]]:
    """The blocks of trafilatura's XML <main>, and the http(s) links inside them (deduplicated)."""
    root = etree.fromstring(xml)
    main = root.find("main")
    if main is None:
        return [], []
    blocks = [block for block in _blocks(main) if block.text]
    links: list[str] = []
    for ref in main.iter("ref"):
        target = (ref.get("target") or "").strip()
        if target.startswith(("http://", "https://")) and target not in links:
            links.append(target)
    return blocks, links


def render(blocks: list[Block]) -> tuple[str, list[Heading]]:
    """Join blocks with blank lines; h1-h3 become Headings at their offsets in the joined text."""
    parts: list[str] = []
    headings: list[Heading] = []
    offset = 0
    for block in blocks:
        if 1 <= block.level <= MAX_HEADING_LEVEL:
            headings.append(Heading(offset=offset, level=block.level, title=block.text))
        parts.append(block.text)
        offset += len(block.text) + len(BLOCK_SEPARATOR)
    return BLOCK_SEPARATOR.join(parts), headings


def _blocks(container: etree._Element) -> Iterator[Block]:
    for element in container:
        tag = element.tag
        if tag == "head":
            match = _HEADING_REND.match(element.get("rend") or "")
            yield Block(_inline(element), int(match.group(1)) if match else 0)
        elif tag == "list":
            yield Block("\n".join(_list_lines(element, depth=0)))
        elif tag == "table":
            yield Block("\n".join(_table_lines(element)))
        elif tag in {"graphic", "comments"}:
            continue
        elif any(child.tag in _BLOCK_TAGS for child in element):
            yield from _blocks(element)
        else:
            yield Block(_inline(element))


def _list_lines(element: etree._Element, depth: int) -> Iterator[str]:
    numbered = (element.get("rend") or "") == "ol"
    for index, item in enumerate(element.iterchildren("item"), start=1):
        marker = f"{index}." if numbered else "•"
        own = _inline(item, skip={"list"})
        if own:
            yield f"{'  ' * depth}{marker} {own}"
        for nested in item.iterchildren("list"):
            yield from _list_lines(nested, depth + 1)


def _table_lines(element: etree._Element) -> Iterator[str]:
    for row in element.iter("row"):
        cells = [_inline(cell) for cell in row.iterchildren("cell")]
        if any(cells):
            yield " | ".join(cells)


def _inline(element: etree._Element, skip: frozenset[str] | set[str] = frozenset()) -> str:
    """The element's text with <lb/> as a line break, whitespace tidied per line."""
    pieces: list[str] = [element.text or ""]
    for child in element:
        # A skipped child is rendered by the caller; only its tail belongs to this text.
        if child.tag == "lb":
            pieces.append("\n")
        elif child.tag not in skip:
            pieces.append(_inline(child))
        pieces.append(child.tail or "")
    lines = (" ".join(line.split()) for line in "".join(pieces).split("\n"))
    return "\n".join(line for line in lines if line)
