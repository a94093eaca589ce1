import pytest

from assistant.errors import SettingsError
from assistant.settings import load_settings

pytestmark = pytest.mark.unit


def test_environment_overrides_a_path(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "idx"))
    assert load_settings().index_dir == tmp_path / "idx"


def test_unknown_environment_key_is_refused_with_its_name(monkeypatch):
    monkeypatch.setenv("ASSISTANT_INDEKS_DIR", "/tmp/x")
    with pytest.raises(SettingsError, match="ASSISTANT_INDEKS_DIR"):
        load_settings()


def test_bad_value_names_the_setting(monkeypatch):
    monkeypatch.setenv("ASSISTANT_MAX_FILE_MB", "lots")
    with pytest.raises(SettingsError, match="max_file_mb"):
        load_settings()


def test_settings_file_is_read_and_unknown_keys_refused(monkeypatch, tmp_path):
    good = tmp_path / "good.toml"
    good.write_text('embed_model = "/models/other"\nmax_file_mb = 5\n')
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(good))
    settings = load_settings()
    assert settings.embed_model == "/models/other" and settings.max_file_mb == 5
    bad = tmp_path / "bad.toml"
    bad.write_text('embed_modell = "x"\n')
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(bad))
    with pytest.raises(SettingsError, match="embed_modell"):
        load_settings()


def test_missing_settings_file_is_an_error(monkeypatch, tmp_path):
    monkeypatch.setenv("ASSISTANT_SETTINGS_FILE", str(tmp_path / "nope.toml"))
    with pytest.raises(SettingsError, match="finner ikke"):
        load_settings()
