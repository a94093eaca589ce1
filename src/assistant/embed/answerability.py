"""An answerability prior: how much a question looks like those the sources do not answer.

The abstention rules (`abstain`) judge a question against the chosen evidence, one kind of
question at a time; each new set of questions brings kinds they do not know yet (a processing
time, a reason nobody gives, the leader of a unit the report names in passing). The prior learns
from the read evaluation sets which questions the report leaves unanswered: a logistic regression
on the model's own query vector (as `Assistant.ask` reads and resolves the question), labelled by
the sets' `answerable`. `Assistant.ask` declines a question the rules let through when the prior's
probability reaches its threshold.

The threshold and the penalty are chosen by leave-one-set-out: trained on all read sets but one
and scored on that one, the prior must decline at most `max_false_declines` of the answerable
questions; the threshold is the lowest that does, and the manifest records what it then catches.
It belongs to the report it was trained on, as the query adapter does: after a corpus change that
answers new kinds of question, retrain it (`make answerability`) or turn it off
(`ASSISTANT_ANSWERABILITY=off`). Stored as a plain `.npy` (weights, then the bias) with a JSON
manifest (`embed.artifact`).
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
WEIGHTS_FILE = "weights.npy"
# The prior trained for the bundled model on the read evaluation sets (`make answerability`).
BUNDLED_DIR = Path(__file__).with_name("answerability")


@dataclass(frozen=True)
class PriorParams:
    """The search `choose` runs: penalties (sklearn's C, the inverse of the L2 strength), the
    share of answerable questions the held-out sets may lose, and the threshold grid."""

    penalties: tuple[float, ...] = (10.0, 30.0, 100.0)
    max_false_declines: float = 0.004
    thresholds: tuple[float, ...] = tuple(round(0.5 + 0.01 * i, 2) for i in range(50))


@dataclass(frozen=True)
class AnswerabilityPrior:
    """The weights (one per vector dimension, then the bias) and the manifest with the threshold."""

    weights: np.ndarray
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.manifest["threshold"])

    def probability(self, vector: np.ndarray) -> float:
        """The probability that the question of `vector` (the model's own query vector) is one the
        sources do not answer."""
        score = float(np.dot(vector, self.weights[:-1]) + self.weights[-1])
        return float(1.0 / (1.0 + np.exp(-score)))


def bundled_model() -> str | None:
    """The model the bundled prior was trained for, or None when there is none."""
    return artifact.manifest_model(BUNDLED_DIR)


def save(prior: AnswerabilityPrior, folder: Path) -> None:
    artifact.save(folder, WEIGHTS_FILE, prior.weights, {**prior.manifest, "dim": int(prior.weights.shape[0] - 1)}, FORMAT_VERSION)


def load(folder: Path, model: str, dim: int | None = None) -> AnswerabilityPrior:
    """The prior in `folder`, checked against its manifest and the model it must belong to."""
    weights, manifest = artifact.load(folder, WEIGHTS_FILE, model, FORMAT_VERSION, "svarbarhetsmodellen")
    size = manifest.get("dim")
    if weights.ndim != 1 or weights.shape[0] != (size or 0) + 1 or (dim is not None and size != dim):
        raise ModelError(f"svarbarhetsmodellen {folder}: vekter med form {weights.shape}, forventet ({(dim or size or 0) + 1},)")
    if not isinstance(manifest.get("threshold"), (int, float)) or not 0.0 < manifest["threshold"] < 1.0:
        raise ModelError(f"svarbarhetsmodellen {folder}: terskelen mangler eller er utenfor (0, 1)")
    return AnswerabilityPrior(weights, manifest)


def fit(vectors: np.ndarray, unanswerable: np.ndarray, penalty: float) -> np.ndarray:
    """Weights then bias of an L2-penalised logistic regression, the classes weighted evenly."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=penalty, max_iter=5000, class_weight="balanced").fit(vectors, unanswerable)
    return np.concatenate([model.coef_[0], model.intercept_]).astype(np.float32)


def held_out_scores(vectors: np.ndarray, unanswerable: np.ndarray, groups: np.ndarray, penalty: float) -> np.ndarray:
    """Each question's probability from a prior trained on the other sets (leave one set out)."""
    scores = np.zeros(len(unanswerable))
    for group in np.unique(groups):
        out = groups == group
        weights = fit(vectors[~out], unanswerable[~out], penalty)
        scores[out] = 1.0 / (1.0 + np.exp(-(vectors[out] @ weights[:-1] + weights[-1])))
    return scores


@dataclass(frozen=True)
class Choice:
    penalty: float
    threshold: float
    false_declines: int
    answerable: int
    caught: int
    unanswerable: int


def choose(vectors: np.ndarray, unanswerable: np.ndarray, groups: np.ndarray, params: PriorParams = PriorParams()) -> Choice:
    """The penalty and threshold that catch the most unanswerable questions held out while
    declining at most `params.max_false_declines` of the answerable ones held out."""
    best: Choice | None = None
    answerable = int((unanswerable == 0).sum())
    for penalty in params.penalties:
        scores = held_out_scores(vectors, unanswerable, groups, penalty)
        for threshold in params.thresholds:
            declined = scores >= threshold
            false = int((declined & (unanswerable == 0)).sum())
            if false > params.max_false_declines * answerable:
                continue
            caught = int((declined & (unanswerable == 1)).sum())
            if best is None or caught > best.caught:
                best = Choice(penalty, threshold, false, answerable, caught, int(unanswerable.sum()))
            break  # the lowest threshold that keeps the answerable ones catches the most
    if best is None:
        raise ValueError("ingen terskel holder de besvarbare spørsmålene innenfor grensen")
    return best


def train(vectors: np.ndarray, unanswerable: np.ndarray, groups: np.ndarray, model: str, files: list[Path],
          params: PriorParams = PriorParams()) -> tuple[AnswerabilityPrior, Choice]:
    """The prior over all the questions, with the penalty and threshold `choose` found."""
    choice = choose(vectors, unanswerable, groups, params)
    weights = fit(vectors, unanswerable, choice.penalty)
    manifest = {
        "model": model,
        "threshold": choice.threshold,
        "held_out": asdict(choice),
        "params": {**asdict(params), "thresholds": [params.thresholds[0], params.thresholds[-1]]},
        "questions": int(len(unanswerable)),
        "unanswerable": int(unanswerable.sum()),
        "trained_on": [{"file": f.name, "sha256": file_digest(f)} for f in files],
    }
    return AnswerabilityPrior(weights, manifest), choice
