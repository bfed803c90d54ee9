"""The whole review through the API with real users and tokens, e-mail to a real SMTP server."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from tests.notify.conftest import SmtpServer

from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.people.service import create_user
from satudata.people.tokens import create_token
from satudata.runtime import Runtime

CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,{year},{n}\n"
PEOPLE = [("operator@dinkes.jatimprov.go.id", "producer", "DINKES"),
          ("guru@disdik.jatimprov.go.id", "producer", "DISDIK"),
          ("walidata@kominfo.jatimprov.go.id", "custodian", None),
          ("pembina@bps.go.id", "steward", None)]  # fmt: skip


def tokens(runtime: Runtime) -> dict[str, dict[str, str]]:
    headers = {}
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur"))  # fmt: skip
        for email, role, org in PEOPLE:
            create_user(session, actor=SYSTEM, email=email, role=role, organization=org)
            _, secret = create_token(session, actor=SYSTEM, email=email, scope="write")
            headers[role if org != "DISDIK" else "other"] = {"Authorization": f"Bearer {secret}"}
    return headers


def test_submit_return_fix_approve_pembina_publish_rollback_over_http(
    runtime: Runtime, settings: Settings, smtp: SmtpServer
) -> None:  # fmt: skip
    runtime.settings = settings.model_copy(update={"smtp_host": "127.0.0.1",
                                                   "smtp_port": smtp.port})  # fmt: skip
    who = tokens(runtime)
    client = TestClient(create_app(runtime=runtime))

    def send(year: int, n: int, as_: str = "producer", **form: str) -> Any:
        files = {"file": ("puskesmas.csv", CSV.format(year=year, n=n).encode(), "text/csv")}
        return client.post("/api/v1/datasets/jumlah-puskesmas/versions", files=files,
                           data=form, headers=who[as_])  # fmt: skip

    def step(action: str, number: int, as_: str, **body: Any) -> Any:
        return client.post(f"/api/v1/datasets/jumlah-puskesmas/versions/{number}/{action}",
                           json=body or None, headers=who[as_])  # fmt: skip

    assert send(2024, 39, organization="DINKES", title="Jumlah Puskesmas").status_code == 201
    assert send(2024, 40, as_="other").status_code == 403  # another OPD
    d = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert (d["current_version"], [v["state"] for v in d["versions"]]) == (None, [])  # draft hidden
    patched = client.patch("/api/v1/datasets/jumlah-puskesmas", json={"priority": True},
                           headers=who["producer"])  # fmt: skip
    assert patched.status_code == 200, patched.text

    assert step("publish", 1, "producer").status_code == 403  # never directly
    assert step("submit", 1, "producer").status_code == 200
    assert step("take", 1, "custodian").status_code == 200
    back = step("return", 1, "custodian", reasons=[{"item": "metadata", "note": "Satuan kosong"}])
    assert back.json()["state"] == "returned"

    assert send(2024, 41).json()["version"] == 2  # the fix
    for action, actor, state in [("submit", "producer", "submitted"),
                                 ("take", "custodian", "in_review"),
                                 ("approve", "custodian", "pembina_review"),
                                 ("approve", "steward", "approved"),
                                 ("publish", "custodian", "published")]:  # fmt: skip
        response = step(action, 2, actor)
        assert (response.status_code, response.json()["state"]) == (200, state), response.text
    public = client.get("/api/v1/datasets/jumlah-puskesmas/rows").json()
    assert (public["version"], public["data"][0]["jumlah"]) == (2, 41)
    assert client.get("/api/v1/datasets/jumlah-puskesmas/rows?version=1").status_code == 404

    assert step("unpublish", 2, "custodian", reason="Angka belum final").status_code == 200
    d = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert d["current_version"] is None  # nothing published before it

    subjects = [(r.rcpt_tos[0], r.message["Subject"]) for r in smtp.handler.received]
    recipients = [to for to, _ in subjects]
    assert recipients == [
        "walidata@kominfo.jatimprov.go.id",  # submitted
        "operator@dinkes.jatimprov.go.id",  # returned
        "walidata@kominfo.jatimprov.go.id",  # submitted again
        "pembina@bps.go.id",  # priority data: the pembina's turn
        "operator@dinkes.jatimprov.go.id",  # approved (by the pembina)
        "operator@dinkes.jatimprov.go.id",  # published
    ], subjects
    history = client.get("/api/v1/datasets/jumlah-puskesmas/history", headers=who["custodian"])
    assert [e["action"] for e in history.json()][-3:] == [
        "version.steward_approve", "version.publish", "version.unpublish"]  # fmt: skip
    assert client.get("/api/v1/datasets/jumlah-puskesmas/history",
                      headers=who["producer"]).status_code == 403  # fmt: skip
