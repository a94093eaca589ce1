import json
import shutil
from dataclasses import fields, is_dataclass
from pathlib import Path

import pytest

from assistant.errors import IndexNotReady
from assistant.evaluation.dataset import PROGRAMME_NAMES
from assistant.index.store import PageRecord
from assistant.ingest.chunking import ChunkParams
from assistant.ingest.refresh import chunk_document, load_document
from assistant.ingest.sources import discover_sources
from assistant.ingest.structure import StructureRules
from assistant.programmes.records import (
    Citation,
    FundingRate,
    ProgrammeRecord,
    drop_link_parentheses,
    extract_programmes,
    flatten,
    from_json,
    number_word,
    parse_rate,
    post_build,
    split_items,
    to_json,
)
from assistant.programmes.rules import load_matching_rules
from assistant.records import Chunk

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
REPORT = CORPUS / "report" / "mosseregionen-forstudie-internasjonalt-samarbeid-2021.txt"
REPORT_ID = "forstudie-2021"


def build(corpus: Path, source_ids: tuple[str, ...] = (REPORT_ID,)) -> tuple[list[PageRecord], list[Chunk]]:
    """Pages and chunks of the corpus's sources, as a refresh gives them to post_build."""
    pages: list[PageRecord] = []
    chunks: list[Chunk] = []
    for source in discover_sources(corpus):
        if source.meta.id not in source_ids:
            continue
        doc = load_document(source, StructureRules())
        chunks += chunk_document(doc, ChunkParams())
        pages += [PageRecord(source.meta.id, p.number, p.text, p.links, p.headings) for p in doc.pages]
    return pages, chunks


@pytest.fixture(scope="module")
def rules():
    return load_matching_rules(CORPUS / "matching_rules.toml")


@pytest.fixture(scope="module")
def built():
    return build(CORPUS)


@pytest.fixture(scope="module")
def records(built, rules) -> dict[str, ProgrammeRecord]:
    pages, chunks = built
    return {r.name: r for r in extract_programmes(pages, chunks, rules)}


def copy_corpus(tmp_path: Path, report_text: str) -> Path:
    """A corpus in tmp_path with the report (as given) and the real rules file."""
    corpus = tmp_path / "corpus"
    (corpus / "report").mkdir(parents=True)
    (corpus / "report" / REPORT.name).write_text(report_text, encoding="utf-8")
    shutil.copy(CORPUS / "matching_rules.toml", corpus / "matching_rules.toml")
    (corpus / "sources.toml").write_text(
        f"""format_version = 1

[[source]]
id = "{REPORT_ID}"
file = "report/{REPORT.name}"
format = "pdftext"
title = "Forstudie om internasjonalt samarbeid i Mosseregionen"
kind = "report"
""",
        encoding="utf-8",
    )
    return corpus


def all_citations(obj) -> list[Citation]:
    if isinstance(obj, Citation):
        return [obj]
    if is_dataclass(obj):
        return [c for f in fields(obj) for c in all_citations(getattr(obj, f.name))]
    if isinstance(obj, tuple):
        return [c for item in obj for c in all_citations(item)]
    return []


def test_programmes_are_the_overview_sections_in_report_order(records):
    assert tuple(records) == PROGRAMME_NAMES


def test_records_keep_heading_section_and_group_as_in_the_report(records):
    digital = records["Digitalt Europa"]
    assert digital.heading == "Digitale Europa (på gang, p.t. ikke formelt vedtatt norsk deltakelse)"
    assert digital.section == ("ULIKE ORDNINGER OG PROGRAMMER", "EU-baserte programmer", digital.heading)
    assert "DIGITAL" in digital.aliases and "Digital Europe" in digital.aliases
    assert [r.group for r in records.values()] == ["Nordiske programmer"] * 2 + ["EU-baserte programmer"] * 6 + [
        "Andre internasjonale programmer/partnerskap"
    ] * 2
    assert {"EØS-midlene", "EEA grants", "EØS-tilskudd"} <= set(records["EØS-midler"].aliases)
    assert {"Urbact", "Øresund-Kattegat-Skagerrak"} <= set(records["Interreg"].aliases)


