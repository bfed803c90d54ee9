"""Writing through the API: uploads of new versions and metadata changes, with the token."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.runtime import Runtime

ADMIN = {"Authorization": "Bearer rahasia-uji"}
CSV_V1 = b"kode_wilayah,tahun,jumlah\n35.07,2020,39\n35.73,2020,16\n"
CSV_V2 = b"kode_wilayah,tahun,jumlah\n35.07,2021,40\n35.73,2021,17\n35.78,2021,63\n"


def upload(client: TestClient, slug: str, content: bytes, *, filename: str = "data.csv",
           headers: dict[str, str] | None = None, **form: str) -> Any:  # fmt: skip
    return client.post(f"/api/v1/datasets/{slug}/versions",
                       files={"file": (filename, content, "text/csv")}, data=form,
                       headers=ADMIN if headers is None else headers)  # fmt: skip


def error_of(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    error: dict[str, Any] = response.json()["error"]
    return error


def test_upload_without_token_is_403(client: TestClient, runtime: Runtime) -> None:
    error = error_of(upload(client, "baru", CSV_V1, headers={}, organization="DINKES"), 403)
    assert error["type"] == "permission-denied"
    assert error["message"] == "Anda tidak berhak mengubah data milik DINKES."
    assert list(runtime.lake.tmp.iterdir()) == []
    assert error_of(client.get("/api/v1/datasets/baru"), 404)["type"] == "not-found"


def test_upload_with_a_wrong_token_is_401(client: TestClient) -> None:
    response = upload(client, "baru", CSV_V1, headers={"Authorization": "Bearer salah"},
                      organization="DINKES")  # fmt: skip
    assert error_of(response, 401)["type"] == "invalid-token"


def test_first_upload_creates_the_dataset_and_version_1(client: TestClient) -> None:
    response = upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES",
                      title="Jumlah Puskesmas")  # fmt: skip
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["dataset"], body["version"], body["row_count"]) == ("jumlah-puskesmas", 1, 2)
    fields = body["table_schema"]["fields"]
    assert [(f["name"], f["type"]) for f in fields] == [
        ("kode_wilayah", "string"), ("tahun", "year"), ("jumlah", "integer")
    ]  # fmt: skip
    assert body["notes"]["kind"] == "csv"
    d = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert (d["title"], d["organization"]["code"], d["current_version"]) == (
        "Jumlah Puskesmas", "DINKES", 1
    )  # fmt: skip
    assert [(v["number"], v["is_current"], v["source_filename"]) for v in d["versions"]] == [
        (1, True, "data.csv")
    ]


def test_second_upload_is_version_2_and_becomes_current(
    client: TestClient, runtime: Runtime
) -> None:
    assert upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES").status_code == 201
    response = upload(client, "jumlah-puskesmas", CSV_V2, filename="v2.csv")  # org is known
    assert response.status_code == 201, response.text
    assert (response.json()["version"], response.json()["row_count"]) == (2, 3)
    d = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert [(v["number"], v["is_current"], v["row_count"]) for v in d["versions"]] == [
        (2, True, 3), (1, False, 2)
    ]  # fmt: skip
    assert d["years"] == [2021]
    rows = client.get("/api/v1/datasets/jumlah-puskesmas/rows").json()
    assert (rows["version"], [r["jumlah"] for r in rows["data"]]) == (2, [40, 17, 63])
    old = client.get("/api/v1/datasets/jumlah-puskesmas/rows", params={"version": 1}).json()
    assert [r["jumlah"] for r in old["data"]] == [39, 16]
    assert list(runtime.lake.tmp.iterdir()) == []  # the upload's work file is gone


def test_a_file_with_wrong_values_is_422_with_the_errors(client: TestClient) -> None:
    assert upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES").status_code == 201
    response = upload(client, "jumlah-puskesmas",
                      b"kode_wilayah,tahun,jumlah\n35.07,2022,banyak\n35.73,2022,5\n")  # fmt: skip
    error = error_of(response, 422)
    assert error["type"] == "type-errors"
    assert error["message"].startswith("1 nilai di 'data.csv' tidak sesuai")
    (item,) = error["details"]["errors"]
    assert (item["row"], item["field"], item["value"], item["details"]["expected"]) == (
        2, "jumlah", "banyak", "integer"
    )  # fmt: skip
    d = client.get("/api/v1/datasets/jumlah-puskesmas").json()
    assert d["current_version"] == 1 and len(d["versions"]) == 1


def test_a_file_with_other_columns_is_422(client: TestClient) -> None:
    assert upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES").status_code == 201
    error = error_of(upload(client, "jumlah-puskesmas", b"foo,bar\n1,2\n"), 422)
    assert error["type"] == "schema-mismatch"
    assert error["details"]["proposal"]["removed"] == ["kode_wilayah", "tahun", "jumlah"]
    assert error["details"]["proposal"]["added"] == ["foo", "bar"]


def test_an_empty_file_is_422(client: TestClient) -> None:
    error = error_of(upload(client, "kosong", b"", organization="DINKES"), 422)
    assert error["type"] == "empty-file"
    assert error_of(client.get("/api/v1/datasets/kosong"), 404)["type"] == "not-found"


def test_upload_over_the_size_limit_is_413(
    tmp_path: Path, database_url: str, make_client: Callable[[Runtime], TestClient]
) -> None:
    settings = Settings(data_dir=tmp_path / "small", database_url=database_url,
                        admin_token="rahasia-uji", max_upload_mb=40 / (1024 * 1024))  # fmt: skip
    rt = Runtime(settings)
    rt.init()
    client = make_client(rt)
    try:
        error = error_of(upload(client, "besar", b"a,b\n" + b"1,2\n" * 20,
                                organization="DINKES"), 413)  # fmt: skip
        assert error["type"] == "file-too-large"
        assert error["details"] == {"max_bytes": 40}
        assert list(rt.lake.tmp.iterdir()) == []
        assert list((rt.lake.root / "originals").iterdir()) == []
    finally:
        rt.engine.dispose()


def test_upload_to_an_unknown_dataset_needs_an_organization(client: TestClient) -> None:
    error = error_of(upload(client, "tidak-ada", CSV_V1), 404)
    assert error["type"] == "not-found"
    assert error["details"] == {"key": "tidak-ada"}


def test_upload_to_an_unknown_organization_is_404(client: TestClient) -> None:
    error = error_of(upload(client, "baru", CSV_V1, organization="TIDAKADA"), 404)
    assert error["message"] == "OPD 'TIDAKADA' tidak ditemukan."


def test_upload_with_a_bad_new_slug_is_422(client: TestClient) -> None:
    error = error_of(upload(client, "Bukan_Slug", CSV_V1, organization="DINKES"), 422)
    assert error["type"] == "invalid-metadata"  # a rejected upload, recorded with its file
    assert error["message"] == "Nilai tidak sah untuk: slug."
    assert error["details"]["errors"][0]["location"] == "slug"


def test_upload_without_a_file_is_422(client: TestClient) -> None:
    response = client.post("/api/v1/datasets/baru/versions", data={"organization": "DINKES"},
                           headers=ADMIN)  # fmt: skip
    error = error_of(response, 422)
    assert error["type"] == "invalid-request"
    assert error["details"]["problems"] == [{"location": "body.file", "message": "Field required"}]


@pytest.fixture
def with_dataset(client: TestClient) -> TestClient:
    assert upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES",
                  title="Jumlah Puskesmas").status_code == 201  # fmt: skip
    return client


def test_patch_changes_metadata_and_search_follows(with_dataset: TestClient) -> None:
    client = with_dataset
    change = {"description": "Pusat kesehatan masyarakat per kabupaten.", "sector": "kesehatan",
              "tags": ["Puskesmas", " fasilitas  kesehatan "], "frequency": "tahunan",
              "unit": "unit", "priority": True}  # fmt: skip
    response = client.patch("/api/v1/datasets/jumlah-puskesmas", json=change, headers=ADMIN)
    assert response.status_code == 200, response.text
    d = response.json()
    assert d["description"] == change["description"]
    assert (d["sector"], d["frequency"], d["unit"], d["priority"]) == (
        "kesehatan", "tahunan", "unit", True
    )  # fmt: skip
    assert d["tags"] == ["fasilitas kesehatan", "puskesmas"]
    assert d["title"] == "Jumlah Puskesmas"  # untouched
    assert d["current_version"] == 1 and d["table_schema"] is not None
    assert client.get("/api/v1/datasets/jumlah-puskesmas").json()["unit"] == "unit"
    found = client.get("/api/v1/datasets", params={"q": "masyarakat"}).json()
    assert [x["slug"] for x in found["data"]] == ["jumlah-puskesmas"]
    assert client.get("/api/v1/datasets", params={"tag": "puskesmas"}).json()["count"] == 1


def test_patch_with_null_leaves_a_field_as_it_is(with_dataset: TestClient) -> None:
    response = with_dataset.patch("/api/v1/datasets/jumlah-puskesmas",
                                  json={"title": None, "unit": "orang"}, headers=ADMIN)  # fmt: skip
    assert response.status_code == 200, response.text
    assert (response.json()["title"], response.json()["unit"]) == ("Jumlah Puskesmas", "orang")


@pytest.mark.parametrize(
    "body",
    [
        {"title": ""},
        {"access_level": "rahasia"},
        {"frequency": "kadang"},
        {"warna": "biru"},
        {"sector": "s" * 65},  # longer than the column: PostgreSQL would refuse it with a 500
    ],
)
def test_patch_rejects_bad_values(with_dataset: TestClient, body: dict[str, Any]) -> None:
    response = with_dataset.patch("/api/v1/datasets/jumlah-puskesmas", json=body, headers=ADMIN)
    assert error_of(response, 422)["type"] == "invalid-request"


def test_patch_without_token_is_403(with_dataset: TestClient) -> None:
    response = with_dataset.patch("/api/v1/datasets/jumlah-puskesmas", json={"unit": "x"})
    error = error_of(response, 403)
    assert error["message"] == "Anda tidak berhak mengubah data milik DINKES."
    assert with_dataset.get("/api/v1/datasets/jumlah-puskesmas").json()["unit"] == ""


def test_patch_to_terbatas_hides_the_dataset_from_the_public(with_dataset: TestClient) -> None:
    client = with_dataset
    response = client.patch("/api/v1/datasets/jumlah-puskesmas",
                            json={"access_level": "terbatas"}, headers=ADMIN)  # fmt: skip
    assert response.status_code == 200
    assert error_of(client.get("/api/v1/datasets/jumlah-puskesmas"), 404)["type"] == "not-found"
    assert client.get("/api/v1/datasets").json()["count"] == 0
    assert client.get("/api/v1/datasets", headers=ADMIN).json()["count"] == 1
    # and a hidden dataset cannot be changed by the public either
    response = client.patch("/api/v1/datasets/jumlah-puskesmas", json={"unit": "x"})
    assert error_of(response, 404)["type"] == "not-found"


def test_patch_of_an_unknown_dataset_is_404(client: TestClient) -> None:
    response = client.patch("/api/v1/datasets/tidak-ada", json={"unit": "x"}, headers=ADMIN)
    assert error_of(response, 404)["type"] == "not-found"


def test_docs_and_openapi_are_served(client: TestClient) -> None:
    docs = client.get("/docs")
    assert docs.status_code == 200 and "swagger" in docs.text.lower()
    spec = client.get("/openapi.json").json()
    assert spec["info"]["title"] == "satudata API"
    assert {"/api/v1/datasets", "/api/v1/datasets/{slug}", "/api/v1/datasets/{slug}/rows",
            "/api/v1/datasets/{slug}/aggregate", "/api/v1/datasets/{slug}/download",
            "/api/v1/datasets/{slug}/versions"} <= set(spec["paths"])  # fmt: skip
    assert "post" in spec["paths"]["/api/v1/datasets/{slug}/versions"]
    assert "patch" in spec["paths"]["/api/v1/datasets/{slug}"]


def test_unknown_path_is_404_in_the_error_shape(client: TestClient) -> None:
    error = error_of(client.get("/api/v1/tidak-ada"), 404)
    assert (error["type"], error["message"], error["message_en"]) == (
        "http-404", "Alamat tidak ditemukan.", "Not found."
    )  # fmt: skip


def test_wrong_method_is_405_in_the_error_shape(client: TestClient) -> None:
    assert error_of(client.delete("/api/v1/datasets"), 405)["type"] == "http-405"


def test_upload_naming_another_organization_is_a_conflict(
    client: TestClient, runtime: Runtime
) -> None:
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan"))  # fmt: skip
    assert upload(client, "jumlah-puskesmas", CSV_V1, organization="DINKES").status_code == 201
    error = error_of(upload(client, "jumlah-puskesmas", CSV_V2, organization="DISDIK"), 409)
    assert error["type"] == "dataset-organization-mismatch"
    assert error["message"] == "Dataset 'jumlah-puskesmas' milik OPD lain (DINKES)."


def test_a_refused_anonymous_upload_stores_nothing(client: TestClient, runtime: Runtime) -> None:
    error_of(upload(client, "baru", CSV_V1, headers={}, organization="DINKES"), 403)
    originals = runtime.lake.path("originals")
    assert not originals.exists() or not any(originals.rglob("*"))
