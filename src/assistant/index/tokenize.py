"""The Norwegian tokenizer for BM25: case folded, æ ø å kept, Snowball-stemmed, stop words removed.

Each text gives two token streams: `exact` (stems with æ ø å) and `folded` (the same stems written
without diacritics: æ->ae, ø->o, å->a), so a question typed as "soknad" still finds "søknad".
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib.resources import files

import Stemmer

_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*", re.UNICODE)
_FOLD = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "ä": "a", "ö": "o", "é": "e", "è": "e", "ü": "u"})


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    text = files("assistant.index").joinpath("stopwords_no.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("norwegian")


def fold(token: str) -> str:
    """Diacritics written the way people type without a Norwegian keyboard ("aa" read as "a")."""
    return token.translate(_FOLD).replace("aa", "a")


def words(text: str) -> list[str]:
    """Lower-cased words; a hyphenated compound ("EØS-midler") gives its parts and the whole."""
    out: list[str] = []
    for match in _WORD.finditer(text.casefold()):
        word = match.group(0)
        if "-" in word or "'" in word:
            parts = [p for p in re.split(r"[-']", word) if p]
            out.extend(parts)
            out.append("".join(parts))
        else:
            out.append(word)
    return out


# Spellings of one word that stem apart: "høgskole" and "høyskole" (both bokmål), nynorsk "høgskule".
_VARIANTS = (("høgskol", "høyskol"), ("høgskul", "høyskol"))


def _normal(stem: str) -> str:
    """One stem for the spellings of a word (`_VARIANTS`)."""
    for variant, standard in _VARIANTS:
        if stem.startswith(variant):
            return standard + stem[len(variant) :]
    return stem


def tokens(text: str) -> list[str]:
    """Stemmed content words with æ ø å kept."""
    kept = [w for w in words(text) if w not in stopwords() and (len(w) > 1 or w.isdigit())]
    return [_normal(s) for s in _stemmer().stemWords(kept)]


def folded_tokens(text: str) -> list[str]:
    """The same stems with diacritics folded; the typed-without-æøå form of a text folds the same way."""
    return [fold(t) for t in tokens(text)]


def same_word(a: str, b: str) -> bool:
    """Equal stems, or one a compound's head or tail of the other ("sekretariat" in
    "sekretariatsansvar", "nettverk" in "kommunenettverk"): Norwegian writes compounds as one word."""
    if a == b:
        return True
    short, long_ = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= 5 and (long_.startswith(short) or long_.endswith(short))