def test_the_eu_summary_is_no_programme_but_its_conditions_reach_its_group(records):
    assert not any("Oppsummering" in name for name in records)
    shared = [c for c in records["Erasmus+"].conditions if c.shared]
    assert any("medfinansieres" in c.text for c in shared)
    assert not any(c.shared for c in records["Norec"].conditions)


SECTORS = {
    "Nordisk ministerråd": ["Kultur", "oppvekst", "helse- og sosial", "overordnet samfunnsutvikling"],
    "Norec": ["Kultur", "oppvekst", "helse- og sosial", "overordnet samfunnsutvikling"],
    "Erasmus+": ["Kultur", "oppvekst/utdanning"],
    "Horisont Europa": ["Teknisk", "overordnet samfunnsutvikling", "arbeidsmarked/sysselsetting/næringsutvikling"],
    "Interreg": ["Kultur", "teknisk", "overordnet samfunnsutvikling", "arbeidsmarked/sysselsetting/næringsutvikling"],
    "Kreativt Europa": ["Kultur"],
    "Digitalt Europa": ["Samtlige", "arbeidsmarked/sysselsetting/næringsutvikling"],
    "EØS-midler": ["Samtlige kommunalområder", "arbeidsmarked/sysselsetting/næringsutvikling"],
}

GUIDANCE = {
    "Nordisk ministerråd": ["Nordisk råds sekretariat"],
    "Norec": ["Norecs sekretariat"],
    "Erasmus+": [
        "Direktoratet for internasjonalisering og kvalitetsutvikling i høyere utdanning (DIKU)",
        "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "Viken fylkeskommune",
    ],
    "Horisont Europa": [
        "Norsk forskningsråd",
        "Innovasjon Norge (mentorordninger)",
        "DIKU",
        "Viken fylkeskommune",
        "EU-nettverk Sørøst-Norge",
    ],
    "Interreg": ["Viken fylkeskommune"],
    "Kreativt Europa": ["Norsk kulturråd", "Norsk filminstitutt", "Viken fylkeskommune"],
    "Digitalt Europa": ["Digitaliseringsdirektoratet", "Innovasjon Norge", "Norsk forskningsråd"],
    "EØS-midler": ["KS", "Innovasjon Norge", "Viken fylkeskommune"],
}

FUNDING = {
    "Nordisk ministerråd": ("Fullfinansiering, kun ett år om gangen.", 100, 100, "full"),
    "Norec": (
        "Det gis tilskudd og veiledning til både forprosjekt og hovedprosjekt, finansieringsgrad ikke oppgitt.",
        None,
        None,
        "unclear",
    ),
    "Erasmus+": (
        "Seksti-hundre prosent dekning av prosjektkostnader (avhengig av prosjektets karakter), "
        "delvis dekning av ressursbruk i forbindelse med søknadsarbeid.",
        60,
        100,
        "range",
    ),
    "Horisont Europa": (
        "Full dekning av prosjektkostnader, delvis dekning av ressursbruk i forbindelse med søknadsarbeid.",
        100,
        100,
        "full",
    ),
    "Interreg": (
        "50 % dekning av prosjektkostnader, delvis dekning av ressursbruk i forbindelse med søknadsarbeid.",
        50,
        50,
        "fixed",
    ),
    "Kreativt Europa": ("Opptil 60 % tilskuddsdekning ved små prosjekter, 50 % ved store.", 50, 60, "range"),
    "Digitalt Europa": ("P.t. uklart", None, None, "unclear"),
    "EØS-midler": (
        "Full dekning av prosjektkostnader (også egne timer), delvis dekning av ressursbruk i forbindelse med søknadsarbeid.",
        100,
        100,
        "full",
    ),
}


@pytest.mark.parametrize("name", list(SECTORS))
def test_sectors_are_parsed_from_mest_relevant_for_kommunalomrade(records, name):
    sectors = records[name].sectors
    assert list(sectors.values) == SECTORS[name]
    assert sectors.citation.text.startswith("Mest relevant for kommunalområde:")
    assert sectors.all == (name in ("Digitalt Europa", "EØS-midler"))


