"""Questions typed without æ, ø and å ("soknad", "eos midlene", "nar"), read with the letters back.

BM25 already matches such words through the index's folded field, but the embedding model sees
"eos" and "nar" as other words. A word of the question that the sources never use, but whose
folded form is that of a word they do use ("eøs", "når"), is read as that word before retrieval
and the checks. The forms come from the sources themselves, so nothing is guessed: a word the
sources use as typed ("a" in "Interreg A", "for") is left alone, unless they write it with the
letters four times as often.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from assistant.index.tokenize import fold

_WORD = re.compile(r"[^\W\d_]+")
# Question words the sources may not use in every form; they are restored all the same.
QUESTION_WORDS = ("når", "hvordan", "hvorfor", "hvilke", "hvilken", "hvilket", "få", "får", "må", "så", "på", "både", "også")


# Bokmål words of their own that fold like another ("ga" gave / "gå", "bor" lives / "bør"): kept.
KEEP = frozenset("ga bor far sa la bla for".split())


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """Folded word -> the word with its æ ø å, for words of `texts` that folding changes and whose
    folded form `texts` use far less (a link's "eos-midlene" beside forty "EØS"); the most
    frequent spelling wins."""
    counts = Counter(w for text in texts for w in _WORD.findall(text.casefold()))
    for word in QUESTION_WORDS:
        counts[word] += 1
    forms: dict[str, str] = {}
    for word, _ in counts.most_common():
        folded = fold(word)
        if folded != word and folded not in KEEP and counts[word] >= 4 * counts.get(folded, 0) and folded not in forms:
            forms[folded] = word
    return forms


def restore(text: str, forms: dict[str, str]) -> str:
    """`text` with each word typed without æ ø å written with them, when `forms` knows it."""

    def swap(found: re.Match[str]) -> str:
        word = found.group(0)
        key = word.casefold()
        if len(word) == 1 and word.isupper():
            return word  # a letter ("Interreg A"), not the word "å"
        restored = forms.get(fold(key)) if fold(key) == key or "aa" in key else None
        if restored is None:
            return word
        if word.isupper() and len(word) > 1:
            return restored.upper()
        return restored[:1].upper() + restored[1:] if word[:1].isupper() else restored

    return _WORD.sub(swap, text)
