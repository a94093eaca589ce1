import pytest

from assistant.followup import Vocabulary, resolve, surface_form

pytestmark = pytest.mark.unit

VOCAB = Vocabulary(
    {
        "programme": {surface_form(n): n for n in ["Interreg", "Erasmus+", "Kreativt Europa"]} | {"erasmus pluss": "Erasmus+"},
        "municipality": {surface_form(n): n for n in ["Moss", "Råde", "Vestby", "Våler"]},
        "sector": {"kulturskole": "Kultur", "skole": "Oppvekst/utdanning"},
    }
)


def test_a_pronoun_carries_the_earlier_programme():
    r = resolve("Hvem kan gi veiledning om det?", ["Hva er Interreg?"], VOCAB)
    assert r.carried == {"programme": ["Interreg"]}
    assert "Interreg" in r.query


def test_a_question_naming_its_own_subject_is_not_polluted():
    r = resolve("Hvor mye dekker Kreativt Europa?", ["Hva er Interreg?"], VOCAB)
    assert r.carried == {}
    assert r.query == "Hvor mye dekker Kreativt Europa?"


def test_an_elliptical_question_keeps_the_topic_and_swaps_the_municipality():
    r = resolve("Og fra Råde, da?", ["Hvilke skoler i Moss har vært med i Erasmus+?"], VOCAB)
    assert r.subjects["municipality"] == ["Råde"]
    assert "Moss" not in r.query
    assert "skoler" in r.query and "Erasmus+" in r.query


def test_subjects_carry_through_several_turns():
    r = resolve("Hvor mye dekker den?", ["Hva er Kreativt Europa?", "Hvem gir veiledning om det?"], VOCAB)
    assert r.subjects["programme"] == ["Kreativt Europa"]


def test_a_short_turn_hands_on_the_subject_it_was_only_softly_about():
    # "Hvem kan gi veiledning?" names no subject and leans on nothing, so it is only softly about
    # Kreativt Europa; the turn after it, which leans on the history, is about Kreativt Europa.
    second = resolve("Hvem kan gi veiledning?", ["Hva er Kreativt Europa?"], VOCAB)
    assert second.carried == {} and second.soft == {"programme": ["Kreativt Europa"]}
    third = resolve("Og hvor mye av kostnadene dekkes?", ["Hva er Kreativt Europa?", "Hvem kan gi veiledning?"], VOCAB)
    assert third.carried == {"programme": ["Kreativt Europa"]}
    assert "Kreativt Europa" in third.query


def test_an_elliptical_turn_about_another_municipality_moves_no_programme_section_up():
    swapped = resolve("Og i Råde?", ["Hvilke skoler i Moss har hatt erfaring med Erasmus+?"], VOCAB)
    assert swapped.carried["programme"] == ["Erasmus+"] and "Erasmus+" in swapped.query
    assert swapped.programme_sections() == ([], [])
    pronoun = resolve("Hvem kan gi veiledning om det?", ["Hva er Interreg?"], VOCAB)
    assert pronoun.programme_sections() == (["Interreg"], [])


def test_likevel_leans_on_what_was_said_before():
    r = resolve("Kan kommuner være med likevel?", ["Hva er Kreativt Europa?", "Hvem er det laget for?"], VOCAB)
    assert r.carried == {"programme": ["Kreativt Europa"]}
    assert "Kreativt Europa" in r.query


def test_aliases_and_missing_diacritics_are_recognised():
    assert VOCAB.find("Kan vi soke erasmus pluss fra Raade?") == {"programme": ["Erasmus+"], "municipality": ["Råde"]}


def test_no_history_means_no_follow_up():
    r = resolve("Hvem kan gi veiledning om det?", [], VOCAB)
    assert not r.is_followup and r.query == "Hvem kan gi veiledning om det?"


def test_a_sector_word_in_any_inflection_names_its_sector_and_is_swapped_out():
    vocab = Vocabulary({**VOCAB.terms, "sector": {"kultur": "Kultur", "skole": "Oppvekst/utdanning"}})
    assert vocab.find("Hvilke ordninger passer for skolene?") == {"sector": ["Oppvekst/utdanning"]}
    r = resolve("Og for kultur, da?", ["Hvilke ordninger passer for skolene?"], vocab)
    assert r.subjects["sector"] == ["Kultur"]
    assert "skolene" not in r.query


def test_a_name_is_not_found_by_its_stem():
    # "råd" and "Råde" share the stem "rad"; only sector words are matched inflected.
    assert VOCAB.find("Kan vi få råd om søknaden?") == {}


def test_taking_part_in_nothing_named_leans_on_the_earlier_topic():
    # "var med" names no project: the one the earlier turn asked about.
    r = resolve("Hvilke av kommunene våre var med?", ["Hva er Unionsleden?"], VOCAB)
    assert r.topic_carried and "Unionsleden" in r.query
    assert resolve("Hvem deltok?", ["Hva er Unionsleden?"], VOCAB).topic_carried
    # Taking part in something the turn names does not lean on the history.
    assert not resolve("Hvilke kommuner var med i Interreg?", ["Hva er Unionsleden?"], VOCAB).is_followup


def test_a_sector_carried_alone_brings_the_earlier_topic_with_it():
    vocab = Vocabulary({"sector": {"strategi": "Overordnet samfunnsutvikling", "bygg": "Teknisk"}})
    r = resolve("Hva skal han bygge på?", ["Blir det laget en felles strategi for regionen?"], vocab)
    # "bygge på" names no building; the strategy the earlier turn asked about is carried, word and all.
    assert r.carried == {"sector": ["Overordnet samfunnsutvikling"]}
    assert r.topic_carried and "strategi" in r.query


def test_the_way_ahead_names_no_sector():
    vocab = Vocabulary({"sector": {"vei": "Teknisk", "veien": "Teknisk"}})
    assert vocab.find("Hva sier rapporten om veien videre?") == {}
    assert vocab.find("Hvem har ansvar for veien?") == {"sector": ["Teknisk"]}
    # Positions of later words are kept: the typed words of a subject after the idiom are right.
    found = vocab.find_with_words("Om veien videre og veien")
    assert found == {"sector": [("Teknisk", ["veien"])]}


def test_a_turn_leaning_on_a_short_turn_reaches_the_topic_before_it():
    history = ["Hva sier NIBR-rapporten om EU og kommunene?", "Hvilket år er tallene fra?"]
    r = resolve("Og hvor stor andel var det?", history, VOCAB)
    assert r.topic_carried and "NIBR-rapporten" in r.query and "tallene" in r.query
    # A turn with a subject of its own is no short aside: what came before it is not carried.
    r = resolve("Og hvor mye dekker det?", ["Hva sier NIBR-rapporten om EU?", "Hva er Interreg?"], VOCAB)
    assert "NIBR" not in r.query and "Interreg" in r.query


def test_a_question_of_how_much_with_nothing_else_carries_the_earlier_question():
    r = resolve("Hvor mye kan vi få?", ["Kan Viken fylkeskommune gi støtte til et forprosjekt i Interreg?"], VOCAB)
    assert r.carried == {"programme": ["Interreg"]}
    assert "forprosjekt" in r.query
    # A question of its own words is not.
    assert resolve("Hvor mye koster en kulturskoleplass?", ["Hva er Interreg?"], VOCAB).carried == {}
