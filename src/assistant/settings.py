"""One typed settings object: defaults, an optional TOML file, and ASSISTANT_* environment overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict, TomlConfigSettingsSource

from assistant.errors import SettingsError

ENV_PREFIX = "ASSISTANT_"
DEFAULT_MODEL = "multilingual-e5-small"


def project_root() -> Path:
    """The checkout this package runs from (editable install), else the working directory."""
    here = Path(__file__).resolve().parents[2]
    return here if (here / "pyproject.toml").is_file() else Path.cwd()


def _default_cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "mosse-assistant"


class Settings(BaseSettings):
    """Every knob of the assistant. Environment: ASSISTANT_<FIELD>, e.g. ASSISTANT_INDEX_DIR."""

    model_config = SettingsConfigDict(env_prefix=ENV_PREFIX, extra="forbid", frozen=True, validate_default=True)

    corpus_dir: Path = Field(default_factory=lambda: project_root() / "corpus")
    index_dir: Path = Field(default_factory=lambda: project_root() / "index")
    cache_dir: Path = Field(default_factory=_default_cache_dir)
    settings_file: Path | None = None

    # The embedding model: the bundled default, or any sentence-transformers folder or model id.
    embed_model: str = DEFAULT_MODEL
    query_prompt: str | None = None
    passage_prompt: str | None = None
    embed_batch_size: int = Field(default=32, ge=1, le=1024)
    # The query adapter (`embed.adapter`): "bundled" (trained for the bundled model), "off", or a
    # folder written by `assistant adapt`.
    query_adapter: str = "bundled"
    # The answerability prior (`embed.answerability`): "bundled", "off", or a folder written by
    # `assistant answerability`.
    answerability: str = "bundled"
    # Torch threads while answering questions (ingest keeps torch's default).
    query_threads: int = Field(default=1, ge=1, le=64)

    # Ingestion limits.
    max_file_mb: float = Field(default=50.0, gt=0)

    # The municipalities a conversation may be about (a follow-up can switch between them).
    municipalities: tuple[str, ...] = ("Moss", "Råde", "Vestby", "Våler")

    # The chat: an optional users file (login, roles user/admin; `assistant user add` writes
    # entries), where feedback is stored, and the age after which sources count as old.
    users_file: Path | None = None
    feedback_db: Path | None = None
    stale_after_days: int = Field(default=365, ge=1)
    concurrency: int = Field(default=2, ge=1, le=64)

    @field_validator("embed_model")
    @classmethod
    def _model_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must name a model or a folder")
        return value.strip()

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        sources: list[PydanticBaseSettingsSource] = [init_settings, env_settings]
        toml_path = os.environ.get(ENV_PREFIX + "SETTINGS_FILE")
        if toml_path:
            sources.append(TomlConfigSettingsSource(settings_cls, toml_file=Path(toml_path)))
        return tuple(sources)

    @property
    def models_dir(self) -> Path:
        return self.cache_dir / "models"


def _unknown_env_keys() -> list[str]:
    known = {ENV_PREFIX + name.upper() for name in Settings.model_fields}
    return sorted(key for key in os.environ if key.startswith(ENV_PREFIX) and key not in known)


def load_settings(**overrides: Any) -> Settings:
    """Build the settings, failing with one clear line on an unknown key or a bad value."""
    unknown = _unknown_env_keys()
    if unknown:
        valid = ", ".join(ENV_PREFIX + n.upper() for n in Settings.model_fields)
        raise SettingsError(f"ukjent innstilling {unknown[0]} (gyldige: {valid})")
    toml_path = os.environ.get(ENV_PREFIX + "SETTINGS_FILE")
    if toml_path and not Path(toml_path).is_file():
        raise SettingsError(f"finner ikke innstillingsfilen {toml_path}")
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "settings"
        raise SettingsError(f"ugyldig innstilling {where}: {first['msg']}") from None
