import codecs
from pathlib import Path

import pytest

from assistant.errors import ExtractionError
from assistant.ingest.text import decode_bytes, extract, markdown_headings
from assistant.records import Heading

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parent / "data"


def test_latin1_norwegian_text_decodes_with_its_letters():
    page = extract(DATA / "notat-latin1.txt").pages[0]
    assert page.text.startswith(
        "Notat om internasjonalt samarbeid i Mosseregionen\n\nKommunene Moss, Råde, Vestby og Våler"
    )
    assert "ÆØÅ æøå - «sitat» står på egen linje.\n" in page.text
    assert "Støtteordningene" in page.text and "Økt kunnskap" in page.text


def test_plain_text_is_one_page_without_structure_or_title():
    extracted = extract(DATA / "notat-latin1.txt")
    assert [page.number for page in extracted.pages] == [1]
    assert extracted.has_structure is False
    assert extracted.title is None
    assert extracted.pages[0].headings == ()


def test_bom_is_stripped_and_newlines_normalised():
    text = extract(DATA / "notat-utf8-bom-crlf.txt").pages[0].text
    assert text == "Forstudie 2021\nStøtte fra Viken fylkeskommune\nTredje linje\nfjerde linje\n"


def test_utf16_with_bom_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Våler og Råde\n".encode("utf-16-le"))
    assert extract(path).pages[0].text == "Våler og Råde\n"


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  ", codecs.BOM_UTF8 + b"\n\n"])
def test_empty_or_whitespace_only_file_is_refused(tmp_path, content):
    path = tmp_path / "tom.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=r"^empty file$"):
        extract(path)


@pytest.mark.parametrize(
    "content",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00",
        bytes(range(1, 32)) * 20,
    ],
)
def test_binary_content_is_refused(tmp_path, content):
    path = tmp_path / "bilde.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractionError, match=r"^binary file, not text$"):
        extract(path)


def test_decode_bytes_reads_short_latin1_norwegian():
    # Too short for statistics alone: the Western code pages are preferred for a Norwegian corpus.
    assert decode_bytes("Blåbærsyltetøy på brødskiva.\n".encode("latin-1")) == "Blåbærsyltetøy på brødskiva.\n"
    assert decode_bytes("Råde og Våler\n".encode("cp1252")) == "Råde og Våler\n"
    assert decode_bytes("Råde og Våler\n".encode()) == "Råde og Våler\n"


def test_markdown_headings_with_offsets_and_title():
    extracted = extract(DATA / "programmer.md")
    page = extracted.pages[0]
    assert extracted.has_structure is True
    assert extracted.title == "Støtteordninger for kommunene"
    assert [(h.level, h.title) for h in page.headings] == [
        (1, "Støtteordninger for kommunene"),
        (2, "Interreg"),
        (3, "Øresund-Kattegat-Skagerrak"),
        (2, "Erasmus+"),
    ]
    for heading in page.headings:
        assert page.text[heading.offset :].startswith(heading.title + "\n")
    assert page.headings[1] == Heading(offset=77, level=2, title="Interreg")


def test_markdown_heading_marks_leave_the_text_but_code_and_hashtags_stay():
    text = extract(DATA / "programmer.md").pages[0].text
    assert text.startswith("Støtteordninger for kommunene\n\nKort oversikt")
    assert "\nFinansiering\n" in text  # an h4: marks dropped, no Heading
    assert '```sh\n# ikke en overskrift\necho "#hashtag"\n```' in text
    assert "\n#ikke-overskrift uten mellomrom\n" in text


def test_markdown_without_h1_has_no_title(tmp_path):
    path = tmp_path / "notat.md"
    path.write_text("## Bare nivå to\n\nTekst.\n", encoding="utf-8")
    extracted = extract(path)
    assert extracted.title is None
    assert extracted.pages[0].headings == (Heading(offset=0, level=2, title="Bare nivå to"),)


def test_markdown_headings_pure():
    text, headings = markdown_headings("# A #\n\nx\n   ### B\n####### C\n#\n")
    assert text == "A\n\nx\nB\n####### C\n#\n"
    assert headings == [Heading(0, 1, "A"), Heading(5, 3, "B")]
