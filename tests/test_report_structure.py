"""The real report: chunks carry the report's own page numbers and the right section paths."""

from __future__ import annotations

import pytest

from assistant.ingest.chunking import ChunkParams
from assistant.ingest.refresh import chunk_document, load_document
from assistant.ingest.sources import discover_sources
from assistant.ingest.structure import StructureRules

pytestmark = pytest.mark.unit

OVERVIEW = "ULIKE ORDNINGER OG PROGRAMMER"
# Programme section -> (group heading, the page its heading is printed on), read off the report.
PROGRAMMES = {
    "Nordisk ministerråd": ("Nordiske programmer", 7),
    "Norec": ("Nordiske programmer", 8),
    "Erasmus+": ("EU-baserte programmer", 8),
    "Horisont Europa": ("EU-baserte programmer", 9),
    "Interreg": ("EU-baserte programmer", 10),
    "Kreativt Europa": ("EU-baserte programmer", 11),
    "Digitale Europa (på gang, p.t. ikke formelt vedtatt norsk deltakelse)": ("EU-baserte programmer", 12),
    "EØS-midler": ("EU-baserte programmer", 12),
    "Grensekomiteen": ("Andre internasjonale programmer/partnerskap", 14),
    "Vennskapskommuner": ("Andre internasjonale programmer/partnerskap", 14),
}


@pytest.fixture(scope="module")
def chunks(tmp_path_factory):
    from conftest import REPORT

    import shutil

    corpus = tmp_path_factory.mktemp("corpus")
    (corpus / "report").mkdir()
    shutil.copy(REPORT, corpus / "report" / REPORT.name)
    (corpus / "sources.toml").write_text(
        f'format_version = 1\n[[source]]\nid = "r"\nfile = "report/{REPORT.name}"\nformat = "pdftext"\ntitle = "Forstudie"\nkind = "report"\n'
    )
    source = discover_sources(corpus)[0]
    return chunk_document(load_document(source, StructureRules()), ChunkParams())


def test_every_programme_section_has_its_full_path_and_starts_on_its_page(chunks):
    for name, (group, page) in PROGRAMMES.items():
        path = (OVERVIEW, group, name)
        pages = sorted({c.page for c in chunks if c.section == path})
        assert pages and pages[0] == page, (name, pages)


def test_page_numbers_are_the_reports_printed_ones(chunks):
    assert {c.page for c in chunks} == set(range(3, 19))
    first = min(chunks, key=lambda c: (c.page, c.start))
    assert first.page == 3 and first.section == ("FORORD",)
    assert any(c.page == 16 and "Kulturutveksling og kulturforståelse" in c.text for c in chunks)


def test_no_chunk_text_holds_the_link_blocks(chunks):
    assert not any(line.startswith("https://www.ks.no") for c in chunks for line in c.text.splitlines())


def test_no_chunk_starts_just_after_an_abbreviation(chunks):
    # "Finess-Smart-Rådgivning AS v/siv.ing. | Ole Petter Finess har vært prosjektleder": the
    # dot of "siv.ing." ends no sentence, so no passage may begin there.
    for chunk in chunks:
        assert not chunk.text.startswith("Ole Petter Finess"), chunk.text[:60]
    leader = [c for c in chunks if "Ole Petter Finess har vært prosjektleder" in c.text]
    assert leader and all("Finess-Smart-Rådgivning AS v/siv.ing. Ole Petter Finess" in " ".join(c.text.split()) for c in leader)


def test_the_chunk_separator_does_not_split_after_abbreviations_or_initials():
    import re

    from assistant.ingest.chunking import SEPARATORS

    sentence_end = re.compile(SEPARATORS[1])
    text = "Rådgivning AS v/siv.ing. Ole Finess. Neste setning bl.a. Oslo og P. Hansen. Slutt"
    assert [text[m.end() :].split()[0] for m in sentence_end.finditer(text)] == ["Neste", "Slutt"]


def test_the_forewords_place_and_date_end_its_last_passage(chunks):
    # "Moss 07.09.21" under the foreword's last list was a 13-character passage of its own.
    assert min(len(c.text.strip()) for c in chunks) >= ChunkParams().min_chars
    dated = [c for c in chunks if "Moss 07.09.21" in c.text]
    assert len(dated) == 1 and dated[0].section == ("FORORD",)
    assert " ".join(dated[0].text.split()).endswith("Interesse for deltakelse i samarbeidsprosjekter Moss 07.09.21")
