"""The Gradio chat (Norwegian bokmål): a thin UI over `Assistant.ask`, feedback and the corpus page.

    build_app(assistant, settings, ...) -> gr.Blocks     the UI, no server
    launch(blocks, ...)                                  start it (optionally with login)
    serve(settings, host, port, ...)                     what `assistant serve` runs: load once, then serve

Rendering lives in `assistant.render`, feedback in `assistant.feedback`, login in `assistant.auth`.
"""

from __future__ import annotations

import os

# Before gradio is imported: its analytics read this at import time.
os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"

import logging  # noqa: E402
import re  # noqa: E402
import shutil  # noqa: E402
import threading  # noqa: E402
import unicodedata  # noqa: E402
from collections.abc import Iterator, Mapping  # noqa: E402
from dataclasses import dataclass, field  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, Protocol  # noqa: E402

import gradio as gr  # noqa: E402

from assistant import render  # noqa: E402
from assistant.auth import User, is_admin, load_users, make_auth  # noqa: E402
from assistant.errors import AssistantError, IndexNotReady, IngestError, ModelError, QueryError  # noqa: E402
from assistant.feedback import FeedbackStore, default_db_path  # noqa: E402
from assistant.index.store import current_manifest  # noqa: E402
from assistant.ingest.refresh import sha256_file  # noqa: E402
from assistant.settings import Settings  # noqa: E402

log = logging.getLogger("assistant.app")

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
DEFAULT_STALE_AFTER_DAYS = 365
DEFAULT_CONCURRENCY = 2
UPLOAD_FOLDER = "uploads"
UPLOAD_SUFFIXES = (".pdf", ".html", ".htm", ".txt", ".md")
MAX_NAME_CHARS = 120
EXAMPLES = (
    "Hvor mye dekker Interreg av prosjektkostnadene?",
    "Hvilke programmer passer for samarbeid med Sverige om kultur?",
    "Hvem kan gi veiledning om Erasmus+?",
    "Hva er Viken fylkeskommunes rolle overfor kommunene?",
)
TITLE = "Kildeassistent – internasjonalt samarbeid i Mosseregionen"


class Answerer(Protocol):
    """What the app needs of `assistant.service.Assistant`."""

    def ask(self, question: str, history: list[str] | None = None) -> Any: ...

    def warm_up(self) -> None: ...


# ---------------------------------------------------------------------------------------------
# Uploads to the corpus
# ---------------------------------------------------------------------------------------------


class UploadError(AssistantError):
    """An uploaded file is refused; the message (Norwegian) says why."""


def safe_upload_name(name: str) -> str:
    """A file name safe to create in corpus/uploads: no folders, no "..", not hidden, plain characters.

    Letters (æ ø å too), digits, "-", "_" and "." are kept; anything else becomes "_".
    """
    base = re.split(r"[\\/]", unicodedata.normalize("NFC", name or ""))[-1].strip()
    if not base or base in (".", ".."):
        raise UploadError("Filen mangler navn.")
    if base.startswith("."):
        raise UploadError("Skjulte filer (navn som begynner med punktum) kan ikke lastes opp.")
    cleaned = re.sub(r"[^\w.\-]+", "_", base, flags=re.UNICODE)
    cleaned = re.sub(r"\.{2,}", ".", re.sub(r"_{2,}", "_", cleaned))
    stem, dot, suffix = cleaned.rpartition(".")
    stem = stem.strip("._-")
    if not dot or not stem or not suffix:
        raise UploadError("Filnavnet må ha et navn og en filendelse, for eksempel rapport.pdf.")
    stem = stem[: MAX_NAME_CHARS - len(suffix) - 1]
    return f"{stem}.{suffix.lower()}"


