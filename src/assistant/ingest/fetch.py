"""`assistant ingest --fetch`: save the programme pages the manifest lists, where the network allows."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from assistant.ingest.sources import discover_sources

USER_AGENT = "mosse-assistant/0.1 (+corpus refresh)"


@dataclass(frozen=True)
class FetchResult:
    source_id: str
    url: str
    ok: bool
    message: str


def fetch_pages(corpus_dir: Path, timeout: float = 15.0, max_bytes: int = 20 * 1024 * 1024) -> list[FetchResult]:
    """Download every listed source that has a URL; a failure keeps the last saved copy untouched."""
    results = []
    for source in discover_sources(corpus_dir):
        url = source.meta.url
        if not source.listed or not url:
            continue
        try:
            request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
            with urllib.request.urlopen(request, timeout=timeout) as response:
                body = response.read(max_bytes + 1)
            if len(body) > max_bytes:
                raise ValueError(f"larger than {max_bytes // (1024 * 1024)} MB")
            if not body.strip():
                raise ValueError("empty response")
        except urllib.error.HTTPError as exc:
            results.append(FetchResult(source.meta.id, url, False, f"{url} (HTTP {exc.code} {exc.reason})"))
            continue
        except (urllib.error.URLError, OSError, ValueError) as exc:
            reason = getattr(exc, "reason", exc)
            results.append(FetchResult(source.meta.id, url, False, f"{url} ({reason})"))
            continue
        source.file.parent.mkdir(parents=True, exist_ok=True)
        tmp = source.file.with_name(f".{source.file.name}.part")
        tmp.write_bytes(body)
        os.replace(tmp, source.file)
        results.append(FetchResult(source.meta.id, url, True, url))
    return results
