"""Staff's words for what the sources call otherwise, added to the words retrieval matches."""

from __future__ import annotations

import pytest

from assistant.language import synonyms
from assistant.language.synonyms import expand

pytestmark = pytest.mark.unit


def test_a_phrase_gets_the_sources_words_appended():
    assert expand("Hva skal strategien bygge på?") == "Hva skal strategien bygge på? utgangspunkt"
    assert expand("Hva sier rådmannen?") == "Hva sier rådmannen? kommunedirektøren"


def test_a_question_without_such_words_is_unchanged():
    assert expand("Hva er Interreg?") == "Hva er Interreg?"


def test_phrases_match_whole_words_only_and_each_expansion_is_added_once():
    # "forumet" is not "forum"; two phrases with the same words add them once.
    assert expand("Hva skjedde på forumet?") == "Hva skjedde på forumet?"
    assert expand("Hvilke gevinster og fordeler gir det?") == "Hvilke gevinster og fordeler gir det? nytte nytteeffekter"


def test_every_line_of_the_list_is_a_phrase_and_its_words():
    assert synonyms.synonyms() and all(words for _, words in synonyms.synonyms())
    with pytest.raises(ValueError, match="bad line"):
        synonyms.parse("# a comment\nrådmann kommunedirektør\n")
    assert [words for _, words in synonyms.parse("a = x\na b = y\n")] == ["y", "x"]  # longest first


def test_the_sources_words_for_a_whole_phrase():
    assert synonyms.sources_words("læresteder") == "universitet høgskole"
    assert synonyms.sources_words("Arbeidstiden") == "timer"
    assert synonyms.sources_words("læresteder i Moss") == ""
