"""When to say "the sources do not answer this": checks that need no language model.

1. Weak evidence: the best sentence is not similar enough to the question (calibrated cosine).
2. Unknown specifics: the question names a number (a year, an amount) or a proper name that occurs
   nowhere in the corpus; no passage can be about it.
3. Missing answer type: the question asks for a quantity, a time, or contact details, and none of
   the chosen sentences contains one.
Each check gives a reason, kept in the answer for the evaluation report and for debugging.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.index import tokenize

QUANTITY = re.compile(r"\b(hvor|kor)\s+(mange|mye|mykje|stor|store|høy|høgt|høyt)\b|\bantall\b|\bbeløp", re.IGNORECASE)
TIME = re.compile(r"^\s*(når|nar|kva tid|hvilket år|hvilken dato)\b|\bfrist|\bdato\b", re.IGNORECASE)
CONTACT = re.compile(r"telefon|e-?post|epost|mailadresse|adresse", re.IGNORECASE)

NUMBER_WORDS = (
    "en ett én to tre fire fem seks sju syv åtte ni ti elleve tolv femten tjue tretti førti femti seksti "
    "sytti åtti nitti hundre tusen million millioner milliard halv halvparten halvdel full fullt dobling "
    "prosent dekning fullfinansiering"
).split()
MONTHS_SEASONS = (
    "januar februar mars april mai juni juli august september oktober november desember "
    "vår våren sommer sommeren høst høsten vinter vinteren halvår halvår"
).split()
_HAS_NUMBER = re.compile(r"\d|%|\b(" + "|".join(NUMBER_WORDS) + r")\b", re.IGNORECASE)
_HAS_TIME = re.compile(r"\d|\b(" + "|".join(MONTHS_SEASONS) + r")\b", re.IGNORECASE)
_HAS_CONTACT = re.compile(r"@|\+?\d[\d ]{6,}\d|https?://|www\.", re.IGNORECASE)
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b([A-ZÆØÅ][a-zæøåäöé]{2,}(?:-[A-ZÆØÅa-zæøå]+)?)\b")


@dataclass(frozen=True)
class Verdict:
    answerable: bool
    reason: str


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


def judge(question: str, best_cosine: float | None, support: float, sentences: list[str], vocabulary: set[str],
          min_cosine: float, confident_cosine: float, min_support: float) -> Verdict:
    """All checks in order; the first that fails gives the reason."""
    if best_cosine is None or best_cosine < min_cosine:
        return Verdict(False, "weak evidence")
    if best_cosine < confident_cosine and support < min_support:
        return Verdict(False, "little topic overlap")
    unknown = unknown_specifics(question, vocabulary)
    if unknown:
        return Verdict(False, "not in the sources: " + ", ".join(unknown))
    kind = missing_answer_type(question, sentences)
    if kind:
        return Verdict(False, f"no {kind} in the evidence")
    return Verdict(True, "")
