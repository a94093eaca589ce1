"""The extractive answer on the real report: every sentence is a quote of the passage it cites,
citations point at exact spans, page numbers are the report's printed ones."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from assistant.answer import (
    AnswerParams,
    asked_fields,
    Quote,
    candidate_quotes,
    compose,
    field_quotes,
    is_link_text,
    judged_quotes,
    list_span,
    question_parts,
    reading_order,
    select_quotes,
    sentence_before,
    typed_first,
)
from assistant.retrieve import hybrid_search

from test_service import ROOT, SOURCE_ID, shared_assistant

pytestmark = pytest.mark.integration

EVAL = ROOT / "eval" / "questions.jsonl"

# (question, history): one or more of each kind the assistant answers.
ANSWERABLE = [
    ("Hvem fra Råde satt i prosjektgruppa?", []),
    ("Hvor mye dekker Interreg av prosjektkostnadene?", []),
    ("Hvem kan gi veiledning om det?", ["Hva er Kreativt Europa?"]),
    ("Hvor mye dekker den?", ["Hva er Kreativt Europa?", "Hvem kan gi veiledning om det?"]),
    ("Hvor mye av prosjektkostnadene får man dekket gjennom Interreg?", []),
    ("Hvorfor får vi så lite ut av vennskapsbyene våre?", []),
    ("finansieringsgard for eos midlene?", []),
    ("hvem kan hjelpe oss med soknad til interreg", []),
    ("Hvem veileder på Horisont Europa, og hvor mye av prosjektet dekkes?", []),
    ("Hva er forskjellen på hvor mye Interreg og Horisont Europa dekker av kostnadene?", []),
    ("Kulturskolen vil samarbeide med en kulturskole i Spania. Hva kan vi søke på?", []),
    ("Hva er Norec?", []),
    ("Hvor mye dekker Kreativt Europa?", ["Hva er Interreg?"]),
    ("Hvor mange land kan motta EØS-midler?", []),
    ("Må kvar kommune tilsetje sin eigen EU-rådgjevar?", []),
]


@pytest.fixture(scope="module")
def assistant(tmp_path_factory):
    return shared_assistant(tmp_path_factory)


@pytest.fixture(scope="module")
def index(assistant):
    return assistant.index.get()


def norm(text: str) -> str:
    return " ".join(text.split())


def grounding_problems(answer: dict) -> list[str]:
    """Every way an answer's sentences and citations can fail to point at what they quote."""
    problems = []
    citations = answer["citations"]
    for n, c in enumerate(citations, start=1):
        if not 0 <= c["start"] < c["end"] <= len(c["text"]):
            problems.append(f"citation {n}: span {c['start']}:{c['end']} outside its passage")
        if c["text"][c["start"] : c["end"]] != c["quote"]:
            problems.append(f"citation {n}: quote is not text[start:end]")
    for s in answer["sentences"]:
        if not 1 <= s["citation"] <= len(citations):
            problems.append(f"sentence cites [{s['citation']}] of {len(citations)}")
            continue
        cited = citations[s["citation"] - 1]
        if not cited["used"]:
            problems.append(f"sentence cites [{s['citation']}], which is marked unused")
        if norm(s["text"]) not in norm(cited["quote"]):
            problems.append(f"{s['text']!r} is not in the quote of [{s['citation']}]")
        if norm(s["text"]) not in norm(cited["text"]):
            problems.append(f"{s['text']!r} is not in the passage of [{s['citation']}]")
    markers = [int(m) for m in re.findall(r"\[(\d+)\]", answer["answer"])]
    if markers != [s["citation"] for s in answer["sentences"]]:
        problems.append(f"markers {markers} differ from the sentences' citations")
    if any(not 1 <= m <= len(citations) for m in markers):
        problems.append(f"a marker of {markers} points past the {len(citations)} citations")
    used = [c["used"] for c in citations]
    if used != sorted(used, reverse=True):
        problems.append(f"quoted citations are not listed first: {used}")
    if {s["citation"] for s in answer["sentences"]} != {n for n, c in enumerate(citations, start=1) if c["used"]}:
        problems.append("a citation marked used is quoted by no sentence")
    return problems


@pytest.mark.parametrize("question, history", ANSWERABLE, ids=[q for q, _ in ANSWERABLE])
def test_each_answer_sentence_occurs_in_the_passage_it_cites(assistant, question, history):
    answer = assistant.ask(question, history=history).to_dict()
    assert answer["answerable"] is True
    assert answer["sentences"]
    assert grounding_problems(answer) == []


