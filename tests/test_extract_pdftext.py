import re
from pathlib import Path

import pytest

from assistant.ingest.pdftext import (
    extract,
    is_page_start,
    page_numbers,
    printed_page_number,
    split_links,
    split_pages,
)

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).resolve().parent / "data"
REPORT = ROOT / "corpus" / "report" / "mosseregionen-forstudie-internasjonalt-samarbeid-2021.txt"
MILJODIREKTORATET = "https://www.miljodirektoratet.no/ansvarsomrader/internasjonalt/gronn-giv/europas-gronne-giv/"


@pytest.fixture(scope="module")
def report():
    return extract(REPORT)


def _page(extracted, number):
    return next(page for page in extracted.pages if page.number == number)


# --- the page-start rule ---


@pytest.mark.parametrize(
    "line", [" FORORD ", " INNLEDNING ", " hatt stor glede av. Mona-prosjektet", " • Kultur", "16 "]
)
def test_page_starts_on_space_then_text_or_a_printed_number(line):
    assert is_page_start(line)


@pytest.mark.parametrize(
    "line", [" ", "  ", "", "FORORD ", "  to mellomrom foran", "https://interreg.no/", "16 kommuner"]
)
def test_a_line_of_only_a_space_or_plain_text_is_no_page_start(line):
    assert not is_page_start(line)


def test_printed_page_number_reads_a_number_alone_on_its_line():
    assert printed_page_number("16 ") == 16
    assert printed_page_number("7") == 7
    assert printed_page_number(" 16 ") is None
    assert printed_page_number("16 kommuner") is None
    assert printed_page_number("2021.") is None


# --- the printed-number rule ---


def test_the_printed_number_sets_the_numbering_of_every_page():
    assert page_numbers([None, None, 5, None]) == [3, 4, 5, 6]
    assert page_numbers([16] + [None] * 2) == [16, 17, 18]


def test_without_a_printed_number_pages_count_from_one():
    assert page_numbers([None, None, None]) == [1, 2, 3]


def test_a_printed_number_too_small_for_its_position_is_ignored():
    assert page_numbers([None, None, None, 2]) == [1, 2, 3, 4]


def test_the_first_printed_number_wins_over_later_ones():
    assert page_numbers([None, 4, None, 9]) == [3, 4, 5, 6]


# --- link blocks ---


def test_a_trailing_url_block_becomes_links_deduplicated_in_order():
    lines = ["Tekst med lenke. ", "", "https://a.no/", "https://a.no/", "https://b.no/x", "https://a.no/"]
    assert split_links(lines) == (["Tekst med lenke. ", ""], ("https://a.no/", "https://b.no/x"))


def test_a_url_wrapped_onto_the_next_line_is_joined_whole():
    lines = [
        "Tekst. ",
        "https://www.miljodirektoratet.no/ansvarsomrader/internasjonalt/gronn-giv/europas-",
        "gronne-giv/",
    ]
    assert split_links(lines) == (["Tekst. "], (MILJODIREKTORATET,))


def test_urls_printed_in_the_running_text_stay_in_the_text():
    lines = ["For ytterligere informasjon, les her: ", "", "https://erasmuspluss.no/ ", "", " "]
    assert split_links(lines) == (lines, ())


def test_a_page_that_ends_in_bare_words_without_urls_keeps_them():
    lines = ["Tekst. ", "Slutt"]
    assert split_links(lines) == (lines, ())


def test_split_pages_consumes_the_printed_number_line():
    pages = split_pages([" EN ", "tekst ", "", "4 ", " ", "tekst på fire "])
    assert [page.printed_number for page in pages] == [None, 4]
    assert pages[0].lines == ("EN ", "tekst ", "")
    assert pages[1].lines == (" ", "tekst på fire ")


# --- a small file in the format ---


def test_sample_pages_are_numbered_from_the_printed_number():
    extracted = extract(DATA / "pdftext-sample.txt")
    assert [page.number for page in extracted.pages] == [10, 11, 12]
    assert extracted.title is None
    assert extracted.has_structure is False


