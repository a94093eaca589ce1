"""The query adapter: stored as plain files with a checked manifest, trained on real questions over
the real report's index, and used by `Assistant.ask` for retrieval only."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from assistant.embed import adapter
from assistant.embed.adapter import AdapterParams, QueryAdapter
from assistant.errors import ModelError
from assistant.evaluation.adapt import examples, retrieval_hit, train_adapter
from assistant.evaluation.dataset import load_cases
from assistant.service import Assistant
from assistant.settings import DEFAULT_MODEL, project_root
from test_cli import one_error_line, run
from test_service import shared_assistant, shared_settings

EVAL = project_root() / "eval"


def small(dim: int = 4, model: str = "some-model") -> QueryAdapter:
    matrix = np.zeros((dim, dim), dtype=np.float32)
    matrix[0, 1] = 1.0  # moves the first axis towards the second
    return QueryAdapter(matrix, {"model": model})


# Files and manifest


@pytest.mark.unit
def test_apply_moves_a_vector_and_keeps_it_unit_length():
    moved = small().apply(np.array([1.0, 0.0, 0.0, 0.0], dtype=np.float32))
    assert moved.dtype == np.float32
    assert np.allclose(moved, [2**-0.5, 2**-0.5, 0.0, 0.0])
    rows = small().apply(np.eye(4, dtype=np.float32))
    assert np.allclose(np.linalg.norm(rows, axis=1), 1.0)


@pytest.mark.unit
def test_a_saved_adapter_loads_back_with_its_manifest(tmp_path):
    adapter.save(small(), tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["manifest.json", "matrix.npy"]
    loaded = adapter.load(tmp_path, "some-model", dim=4)
    assert np.array_equal(loaded.matrix, small().matrix)
    assert loaded.manifest["format_version"] == adapter.FORMAT_VERSION and loaded.manifest["dim"] == 4


@pytest.mark.unit
def test_a_matrix_of_the_wrong_size_for_the_model_is_refused(tmp_path):
    adapter.save(small(dim=4), tmp_path)
    with pytest.raises(ModelError, match=r"form \(4, 4\), forventet \(384, 384\)"):
        adapter.load(tmp_path, "some-model", dim=384)


@pytest.mark.unit
def test_the_bundled_adapter_was_trained_on_the_read_sets_as_they_are_now():
    # Retrain with `make adapt` after editing a read set; a blind set is never trained on.
    loaded = adapter.load(adapter.BUNDLED_DIR, DEFAULT_MODEL, dim=384)
    trained_on = {entry["file"]: entry["sha256"] for entry in loaded.manifest["trained_on"]}
    assert not any(name.startswith("blind") for name in trained_on)
    assert "questions.jsonl" in trained_on
    for name, digest in trained_on.items():
        assert adapter.file_digest(EVAL / name) == digest, f"{name} changed since the adapter was trained: run `make adapt`"


# Training on the real report


@pytest.mark.integration
def test_training_on_real_questions_moves_them_towards_their_evidence(tmp_path_factory, tmp_path):
    assistant = shared_assistant(tmp_path_factory)
    files = [EVAL / "questions.jsonl"]
    cases = load_cases(files[0])[:60]
    trained, found, missing = train_adapter(assistant, files, cases, AdapterParams(epochs=30))
    assert len(found) >= 40 and all(e.gold for e in found)
    assert trained.matrix.shape == (384, 384) and np.abs(trained.matrix).sum() > 0
    assert trained.manifest["questions"] == len(found) and trained.manifest["model"] == DEFAULT_MODEL
    before, after = retrieval_hit(assistant, found, None), retrieval_hit(assistant, found, trained)
    assert after > before
    adapter.save(trained, tmp_path)
    assert np.array_equal(adapter.load(tmp_path, DEFAULT_MODEL, dim=384).matrix, trained.matrix)


@pytest.mark.integration
def test_a_case_whose_evidence_the_index_lacks_is_left_out_by_id(tmp_path_factory):
    assistant = shared_assistant(tmp_path_factory)
    case = load_cases(EVAL / "questions.jsonl")[0]
    lacking = replace(case, id="not-here", evidence=("Denne setningen står ikke i rapporten.",))
    found, missing = examples(assistant, [case, lacking])
    assert [e.case_id for e in found] == [case.id] and missing == ["not-here"]


# The assistant


@pytest.mark.integration
def test_the_assistant_retrieves_with_the_adapter_and_judges_with_the_models_vector(tmp_path_factory):
    settings = shared_settings(tmp_path_factory)
    on = shared_assistant(tmp_path_factory)
    off = Assistant.load(settings.model_copy(update={"query_adapter": "off"}))
    assert on.adapter is not None and off.adapter is None
    question = "Må hver enkelt kommune ansette sin egen ekspert på EU-programmer?"
    with_adapter, without = on.ask(question), off.ask(question)
    # Other passages: this paraphrase reaches the regional secretariat only with the adapter.
    assert [c.id for c in with_adapter.citations] != [c.id for c in without.citations]
    assert any("regionrådssekretariatet" in c.text for c in with_adapter.citations)
    assert not any("regionrådssekretariatet" in c.text for c in without.citations)


@pytest.mark.integration
def test_an_adapter_for_another_model_stops_the_cli_with_one_line(tmp_path_factory, tmp_path):
    settings = shared_settings(tmp_path_factory)
    adapter.save(small(model="another-model"), tmp_path)
    env = {"ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir), "ASSISTANT_QUERY_ADAPTER": str(tmp_path)}
    result = run("ask", "Hva er Interreg?", env=env)
    assert result.returncode == 2
    assert "trent for modellen 'another-model'" in one_error_line(result)
