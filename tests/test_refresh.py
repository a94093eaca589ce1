"""The refresh: incremental paths, bad input, atomicity. Unit tests use the hash embedder."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.errors import IndexNotReady
from assistant.index import store
from assistant.ingest.refresh import refresh

from pdf_factory import write_encrypted_pdf, write_image_only_pdf, write_text_pdf

pytestmark = pytest.mark.unit

TEXT = """INTERNASJONALT SAMARBEID

Kulturskolen i Moss har hatt utveksling med en skole i Spania. Elevene fikk innsikt i andre lands
undervisningsformer, og lærerne lærte mye av hverandre.

Finansiering

Prosjektet ble finansiert av Erasmus+ med full dekning av reisekostnadene for elever og lærere.
"""

MARKDOWN = """# Vennskapskommuner

Råde har en vennskapskommune i Sverige. Samarbeidet har ligget nede under pandemien, men skal tas
opp igjen med besøk av ungdomsrådet.
"""


class CountingEmbedder:
    """The hash embedder, counting what it is asked to embed (the refresh's third-party seam)."""

    def __init__(self, inner):
        self.inner = inner
        self.model_id = inner.model_id
        self.dim = inner.dim
        self.query_prompt = inner.query_prompt
        self.passage_prompt = inner.passage_prompt
        self.embedded = 0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts, batch_size=32, show_progress=False):
        self.embedded += len(texts)
        return self.inner.embed_passages(texts)


@pytest.fixture
def embedder(hash_embedder):
    return CountingEmbedder(hash_embedder)


def run(corpus: Path, index: Path, embedder, **kw):
    return refresh(corpus, index, lambda: embedder, "hash-embedder", **kw)


def write_basic(corpus: Path) -> None:
    (corpus / "appendices" / "moss.txt").write_text(TEXT, encoding="utf-8")
    (corpus / "programmes" / "vennskap.md").write_text(MARKDOWN, encoding="utf-8")


def loaded(index: Path) -> store.LoadedIndex:
    return store.IndexHandle(index).get()


def test_first_refresh_adds_every_source_and_builds_a_loadable_index(corpus, tmp_path, embedder):
    write_basic(corpus)
    report = run(corpus, tmp_path / "index", embedder)
    assert sorted(report.added) == ["appendices-moss", "programmes-vennskap"]
    idx = loaded(tmp_path / "index")
    assert {c.source_id for c in idx.chunks} == {"appendices-moss", "programmes-vennskap"}
    assert idx.manifest["format_version"] == store.FORMAT_VERSION
    assert idx.manifest["model"]["id"] == "hash-embedder"
    assert idx.sources["programmes-vennskap"]["title"] == "Vennskapskommuner"
    for chunk in idx.chunks:
        page = idx.pages[(chunk.source_id, chunk.page)]
        assert page.text[chunk.start : chunk.end] == chunk.text


def test_a_refresh_without_changes_says_so_and_embeds_nothing(corpus, tmp_path):
    write_basic(corpus)
    run(corpus, tmp_path / "index", CountingEmbedder_from_hash())
    calls = []

    def factory():
        calls.append(1)
        raise AssertionError("a no-change refresh must not load the model")

    report = refresh(corpus, tmp_path / "index", factory, "hash-embedder")
    assert not report.changed_anything and report.build_id is None
    assert sorted(report.unchanged) == ["appendices-moss", "programmes-vennskap"]
    assert report.lines()[0].startswith("Ingen endringer")
    assert calls == []


def CountingEmbedder_from_hash():
    from assistant.embed import HashEmbedder

    return CountingEmbedder(HashEmbedder())


def test_a_changed_source_is_rechunked_and_unchanged_passages_reuse_their_vectors(corpus, tmp_path, embedder):
    write_basic(corpus)
    first = run(corpus, tmp_path / "index", embedder)
    before = embedder.embedded
    (corpus / "appendices" / "moss.txt").write_text(TEXT + "\nNy avsnitt om Vestby og Våler som vil søke Interreg.\n", encoding="utf-8")
    report = run(corpus, tmp_path / "index", embedder)
    assert report.changed == ["appendices-moss"] and report.unchanged == ["programmes-vennskap"]
    assert report.chunks_reused > 0
    assert embedder.embedded - before < first.chunks_total + 20
    assert any("Vestby" in c.text for c in loaded(tmp_path / "index").chunks)


def test_a_removed_source_leaves_the_index(corpus, tmp_path, embedder):
    write_basic(corpus)
    run(corpus, tmp_path / "index", embedder)
    (corpus / "programmes" / "vennskap.md").unlink()
    report = run(corpus, tmp_path / "index", embedder)
    assert report.removed == ["programmes-vennskap"]
    assert {c.source_id for c in loaded(tmp_path / "index").chunks} == {"appendices-moss"}


