"""Words typed without æ ø å are read with the letters the sources write them with."""

from __future__ import annotations

import pytest

from assistant.language.diacritics import restore, surface_forms

pytestmark = pytest.mark.unit

SOURCES = [
    "EØS-midlene gir full dekning. Søknad om EØS-midler sendes når utlysningen er åpen.",
    "Interreg A gir 50 % dekning. Kommunene må søke i tide for å få støtte; se eos-midlene.no.",
    "Ordningen ble evaluert i Våler og Råde. EØS-avtalen er grunnlaget for EØS-midlene.",
]
FORMS = surface_forms(SOURCES)


def test_a_word_typed_without_the_letters_is_restored():
    assert restore("hvem kan hjelpe med soknad", FORMS) == "hvem kan hjelpe med søknad"
    assert restore("nar kan vi soke?", FORMS) == "når kan vi søke?"
    assert restore("mona prosjektet i valer", FORMS) == "mona prosjektet i våler"


def test_case_is_kept_and_aa_is_read_as_a_ring():
    assert restore("Raade og Valer", FORMS) == "Råde og Våler"
    assert restore("EOS-midlene", FORMS) == "EØS-midlene"


def test_a_spelling_the_sources_use_far_less_still_yields_to_the_usual_one():
    # "eos" occurs once (in a web address), "eøs" five times.
    assert FORMS["eos"] == "eøs"
    assert restore("hva er eos midlene", FORMS) == "hva er eøs midlene"


def test_a_capital_letter_on_its_own_is_a_letter_not_the_word_aa():
    assert restore("Hva er Interreg A?", FORMS) == "Hva er Interreg A?"
    # These sources write "A" (Interreg A) as often as "å": "a" stays as typed.
    assert restore("for a fa penger", FORMS) == "for a få penger"
    many = surface_forms(SOURCES + ["Det er viktig å søke, å delta og å lære."])
    assert restore("for a fa penger", many) == "for å få penger"


def test_words_the_sources_use_as_typed_and_real_words_of_their_own_are_left_alone():
    forms = surface_forms(SOURCES + ["Hun gikk for å gå, og hun bør bo der hun bor."])
    assert "for" not in forms and "ga" not in forms and "bor" not in forms
    assert restore("Hva ga prosjektet for kommunene?", forms) == "Hva ga prosjektet for kommunene?"


def test_a_word_with_its_letters_or_unknown_to_the_sources_is_unchanged():
    assert restore("Hvor mye får vi i støtte?", FORMS) == "Hvor mye får vi i støtte?"
    assert restore("xyzzy qwerty", FORMS) == "xyzzy qwerty"
