"""Persistence: SQLAlchemy models, engine and session, Alembic migrations."""

from satudata.db.base import Base
from satudata.db.session import create_db_engine, make_session_factory, migrate, session_scope

__all__ = ["Base", "create_db_engine", "make_session_factory", "migrate", "session_scope"]
