"""`assistant ingest --fetch` against a real HTTP server on loopback (no other network is used)."""

from __future__ import annotations

import http.server
import socket
import threading

import pytest

from assistant.ingest.fetch import fetch_pages

pytestmark = pytest.mark.unit

PAGE = b"<html><head><title>Erasmus+</title></head><body><main><h1>Erasmus+</h1><p>Ny side.</p></main></body></html>"


@pytest.fixture
def server():
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            if self.path == "/erasmus":
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(PAGE)
            else:
                self.send_error(404)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_fetch_saves_reachable_pages_and_keeps_the_last_copy_of_the_others(corpus, server):
    (corpus / "programmes" / "gone.html").write_text("<html><body><p>Forrige kopi.</p></body></html>")
    (corpus / "sources.toml").write_text(
        "format_version = 1\n"
        f'[[source]]\nid = "erasmus"\nurl = "{server}/erasmus"\nfile = "programmes/erasmus.html"\ntitle = "Erasmus+"\nkind = "programme_page"\n'
        f'[[source]]\nid = "gone"\nurl = "{server}/gone"\nfile = "programmes/gone.html"\ntitle = "Borte"\nkind = "programme_page"\n'
        f'[[source]]\nid = "down"\nurl = "http://127.0.0.1:{closed_port()}/x"\nfile = "programmes/down.html"\ntitle = "Nede"\nkind = "programme_page"\n',
        encoding="utf-8",
    )
    results = {r.source_id: r for r in fetch_pages(corpus, timeout=5)}
    assert results["erasmus"].ok and (corpus / "programmes" / "erasmus.html").read_bytes() == PAGE
    assert not results["gone"].ok and "404" in results["gone"].message
    assert (corpus / "programmes" / "gone.html").read_text() == "<html><body><p>Forrige kopi.</p></body></html>"
    assert not results["down"].ok and not (corpus / "programmes" / "down.html").exists()
    assert not list((corpus / "programmes").glob(".*.part"))