def test_sectors_map_to_the_rules_kommunalomrader(records):
    assert records["Norec"].sectors.areas == (
        "Kultur",
        "Oppvekst/utdanning",
        "Helse- og sosial",
        "Overordnet samfunnsutvikling",
    )
    assert records["Kreativt Europa"].sectors.areas == ("Kultur",)
    assert records["EØS-midler"].sectors.areas == ("Arbeidsmarked/sysselsetting/næringsutvikling",)


@pytest.mark.parametrize("name", list(GUIDANCE))
def test_guidance_bodies_are_parsed_from_veiledende_instans(records, name):
    guidance = records[name].guidance
    assert list(guidance.bodies) == GUIDANCE[name]
    assert guidance.citation.text.startswith("Veiledende instans:")


@pytest.mark.parametrize("name", list(FUNDING))
def test_funding_text_and_rate_are_parsed_from_finansieringsgrad(records, name):
    text, low, high, kind = FUNDING[name]
    funding = records[name].funding
    assert funding.text == text
    assert funding.rate == FundingRate(low, high, kind)
    assert funding.citation.text.startswith("Finansieringsgrad:")
    assert flatten(funding.citation.text).endswith(text)


def test_programmes_without_fields_have_none(records):
    for name in ("Grensekomiteen", "Vennskapskommuner"):
        record = records[name]
        assert record.sectors is None and record.guidance is None and record.funding is None
        assert record.summary


def test_conditions_are_the_sentences_the_rules_patterns_find(records):
    def texts(name: str, kind: str) -> list[str]:
        return [c.text for c in records[name].conditions_of(kind)]

    assert any("Afrika, Asia og Latin-Amerika" in t for t in texts("Norec", "partners"))
    assert records["Norec"].partner_groups == ("sor",)
    assert any("mottakerlandene" in t for t in texts("EØS-midler", "partners"))
    assert any("svakest økonomi" in t for t in texts("EØS-midler", "partners"))
    assert records["EØS-midler"].partner_groups == ("eos_mottakere",)
    assert any("minst 50 prosent" in t for t in texts("Interreg", "cofinancing"))
    assert any("andre europeiske land" in t for t in texts("Interreg", "partners"))
    assert set(records["Interreg"].partner_groups) == {"europa", "grenseregion", "oks"}
    assert any("Øresund-Kattegat-Skagerrak" in t for t in texts("Interreg", "partners"))
    for name in ("Horisont Europa", "Kreativt Europa", "Digitalt Europa"):
        assert any("innen EU-området" in t for t in texts(name, "partners")), name
    assert any("kun ett år om gangen" in t for t in texts("Nordisk ministerråd", "duration"))
    assert any("ikke formelt vedtatt norsk deltakelse" in t for t in texts("Digitalt Europa", "status"))
    assert any("kan søke om prosjektmidler" in t for t in texts("Kreativt Europa", "eligibility"))
    assert records["Grensekomiteen"].partner_groups == ("grenseregion",)


def test_extra_support_is_kept_with_its_citation(records):
    interreg = [p.text for p in records["Interreg"].extra_support]
    assert interreg == ["Støtte til forprosjekt kan gis av Viken fylkeskommune (100’-400’ kr)."]
    for name in ("Horisont Europa", "Kreativt Europa", "EØS-midler"):
        assert [p.text for p in records[name].extra_support] == ["Prosjektetableringsstøtte kan gis fra Viken fylkeskommune."]


def test_summary_starts_with_the_first_sentence(records):
    assert records["Erasmus+"].summary[0].text.startswith("Erasmus+ er EUs program for utdanning")
    assert records["Norec"].summary[1].text.startswith("Senteret gir tilskudd")


