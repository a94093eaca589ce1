"""Evaluation metrics: small pure functions over one answer dict (`Answer.to_dict()` shape) and one case.

Retrieval: the evidence rank is the 1-based rank of the first citation whose passage contains an evidence
snippet; hit@k and MRR follow from it. Facts: a fact is covered when one of its wordings occurs in the answer
text. Programmes: top-1, best-in-top-3 and recall@3 of the returned programme names against the gold ranking.

Citations are scored as in ALCE (Gao et al. 2023, "Enabling Large Language Models to Generate Text with
Citations"), with a deterministic support test in place of their NLI model (see `supports`):

* citation recall of a sentence is 1 when the concatenation of its cited passages supports it (0 for a sentence
  without a marker or with a marker that points at no citation);
* a citation's precision is 0 when the sentence is not supported by all its citations together, or when the
  citation alone does not support the sentence and the sentence's other citations still support it without it
  (an irrelevant citation); otherwise 1.

An answer's recall is the mean over its sentences, its precision the share of precise citations among all its
markers; the run's scores are means over the answered cases (ALCE averages per example).

All text comparisons use `assistant.evaluation.dataset.normalise` (NFC, casefolded, whitespace collapsed).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.evaluation.dataset import normalise
from assistant.index.tokenize import folded_tokens
from assistant.sentences import split_sentences

# Share of a sentence's content tokens that must occur in a passage for the lexical support test.
LEXICAL_SUPPORT_THRESHOLD = 0.8

# One marker group: "[1]" or "[1, 2]".
_MARKER = re.compile(r"\[\s*(\d+(?:\s*,\s*\d+)*)\s*\]")
# A run of marker groups ("[1][2]", "[1] [3]") with the punctuation a writer may put after it ("... [1].").
_MARKER_RUN = re.compile(r"(?:\s*\[\s*\d+(?:\s*,\s*\d+)*\s*\])+[.!?:;,]*")

# --- Retrieval: where the evidence is ranked -------------------------------------------------------------


def evidence_rank(citations: Sequence[Mapping[str, Any]], evidence: Sequence[str]) -> int | None:
    """The 1-based rank of the first citation whose normalised `text` contains any normalised evidence
    snippet, or None when no citation does."""
    snippets = [normalise(s) for s in evidence if s.strip()]
    for rank, citation in enumerate(citations, start=1):
        passage = normalise(str(citation.get("text") or ""))
        if any(snippet in passage for snippet in snippets):
            return rank
    return None


def hit_at(rank: int | None, k: int) -> bool:
    """True when the evidence was found within the first `k` citations."""
    return rank is not None and rank <= k


def reciprocal_rank(rank: int | None) -> float:
    """1/rank, or 0.0 when the evidence was not found (the term MRR averages)."""
    return 1.0 / rank if rank is not None else 0.0


# --- Facts -------------------------------------------------------------------------------------------------


def fact_covered(answer_text: str, wordings: Sequence[str]) -> bool:
    """True when any wording of a fact occurs in the answer, both normalised."""
    text = normalise(answer_text)
    return any(normalise(w) in text for w in wordings if w.strip())


def fact_coverage(answer_text: str, facts: Sequence[Sequence[str]]) -> list[bool]:
    """Per fact (each a list of acceptable wordings), whether the answer covers it."""
    return [fact_covered(answer_text, wordings) for wordings in facts]


# --- Programmes --------------------------------------------------------------------------------------------


def programme_names(programmes: Sequence[Mapping[str, Any]]) -> list[str]:
    """The names of the returned programmes, best first."""
    return [str(p.get("name", "")) for p in programmes]


def programme_top1(returned: Sequence[str], gold: Sequence[str]) -> bool:
    """True when the first returned programme is the best gold programme."""
    return bool(returned) and bool(gold) and returned[0] == gold[0]


def programme_best_in_top3(returned: Sequence[str], gold: Sequence[str]) -> bool:
    """True when the best gold programme is among the first three returned."""
    return bool(gold) and gold[0] in returned[:3]


def programme_recall_at3(returned: Sequence[str], gold: Sequence[str]) -> float:
    """Share of the gold programmes found among the first three returned (so at most 3/len(gold))."""
    if not gold:
        return 0.0
    top = set(returned[:3])
    return sum(name in top for name in gold) / len(gold)


# --- Abstention --------------------------------------------------------------------------------------------


def abstention_correct(expected_answerable: bool, got_answerable: object) -> bool:
    """True when the system answered an answerable question or declined an unanswerable one."""
    return got_answerable is expected_answerable


# --- Citation support (ALCE) -------------------------------------------------------------------------------


def lexical_support(passage: str, sentence: str, threshold: float = LEXICAL_SUPPORT_THRESHOLD) -> bool:
    """True when at least `threshold` of the sentence's distinct content tokens (stemmed, stop words removed,
    diacritics folded: `folded_tokens`) occur among the passage's. A sentence without content tokens is not
    supported this way."""
    wanted = set(folded_tokens(sentence))
    if not wanted:
        return False
    present = wanted & set(folded_tokens(passage))
    return len(present) / len(wanted) >= threshold


def supports(passage: str, sentence: str) -> bool:
    """Whether `passage` supports `sentence`, without a language model.

    First containment: an extractive sentence (a quote, without its label) is supported when the normalised
    passage contains it verbatim. Otherwise the lexical test for generated text: at least
    LEXICAL_SUPPORT_THRESHOLD (0.8) of the sentence's content tokens occur in the passage. The lexical test
    cannot see negation or wrong numbers in a paraphrase; it is a recall-friendly stand-in for NLI.
    """
    needle = normalise(sentence)
    if not needle:
        return False
    if needle in normalise(passage):
        return True
    return lexical_support(passage, sentence)


@dataclass(frozen=True)
class CitedSentence:
    """An answer sentence (without its label) and the 1-based citation numbers it carries."""

    text: str
    citations: tuple[int, ...]


def parse_markers(text: str) -> list[int]:
    """Citation numbers in `text`, in order: "[1]", "[1][2]" and "[1, 2]" are all understood."""
    return [int(n) for group in _MARKER.findall(text) for n in group.split(",")]


def _split_answer_text(answer: str) -> list[CitedSentence]:
    """Sentences of a plain answer text. A marker run belongs to the sentence just before it; sentences of
    the same stretch before that one, and text after the last marker, carry no citation."""
    out: list[CitedSentence] = []

    def add(stretch: str, markers: tuple[int, ...]) -> None:
        pieces = [s.text for s in split_sentences(stretch) if s.text.strip()]
        if not pieces:
            return
        out.extend(CitedSentence(p, ()) for p in pieces[:-1])
        out.append(CitedSentence(pieces[-1], markers))

    pos = 0
    for run in _MARKER_RUN.finditer(answer):
        add(answer[pos : run.start()], tuple(parse_markers(run.group(0))))
        pos = run.end()
    add(answer[pos:], ())
    return out


def cited_sentences(answer: Mapping[str, Any]) -> list[CitedSentence]:
    """The answer's sentences with their citation numbers: from `sentences` when the answer has them (the
    label is left out: it names the section, it is not part of the quote), else parsed from `answer`."""
    sentences = answer.get("sentences")
    if sentences:
        out = []
        for s in sentences:
            cited = s.get("citation")
            numbers = tuple(cited) if isinstance(cited, (list, tuple)) else (() if cited is None else (cited,))
            out.append(CitedSentence(str(s.get("text", "")), tuple(int(n) for n in numbers)))
        return out
    if answer.get("answerable") is False:
        return []
    return _split_answer_text(str(answer.get("answer") or ""))


@dataclass(frozen=True)
class SentenceCitationScore:
    """ALCE scores of one sentence: recall (0 or 1) and one precision (0 or 1) per marker."""

    recall: int
    precision: tuple[int, ...]


def score_sentence(sentence: str, passages: Sequence[str | None]) -> SentenceCitationScore:
    """ALCE recall and per-citation precision of one sentence; `passages` are its cited passages in marker
    order, None for a marker that points at no citation."""
    if not passages or any(p is None for p in passages):
        return SentenceCitationScore(0, tuple(0 for _ in passages))
    texts = [p for p in passages if p is not None]
    if not supports("\n".join(texts), sentence):
        return SentenceCitationScore(0, tuple(0 for _ in texts))
    if len(texts) == 1:
        return SentenceCitationScore(1, (1,))
    precision = []
    for i, passage in enumerate(texts):
        others = texts[:i] + texts[i + 1 :]
        irrelevant = not supports(passage, sentence) and supports("\n".join(others), sentence)
        precision.append(0 if irrelevant else 1)
    return SentenceCitationScore(1, tuple(precision))


@dataclass(frozen=True)
class CitationScores:
    """ALCE scores of one answer; None when the answer has no sentences to score."""

    recall: float | None
    precision: float | None
    sentences: int
    markers: int


def citation_scores(answer: Mapping[str, Any]) -> CitationScores:
    """ALCE citation recall (mean over sentences) and precision (precise markers / all markers) of an answer."""
    sentences = cited_sentences(answer)
    if not sentences:
        return CitationScores(None, None, 0, 0)
    passages = [str(c.get("text") or "") for c in answer.get("citations") or []]

    def passage(n: int) -> str | None:
        return passages[n - 1] if 1 <= n <= len(passages) else None

    scores = [score_sentence(s.text, [passage(n) for n in s.citations]) for s in sentences]
    markers = sum(len(s.precision) for s in scores)
    recall = sum(s.recall for s in scores) / len(scores)
    precision = sum(sum(s.precision) for s in scores) / markers if markers else 0.0
    return CitationScores(recall, precision, len(scores), markers)


# --- Latency and aggregation -------------------------------------------------------------------------------


def latency_ms(answer: Mapping[str, Any], wall_ms: float) -> float:
    """The answer's own `timings_ms.total` when it reports one, else the measured wall time."""
    total = (answer.get("timings_ms") or {}).get("total")
    return float(total) if isinstance(total, (int, float)) and not isinstance(total, bool) else wall_ms


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0-100) with linear interpolation between ranks; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def mean(values: Sequence[float | bool]) -> float | None:
    """The mean, None for no values (a metric with no cases to measure it on)."""
    return sum(float(v) for v in values) / len(values) if values else None
