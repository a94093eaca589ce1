import pytest

from assistant.ingest.pagebreaks import join_broken_sentences
from assistant.records import Heading, Page

pytestmark = pytest.mark.unit


def test_a_sentence_broken_by_a_page_break_is_joined_on_its_first_page():
    pages = (
        Page(16, "Deltakelse krever ressurser. Det er ikke realistisk at hver enkelt kommune \n"),
        Page(17, "  bygger opp egen kompetanse innen programmene. En løsning vil kunne være et sekretariat.\n\nVIKEN\nTekst.",
             headings=(Heading(91, 1, "VIKEN"),)),
    )
    first, second = join_broken_sentences(pages)
    assert first.text == "Deltakelse krever ressurser. Det er ikke realistisk at hver enkelt kommune bygger opp egen kompetanse innen programmene."
    assert second.text.startswith("En løsning vil kunne være et sekretariat.")
    # The next page's headings keep pointing at their own lines.
    assert [second.text[h.offset : h.offset + 5] for h in second.headings] == ["VIKEN"]


@pytest.mark.parametrize(
    "end, start",
    [
        ("Denne siden slutter med et punktum.", "og neste side starter smått."),  # a sentence ended
        ("Finansieringsgrad:", "full dekning."),  # a label ends the line
        ("Denne siden slutter midt i", "Neste Side Starter Med Stor Bokstav."),  # not a continuation
    ],
)
def test_pages_that_do_not_break_a_sentence_are_left_alone(end, start):
    pages = (Page(1, end), Page(2, start))
    assert join_broken_sentences(pages) == pages


def test_pages_that_are_not_consecutive_or_open_with_a_heading_are_left_alone():
    assert join_broken_sentences((Page(1, "slutter midt i"), Page(3, "en setning."))) == (Page(1, "slutter midt i"), Page(3, "en setning."))
    pages = (Page(1, "slutter midt i"), Page(2, "overskrift her. Tekst.", headings=(Heading(0, 1, "overskrift her"),)))
    assert join_broken_sentences(pages) == pages
