"""Settings come from SATUDATA_* variables, a file named by SATUDATA_CONFIG_FILE, or overrides."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pydantic import ValidationError

from satudata.config import DEFAULT_DATA_DIR, Settings, get_settings


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


def test_config_file_is_read_and_the_environment_wins(tmp_path: Path) -> None:
    """SATUDATA_CONFIG_FILE is read when satudata starts, so this runs a fresh interpreter."""
    config = tmp_path / "satudata.env"
    config.write_text(
        f"SATUDATA_DATA_DIR={tmp_path / 'dari-berkas'}\n"
        "SATUDATA_MAX_UPLOAD_MB=12\n"
        "SATUDATA_DATABASE_URL=postgresql+psycopg://satudata@db/berkas\n",
        encoding="utf-8",
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATUDATA_")}
    env |= {"SATUDATA_CONFIG_FILE": str(config), "SATUDATA_MAX_UPLOAD_MB": "3"}
    code = (
        "import json; from satudata.config import get_settings; s = get_settings(); "
        "print(json.dumps([str(s.data_dir), s.max_upload_mb, s.database_url]))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True, timeout=60).stdout  # fmt: skip
    assert json.loads(out) == [
        str(tmp_path / "dari-berkas"), 3.0, "postgresql+psycopg://satudata@db/berkas"
    ]  # fmt: skip