def check_upload(path: Path, name: str, max_bytes: int) -> None:
    """Refuse a file by type (suffix, and the PDF signature for .pdf) and by size."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        allowed = ", ".join(UPLOAD_SUFFIXES)
        raise UploadError(f"Filtypen {suffix or '(ingen)'} støttes ikke. Last opp {allowed}.")
    size = path.stat().st_size
    if size == 0:
        raise UploadError("Filen er tom.")
    if size > max_bytes:
        raise UploadError(f"Filen er for stor ({size / 1_048_576:.1f} MB; høyst {max_bytes / 1_048_576:g} MB).")
    with path.open("rb") as fh:
        head = fh.read(8192)
    is_pdf = head[:1024].lstrip().startswith(b"%PDF-")
    if suffix == ".pdf" and not is_pdf:
        raise UploadError("Filen heter .pdf, men er ikke en PDF.")
    if suffix != ".pdf" and (is_pdf or b"\x00" in head):
        raise UploadError(f"Filen heter {suffix}, men ser ikke ut som tekst.")


def save_upload(path: Path, name: str, corpus_dir: Path, max_bytes: int) -> Path:
    """Check an uploaded file and copy it into corpus/uploads under a safe name; returns where.

    A name already taken gets a suffix ("rapport-2.pdf"); a file with the same content as an
    earlier upload is refused. Raises UploadError with a Norwegian message.
    """
    safe = safe_upload_name(name)
    check_upload(path, safe, max_bytes)
    folder = (Path(corpus_dir) / UPLOAD_FOLDER).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    digest = sha256_file(path)
    for existing in sorted(folder.iterdir()):
        if existing.is_file() and existing.stat().st_size == path.stat().st_size and sha256_file(existing) == digest:
            raise UploadError(f"En fil med samme innhold finnes allerede: {UPLOAD_FOLDER}/{existing.name}.")
    stem, suffix = safe.rsplit(".", 1)
    for n in range(1, 1000):
        candidate = folder / (safe if n == 1 else f"{stem}-{n}.{suffix}")
        if candidate.resolve().parent != folder:  # belt and braces: never outside uploads/
            raise UploadError("Ugyldig filnavn.")
        try:
            with candidate.open("xb") as out, path.open("rb") as src:  # "x": never overwrite
                shutil.copyfileobj(src, out)
        except FileExistsError:
            continue
        return candidate
    raise UploadError("For mange filer med samme navn. Gi filen et annet navn.")


# ---------------------------------------------------------------------------------------------
# The conversation
# ---------------------------------------------------------------------------------------------


@dataclass
class Turn:
    """One question and what came back: the answer dict, or the error shown instead."""

    question: str
    html: str
    answer: dict[str, Any] | None = None
    error: str | None = None
    history: list[str] = field(default_factory=list)
    feedback_id: int | None = None
    verdict: str | None = None


def earlier_questions(turns: list[Turn]) -> list[str]:
    """The history `ask` takes: earlier questions that were answered, oldest first."""
    return [t.question for t in turns if t.answer is not None]


def user_message(exc: BaseException) -> str:
    """The Norwegian sentence a user sees for an error (the details go to the log)."""
    if isinstance(exc, QueryError):
        return str(exc)
    if isinstance(exc, IndexNotReady):
        return "Kildeindeksen er ikke klar. Sekretariatet må oppdatere indeksen før assistenten kan svare."
    if isinstance(exc, ModelError):
        return "Språkmodellen kunne ikke lastes. Gi beskjed til sekretariatet."
    if isinstance(exc, AssistantError):
        return f"Spørsmålet kunne ikke besvares: {exc}"
    return render.GENERIC_ERROR


def _messages(turns: list[Turn], pending: str | None = None) -> list[dict[str, str]]:
    messages: list[dict[str, str]] = []
    for t in turns:
        messages.append({"role": "user", "content": render.render_question(t.question)})
        messages.append({"role": "assistant", "content": t.html})
    if pending is not None:
        messages.append({"role": "user", "content": render.render_question(pending)})
        messages.append({"role": "assistant", "content": render.render_pending()})
    return messages


def _feedback_values(turns: list[Turn]) -> list[str | None]:
    return [{"up": "Like", "down": "Dislike"}.get(t.verdict or "") for t in turns]


def _chat(turns: list[Turn], pending: str | None = None) -> Any:
    return gr.Chatbot(value=_messages(turns, pending), feedback_value=_feedback_values(turns))


def _manifest(settings: Settings) -> dict[str, Any] | None:
    """The serving build's manifest, or None when there is no readable index yet."""
    try:
        return current_manifest(settings.index_dir)
    except AssistantError as exc:
        log.warning("index manifest unreadable: %s", exc)
        return None


def _ask_example(respond: Any, text: str) -> Any:
    """A click handler that asks `text` (one per example button)."""

    def ask_example(turns: list[Turn] | None) -> Iterator[Any]:
        yield from respond(text, turns)

    return ask_example


# ---------------------------------------------------------------------------------------------
# The app
# ---------------------------------------------------------------------------------------------