def test_every_answer_to_the_evaluation_questions_is_grounded(assistant):
    """The same checks over every question of eval/questions.jsonl (about 100, a few seconds)."""
    problems = {}
    for line in EVAL.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        case = json.loads(line)
        turns = case["turns"]
        answer = assistant.ask(turns[-1], history=turns[:-1]).to_dict()
        if answer["answerable"]:
            found = grounding_problems(answer)
        else:
            found = [] if answer["citations"] == [] and answer["sentences"] == [] and answer["related"] else ["bad abstention shape"]
        if found:
            problems[case["id"]] = found
    assert problems == {}


def test_the_answer_text_is_the_sentences_with_their_markers(assistant):
    answer = assistant.ask("Hva er Norec?")
    assert answer.text == " ".join(f"{s.text} [{s.citation}]" for s in answer.sentences)
    assert answer.text.startswith("Norec (Norsk senter for utviklingssamarbeid) er det nye navnet på tidligere Fredskorpset. [1]")


def test_quotes_from_one_passage_share_one_citation_whose_span_covers_them_all(assistant):
    answer = assistant.ask("Hva er Norec?")
    # Three sentences of the first Norec passage, then two of the next (same page and section): the
    # first passage ends inside the fourth sentence, which the next passage holds whole.
    assert [s.citation for s in answer.sentences] == [1, 1, 1, 2, 2]
    first = answer.citations[0]
    assert (first.page, first.section) == (8, "ULIKE ORDNINGER OG PROGRAMMER > Nordiske programmer > Norec")
    for sentence in answer.sentences[:3]:
        assert sentence.text in norm(first.quote)
    for sentence in answer.sentences[3:]:
        assert sentence.text in norm(answer.citations[1].quote)
    assert "Afrika, Asia og Latin-Amerika" in answer.sentences[3].text
    assert len(answer.citations) == AnswerParams().max_citations
    assert [c.used for c in answer.citations] == [True, True, False, False, False]


def test_a_list_is_quoted_whole_with_its_lead_in(assistant):
    answer = assistant.ask("Hvem fra Råde satt i prosjektgruppa?")
    assert answer.sentences[0].text == (
        "Kommunene Moss, Råde, Vestby og Våler har alle vært representert i en prosjektgruppe: "
        "- Terje Pettersen, Moss - Kine Marie Bangsund, Råde - Oddveig Hallingstad Trovik, Vestby - Anne Grete Øyehaug, Våler"
    )


def test_candidate_quotes_are_scored_best_first_unique_and_never_pointers_or_bare_headings(assistant, index):
    question = "Hva er Interreg?"
    vector = assistant.embedder.embed_queries([question])[0]
    hits = hybrid_search(index, vector, question)
    quotes = candidate_quotes(index, hits, vector, question, AnswerParams())
    assert quotes
    assert [q.score for q in quotes] == sorted((q.score for q in quotes), reverse=True)
    assert len({q.text for q in quotes}) == len(quotes)
    for q in quotes:
        chunk = index.chunks[q.chunk_row]
        assert q.text == norm(chunk.text[q.start : q.end])
        assert not q.text.endswith(":")
        assert not re.match(r"(?i)(les mer|le mer|for ytterligere informasjon|full oversikt|https?://)", q.text)
        assert q.text != chunk.section[-1]
    # The sentence after it opens with "Programmet" and so continues it: one quote.
    assert quotes[0].text.startswith(
        "Interreg er EUs program for å fremme sosial og økonomisk integrasjon over landegrensene gjennom regionalt samarbeid. "
        "Programmet et delt i fire hovedprogrammer;"
    )


def test_select_quotes_keeps_pinned_quotes_first_and_the_rest_within_the_margin(assistant, index):
    question = "Hvor mye dekker Interreg?"
    vector = assistant.embedder.embed_queries([question])[0]
    hits = hybrid_search(index, vector, question)
    params = AnswerParams()
    quotes = candidate_quotes(index, hits, vector, question, params)
    records, _ = assistant.programme_context(index)
    pinned = field_quotes(index, [r for r in records if r.name == "Interreg"], question)
    assert [q.text for q in pinned] == ["Finansieringsgrad: 50 % dekning av prosjektkostnader, delvis dekning av ressursbruk i forbindelse med søknadsarbeid."]
    chosen = select_quotes(quotes, params, pinned, fill=2)
    assert chosen[0] is pinned[0]
    assert 1 < len(chosen) <= 3
    assert all(q.score >= quotes[0].score - params.margin for q in chosen[1:])
    unpinned = select_quotes(quotes, params)
    assert len(unpinned) <= params.max_sentences