@pytest.mark.parametrize(
    "name, make, reason",
    [
        ("korrupt.pdf", lambda p: p.write_bytes(b"%PDF-1.4\n1 0 obj <<\ngarbage"), "PDF"),
        ("kryptert.pdf", lambda p: write_encrypted_pdf(p, "hemmelig"), "encrypted"),
        ("skannet.pdf", write_image_only_pdf, "text layer"),
        ("tom.txt", lambda p: p.write_bytes(b""), "empty"),
        ("skript.html", lambda p: p.write_text("<html><head><script>var a=1;</script></head><body><script>x()</script></body></html>"), "HTML"),
        ("regneark.xlsx", lambda p: p.write_bytes(b"PK\x03\x04 not a spreadsheet we read"), "unsupported"),
        ("stor.txt", lambda p: p.write_text("Stor fil. " * 20000), "larger"),
        ("kopi.txt", lambda p: p.write_text(TEXT, encoding="utf-8"), "same content"),
    ],
)
def test_each_bad_file_is_reported_and_skipped_and_the_rest_goes_through(corpus, tmp_path, embedder, name, make, reason):
    write_basic(corpus)
    make(corpus / "uploads" / name)
    report = run(corpus, tmp_path / "index", embedder, max_bytes=100_000)
    assert [s.path for s in report.skipped] == [f"uploads/{name}"]
    assert reason.lower() in report.skipped[0].reason.lower()
    assert sorted(report.added) == ["appendices-moss", "programmes-vennskap"]
    assert any(line.startswith(f"Hoppet over uploads/{name}") for line in report.lines())


def test_a_latin1_text_file_is_read_with_its_letters_intact(corpus, tmp_path, embedder):
    (corpus / "uploads" / "latin1.txt").write_bytes("Søknad om støtte til kulturskolen i Råde og Våler, på særlige vilkår.".encode("latin-1"))
    report = run(corpus, tmp_path / "index", embedder)
    assert report.added == ["uploads-latin1"] and not report.skipped
    assert "Søknad om støtte til kulturskolen i Råde" in loaded(tmp_path / "index").chunks[0].text


def test_a_text_pdf_is_indexed_with_its_page_numbers(corpus, tmp_path, embedder):
    write_text_pdf(corpus / "appendices" / "vedlegg.pdf", ["Side en om Erasmus+ og skoler i Moss.", "Side to om Interreg og grensesamarbeid."], title="Vedlegg 3")
    run(corpus, tmp_path / "index", embedder)
    pages = {c.page: c.text for c in loaded(tmp_path / "index").chunks}
    assert "Interreg" in pages[2] and "Erasmus+" in pages[1]


def test_a_source_that_turns_bad_keeps_its_last_good_version(corpus, tmp_path, embedder):
    write_basic(corpus)
    run(corpus, tmp_path / "index", embedder)
    (corpus / "appendices" / "moss.txt").write_bytes(b"")
    report = run(corpus, tmp_path / "index", embedder)
    assert report.skipped[0].kept_previous
    assert any("Spania" in c.text for c in loaded(tmp_path / "index").chunks)


def test_an_index_built_by_another_model_is_refused_with_a_hint(corpus, tmp_path, embedder):
    write_basic(corpus)
    run(corpus, tmp_path / "index", embedder)
    with pytest.raises(IndexNotReady, match="assistant ingest"):
        store.IndexHandle(tmp_path / "index", expected_model="multilingual-e5-small").get()


def test_an_unknown_format_version_is_refused(corpus, tmp_path, embedder):
    write_basic(corpus)
    report = run(corpus, tmp_path / "index", embedder)
    manifest = tmp_path / "index" / "builds" / report.build_id / "manifest.json"
    manifest.write_text(manifest.read_text().replace('"format_version": 1', '"format_version": 99'))
    with pytest.raises(IndexNotReady, match="format 99"):
        loaded(tmp_path / "index")


def test_a_leftover_half_build_does_not_disturb_the_serving_index(corpus, tmp_path, embedder):
    write_basic(corpus)
    report = run(corpus, tmp_path / "index", embedder)
    half = tmp_path / "index" / "builds" / ".20990101T000000-deadbeef.tmp"
    half.mkdir()
    (half / "chunks.jsonl").write_text("{broken")
    assert loaded(tmp_path / "index").build_id == report.build_id
    (corpus / "programmes" / "vennskap.md").unlink()
    run(corpus, tmp_path / "index", embedder)
    assert not half.exists()


def test_the_handle_picks_up_a_new_build_without_a_restart(corpus, tmp_path, embedder):
    write_basic(corpus)
    run(corpus, tmp_path / "index", embedder)
    handle = store.IndexHandle(tmp_path / "index")
    first = handle.get().build_id
    (corpus / "uploads" / "ny.txt").write_text("En helt ny kilde om Horisont Europa og forskning.", encoding="utf-8")
    run(corpus, tmp_path / "index", embedder)
    assert handle.get().build_id != first
    assert any(c.source_id == "uploads-ny" for c in handle.get().chunks)
