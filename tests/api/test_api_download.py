"""GET /download in every format, parsed back and compared with the version's rows."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
from fastapi.testclient import TestClient

DOWNLOAD = "/api/v1/datasets/jumlah-puskesmas/download"
COLUMNS = ["kode_wilayah", "nama_wilayah", "tahun", "jumlah", "rasio", "keterangan"]


def rows_of(api: TestClient, version: int | None = None) -> list[dict[str, Any]]:
    params: dict[str, Any] = {"limit": 1000}
    if version is not None:
        params["version"] = version
    data: list[dict[str, Any]] = api.get(
        "/api/v1/datasets/jumlah-puskesmas/rows", params=params
    ).json()["data"]
    return data


def download(api: TestClient, fmt: str, **params: Any) -> Any:
    response = api.get(DOWNLOAD, params={"format": fmt, **params})
    assert response.status_code == 200, response.text
    return response


def test_csv_has_a_bom_a_header_and_the_same_rows(api: TestClient) -> None:
    response = download(api, "csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"] == (
        'attachment; filename="jumlah-puskesmas-v2.csv"'
    )
    reader = csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")))
    assert reader.fieldnames == COLUMNS
    kinds: dict[str, Any] = {"tahun": int, "jumlah": int, "rasio": float}
    parsed = [
        {k: None if v == "" else kinds.get(k, str)(v) for k, v in row.items()} for row in reader
    ]
    assert parsed == rows_of(api)
    assert parsed[0]["kode_wilayah"] == "35.07"  # a code keeps its text form


def test_json_is_an_array_of_the_same_rows(api: TestClient) -> None:
    response = download(api, "json")
    assert response.headers["content-type"] == "application/json"
    assert response.headers["content-disposition"] == (
        'attachment; filename="jumlah-puskesmas-v2.json"'
    )
    assert json.loads(response.content) == rows_of(api)


def test_parquet_is_the_typed_version(api: TestClient) -> None:
    response = download(api, "parquet")
    assert response.headers["content-disposition"] == (
        'attachment; filename="jumlah-puskesmas-v2.parquet"'
    )
    table = pq.read_table(io.BytesIO(response.content))
    assert table.column_names == COLUMNS
    assert str(table.schema.field("tahun").type) == "int32"
    assert str(table.schema.field("jumlah").type) == "int64"
    assert str(table.schema.field("rasio").type) == "double"
    assert table.to_pylist() == rows_of(api)


def test_xlsx_keeps_codes_as_text_and_numbers_as_numbers(api: TestClient) -> None:
    response = download(api, "xlsx")
    assert response.headers["content-disposition"] == (
        'attachment; filename="jumlah-puskesmas-v2.xlsx"'
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=False)
    sheet = book["Data"]
    header, *body = list(sheet.iter_rows(values_only=True))
    assert list(header) == COLUMNS  # the titles, which are the names in this CSV
    assert [dict(zip(COLUMNS, r, strict=True)) for r in body] == rows_of(api)
    code = sheet["A2"]
    assert (code.value, code.data_type) == ("35.07", "s")
    assert (sheet["C2"].value, sheet["C2"].data_type) == (2020, "n")
    assert sheet["F2"].value is None  # a null stays an empty cell
    assert book.properties.title == "Jumlah Puskesmas"


@pytest.mark.parametrize("fmt", ["csv", "json", "xlsx", "parquet"])
def test_download_of_an_older_version(api: TestClient, fmt: str) -> None:
    response = download(api, fmt, version=1)
    assert response.headers["content-disposition"] == (
        f'attachment; filename="jumlah-puskesmas-v1.{fmt}"'
    )
    if fmt == "json":
        assert json.loads(response.content) == rows_of(api, version=1)
    elif fmt == "parquet":
        assert pq.read_table(io.BytesIO(response.content)).to_pylist() == rows_of(api, 1)
    elif fmt == "csv":
        lines = response.content.decode("utf-8-sig").splitlines()
        assert len(lines) == 3 and lines[1].startswith('"35.07","Kabupaten Malang",2020,38')
    else:
        sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Data"]
        assert sheet.max_row == 3 and sheet["D2"].value == 38


def test_default_format_is_csv(api: TestClient) -> None:
    response = api.get(DOWNLOAD)
    assert response.headers["content-disposition"].endswith('-v2.csv"')


def test_unknown_format_is_400(api: TestClient) -> None:
    response = api.get(DOWNLOAD, params={"format": "xml"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid-format"
    assert error["message"] == "Format 'xml' tidak didukung. Pilihan: csv, json, xlsx, parquet."


def test_download_of_a_missing_version_is_404(api: TestClient) -> None:
    response = api.get(DOWNLOAD, params={"format": "csv", "version": 7})
    assert response.status_code == 404
    assert response.json()["error"]["type"] == "not-found"


def test_xlsx_work_file_is_removed_after_the_download(api: TestClient, catalog: Any) -> None:
    download(api, "xlsx")
    assert list(catalog.lake.tmp.iterdir()) == []