def test_field_quotes_need_a_cue_for_the_field(assistant, index):
    records, _ = assistant.programme_context(index)
    interreg = [r for r in records if r.name == "Interreg"]
    assert field_quotes(index, interreg, "Hva er Interreg?") == []
    guidance = field_quotes(index, interreg, "Hvem kan gi veiledning om Interreg?")
    assert [q.text for q in guidance] == ["Veiledende instans: Viken fylkeskommune"]
    # A field the turn itself asks for wins over one only the carried earlier turn asks for.
    carried = field_quotes(index, interreg, "Hvor mye dekkes? Hvem kan gi veiledning?", own="Hvor mye dekkes?")
    assert [q.text for q in carried] == ["Finansieringsgrad: 50 % dekning av prosjektkostnader, delvis dekning av ressursbruk i forbindelse med søknadsarbeid."]
    assert len(field_quotes(index, interreg, "Hvor mye dekkes? Hvem kan gi veiledning?")) == 2


def test_compose_numbers_citations_by_first_use(assistant, index):
    question = "Hvem veileder på Horisont Europa, og hvor mye av prosjektet dekkes?"
    vector = assistant.embedder.embed_queries([question])[0]
    hits = hybrid_search(index, vector, question)
    params = AnswerParams()
    quotes = candidate_quotes(index, hits, vector, question, params)
    chosen = select_quotes(quotes, params)
    sentences, citations = compose(index, hits, chosen, quotes, params)
    # The same quotes, each passage's together and in its own order.
    assert [s.text for s in sentences] == [q.text for q in reading_order(chosen)]
    assert sorted(s.text for s in sentences) == sorted(q.text for q in chosen)
    first_use = list(dict.fromkeys(q.chunk_row for q in chosen))
    assert [c.id for c in citations[: len(first_use)]] == [index.chunks[row].id for row in first_use]
    assert [c.used for c in citations] == [True] * len(first_use) + [False] * (len(citations) - len(first_use))
    assert len(citations) <= params.max_citations
    assert len({c.id for c in citations}) == len(citations)


def test_list_span_is_none_outside_a_list(index):
    table = index.sentences
    norec = next(k for k in range(len(table.chunk)) if index.chunks[int(table.chunk[k])].text[int(table.start[k]) :].startswith("Norec (Norsk senter"))
    assert list_span(index, norec, AnswerParams().max_list_chars) is None


def test_a_sentence_that_asks_what_a_list_answers_is_quoted_with_the_list(index):
    # "I spørreundersøkelsen ble det spurt om hvilken nytte ..." | "Hovedinntrykket er ..." |
    # "Forhold som ble nevnt er:" | "- Mer kunnskap om bærekraftig utvikling" | ...
    table = index.sentences
    asked = next(k for k in range(len(table.chunk)) if index.chunks[int(table.chunk[k])].text[int(table.start[k]) :].startswith("I spørreundersøkelsen ble det spurt om hvilken nytte"))
    start, end = list_span(index, asked, AnswerParams().max_list_chars)
    quoted = " ".join(index.chunks[int(table.chunk[asked])].text[start:end].split())
    assert quoted.startswith("I spørreundersøkelsen ble det spurt om hvilken nytte")
    assert "Forhold som ble nevnt er: - Mer kunnskap om bærekraftig utvikling - Trening i digitalt samarbeid" in quoted
    assert quoted.endswith("- Knyttet næringsvirksomhet opp mot fritid, folkehelse og turisme")
    # Too long for the limit: no list span at all.
    assert list_span(index, asked, 100) is None


# Page numbers and offsets: born at ingest, the report's printed numbers


def test_pages_are_numbered_as_printed_in_the_report(index):
    assert sorted(page for source, page in index.pages if source == SOURCE_ID) == list(range(3, 19))
    sections = {}
    for chunk in index.chunks:
        sections.setdefault(chunk.section_path, set()).add(chunk.page)
    assert sections["FORORD"] == {3}
    assert sections["INNLEDNING"] == {4}
    assert sections["ULIKE ORDNINGER OG PROGRAMMER > Nordiske programmer > Norec"] == {8}
    assert sections["ULIKE ORDNINGER OG PROGRAMMER > EU-baserte programmer > Interreg"] == {10, 11}
    assert sections["ULIKE ORDNINGER OG PROGRAMMER > EU-baserte programmer > Kreativt Europa"] == {11}
    assert sections["VEDLEGG (EGNE DOKUMENTER)"] == {18}
    # The page that opens with its printed number "16 " is page 16.
    assert index.pages[(SOURCE_ID, 16)].text.startswith("• Kulturutveksling og kulturforståelse")
    [chunk] = [c for c in index.chunks if c.text.startswith("• Kulturutveksling og kulturforståelse")]
    assert chunk.page == 16


