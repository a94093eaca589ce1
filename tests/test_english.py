"""English questions are told apart from Norwegian ones by their function words."""

from __future__ import annotations

import pytest

from assistant.language.english import looks_english

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    "question",
    ["What is Interreg?", "How much does Erasmus+ fund?", "Can we apply for EEA grants?", "is it the same as Horizon Europe", "What about Råde?"],
)
def test_an_english_question_is_english(question):
    assert looks_english(question)


@pytest.mark.parametrize(
    "question",
    [
        "Hva er Interreg?",
        "Kva er Norec?",
        "Hva dekker Creative Europe?",
        "Hvor mye dekker the Digital Europe programme?",  # one English word in a Norwegian question
        "Kan vi søke om EØS-midler?",
        "Interreg?",
        "Er det mulig å søke i 2022?",
        "finansieringsgard for eos midlene?",
    ],
)
def test_a_norwegian_question_is_not_english(question):
    assert not looks_english(question)
