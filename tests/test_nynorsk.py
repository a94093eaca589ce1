import pytest

from assistant.language.nynorsk import to_bokmal, word_map

pytestmark = pytest.mark.unit


def test_nynorsk_words_take_their_bokmal_form_and_everything_else_is_kept():
    assert to_bokmal("Må kvar kommune tilsetje sin eigen EU-rådgjevar?") == "Må hver kommune ansette sin egen EU-rådgiver?"
    assert to_bokmal("Kva slags verksemder har ikkje røynsle med Erasmus+?") == "Hva slags virksomheter har ikke erfaring med Erasmus+?"


def test_kvar_opening_a_question_is_where_and_elsewhere_each():
    assert to_bokmal("Kvar kan vi søkje om pengar?") == "Hvor kan vi søke om penger?"
    assert to_bokmal("«kvar finst rettleiing?»") == "«hvor finnes veiledning?»"
    assert to_bokmal("Får kvar skule støtte?") == "Får hver skole støtte?"


def test_case_is_kept_and_words_inside_other_words_are_not_touched():
    assert to_bokmal("KVA er Norec?") == "Hva er Norec?"
    assert to_bokmal("Eit prosjekt i Moss") == "Et prosjekt i Moss"
    # "meir" inside "Meirhof" is not the word "meir".
    assert to_bokmal("Meirhof og eigedom") == "Meirhof og eigedom"


def test_a_bokmal_question_is_unchanged():
    question = "Hvem kan gi veiledning om Interreg, og hvor mye dekker programmet?"
    assert to_bokmal(question) == question


def test_the_word_list_maps_nynorsk_to_a_different_bokmal_word():
    pairs = word_map()
    assert len(pairs) > 100
    assert all(nynorsk != bokmal and nynorsk == nynorsk.casefold() for nynorsk, bokmal in pairs.items())


def test_each_nynorsk_word_is_listed_once():
    from importlib import resources

    text = resources.files("assistant.language").joinpath("nynorsk_bokmal.txt").read_text(encoding="utf-8")
    words = [line.split("#", 1)[0].split()[0] for line in text.splitlines() if line.split("#", 1)[0].strip()]
    assert sorted(w for w in set(words) if words.count(w) > 1) == []


def test_solution_together_and_time_words_are_read_in_bokmal():
    assert to_bokmal("Kva heiter løysinga dei fann saman sist gong?") == "Hva heter løsningen de fann sammen sist gang?"


def test_a_compound_ending_in_a_listed_word_gets_that_part_swapped():
    assert to_bokmal("betre cybertryggleik") == "bedre cybersikkerhet"
    assert to_bokmal("Kven er rettleiande instans?") == "Hvem er veiledende instans?"
    assert to_bokmal("næringsverksemd i Våler") == "næringsvirksomhet i Våler"
    # Short listed words ("kor", "eit") are never taken for the end of a compound.
    assert to_bokmal("Hva er et kulturkor?") == "Hva er et kulturkor?"


def test_sustainability_and_opinion_words_are_read_in_bokmal():
    # The report writes "bærekraftmål" (no linking s).
    assert to_bokmal("Kor mange berekraftsmål har FN, og kva meiner regjeringa?") == "Hvor mange bærekraftmål har FN, og hva mener regjeringa?"


def test_kvar_before_a_verb_or_a_pronoun_asks_where():
    assert to_bokmal("Sidan kvar kommune ikkje kan, kvar foreslår rapporten at det kan liggje?").startswith("Sidan hver kommune ikke kan, hvor foreslår")
    assert to_bokmal("Vi lurer på kvar vi kan få hjelp.") == "Vi lurer på hvor vi kan få hjelp."
    assert to_bokmal("Kor mykje får kvar kommune?") == "Hvor mye får hver kommune?"


def test_nynorsk_adjective_endings_take_their_bokmal_form():
    assert to_bokmal("Kven er dei viktigaste partnarane?") == "Hvem er de viktigste partnerne?"
    assert to_bokmal("Er det vanleg, og særleg billegast?") == "Er det vanlig, og særlig billigst?"
    # Only when that gives a common bokmål word: "kolleg" and "Leg" stay as written.
    assert to_bokmal("Ein kolleg. Leg.") == "En kolleg. Leg."


def test_the_way_ahead_is_read_in_bokmal():
    assert to_bokmal("Kva seier rapporten om vegen vidare?") == "Hva sier rapporten om veien videre?"
    assert to_bokmal("Kven var prosjektleiar? Kva skal han byggje på?") == "Hvem var prosjektleder? Hva skal han bygge på?"
