import pytest

from assistant.index.tokenize import fold, folded_tokens, tokens, words

pytestmark = pytest.mark.unit


def test_words_keep_norwegian_letters_and_split_compounds():
    assert words("EØS-midler til Råde") == ["eøs", "midler", "eøsmidler", "til", "råde"]


def test_tokens_are_stemmed_and_stop_words_dropped():
    assert tokens("Søknadene om midler til kulturskolene") == ["søknad", "midl", "kulturskol"]


def test_folded_tokens_match_text_typed_without_diacritics():
    assert folded_tokens("søknad om støtte") == folded_tokens("soknad om stotte")
    assert folded_tokens("Råde") == folded_tokens("Raade")
    assert fold("næring") == "naering"


def test_nynorsk_stop_words_are_dropped():
    assert tokens("Kva kan eg søkje om?") == ["søkj"]


def test_spellings_of_one_word_give_one_stem():
    assert tokens("Høgskolen høyskoler høgskule") == ["høyskol", "høyskol", "høyskol"]