def test_interreg_parts_and_activities_come_from_its_text(records):
    interreg = records["Interreg"]
    parts = {p.name: p.text for p in interreg.parts}
    assert parts["«Andre»: Urbact, Espon og Interact"] == "«Andre»-programmene dekker hele Europa."
    assert "A-programmene finansierer" in parts["Interreg A: Øresund-Kattegat-Skagerrak"]
    assert parts["Interreg C"].startswith("Interreg C prioriterer")
    assert {a.key for a in records["Erasmus+"].activities} >= {"mobilitet"}
    assert {a.key for a in records["EØS-midler"].activities} >= {"kompetanseoverforing"}


def test_every_citation_is_a_slice_of_its_chunk_and_occurs_in_the_report(records, built):
    _, chunks = built
    by_id = {c.id: c for c in chunks}
    report = REPORT.read_text(encoding="utf-8")
    count = 0
    for record in records.values():
        for citation in all_citations(record):
            chunk = by_id[citation.chunk_id]
            assert chunk.text[citation.start : citation.end] == citation.text
            assert (citation.source_id, citation.page, citation.section) == (chunk.source_id, chunk.page, chunk.section)
            assert citation.text in report
            assert citation.text == citation.text.strip()
            count += 1
    assert count > 200


def test_a_field_across_two_chunks_is_cited_from_one_chunk_that_holds_it(records, built):
    _, chunks = built
    # Erasmus+'s guidance value starts a page; its citation must still hold label and value.
    guidance = records["Erasmus+"].guidance
    assert "Viken fylkeskommune" in guidance.citation.text and "Veiledende instans" in guidance.citation.text


def test_records_round_trip_through_plain_json(records):
    data = json.loads(json.dumps(to_json(list(records.values())), ensure_ascii=False))
    assert data["format_version"] == 1
    assert data["programmes"][0]["funding"]["citation"].keys() == {
        "chunk_id",
        "source_id",
        "page",
        "section",
        "start",
        "end",
        "text",
    }
    assert from_json(data) == list(records.values())


def test_post_build_gives_the_records_as_programmes_json(built, rules, records):
    pages, chunks = built
    extra = post_build(rules)(pages, chunks, {})
    assert list(extra) == ["programmes.json"]
    assert from_json(json.loads(json.dumps(extra["programmes.json"]))) == list(records.values())


def test_records_of_another_format_are_refused():
    with pytest.raises(IndexNotReady, match="programmes.json"):
        from_json({"format_version": 99, "programmes": []})
    with pytest.raises(IndexNotReady, match="kan ikke leses"):
        from_json({"format_version": 1, "programmes": [{"name": "X", "bogus": 1}]})


def test_editing_a_funding_rate_in_the_report_changes_the_record(tmp_path, rules):
    text = REPORT.read_text(encoding="utf-8")
    assert text.count("50 % dekning av prosjektkostnader") == 1 and text.count("Seksti-hundre prosent") == 1
    edited = text.replace("50 % dekning av prosjektkostnader", "40 % dekning av prosjektkostnader").replace(
        "Seksti-hundre prosent", "Sytti-hundre prosent"
    )
    pages, chunks = build(copy_corpus(tmp_path, edited))
    records = {r.name: r for r in extract_programmes(pages, chunks, rules)}
    assert records["Interreg"].funding.rate == FundingRate(40, 40, "fixed")
    assert records["Interreg"].funding.text.startswith("40 % dekning")
    assert records["Erasmus+"].funding.rate == FundingRate(70, 100, "range")
    assert records["Kreativt Europa"].funding.rate == FundingRate(50, 60, "range")


def test_a_programme_heading_the_rules_do_not_know_still_gives_a_record(tmp_path, rules):
    edited = REPORT.read_text(encoding="utf-8").replace("\nVennskapskommuner \n", "\nVennskapsbyer i Norden \n")
    pages, chunks = build(copy_corpus(tmp_path, edited))
    names = [r.name for r in extract_programmes(pages, chunks, rules)]
    assert names[-1] == "Vennskapsbyer i Norden" and "Vennskapskommuner" not in names


