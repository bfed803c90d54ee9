"""Every API route, called as every role: who gets through must match `api/access.py`.

The route table is derived from the app itself, so a new route without a rule fails here.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from satudata.api.access import ROUTE_RULES
from satudata.api.deps import get_actor
from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.catalog.schema import DatasetUpdate, OrganizationCreate
from satudata.catalog.service import create_organization, get_dataset, update_dataset
from satudata.config import Settings
from satudata.db.people import User
from satudata.db.session import session_scope
from satudata.errors import IngestError
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.review.service import submit_version
from satudata.runtime import Runtime

ROLES: dict[str, Actor] = {
    "anonymous": ANONYMOUS,
    "producer": Actor(kind="user", name="op@dinkes", organizations=frozenset({"DINKES"})),
    "other-opd": Actor(kind="user", name="op@disdik", organizations=frozenset({"DISDIK"})),
    "custodian": Actor(kind="user", name="walidata@kominfo", roles=frozenset({"custodian"})),
    "steward": Actor(kind="user", name="pembina@bps", roles=frozenset({"steward"})),
    "leader": Actor(kind="user", name="sekda@jatim", roles=frozenset({"leader"})),
    "admin": Actor(kind="user", name="admin@kominfo", roles=frozenset({"admin"})),
}
ALLOWED: dict[str, set[str]] = {
    "anyone": set(ROLES),
    "reader": {"producer", "custodian", "leader", "admin"},  # of a tertutup dataset
    "reader-of-drafts": {"producer", "custodian", "leader", "admin"},
    "org-write": {"producer", "admin"},
    "commenter": {"producer", "custodian", "steward", "admin"},
    "reviewer": {"custodian", "admin"},
    "publisher": {"custodian", "admin"},
    "audit": {"custodian", "admin"},
    "signed-in": set(ROLES) - {"anonymous"},
    "admin": {"admin"},
    "credentials": set(),  # checked apart: wrong credentials are refused for everyone
}
CSV = b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,39\n"


def api_routes() -> list[tuple[str, str]]:
    app = create_app(runtime=None)  # the route table only
    return sorted((method.upper(), path) for path, item in app.openapi()["paths"].items()
                  for method in item)  # fmt: skip


def test_every_route_has_a_rule() -> None:
    missing = [route for route in api_routes() if route not in ROUTE_RULES]
    assert missing == [], f"routes without a rule in satudata/api/access.py: {missing}"
    assert set(ROUTE_RULES) <= set(api_routes()), "rules for routes that do not exist"
    assert set(ROUTE_RULES.values()) <= set(ALLOWED)


@pytest.fixture
def world(runtime: Runtime, tmp_path: Path) -> dict[str, Any]:
    """DINKES owns a tertutup and a terbuka dataset, each with v1 published and v2 submitted."""
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur"))  # fmt: skip
        users = {role: User(email=a.name, name=role) for role, a in ROLES.items() if a.name}
        session.add_all(users.values())
        session.flush()
        actors = {role: replace(a, user_id=users[role].id) if role in users else a
                  for role, a in ROLES.items()}  # fmt: skip
    producer = actors["producer"]
    for slug, level in [("data-tertutup", "tertutup"), ("data-terbuka", "terbuka")]:
        for n, actor in [(1, SYSTEM), (2, producer)]:
            path = tmp_path / f"{slug}-{n}.csv"
            path.write_bytes(CSV.replace(b",39", f",{39 + n}".encode()))
            ingest_file(runtime.sessions, runtime.settings, actor=actor, request=IngestRequest(
                path=path, organization="DINKES", dataset=slug))  # fmt: skip
        with session_scope(runtime.sessions) as session:
            update_dataset(session, actor=SYSTEM, slug=slug,
                           data=DatasetUpdate(access_level=level))  # fmt: skip
            submit_version(session, actor=producer, slug=slug, number=2)
    bad = tmp_path / "salah.csv"
    bad.write_bytes(b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.99,Entah,2024,x\n")
    with pytest.raises(IngestError) as caught:
        ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
            path=bad, organization="DINKES", dataset="data-tertutup"))  # fmt: skip
    with session_scope(runtime.sessions) as session:
        schema = get_dataset(session, actor=SYSTEM, slug="data-tertutup").table_schema
    return {"upload_id": caught.value.details["upload_id"], "schema": schema, "actors": actors}


def request_for(method: str, path: str, rule: str, world: dict[str, Any]) -> dict[str, Any]:
    slug = "data-terbuka" if rule == "commenter" else "data-tertutup"
    url = (path.replace("{slug}", slug).replace("{number}", "2")
           .replace("{check_type}", "value-change").replace("{upload_id}", str(world["upload_id"]))
           .replace("{notification_id}", "1").replace("{token_id}", "1")
           .replace("{email}", "op@dinkes").replace("{role_name}", "producer")
           .replace("{item_id}", "1").replace("{code}", "DINKES").replace("{month}", "2026-09"))  # fmt: skip
    if "{role_name}" in path:
        url += "?organization=DINKES"
    kwargs: dict[str, Any] = {}
    if path.endswith(("/versions", "/validate", "/daftar-data/import")):
        kwargs["files"] = {"file": ("data.csv", CSV, "text/csv")}
    bodies = {"PATCH": {"description": "Diperbarui"}, "/checks/": {"factor": 5},
              "/schema": world["schema"], "/return": {"reasons": [{"item": "metadata",
              "note": "Satuan belum diisi"}]}, "/approve": {}, "/unpublish": {"reason": "Salah"}, "/refuse": {"reason": "Belum tepat"},
              "/comments": {"body": "Sudah dicek"},
              "/auth/login": {"email": "op@dinkes", "password": "bukan-sandinya"},
              "/users/{email}/roles": {"role": "producer", "organization": "DINKES"}}  # fmt: skip
    if method == "POST" and path.endswith("/users"):
        kwargs["json"] = {"email": "baru@dinkes.jatimprov.go.id", "role": "producer",
                          "organization": "DINKES"}  # fmt: skip
    for key, body in bodies.items():
        if key == method or (key.startswith("/") and key in path):
            kwargs["json"] = body
    if (method, path) == ("POST", "/api/v1/daftar-data"):
        kwargs["json"] = {"organization": "DINKES", "title": "Jumlah Puskesmas",
                          "frequency": "tahunan", "start_date": "2024-01-01"}  # fmt: skip
    if (method, path) == ("PATCH", "/api/v1/daftar-data/{item_id}"):
        kwargs["json"] = {"notes": "Diperbarui"}
    return {"method": method, "url": url, **kwargs}


@pytest.mark.parametrize(("method", "path"), sorted(ROUTE_RULES))
def test_the_route_lets_in_exactly_the_roles_its_rule_names(
    method: str, path: str, runtime: Runtime, settings: Settings, world: dict[str, Any]
) -> None:  # fmt: skip
    rule = ROUTE_RULES[(method, path)]
    app = create_app(runtime=runtime)
    client = TestClient(app)
    allowed = ALLOWED[rule]
    if rule == "credentials":
        for role in ROLES:
            app.dependency_overrides[get_actor] = lambda role=role: world["actors"][role]
            status = client.request(**request_for(method, path, rule, world)).status_code
            assert status in (401, 429)  # wrong password; after five, too many attempts
        return
    # The refused first: a call that gets through may change the state for the next.
    for role in sorted(ROLES, key=lambda r: (r in allowed, r)):
        app.dependency_overrides[get_actor] = lambda role=role: world["actors"][role]
        response = client.request(**request_for(method, path, rule, world))
        status = response.status_code
        if role in allowed:
            assert status not in (401, 403), (role, status, response.text[:300])
            if rule in ("reader", "reader-of-drafts"):
                assert status != 404, (role, response.text[:300])
        else:
            assert status in (401, 403, 404), (role, status, response.text[:300])
