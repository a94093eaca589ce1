"""The corpus manifest (corpus/sources.toml): validated entries, plus files found without an entry."""

from __future__ import annotations

import datetime as dt
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.errors import IngestError
from assistant.records import SourceMeta

MANIFEST_NAME = "sources.toml"
MANIFEST_FORMAT_VERSION = 1
# Folders whose files are ingested even without a manifest entry.
SCANNED_FOLDERS = ("report", "appendices", "programmes", "uploads")
FOLDER_KIND = {"report": "report", "appendices": "appendix", "programmes": "programme_page", "uploads": "other"}
FORMATS = ("pdf", "html", "text", "markdown", "pdftext")


class SourceEntry(BaseModel):
    """One [[source]] of the manifest."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
    file: str
    title: str
    kind: Literal["report", "appendix", "programme_page", "other"]
    url: str | None = None
    publisher: str | None = None
    date: dt.date | None = None
    language: str = "nb"
    format: Literal["pdf", "html", "text", "markdown", "pdftext"] | None = None

    @field_validator("file")
    @classmethod
    def _inside_corpus(cls, value: str) -> str:
        path = Path(value)
        if path.is_absolute() or ".." in path.parts:
            raise ValueError("must be a relative path inside corpus/")
        return path.as_posix()


class SourcesFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    format_version: int
    source: list[SourceEntry] = []


@dataclass(frozen=True)
class CorpusSource:
    """A source to ingest: its metadata and the file that holds it (which may not exist yet)."""

    meta: SourceMeta
    file: Path
    listed: bool


def load_manifest(corpus_dir: Path) -> list[SourceEntry]:
    """The manifest's entries; a missing manifest means none. A bad manifest is an error that names the problem."""
    path = corpus_dir / MANIFEST_NAME
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        parsed = SourcesFile.model_validate(data)
    except tomllib.TOMLDecodeError as exc:
        raise IngestError(f"{path}: not valid TOML: {exc}") from None
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err["loc"])
        raise IngestError(f"{path}: {where}: {err['msg']}") from None
    if parsed.format_version != MANIFEST_FORMAT_VERSION:
        raise IngestError(f"{path}: format_version {parsed.format_version} is not supported (expected {MANIFEST_FORMAT_VERSION})")
    seen: set[str] = set()
    for entry in parsed.source:
        if entry.id in seen:
            raise IngestError(f"{path}: source id {entry.id!r} is listed twice")
        seen.add(entry.id)
    return parsed.source


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug or "source"


def discover_sources(corpus_dir: Path) -> list[CorpusSource]:
    """Manifest entries first, then every file in the scanned folders that no entry names."""
    entries = load_manifest(corpus_dir)
    sources = [
        CorpusSource(
            meta=SourceMeta(
                id=e.id,
                path=e.file,
                title=e.title,
                kind=e.kind,
                publisher=e.publisher,
                date=e.date.isoformat() if e.date else None,
                language=e.language,
                url=e.url,
                format=e.format,
            ),
            file=corpus_dir / e.file,
            listed=True,
        )
        for e in entries
    ]
    listed_files = {e.file for e in entries}
    used_ids = {e.id for e in entries}
    for folder in SCANNED_FOLDERS:
        root = corpus_dir / folder
        if not root.is_dir():
            continue
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            rel = path.relative_to(corpus_dir).as_posix()
            if rel in listed_files or path.name.startswith(".") or path.name.lower() == "readme.md":
                continue
            source_id = _slug(path.relative_to(corpus_dir).with_suffix("").as_posix())
            while source_id in used_ids:
                source_id += "-x"
            used_ids.add(source_id)
            mtime = dt.datetime.fromtimestamp(path.stat().st_mtime, tz=dt.timezone.utc).date()
            sources.append(
                CorpusSource(
                    meta=SourceMeta(
                        id=source_id,
                        path=rel,
                        title=path.stem.replace("_", " ").replace("-", " "),
                        kind=FOLDER_KIND[folder],
                        date=mtime.isoformat(),
                    ),
                    file=path,
                    listed=False,
                )
            )
    return sources
