from pathlib import Path

import pytest

from assistant.errors import ExtractionError
from assistant.ingest.html import declared_charset, extract
from assistant.records import Heading

pytestmark = pytest.mark.unit

DATA = Path(__file__).resolve().parent / "data"
CANONICAL = "https://interreg.no/om-interreg/interreg-a/oresund-kattegat-skagerrak/"


@pytest.fixture(scope="module")
def programme_page():
    return extract(DATA / "programme-page.html")


def test_html_is_one_page_with_known_structure(programme_page):
    assert [page.number for page in programme_page.pages] == [1]
    assert programme_page.has_structure is True


def test_main_text_is_kept_in_order(programme_page):
    text = programme_page.pages[0].text
    assert text.startswith("Interreg Øresund-Kattegat-Skagerrak\n\nØresund-Kattegat-Skagerrak er et grenseregionalt")
    assert text.endswith("Les mer om hvordan du søker støtte før du sender inn søknaden.")
    assert text.index("Hvem kan søke?") < text.index("Krav til partnerskap") < text.index("Finansiering")


@pytest.mark.parametrize(
    "boilerplate",
    ["informasjonskapsler", "Godta alle", "Forside", "Kontakt oss", "Postboks", "Personvernerklæring", "dataLayer"],
)
def test_navigation_footer_cookie_banner_and_scripts_are_dropped(programme_page, boilerplate):
    assert boilerplate not in programme_page.pages[0].text


def test_h1_to_h3_become_headings_at_their_offsets(programme_page):
    page = programme_page.pages[0]
    assert [(h.level, h.title) for h in page.headings] == [
        (1, "Interreg Øresund-Kattegat-Skagerrak"),
        (2, "Hvem kan søke?"),
        (3, "Krav til partnerskap"),
        (2, "Finansiering"),
    ]
    for heading in page.headings:
        assert page.text[heading.offset :].startswith(heading.title + "\n\n")
        assert heading.offset == 0 or page.text[heading.offset - 1] == "\n"
    assert page.headings[1] == Heading(offset=245, level=2, title="Hvem kan søke?")


def test_title_and_canonical_url(programme_page):
    assert programme_page.title == "Interreg Øresund-Kattegat-Skagerrak | Interreg Norge"
    assert programme_page.url == CANONICAL


def test_links_in_the_main_text_only(programme_page):
    assert programme_page.pages[0].links == ("https://interreg.no/soke-stotte/",)


def test_page_labelled_latin1_is_decoded_as_windows_1252():
    extracted = extract(DATA / "programme-page-latin1.html")
    page = extracted.pages[0]
    assert extracted.title == "Nordisk ministerråd – støtteordninger"
    assert extracted.url is None
    assert page.text.startswith("Nordisk ministerråd\n\nNordisk ministerråd gir støtte til samarbeid")
    assert "Kommunene i Østfold kan søke" in page.text
    assert "Hjem" not in page.text
    assert page.headings == (Heading(offset=0, level=2, title="Nordisk ministerråd"),)


def test_page_with_only_scripts_styles_and_noscript_has_no_main_text():
    with pytest.raises(ExtractionError, match=r"^HTML has no readable main text$"):
        extract(DATA / "scripts-only.html")


def _write(tmp_path, head: str, body: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / "side.html"
    path.write_bytes(f"<html><head>{head}</head><body>{body}</body></html>".encode(encoding))
    return path


ARTICLE = (
    "<article><h2>Kreativt Europa</h2><p>Kreativt Europa er EUs program for kultur- og mediesektoren, "
    "og kommunene kan delta i samarbeidsprosjekter med kulturaktører i andre land.</p>"
    "<h4>Frister</h4><p>Søknadsfristene kunngjøres av Kulturrådet hvert år, vanligvis tidlig på våren.</p></article>"
)


def test_og_title_and_og_url_are_the_fallbacks(tmp_path):
    head = '<meta property="og:title" content="Kreativt Europa"><meta property="og:url" content="https://www.kulturradet.no/eus-kulturprogram">'
    extracted = extract(_write(tmp_path, head, ARTICLE))
    assert extracted.title == "Kreativt Europa"
    assert extracted.url == "https://www.kulturradet.no/eus-kulturprogram"


def test_h4_stays_in_the_text_but_is_no_heading(tmp_path):
    page = extract(_write(tmp_path, "<title>Kreativt Europa</title>", ARTICLE)).pages[0]
    assert [(h.level, h.title) for h in page.headings] == [(2, "Kreativt Europa")]
    assert "\n\nFrister\n\n" in page.text


def test_undeclared_latin1_page_is_detected(tmp_path):
    page = extract(_write(tmp_path, "<title>Kreativt Europa</title>", ARTICLE, encoding="latin-1")).pages[0]
    assert "kulturaktører i andre land" in page.text
    assert "tidlig på våren" in page.text


def test_declared_charset_is_read_from_meta_tags():
    assert declared_charset(b'<meta charset="UTF-8">') == "utf-8"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1">') == "cp1252"
    assert declared_charset(b"\xef\xbb\xbf<html>") == "utf-8-sig"
    assert declared_charset(b"<html><p>charset=utf-8</p>") is None
