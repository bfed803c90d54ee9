"""The pieces a running satudata needs, built once from Settings (CLI, API, tests)."""

from __future__ import annotations

from functools import cached_property

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from satudata.compliance.cache import ComplianceCache
from satudata.config import Settings
from satudata.db.session import create_db_engine, make_session_factory, migrate
from satudata.lake.query import QueryEngine
from satudata.lake.store import Lake


class Runtime:
    """Database engine, session factory, lake and query engine for one Settings."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings

    @cached_property
    def engine(self) -> Engine:
        """Return the metadata database engine (creating the data folder for SQLite)."""
        if self.settings.database_url is None:
            self.settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
        return create_db_engine(self.settings.resolved_database_url)

    @cached_property
    def sessions(self) -> sessionmaker[Session]:
        """Return the session factory."""
        return make_session_factory(self.engine)

    @cached_property
    def lake(self) -> Lake:
        """Return the lake."""
        return Lake(self.settings.resolved_lake_dir)

    @cached_property
    def query_engine(self) -> QueryEngine:
        """Return the process's query engine."""
        return QueryEngine(memory_limit=self.settings.query_memory_limit,
                           threads=self.settings.query_threads)  # fmt: skip

    @cached_property
    def compliance_cache(self) -> ComplianceCache:
        """Return the process's cache of compliance boards (valid per database state)."""
        return ComplianceCache()

    def init(self) -> None:
        """Create the data folders and bring the database schema up to date."""
        self.settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
        self.lake.clean_tmp()
        migrate(self.engine)