def test_every_chunk_is_its_page_text_between_its_offsets(index):
    for chunk in index.chunks:
        assert index.pages[(chunk.source_id, chunk.page)].text[chunk.start : chunk.end] == chunk.text


def test_a_citation_of_the_foreword_quotes_the_printed_page_3(assistant):
    [citation, *_] = assistant.ask("Hvem var prosjektansvarlig for forstudien?").citations
    assert (citation.page, citation.section) == (3, "FORORD")
    assert "Prosjektansvarlig er MNU v/ adm.dir. Yngve Trandem." in citation.quote


# Bug demonstration


def test_an_answer_does_not_quote_the_same_sentence_twice(assistant):
    answer = assistant.ask("Hvem var prosjektleder?")
    texts = [s.text for s in answer.sentences]
  
    # "Finess-Smart-Rådgivning AS v/siv.ing. Ole Petter Finess har vært prosjektleder for arbeidet. [2]"
    assert not [(a, b) for a in texts for b in texts if a != b and a in b]


def _quote(chunk_row: int, start: int, score: float, label: str | None = None) -> Quote:
    return Quote(start, chunk_row, start, start + 10, f"q{chunk_row}-{start}", score, 0.0, score, 1, label)


@pytest.mark.unit
def test_quotes_of_one_passage_are_read_together_and_in_the_passages_order():
    lead, other, later_in_other, earlier_in_lead = _quote(7, 300, 0.9), _quote(2, 50, 0.88), _quote(2, 400, 0.87), _quote(2, 10, 0.86)
    assert reading_order([lead, later_in_other, other, earlier_in_lead]) == [lead, earlier_in_lead, other, later_in_other]
    # The lead stays first even when its passage has an earlier quote.
    before_lead = _quote(7, 100, 0.85)
    assert reading_order([lead, other, before_lead]) == [lead, before_lead, other]


@pytest.mark.unit
def test_a_programme_answer_keeps_its_order():
    labelled = [_quote(7, 300, 1.0, "Interreg"), _quote(7, 100, 1.0, "Interreg")]
    assert reading_order(labelled) == labelled


@pytest.mark.unit
@pytest.mark.parametrize(
    "text, expected",
    [
        ("programme/id2628521/ https://www.digdir.no/digitalisering-og-samordning/digital-europe", True),
        ("Se https://osloregion.org/no/", True),
        ("Moss 07.09.21", False),
        ("Foruten Viken vil Oslo-regionens Europakontor være tilgjengelig, se https://osloregion.org/no/.", False),
        ("Kultur/idrett/fritid er mest relevant for Nordisk ministerråd.", False),
    ],
)
def test_a_sentence_that_is_mostly_a_link_is_no_answer(text, expected):
    assert is_link_text(text) is expected


@pytest.mark.unit
def test_a_quote_sharing_a_sentence_with_a_chosen_one_is_not_chosen_again():
    joined = Quote(1, 4, 100, 260, "A. Da B.", 0.9, 0.0, 0.9, 1)  # a sentence with its continuation
    overlapping = Quote(2, 4, 180, 400, "Da B. Det C.", 0.89, 0.0, 0.89, 1)
    elsewhere = Quote(9, 5, 180, 400, "D.", 0.88, 0.0, 0.88, 2)
    assert select_quotes([joined, overlapping, elsewhere], AnswerParams()) == [joined, elsewhere]


@pytest.mark.parametrize(
    "question, parts",
    [
        (
            "Hvem i KS siteres i rapporten, og hva mener KS at kommunesektoren får ut av EU-prosjekter?",
            ["Hvem i KS siteres i rapporten", "hva mener KS at kommunesektoren får ut av EU-prosjekter"],
        ),
        ("Hva er målgruppen for Norec? Hvem gir veiledning om Norec?", ["Hva er målgruppen for Norec", "Hvem gir veiledning om Norec"]),
        # A part led by its own question word may ask with one topic word ("Hva er Norec") ...
        ("Hva er Norec? Hvem gir veiledning om Norec?", ["Hva er Norec", "Hvem gir veiledning om Norec"]),
        # ... one without is no part of its own.
        ("Hva er målgruppen for Norec? Og Interreg?", []),
        ("Hvor mye dekker Interreg?", []),
        # "og" inside one question joins words, not questions.
        ("Hvilke skoler i Moss og Råde har erfaring med Erasmus+?", []),
    ],
)
def test_a_question_in_parts_is_split_where_a_new_question_word_begins(question, parts):
    assert question_parts(question) == parts


