"""Evaluation metrics on hand-made answer dicts, with exact expected numbers."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.evaluation.metrics import (
    CitedSentence,
    abstention_correct,
    citation_scores,
    cited_sentences,
    evidence_rank,
    fact_coverage,
    fact_covered,
    hit_at,
    latency_ms,
    lexical_support,
    mean,
    parse_markers,
    percentile,
    programme_best_in_top3,
    programme_names,
    programme_recall_at3,
    programme_top1,
    reciprocal_rank,
    score_sentence,
    supports,
)

pytestmark = pytest.mark.unit

P_INTERREG = "Interreg dekker halvparten av kostnadene for kommunale prosjekter."
P_MEMBERS = "Våler og Moss er medlemmer av Grensekomiteen."
P_WORK = "Grensekomiteen arbeider med nedbygging av grensebarrierer."
P_OTHER = "Erasmus+ støtter mobilitet i hele utdanningsløpet."


def _citation(text: str, **extra: Any) -> dict[str, Any]:
    return {"text": text, "section": extra.get("section", "S"), "page": extra.get("page", 1)}


def _answer(sentences: list[tuple[str, int]], passages: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "answer": " ".join(f"{t} [{n}]" for t, n in sentences),
        "answerable": True,
        "sentences": [{"text": t, "citation": n, "label": None} for t, n in sentences],
        "citations": [_citation(p) for p in passages],
        **extra,
    }


# --- retrieval -----------------------------------------------------------------------------------------------


def test_evidence_rank_is_the_first_citation_containing_a_snippet_after_normalising():
    citations = [
        _citation(P_OTHER),
        _citation("Prosjektet er\nINTERREG-finansiert og initiert av NAV i tidligere Rygge kommune."),
        _citation("Kyststien er et Interreg-finansiert prosjekt initiert av NAV."),
    ]
    evidence = ["finnes ikke i kildene her", "Interreg-finansiert og initiert av NAV"]
    assert evidence_rank(citations, evidence) == 2


def test_evidence_rank_joins_a_word_hyphenated_across_a_line_break():
    citations = [_citation("støtte fra EU-\n\nprogrammet Interreg")]
    assert evidence_rank(citations, ["fra EU-programmet Interreg"]) == 1


def test_evidence_rank_is_none_when_no_citation_holds_the_evidence():
    assert evidence_rank([_citation(P_OTHER)], ["Interreg-finansiert prosjekt"]) is None
    assert evidence_rank([], ["Interreg-finansiert prosjekt"]) is None


def test_hits_and_mrr_over_ranks():
    ranks = [1, 2, None, 4]
    assert [hit_at(r, 1) for r in ranks] == [True, False, False, False]
    assert [hit_at(r, 3) for r in ranks] == [True, True, False, False]
    assert [hit_at(r, 5) for r in ranks] == [True, True, False, True]
    assert mean([reciprocal_rank(r) for r in ranks]) == pytest.approx((1 + 0.5 + 0 + 0.25) / 4)
    assert mean([]) is None


# --- facts ---------------------------------------------------------------------------------------------------


def test_fact_coverage_per_fact_with_alternative_wordings():
    answer = "Kyststien ble finansiert  av INTERREG og initiert av NAV [1]. Støtten var 50\nprosent [2]."
    facts = [["NAV"], ["Interreg"], ["50 %", "50 prosent"], ["Viken fylkeskommune"]]
    assert fact_coverage(answer, facts) == [True, True, True, False]
    assert fact_covered(answer, ["viken", "nav"]) is True
    assert fact_coverage(answer, []) == []


# --- programmes ----------------------------------------------------------------------------------------------


def test_programme_top1_top3_and_recall_at_3():
    returned = programme_names([{"name": n} for n in ("Interreg", "Erasmus+", "Norec", "EØS-midler")])
    gold = ["Erasmus+", "Norec", "Horisont Europa"]
    assert programme_top1(returned, gold) is False
    assert programme_best_in_top3(returned, gold) is True
    assert programme_recall_at3(returned, gold) == pytest.approx(2 / 3)
    assert programme_top1(["Erasmus+"], gold) is True
    assert programme_best_in_top3(["Norec", "Interreg", "Kreativt Europa", "Erasmus+"], gold) is False
    assert programme_recall_at3([], gold) == 0.0


# --- abstention ----------------------------------------------------------------------------------------------


def test_abstention_is_correct_when_answering_answerable_and_declining_unanswerable():
    assert abstention_correct(True, True) is True
    assert abstention_correct(False, False) is True
    assert abstention_correct(True, False) is False
    assert abstention_correct(False, True) is False
    assert abstention_correct(True, None) is False


# --- support -------------------------------------------------------------------------------------------------


def test_supports_a_quoted_span_by_containment():
    assert supports("Før. " + P_INTERREG + " Etter.", "interreg dekker  halvparten av kostnadene")


def test_supports_a_paraphrase_with_enough_content_tokens_in_the_passage():
    # 6 of the 7 content tokens (kommunal prosjekt far halvpart kostnad dekk interreg) are in the passage.
    assert lexical_support(P_INTERREG, "Kommunale prosjekter får halvparten av kostnadene dekket av Interreg")
    assert supports(P_INTERREG, "Kommunale prosjekter får halvparten av kostnadene dekket av Interreg")


def test_does_not_support_a_sentence_with_too_few_tokens_in_the_passage():
    # 4 of 6: skolene and Vestby are not in the passage.
    assert not supports(P_INTERREG, "Interreg dekker halvparten av kostnadene til skolene i Vestby")
    assert not supports(P_INTERREG, "")
    assert not supports(P_INTERREG, "og i av")  # no content tokens at all


# --- markers -------------------------------------------------------------------------------------------------


def test_parse_markers_understands_single_adjacent_and_comma_lists():
    assert parse_markers("A [1]. B [1][2]. C [3, 4]. D [ 5 ]") == [1, 1, 2, 3, 4, 5]
    assert parse_markers("Ingen markører her.") == []


def test_cited_sentences_come_from_sentences_without_labels():
    answer = {
        "answer": "Interreg: Dekker halvparten. [1]",
        "answerable": True,
        "sentences": [{"text": "Dekker halvparten.", "citation": 1, "label": "Interreg"}],
        "citations": [],
    }
    assert cited_sentences(answer) == [CitedSentence("Dekker halvparten.", (1,))]


def test_cited_sentences_are_parsed_from_the_answer_text_when_there_are_no_sentences():
    answer = {
        "answer": "Interreg dekker halvparten. [1] Grensekomiteen bygger ned grenser [1][2]. Erasmus+ gjelder skoler. "
        "Norec gjelder Afrika [2, 3] Til slutt uten kilde.",
        "answerable": True,
    }
    assert cited_sentences(answer) == [
        CitedSentence("Interreg dekker halvparten.", (1,)),
        CitedSentence("Grensekomiteen bygger ned grenser", (1, 2)),
        CitedSentence("Erasmus+ gjelder skoler.", ()),
        CitedSentence("Norec gjelder Afrika", (2, 3)),
        CitedSentence("Til slutt uten kilde.", ()),
    ]


def test_a_declined_answer_has_no_sentences_to_score():
    declined = {"answer": "Kildene svarer ikke på dette.", "answerable": False, "sentences": [], "citations": []}
    assert cited_sentences(declined) == []
    scores = citation_scores(declined)
    assert (scores.recall, scores.precision, scores.sentences, scores.markers) == (None, None, 0, 0)


# --- ALCE citation recall and precision ----------------------------------------------------------------------


def test_an_irrelevant_extra_citation_loses_precision_but_not_recall():
    score = score_sentence("Interreg dekker halvparten av kostnadene", [P_INTERREG, P_OTHER])
    assert score.recall == 1
    assert score.precision == (1, 0)


def test_citations_that_support_only_together_are_both_precise():
    sentence = "Våler og Moss er medlemmer av Grensekomiteen, som arbeider med nedbygging av grensebarrierer."
    assert not supports(P_MEMBERS, sentence) and not supports(P_WORK, sentence)
    score = score_sentence(sentence, [P_MEMBERS, P_WORK])
    assert (score.recall, score.precision) == (1, (1, 1))


def test_an_unsupported_or_dangling_citation_scores_zero():
    assert score_sentence("Norec gjelder Afrika", [P_INTERREG]) == score_sentence("x", [None])
    assert score_sentence("Norec gjelder Afrika", [P_INTERREG]).precision == (0,)
    assert score_sentence("Interreg dekker halvparten", []).recall == 0


def test_citation_recall_and_precision_of_an_answer():
    answer = _answer(
        [
            ("Interreg dekker halvparten av kostnadene", 1),  # supported by [1]
            ("Erasmus+ støtter mobilitet", 2),  # supported by [2]
            ("Norec gjelder Afrika", 1),  # not supported
        ],
        [P_INTERREG, P_OTHER],
    )
    # A fourth sentence citing [1][2] where only [1] supports it: recall 1, precisions 1 and 0.
    answer["sentences"].append({"text": "Interreg dekker halvparten", "citation": [1, 2], "label": None})
    scores = citation_scores(answer)
    assert scores.sentences == 4 and scores.markers == 5
    assert scores.recall == pytest.approx(3 / 4)
    assert scores.precision == pytest.approx(3 / 5)


def test_a_label_does_not_count_against_an_extractive_sentence():
    answer = {
        "answer": "Interreg: Interreg dekker halvparten av kostnadene [1]",
        "answerable": True,
        "sentences": [{"text": "Interreg dekker halvparten av kostnadene", "citation": 1, "label": "Interreg"}],
        "citations": [_citation(P_INTERREG)],
    }
    scores = citation_scores(answer)
    assert (scores.recall, scores.precision) == (1.0, 1.0)


def test_a_marker_beyond_the_citations_is_unsupported():
    scores = citation_scores(_answer([("Interreg dekker halvparten av kostnadene", 3)], [P_INTERREG]))
    assert (scores.recall, scores.precision) == (0.0, 0.0)


# --- latency -------------------------------------------------------------------------------------------------


def test_latency_prefers_the_answers_own_total():
    assert latency_ms({"timings_ms": {"total": 120.5, "embed": 30.0}}, 200.0) == 120.5
    assert latency_ms({"timings_ms": {}}, 200.0) == 200.0
    assert latency_ms({}, 200.0) == 200.0


def test_percentiles_interpolate_between_ranks():
    values = [40.0, 10.0, 30.0, 20.0]
    assert percentile(values, 50) == pytest.approx(25.0)
    assert percentile(values, 95) == pytest.approx(38.5)
    assert percentile([7.0], 95) == 7.0
    assert percentile([], 50) is None