def test_sample_page_texts_and_links():
    first, second, third = extract(DATA / "pdftext-sample.txt").pages
    assert first.text == "FØRSTE SIDE \n \n\nTekst på første side med en lenke. "
    assert first.links == ("https://example.no/a",)
    assert second.text == "Andre side starter her \n\nSe https://example.no/trykt-i-teksten "
    assert second.links == (MILJODIREKTORATET, "https://example.no/b")
    assert third.text == "• Punkt på tredje side  "
    assert third.links == ()


def test_a_file_without_page_markers_is_one_page(tmp_path):
    path = tmp_path / "vanlig.txt"
    path.write_text("Første linje.\nAndre linje.\n", encoding="utf-8")
    extracted = extract(path)
    assert [(page.number, page.text) for page in extracted.pages] == [(1, "Første linje.\nAndre linje.")]


# --- the real report ---


def test_report_has_sixteen_pages_numbered_as_printed(report):
    assert [page.number for page in report.pages] == list(range(3, 19))


def test_report_first_page_is_the_foreword_on_page_3(report):
    first = report.pages[0]
    assert first.number == 3
    assert first.text.startswith("FORORD \n")
    assert first.text.endswith("Moss 07.09.21 ")


def test_report_page_opening_with_16_is_page_16_without_its_number_line(report):
    page = _page(report, 16)
    assert page.text.startswith("• Kulturutveksling og kulturforståelse")
    assert "16" not in [line.strip() for line in page.text.split("\n")]
    assert _page(report, 15).text.endswith("• Nettverksbygging  ")


def test_report_programme_sections_are_on_their_printed_pages(report):
    def pages_with_line(title):
        return [p.number for p in report.pages if title in [line.strip() for line in p.text.split("\n")]]

    assert pages_with_line("Nordisk ministerråd") == [7]
    assert pages_with_line("Norec") == [8]
    assert pages_with_line("Erasmus+") == [8]
    assert pages_with_line("Horisont Europa") == [9]
    assert pages_with_line("Interreg") == [10]
    assert pages_with_line("Kreativt Europa") == [11]
    assert pages_with_line("EØS-midler") == [12]
    assert pages_with_line("Grensekomiteen") == [14]
    assert _page(report, 8).text.startswith("Norec \n")
    assert _page(report, 12).text.startswith("Digitale Europa (på gang")
    # The Interreg section runs from page 10 onto page 11.
    assert _page(report, 11).text.startswith("Utgangspunktet for å få støtte")
    assert [p.number for p in report.pages if "Interreg" in p.text] == [4, 5, 10, 11]


def test_report_link_blocks_leave_the_text(report):
    bare_url_lines = [
        (page.number, line)
        for page in report.pages
        for line in page.text.split("\n")
        if re.fullmatch(r"https?://\S+", line)
    ]
    # The one left is printed in the running text, wrapped at a hyphen ("...digital-europe-" / "programme/...").
    assert bare_url_lines == [
        (12, "https://www.regjeringen.no/no/sub/eos-notatbasen/notatene/2018/aug/digital-europe-")
    ]
    # URLs printed in the running text (with the text lines' trailing space) stay.
    assert "\nhttps://erasmuspluss.no/ \n" in _page(report, 9).text


def test_report_introduction_links_are_whole_and_deduplicated(report):
    introduction = _page(report, 4)
    assert introduction.text.startswith("INNLEDNING")
    assert introduction.links == (
        MILJODIREKTORATET,
        "https://www.nho.no/tema/energi-miljo-og-klima/artikler/eus-taksonomi-og-handlingsplan-for-barekraftig-finans/",
        "https://www.ks.no/fagomrader/ks-internasjonalt/europapolitikk/hvorfor-delta-i-eu-programmer/",
    )


def test_report_interreg_page_links(report):
    assert _page(report, 10).links[2:] == (
        "https://interreg.no/om-interreg/interreg-a/oresund-kattegat-skagerrak/",
        "https://interreg.no/om-interreg/interreg-b/ostersjoprogrammet/",
        "https://interreg.no/om-interreg/interreg-b/nordsjoprogrammet/",
        "https://interreg.no/om-interreg/interreg-b/nordlig-periferi-og-arktis/",
    )
    assert _page(report, 11).links == ("https://interreg.no/", "https://www.kulturradet.no/eus-kulturprogram")
    assert [p.number for p in report.pages if not p.links] == [3, 16, 17, 18]