def test_another_source_about_a_programme_fills_fields_the_report_leaves_out(tmp_path, rules):
    corpus = copy_corpus(tmp_path, REPORT.read_text(encoding="utf-8"))
    (corpus / "programmes").mkdir()
    (corpus / "programmes" / "grensekomiteen.md").write_text(
        "# Grensekomiteen Värmland-Østfold\n\n"
        "Komiteen gir tilskudd til prosjekter over grensen mellom Østfold og Värmland.\n\n"
        "Finansieringsgrad: 50 % av prosjektkostnadene.\n\n"
        "Veiledende instans: Grensekomiteens sekretariat\n",
        encoding="utf-8",
    )
    pages, chunks = build(corpus, (REPORT_ID, "programmes-grensekomiteen"))
    record = {r.name: r for r in extract_programmes(pages, chunks, rules)}["Grensekomiteen"]
    assert record.funding.rate == FundingRate(50, 50, "fixed")
    assert record.funding.citation.source_id == "programmes-grensekomiteen"
    assert record.guidance.bodies == ("Grensekomiteens sekretariat",)
    assert record.source_id == REPORT_ID
    assert any(c.citation.source_id == "programmes-grensekomiteen" for c in record.conditions)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Seksti-hundre prosent dekning av prosjektkostnader", (60, 100, "range")),
        ("50 % dekning av prosjektkostnader", (50, 50, "fixed")),
        ("Fullfinansiering, kun ett år om gangen.", (100, 100, "full")),
        ("Full dekning av prosjektkostnader", (100, 100, "full")),
        ("Opptil 60 % tilskuddsdekning ved små prosjekter, 50 % ved store.", (50, 60, "range")),
        ("P.t. uklart", (None, None, "unclear")),
        ("finansieringsgrad ikke oppgitt.", (None, None, "unclear")),
        ("Førtifem prosent", (45, 45, "fixed")),
        ("fra tjue til åtti prosent", (20, 80, "range")),
        ("Hundre prosent dekning", (100, 100, "full")),
        ("Halvparten dekkes", (50, 50, "fixed")),
    ],
)
def test_funding_rates_parse_digits_and_norwegian_number_words(text, expected):
    rate = parse_rate(text, ["fullfinansier", "full dekning"])
    assert (rate.min, rate.max, rate.kind) == expected


def test_number_words():
    assert [number_word(w) for w in ("seksti", "hundre", "førtifem", "tjueen", "ti", "nitti", "hest")] == [
        60,
        100,
        45,
        21,
        10,
        90,
        None,
    ]


def test_listed_values_split_at_commas_and_og_but_not_inside_names():
    assert split_items("Kultur, oppvekst, helse- og sosial, overordnet samfunnsutvikling", split_og="always") == [
        "Kultur",
        "oppvekst",
        "helse- og sosial",
        "overordnet samfunnsutvikling",
    ]
    assert split_items("Samtlige, samt for arbeidsmarked/sysselsetting/ næringsutvikling", split_og="always") == [
        "Samtlige",
        "arbeidsmarked/sysselsetting/næringsutvikling",
    ]
    assert split_items(
        "Direktoratet for internasjonalisering og kvalitetsutvikling i høyere utdanning (DIKU), Barne-, "
        "ungdoms- og familiedirektoratet (Bufdir), Viken fylkeskommune",
        split_og="before_capital",
    ) == [
        "Direktoratet for internasjonalisering og kvalitetsutvikling i høyere utdanning (DIKU)",
        "Barne-, ungdoms- og familiedirektoratet (Bufdir)",
        "Viken fylkeskommune",
    ]
    assert split_items("Norsk forskningsråd og Innovasjon Norge (mentorordninger, kurs og råd)", split_og="before_capital") == [
        "Norsk forskningsråd",
        "Innovasjon Norge (mentorordninger, kurs og råd)",
    ]
    assert drop_link_parentheses("EU-nettverk Sørøst-Norge (EU-nettverk - Universitetet (usn.no)).") == "EU-nettverk Sørøst-Norge ."


def test_flatten_joins_words_hyphenated_over_a_line_break_only():
    assert flatten("innen EU-\n\nområdet og helse- og\nsosial") == "innen EU-området og helse- og sosial"
