"""Typos are read as the word the sources use; real words and the sources' own words are kept."""

from __future__ import annotations

import pytest

from assistant.index import tokenize
from assistant.language.spelling import correct, correction, word_counts

pytestmark = pytest.mark.unit

SOURCES = [
    "Digitalt Europa er et nytt program. Finansieringsgrad: P.t. uklart.",
    "Grensekomiteen Värmland-Østfold. Norec er det nye navnet på Fredskorpset. Urbact er et delprogram.",
    "Kommunene bør ansatte rådgivere. Prosjektansvarlig er MNU v/ adm.dir. Yngve Trandem.",
]
COUNTS = word_counts(SOURCES)
STEMS = {t for text in SOURCES for t in tokenize.folded_tokens(text)}


@pytest.mark.parametrize(
    "typed, read",
    [
        ("Euorpa", "europa"),  # two letters swapped
        ("grensekomiten", "grensekomiteen"),  # a letter left out
        ("nroec", "norec"),
        ("prosjektansvalig", "prosjektansvarlig"),
        ("urbakt", "urbact"),  # a letter changed
    ],
)
def test_a_typo_is_read_as_the_sources_word_one_letter_away(typed, read):
    assert correction(typed.casefold(), COUNTS, STEMS) == read


def test_real_words_the_sources_do_not_use_are_kept():
    # One letter from "ansatte", but a word of its own; so are "stille" and "siden".
    assert correction("ansette", COUNTS, STEMS) is None
    assert correct("Må vi ansette egne folk, og hvor lenge siden?", COUNTS, STEMS) == "Må vi ansette egne folk, og hvor lenge siden?"


def test_the_sources_words_short_words_and_acronyms_are_kept():
    assert correction("norec", COUNTS, STEMS) is None
    assert correction("nrec", COUNTS, STEMS) is None  # too short to tell
    assert correct("Hva gjør MNUs EU-prosjekt?", COUNTS, STEMS) == "Hva gjør MNUs EU-prosjekt?"


def test_case_of_the_first_letter_is_kept():
    assert correct("Hva er finansieringsgraden for Digitalt Euorpa?", COUNTS, STEMS) == "Hva er finansieringsgraden for Digitalt Europa?"


def test_a_typo_in_the_tail_of_a_compound_is_read_as_the_sources_word():
    # "tema" is a bokmål word the sources never use; "prgram" is one typo from their "program".
    assert correction("temaprgram", COUNTS, STEMS) == "temaprogram"
    assert correction("rådgiverprogrm", COUNTS, STEMS) == "rådgiverprogram"
    # A compound of two words is no typo, though its tail is one letter from another word.
    assert correction("nabokommunen", COUNTS, STEMS) is None  # not "nabokommunene"
    # No head that is a word: left alone rather than guessed.
    assert correction("xqzprogrm", COUNTS, STEMS) is None
