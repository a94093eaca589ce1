"""Composition of the stages for the CLI, the chat and outside scripts. No stage is implemented here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.settings import Settings, project_root


# Not loaded yet (None means "no adapter").
_UNSET = object()


def _learned(module, choice: str, model: str):
    """A learned artifact (`embed.adapter`, `embed.answerability`) by the setting `choice`: None for
    "off"; for "bundled", the one shipped with the code when it was trained for `model` (another
    model goes without); else the folder named, which must belong to `model` (`ModelError`)."""
    if choice == "off":
        return None
    if choice == "bundled":
        bundled = module.bundled_model()
        return module.load(module.BUNDLED_DIR, bundled) if bundled == model else None
    return module.load(Path(choice).expanduser(), model)


def structure_rules_file(settings: Settings):
    path = project_root() / "ingest" / "structure.toml"
    return path if path.is_file() else None


def matching_rules_file(settings: Settings):
    return settings.corpus_dir / "matching_rules.toml"


def run_refresh(settings: Settings, fetch: bool = False, progress: Callable[[str], None] | None = None):
    """Fetch (optionally), then refresh the index of `settings.corpus_dir` into `settings.index_dir`.

    The build also gets the programme records, drawn from the sources with the matching rules.
    """
    import hashlib
    import sys

    from assistant.embed import load_embedder
    from assistant.ingest.fetch import fetch_pages
    from assistant.ingest.refresh import refresh
    from assistant.programmes.records import post_build
    from assistant.programmes.rules import load_matching_rules

    rules_path = matching_rules_file(settings)
    rules = load_matching_rules(rules_path)
    fetched = fetch_pages(settings.corpus_dir) if fetch else []
    report = refresh(
        settings.corpus_dir,
        settings.index_dir,
        lambda: load_embedder(settings),
        settings.embed_model,
        rules_file=structure_rules_file(settings),
        max_bytes=int(settings.max_file_mb * 1024 * 1024),
        batch_size=settings.embed_batch_size,
        progress=progress or (lambda msg: None),
        show_progress_bar=progress is not None and sys.stderr.isatty(),
        post_build=post_build(rules),
        extra_key=hashlib.sha256(rules_path.read_bytes()).hexdigest()[:16],
    )
    report.fetched = [r.url for r in fetched if r.ok]
    report.fetch_failed = [r.message for r in fetched if not r.ok]
    return report


class Assistant:
    """Questions in, cited answers out. Composes the stages; implements none of them.

    >>> a = Assistant.load()
    >>> a.ask("Hvor mye dekker Interreg?", history=["Hva er Interreg?"]).to_dict()["answer"]
    """

    def __init__(self, settings: Settings) -> None:
        from assistant.embed import load_embedder
        from assistant.index.store import IndexHandle

        self.settings = settings
        self.index = IndexHandle(settings.index_dir, expected_model=settings.embed_model)
        self._embedder_factory = lambda: load_embedder(settings)
        self._embedder = None
        self._vocabulary = None
        self._vocabulary_build = None
        self._programmes = None
        self._programmes_build = None
        self._place_stems: set[str] | None = None
        self._forms: dict[str, str] | None = None
        self._forms_build = None
        self._words = None
        self._words_build = None
        self._place_rules = None
        self._adapter = _UNSET
        self._prior = _UNSET

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Assistant":
        """An assistant over the configured index. Cheap: the model and index load on first use."""
        from assistant.settings import load_settings

        return cls(settings or load_settings())

    @property
    def embedder(self):
        if self._embedder is None:
            import torch

            # One thread per question: on 2 cores a second busy process stalls a 2-thread encode
            # (18 ms -> 970 ms measured by `assistant bench`), while one thread costs ~1 ms idle.
            torch.set_num_threads(self.settings.query_threads)
            self._embedder = self._embedder_factory()
        return self._embedder

    @property
    def adapter(self):
        """The query adapter (`embed.adapter`) of the settings, or None when it is off or, for
        "bundled", when another model is configured. Loaded once; a folder given that does not
        belong to the model is a `ModelError`."""
        if self._adapter is _UNSET:
            from assistant.embed import adapter

            self._adapter = _learned(adapter, self.settings.query_adapter, self.settings.embed_model)
        return self._adapter

    @property
    def prior(self):
        """The answerability prior (`embed.answerability`) of the settings, or None, as for the
        adapter."""
        if self._prior is _UNSET:
            from assistant.embed import answerability

            self._prior = _learned(answerability, self.settings.answerability, self.settings.embed_model)
        return self._prior

    def warm_up(self) -> None:
        """Load the model, the index and what is derived from them (subjects, word forms, the
        word list for typos) now rather than on the first question."""
        self.index.get()
        self.ask("Hva dekker Intereg av prosjektkostnadene, og hvem veileder?")  # the typo loads the word list

    def vocabulary(self, index):
        from assistant.subjects import build_vocabulary

        if self._vocabulary is None or self._vocabulary_build != index.build_id:
            self._vocabulary = build_vocabulary(index, self.settings, self.programme_context(index)[1])
            self._vocabulary_build = index.build_id
        return self._vocabulary

    def surface_forms(self, index) -> dict[str, str]:
        """Folded word -> the sources' spelling with æ ø å (`language.diacritics`), once per build."""
        from assistant.language.diacritics import surface_forms

        if self._forms is None or self._forms_build != index.build_id:
            self._forms = surface_forms(chunk.text for chunk in index.chunks)
            self._forms_build = index.build_id
        return self._forms

    def word_counts(self, index):
        """How often the sources use each word (`language.spelling`), once per build."""
        from assistant.language.spelling import word_counts

        if self._words is None or self._words_build != index.build_id:
            self._words = word_counts(chunk.text for chunk in index.chunks)
            self._words_build = index.build_id
        return self._words

    def place_stems(self, rules) -> set[str]:
        """Folded stems of the place names the matching rules know (countries, border regions)."""
        from assistant.index import tokenize

        if self._place_stems is None or self._place_rules is not rules:
            self._place_stems = {t for name in rules.place_names() for t in tokenize.folded_tokens(name)}
            self._place_rules = rules
        return self._place_stems

    def programme_context(self, index):
        """(records, rules) for the serving build, loaded once per build."""
        from assistant.programmes.records import records_from_index
        from assistant.programmes.rules import load_matching_rules

        if self._programmes is None or self._programmes_build != index.build_id:
            self._programmes = (records_from_index(index), load_matching_rules(matching_rules_file(self.settings)))
            self._programmes_build = index.build_id
        return self._programmes

    def read(self, question: str, history: list[str] | None = None):
        """(the question as read, the conversation resolved: `followup.Resolved`), the way `ask`
        reads them before retrieval. `question` is assumed clean (`validate.clean_question`)."""
        from assistant.followup import resolve
        from assistant.language.diacritics import restore
        from assistant.language.nynorsk import to_bokmal
        from assistant.language.spelling import correct

        index = self.index.get()
        # The sources are in bokmål: a nynorsk question is read with its words in bokmål form.
        # A word typed without æ ø å ("soknad", "eos") is read as the sources write it.
        forms = self.surface_forms(index)
        # A typo ("Euorpa") is read as the sources' word one letter away.
        counts = self.word_counts(index)

        def reading(text: str) -> str:
            return correct(restore(to_bokmal(text), forms), counts, index.vocabulary)

        read = reading(question)
        return read, resolve(read, [reading(h) for h in history or [] if isinstance(h, str) and h.strip()], self.vocabulary(index))

    def ask(self, question: str, history: list[str] | None = None):
        """Answer `question`; `history` is the earlier user messages of the conversation, oldest first."""
        import time
        from dataclasses import replace

        from assistant.abstain import Verdict, assess, counted_outright, focus_word
        from assistant.answer import (
            AnswerParams,
            asks_document_date,
            candidate_quotes,
            choose_quotes,
            compose,
            cover_parts,
            dateline_quotes,
            field_quotes,
            implied_programmes,
            judged_quotes,
            programme_labels,
            programme_quotes,
            question_parts,
            related,
            sentence_before,
            typed_first,
            without_unasked_fields,
        )
        from assistant.programmes.match import is_programme_question, match
        from assistant.language.english import ENGLISH_NOTICE, looks_english
        from assistant.language.synonyms import expand as expand_synonyms
        from assistant.records import Answer
        from assistant.retrieve import hybrid_search
        from assistant.validate import clean_question

        timings: dict[str, float] = {}
        t0 = time.perf_counter()
        question = clean_question(question)
        history = [h for h in (history or []) if isinstance(h, str) and h.strip()]
        index = self.index.get()
        read, resolved = self.read(question, history)
        t1 = time.perf_counter()
        timings["resolve"] = (t1 - t0) * 1000
        query_vector = self.embedder.embed_queries([resolved.query])[0]
        # Passages are ranked with the query adapter's vector; sentences are chosen and the
        # answerability judged with the model's own, whose cosines the thresholds are set on.
        search_vector = self.adapter.apply(query_vector) if self.adapter else query_vector
        t2 = time.perf_counter()
        timings["embed"] = (t2 - t1) * 1000
        records, rules = self.programme_context(index)
        headings = {r.name: r.heading for r in records}
        about = resolved.subjects.get("programme", []) + resolved.soft.get("programme", [])
        hard, soft = resolved.programme_sections()
        # The words retrieval and sentence choice match, with the sources' words for staff's own
        # ("rådmann": "kommunedirektør").
        words = expand_synonyms(resolved.query)
        hits = hybrid_search(
            index,
            search_vector,
            words,
            subject_sections=tuple(headings.get(n, n) for n in hard),
            soft_sections=tuple(headings.get(n, n) for n in soft),
        )
        t3 = time.perf_counter()
        timings["retrieve"] = (t3 - t2) * 1000
        params = AnswerParams()
        parts = question_parts(read)
        if parts:
            # "Hvem i KS siteres, og hva mener KS ...?": room for the second part's answer.
            params = replace(params, max_sentences=params.max_sentences_parts)
        quotes = candidate_quotes(index, hits, query_vector, words, params)
        if resolved.is_followup:
            quotes = without_unasked_fields(index, records, quotes, read)
        matches = []
        if records and is_programme_question(resolved.query, rules):
            matches = [m for m in match(resolved.query, records, rules) if m.score > 0][: params.max_programmes]
        if matches:
            pinned = programme_quotes(index, matches, records, quotes)
            chosen = pinned
            verdict = Verdict(True, "")
        else:
            named = [r for r in records if r.name in about]
            implied = not named
            if implied and focus_word(read) is None:
                # "... får vi da betalt for timene?" about a programme described, not named; a
                # which/how-many question ("Hvor mange prosjekter får finansiering?") asks for a thing.
                named = implied_programmes(hits, records)
            pinned = field_quotes(index, named[: params.max_programmes], resolved.query, read)
            if asks_document_date(read, parts):
                # "Når er forstudien datert?": the source's dateline answers, wherever it stands.
                pinned += dateline_quotes(index, hits)
            chosen = choose_quotes(index, quotes, params, pinned)
        if not matches:
            # A field of a programme the question names answers it outright; one the retrieval only
            # implies is no stronger than the retrieved evidence ("Hvordan bytter jeg dekk?").
            best = pinned[0] if pinned and not implied else (quotes[0] if quotes else None)
            core = judged_quotes(chosen, pinned, replace(params, judge_margin=params.judge_margin_parts) if parts else params)
            verdict = assess(
                read,
                resolved,
                best.cosine if best else None,
                [q.text for q in core],
                [" ".join(index.chunks[q.chunk_row].section) for q in core],
                index,
                params,
                self.place_stems(rules),
                [sentence_before(index, q) for q in core],
            )
            # A count answered outright ("ca. 15 land") is not overruled by the question's likeness.
            consult = verdict.answerable and self.prior and not counted_outright(read, [q.text for q in core])
            unlikely = self.prior.probability(query_vector) if consult else 0.0
            if unlikely >= (self.prior.threshold if self.prior else 1.0):
                # The rules found nothing missing, but the question is like those the sources leave
                # unanswered (a procedure, a person, what came after 2021): the prior declines it.
                verdict = Verdict(False, f"like the questions the sources do not answer ({unlikely:.2f})")
            if verdict.answerable and params.answer_type_weight:
                # Judged on the plain ranking; quoted with the sentences that hold the kind of thing
                # asked for first.
                chosen = choose_quotes(index, typed_first(quotes, read, params), params, pinned)
            if verdict.answerable and parts:
                # ... and with the best answer to each part of a question in parts.
                chosen = cover_parts(index, chosen, quotes, parts, self.embedder.embed_queries(parts), params)
        notice = None
        if looks_english(question):
            # The checks that keep answers grounded read Norwegian; the nearest passages still help.
            verdict, matches, notice = Verdict(False, "the question is in English"), [], ENGLISH_NOTICE
        answerable = verdict.answerable
        if answerable:
            if not matches:
                chosen = programme_labels(index, chosen, records, resolved.query)
            sentences, citations = compose(index, hits, chosen, quotes, params)
            near = []
        else:
            sentences, citations, near = [], [], related(index, hits, quotes)
        timings["answer"] = (time.perf_counter() - t3) * 1000
        timings["total"] = (time.perf_counter() - t0) * 1000
        return Answer(
            question=question,
            query=resolved.query,
            answerable=answerable,
            sentences=tuple(sentences),
            citations=tuple(citations),
            related=tuple(near),
            programmes=tuple(m.to_dict() for m in matches) if answerable else (),
            carried=resolved.carried,
            notice=notice,
            abstain_reason=verdict.reason or None,
            timings_ms=timings,
            index_version=index.build_id,
        )
