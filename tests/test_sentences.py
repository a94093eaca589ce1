import pytest

from assistant.sentences import normalise, split_sentences

pytestmark = pytest.mark.unit


def texts(text, **kw):
    return [s.text for s in split_sentences(text, **kw)]


def test_sentences_end_at_punctuation_before_a_capital():
    assert texts("Dette er én. Dette er to! Er dette tre?") == ["Dette er én.", "Dette er to!", "Er dette tre?"]


def test_abbreviations_do_not_end_a_sentence():
    text = "Prosjektet resulterte bl.a. i miljøgata. Status er p.t. uklart, jf. Vedlegg 2."
    assert texts(text) == ["Prosjektet resulterte bl.a. i miljøgata.", "Status er p.t. uklart, jf. Vedlegg 2."]


def test_a_label_and_its_value_stay_together_and_the_next_label_starts_anew():
    text = "Veiledende instans:\n\nViken fylkeskommune\n\nFinansieringsgrad:\n\n50 % dekning av prosjektkostnader."
    assert texts(text) == ["Veiledende instans: Viken fylkeskommune", "Finansieringsgrad: 50 % dekning av prosjektkostnader."]


def test_bullets_are_sentences_of_their_own():
    assert texts("Prosjekter bør\n• være nytenkende\n• medfinansieres") == ["Prosjekter bør", "• være nytenkende", "• medfinansieres"]


def test_offsets_point_at_the_text_as_written():
    text = "Interreg\n\nInterreg er EUs program. Det\n\nfinansierer mye."
    found = split_sentences(text, hard_breaks=(8,))
    assert [text[s.start : s.end] for s in found] == ["Interreg", "Interreg er EUs program.", "Det\n\nfinansierer mye."]
    assert found[2].text == "Det finansierer mye."


def test_normalise_folds_case_and_space():
    assert normalise("  Full  dekning\nav ") == "full dekning av"
