import json
from pathlib import Path

import pytest

from assistant.evaluation.dataset import PROGRAMME_NAMES
from assistant.ingest.chunking import ChunkParams
from assistant.ingest.refresh import chunk_document, load_document
from assistant.ingest.sources import discover_sources
from assistant.ingest.structure import StructureRules
from assistant.programmes.match import (
    format_matches,
    format_records,
    is_programme_question,
    match,
    parse_need,
)
from assistant.programmes.records import extract_programmes, from_json, to_json
from assistant.programmes.rules import MatchingRulesError, load_matching_rules, parse_rules

pytestmark = pytest.mark.unit

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
RULES_FILE = CORPUS / "matching_rules.toml"


@pytest.fixture(scope="module")
def rules():
    return load_matching_rules(RULES_FILE)


@pytest.fixture(scope="module")
def chunks():
    source = next(s for s in discover_sources(CORPUS) if s.meta.id == "forstudie-2021")
    doc = load_document(source, StructureRules())
    return doc, chunk_document(doc, ChunkParams())


@pytest.fixture(scope="module")
def records(chunks, rules):
    from assistant.index.store import PageRecord

    doc, doc_chunks = chunks
    pages = [PageRecord(doc.meta.id, p.number, p.text, p.links, p.headings) for p in doc.pages]
    return extract_programmes(pages, doc_chunks, rules)


def ranking(text, records, rules) -> list[str]:
    return [m.name for m in match(text, records, rules)]


# ---- the rules file -------------------------------------------------------------------------


def test_the_rules_file_validates_and_names_the_report_programmes(rules):
    assert tuple(p.name for p in rules.programme) == PROGRAMME_NAMES
    assert {a.name for a in rules.area} == {
        "Kultur",
        "Oppvekst/utdanning",
        "Helse- og sosial",
        "Teknisk",
        "Overordnet samfunnsutvikling",
        "Arbeidsmarked/sysselsetting/næringsutvikling",
    }
    eos = next(g for g in rules.partner_group if g.key == "eos_mottakere")
    assert len(eos.countries) == 15 and "Romania" in eos.countries


@pytest.mark.parametrize(
    "old, new, key",
    [
        ("sector_match = 2.0", 'sector_match = "høy"', "weights.sector_match"),
        ("topic_cap = 6.0", "topic_cap = 6.0\nsurprise = 1.0", "weights.surprise"),
        ('groups = ["sor"]', 'groups = ["sør"]', "condition.0.groups"),
        ('patterns = ["Afrika, Asia og Latin-Amerika"', 'patterns = ["Afrika (Asia"', "condition.0.patterns"),
        ("format_version = 1", "format_version = 2", "format_version"),
        ('name = "Norec"', 'name = "Erasmus+"', "programme.2"),
        ('warning = "{name} gir', 'warning = "{navn} gir', "condition.8.warning"),
    ],
)
def test_a_bad_rules_file_gives_an_error_naming_the_key(old, new, key):
    text = RULES_FILE.read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(MatchingRulesError) as info:
        parse_rules(text.replace(old, new, 1), "matching_rules.toml")
    assert f"matching_rules.toml: {key}" in str(info.value)


def test_a_rules_file_that_is_not_toml_or_missing_is_a_clear_error(tmp_path):
    with pytest.raises(MatchingRulesError, match="not valid TOML"):
        parse_rules("format_version = [", "x.toml")
    with pytest.raises(MatchingRulesError, match="cannot be read"):
        load_matching_rules(tmp_path / "missing.toml")


# ---- reading a need ---------------------------------------------------------------------------


def test_a_need_is_read_through_the_vocabulary_despite_typos_and_missing_letters(rules):
    need = parse_need("Barnhagen vil pa studietur til danmark, vi har ikkje eigne midlar", rules)
    assert need.area_names == ("Oppvekst/utdanning",)
    assert need.countries == ("Danmark",)
    assert need.partner_groups == ("norden", "oks", "europa")
    assert need.min_rate == 100
    assert need.activity_keys == ("mobilitet",)


def test_a_need_knows_countries_by_adjective_and_groups_by_word(rules):
    need = parse_need("Vi vil samarbeide med svenske kommuner over grensen og med en rumensk by", rules)
    assert need.countries == ("Sverige", "Romania")
    assert set(need.partner_groups) == {"norden", "grenseregion", "oks", "europa", "eos_mottakere"}


def test_the_longest_funding_phrase_wins(rules):
    assert parse_need("Vi har ingen egne midler", rules).min_rate == 100
    assert parse_need("Vi kan dekke halvparten selv med egne midler", rules).min_rate == 50
    assert parse_need("Vi vil til Kenya", rules).min_rate is None


