"""The compliance API: Daftar Data CRUD and spreadsheet, board, drill-down, reports."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from fastapi.testclient import TestClient
from tests.compliance.conftest import Seeder
from tests.compliance.world import build_world

from satudata.app import create_app
from satudata.db.session import session_scope
from satudata.runtime import Runtime

ADMIN = {"Authorization": "Bearer rahasia-uji"}


def client_with_world(runtime: Runtime) -> TestClient:
    with session_scope(runtime.sessions) as session:
        build_world(Seeder(session))
    return TestClient(create_app(runtime=runtime))


def test_board_and_drill_down_as_of_a_date(runtime: Runtime) -> None:
    client = client_with_world(runtime)
    board = client.get("/api/v1/compliance/board?as_of=2025-05-15&months=2", headers=ADMIN).json()
    ranking = [(o["code"], o["score"], o["rank"]) for o in board["organizations"]][:3]
    assert ranking == [("DINDIK", 100.0, 1), ("DISPENDUKCAPIL", 99.2, 2), ("DISHUB", 90.0, 3)]
    assert board["months"] == ["2025-04", "2025-05"]
    health = client.get("/api/v1/compliance/board?as_of=2025-05-15&sector=kesehatan",
                        headers=ADMIN).json()  # fmt: skip
    assert [o["code"] for o in health["organizations"]] == ["DINKES"]
    detail = client.get("/api/v1/compliance/organizations/DINKES?as_of=2025-05-15",
                        headers=ADMIN).json()  # fmt: skip
    assert detail["organization"]["score"] == 86.7 and detail["organization"]["rank"] == 4
    gaps = [g["message"] for i in detail["items"] for g in i["gaps"]]
    assert gaps == ["Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 45 hari"]
    assert client.get("/api/v1/compliance/board").status_code == 403  # anonymous


def test_daftar_data_crud_and_spreadsheet_round_trip(runtime: Runtime) -> None:
    client = client_with_world(runtime)
    body: dict[str, Any] = {"organization": "DINKES", "title": "Jumlah Rumah Sakit",
                            "frequency": "semesteran", "start_date": "2025-01-01",
                            "dataset": "jumlah-puskesmas"}  # fmt: skip
    created = client.post("/api/v1/daftar-data", json=body, headers=ADMIN)
    assert created.status_code == 201, created.text
    item = created.json()
    assert (item["due_rule"], item["dataset"]) == (
        "akhir bulan, 2 bulan setelah periode berakhir",
        "jumlah-puskesmas",
    )
    assert client.post("/api/v1/daftar-data", json=body, headers=ADMIN).status_code == 409
    changed = client.patch(f"/api/v1/daftar-data/{item['id']}", headers=ADMIN,
                           json={"due_day": 15, "dataset": ""}).json()  # fmt: skip
    assert (changed["due_day"], changed["dataset"]) == (15, None)
    gaps = client.get(f"/api/v1/daftar-data/{item['id']}/gaps?as_of=2025-09-01",
                      headers=ADMIN).json()  # fmt: skip
    assert [(p["period"], p["due"]) for p in gaps["periods"]] == [("2025-S1", "2025-08-15")]
    exported = client.get("/api/v1/daftar-data.xlsx", headers=ADMIN)
    assert exported.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.values)
    assert len(rows) == 1 + 13
    again = client.post("/api/v1/daftar-data/import", headers=ADMIN,
                        files={"file": ("daftar.xlsx", exported.content)}).json()  # fmt: skip
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 13)
    bad = client.post("/api/v1/daftar-data/import", headers=ADMIN,
                      files={"file": ("daftar.csv", b"Kode OPD;Judul;Frekuensi\nDINKES;Data X;sekali\n")})  # fmt: skip
    assert bad.status_code == 400
    assert bad.json()["error"]["details"]["errors"][0] | {"message": "", "message_en": ""} == {
        "row": 2,
        "column": "Frekuensi",
        "value": "sekali",
        "message": "",
        "message_en": "",
    }
    assert client.delete(f"/api/v1/daftar-data/{item['id']}", headers=ADMIN).status_code == 204
    assert len(client.get("/api/v1/daftar-data", headers=ADMIN).json()) == 12


def test_reports_are_generated_kept_and_downloaded(runtime: Runtime) -> None:
    client = client_with_world(runtime)
    made = client.post("/api/v1/compliance/reports?month=2025-04", headers=ADMIN)
    assert made.status_code == 201 and made.json()["revision"] == 1
    assert client.post("/api/v1/compliance/reports?month=2025-04", headers=ADMIN).status_code == 409
    assert client.post("/api/v1/compliance/reports?month=2025-04&replace=true",
                       headers=ADMIN).json()["revision"] == 2  # fmt: skip
    listed = client.get("/api/v1/compliance/reports", headers=ADMIN).json()
    assert [(r["month"], r["revision"]) for r in listed] == [("2025-04", 2), ("2025-04", 1)]
    pdf = client.get("/api/v1/compliance/reports/2025-04/download?format=pdf", headers=ADMIN)
    assert pdf.content.startswith(b"%PDF") and "r2.pdf" in pdf.headers["content-disposition"]
    xlsx = client.get("/api/v1/compliance/reports/2025-04/download?format=xlsx&revision=1",
                      headers=ADMIN)  # fmt: skip
    assert openpyxl.load_workbook(io.BytesIO(xlsx.content)).sheetnames == ["Ringkasan",
                                                                           "Tindak Lanjut"]  # fmt: skip
