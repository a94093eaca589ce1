"""End to end in headless Chromium: the chat over the repo's real index, as a user sees it.

Needs Debian's chromium (/usr/bin/chromium) and the python `playwright` package; Playwright's own
browser download is not used. The app runs in-process on a free loopback port.
"""

from __future__ import annotations

import json
import shutil
import os
import socket
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from assistant.auth import user_entry
from assistant.service import Assistant
from assistant.settings import load_settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST = "Hvor mye dekker Interreg av prosjektkostnadene?"
FOLLOW_UP = "Hvem kan gi veiledning om det?"
# Gradio labels its thumbs in the browser's language.
DISLIKE = "#chat button[aria-label='Liker ikke'], #chat button[aria-label='Dislike']"
TIMEOUT_MS = 30_000


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    # `make test` installs both; only a bare `pytest` on a machine without them skips, never CI.
    missing = None
    try:
        from playwright import sync_api
    except ImportError:
        missing = "pip install playwright (see the Makefile)"
    if missing is None and not Path(CHROMIUM).is_file():
        missing = "no chromium: run `make browser` (apt-get install chromium)"
    if missing:
        if os.environ.get("CI"):
            pytest.fail(missing)
        pytest.skip(missing)
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Server:
    url: str
    feedback_db: Path
    assistant: Assistant


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """The chat over the real index (the repo's index/, built by `make test`), feedback in a temp DB."""
    from assistant.app import serve

    db = tmp_path_factory.mktemp("browser") / "feedback.sqlite3"
    assistant = Assistant.load(load_settings())
    blocks, url = serve(assistant.settings, "127.0.0.1", free_port(), feedback_db=db, assistant=assistant, block=False)
    try:
        yield Server(url, db, assistant)
    finally:
        blocks.close()


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 1200}, locale="nb-NO")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    page.goto(server.url)
    page.wait_for_selector("#question textarea")
    yield page
    context.close()


def ask(page, question: str, answers_before: int, *, button: bool = False) -> None:
    page.fill("#question textarea", question)
    if button:
        page.click("#ask")
    else:
        page.keyboard.press("Enter")
    page.wait_for_function(
        f"document.querySelectorAll('#chat .mra-answer:not(.mra-pending)').length > {answers_before}"
    )


def test_chat_answers_with_sources_follow_up_and_feedback(page, server, tmp_path_factory):
    assert "Hva assistenten vet" in page.inner_text("#chat")  # the empty state

    ask(page, FIRST, 0)
    answer = page.locator("#chat .mra-answer").last
    assert "[1]" in answer.locator(".mra-text").inner_text()
    assert "50 % dekning av prosjektkostnader" in answer.inner_text()
    first_source = answer.locator("details.mra-source").first
    summary = first_source.locator("summary").inner_text()
    assert "[1]" in summary and "s. 11" in summary and "7. september 2021" in summary
    assert not first_source.locator("mark").is_visible()
    first_source.locator("summary").click()
    mark = first_source.locator("mark")
    mark.wait_for(state="visible")
    assert "50 % dekning av prosjektkostnader" in mark.inner_text()
    assert "kan ha endret seg" in answer.locator(".mra-stale").inner_text()

    ask(page, FOLLOW_UP, 1, button=True)
    follow_up = page.locator("#chat .mra-answer").last
    assert "Viken fylkeskommune" in follow_up.inner_text()
    assert follow_up.locator("details.mra-source").count() >= 1

    page.locator(DISLIKE).last.click()
    page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('Takk for tilbakemeldingen')")
    page.fill("#comment textarea", "Svaret burde nevne Interreg-sekretariatet.")
    page.click("#send-comment")
    page.wait_for_function("document.querySelector('#feedback-status').innerText.includes('Kommentaren er lagret')")

    shots = tmp_path_factory.mktemp("screenshots")
    page.screenshot(path=str(shots / "chat.png"), full_page=True)
    print(f"screenshot: {shots / 'chat.png'}")

    with sqlite3.connect(server.feedback_db) as conn:
        rows = conn.execute("SELECT question, history, verdict, comment, index_version, citations FROM feedback").fetchall()
    assert len(rows) == 1
    question, history, verdict, comment, index_version, citations = rows[0]
    assert (question, json.loads(history)) == (FOLLOW_UP, [FIRST])
    assert (verdict, comment) == ("down", "Svaret burde nevne Interreg-sekretariatet.")
    assert index_version == (load_settings().index_dir / "CURRENT").read_text().strip()
    assert json.loads(citations)[0]["source"] == "forstudie-2021"


def test_question_with_markup_is_shown_as_text(page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    question = '<script>alert(1)</script> <img src=x onerror="window.__xss=1"> Hva er Interreg?'
    ask(page, question, 0)
    shown = page.locator("#chat .mra-question").last
    assert shown.inner_text() == question
    assert page.evaluate("document.querySelectorAll('#chat script, #chat img[src=\"x\"]').length") == 0
    assert page.evaluate("window.__xss === undefined")
    assert dialogs == []


def test_new_conversation_forgets_the_history(page):
    ask(page, FIRST, 0)
    page.click("#new-conversation")
    page.wait_for_function("document.querySelectorAll('#chat .mra-answer').length === 0")
    assert "Hva assistenten vet" in page.inner_text("#chat")
    ask(page, FOLLOW_UP, 0)
    # Without the earlier question there is nothing for "det" to point at: no carried subject.
    assert page.locator("#chat .mra-carried").count() == 0


def test_corpus_page_is_only_for_admins(browser, server, tmp_path_factory):
    from assistant.app import serve

    users_file = tmp_path_factory.mktemp("users") / "users.toml"
    users_file.write_text(user_entry("kari", "admin", "admin-passord") + user_entry("ola", "user", "bruker-passord"), encoding="utf-8")
    blocks, url = serve(
        server.assistant.settings,
        "127.0.0.1",
        free_port(),
        users_file=users_file,
        feedback_db=server.feedback_db,
        assistant=server.assistant,
        block=False,
    )
    try:
        seen = {}
        for name, password in (("ola", "bruker-passord"), ("kari", "admin-passord")):
            context = browser.new_context(locale="nb-NO")
            page = context.new_page()
            page.set_default_timeout(TIMEOUT_MS)
            page.goto(url)
            page.fill("input[type=text]", name)
            page.fill("input[type=password]", password)
            page.keyboard.press("Enter")
            page.wait_for_selector("#question textarea")
            page.wait_for_selector("#login-line .mra-login[data-ready]")  # the page's load event has run
            assert f"Innlogget som {name}" in page.inner_text("#login-line")
            if name == "kari":
                # The load event's updates can reach the tab list a frame after the login line.
                page.get_by_role("tab", name="Kilder og oppdatering").wait_for()
            seen[name] = [t.inner_text() for t in page.locator("button[role=tab]").all()]
            if name == "kari":
                page.get_by_role("tab", name="Kilder og oppdatering").click()
                page.wait_for_function("document.querySelector('#corpus-table').innerText.includes('Tekstbiter')")
                assert "7. september 2021" in page.inner_text("#corpus-table")
            context.close()
        assert seen == {"ola": ["Samtale"], "kari": ["Samtale", "Kilder og oppdatering"]}
    finally:
        blocks.close()
