"""The chat app: rendering (escaping, highlighted spans, stale notices), uploads, and its API.

Unit tests need no model. The API tests start the app in-process on a free loopback port and call
it with gradio_client: over an empty index (no model) for the error paths, and over the repo's
real index (real model) for answers and follow-ups.
"""

from __future__ import annotations

import datetime as dt
import html
import socket
from pathlib import Path

import pytest

from assistant import render
from assistant.app import Turn, UploadError, earlier_questions, safe_upload_name, save_upload, serve, user_message
from assistant.errors import IndexNotReady, QueryError
from assistant.settings import load_settings

MB = 1024 * 1024
TODAY = dt.date(2026, 1, 1)


PASSAGE = "Veiledende instans: Viken fylkeskommune\n\nFinansieringsgrad: 50 % dekning av prosjektkostnader."
QUOTE = "Finansieringsgrad: 50 % dekning av prosjektkostnader."


def citation(**overrides) -> dict:
    data = {
        "id": "c1",
        "source": "forstudie-2021",
        "title": "Forstudie om internasjonalt samarbeid i Mosseregionen",
        "page": 11,
        "section": "ULIKE ORDNINGER OG PROGRAMMER > EU-baserte programmer > Interreg",
        "text": PASSAGE,
        "start": PASSAGE.index(QUOTE),
        "end": PASSAGE.index(QUOTE) + len(QUOTE),
        "quote": QUOTE,
        "score": 0.99,
        "date": "2021-09-07",
        "url": None,
        "used": True,
    }
    return {**data, **overrides}


def answer(**overrides) -> dict:
    data = {
        "question": "Hvor mye dekker Interreg?",
        "answer": "Finansieringsgrad: 50 % dekning av prosjektkostnader. [1]",
        "answerable": True,
        "sentences": [{"text": "Finansieringsgrad: 50 % dekning av prosjektkostnader.", "citation": 1, "label": None}],
        "citations": [citation()],
        "related": [],
        "programmes": [],
        "notice": None,
        "carried": {},
        "index_version": "b1",
    }
    return {**data, **overrides}


# ---------------------------------------------------------------------------------------------
# Rendering
# ---------------------------------------------------------------------------------------------


@pytest.mark.unit
def test_question_is_rendered_as_text_not_markup():
    out = render.render_question('<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">')
    assert "<script>" not in out and "<img" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert "\n" not in out  # one HTML block: Markdown never sees a blank line


@pytest.mark.unit
def test_highlight_marks_exactly_the_quoted_span_and_escapes_around_it():
    text = "A <b>før</b> & etter. Sitatet her. Slutt <script>"
    start = text.index("Sitatet")
    end = start + len("Sitatet her.")
    out = render.highlight(text, start, end)
    assert out == "A &lt;b&gt;før&lt;/b&gt; &amp; etter. <mark>Sitatet her.</mark> Slutt &lt;script&gt;"


@pytest.mark.unit
def test_highlight_reflows_pdf_lines_and_keeps_paragraphs():
    text = "linje en\nfortsetter\n\nnytt avsnitt"
    assert render.highlight(text, 0, 8) == "<mark>linje en</mark> fortsetter<br>nytt avsnitt"


@pytest.mark.unit
def test_highlight_keeps_edge_whitespace_outside_the_mark():
    text = "før \n\n sitat \netter"
    assert render.highlight(text, 3, 13) == "før<br><mark>sitat</mark> etter"


@pytest.mark.unit
@pytest.mark.parametrize(("start", "end"), [(5, 5), (9, 3), (-1, 4), (0, 999), (4, 5)])
def test_highlight_without_a_valid_span_shows_the_passage_unmarked(start, end):
    assert render.highlight("Hele avsnittet <x>", start, end) == "Hele avsnittet &lt;x&gt;"


@pytest.mark.unit
def test_answer_shows_markers_and_each_source_with_date_page_section_and_marked_passage():
    out = render.render_answer(answer(), today=TODAY)
    assert '<span class="mra-ref">[1]</span>' in out
    assert "7. september 2021" in out and "s. 11" in out
    assert "EU-baserte programmer &gt; Interreg" in out
    assert "<mark>Finansieringsgrad: 50 % dekning av prosjektkostnader.</mark>" in out
    assert out.count("<details") == 1 and "<summary>" in out
    assert "\n" not in out


@pytest.mark.unit
def test_source_text_and_titles_are_escaped():
    evil = citation(title="<img src=x onerror=alert(1)>", section="<b>s</b>", text="<script>x()</script> sitat", start=21, end=26)
    out = render.render_answer(answer(citations=[evil]), today=TODAY)
    assert "<img" not in out and "<script>" not in out and "<b>s</b>" not in out
    assert "&lt;img src=x onerror=alert(1)&gt;" in out
    assert "<mark>sitat</mark>" in out