def test_a_question_in_two_parts_may_take_one_sentence_more(assistant):
    # Both parts: which are less relevant (B and C), and how many there are ("fire hovedprogrammer").
    parts = assistant.ask("Hvor mange deler har Interreg, og hvilke av dem er mindre aktuelle for oss?")
    assert len(parts.sentences) == AnswerParams().max_sentences_parts == AnswerParams().max_sentences + 1
    assert parts.sentences[0].text == "Hovedprogrammene B og C er mindre aktuelle for Mosseregionen."
    assert any("Programmet et delt i fire hovedprogrammer" in s.text for s in parts.sentences)
    two = assistant.ask("Hvem i KS siteres i rapporten, og hva mener KS at kommunesektoren selv får ut av å delta i EU-prosjekter?")
    # Both parts are answered: who is quoted, and what the sector itself gets out of it.
    assert any(s.text.startswith("I tillegg drar kommunesektoren selv nytte av slik deltakelse") for s in two.sentences)
    assert any(s.text.startswith("Styreleder Bjørn Arild Gran uttaler") for s in two.sentences)


@pytest.mark.unit
def test_the_abstention_checks_read_at_most_four_free_quotes_however_many_are_quoted():
    params = AnswerParams()
    free = [_quote(i, 0, 0.9 - i * 0.001) for i in range(params.max_sentences)]
    pinned = [_quote(9, 0, 1.0, "Interreg")]
    judged = judged_quotes(pinned + free, pinned, params)
    assert judged == pinned + free[: params.judge_sentences]
    # A quote further than the judge margin below the best is quoted, not judged.
    far = _quote(8, 0, 0.9 - params.judge_margin - 0.01)
    assert judged_quotes(free[:2] + [far], [], params) == free[:2]


@pytest.mark.unit
def test_a_sentence_holding_the_kind_of_thing_asked_for_moves_up_within_the_weight():
    params = AnswerParams()
    plain = Quote(1, 1, 0, 10, "Forstudien ble avsluttet.", 0.90, 0.0, 0.90, 1)
    dated = Quote(2, 1, 10, 20, "Moss 07.09.21", 0.90 - params.answer_type_weight / 2, 0.0, 0.90 - params.answer_type_weight / 2, 1)
    assert [q.row for q in typed_first([plain, dated], "Når ble forstudien ferdig?", params)] == [2, 1]
    # Out of reach of the weight, and for a question that asks for no kind of thing, the order stays.
    distant = Quote(3, 1, 20, 30, "Regionrådet tok initiativet 9.02.21.", 0.80, 0.0, 0.80, 1)
    assert [q.row for q in typed_first([plain, distant], "Når ble forstudien ferdig?", params)] == [1, 3]
    assert typed_first([plain, dated], "Hva handler forstudien om?", params) == [plain, dated]


@pytest.mark.unit
@pytest.mark.parametrize("question", ["Når ble forstudien ferdig?", "Hvilken dato er forordet datert?", "nar ble rapporten skrevet?"])
def test_a_question_about_when_the_document_was_written_is_answered_by_its_dateline(question):
    params = AnswerParams()
    plain = Quote(1, 1, 0, 10, "Forstudien skal utforske mulighetsrommet.", 0.93, 0.0, 0.93, 1)
    initiated = Quote(2, 1, 10, 20, "Regionrådet har i møte 9.02.21 initiert en forstudie.", 0.91, 0.0, 0.91, 1)
    dateline = Quote(3, 1, 20, 30, "Moss 07.09.21", 0.85, 0.0, 0.85, 1)
    assert typed_first([plain, initiated, dateline], question, params)[0].row == 3


@pytest.mark.unit
@pytest.mark.parametrize("question", ["Når ble forstudien initiert?", "Når blir Vikens strategi vedtatt?"])
def test_a_dateline_is_no_better_answer_than_any_date_to_other_time_questions(question):
    params = AnswerParams()
    initiated = Quote(2, 1, 10, 20, "Regionrådet har i møte 9.02.21 initiert en forstudie.", 0.91, 0.0, 0.91, 1)
    dateline = Quote(3, 1, 20, 30, "Moss 07.09.21", 0.85, 0.0, 0.85, 1)
    assert [q.row for q in typed_first([initiated, dateline], question, params)] == [2, 3]


