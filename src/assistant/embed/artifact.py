"""A learned array bundled with the code: one `.npy` file (no pickle) and a JSON manifest.

The query adapter (`embed.adapter`) and the answerability prior (`embed.answerability`) are each
one array trained for one embedding model. `save` writes the array and its manifest (the format
version, the model, the array's SHA-256 and whatever the trainer records), each file replaced
whole; `load` checks them back and raises a `ModelError` in Norwegian naming the folder and what is
wrong, so a bad folder is one line to the user.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ModelError

MANIFEST_FILE = "manifest.json"


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_model(folder: Path) -> str | None:
    """The model the array in `folder` was trained for, or None when there is none."""
    try:
        return json.loads((folder / MANIFEST_FILE).read_text(encoding="utf-8")).get("model")
    except (OSError, ValueError, AttributeError):
        return None


def save(folder: Path, array_file: str, array: np.ndarray, manifest: dict[str, Any], format_version: int) -> None:
    """Write `array` (as float32) and its manifest into `folder` (created)."""
    folder.mkdir(parents=True, exist_ok=True)
    tmp_array = folder / (array_file + ".tmp")
    with tmp_array.open("wb") as out:
        np.save(out, np.ascontiguousarray(array, dtype=np.float32), allow_pickle=False)
    manifest = {**manifest, "format_version": format_version, f"{Path(array_file).stem}_sha256": file_digest(tmp_array)}
    tmp_manifest = folder / (MANIFEST_FILE + ".tmp")
    tmp_manifest.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    tmp_array.replace(folder / array_file)
    tmp_manifest.replace(folder / MANIFEST_FILE)


def load(folder: Path, array_file: str, model: str, format_version: int, what: str) -> tuple[np.ndarray, dict[str, Any]]:
    """The array in `folder` and its manifest, checked against the format version, the model it
    must belong to and the checksum; `what` names the artifact in the messages."""
    manifest_path, array_path = folder / MANIFEST_FILE, folder / array_file
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ModelError(f"{what} {folder}: {MANIFEST_FILE} mangler") from None
    except (OSError, ValueError) as exc:
        raise ModelError(f"{what} {folder}: {MANIFEST_FILE} er ikke gyldig JSON ({exc})") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != format_version:
        found = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise ModelError(f"{what} {folder}: formatversjon {found!r}, forventet {format_version}")
    if manifest.get("model") != model:
        raise ModelError(f"{what} {folder}: trent for modellen {manifest.get('model')!r}, ikke {model!r}")
    if not array_path.is_file():
        raise ModelError(f"{what} {folder}: {array_file} mangler")
    if manifest.get(f"{Path(array_file).stem}_sha256") != file_digest(array_path):
        raise ModelError(f"{what} {folder}: {array_file} stemmer ikke med manifestet (sjekksum)")
    try:
        array = np.load(array_path, allow_pickle=False)
    except (OSError, ValueError) as exc:
        raise ModelError(f"{what} {folder}: {array_file} kan ikke leses ({exc})") from None
    return np.ascontiguousarray(array, dtype=np.float32), manifest