@pytest.mark.unit
def test_only_http_links_become_links():
    good = render.render_source(1, citation(url="https://interreg.no/"))
    bad = render.render_source(1, citation(url="javascript:alert(1)"))
    assert '<a href="https://interreg.no/"' in good and 'rel="noopener noreferrer"' in good
    assert "<a " not in bad and "javascript" not in bad


@pytest.mark.unit
def test_unused_citation_is_labelled_and_undated_source_says_so():
    out = render.render_source(2, citation(used=False, date=None))
    assert "(ikke sitert)" in out and "udatert" in out


@pytest.mark.unit
def test_old_sources_give_a_stale_notice():
    notice = render.stale_notice([citation()], stale_after_days=365, today=TODAY)
    assert notice is not None and "7. september 2021" in notice and "kan ha endret seg" in notice
    assert "⚠" in render.render_answer(answer(), stale_after_days=365, today=TODAY)


@pytest.mark.unit
def test_one_recent_source_means_no_stale_notice():
    recent = citation(date="2025-12-01")
    assert render.stale_notice([citation(), recent], stale_after_days=365, today=TODAY) is None
    assert render.stale_notice([citation()], stale_after_days=10_000, today=TODAY) is None
    assert "mra-stale" not in render.render_answer(answer(citations=[citation(), recent]), today=TODAY)


@pytest.mark.unit
def test_only_the_sources_the_answer_quotes_decide_staleness():
    unused_recent = citation(date="2025-12-01", used=False)
    assert render.stale_notice([citation(), unused_recent], 365, today=TODAY) is not None


@pytest.mark.unit
def test_undated_sources_count_as_old():
    notice = render.stale_notice([citation(date=None)], 365, today=TODAY)
    assert notice is not None and "ikke datert" in notice
    assert render.stale_notice([], 365, today=TODAY) is None


@pytest.mark.unit
def test_notice_from_the_answer_is_shown_escaped():
    out = render.render_answer(answer(notice="Usikkert <svar>"), today=TODAY)
    assert '<div class="mra-notice">Usikkert &lt;svar&gt;</div>' in out


@pytest.mark.unit
def test_unanswerable_answer_lists_related_passages_and_no_stale_notice():
    out = render.render_answer(
        answer(answerable=False, answer="Kildene svarer ikke på dette.", sentences=[], citations=[], related=[citation(used=False)]),
        today=TODAY,
    )
    assert "Kildene svarer ikke på dette." in out
    assert "Nærmeste avsnitt i kildene" in out and "<details" in out
    assert "mra-stale" not in out


@pytest.mark.unit
def test_programmes_table_shows_rate_guidance_and_cited_reasons():
    reason_citation = {"chunk_id": "c1", "source_id": "forstudie-2021", "page": 11, "section": [], "start": 41, "end": 60, "text": "x"}
    other_citation = {**reason_citation, "chunk_id": "zz", "page": 10}
    programmes = [
        {
            "name": "Interreg",
            "funding": {"text": "50 % dekning av prosjektkostnader.", "min": 50, "max": 50, "kind": "fixed", "citation": reason_citation},
            "guidance": ["Viken fylkeskommune"],
            "reasons": [{"text": "Interreg er relevant for <kultur>.", "citation": reason_citation}],
            "warnings": [{"text": "Krever partnere i Sverige.", "citation": other_citation}],
            "citations": [],
        },
        {"name": "Horisont Europa", "funding": {"text": "P.t. uklart", "min": None, "max": None, "kind": "unclear"}, "guidance": [], "reasons": [], "warnings": []},
    ]
    out = render.render_answer(answer(programmes=programmes), today=TODAY)
    assert "Programmer som kan passe" in out
    assert "<strong>50 %</strong>" in out and "Viken fylkeskommune" in out
    assert "Interreg er relevant for &lt;kultur&gt;. <span class=\"mra-ref\">[1]</span>" in out
    assert 'class="mra-warn">Krever partnere i Sverige. <span class="mra-small">(s. 10)</span>' in out
    assert "<strong>uklar</strong>" in out and "ikke oppgitt" in out


@pytest.mark.unit
def test_follow_up_shows_what_was_carried_from_earlier_questions():
    out = render.render_answer(answer(carried={"programme": ["Interreg"]}), today=TODAY)
    assert "oppfølgingsspørsmål om «Interreg»" in out


@pytest.mark.unit
def test_dates_are_written_in_norwegian():
    assert render.format_date("2021-09-07") == "7. september 2021"
    assert render.format_date(None) == "udatert"
    assert render.format_time("2021-09-07T14:05:00+00:00") == "7. september 2021 kl. 14:05 UTC"


