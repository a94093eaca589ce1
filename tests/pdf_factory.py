"""Real, minimal PDFs for the tests, written byte by byte (no PDF library on the writing side).

Text is drawn with the standard Type1 font Helvetica in WinAnsiEncoding, so Norwegian letters
(æ ø å) are single cp1252 bytes that any reader maps back to Unicode. Encrypted files are the one
exception: they are made by pypdf's own writer from one of our plain files.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from pypdf import PdfReader, PdfWriter

PAGE_WIDTH = 595
PAGE_HEIGHT = 842
_FONT_SIZE = 12
_LEADING = 16


@dataclass(frozen=True)
class TextPage:
    """A page of text lines, drawn top-down; each link becomes a URI link annotation."""

    lines: tuple[str, ...]
    links: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImagePage:
    """A page with a grey image and a drawn rectangle but no text at all (a scan, in effect)."""


PageSpec = TextPage | ImagePage


def _literal(text: str) -> bytes:
    """A PDF literal string in WinAnsiEncoding (cp1252), with the three special bytes escaped."""
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def _text_string(text: str) -> bytes:
    """A PDF text string (metadata) as UTF-16BE with a byte-order mark, in hex."""
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode("ascii") + b">"


def _text_content(lines: tuple[str, ...]) -> bytes:
    parts = [b"BT", f"/F1 {_FONT_SIZE} Tf {_LEADING} TL 72 {PAGE_HEIGHT - 72} Td".encode("ascii")]
    for index, line in enumerate(lines):
        parts.append(_literal(line) + (b" Tj" if index == 0 else b" '"))
    parts.append(b"ET")
    return b"\n".join(parts)


_IMAGE_CONTENT = b"q 200 0 0 100 72 600 cm /Im1 Do Q\n0.5 g 72 400 200 100 re f"


class _Objects:
    """Collects numbered indirect objects and serialises them with a correct xref table."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []

    def reserve(self) -> int:
        self.bodies.append(b"")
        return len(self.bodies)

    def set(self, number: int, body: bytes) -> None:
        self.bodies[number - 1] = body

    def add(self, body: bytes) -> int:
        number = self.reserve()
        self.set(number, body)
        return number

    def add_stream(self, data: bytes, extra: bytes = b"") -> int:
        return self.add(b"<< /Length %d %s>>\nstream\n" % (len(data), extra) + data + b"\nendstream")

    def serialise(self, root: int, info: int | None) -> bytes:
        out = io.BytesIO()
        out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offsets = []
        for number, body in enumerate(self.bodies, start=1):
            offsets.append(out.tell())
            out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
        xref = out.tell()
        out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(self.bodies) + 1))
        for offset in offsets:
            out.write(b"%010d 00000 n \n" % offset)
        trailer = b"<< /Size %d /Root %d 0 R" % (len(self.bodies) + 1, root)
        if info is not None:
            trailer += b" /Info %d 0 R" % info
        out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
        return out.getvalue()


def _link_annotation(url: str, index: int) -> bytes:
    top = PAGE_HEIGHT - 300 - index * 20
    return (
        b"<< /Type /Annot /Subtype /Link /Border [0 0 0] /Rect [72 %d 300 %d] "
        b"/A << /Type /Action /S /URI /URI %s >> >>" % (top - 14, top, _literal(url))
    )


def pdf_bytes(pages: list[PageSpec], title: str | None = None) -> bytes:
    """A complete PDF with the given pages (possibly none) and an optional /Title."""
    objects = _Objects()
    catalog = objects.reserve()
    page_tree = objects.reserve()
    font = objects.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    kids = []
    for spec in pages:
        if isinstance(spec, ImagePage):
            image = objects.add_stream(
                bytes([128]) * 4,
                b"/Type /XObject /Subtype /Image /Width 2 /Height 2 /ColorSpace /DeviceGray /BitsPerComponent 8 ",
            )
            content = objects.add_stream(_IMAGE_CONTENT)
            resources = b"<< /XObject << /Im1 %d 0 R >> >>" % image
            annots = b""
        else:
            content = objects.add_stream(_text_content(spec.lines))
            resources = b"<< /Font << /F1 %d 0 R >> >>" % font
            links = [objects.add(_link_annotation(url, i)) for i, url in enumerate(spec.links)]
            annots = b" /Annots [%s]" % b" ".join(b"%d 0 R" % n for n in links) if links else b""
        kids.append(
            objects.add(
                b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 %d %d] /Resources %s /Contents %d 0 R%s >>"
                % (page_tree, PAGE_WIDTH, PAGE_HEIGHT, resources, content, annots)
            )
        )
    objects.set(catalog, b"<< /Type /Catalog /Pages %d 0 R >>" % page_tree)
    objects.set(
        page_tree,
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids)),
    )
    info = objects.add(b"<< /Title %s /Producer (pdf_factory) >>" % _text_string(title)) if title else None
    return objects.serialise(catalog, info)


def write_pdf(path: Path, pages: list[PageSpec], title: str | None = None) -> Path:
    """Write `pdf_bytes(pages, title)` to `path` and return it."""
    path.write_bytes(pdf_bytes(pages, title))
    return path


def write_text_pdf(path: Path, pages: list[str], title: str | None = None) -> Path:
    """One text page per string (its lines split at newlines), without links."""
    return write_pdf(path, [TextPage(tuple(text.split("\n"))) for text in pages], title=title)


# The report's own words, so the fixtures look like the corpus they stand in for.
NORWEGIAN_PAGES: list[PageSpec] = [
    TextPage(
        (
            "Forstudie om internasjonalt samarbeid",
            "Kommunene Moss, Råde, Vestby og Våler har alle vært representert.",
        )
    ),
    TextPage(
        (
            "Interreg",
            "Øresund-Kattegat-Skagerrak gir støtte til grønn økonomi.",
        ),
        links=("https://interreg.no/om-interreg/interreg-a/oresund-kattegat-skagerrak/",),
    ),
]
NORWEGIAN_TITLE = "Forstudie – internasjonalt samarbeid i Mosseregionen"


def write_norwegian_pdf(path: Path) -> Path:
    """Two Norwegian text pages with a /Title and one link annotation on page 2."""
    return write_pdf(path, NORWEGIAN_PAGES, title=NORWEGIAN_TITLE)


def write_image_only_pdf(path: Path) -> Path:
    """Two pages with an image and a filled rectangle each, and no text layer."""
    return write_pdf(path, [ImagePage(), ImagePage()])


def write_encrypted_pdf(path: Path, user_password: str, owner_password: str = "eier-passord") -> Path:
    """The Norwegian PDF encrypted by pypdf (RC4-128, no extra crypto library needed).

    An empty `user_password` gives a file that any reader opens without asking.
    """
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_bytes(NORWEGIAN_PAGES, NORWEGIAN_TITLE))))
    writer.encrypt(user_password=user_password, owner_password=owner_password, algorithm="RC4-128")
    with path.open("wb") as fh:
        writer.write(fh)
    return path


def write_truncated_pdf(path: Path) -> Path:
    """The first 40 bytes of a valid PDF: the header survives, every object is lost."""
    path.write_bytes(pdf_bytes(NORWEGIAN_PAGES)[:40])
    return path