def test_compounds_match_but_lookalikes_do_not(rules):
    assert parse_need("kulturhuset og kulturskolen", rules).area_names == ("Kultur",)
    assert "Kultur" not in parse_need("kunstig intelligens", rules).area_names
    assert parse_need("grunnskolen", rules).area_names == ("Oppvekst/utdanning",)


def test_a_capitals_only_alias_must_be_written_in_capitals(rules):
    assert parse_need("Kan vi søke DIGITAL om dette?", rules).programmes == ("Digitalt Europa",)
    assert parse_need("Vi vil bli mer digital", rules).programmes == ()
    assert parse_need("Passer erasmus pluss for oss?", rules).programmes == ("Erasmus+",)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Hvilket program passer for oss?", True),
        ("Hva kan vi søke på når barnehagen vil til Danmark?", True),
        ("Finnes det støtte til en studietur?", True),
        ("Kva passar for kulturskulen?", True),
        ("Hva er finansieringsgraden for Interreg?", False),
        ("Hvem kan vi spørre om råd hvis vi vil søke midler fra Nordisk ministerråd?", False),
        ("Når ble prosjektplanen godkjent?", False),
        ("Helse og mestring vil lære av kommuner i Sverige og Danmark. Hva bør vi søke på?", True),
        ("Hvor skal vi søke når vi ikke har penger til egenandel?", True),
        ("Hvordan søker jeg om Erasmus+-midler?", False),
        # About what has been, not a need ...
        ("Hvilken EU-ordning har vært den viktigste pengekilden for regionen så langt?", False),
        # ... unless it also names one.
        ("Skolen har hatt utveksling med Danmark før. Hvilken ordning passer nå?", True),
        # Advice asked for after the need is described ...
        ("Kulturskolen vil samarbeide med skoler i Sverige. Hva bør vi se på?", True),
        ("Våler vil jobbe med svenske nabokommuner om helse. Hvor bør vi starte?", True),
        ("Byutviklingsavdelingen vil lære av andre europeiske byer. Hva anbefales?", True),
        # ... but not what the report recommends.
        ("Hva anbefaler rapporten om veien videre?", False),
        # A need stated without a question, and where to turn with it.
        ("Næringsavdelingen vil være med i et forskningsprosjekt og helst få dekket alle kostnadene.", True),
        ("Vi vil samarbeide med svenske nabokommuner om helse. Hvor bør vi henvende oss?", True),
        ("Vi vil bygge ned grensehindringer mot Värmland. Hvor bør vi gå?", True),
        # Money received is the past; one of the programmes already named is picked out, not chosen,
        # whatever the earlier turn carried after the question says.
        ("Hvor mye fikk Våler i støtte til Mona-prosjektet?", False),
        # Money a body has set aside is no need either.
        ("Hvor mye penger har Viken satt av totalt til tilskudd til internasjonale forprosjekter?", False),
        ("Hvilket av dem er forskningsprogrammet? Hvilke programmer skal Norge være med i?", False),
        ("Hvilket av dem passer for oss?", True),
        # Nynorsk "Kva program er aktuelt?", as the assistant reads it.
        ("Ungdomstjeneste vil ha et prosjekt om menneskerettar med partnere i Afrika. Hva program er aktuelt?", True),
        # When a named scheme's deadline is, is no choice.
        ("Når er søknadsfristen for Vikens tilskudd til internasjonale forprosjekter?", False),
        ("Hva er søknadsfristen for Vikens tilskudd til internasjonale forprosjekter?", False),
        # Whether a municipality has applied is the past.
        ("Har Vestby kommune søkt om Vikens tilskudd til internasjonale forprosjekter?", False),
        # What a scheme has given is the past too.
        ("Hvilken EU-ordning har gitt oss mest penger så langt?", False),
        ("Hvilken EU-ordning har betydd mest for samarbeidet vårt med utlandet så langt?", False),
        # "Finnes det noe for oss?" after a described need asks what fits.
        ("Idrettsavdelingen vil utvikle ny praksis sammen med partnere i Europa – finnes det noe for oss?", True),
        ("IT-avdelingen vil teste kunstig intelligens sammen med europeiske partnere. Hvor kan vi hente midler?", True),
        ("Ungdomsrådet vil ha et utvekslingsprosjekt med unge i Afrika. Finnes det noe for det?", True),
        # A programme named in the context is part of the need; the asked sentence decides ...
        ("Planavdelinga vil lære av europeiske byer. Vi har også en vennskapskommune i Sverige. Hva passer?", True),
        # ... and a question for whom to call about a scheme named is no choice.
        ("Hvem er kontaktpersonen for tilskudd til internasjonale forprosjekter, og hva er telefonnummeret?", False),
    ],
)
def test_programme_choice_questions_are_recognised(rules, text, expected):
    assert is_programme_question(text, rules) is expected


