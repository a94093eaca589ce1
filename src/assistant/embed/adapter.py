"""A linear query adapter: staff questions moved towards the passages that answer them.

e5-small places a question near passages that share its words; a paraphrase far from the
report's wording ("ansette en egen EU-ekspert" for "ressurser i regionrådssekretariatet") lands
elsewhere. The adapter is one matrix `W`, learned from questions whose answering passages are
known (the read evaluation sets): a question's vector `q` becomes `normalise(q + q W)`. Only the
passages are ranked with it (`Assistant.ask` retrieves with the adapted vector); sentences are
chosen and answerability judged with the model's own vector, whose cosines the thresholds were
calibrated on.

Training (`train`) maximises, for each question, the softmax probability of its answering
passages among all passages of the index, both for the passage vectors and for each passage's
best sentence (the two dense retrievers of `retrieve.hybrid_search`), with an L2 penalty that
keeps `W` small (`AdapterParams`). The matrix is stored as a plain `.npy` file (no pickle) with a
JSON manifest: format version, model, dimension, the training files with their SHA-256 and the
parameters.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.embed import artifact
from assistant.embed.artifact import file_digest
from assistant.errors import ModelError

FORMAT_VERSION = 1
MATRIX_FILE = "matrix.npy"
# The adapter trained for the bundled model on the read evaluation sets (`make adapt`).
BUNDLED_DIR = Path(__file__).with_name("adapter")


@dataclass(frozen=True)
class AdapterParams:
    """Chosen by cross-validation on the read sets: trained on questions.jsonl and holdout 1-4,
    retrieval hit@5 on holdout-5 / holdout-6 went from 0.902 / 0.890 to 0.988 / 0.976; the same
    within a point for penalty 0.01-0.1, temperature 0.02-0.05 and 100-200 epochs."""

    penalty: float = 0.1
    temperature: float = 0.02
    epochs: int = 100
    learning_rate: float = 1e-3
    seed: int = 0


@dataclass(frozen=True)
class QueryAdapter:
    """The matrix and what it was trained for (the manifest)."""

    matrix: np.ndarray
    manifest: dict[str, Any] = field(default_factory=dict)

    def apply(self, vector: np.ndarray) -> np.ndarray:
        """`vector` (one query, or rows of queries) moved by the adapter, L2-normalised float32."""
        moved = vector + vector @ self.matrix
        norms = np.linalg.norm(moved, axis=-1, keepdims=True)
        norms[norms == 0] = 1.0
        return (moved / norms).astype(np.float32)


def bundled_model() -> str | None:
    """The model the bundled adapter was trained for, or None when there is none."""
    return artifact.manifest_model(BUNDLED_DIR)


def save(adapter: QueryAdapter, folder: Path) -> None:
    """Write the matrix and its manifest into `folder` (created), each file replaced whole."""
    manifest = {**adapter.manifest, "dim": int(adapter.matrix.shape[0])}
    artifact.save(folder, MATRIX_FILE, adapter.matrix, manifest, FORMAT_VERSION)


def load(folder: Path, model: str, dim: int | None = None) -> QueryAdapter:
    """The adapter in `folder`, checked against its manifest and the model it must belong to.
    Any problem is a `ModelError` naming the folder and what is wrong."""
    matrix, manifest = artifact.load(folder, MATRIX_FILE, model, FORMAT_VERSION, "spørreadapteren")
    size = manifest.get("dim")
    if matrix.ndim != 2 or matrix.shape != (size, size) or (dim is not None and size != dim):
        raise ModelError(f"spørreadapteren {folder}: matrise med form {matrix.shape}, forventet ({dim or size}, {dim or size})")
    return QueryAdapter(matrix, manifest)


def train(
    queries: np.ndarray,
    gold: list[list[int]],
    passages: np.ndarray,
    sentences: np.ndarray,
    sentence_passage: np.ndarray,
    params: AdapterParams = AdapterParams(),
) -> tuple[np.ndarray, float]:
    """The matrix `W` for question vectors `queries` (rows) whose answering passages are the rows
    `gold[i]` of `passages`; `sentences` are the sentence vectors, `sentence_passage` the passage
    row of each. Returns `W` and the final training loss."""
    import torch

    if len(queries) != len(gold) or not len(queries):
        raise ValueError("train needs one list of answering passages per question, and at least one question")
    torch.manual_seed(params.seed)
    q = torch.from_numpy(np.ascontiguousarray(queries, dtype=np.float32))
    c = torch.from_numpy(np.ascontiguousarray(passages, dtype=np.float32))
    s = torch.from_numpy(np.ascontiguousarray(sentences, dtype=np.float32))
    owner = torch.from_numpy(np.asarray(sentence_passage, dtype=np.int64)).expand(len(q), -1)
    positive = torch.zeros(len(q), len(c), dtype=torch.bool)
    for i, rows in enumerate(gold):
        positive[i, list(rows)] = True
    weights = torch.zeros(q.shape[1], q.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([weights], lr=params.learning_rate)

    def loss_of(scores: torch.Tensor) -> torch.Tensor:
        everything = torch.logsumexp(scores, dim=1)
        answering = torch.logsumexp(scores.masked_fill(~positive, -1e4), dim=1)
        return (everything - answering).mean()

    loss = torch.tensor(0.0)
    for _ in range(params.epochs):
        optimiser.zero_grad()
        moved = q + q @ weights
        moved = moved / moved.norm(dim=1, keepdim=True)
        by_passage = moved @ c.T / params.temperature
        by_sentence = torch.full((len(q), len(c)), -1e4).scatter_reduce(1, owner, moved @ s.T / params.temperature, reduce="amax")
        loss = loss_of(by_passage) + loss_of(by_sentence) + params.penalty * (weights**2).sum()
        loss.backward()
        optimiser.step()
    return weights.detach().numpy().astype(np.float32), float(loss.detach())


def manifest_for(model: str, files: list[Path], questions: int, params: AdapterParams, loss: float) -> dict[str, Any]:
    """What a trained adapter records about itself."""
    return {
        "model": model,
        "trained_on": [{"file": f.name, "sha256": file_digest(f)} for f in files],
        "questions": questions,
        "params": asdict(params),
        "final_loss": round(loss, 4),
    }
