"""Typos read as the word the sources use ("Euorpa", "grensekomiten", "nroec").

A word of the question that the sources never use, whose stem they never use either, and that
is no Norwegian word (wordfreq's bokmål list: `KNOWN_ZIPF`), is read as the word of the sources
one typo away (a letter changed, left out, added, or two neighbours swapped), the most frequent
one when there are several. Without the word list, real words the report happens not to use were
"corrected" into others ("ansette" into "ansatte", "stille" into "spille"). A word the sources use
is never changed, and nothing is corrected into a word they do not have. Short words (under
`MIN_LENGTH` letters), acronyms, and words whose first letter differs are left alone.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from wordfreq import zipf_frequency

from assistant.index import tokenize

_WORD = re.compile(r"[^\W\d_]+")
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøåéü"
MIN_LENGTH = 5
# The shortest head of a compound read with a typo in its tail ("tema" in "temaomrder").
MIN_HEAD = 3
# A head this common in bokmål is a word ("tema" 4.2) even where the sources never use it alone.
HEAD_ZIPF = 3.0
# A word this common in written bokmål (Zipf scale: 3 is once per million words) is no typo. Real
# words the report does not use score 3-6 ("spørre" 4.9, "siden" 6.1), nynorsk ones 1-3; typos 0.
KNOWN_ZIPF = 1.0


def word_counts(texts: Iterable[str]) -> Counter[str]:
    """How often each word (lower case) occurs in `texts`."""
    return Counter(w for text in texts for w in _WORD.findall(text.casefold()))


def _one_typo(word: str) -> set[str]:
    """Every string one letter changed, left out, added or swapped from `word`; the first letter kept."""
    head, rest = word[0], word[1:]
    splits = [(rest[:i], rest[i:]) for i in range(len(rest) + 1)]
    out = {head + a + b[1:] for a, b in splits if b}
    out |= {head + a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    out |= {head + a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    out |= {head + a + c + b for a, b in splits for c in _LETTERS}
    out.discard(word)
    return out


def correction(word: str, counts: Counter[str], stems: set[str]) -> str | None:
    """The sources' word one typo from `word` (lower case), or None when `word` needs none."""
    if len(word) < MIN_LENGTH or word in counts or any(t in stems for t in tokenize.folded_tokens(word)):
        return None
    if zipf_frequency(word, "nb") >= KNOWN_ZIPF:
        return None
    found = [(counts[c], c) for c in _one_typo(word) if c in counts]
    if found:
        return max(found)[1]
    return _compound_correction(word, counts)


def _compound_correction(word: str, counts: Counter[str]) -> str | None:
    """A compound whose head is a word (of the sources, or a common bokmål one) and whose tail is
    one typo from a word of the sources ("temaomrder": "tema" + "områder"), read with the tail
    corrected; None when there is none."""
    found = []
    for i in range(MIN_HEAD, len(word) - MIN_LENGTH + 2):
        head, tail = word[:i], word[i:]
        if head in counts or zipf_frequency(head, "nb") >= HEAD_ZIPF:
            if tail in counts or zipf_frequency(tail, "nb") >= KNOWN_ZIPF:
                return None  # a compound of two words ("utenlands" + "prosjekter"): no typo
            found += [(counts[c], head + c) for c in _one_typo(tail) if c in counts and len(c) >= MIN_LENGTH - 1]
    return max(found)[1] if found else None


def correct(text: str, counts: Counter[str], stems: set[str]) -> str:
    """`text` with each typo read as the sources' word (`correction`), case of the first letter kept."""

    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        if any(c.isupper() for c in word[1:]):
            return word  # an acronym ("DIKUs")
        fixed = correction(word.casefold(), counts, stems)
        if fixed is None:
            return word
        return fixed[:1].upper() + fixed[1:] if word[:1].isupper() else fixed

    return _WORD.sub(swap, text)
