"""The pembina reads tertutup priority data put before it, and no other tertutup data.

A tertutup dataset is closed to the pembina (BPS) until the walidata approves one of its
versions as priority data; from then on the pembina reads the dataset and the versions
put before it (rows, aggregates, downloads, the review with its report and diff), before
and after deciding, but not an earlier publication. Nobody else's view changes.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from satudata.api.deps import get_actor
from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.catalog.schema import DatasetUpdate, OrganizationCreate
from satudata.catalog.service import create_organization, update_dataset
from satudata.db.people import User
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.review.service import approve_version, submit_version, take_version
from satudata.runtime import Runtime

ROLES: dict[str, Actor] = {
    "anonymous": ANONYMOUS,
    "producer": Actor(kind="user", name="op@dinkes", organizations=frozenset({"DINKES"})),
    "other-opd": Actor(kind="user", name="op@disdik", organizations=frozenset({"DISDIK"})),
    "custodian": Actor(kind="user", name="walidata@kominfo", roles=frozenset({"custodian"})),
    "steward": Actor(kind="user", name="pembina@bps", roles=frozenset({"steward"})),
}
CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,{n}\n"
PRIORITY, PLAIN, OPEN = "gizi-prioritas", "pasien-tertutup", "puskesmas-terbuka"


@pytest.fixture
def world(runtime: Runtime, tmp_path: Path) -> dict[str, Actor]:
    """DINKES: v1 published and v2 approved by the walidata, of a tertutup priority dataset
    (v2 now waits for the pembina), a tertutup one and a terbuka one."""
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur"))  # fmt: skip
        users = {role: User(email=a.name, name=role) for role, a in ROLES.items() if a.name}
        session.add_all(users.values())
        session.flush()
        actors = {role: replace(a, user_id=users[role].id) if role in users else a
                  for role, a in ROLES.items()}  # fmt: skip
    for slug, level, priority in [(PRIORITY, "tertutup", True), (PLAIN, "tertutup", False),
                                  (OPEN, "terbuka", False)]:  # fmt: skip
        for n, actor in [(1, SYSTEM), (2, actors["producer"])]:
            path = tmp_path / f"{slug}-{n}.csv"
            path.write_text(CSV.format(n=40 + n))
            ingest_file(runtime.sessions, runtime.settings, actor=actor, request=IngestRequest(
                path=path, organization="DINKES", dataset=slug))  # fmt: skip
        with session_scope(runtime.sessions) as session:
            update_dataset(session, actor=SYSTEM, slug=slug, data=DatasetUpdate(
                access_level=level, priority=priority))  # fmt: skip
            submit_version(session, actor=actors["producer"], slug=slug, number=2)
            take_version(session, actor=actors["custodian"], slug=slug, number=2)
            approve_version(session, actor=actors["custodian"], slug=slug, number=2)
    return actors


def client_as(runtime: Runtime, actor: Actor) -> TestClient:
    app = create_app(runtime=runtime)
    app.dependency_overrides[get_actor] = lambda: actor
    return TestClient(app)


def reads(client: TestClient, slug: str, version: int | None = None) -> dict[str, int]:
    """Return the status of each read path of a dataset (of one version, or the current)."""
    at = {} if version is None else {"version": version}
    base = f"/api/v1/datasets/{slug}"
    statuses = {
        "dataset": client.get(base).status_code,
        "rows": client.get(f"{base}/rows", params=at).status_code,
        "aggregate": client.get(
            f"{base}/aggregate", params={**at, "group_by": "tahun", "measure": "sum:jumlah"}
        ).status_code,
        "download": client.get(f"{base}/download", params={**at, "format": "csv"}).status_code,
    }
    if version is not None:
        statuses["review"] = client.get(f"{base}/versions/{version}/review").status_code
    return statuses


def test_the_pembina_reads_a_priority_tertutup_dataset_under_its_review(
    runtime: Runtime, world: dict[str, Actor]
) -> None:  # fmt: skip
    client = client_as(runtime, world["steward"])
    assert set(reads(client, PRIORITY, 2).values()) == {200}
    body = client.get(f"/api/v1/datasets/{PRIORITY}/versions/2/review").json()
    assert body["state"] == "pembina_review" and body["diff"] is not None
    assert [v["number"] for v in client.get(f"/api/v1/datasets/{PRIORITY}").json()["versions"]
            ] == [2]  # fmt: skip
    # The earlier publication never came before the pembina: it stays closed.
    assert reads(client, PRIORITY) == {"dataset": 200, "rows": 404, "aggregate": 404,
                                       "download": 404}  # fmt: skip
    assert client.get(f"/api/v1/datasets/{PRIORITY}/rows", params={"version": 1}).status_code == 404
    # The pembina decides, and still reads what it approved.
    assert (
        client.post(f"/api/v1/datasets/{PRIORITY}/versions/2/approve", json={}).status_code == 200
    )
    assert set(reads(client, PRIORITY, 2).values()) == {200}


def test_the_pembina_reads_no_tertutup_dataset_that_is_not_put_before_it(
    runtime: Runtime, world: dict[str, Actor]
) -> None:  # fmt: skip
    client = client_as(runtime, world["steward"])
    for version in (None, 1, 2):
        assert set(reads(client, PLAIN, version).values()) == {404}
    slugs = {d["slug"] for d in client.get("/api/v1/datasets").json()["data"]}
    assert slugs == {PRIORITY, OPEN}


def _search(client: TestClient) -> dict[str, Any]:
    body = client.get("/api/v1/datasets").json()
    return {"slugs": {d["slug"] for d in body["data"]}, "count": body["count"],
            "facets": {name: sorted((f["value"], f["count"]) for f in values)
                       for name, values in body["facets"].items()}}  # fmt: skip


@pytest.mark.parametrize(("role", "slugs"), [
    ("anonymous", {OPEN}),
    ("other-opd", {OPEN}),
    ("producer", {PRIORITY, PLAIN, OPEN}),
    ("custodian", {PRIORITY, PLAIN, OPEN}),
    ("steward", {PRIORITY, OPEN}),
])  # fmt: skip
def test_search_and_facet_counts_show_each_role_what_it_may_read(
    runtime: Runtime, world: dict[str, Actor], role: str, slugs: set[str]
) -> None:  # fmt: skip
    found = _search(client_as(runtime, world[role]))
    assert found["slugs"] == slugs and found["count"] == len(slugs)
    assert found["facets"]["organization"] == [("DINKES", len(slugs))]
    organizations = client_as(runtime, world[role]).get("/api/v1/organizations").json()
    assert {o["code"]: o["dataset_count"] for o in organizations}["DINKES"] == len(slugs)
