"""Migrations build exactly the schema the models declare, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Engine, inspect

from satudata.db import models  # noqa: F401  (registers the tables)
from satudata.db.base import Base
from satudata.db.session import create_db_engine, migrate

TEST_DB_URL = os.environ.get("SATUDATA_TEST_DATABASE_URL")
TABLES = {"organization", "dataset", "dataset_tag", "dataset_year", "source_file", "upload",
          "version", "alembic_version", "user_account", "role_grant", "api_token", "web_session",
          "login_failure", "review", "version_comment", "audit_event", "notification", "job",
          "data_list_item", "compliance_reminder", "compliance_report",
          "compliance_version_cells"}  # fmt: skip


def schema_diffs(engine: Engine) -> list[Any]:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        diffs: list[Any] = compare_metadata(context, Base.metadata)
    return diffs


def check_fresh_database(url: str) -> None:
    engine = create_db_engine(url)
    try:
        assert inspect(engine).get_table_names() == []
        migrate(engine)
        assert set(inspect(engine).get_table_names()) == TABLES
        assert schema_diffs(engine) == []
        migrate(engine)  # running it again changes nothing
        assert schema_diffs(engine) == []
        with engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == "0006"
    finally:
        engine.dispose()


def test_migrate_on_empty_sqlite_matches_the_models(tmp_path: Path) -> None:
    check_fresh_database(f"sqlite:///{tmp_path / 'fresh.sqlite3'}")


@pytest.mark.postgres
@pytest.mark.skipif(
    not TEST_DB_URL, reason="SATUDATA_TEST_DATABASE_URL is not set (the PostgreSQL run covers this)"
)
def test_migrate_on_empty_postgresql_matches_the_models(database_url: str) -> None:
    check_fresh_database(database_url)


def test_foreign_keys_of_the_current_version_are_declared(database_url: str) -> None:
    engine = create_db_engine(database_url)
    try:
        migrate(engine)
        fks = {(fk["constrained_columns"][0], fk["referred_table"])
               for fk in inspect(engine).get_foreign_keys("dataset")}  # fmt: skip
    finally:
        engine.dispose()
    assert fks == {("organization_id", "organization"), ("current_version_id", "version")}