# ---- ranking ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, first, also_top3",
    [
        ("Kulturskolen vil samarbeide med en kulturskole i Spania", "Kreativt Europa", {"Erasmus+"}),
        ("Vi vil ha et prosjekt med partnere i Kenya", "Norec", set()),
        ("Barnehagen vil på studietur til Danmark", "Erasmus+", {"Nordisk ministerråd"}),
        ("samarbeid med kommuner i Sverige om infrastruktur over grensen", "Grensekomiteen", {"Interreg"}),
        ("partnere i Romania, overføre kompetanse", "EØS-midler", set()),
        ("kompetanseoverføring til et vannverk i et av de fattigere EU-landene, og egne timer må dekkes", "EØS-midler", set()),
        ("kunstig intelligens og cybersikkerhet i kommunen", "Digitalt Europa", set()),
        ("forskningsprosjekt med næringslivet og universitet", "Horisont Europa", set()),
        ("ungdomsarbeidere på opplæringskurs i utlandet", "Erasmus+", set()),
        ("nordisk samarbeid om biologisk mangfold", "Nordisk ministerråd", set()),
        # Nynorsk "vi vil ha alt finansiert", as the assistant reads it: full funding.
        ("Vi vil ha et prosjekt om sosial bærekraft med de andre nordiske landene, og vi vil ha alt finansiert", "Nordisk ministerråd", set()),
        ("byutvikling, urbane utfordringer, nettverk med europeiske byer", "Interreg", set()),
        # Kreativt Europa is aimed at culture alone; Nordisk ministerråd lists it among four areas.
        ("Hvilke ordninger passer for kultur?", "Kreativt Europa", {"Nordisk ministerråd"}),
    ],
)
def test_representative_needs_rank_the_best_programme_first(records, rules, text, first, also_top3):
    ranked = ranking(text, records, rules)
    assert ranked[0] == first
    assert also_top3 <= set(ranked[:3])


def test_the_whole_project_cost_asks_for_full_funding(records, rules):
    assert parse_need("Hvilke av programmene dekker hele prosjektkostnaden?", rules).min_rate == 100
    ranked = [m.name for m in match("Hvilke av programmene i rapporten dekker hele prosjektkostnaden?", records, rules)]
    assert set(ranked[:3]) == {"EØS-midler", "Nordisk ministerråd", "Horisont Europa"}


def test_a_named_guidance_body_ranks_the_programmes_it_guides_first_with_its_line_cited(records, rules):
    matches = match("For hvilke programmer er Innovasjon Norge oppgitt som veiledende instans?", records, rules)
    assert {m.name for m in matches[:3]} == {"Horisont Europa", "Digitalt Europa", "EØS-midler"}
    for m in matches[:3]:
        assert m.reasons[0].text == f"Innovasjon Norge er veiledende instans for {m.name}."
        assert "Innovasjon Norge" in m.reasons[0].citation.text
    # An acronym in parentheses names its body too; a body's name inside another word does not.
    assert match("Hvilke ordninger gir DIKU veiledning om?", records, rules)[0].name == "Erasmus+"
    assert all(r.text.startswith("KS er") is False for m in match("Hva passer for KSB-prosjekter?", records, rules) for r in m.reasons)


def test_without_own_money_full_funding_ranks_above_interreg_and_says_why(records, rules):
    matches = match("Vi har ingen egne midler. Hva kan vi søke på?", records, rules)
    ranked = [m.name for m in matches]
    assert set(ranked[:3]) == {"EØS-midler", "Nordisk ministerråd", "Horisont Europa"}
    assert ranked.index("Interreg") > ranked.index("Erasmus+")
    interreg = matches[ranked.index("Interreg")]
    assert interreg.warnings[0].text == "Interreg krever minst 50 % egenfinansiering (dekker 50 %)."
    assert "minst 50 prosent" in interreg.warnings[0].citation.text
    eos = matches[0]
    assert any("Full dekning av prosjektkostnader (også egne timer)" in r.text for r in eos.reasons)


def test_partner_mismatch_is_explained(records, rules):
    matches = {m.name: m for m in match("Kulturskolen vil samarbeide med en kulturskole i Spania", records, rules)}
    warning = matches["Norec"].warnings[0]
    assert warning.text == "Norec gjelder partnere i Afrika, Asia og Latin-Amerika, ikke Spania."
    assert "Afrika, Asia og Latin-Amerika" in warning.citation.text


