"""Settings come from SATUDATA_* variables, a file named by SATUDATA_CONFIG_FILE, or overrides."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from pydantic import ValidationError

from satudata.config import DEFAULT_DATA_DIR, ConfigError, Settings, get_settings


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("SATUDATA_"):
            monkeypatch.delenv(name)


def test_defaults() -> None:
    s = Settings()
    assert (s.data_dir, s.database_url, s.lake_dir) == (DEFAULT_DATA_DIR, None, None)
    assert (s.max_upload_mb, s.max_upload_bytes) == (1024.0, 1024 * 1024 * 1024)
    assert (s.query_memory_limit, s.query_threads, s.row_group_size) == ("1GB", 2, 122_880)
    assert (s.admin_token, s.max_page_size) == (None, 1000)


def test_environment_variables_are_read(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SATUDATA_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SATUDATA_DATABASE_URL", "postgresql+psycopg://satudata@db/satudata")
    monkeypatch.setenv("SATUDATA_MAX_UPLOAD_MB", "0.5")
    monkeypatch.setenv("SATUDATA_QUERY_THREADS", "4")
    monkeypatch.setenv("SATUDATA_ADMIN_TOKEN", "rahasia")
    s = get_settings()
    assert s.data_dir == tmp_path / "data"
    assert s.resolved_database_url == "postgresql+psycopg://satudata@db/satudata"
    assert (s.max_upload_mb, s.max_upload_bytes) == (0.5, 512 * 1024)
    assert (s.query_threads, s.admin_token) == (4, "rahasia")


def test_derived_paths_default_inside_the_data_dir(tmp_path: Path) -> None:
    s = Settings(data_dir=tmp_path / "data")
    assert s.resolved_database_url == f"sqlite:///{tmp_path / 'data' / 'satudata.sqlite3'}"
    assert s.resolved_lake_dir == tmp_path / "data" / "lake"
    assert Settings(data_dir=tmp_path, lake_dir=tmp_path / "lain").resolved_lake_dir == (
        tmp_path / "lain"
    )


def test_explicit_overrides_beat_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("SATUDATA_DATA_DIR", str(tmp_path / "env"))
    assert get_settings(data_dir=tmp_path / "opsi").data_dir == tmp_path / "opsi"
    assert get_settings(data_dir=None).data_dir == tmp_path / "env"  # None means "not given"


@pytest.mark.parametrize(
    ("name", "value"),
    [("SATUDATA_MAX_UPLOAD_MB", "0"), ("SATUDATA_QUERY_THREADS", "0"),
     ("SATUDATA_MAX_UPLOAD_MB", "banyak"), ("SATUDATA_ROW_GROUP_SIZE", "10")],
)  # fmt: skip
def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValidationError):
        Settings()


def test_config_file_is_read_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is read at each get_settings() call: set after import, it still counts."""
    config = tmp_path / "satudata.env"
    config.write_text(
        f"SATUDATA_DATA_DIR={tmp_path / 'dari-berkas'}\n"
        "SATUDATA_MAX_UPLOAD_MB=12\n"
        "SATUDATA_DATABASE_URL=postgresql+psycopg://satudata@db/berkas\n",
        encoding="utf-8",
    )
    for name in [k for k in os.environ if k.startswith("SATUDATA_")]:
        monkeypatch.delenv(name)
    monkeypatch.setenv("SATUDATA_CONFIG_FILE", str(config))
    monkeypatch.setenv("SATUDATA_MAX_UPLOAD_MB", "3")

    s = get_settings()

    assert (s.data_dir, s.max_upload_mb, s.database_url) == (
        tmp_path / "dari-berkas", 3.0, "postgresql+psycopg://satudata@db/berkas")  # fmt: skip
    assert get_settings(max_upload_mb=7).max_upload_mb == 7


def test_a_config_file_that_does_not_exist_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SATUDATA_CONFIG_FILE", str(tmp_path / "tidak-ada.env"))

    with pytest.raises(ConfigError, match=r"tidak-ada\.env, which is not a file"):
        get_settings()
