import pytest

from assistant.ingest.chunking import ChunkParams, chunk_spans
from assistant.ingest.structure import StructureRules, detect_headings, section_spans
from assistant.records import Page

pytestmark = pytest.mark.unit

LONG = "Dette er en lang linje med vanlig brødtekst som fortsetter over flere ord her."

PAGE_ONE = f"""ULIKE ORDNINGER OG PROGRAMMER

{LONG}

Nordiske programmer

Nordisk ministerråd

{LONG}

Veiledende instans:

Viken fylkeskommune

Finansieringsgrad:
"""

PAGE_TWO = f"""Norec

{LONG}

VEIEN VIDERE

{LONG}
"""


def _pages():
    return detect_headings((Page(7, PAGE_ONE), Page(8, PAGE_TWO)))


def test_capital_lines_are_top_level_and_groups_nest_their_followers():
    pages = _pages()
    found = [(p.number, h.level, h.title) for p in pages for h in p.headings]
    assert found == [
        (7, 1, "ULIKE ORDNINGER OG PROGRAMMER"),
        (7, 2, "Nordiske programmer"),
        (7, 3, "Nordisk ministerråd"),
        (8, 3, "Norec"),
        (8, 1, "VEIEN VIDERE"),
    ]


def test_a_value_after_a_label_is_not_a_heading():
    titles = [h.title for p in _pages() for h in p.headings]
    assert "Viken fylkeskommune" not in titles
    assert "Veiledende instans:" not in titles


def test_never_headings_from_the_rules_are_respected():
    pages = detect_headings((Page(1, PAGE_ONE),), StructureRules(never_headings=("Nordisk ministerråd",)))
    assert "Nordisk ministerråd" not in [h.title for h in pages[0].headings]


def test_sections_run_on_across_page_breaks():
    spans = section_spans(_pages())
    page_eight = [s for s in spans if s.page == 8]
    assert page_eight[0].section == ("ULIKE ORDNINGER OG PROGRAMMER", "Nordiske programmer", "Norec")
    assert page_eight[-1].section == ("VEIEN VIDERE",)


def test_chunks_never_cross_sections_and_point_at_the_source_text():
    pages = _pages()
    chunks = chunk_spans("s", "Rapport", pages, section_spans(pages), ChunkParams(size=120, overlap=20))
    by_number = {p.number: p for p in pages}
    for chunk in chunks:
        assert by_number[chunk.page].text[chunk.start : chunk.end] == chunk.text
        assert chunk.embed_text.startswith("Rapport > " + " > ".join(chunk.section))
    sections = {c.section for c in chunks}
    assert ("VEIEN VIDERE",) in sections
    assert all("VEIEN VIDERE" not in c.text or c.section == ("VEIEN VIDERE",) for c in chunks)


def test_chunk_ids_are_stable_content_hashes():
    pages = _pages()
    first = chunk_spans("s", "Rapport", pages, section_spans(pages))
    second = chunk_spans("s", "Rapport", pages, section_spans(pages))
    assert [c.id for c in first] == [c.id for c in second]
    assert len({c.id for c in first}) == len(first)


ACROSS_PAGES = (
    Page(16, "VEIEN VIDERE\n\nDet er ikke realistisk at hver enkelt kommune bygger opp egen spesialkompetanse innen de ulike programområdene.\n"),
    Page(17, "En løsning vil kunne være at det avsettes ressurser til dette arbeidet i regionrådssekretariatet.\n\nSTATUS\n\n" + LONG + "\n"),
)


def test_a_passage_is_embedded_with_the_end_of_the_passage_before_it_in_its_section():
    pages = detect_headings(ACROSS_PAGES)
    chunks = chunk_spans("s", "Rapport", pages, section_spans(pages), ChunkParams(context_chars=60))
    first, second, other = chunks
    assert second.text.startswith("En løsning") and second.section == first.section == ("VEIEN VIDERE",)
    # The end of the sentence before, cut at a word, goes between the header and the passage.
    assert second.embed_text == (
        "Rapport > VEIEN VIDERE\nopp egen spesialkompetanse innen de ulike programområdene. "
        "En løsning vil kunne være at det avsettes ressurser til dette arbeidet i regionrådssekretariatet."
    )
    # The first passage of a source, and the first of a new section, stand alone.
    assert first.embed_text == "Rapport > VEIEN VIDERE\n" + " ".join(first.text.split())
    assert other.section == ("STATUS",) and other.embed_text == "Rapport > STATUS\n" + " ".join(other.text.split())
    plain = chunk_spans("s", "Rapport", pages, section_spans(pages), ChunkParams(context_chars=0))
    assert plain[1].embed_text == "Rapport > VEIEN VIDERE\n" + " ".join(second.text.split())
    # What is cited is the passage itself.
    assert [c.text for c in plain] == [c.text for c in chunks]
