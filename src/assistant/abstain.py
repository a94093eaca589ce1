"""When to say "the sources do not answer this": checks that need no language model.

1. Weak evidence: the best sentence is not similar enough to the question (calibrated cosine), or
   almost none of the question's words (weighted by rarity) occur anywhere in the corpus: an
   off-topic question ("Hvem vant fotball-VM?") that dense retrieval would still match to something.
2. Unknown specifics: the question names a number (a year, an amount) or a proper name that occurs
   nowhere in the corpus, or asks about a thing ("Hvem er ordfører", "Hvilke svenske kommuner",
   "Hvor mange milliarder") whose word the corpus never uses (after "hvor stor" comes a measure,
   "andel", not the thing, so that phrase is left out), even as part of a compound or with
   one typing error; no passage can be about it.
3. Missing answer type: the question asks for a quantity, a time, or contact details, and none of
   the chosen sentences contains one.
Each check gives a reason, kept in the answer for the evaluation report and for debugging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index import tokenize

QUANTITY = re.compile(r"\b(hvor|kor)\s+(mange|mye|mykje|stor|store|høy|høgt|høyt)\b|\bantall\b|beløp", re.IGNORECASE)
TIME = re.compile(r"^\s*(når|nar|kva tid|hvilket år|hvilken dato)\b|frist|\bdato\b", re.IGNORECASE)
CONTACT = re.compile(r"telefon|e-?post|epost|mailadresse|adresse", re.IGNORECASE)

NUMBER_WORDS = (
    "to tre fire fem seks sju syv åtte ni ti elleve tolv femten tjue tretti førti femti seksti "
    "sytti åtti nitti hundre tusen million millioner milliard halv halvparten halvdel full fullt "
    "prosent dekning fullfinansiering"
).split()
MONTHS_SEASONS = (
    "januar februar mars april mai juni juli august september oktober november desember "
    "vår våren sommer sommeren høst høsten vinter vinteren halvår halvår"
).split()
_HAS_NUMBER = re.compile(r"\d|%|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
# A date (9.02.21), a year (2021) or a month or season; a bare digit such as "(1)" is no time.
_HAS_TIME = re.compile(r"\b\d{1,2}\.\d{1,2}\b|\b(19|20)\d{2}\b|\b(" + "|".join(MONTHS_SEASONS) + r")\b", re.IGNORECASE)
_HAS_CONTACT = re.compile(r"@|\+?\d[\d ]{6,}\d|https?://|www\.", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåäöé]{2,}(?:-[A-ZÆØÅa-zæøå]+)?)\b")


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str


# "Hvem er X", "Hvilke X", "Hvor mange X": X is what the question is about.
_FOCUS = re.compile(
    r"^\s*(?:hvem er|hva er|kven er|kva er|hvilke|hvilken|hvilket|kva for|hvor mange|kor mange)\s+([^\W\d_]+)",
    re.IGNORECASE,
)
_NOT_FOCUS = frozenset("det den de en et ei vi dere man noen mest best flest fleste størst største egentlig".split())


def _one_edit(a: str, b: str) -> bool:
    if abs(len(a) - len(b)) > 1 or a == b:
        return a == b
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def known(term: str, vocabulary: set[str]) -> bool:
    """A folded stem the corpus uses: as is, inside a compound (head or tail), or one typo away."""
    if term in vocabulary:
        return True
    if len(term) >= 4 and any(w.startswith(term) or (len(term) >= 5 and w.endswith(term)) for w in vocabulary):
        return True
    if any(len(w) >= 5 and (term.startswith(w) or term.endswith(w)) for w in vocabulary):
        return True
    return len(term) >= 5 and any(_one_edit(term, w) for w in vocabulary if abs(len(w) - len(term)) <= 1)


def unknown_focus(question: str, vocabulary: set[str]) -> str | None:
    """The word a "which/who/how many" question asks about, when the corpus never uses it."""
    found = _FOCUS.match(question)
    if not found or found.group(1).casefold() in _NOT_FOCUS:
        return None
    word = found.group(1)
    stems = tokenize.folded_tokens(word)
    return word if stems and not any(known(t, vocabulary) for t in stems) else None


def unknown_specifics(question: str, vocabulary: set[str]) -> list[str]:
    """Numbers and mid-sentence proper names of the question that the corpus never mentions."""
    unknown = []
    for number in re.findall(r"\b\d{2,}\b", question):
        if number not in vocabulary:
            unknown.append(number)
    for name in _CAPITALISED.findall(question):
        folded = tokenize.folded_tokens(name)
        if folded and all(t not in vocabulary for t in folded):
            unknown.append(name)
    focus = unknown_focus(question, vocabulary)
    if focus and focus not in unknown:
        unknown.append(focus)
    return unknown


def missing_answer_type(question: str, sentences: list[str]) -> str | None:
    """The kind of answer the question wants that no chosen sentence supplies, or None."""
    text = " ".join(sentences)
    if CONTACT.search(question) and not _HAS_CONTACT.search(text):
        return "contact"
    if TIME.search(question) and not _HAS_TIME.search(text):
        return "time"
    if QUANTITY.search(question) and not _HAS_NUMBER.search(text):
        return "quantity"
    return None


def known_share(terms: set[str], vocabulary: set[str], idf: dict[str, float], default_idf: float) -> float:
    """The rarity-weighted share of the question's topic terms that the corpus uses at all."""
    if not terms:
        return 1.0
    total = sum(idf.get(t, default_idf) for t in terms)
    return sum(idf.get(t, default_idf) for t in terms if known(t, vocabulary)) / total


def judge(question: str, best_cosine: float | None, sentences: list[str], vocabulary: set[str],
          min_cosine: float, share_known: float = 1.0, min_known_share: float = 0.0) -> Verdict:
    """All checks in order; the first that fails gives the reason."""
    if best_cosine is None or best_cosine < min_cosine:
        return Verdict(False, "weak evidence")
    if share_known < min_known_share:
        return Verdict(False, "off-topic: the corpus does not use the question's words")
    unknown = unknown_specifics(question, vocabulary)
    if unknown:
        return Verdict(False, "not in the sources: " + ", ".join(unknown))
    kind = missing_answer_type(question, sentences)
    if kind:
        return Verdict(False, f"no {kind} in the evidence")
    return Verdict(True, "")
