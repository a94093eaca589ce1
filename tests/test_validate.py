"""Questions are checked strictly before any work is done; the messages are Norwegian."""

from __future__ import annotations

import pytest

from assistant.errors import AssistantError, QueryError
from assistant.validate import MAX_QUESTION_CHARS, clean_question

pytestmark = pytest.mark.unit


def test_a_plain_question_comes_back_stripped():
    assert clean_question("  Hva er Interreg?  ") == "Hva er Interreg?"


def test_tabs_and_newlines_are_allowed_and_collapsed_to_single_spaces():
    assert clean_question("Hvem kan gi\tveiledning\n\nom   Interreg?\r\n") == "Hvem kan gi veiledning om Interreg?"


@pytest.mark.parametrize("text", ["", " ", "   \t\n  ", "\u00a0\u2003"])
def test_an_empty_or_whitespace_only_question_is_refused(text):
    with pytest.raises(QueryError, match=r"^Spørsmålet er tomt\. Skriv hva du lurer på\.$"):
        clean_question(text)


def test_a_question_of_exactly_the_maximum_length_is_accepted():
    text = "a" * MAX_QUESTION_CHARS
    assert clean_question(f"  {text}  ") == text


def test_a_question_longer_than_the_maximum_is_refused_with_its_length():
    assert MAX_QUESTION_CHARS == 2000
    with pytest.raises(QueryError) as info:
        clean_question("a" * 2001)
    assert str(info.value) == "Spørsmålet er for langt (2001 tegn; høyst 2000). Del det opp i kortere spørsmål."


def test_the_length_is_measured_after_stripping_surrounding_space():
    assert clean_question(" " * 50 + "a" * MAX_QUESTION_CHARS + "\n" * 50) == "a" * MAX_QUESTION_CHARS


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x0b", "\x0c"])
def test_control_characters_are_refused(char):
    with pytest.raises(QueryError, match=r"^Spørsmålet inneholder kontrolltegn\."):
        clean_question(f"Hva er{char} Interreg?")


@pytest.mark.parametrize("text", ["???", "... !!", "— – -", "«»", "%&/"])
def test_a_question_without_any_word_is_refused(text):
    with pytest.raises(QueryError, match=r"^Spørsmålet inneholder ingen ord\."):
        clean_question(text)


def test_a_number_alone_counts_as_a_word():
    assert clean_question("2021?") == "2021?"


@pytest.mark.parametrize("value", [None, 42, b"Hva er Interreg?", ["Hva er Interreg?"]])
def test_a_question_that_is_not_text_is_refused(value):
    with pytest.raises(QueryError, match=r"^Spørsmålet må være tekst\.$"):
        clean_question(value)


def test_query_errors_are_assistant_errors_so_the_edges_translate_them():
    assert issubclass(QueryError, AssistantError)


def test_every_message_is_a_single_line():
    for bad in ["", "a" * 3000, "a\x07b", "???", None]:
        with pytest.raises(QueryError) as info:
            clean_question(bad)
        assert "\n" not in str(info.value)
