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

from wordfreq import zipf_frequency

_WORD = re.compile(r"[^\W\d_]+")
# A listed word this long is also swapped at the end of a compound ("næringsverksemd").
MIN_TAIL = 6
# Nynorsk adjective endings and their bokmål form, longest first: "viktigaste" -> "viktigste",
# "vanleg" -> "vanlig". A word is swapped only when the result is a common bokmål word
# (`BOKMAL_ZIPF`) and more common than the word as written ("kolleg" is left alone).
_SUFFIXES = (
    ("legaste", "ligste"), ("legast", "ligst"), ("igaste", "igste"), ("igast", "igst"),
    ("legare", "ligere"), ("lege", "lige"), ("legt", "lig"), ("leg", "lig"),
)
BOKMAL_ZIPF = 2.5


# "..., kvar foreslår rapporten at ...", "kvar vi kan få hjelp": before a verb, a preposition or a
# pronoun, "kvar" asks where.
_WHERE_NEXT = frozenset(
    "er var kan skal bør må vil finn finst ligg ligger står kjem kommer går får gjer foreslår "
    "meiner seier hører høyrer passar i på til frå hen vi me eg jeg du de dei dere dykk ein man han ho det".split()
)


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

    "kvar" is "hvor" opening a question ("Kvar kan vi søkje?") or before a verb ("..., kvar foreslår
    rapporten ...") and "hver" elsewhere ("kvar kommune").
    A compound that ends in a listed word of `MIN_TAIL` letters or more gets that part swapped.
    """
    mapping = word_map()

    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        key = word.casefold()
        if key == "kvar":
            opening = not text[: found.start()].strip(" «\"'(")
            after = _WORD.match(text, found.end() + 1) if text[found.end() : found.end() + 1] == " " else None
            asks_where = after is not None and after.group(0).casefold() in _WHERE_NEXT
            return _cased("hvor" if opening or asks_where else "hver", word)
        if key in mapping:
            return _cased(mapping[key], word)
        for tail in _tails(len(key)):
            # A compound ending in a listed word: "cybertryggleik" -> "cybersikkerhet".
            if key.endswith(tail) and len(key) - len(tail) >= 3:
                return word[: len(key) - len(tail)] + mapping[tail]
        return _adjective(word)

    return _WORD.sub(swap, text)


def _adjective(word: str) -> str:
    """`word` with a nynorsk adjective ending in its bokmål form, when that gives a common word."""
    key = word.casefold()
    for nynorsk, bokmal in _SUFFIXES:
        if key.endswith(nynorsk) and len(key) > len(nynorsk) + 1:
            swapped = key[: -len(nynorsk)] + bokmal
            ours = zipf_frequency(swapped, "nb")
            if ours >= BOKMAL_ZIPF and ours > zipf_frequency(key, "nb"):
                return word[: len(word) - len(nynorsk)] + bokmal
            return word
    return word


@cache
def _tail_words() -> tuple[str, ...]:
    """Listed words long enough to end a compound, longest first."""
    return tuple(sorted((w for w in word_map() if len(w) >= MIN_TAIL), key=len, reverse=True))


def _tails(length: int) -> tuple[str, ...]:
    return tuple(w for w in _tail_words() if len(w) < length)