@pytest.mark.unit
def test_about_panel_lists_sources_with_kind_and_date_and_its_limits():
    manifest = {
        "sources": {
            "interreg": {"title": "Interreg.no", "meta": {"kind": "programme_page", "date": None}},
            "forstudie-2021": {"title": "Forstudie <2021>", "meta": {"kind": "report", "date": "2021-09-07"}},
        }
    }
    out = render.render_about(manifest)
    assert out.index("Forstudie &lt;2021&gt;") < out.index("Interreg.no")  # the report first
    assert "(rapport, 7. september 2021)" in out and "(programside, udatert)" in out
    assert "søknadsfrister" in out and "etter rapportens dato (7. september 2021)" in out
    assert "ikke klar" in render.render_about(None)


@pytest.mark.unit
def test_corpus_table_shows_chunks_and_last_refresh():
    manifest = {
        "build_id": "b1",
        "created_at": "2026-01-02T03:04:05+00:00",
        "counts": {"sources": 1, "chunks": 82},
        "sources": {
            "forstudie-2021": {
                "title": "Forstudie",
                "pages": 16,
                "chunks": 82,
                "indexed_at": "2026-01-02T03:04:00+00:00",
                "meta": {"kind": "report", "date": "2021-09-07", "path": "report/forstudie.txt"},
            }
        },
    }
    out = render.render_corpus_table(manifest)
    assert "<td>Rapport</td><td>7. september 2021</td>" in out
    assert '<td class="mra-num">82</td>' in out and "2. januar 2026 kl. 03:04 UTC" in out


# ---------------------------------------------------------------------------------------------
# Conversation helpers
# ---------------------------------------------------------------------------------------------


@pytest.mark.unit
def test_history_is_the_earlier_answered_questions_oldest_first():
    turns = [
        Turn("Hva er Interreg?", "", answer={"answer": "x"}),
        Turn("   ", "", error="Spørsmålet er tomt."),
        Turn("Hvor mye dekker det?", "", answer={"answer": "y"}),
    ]
    assert earlier_questions(turns) == ["Hva er Interreg?", "Hvor mye dekker det?"]


@pytest.mark.unit
def test_errors_become_norwegian_sentences():
    assert user_message(QueryError("Spørsmålet er tomt. Skriv hva du lurer på.")) == "Spørsmålet er tomt. Skriv hva du lurer på."
    assert "Kildeindeksen er ikke klar" in user_message(IndexNotReady("no index in /x; run `assistant ingest`"))
    assert user_message(RuntimeError("Traceback: boom")) == render.GENERIC_ERROR


# ---------------------------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------------------------


def _file(tmp_path: Path, name: str, data: bytes) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir(exist_ok=True)
    path = folder / name
    path.write_bytes(data)
    return path


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.mark.unit
def test_upload_is_saved_in_corpus_uploads(tmp_path):
    corpus = tmp_path / "corpus"
    saved = save_upload(_file(tmp_path, "notat.txt", "Støtte fra Erasmus+.".encode()), "Notat om Erasmus+ (2024).txt", corpus, MB)
    assert saved == (corpus / "uploads" / "Notat_om_Erasmus_2024.txt").resolve()
    assert saved.read_text(encoding="utf-8") == "Støtte fra Erasmus+."


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("/etc/passwd.txt", "passwd.txt"),
        ("rapport..pdf", "rapport.pdf"),
        ("møte  referat (utkast).md", "møte_referat_utkast.md"),
        ("Årsrapport Våler.PDF", "Årsrapport_Våler.pdf"),
    ],
)
def test_upload_names_lose_folders_and_odd_characters(name, expected):
    assert safe_upload_name(name) == expected


@pytest.mark.unit
@pytest.mark.parametrize("name", [".hidden.pdf", "../.bashrc.txt", "..", "", ".pdf", "____.pdf", "noextension"])
def test_hidden_or_nameless_uploads_are_refused(name):
    with pytest.raises(UploadError):
        safe_upload_name(name)


@pytest.mark.unit
def test_path_tricks_stay_inside_uploads(tmp_path):
    corpus = tmp_path / "corpus"
    saved = save_upload(_file(tmp_path, "x.pdf", PDF), "../../x.pdf", corpus, MB)
    assert saved.parent == (corpus / "uploads").resolve()
    assert not (tmp_path / "x.pdf").exists()


@pytest.mark.unit
@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("virus.exe", b"MZ...", "Filtypen .exe støttes ikke"),
        ("notat.docx", b"PK\x03\x04", "Filtypen .docx støttes ikke"),
        ("rapport.pdf", b"<html>not a pdf</html>", "er ikke en PDF"),
        ("notat.txt", PDF, "ser ikke ut som tekst"),
        ("side.html", b"\x00\x01\x02binary", "ser ikke ut som tekst"),
        ("tom.md", b"", "Filen er tom"),
    ],
)
def test_uploads_are_checked_by_type(tmp_path, name, data, message):
    with pytest.raises(UploadError, match=message):
        save_upload(_file(tmp_path, "upload.bin", data), name, tmp_path / "corpus", MB)
    assert not (tmp_path / "corpus" / "uploads").exists() or not any((tmp_path / "corpus" / "uploads").iterdir())


