"""Nynorsk questions read in bokmål, the language of the sources.

The Snowball stemmer joins most inflections ("midlar"/"midler"), but not words that differ
("ikkje"/"ikke", "verksemd"/"virksomhet", "rettleiing"/"veiledning"). Those are swapped for their
bokmål form, from the word list `nynorsk_bokmal.txt`, before retrieval and the abstention checks,
so that BM25 and the vocabulary checks see words the sources use and the embedding sees bokmål.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

_WORD = re.compile(r"[^\W\d_]+")


@cache
def word_map() -> dict[str, str]:
    """Nynorsk word (lower case) -> bokmål word."""
    pairs: dict[str, str] = {}
    text = resources.files("assistant.language").joinpath("nynorsk_bokmal.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        nynorsk, bokmal = line.split()
        pairs[nynorsk] = bokmal
    return pairs


def _cased(word: str, like: str) -> str:
    return word[:1].upper() + word[1:] if like[:1].isupper() else word


def to_bokmal(text: str) -> str:
    """`text` with nynorsk words in their bokmål form; other words, spacing and punctuation kept.

    "kvar" is "hvor" opening a question ("Kvar kan vi søkje?") and "hver" elsewhere ("kvar kommune").
    """
    mapping = word_map()

    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        key = word.casefold()
        if key == "kvar":
            opening = not text[: found.start()].strip(" «\"'(")
            return _cased("hvor" if opening else "hver", word)
        return _cased(mapping[key], word) if key in mapping else word

    return _WORD.sub(swap, text)
