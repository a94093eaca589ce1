"""Training and checking the query adapter (`embed.adapter`) on evaluation cases.

A case teaches the adapter when it is answerable and its gold evidence occurs in passages of the
index: the question, read and resolved as `Assistant.ask` reads it, should retrieve those
passages. `retrieval_hit` measures what the adapter is for: the share of such cases whose top five
retrieved passages hold the evidence, with and without it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.embed import adapter as adapter_module
from assistant.embed.adapter import AdapterParams, QueryAdapter
from assistant.evaluation.dataset import EvalCase, normalise
from assistant.retrieve import hybrid_search
from assistant.validate import clean_question


@dataclass(frozen=True)
class Example:
    """A question as retrieval sees it, and the index rows of the passages holding its evidence."""

    case_id: str
    query: str
    gold: tuple[int, ...]


def examples(assistant, cases: list[EvalCase]) -> tuple[list[Example], list[str]]:
    """(the cases that can teach or test retrieval, the ids of answerable cases whose evidence no
    passage of the index holds)."""
    index = assistant.index.get()
    passages = [normalise(chunk.text) for chunk in index.chunks]
    out: list[Example] = []
    missing: list[str] = []
    for case in cases:
        if not case.answerable or not case.evidence:
            continue
        evidence = [normalise(e) for e in case.evidence]
        gold = tuple(i for i, text in enumerate(passages) if any(e in text for e in evidence))
        if not gold:
            missing.append(case.id)
            continue
        _, resolved = assistant.read(clean_question(case.question), list(case.turns[:-1]))
        out.append(Example(case.id, resolved.query, gold))
    return out, missing


def fit(assistant, found: list[Example], params: AdapterParams = AdapterParams()) -> tuple[np.ndarray, float]:
    """The adapter's matrix for these examples over the assistant's index, and the final loss."""
    index = assistant.index.get()
    queries = assistant.embedder.embed_queries([e.query for e in found])
    table = index.sentences
    return adapter_module.train(queries, [list(e.gold) for e in found], index.embeddings, table.embeddings, table.chunk, params)


def retrieval_hit(assistant, found: list[Example], adapter: QueryAdapter | None) -> float:
    """Share of the examples whose top five retrieved passages include a gold one."""
    if not found:
        return 0.0
    index = assistant.index.get()
    vectors = assistant.embedder.embed_queries([e.query for e in found])
    hit = 0
    for example, vector in zip(found, vectors):
        vector = adapter.apply(vector) if adapter else vector
        top = {int(h.details["row"]) for h in hybrid_search(index, vector, example.query)[:5]}
        hit += bool(top & set(example.gold))
    return hit / len(found)


def train_adapter(assistant, files: list[Path], cases: list[EvalCase], params: AdapterParams = AdapterParams()) -> tuple[QueryAdapter, list[Example], list[str]]:
    """An adapter trained on `cases` (read from `files`, recorded in its manifest), the examples it
    learned from and the ids of cases left out because the index lacks their evidence."""
    found, missing = examples(assistant, cases)
    if not found:
        raise ValueError("ingen av spørsmålene har belegg i indeksen: ingenting å lære av")
    matrix, loss = fit(assistant, found, params)
    manifest = adapter_module.manifest_for(assistant.settings.embed_model, files, len(found), params, loss)
    return QueryAdapter(matrix, manifest), found, missing