@pytest.mark.unit
def test_too_big_upload_is_refused(tmp_path):
    with pytest.raises(UploadError, match="for stor"):
        save_upload(_file(tmp_path, "stor.txt", b"a" * (MB + 1)), "stor.txt", tmp_path / "corpus", MB)


@pytest.mark.unit
def test_upload_never_overwrites_and_refuses_duplicate_content(tmp_path):
    corpus = tmp_path / "corpus"
    first = save_upload(_file(tmp_path, "a.txt", b"forste versjon"), "notat.txt", corpus, MB)
    second = save_upload(_file(tmp_path, "b.txt", b"andre versjon"), "notat.txt", corpus, MB)
    assert (first.name, second.name) == ("notat.txt", "notat-2.txt")
    assert first.read_bytes() == b"forste versjon"
    with pytest.raises(UploadError, match="samme innhold finnes allerede: uploads/notat.txt"):
        save_upload(_file(tmp_path, "c.txt", b"forste versjon"), "kopi.txt", corpus, MB)


# ---------------------------------------------------------------------------------------------
# The API, through gradio_client
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _text(message: dict) -> str:
    content = message["content"]
    if isinstance(content, list):
        return "".join(part.get("text", "") for part in content if isinstance(part, dict))
    return str(content)


def _chat_messages(result) -> list[dict]:
    chat = result[0]
    return chat["value"] if isinstance(chat, dict) else chat


@pytest.fixture(scope="module")
def empty_index_app(tmp_path_factory):
    """The app over an index folder with no build: no model is loaded."""
    from gradio_client import Client

    root = tmp_path_factory.mktemp("empty")
    settings = load_settings(index_dir=root / "index", corpus_dir=root / "corpus")
    blocks, url = serve(settings, "127.0.0.1", free_port(), feedback_db=root / "feedback.sqlite3", block=False)
    try:
        yield Client(url, verbose=False)
    finally:
        blocks.close()


@pytest.mark.unit
def test_chat_says_in_norwegian_when_the_index_is_missing(empty_index_app):
    messages = _chat_messages(empty_index_app.predict("Hva er Interreg?", api_name="/ask"))
    assert [m["role"] for m in messages] == ["user", "assistant"]
    reply = html.unescape(_text(messages[1]))
    assert "Kildeindeksen er ikke klar" in reply
    assert "Traceback" not in reply and "assistant ingest" not in reply


@pytest.mark.unit
def test_json_api_gives_the_norwegian_message_for_a_bad_question(empty_index_app):
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="Spørsmålet er tomt"):
        empty_index_app.predict("   ", [], api_name="/answer")


@pytest.fixture(scope="module")
def real_app(tmp_path_factory):
    """The app over the repo's real index and model, as `assistant serve` runs it."""
    from gradio_client import Client

    settings = load_settings()
    db = tmp_path_factory.mktemp("feedback") / "feedback.sqlite3"
    blocks, url = serve(settings, "127.0.0.1", free_port(), feedback_db=db, block=False)
    try:
        yield Client(url, verbose=False)
    finally:
        blocks.close()


@pytest.mark.integration
def test_ask_api_answers_with_citations_and_keeps_the_conversation(real_app):
    first = _chat_messages(real_app.predict("Hvor mye dekker Interreg av prosjektkostnadene?", api_name="/ask"))
    reply = _text(first[1])
    assert "50 % dekning av prosjektkostnader" in reply
    assert '<span class="mra-ref">[1]</span>' in reply and "s. 11" in reply and "<mark>" in reply
    assert "7. september 2021" in reply and "mra-stale" in reply

    # The same client is the same session: the follow-up is read with the first question.
    second = _chat_messages(real_app.predict("Hvem kan gi veiledning om det?", api_name="/ask"))
    assert [m["role"] for m in second] == ["user", "assistant", "user", "assistant"]
    assert "Viken fylkeskommune" in _text(second[3])


@pytest.mark.integration
def test_answer_api_returns_the_answer_dict_with_stale_notice(real_app):
    data = real_app.predict(
        "Hvem kan gi veiledning om det?", ["Hvor mye dekker Interreg av prosjektkostnadene?"], api_name="/answer"
    )
    assert data["answerable"] is True
    assert "Viken fylkeskommune" in data["answer"]
    first = data["citations"][0]
    assert first["source"] == "forstudie-2021" and first["date"] == "2021-09-07"
    assert first["text"][first["start"] : first["end"]] == first["quote"]
    assert data["stale_notice"] and "kan ha endret seg" in data["stale_notice"]
