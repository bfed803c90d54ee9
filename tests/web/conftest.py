"""Page tests: an app on the test runtime, people of every role, and signing in through the form."""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.db.session import session_scope
from satudata.people.service import create_user
from satudata.runtime import Runtime

PASSWORD = "Sandi-Uji-2026!"
# role -> (e-mail, role, OPD)
PEOPLE: dict[str, tuple[str, str, str | None]] = {
    "producer": ("operator@dinkes.jatimprov.go.id", "producer", "DINKES"),
    "other_producer": ("operator@disdik.jatimprov.go.id", "producer", "DISDIK"),
    "custodian": ("walidata@kominfo.jatimprov.go.id", "custodian", None),
    "steward": ("pembina@bps.go.id", "steward", None),
    "leader": ("pimpinan@jatimprov.go.id", "leader", None),
    "admin": ("admin@kominfo.jatimprov.go.id", "admin", None),
}


@pytest.fixture
def people(runtime: Runtime) -> dict[str, str]:
    """Create one user per role (DINKES and DISDIK producers); return role -> e-mail."""
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur", short_name="Dinas Pendidikan"))  # fmt: skip
        for role, (email, grant, org) in PEOPLE.items():
            create_user(session, actor=SYSTEM, email=email, name=role.replace("_", " ").title(),
                        password=PASSWORD, role=grant, organization=org)  # fmt: skip
    return {role: email for role, (email, _, _) in PEOPLE.items()}


@pytest.fixture
def client(runtime: Runtime) -> TestClient:
    """A browser-like client of the whole app (jobs run at once)."""
    return TestClient(create_app(runtime=runtime), follow_redirects=False)


def csrf_of(html: str) -> str:
    """Return the CSRF token a page's forms carry."""
    found = re.search(r'name="csrf_token" value="([^"]*)"', html)
    assert found, "the page has no form with a CSRF token"
    return found.group(1)


def sign_in(client: TestClient, email: str, password: str = PASSWORD) -> str:
    """Sign in through the form; return the session's CSRF token."""
    response = client.post("/masuk", data={"email": email, "password": password, "next": "/"})
    assert response.status_code == 303, response.text[:500]
    return csrf_of(client.get("/masuk").text)


def form(csrf: str, **fields: Any) -> dict[str, Any]:
    """Return form fields with the CSRF token."""
    return {"csrf_token": csrf, **fields}