def test_the_sentence_before_a_quote_may_end_the_passage_before(assistant, index):
    # "Gjennom dette EU-prosjektet ..." opens a passage; MNU is named at the end of the one before.
    query = "MNU EU-prosjekt innovasjonsprosjekter"
    vector = assistant.embedder.embed_queries([query])[0]
    quotes = candidate_quotes(index, hybrid_search(index, vector, query), vector, query, AnswerParams())
    opening = next(q for q in quotes if q.text.startswith("Gjennom dette EU-prosjektet"))
    assert sentence_before(index, opening).startswith("MNU har som eneste nordiske aktør")


def test_a_sentence_right_after_a_better_match_moves_up(assistant, index):
    # "Det er ikke realistisk at hver enkelt kommune bygger opp egen spesialkompetanse ..." ends
    # page 16; the answer opens page 17: "En løsning vil kunne være at det avsettes ressurser til
    # dette arbeidet i regionrådssekretariatet." On its own it matches the question less well.
    question = "Kommunene kan ikke bygge opp egen spesialkompetanse hver for seg. Hvor kan arbeidet legges?"
    vector = assistant.embedder.embed_queries([question])[0]
    hits = hybrid_search(index, vector, question)

    def place(weight):
        quotes = candidate_quotes(index, hits, vector, question, replace(AnswerParams(), follow_weight=weight))
        return next((i, q) for i, q in enumerate(quotes) if "regionrådssekretariatet" in q.text)

    (alone, plain), (after, lifted) = place(0.0), place(AnswerParams().follow_weight)
    assert after < alone and after <= 2
    assert lifted.cosine == plain.cosine and lifted.score > plain.score


def test_a_sentence_opening_with_the_programme_it_refers_back_to_is_quoted_with_the_one_before(assistant):
    # "Av disse er Urbact trolig det mest interessante ... Programmet skal bidra til å sette byer,
    # byregioner og kommuner i stand til å løse ulike urbane samfunnsutfordringer ..."
    answer = assistant.ask("Hva er Urbact?")
    joined = next(s.text for s in answer.sentences if s.text.startswith("Av disse er Urbact trolig det mest interessante"))
    assert " Programmet skal bidra til å sette byer" in joined
    assert "urbane samfunnsutfordringer" in joined


def test_a_quote_sharing_a_sentence_with_a_chosen_one_widens_it(assistant, index):
    # "Alle fire kommunene har ... lagt FNs bærekraftmål til grunn ... Men ingen av kommunene ..."
    # shares its second sentence with the best quote ("Men ingen av kommunene ... Det antas ...").
    question = "Har kommunene våre skrevet noe om utenlandssamarbeid i de store styringsdokumentene sine?"
    vector = assistant.embedder.embed_queries([question])[0]
    quotes = candidate_quotes(index, hybrid_search(index, vector, question), vector, question, AnswerParams())
    best = quotes[0]
    assert best.text.startswith("Men ingen av kommunene har i sine plan- og strategidokumenter")
    widened = select_quotes(quotes, AnswerParams(), index=index)[0]
    assert widened.text.startswith("Alle fire kommunene har på ansvarlig vis lagt FNs bærekraftmål til grunn")
    assert widened.text.endswith(best.text) and widened.chunk_row == best.chunk_row
    assert widened.text == " ".join(index.chunks[widened.chunk_row].text[widened.start : widened.end].split())
    assert widened.end - widened.start <= AnswerParams().max_merged_chars
    # Without the index (no passage text to widen from) the overlapping quote is left out.
    assert select_quotes(quotes, AnswerParams())[0] is best


def test_topics_covered_are_no_costs_covered():
    assert "funding" not in asked_fields("Hvilke tematiske områder dekker EØS-midlene?")
    assert "funding" in asked_fields("Hvor mye dekker EØS-midlene?")


def test_a_part_led_by_its_own_question_word_may_ask_with_one_word():
    assert question_parts("Hvem representerte Råde og Våler i prosjektgruppa, og hvem var prosjektleder?") == [
        "Hvem representerte Råde og Våler i prosjektgruppa",
        "hvem var prosjektleder",
    ]
    assert question_parts("Hva er Interreg og hvor") == []
