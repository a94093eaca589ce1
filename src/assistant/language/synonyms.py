"""Words staff use for what the sources call otherwise ("rådmann" for "kommunedirektør", "bygge
på" for "ta utgangspunkt i"), from `synonyms.txt`.

The embedding model joins many paraphrases but not these; BM25 and the sentence choice join none.
`expand` adds the sources' words to the text retrieval and sentence choice match; the question's
vector and the abstention checks see the question as asked.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources


@cache
def synonyms() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The bundled list (`parse` of `synonyms.txt`)."""
    return parse(resources.files("assistant.language").joinpath("synonyms.txt").read_text(encoding="utf-8"))


def parse(text: str) -> tuple[tuple[re.Pattern[str], str], ...]:
    """(phrase as a whole-word pattern, the sources' words), longest phrase first."""
    pairs = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        phrase, _, words = (part.strip() for part in line.partition("="))
        if not phrase or not words:
            raise ValueError(f"synonyms.txt: bad line {line!r}")
        pairs.append((phrase, words))
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple((re.compile(rf"(?<!\w){re.escape(phrase)}(?!\w)", re.IGNORECASE), words) for phrase, words in pairs)


def sources_words(phrase: str) -> str:
    """The sources' words for a phrase of staff's own, or "" ("læresteder": "universitet høgskole")."""
    for pattern, words in synonyms():
        if pattern.fullmatch(phrase.strip()):
            return words
    return ""


def expand(query: str) -> str:
    """`query` with the sources' words for the phrases it uses appended (each once)."""
    added: list[str] = []
    for pattern, words in synonyms():
        if pattern.search(query) and words not in added:
            added.append(words)
    return " ".join([query, *added]) if added else query
