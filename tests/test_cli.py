"""The `assistant` command run as a user runs it: a subprocess, exit codes, one Norwegian line per error."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import format_answer
from assistant.embed import HashEmbedder
from assistant.index import store
from assistant.ingest.refresh import refresh
from assistant.records import NOT_ANSWERABLE

from test_service import ANSWER_KEYS, shared_assistant, shared_settings

_SCRIPT = Path(sys.executable).with_name("assistant")
COMMAND = [str(_SCRIPT)] if _SCRIPT.is_file() else [sys.executable, "-m", "assistant.cli"]


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> subprocess.CompletedProcess:
    """Run the CLI with only the ASSISTANT_* variables given here (none inherited from the caller)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("ASSISTANT_")}
    clean.update(HF_HUB_OFFLINE="1", TRANSFORMERS_OFFLINE="1", PYTHONIOENCODING="utf-8")
    clean.update(env or {})
    return subprocess.run(
        [*COMMAND, *args], input=stdin, capture_output=True, text=True, encoding="utf-8", env=clean, timeout=300
    )


def one_error_line(result: subprocess.CompletedProcess) -> str:
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("assistant: ")
    return lines[0]


@pytest.fixture
def no_index(tmp_path) -> dict[str, str]:
    """Settings that point at an empty corpus and an empty index folder: nothing of the developer's."""
    (tmp_path / "corpus").mkdir()
    (tmp_path / "index").mkdir()
    return {"ASSISTANT_CORPUS_DIR": str(tmp_path / "corpus"), "ASSISTANT_INDEX_DIR": str(tmp_path / "index")}


@pytest.fixture(scope="module")
def report_env(tmp_path_factory) -> dict[str, str]:
    settings = shared_settings(tmp_path_factory)
    return {"ASSISTANT_CORPUS_DIR": str(settings.corpus_dir), "ASSISTANT_INDEX_DIR": str(settings.index_dir)}


# Bad questions, settings and indexes: no model is loaded


@pytest.mark.unit
@pytest.mark.parametrize(
    "question, message",
    [
        ("", "assistant: Spørsmålet er tomt. Skriv hva du lurer på."),
        ("   \t  ", "assistant: Spørsmålet er tomt. Skriv hva du lurer på."),
        ("a" * 5000, "assistant: Spørsmålet er for langt (5000 tegn; høyst 2000). Del det opp i kortere spørsmål."),
        ("Hva er\x07 Interreg?", "assistant: Spørsmålet inneholder kontrolltegn. Skriv det på nytt som vanlig tekst."),
        ("?!", "assistant: Spørsmålet inneholder ingen ord. Skriv hva du lurer på."),
    ],
    ids=["empty", "whitespace", "5000-chars", "control-char", "no-words"],
)
def test_a_bad_question_gives_exit_2_and_one_norwegian_line(no_index, question, message):
    result = run("ask", question, env=no_index)
    assert result.returncode == 2
    assert result.stdout == ""
    assert one_error_line(result) == message


@pytest.mark.unit
def test_asking_without_an_index_says_to_run_ingest(no_index):
    result = run("ask", "Hva er Interreg?", env=no_index)
    assert result.returncode == 2
    assert result.stdout == ""
    line = one_error_line(result)
    assert "ingen indeks i" in line and "kjør `assistant ingest`" in line


@pytest.mark.unit
def test_asking_with_an_index_folder_that_does_not_exist_says_to_run_ingest(tmp_path):
    result = run("ask", "Hva er Interreg?", env={"ASSISTANT_INDEX_DIR": str(tmp_path / "nowhere")})
    assert result.returncode == 2
    assert "kjør `assistant ingest`" in one_error_line(result)


