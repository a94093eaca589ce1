"""Training the answerability prior (`embed.answerability`) on evaluation cases.

Every case teaches it, answerable or not: its last turn, read and resolved with the turns before
as `Assistant.ask` reads it, embedded with the model's own query vector, labelled by `answerable`.
The sets are the groups of the leave-one-set-out choice of penalty and threshold.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.embed import answerability
from assistant.evaluation.dataset import load_cases
from assistant.validate import clean_question


def questions(assistant, files: list[Path]) -> tuple[list[str], np.ndarray, np.ndarray]:
    """(each case's resolved query, 1 for unanswerable, the index of its file)."""
    queries: list[str] = []
    labels: list[int] = []
    groups: list[int] = []
    for number, path in enumerate(files):
        for case in load_cases(path):
            _, resolved = assistant.read(clean_question(case.question), list(case.turns[:-1]))
            queries.append(resolved.query)
            labels.append(0 if case.answerable else 1)
            groups.append(number)
    return queries, np.array(labels), np.array(groups)


def train_prior(assistant, files: list[Path], params: answerability.PriorParams = answerability.PriorParams()):
    """The prior trained on `files` (at least two sets, for the held-out choice) and the choice."""
    if len(files) < 2:
        raise ValueError("trenger minst to spørsmålssett: terskelen velges på et sett holdt utenfor")
    queries, labels, groups = questions(assistant, files)
    if labels.sum() == 0 or labels.sum() == len(labels):
        raise ValueError("settene må ha både besvarbare og ubesvarbare spørsmål")
    vectors = assistant.embedder.embed_queries(queries)
    return answerability.train(vectors, labels, groups, assistant.settings.embed_model, files, params)
