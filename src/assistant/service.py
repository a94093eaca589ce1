"""Composition of the stages for the CLI, the chat and outside scripts. No stage is implemented here."""

from __future__ import annotations

from collections.abc import Callable

from assistant.settings import Settings, project_root


def structure_rules_file(settings: Settings):
    path = project_root() / "ingest" / "structure.toml"
    return path if path.is_file() else None


def run_refresh(settings: Settings, fetch: bool = False, progress: Callable[[str], None] | None = None):
    """Fetch (optionally), then refresh the index of `settings.corpus_dir` into `settings.index_dir`."""
    import sys

    from assistant.embed import load_embedder
    from assistant.ingest.fetch import fetch_pages
    from assistant.ingest.refresh import refresh

    fetched = fetch_pages(settings.corpus_dir) if fetch else []
    report = refresh(
        settings.corpus_dir,
        settings.index_dir,
        lambda: load_embedder(settings),
        settings.embed_model,
        rules_file=structure_rules_file(settings),
        max_bytes=int(settings.max_file_mb * 1024 * 1024),
        batch_size=settings.embed_batch_size,
        progress=progress or (lambda msg: None),
        show_progress_bar=progress is not None and sys.stderr.isatty(),
    )
    report.fetched = [r.url for r in fetched if r.ok]
    report.fetch_failed = [r.message for r in fetched if not r.ok]
    return report