@pytest.mark.unit
def test_asking_an_index_built_by_another_model_says_to_run_ingest(corpus, tmp_path):
    (corpus / "report" / "notat.txt").write_text(
        "Interreg gir 50 % dekning av prosjektkostnader. Veiledende instans er Viken fylkeskommune.\n", encoding="utf-8"
    )
    index_dir = tmp_path / "index"
    refresh(corpus, index_dir, HashEmbedder, HashEmbedder().model_id)
    result = run("ask", "Hva er Interreg?", env={"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index_dir)})
    assert result.returncode == 2
    line = one_error_line(result)
    assert "'hash-embedder'" in line and "'multilingual-e5-small'" in line
    assert line.endswith("kjør `assistant ingest`")


@pytest.mark.unit
def test_an_unknown_setting_gives_exit_2_and_one_line_naming_it(no_index):
    result = run("ask", "Hva er Interreg?", env={**no_index, "ASSISTANT_FOO": "1"})
    assert result.returncode == 2
    assert result.stdout == ""
    line = one_error_line(result)
    assert line.startswith("assistant: ukjent innstilling ASSISTANT_FOO (gyldige: ASSISTANT_CORPUS_DIR, ")


@pytest.mark.unit
def test_a_bad_setting_value_gives_exit_2_and_one_line_naming_it(no_index):
    result = run("ask", "Hva er Interreg?", env={**no_index, "ASSISTANT_EMBED_BATCH_SIZE": "0"})
    assert result.returncode == 2
    assert one_error_line(result).startswith("assistant: ugyldig innstilling embed_batch_size: ")


@pytest.mark.unit
def test_chat_reports_a_bad_question_and_goes_on_until_an_empty_line(no_index):
    result = run("chat", env=no_index, stdin="Hva er\x07 Interreg?\n\n")
    assert result.returncode == 0
    assert "Spørsmålet inneholder kontrolltegn. Skriv det på nytt som vanlig tekst." in result.stdout
    assert result.stderr == ""


@pytest.mark.unit
def test_chat_ends_at_end_of_input(no_index):
    result = run("chat", env=no_index, stdin="")
    assert result.returncode == 0
    assert result.stdout.startswith("Spør om internasjonalt samarbeid i Mosseregionen. Tom linje avslutter.")


@pytest.mark.unit
def test_ask_help_shows_the_docstring_with_an_example():
    result = run("ask", "--help")
    assert result.returncode == 0
    assert 'Example: assistant ask "Hvor mye dekker Interreg?"' in result.stdout


# The real report: these load the model (in the subprocess)


@pytest.mark.integration
def test_ask_prints_the_answer_and_numbered_sources_with_page_and_section(report_env):
    result = run("ask", "Hvem fra Råde satt i prosjektgruppa?", env=report_env)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    # The first quote is the project group's list, cited [1]; a further close sentence may follow.
    assert "Kine Marie Bangsund, Råde" in lines[0].split("[1]")[0]
    assert lines[1:3] == ["", "Kilder:"]
    assert lines[3] == "  [1] Forstudie om internasjonalt samarbeid i Mosseregionen, 2021-09-07, s. 3, FORORD"
    assert lines[4].startswith("      «") and "- Kine Marie Bangsund, Råde" in lines[4]
    numbered = [line for line in lines if line.startswith("  [")]
    assert [line.split("]")[0] for line in numbered] == [f"  [{n}" for n in range(1, len(numbered) + 1)]
    assert all(", s. " in line for line in numbered)


@pytest.mark.integration
def test_ask_json_with_history_gives_the_api_dict(report_env):
    result = run("ask", "--json", "--history", "Hva er Kreativt Europa?", "Hvem kan gi veiledning om det?", env=report_env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert set(answer) == ANSWER_KEYS
    assert answer["answerable"] is True
    assert answer["carried"] == {"programme": ["Kreativt Europa"]}
    assert "Norsk kulturråd" in answer["answer"]
    assert answer["citations"][0]["page"] == 11


@pytest.mark.integration
def test_chat_answers_a_question_and_its_follow_up_then_ends_on_an_empty_line(report_env):
    result = run("chat", env=report_env, stdin="Hva er Kreativt Europa?\nHvem kan gi veiledning om det?\n\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("Kilder:") == 2
    # input() writes its prompt "> " at the start of a line; the answer follows on the same line
    first, second = re.split(r"(?m)^> ", result.stdout)[1:3]
    assert first.startswith("Kreativt Europa er en videreføring av EUs program")
    assert second.startswith("Veiledende instans: Norsk kulturråd, Norsk filminstitutt, Viken fylkeskommune [1]")


@pytest.mark.integration
def test_ingest_on_an_unchanged_corpus_says_nothing_changed(report_env):
    result = run("ingest", env=report_env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Ingen endringer: indeksen er oppdatert (1 kilder).")


@pytest.mark.integration
def test_ingest_with_a_bad_file_exits_3_names_it_and_keeps_serving(report_env, tmp_path):
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(report_env["ASSISTANT_CORPUS_DIR"], corpus)
    shutil.copytree(report_env["ASSISTANT_INDEX_DIR"], index)
    (corpus / "uploads").mkdir(exist_ok=True)
    (corpus / "uploads" / "tom.txt").write_bytes(b"")
    before = store.current_build_id(index)
    result = run("ingest", env={"ASSISTANT_CORPUS_DIR": str(corpus), "ASSISTANT_INDEX_DIR": str(index)})
    assert result.returncode == 3, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert "Hoppet over uploads/tom.txt: " in result.stdout
    assert store.current_build_id(index) == before
    assert [c.source_id for c in store.load_build(index / store.BUILDS / before).chunks][:1] == ["forstudie-2021"]


@pytest.mark.integration
def test_an_abstention_lists_the_related_passages_in_the_terminal(tmp_path_factory):
    answer = shared_assistant(tmp_path_factory).ask("Hvem er ordfører i Moss?")
    lines = format_answer(answer).splitlines()
    assert lines[0] == NOT_ANSWERABLE
    assert lines[1:3] == ["", "Relatert:"]
    assert lines[3].startswith("  [1] Forstudie om internasjonalt samarbeid i Mosseregionen, 2021-09-07, s. ")
    assert "Kilder:" not in lines
