"""Validation through the API: the checks, a dry run, check settings, uploads' reports."""

from __future__ import annotations

import io
from typing import Any

import openpyxl
from fastapi.testclient import TestClient

from satudata.runtime import Runtime

ADMIN = {"Authorization": "Bearer rahasia-uji"}
CLEAN = b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,39\n35.73,Kota Malang,2024,16\n"
MIXED = (b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kota Malang,2024,39\n"
         b"35.99,Kota Entah,2024,16\n35.78,Kota Surabaya,2024,dua\n")  # fmt: skip


def post(client: TestClient, url: str, content: bytes, *, headers: dict[str, str] | None = None,
         filename: str = "data.csv", **form: str) -> Any:  # fmt: skip
    return client.post(url, files={"file": (filename, content, "text/csv")}, data=form,
                       headers=ADMIN if headers is None else headers)  # fmt: skip


def created(client: TestClient) -> None:
    response = post(client, "/api/v1/datasets/jumlah-puskesmas/versions", CLEAN,
                    organization="DINKES")  # fmt: skip
    assert response.status_code == 201, response.text


def test_the_checks_are_listed_with_their_parameters(client: TestClient) -> None:
    listed = {c["type"]: c for c in client.get("/api/v1/checks").json()}
    assert {"type-error", "region-code", "region-name", "schema-drift", "value-change"} <= set(
        listed
    )
    assert listed["value-change"]["params"] == {"factor": 10.0}
    assert listed["value-change"]["severity"] == "warning"
    assert listed["type-error"]["mandatory"] is True


def test_a_dry_run_reports_every_problem_and_adds_no_version(client: TestClient) -> None:
    created(client)
    response = post(client, "/api/v1/datasets/jumlah-puskesmas/validate", MIXED)
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["valid"] is False
    found = {(e["type"], e["row"], e["field"], e["value"]) for e in report["errors"]}
    assert found == {
        ("region-name", 2, "nama_wilayah", "Kota Malang"),
        ("region-code", 3, "kode_wilayah", "35.99"),
        ("type-error", 4, "jumlah", "dua"),
    }
    by_rule = {e["type"]: e for e in report["errors"]}
    assert by_rule["region-name"]["suggestion"] == "Kabupaten Malang"
    assert by_rule["region-name"]["message"] == (
        "Baris 2, kolom 'nama_wilayah': nama 'Kota Malang' tidak sesuai dengan kode 35.07 "
        "(Kabupaten Malang).")  # fmt: skip
    dataset = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert [v["number"] for v in dataset["versions"]] == [1]


def test_a_dry_run_needs_the_right_to_write(client: TestClient) -> None:
    created(client)
    response = post(client, "/api/v1/datasets/jumlah-puskesmas/validate", MIXED, headers={})
    assert response.status_code == 403
    assert response.json()["error"]["type"] == "permission-denied"


def test_the_annotated_workbook_marks_the_faulty_cells(client: TestClient) -> None:
    created(client)
    response = post(client, "/api/v1/datasets/jumlah-puskesmas/validate?annotated=true", MIXED)
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].endswith('filename="data-ditandai.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Ringkasan" in book.sheetnames
    data = next(book[n] for n in book.sheetnames if n != "Ringkasan")
    commented = sorted(c.coordinate for row in data.iter_rows() for c in row if c.comment)
    assert commented == ["A3", "B2", "D4"]


def test_a_check_switched_off_or_made_a_warning_lets_the_file_in(client: TestClient) -> None:
    created(client)
    off = client.put("/api/v1/datasets/jumlah-puskesmas/checks/region-name",
                     json={"severity": "warning"}, headers=ADMIN)  # fmt: skip
    assert off.status_code == 200, off.text
    assert off.json() == {"region-name": {"severity": "warning"}}
    rows = b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kota Malang,2024,39\n"
    response = post(client, "/api/v1/datasets/jumlah-puskesmas/versions", rows)
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["version"], body["validation"]["warning_count"]) == (2, 1)
    assert body["validation"]["warnings"][0]["type"] == "region-name"
    version = client.get("/api/v1/datasets/jumlah-puskesmas").json()["versions"][0]
    assert (version["number"], version["warning_count"]) == (2, 1)


def test_a_mandatory_check_cannot_be_switched_off(client: TestClient) -> None:
    created(client)
    response = client.put("/api/v1/datasets/jumlah-puskesmas/checks/type-error",
                          json={"enabled": False}, headers=ADMIN)  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["type"] == "mandatory-check"


def test_a_constraint_set_in_the_schema_is_checked_on_the_next_file(client: TestClient) -> None:
    created(client)
    schema = client.get("/api/v1/datasets/jumlah-puskesmas").json()["table_schema"]
    schema["fields"][3]["constraints"] = {"minimum": 0, "maximum": 1000}
    put = client.put("/api/v1/datasets/jumlah-puskesmas/schema", json=schema, headers=ADMIN)
    assert put.status_code == 200, put.text
    rows = b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,5000\n"
    report = post(client, "/api/v1/datasets/jumlah-puskesmas/validate", rows).json()
    (error,) = report["errors"]
    assert (error["type"], error["row"], error["value"]) == ("value-range", 2, "5000")
    assert error["message"].endswith("nilai 5000 di luar rentang: harus antara 0 dan 1000.")


def test_a_refused_upload_keeps_its_report_for_the_operator(
    client: TestClient, runtime: Runtime
) -> None:  # fmt: skip
    created(client)
    refused = post(client, "/api/v1/datasets/jumlah-puskesmas/versions", MIXED)
    assert refused.status_code == 422
    upload_id = refused.json()["error"]["details"]["upload_id"]
    got = client.get(f"/api/v1/uploads/{upload_id}", headers=ADMIN)
    assert got.status_code == 200, got.text
    body = got.json()
    assert (body["status"], body["dataset"], body["organization"]) == (
        "rejected", "jumlah-puskesmas", "DINKES")  # fmt: skip
    assert body["report"]["error_count"] == 3
    assert client.get(f"/api/v1/uploads/{upload_id}").status_code == 403
    sheet = client.get(f"/api/v1/uploads/{upload_id}/annotated", headers=ADMIN)
    assert sheet.status_code == 200, sheet.text
    assert "Ringkasan" in openpyxl.load_workbook(io.BytesIO(sheet.content)).sheetnames