def build_app(
    assistant: Answerer,
    settings: Settings,
    *,
    feedback_db: Path | None = None,
    users: Mapping[str, User] | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    examples: tuple[str, ...] = EXAMPLES,
) -> gr.Blocks:
    """The chat and, for admins (everyone when `users` is None), the corpus page, as gr.Blocks.

    `feedback_db` defaults to var/feedback.sqlite3 beside the index folder. Nothing loads here;
    `launch` starts the server.
    """
    store = FeedbackStore(feedback_db or default_db_path(settings.index_dir))

    def answer_turn(question: str, turns: list[Turn]) -> Turn:
        history = earlier_questions(turns)
        try:
            answer = assistant.ask(question, history=history).to_dict()
        except AssistantError as exc:
            log.info("question refused or failed: %s", exc)
            return Turn(question, render.render_error(user_message(exc)), error=user_message(exc), history=history)
        except Exception:
            log.exception("unexpected error while answering")
            return Turn(question, render.render_error(render.GENERIC_ERROR), error=render.GENERIC_ERROR, history=history)
        return Turn(question, render.render_answer(answer, stale_after_days), answer=answer, history=history)

    def respond(question: str, turns: list[Turn] | None) -> Iterator[tuple[Any, list[Turn], str, str]]:
        turns = list(turns or [])
        question = question or ""
        if not question.strip():
            yield _chat(turns), turns, question, ""
            return
        yield _chat(turns, pending=question), turns, "", ""
        turns.append(answer_turn(question, turns))
        yield _chat(turns), turns, "", ""

    def answer_api(question: str, history: list[str] | None = None) -> dict[str, Any]:
        """The answer as `Answer.to_dict()` plus `stale_notice`; errors come back as a Norwegian message."""
        try:
            answer = assistant.ask(question, history=[h for h in history or [] if isinstance(h, str)]).to_dict()
        except Exception as exc:
            if not isinstance(exc, AssistantError):
                log.exception("unexpected error while answering (API)")
            raise gr.Error(user_message(exc), print_exception=False) from None
        citations = list(answer.get("citations") or [])
        answer["stale_notice"] = render.stale_notice(citations, stale_after_days) if answer.get("answerable") else None
        return answer

    def about() -> str:
        return render.render_about(_manifest(settings))

    def new_conversation() -> tuple[Any, list[Turn], str, str, str]:
        return gr.Chatbot(value=[], feedback_value=[], placeholder=about()), [], "", "", ""

    # A thumb and a comment on the same answer may arrive together; one row per answer.
    feedback_lock = threading.Lock()

    def _record(turn: Turn, *, comment: str | None = None) -> None:
        """Store the turn's verdict (and `comment` when given) in its feedback row, made on first use."""
        with feedback_lock:
            if turn.feedback_id is None:
                turn.feedback_id = store.add(
                    question=turn.question,
                    history=turn.history,
                    answer=turn.answer["answer"] if turn.answer else (turn.error or ""),
                    citations=list(turn.answer.get("citations", [])) if turn.answer else [],
                    verdict=turn.verdict,  # type: ignore[arg-type]
                    comment=comment,
                    index_version=turn.answer.get("index_version") if turn.answer else None,
                )
            elif comment is None:
                store.set_verdict(turn.feedback_id, turn.verdict)  # type: ignore[arg-type]
            else:
                store.set_comment(turn.feedback_id, comment)

    def on_like(turns: list[Turn] | None, like: gr.LikeData) -> tuple[list[Turn], str]:
        turns = list(turns or [])
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        position = int(index) // 2
        if not (0 <= position < len(turns)):
            return turns, ""
        verdict = "up" if like.liked is True else "down" if like.liked is False else None
        turn = turns[position]
        turn.verdict = verdict
        try:
            _record(turn)
        except Exception:
            log.exception("feedback could not be stored")
            return turns, "Tilbakemeldingen kunne ikke lagres."
        if verdict is None:
            return turns, "Tilbakemeldingen er trukket tilbake."
        return turns, "Takk for tilbakemeldingen! Skriv gjerne en kommentar under."

    def on_comment(comment: str, turns: list[Turn] | None) -> tuple[list[Turn], str, str]:
        turns = list(turns or [])
        if not (comment or "").strip():
            return turns, comment, "Skriv en kommentar først."
        if not turns:
            return turns, comment, "Still et spørsmål først; kommentaren gjelder siste svar."
        turn = turns[-1]
        try:
            _record(turn, comment=comment)
        except Exception:
            log.exception("feedback could not be stored")
            return turns, comment, "Kommentaren kunne ikke lagres."
        return turns, "", "Takk! Kommentaren er lagret sammen med siste svar."

    def _admin(request: gr.Request | None) -> bool:
        return is_admin(users, getattr(request, "username", None))

    def on_load(request: gr.Request) -> tuple[Any, Any, str, str]:
        manifest = _manifest(settings)
        admin = _admin(request)
        chat = gr.Chatbot(placeholder=render.render_about(manifest))
        table = render.render_corpus_table(manifest) if admin else ""
        login = render.render_login_line(getattr(request, "username", None), admin, users is not None)
        return chat, gr.Tab(visible=admin), table, login

    def on_upload(file_path: str | None, request: gr.Request) -> tuple[str, Any, str]:
        if not _admin(request):
            return "Bare administratorer kan laste opp filer.", gr.update(value=None), ""
        if not file_path:
            return "Velg en fil først.", gr.update(), render.render_corpus_table(_manifest(settings))
        source = Path(file_path)
        try:
            saved = save_upload(source, source.name, settings.corpus_dir, int(settings.max_file_mb * 1_048_576))
        except UploadError as exc:
            return str(exc), gr.update(value=None), render.render_corpus_table(_manifest(settings))
        log.info("upload saved to %s", saved)
        message = f"Lagret som {UPLOAD_FOLDER}/{saved.name}. Trykk «Oppdater indeksen» for å ta den med i svarene."
        return message, gr.update(value=None), render.render_corpus_table(_manifest(settings))

    def on_refresh(request: gr.Request) -> tuple[str, str]:
        from assistant.service import run_refresh

        if not _admin(request):
            return "Bare administratorer kan oppdatere indeksen.", ""
        try:
            report = run_refresh(settings)
            text = "\n".join(report.lines())
        except IngestError as exc:
            log.warning("refresh failed: %s", exc)
            text = (
                "En annen oppdatering pågår. Prøv igjen når den er ferdig."
                if "another refresh" in str(exc)
                else f"Oppdateringen kunne ikke kjøres: {exc}"
            )
        except Exception:
            log.exception("refresh failed")
            text = "Oppdateringen feilet uventet. Den forrige indeksen er fortsatt i bruk. Se loggen for detaljer."
        return text, render.render_corpus_table(_manifest(settings))

    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=(3600, 86400)) as blocks:
        turns_state = gr.State([])
        gr.Markdown(f"## {TITLE}")
        login_line = gr.HTML(elem_id="login-line", container=False, visible=users is not None)
        with gr.Tabs():
            with gr.Tab("Samtale", id="chat"):
                chatbot = gr.Chatbot(
                    elem_id="chat",
                    label="Samtale",
                    height="72vh",
                    min_height=420,
                    sanitize_html=True,
                    allow_tags=False,
                    render_markdown=True,
                    latex_delimiters=[],
                    feedback_options=("Like", "Dislike"),
                    buttons=[],  # its copy button would copy our HTML source, not the text
                    placeholder=render.render_about(_manifest(settings)),
                )
                with gr.Row(equal_height=True):
                    question = gr.Textbox(
                        elem_id="question",
                        show_label=False,
                        placeholder="Skriv spørsmålet ditt her og trykk Enter …",
                        lines=1,
                        max_lines=4,
                        scale=8,
                        autofocus=True,
                    )
                    ask_button = gr.Button("Spør", variant="primary", scale=1, min_width=90, elem_id="ask")
                    new_button = gr.Button("Ny samtale", variant="secondary", scale=1, min_width=110, elem_id="new-conversation")
                gr.Markdown("**Eksempler** – klikk for å spørre:")
                with gr.Row():
                    example_buttons = [gr.Button(q, size="sm", elem_classes=["mra-example"]) for q in examples]
                with gr.Row(equal_height=True):
                    comment = gr.Textbox(
                        elem_id="comment",
                        show_label=False,
                        placeholder="Kommentar til siste svar (valgfritt): hva var bra eller galt?",
                        lines=1,
                        max_lines=4,
                        scale=8,
                    )
                    comment_button = gr.Button("Send kommentar", scale=2, min_width=140, elem_id="send-comment")
                status = gr.Markdown(elem_id="feedback-status")
            with gr.Tab("Kilder og oppdatering", id="corpus", visible=users is None) as corpus_tab:
                gr.Markdown(
                    "### Kildene i indeksen\nLast opp en PDF, HTML- eller tekstfil (.pdf .html .htm .txt .md, "
                    f"høyst {settings.max_file_mb:g} MB). Den lagres i `corpus/uploads/`; trykk så «Oppdater indeksen»."
                )
                corpus_table = gr.HTML(elem_id="corpus-table")
                with gr.Row():
                    upload = gr.File(label="Fil", file_types=list(UPLOAD_SUFFIXES), type="filepath", scale=3)
                    with gr.Column(scale=1):
                        upload_button = gr.Button("Last opp", elem_id="upload")
                        refresh_button = gr.Button("Oppdater indeksen", variant="primary", elem_id="refresh")
                upload_status = gr.Textbox(label="Opplasting", interactive=False, elem_id="upload-status")
                refresh_report = gr.Textbox(label="Rapport fra oppdateringen", interactive=False, lines=6, elem_id="refresh-report")

        chat_outputs = [chatbot, turns_state, question, status]
        question.submit(respond, [question, turns_state], chat_outputs, api_name="ask", concurrency_id="ask")
        ask_button.click(respond, [question, turns_state], chat_outputs, api_visibility="private", concurrency_id="ask")
        for button, text in zip(example_buttons, examples):
            button.click(
                _ask_example(respond, text),
                [turns_state],
                chat_outputs,
                api_visibility="private",
                concurrency_id="ask",
            )
        reset_outputs = [chatbot, turns_state, question, status, comment]
        new_button.click(new_conversation, None, reset_outputs, api_visibility="private")
        chatbot.clear(new_conversation, None, reset_outputs, api_visibility="private")
        chatbot.like(on_like, [turns_state], [turns_state, status], api_visibility="private")
        comment_button.click(on_comment, [comment, turns_state], [turns_state, comment, status], api_visibility="private")
        comment.submit(on_comment, [comment, turns_state], [turns_state, comment, status], api_visibility="private")
        upload_button.click(on_upload, [upload], [upload_status, upload, corpus_table], api_visibility="private")
        refresh_button.click(on_refresh, None, [refresh_report, corpus_table], api_visibility="private", concurrency_limit=1)
        gr.api(answer_api, api_name="answer", concurrency_id="ask")
        blocks.load(on_load, None, [chatbot, corpus_tab, corpus_table, login_line], api_visibility="private")
    return blocks