def test_a_partner_region_inside_the_one_asked_for_fits_without_warning(records, rules):
    eos = {m.name: m for m in match("Vi vil samarbeide med europeiske kommuner", records, rules)}["EØS-midler"]
    assert ("partners", 1.5) in eos.parts
    assert any("en del av andre europeiske land" in r.text for r in eos.reasons)
    assert not any("gjelder partnere" in w.text for w in eos.warnings)


def test_a_partner_group_covering_every_country_asked_for_fits_best(records, rules):
    # Interreg's Øresund-Kattegat-Skagerrak takes in Sverige and Danmark; Grensekomiteen's border
    # region only Sverige, so it fits half.
    matches = {m.name: m for m in match("Vi vil samarbeide med kommuner i Sverige og Danmark", records, rules)}
    assert ("partners", 3.0) in matches["Interreg"].parts
    assert any("Øresund-Kattegat-Skagerrak" in r.text and "Sverige og Danmark hører til" in r.text for r in matches["Interreg"].reasons)
    assert ("partners", 1.5) in matches["Grensekomiteen"].parts
    # Sverige alone: the border region covers it all.
    alone = {m.name: m for m in match("Vi vil samarbeide med en kommune i Sverige", records, rules)}
    assert ("partners", 3.0) in alone["Grensekomiteen"].parts
    # Danmark alone is outside the border region, though both are Nordic.
    denmark = {m.name: m for m in match("Vi vil samarbeide med en kommune i Danmark", records, rules)}
    assert ("partners", -5.0) in denmark["Grensekomiteen"].parts


def test_an_uncertain_programme_carries_its_warning(records, rules):
    best = match("kunstig intelligens og cybersikkerhet i kommunen", records, rules)[0]
    assert best.name == "Digitalt Europa"
    assert any("ikke formelt vedtatt" in w.text for w in best.warnings)
    assert best.funding.rate.kind == "unclear"


def test_every_reason_and_warning_cites_a_chunk_slice(records, rules, chunks):
    by_id = {c.id: c for c in chunks[1]}
    for text in ("Barnehagen vil på studietur til Danmark", "Vi har ingen egne midler", "partnere i Kenya om helse"):
        for m in match(text, records, rules):
            for item in (*m.reasons, *m.warnings):
                assert item.citation is not None, item.text
                chunk = by_id[item.citation.chunk_id]
                assert chunk.text[item.citation.start : item.citation.end] == item.citation.text
            assert {(c.chunk_id, c.start) for c in m.citations} == {
                (i.citation.chunk_id, i.citation.start) for i in (*m.reasons, *m.warnings)
            }


def test_scores_are_the_sum_of_named_parts(records, rules):
    for m in match("Barnehagen vil på studietur til Danmark", records, rules):
        assert m.score == pytest.approx(sum(v for _, v in m.parts), abs=1e-3)
        assert all(part.split(":")[0] in {"name", "sector", "partners", "funding", "activity", "topic", "guidance", "status"} for part, _ in m.parts)


def test_matching_is_deterministic_and_survives_the_json_records(records, rules):
    text = "Vi vil samarbeide med en kommune i Polen om ungdomsledighet, og vi har ikke egne midler"
    first = [m.to_dict() for m in match(text, records, rules)]
    again = [m.to_dict() for m in match(text, records, rules)]
    stored = from_json(json.loads(json.dumps(to_json(records))))
    reloaded = [m.to_dict() for m in match(text, stored, rules)]
    assert first == again == reloaded
    assert first[0]["name"] == "EØS-midler"


def test_equal_scores_keep_the_report_order(records, rules):
    matches = match("Hei", records, rules)
    order = {name: i for i, name in enumerate(PROGRAMME_NAMES)}
    for a, b in zip(matches, matches[1:]):
        assert a.score > b.score or (a.score == b.score and order[a.name] < order[b.name])


def test_to_dict_has_the_agreed_keys(records, rules):
    data = match("Barnehagen vil på studietur til Danmark", records, rules)[0].to_dict()
    assert {"name", "score", "funding", "guidance", "reasons", "warnings", "citations"} <= set(data)
    assert data["funding"]["min"] == 60 and data["funding"]["max"] == 100 and data["funding"]["kind"] == "range"
    assert data["reasons"][0].keys() == {"text", "citation"}
    assert data["guidance"][0].startswith("Direktoratet for internasjonalisering")
    json.dumps(data)


def test_formatted_text_is_norwegian_with_pages(records, rules):
    text = format_matches(match("Vi har ingen egne midler", records, rules))
    assert text.startswith("1. EØS-midler")
    assert "Finansieringsgrad:" in text and "Rangert lavere:" in text and "[s. " in text
    listing = format_records(records)
    assert "Interreg (EU-baserte programmer)" in listing
    assert "Veiledende instans: Viken fylkeskommune" in listing
    assert format_matches([]) .startswith("Fant ingen programmer")
