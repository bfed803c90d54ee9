"""People fixtures: a cheap password hasher, a session with two OPDs, audit look-ups."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.db.session import session_scope
from satudata.db.workflow import AuditEvent
from satudata.people import passwords
from satudata.runtime import Runtime

PASSWORD = "kata-sandi-rahasia"
CHEAP = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> PasswordHasher:
    """Hash with the cheapest argon2 parameters: the tests are about behaviour, not cost."""
    monkeypatch.setattr(passwords, "HASHER", CHEAP)
    return CHEAP


@pytest.fixture
def session(runtime: Runtime) -> Iterator[Session]:
    """A session on a database with the OPDs DINKES and DISDIK."""
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur"))  # fmt: skip
        yield session


def audit_events(session: Session, prefix: str = "") -> list[AuditEvent]:
    """Return the audit events whose action starts with `prefix`, oldest first."""
    stmt = select(AuditEvent).where(AuditEvent.action.startswith(prefix)).order_by(AuditEvent.id)
    return list(session.scalars(stmt))