def launch(
    blocks: gr.Blocks,
    settings: Settings,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    users: Mapping[str, User] | None = None,
    concurrency: int = DEFAULT_CONCURRENCY,
    block: bool = True,
) -> str:
    """Start the server for `blocks`; returns its local URL. With `block=False` it runs in a thread
    (stop it with `blocks.close()`)."""
    if users is None and host not in ("127.0.0.1", "localhost", "::1"):
        log.warning("serving on %s without login: anyone who can reach it can upload to the corpus", host)
    blocks.queue(default_concurrency_limit=concurrency, max_size=64)
    _, url, _ = blocks.launch(
        server_name=host,
        server_port=port,
        auth=make_auth(users) if users is not None else None,
        auth_message="Logg inn med brukernavnet og passordet du har fått fra sekretariatet.",
        show_error=False,
        max_file_size=f"{settings.max_file_mb:g}mb",
        ssr_mode=False,
        mcp_server=False,
        pwa=False,
        enable_monitoring=False,
        prevent_thread_lock=not block,
        quiet=not block,
        css=render.CSS,
        footer_links=["api"],
    )
    return url


def serve(
    settings: Settings | None = None,
    host: str = DEFAULT_HOST,
    port: int = DEFAULT_PORT,
    *,
    users_file: Path | None = None,
    feedback_db: Path | None = None,
    stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
    concurrency: int = DEFAULT_CONCURRENCY,
    assistant: Answerer | None = None,
    block: bool = True,
) -> tuple[gr.Blocks, str]:
    """Load the model and index once, then serve the chat on http://host:port (loopback by default).

    `users_file` turns on login (see `assistant.auth`); without it anyone who can reach the port
    may use the chat and the corpus page. Example: `assistant serve --port 7860`.
    """
    from assistant.service import Assistant
    from assistant.settings import load_settings

    settings = settings or load_settings()
    users = load_users(Path(users_file)) if users_file else None
    assistant = assistant or Assistant.load(settings)
    try:
        assistant.warm_up()
    except IndexNotReady as exc:
        # The chat still starts: the corpus page can build the index, and questions say it is not ready.
        log.warning("index not ready at start: %s", exc)
    blocks = build_app(assistant, settings, feedback_db=feedback_db, users=users, stale_after_days=stale_after_days)
    url = launch(blocks, settings, host, port, users=users, concurrency=concurrency, block=block)
    return blocks, url
