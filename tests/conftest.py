"""Shared fixtures: a fresh data directory and metadata database per test.

The metadata database is SQLite in tmp_path by default. With SATUDATA_TEST_DATABASE_URL
set (CI points it at the local PostgreSQL), every test gets its own fresh PostgreSQL
database instead, so the same suite runs on both.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.runtime import Runtime

TEST_DB_URL = os.environ.get("SATUDATA_TEST_DATABASE_URL")
REQUIRE_SERVERS = os.environ.get("SATUDATA_REQUIRE_SERVERS") == "1"
SHARED = Path(__file__).resolve().parents[2] / "shared"


def _postgres_database() -> Iterator[str]:
    """Create a throw-away PostgreSQL database and drop it afterwards."""
    assert TEST_DB_URL
    admin = create_engine(TEST_DB_URL, isolation_level="AUTOCOMMIT")
    name = f"satudata_t_{uuid.uuid4().hex[:12]}"
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as exc:  # the server is absent or refuses
        admin.dispose()
        if REQUIRE_SERVERS:
            raise
        pytest.skip(f"PostgreSQL at SATUDATA_TEST_DATABASE_URL is not reachable: {exc}")
    try:
        yield make_url(TEST_DB_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def database_url(tmp_path: Path) -> Iterator[str]:
    """Return the metadata database URL for one test."""
    if TEST_DB_URL:
        yield from _postgres_database()
    else:
        yield f"sqlite:///{tmp_path / 'meta.sqlite3'}"


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    """Settings with a fresh data directory."""
    return Settings(
        data_dir=tmp_path / "data",
        database_url=database_url,
        admin_token="rahasia-uji",
        jobs_url="immediate",
    )


@pytest.fixture
def runtime(settings: Settings) -> Iterator[Runtime]:
    """A migrated runtime with one organization, DINKES."""
    rt = Runtime(settings)
    rt.init()
    with session_scope(rt.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DINKES", name="Dinas Kesehatan Provinsi Jawa Timur", short_name="Dinas Kesehatan"))  # fmt: skip
    yield rt
    rt.engine.dispose()


@pytest.fixture
def data_dir() -> Path:
    """The folder of tiny fixture files."""
    return Path(__file__).parent / "data"


@pytest.fixture
def shared_geo() -> Path:
    """The shared Jawa Timur boundaries (read-only test data beside the repository)."""
    path = SHARED / "data" / "geo"
    if not path.exists():
        pytest.skip("../shared/data/geo is not present beside the repository")
    return path


@pytest.fixture
def smtp() -> Iterator[Any]:
    """A real SMTP server on 127.0.0.1 collecting every message (see tests/notify)."""
    from tests.notify.conftest import Collector, SmtpServer, start_smtp

    handler = Collector()
    controller, port = start_smtp(handler)
    try:
        yield SmtpServer(port, handler)
    finally:
        controller.stop()
