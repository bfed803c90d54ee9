"""Signing in over HTTP: the session cookie and CSRF, API tokens and their scope, users."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from tests.api.conftest import checked_client

from satudata.auth import SYSTEM
from satudata.db.session import session_scope
from satudata.people import passwords
from satudata.people.service import create_user
from satudata.runtime import Runtime

ADMIN = {"Authorization": "Bearer rahasia-uji"}
PASSWORD = "kata-sandi-rahasia"
CSV = b"kode_wilayah,tahun,jumlah\n35.07,2020,39\n35.73,2020,16\n"


@pytest.fixture(autouse=True)
def cheap_hasher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=8,
                                                            parallelism=1))  # fmt: skip


@pytest.fixture
def people(runtime: Runtime, client: TestClient) -> TestClient:
    """A DINKES producer (ani), a DINKES org admin (oki), and a DINKES dataset."""
    with session_scope(runtime.sessions) as session:
        create_user(session, actor=SYSTEM, email="ani@dinkes.go.id", password=PASSWORD,
                    role="producer", organization="DINKES")  # fmt: skip
        create_user(session, actor=SYSTEM, email="oki@dinkes.go.id", password=PASSWORD,
                    role="org_admin", organization="DINKES")  # fmt: skip
    response = client.post("/api/v1/datasets/jumlah-puskesmas/versions", headers=ADMIN,
                           files={"file": ("data.csv", CSV, "text/csv")},
                           data={"organization": "DINKES", "title": "Jumlah Puskesmas"})  # fmt: skip
    assert response.status_code == 201, response.text
    return client


def login(client: TestClient, email: str = "ani@dinkes.go.id") -> str:
    """Sign in; return the CSRF token (the client keeps the cookie)."""
    response = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})
    assert response.status_code == 200, response.text
    csrf: str = response.json()["csrf_token"]
    return csrf


def error_type(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    kind: str = response.json()["error"]["type"]
    return kind


def test_login_sets_a_secure_session_cookie(people: TestClient) -> None:
    response = people.post("/api/v1/auth/login",
                           json={"email": "ANI@dinkes.go.id", "password": PASSWORD})  # fmt: skip
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user"]["email"] == "ani@dinkes.go.id" and body["csrf_token"]
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("satudata_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in tests
    me = people.get("/api/v1/me").json()
    assert (me["kind"], me["name"], me["organizations"]) == ("user", "ani@dinkes.go.id",
                                                              ["DINKES"])  # fmt: skip
    assert me["user"]["roles"] == [{"role": "producer", "organization": "DINKES"}]


def test_the_cookie_is_secure_over_https(people: TestClient, runtime: Runtime) -> None:
    client = checked_client(runtime)
    client.base_url = client.base_url.copy_with(scheme="https")
    response = client.post("/api/v1/auth/login",
                           json={"email": "ani@dinkes.go.id", "password": PASSWORD})  # fmt: skip
    assert "Secure" in response.headers["set-cookie"]


def test_anonymous_me(client: TestClient) -> None:
    me = client.get("/api/v1/me").json()
    assert (me["kind"], me["user"], me["roles"]) == ("anonymous", None, [])


def test_wrong_password_then_too_many_attempts(people: TestClient) -> None:
    for _ in range(5):
        response = people.post("/api/v1/auth/login",
                               json={"email": "ani@dinkes.go.id", "password": "salah-salah"})  # fmt: skip
        assert error_type(response, 401) == "invalid-credentials"
        assert "set-cookie" not in response.headers
    response = people.post("/api/v1/auth/login",
                           json={"email": "ani@dinkes.go.id", "password": PASSWORD})  # fmt: skip
    assert error_type(response, 429) == "too-many-attempts"


def test_a_cookie_authenticated_change_needs_the_csrf_token(people: TestClient) -> None:
    csrf = login(people)
    patch = {"description": "Diperbarui lewat peramban."}
    response = people.patch("/api/v1/datasets/jumlah-puskesmas", json=patch)
    assert error_type(response, 403) == "csrf-failed"
    response = people.patch("/api/v1/datasets/jumlah-puskesmas", json=patch,
                            headers={"X-CSRF-Token": "tebakan"})  # fmt: skip
    assert error_type(response, 403) == "csrf-failed"
    response = people.patch("/api/v1/datasets/jumlah-puskesmas", json=patch,
                            headers={"X-CSRF-Token": csrf})  # fmt: skip
    assert response.status_code < 300, response.text
    assert people.get("/api/v1/tokens").status_code == 200  # reading needs no CSRF token


def test_logout_ends_the_session(people: TestClient) -> None:
    csrf = login(people)
    cookie = people.cookies.get("satudata_session")
    assert error_type(people.post("/api/v1/auth/logout"), 403) == "csrf-failed"
    response = people.post("/api/v1/auth/logout", headers={"X-CSRF-Token": csrf})
    assert response.status_code == 204
    assert people.get("/api/v1/me").json()["kind"] == "anonymous"
    people.cookies.set("satudata_session", cookie or "")  # the old cookie is dead too
    assert people.get("/api/v1/me").json()["kind"] == "anonymous"


def test_a_read_token_cannot_write_and_a_write_token_can(people: TestClient) -> None:
    csrf = login(people)
    made = {}
    for scope in ["read", "write"]:
        response = people.post("/api/v1/tokens", json={"scope": scope, "name": scope},
                               headers={"X-CSRF-Token": csrf})  # fmt: skip
        assert response.status_code == 201, response.text
        made[scope] = response.json()
        assert made[scope]["secret"].startswith(made[scope]["token"]["prefix"])
    people.cookies.clear()
    read = {"Authorization": f"Bearer {made['read']['secret']}"}
    write = {"Authorization": f"Bearer {made['write']['secret']}"}
    me = people.get("/api/v1/me", headers=read).json()
    assert (me["name"], me["scope"]) == ("ani@dinkes.go.id", "read")
    patch = {"description": "Diperbarui lewat skrip."}
    response = people.patch("/api/v1/datasets/jumlah-puskesmas", json=patch, headers=read)
    assert error_type(response, 403) == "permission-denied"
    response = people.patch("/api/v1/datasets/jumlah-puskesmas", json=patch, headers=write)
    assert response.status_code < 300, response.text  # a bearer token needs no CSRF token

    listed = people.get("/api/v1/tokens", headers=write).json()
    assert [t["name"] for t in listed] == ["read", "write"]
    assert all("secret" not in t for t in listed)
    token_id = made["read"]["token"]["id"]
    response = people.delete(f"/api/v1/tokens/{token_id}", headers=write)
    assert response.status_code == 200 and response.json()["revoked_at"]
    assert error_type(people.get("/api/v1/me", headers=read), 401) == "invalid-token"


def test_tokens_need_an_owner(people: TestClient) -> None:
    assert error_type(people.post("/api/v1/tokens", json={}), 403) == "permission-denied"
    assert error_type(people.post("/api/v1/tokens", json={}, headers=ADMIN), 400) == (
        "invalid-input")  # fmt: skip
    response = people.post("/api/v1/tokens", json={"email": "ani@dinkes.go.id"}, headers=ADMIN)
    assert response.status_code == 201
    assert error_type(people.get("/api/v1/tokens"), 403) == "permission-denied"


def test_users_are_managed_by_admins_and_opd_admins(people: TestClient) -> None:
    new = {"email": "Baru@Dinkes.go.id", "role": "producer", "organization": "DINKES"}
    response = people.post("/api/v1/users", json=new, headers=ADMIN)
    assert response.status_code == 201, response.text
    assert response.json()["email"] == "baru@dinkes.go.id"
    assert error_type(people.post("/api/v1/users", json=new, headers=ADMIN), 409) == "user-exists"

    csrf = login(people, "oki@dinkes.go.id")
    org_admin = {"X-CSRF-Token": csrf}
    lain = {"email": "lain@dinkes.go.id", "role": "producer", "organization": "DINKES"}
    assert people.post("/api/v1/users", json=lain, headers=org_admin).status_code == 201
    custodian = {"email": "w@jatimprov.go.id", "role": "custodian"}
    response = people.post("/api/v1/users", json=custodian, headers=org_admin)
    assert error_type(response, 403) == "permission-denied"
    assert people.get("/api/v1/users").json()["count"] == 4

    response = people.post("/api/v1/users/baru@dinkes.go.id/roles", headers=ADMIN,
                           json={"role": "steward"})  # fmt: skip
    assert {r["role"] for r in response.json()["roles"]} == {"producer", "steward"}
    response = people.delete("/api/v1/users/baru@dinkes.go.id/roles/steward", headers=ADMIN)
    assert [r["role"] for r in response.json()["roles"]] == ["producer"]

    people.cookies.clear()
    login(people)  # a producer
    assert error_type(people.get("/api/v1/users"), 403) == "permission-denied"


@pytest.fixture
def fresh(runtime: Runtime) -> Iterator[TestClient]:
    yield checked_client(runtime)


def test_an_unknown_cookie_is_anonymous(fresh: TestClient) -> None:
    fresh.cookies.set("satudata_session", "tebakan")
    assert fresh.get("/api/v1/me").json()["kind"] == "anonymous"
    assert error_type(fresh.post("/api/v1/tokens", json={}), 403) == "permission-denied"
