import pytest
from pdf_factory import (
    NORWEGIAN_TITLE,
    ImagePage,
    TextPage,
    write_encrypted_pdf,
    write_image_only_pdf,
    write_norwegian_pdf,
    write_pdf,
    write_truncated_pdf,
)

from assistant.errors import ExtractionError
from assistant.ingest.pdf import extract, normalise_text

pytestmark = pytest.mark.unit

PAGE_ONE = "Forstudie om internasjonalt samarbeid\nKommunene Moss, Råde, Vestby og Våler har alle vært representert."
PAGE_TWO = "Interreg\nØresund-Kattegat-Skagerrak gir støtte til grønn økonomi."
INTERREG_URL = "https://interreg.no/om-interreg/interreg-a/oresund-kattegat-skagerrak/"


def test_norwegian_pdf_gives_its_pages_with_exact_text(tmp_path):
    extracted = extract(write_norwegian_pdf(tmp_path / "forstudie.pdf"))
    assert [(page.number, page.text) for page in extracted.pages] == [(1, PAGE_ONE), (2, PAGE_TWO)]
    assert extracted.has_structure is False
    assert extracted.url is None


def test_title_comes_from_the_pdf_metadata(tmp_path):
    assert extract(write_norwegian_pdf(tmp_path / "forstudie.pdf")).title == NORWEGIAN_TITLE


def test_pdf_without_title_has_none(tmp_path):
    assert extract(write_pdf(tmp_path / "uten-tittel.pdf", [TextPage(("Bare tekst her.",))])).title is None


def test_link_annotations_become_the_page_links(tmp_path):
    first, second = extract(write_norwegian_pdf(tmp_path / "forstudie.pdf")).pages
    assert first.links == ()
    assert second.links == (INTERREG_URL,)


def test_repeated_link_annotations_are_listed_once(tmp_path):
    page = TextPage(
        ("Les mer om Erasmus+.",), links=("https://erasmuspluss.no/", "https://diku.no/", "https://erasmuspluss.no/")
    )
    assert extract(write_pdf(tmp_path / "lenker.pdf", [page])).pages[0].links == (
        "https://erasmuspluss.no/",
        "https://diku.no/",
    )


def test_pdf_encrypted_with_an_empty_user_password_is_extracted(tmp_path):
    extracted = extract(write_encrypted_pdf(tmp_path / "apen.pdf", user_password=""))
    assert [(page.number, page.text) for page in extracted.pages] == [(1, PAGE_ONE), (2, PAGE_TWO)]
    assert extracted.pages[1].links == (INTERREG_URL,)


def test_pdf_with_a_user_password_is_refused(tmp_path):
    with pytest.raises(ExtractionError, match=r"^encrypted PDF$"):
        extract(write_encrypted_pdf(tmp_path / "laast.pdf", user_password="hemmelig"))


def test_image_only_pdf_has_no_text_layer(tmp_path):
    with pytest.raises(ExtractionError, match=r"^PDF has no text layer \(scanned\?\)$"):
        extract(write_image_only_pdf(tmp_path / "skannet.pdf"))


def test_one_scanned_page_among_text_pages_is_kept_empty(tmp_path):
    path = write_pdf(tmp_path / "blandet.pdf", [TextPage(("Tekstside.",)), ImagePage()])
    assert [(page.number, page.text) for page in extract(path).pages] == [(1, "Tekstside."), (2, "")]


def test_truncated_pdf_is_not_readable(tmp_path):
    with pytest.raises(ExtractionError, match=r"^not a readable PDF: "):
        extract(write_truncated_pdf(tmp_path / "avkortet.pdf"))


def test_html_saved_as_pdf_is_not_readable(tmp_path):
    path = tmp_path / "feil.pdf"
    path.write_text("<html><body>Ikke en PDF</body></html>", encoding="utf-8")
    with pytest.raises(ExtractionError, match=r"^not a readable PDF: "):
        extract(path)


def test_pdf_without_pages_is_refused(tmp_path):
    with pytest.raises(ExtractionError, match=r"^PDF has no pages$"):
        extract(write_pdf(tmp_path / "tom.pdf", []))


def test_normalise_text_unifies_line_endings_and_drops_nuls():
    assert normalise_text("a\r\nb\rc\x00d\n") == "a\nb\ncd\n"
