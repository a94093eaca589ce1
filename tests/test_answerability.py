"""The answerability prior, and the file format it shares with the query adapter: plain files with
a checked manifest, a threshold chosen by leaving one set out, and `Assistant.ask` declining what
the prior finds too like the questions the sources do not answer."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from assistant.embed import adapter, answerability
from assistant.embed.adapter import QueryAdapter
from assistant.embed.answerability import AnswerabilityPrior, PriorParams
from assistant.errors import ModelError
from assistant.service import Assistant
from assistant.settings import DEFAULT_MODEL, project_root
from test_cli import one_error_line, run
from test_service import shared_assistant, shared_settings

EVAL = project_root() / "eval"


def small_prior(dim: int = 4, model: str = "some-model", threshold: float = 0.9) -> AnswerabilityPrior:
    weights = np.zeros(dim + 1, dtype=np.float32)
    weights[0], weights[-1] = 4.0, -1.0
    return AnswerabilityPrior(weights, {"model": model, "threshold": threshold})


def small_adapter(dim: int = 4, model: str = "some-model") -> QueryAdapter:
    return QueryAdapter(np.zeros((dim, dim), dtype=np.float32), {"model": model})


# The files both learned artifacts are kept in (embed.artifact)


def _edit(folder: Path, **changes) -> None:
    path = folder / "manifest.json"
    path.write_text(json.dumps({**json.loads(path.read_text(encoding="utf-8")), **changes}), encoding="utf-8")


@pytest.mark.unit
@pytest.mark.parametrize(
    "module, build, array, what",
    [(adapter, small_adapter, "matrix.npy", "spørreadapteren"), (answerability, small_prior, "weights.npy", "svarbarhetsmodellen")],
)
@pytest.mark.parametrize(
    "spoil, message",
    [
        (lambda d, a: (d / "manifest.json").unlink(), "manifest.json mangler"),
        (lambda d, a: (d / "manifest.json").write_text("{", encoding="utf-8"), "manifest.json er ikke gyldig JSON"),
        (lambda d, a: _edit(d, format_version=2), "formatversjon 2, forventet 1"),
        (lambda d, a: _edit(d, model="another-model"), "trent for modellen 'another-model', ikke 'some-model'"),
        (lambda d, a: (d / a).unlink(), "mangler"),
        (lambda d, a: (d / a).write_bytes(b"not an array"), "stemmer ikke med manifestet"),
    ],
)
def test_a_broken_or_foreign_artifact_is_a_clear_error(tmp_path, module, build, array, what, spoil, message):
    module.save(build(), tmp_path)
    spoil(tmp_path, array)
    with pytest.raises(ModelError, match=message) as info:
        module.load(tmp_path, "some-model")
    assert str(info.value).startswith(f"{what} {tmp_path}")


# The prior


@pytest.mark.unit
def test_a_saved_prior_loads_back_and_scores_a_vector():
    prior = small_prior()
    assert prior.probability(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32)) == pytest.approx(1 / (1 + np.exp(-3.0)))
    assert prior.probability(np.zeros(4, dtype=np.float32)) == pytest.approx(1 / (1 + np.exp(1.0)))


@pytest.mark.unit
def test_the_prior_round_trips_and_needs_a_threshold_between_0_and_1(tmp_path):
    answerability.save(small_prior(), tmp_path)
    loaded = answerability.load(tmp_path, "some-model", dim=4)
    assert np.array_equal(loaded.weights, small_prior().weights) and loaded.threshold == 0.9
    with pytest.raises(ModelError, match=r"vekter med form \(5,\), forventet \(385,\)"):
        answerability.load(tmp_path, "some-model", dim=384)
    _edit(tmp_path, threshold=1.5)
    with pytest.raises(ModelError, match="terskelen"):
        answerability.load(tmp_path, "some-model")


@pytest.mark.unit
def test_the_threshold_is_the_lowest_that_keeps_the_held_out_answerable_questions():
    rng = np.random.default_rng(0)
    # Two clusters, unanswerable questions around +x, answerable ones around -x, four sets.
    answerable, unanswerable = rng.normal([-1.0, 0.0], 0.5, (200, 2)), rng.normal([1.0, 0.0], 0.5, (40, 2))
    vectors = np.vstack([answerable, unanswerable]).astype(np.float32)
    labels = np.array([0] * 200 + [1] * 40)
    groups = np.arange(240) % 4
    params = PriorParams(penalties=(1.0,), max_false_declines=0.01)
    choice = answerability.choose(vectors, labels, groups, params)
    assert choice.false_declines <= 2 and choice.caught >= 20 and choice.answerable == 200
    strict = answerability.choose(vectors, labels, groups, PriorParams(penalties=(1.0,), max_false_declines=0.0))
    assert strict.threshold >= choice.threshold and strict.false_declines == 0


@pytest.mark.unit
def test_the_bundled_prior_was_trained_on_the_read_sets_as_they_are_now():
    # Retrain with `make answerability` after editing a read set; a blind set is never trained on.
    loaded = answerability.load(answerability.BUNDLED_DIR, DEFAULT_MODEL, dim=384)
    trained_on = {entry["file"]: entry["sha256"] for entry in loaded.manifest["trained_on"]}
    assert not any(name.startswith("blind") for name in trained_on)
    assert "questions.jsonl" in trained_on and len(trained_on) >= 10
    for name, digest in trained_on.items():
        assert answerability.file_digest(EVAL / name) == digest, f"{name} changed since the prior was trained: run `make answerability`"
    held_out = loaded.manifest["held_out"]
    assert held_out["false_declines"] <= loaded.manifest["params"]["max_false_declines"] * held_out["answerable"]


# The assistant


@pytest.mark.integration
def test_the_assistant_declines_what_the_prior_finds_unanswerable(tmp_path_factory, tmp_path):
    settings = shared_settings(tmp_path_factory)
    question = "Hva er Interreg?"
    plain = Assistant.load(settings.model_copy(update={"answerability": "off"}))
    assert plain.prior is None and plain.ask(question).answerable
    # A prior that points straight at this question's vector: probability over 0.9 only for
    # a cosine with it above about 0.98 (e5's questions lie at 0.8-0.9 from each other).
    vector = plain.embedder.embed_queries([question])[0]
    weights = np.concatenate([vector * 200.0, [-194.0]]).astype(np.float32)
    answerability.save(AnswerabilityPrior(weights, {"model": settings.embed_model, "threshold": 0.9}), tmp_path)
    strict = Assistant.load(settings.model_copy(update={"answerability": str(tmp_path)}))
    declined = strict.ask(question)
    assert not declined.answerable and declined.abstain_reason.startswith("like the questions the sources do not answer")
    # A question far from it is still answered.
    assert strict.ask("Hvem er veiledende instans for Kreativt Europa?").answerable
    # The bundled prior is on by default.
    assert shared_assistant(tmp_path_factory).prior is not None


@pytest.mark.unit
@pytest.mark.parametrize(
    "command, files, message",
    [
        ("adapt", ["nowhere.jsonl"], "nowhere.jsonl"),
        ("answerability", [str(EVAL / "questions.jsonl")], "minst to spørsmålssett"),
    ],
)
def test_training_with_bad_sets_is_one_line_and_exit_2(tmp_path, command, files, message):
    result = run(command, "--out", str(tmp_path / "out"), *[f if "/" in f else str(tmp_path / f) for f in files])
    assert result.returncode == 2
    assert message in one_error_line(result)
    assert not (tmp_path / "out").exists()
