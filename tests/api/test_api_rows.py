"""GET a dataset, its rows (filters, sort, paging, projection, versions) and aggregates."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

ADMIN = {"Authorization": "Bearer rahasia-uji"}
ROWS = "/api/v1/datasets/jumlah-puskesmas/rows"
AGG = "/api/v1/datasets/jumlah-puskesmas/aggregate"
HIDDEN = "kesehatan-siswa-pendidikan-khusus"

# The current version (2) of jumlah-puskesmas, in file order.
V2 = [
    {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2020, "jumlah": 39,
     "rasio": 1.5, "keterangan": None},
    {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2021, "jumlah": 40,
     "rasio": 1.75, "keterangan": "baru"},
    {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2020, "jumlah": 16,
     "rasio": 2.25, "keterangan": None},
    {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2021, "jumlah": 16,
     "rasio": 2.0, "keterangan": None},
    {"kode_wilayah": "35.78", "nama_wilayah": "Kota Surabaya", "tahun": 2020, "jumlah": 63,
     "rasio": 2.5, "keterangan": "100% terakreditasi"},
    {"kode_wilayah": "35.78", "nama_wilayah": "Kota Surabaya", "tahun": 2021, "jumlah": None,
     "rasio": None, "keterangan": "belum lapor"},
]  # fmt: skip


def get_ok(api: TestClient, url: str, **params: Any) -> Any:
    response = api.get(url, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def error_of(response: Any, status: int) -> str:
    assert response.status_code == status, response.text
    error_type: str = response.json()["error"]["type"]
    return error_type


def test_dataset_detail_has_metadata_schema_and_versions_newest_first(api: TestClient) -> None:
    d = get_ok(api, "/api/v1/datasets/jumlah-puskesmas")
    assert (d["slug"], d["title"], d["sector"], d["unit"]) == (
        "jumlah-puskesmas", "Jumlah Puskesmas", "kesehatan", "unit"
    )  # fmt: skip
    assert d["description"] == "Fasilitas pelayanan kesehatan tingkat pertama."
    assert d["organization"]["code"] == "DINKES"
    assert d["current_version"] == 2 and d["row_count"] == 6 and d["version_count"] == 2
    fields = {f["name"]: f for f in d["table_schema"]["fields"]}
    assert list(fields) == ["kode_wilayah", "nama_wilayah", "tahun", "jumlah", "rasio",
                            "keterangan"]  # fmt: skip
    assert {n: f["type"] for n, f in fields.items()} == {
        "kode_wilayah": "string", "nama_wilayah": "string", "tahun": "year",
        "jumlah": "integer", "rasio": "number", "keterangan": "string",
    }  # fmt: skip
    assert fields["kode_wilayah"]["dimension"] == "region_code"
    assert fields["tahun"]["dimension"] == "period"
    versions = d["versions"]
    assert [v["number"] for v in versions] == [2, 1]
    assert [v["is_current"] for v in versions] == [True, False]
    assert [v["row_count"] for v in versions] == [6, 2]
    assert all(v["source_filename"].startswith("jumlah-puskesmas-") for v in versions)
    assert len(versions[0]["source_sha256"]) == 64
    assert versions[0]["source_sha256"] != versions[1]["source_sha256"]
    assert versions[0]["column_stats"]["jumlah"]["sum"] == 174
    assert versions[1]["column_stats"]["jumlah"]["sum"] == 53


def test_unknown_dataset_is_404(api: TestClient) -> None:
    assert error_of(api.get("/api/v1/datasets/tidak-ada"), 404) == "not-found"
    assert error_of(api.get("/api/v1/datasets/tidak-ada/rows"), 404) == "not-found"


def test_rows_default_is_the_current_version_with_exact_count(api: TestClient) -> None:
    body = get_ok(api, ROWS)
    assert body == {
        "dataset": "jumlah-puskesmas", "version": 2,
        "columns": ["kode_wilayah", "nama_wilayah", "tahun", "jumlah", "rasio", "keterangan"],
        "data": V2, "count": 6, "limit": 100, "offset": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kode_wilayah": "35.73"}, [2, 3]),
        ({"kode_wilayah__eq": "35.73"}, [2, 3]),
        ({"tahun__ne": "2020"}, [1, 3, 5]),
        ({"kode_wilayah__in": "35.07,35.78"}, [0, 1, 4, 5]),
        ({"tahun__in": "2021"}, [1, 3, 5]),
        ({"jumlah__gte": "16", "jumlah__lte": "39"}, [0, 2, 3]),
        ({"jumlah__gt": "16", "jumlah__lt": "63"}, [0, 1]),
        ({"jumlah__between": "16,40"}, [0, 1, 2, 3]),
        ({"rasio__between": "1.6,2.25"}, [1, 2, 3]),
        ({"nama_wilayah__contains": "MALANG"}, [0, 1, 2, 3]),
        ({"keterangan__contains": "100%"}, [4]),  # % is a literal character, not a wildcard
        ({"keterangan__contains": "_"}, []),
        ({"jumlah__null": "1"}, [5]),
        ({"keterangan__notnull": "1"}, [1, 4, 5]),
        ({"kode_wilayah": "35.78", "tahun": "2020"}, [4]),
        ({"nama_wilayah": "Kota Malang' OR '1'='1"}, []),  # bound as a value, not SQL
    ],
)
def test_row_filters(api: TestClient, params: dict[str, str], expected: list[int]) -> None:
    body = get_ok(api, ROWS, **params)
    assert body["data"] == [V2[i] for i in expected]
    assert body["count"] == len(expected)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("jumlah,kode_wilayah", [16, 16, 39, 40, 63, None]),
        ("-jumlah", [63, 40, 39, 16, 16, None]),
        ("-tahun,-rasio", [2.0, 1.75, None, 2.5, 2.25, 1.5]),  # nulls last either way
    ],
)
def test_rows_sort(api: TestClient, sort: str, expected: list[Any]) -> None:
    column = "rasio" if "rasio" in sort else "jumlah"
    body = get_ok(api, ROWS, sort=sort)
    assert [r[column] for r in body["data"]] == expected


def test_rows_sort_descending_then_ascending_breaks_ties(api: TestClient) -> None:
    body = get_ok(api, ROWS, sort="jumlah,-tahun", jumlah__notnull="1", limit=2)
    assert [(r["jumlah"], r["tahun"]) for r in body["data"]] == [(16, 2021), (16, 2020)]


def test_rows_paging_keeps_the_exact_count(api: TestClient) -> None:
    body = get_ok(api, ROWS, sort="-jumlah", limit=2, offset=1)
    assert [r["jumlah"] for r in body["data"]] == [40, 39]
    assert (body["count"], body["limit"], body["offset"]) == (6, 2, 1)
    filtered = get_ok(api, ROWS, kode_wilayah__in="35.07,35.78", sort="tahun", limit=1)
    assert [r["tahun"] for r in filtered["data"]] == [2020]
    assert filtered["count"] == 4
    past_the_end = get_ok(api, ROWS, kode_wilayah__in="35.07,35.78", offset=10)
    assert (past_the_end["data"], past_the_end["count"]) == ([], 4)
    assert get_ok(api, ROWS, limit=0)["count"] == 6


def test_rows_columns_projection(api: TestClient) -> None:
    body = get_ok(api, ROWS, columns="nama_wilayah,jumlah", tahun="2021")
    assert body["columns"] == ["nama_wilayah", "jumlah"]
    assert body["data"] == [
        {"nama_wilayah": "Kabupaten Malang", "jumlah": 40},
        {"nama_wilayah": "Kota Malang", "jumlah": 16},
        {"nama_wilayah": "Kota Surabaya", "jumlah": None},
    ]


def test_rows_of_an_older_version(api: TestClient) -> None:
    body = get_ok(api, ROWS, version=1)
    assert body["version"] == 1
    assert body["count"] == 2
    assert [(r["kode_wilayah"], r["jumlah"], r["rasio"], r["keterangan"]) for r in body["data"]] == [
        ("35.07", 38, 1.25, "lama"), ("35.73", 15, 2.5, "lama"),
    ]  # fmt: skip
    assert get_ok(api, ROWS, version=1, jumlah__gt="20")["count"] == 1
    assert error_of(api.get(ROWS, params={"version": 3}), 404) == "not-found"


@pytest.mark.parametrize(
    ("params", "error_type"),
    [
        ({"tidak_ada": "1"}, "unknown-column"),
        ({"tidak_ada__gte": "1"}, "unknown-column"),
        ({'jumlah" OR 1=1 --': "1"}, "unknown-column"),
        ({"jumlah__mirip": "1"}, "invalid-filter"),
        ({"sort": "-tidak_ada"}, "unknown-column"),
        ({"columns": "jumlah,tidak_ada"}, "unknown-column"),
    ],
)
def test_bad_row_queries_are_400(api: TestClient, params: dict[str, str], error_type: str) -> None:
    response = api.get(ROWS, params=params)
    assert error_of(response, 400) == error_type
    if error_type == "unknown-column":
        assert response.json()["error"]["details"]["columns"][:2] == ["kode_wilayah",
                                                                       "nama_wilayah"]  # fmt: skip
        assert response.json()["error"]["message"].startswith("Kolom '")


def test_negative_limit_is_a_request_error(api: TestClient) -> None:
    assert error_of(api.get(ROWS, params={"limit": -1}), 422) == "invalid-request"


def test_aggregate_by_region(api: TestClient) -> None:
    body = get_ok(api, AGG, group_by="kode_wilayah",
                  measure=["sum:jumlah", "avg:rasio", "min:jumlah", "max:jumlah", "count",
                           "count:jumlah"])  # fmt: skip
    assert body["columns"] == ["kode_wilayah", "sum_jumlah", "avg_rasio", "min_jumlah",
                               "max_jumlah", "count_rows", "count_jumlah"]  # fmt: skip
    assert body["data"] == [
        {"kode_wilayah": "35.07", "sum_jumlah": 79, "avg_rasio": pytest.approx(1.625),
         "min_jumlah": 39, "max_jumlah": 40, "count_rows": 2, "count_jumlah": 2},
        {"kode_wilayah": "35.73", "sum_jumlah": 32, "avg_rasio": pytest.approx(2.125),
         "min_jumlah": 16, "max_jumlah": 16, "count_rows": 2, "count_jumlah": 2},
        {"kode_wilayah": "35.78", "sum_jumlah": 63, "avg_rasio": pytest.approx(2.5),
         "min_jumlah": 63, "max_jumlah": 63, "count_rows": 2, "count_jumlah": 1},
    ]  # fmt: skip
    assert (body["count"], body["version"]) == (3, 2)


def test_aggregate_by_year_with_filters(api: TestClient) -> None:
    body = get_ok(api, AGG, group_by="tahun", measure=["sum:jumlah", "max:rasio"],
                  nama_wilayah__contains="malang")  # fmt: skip
    assert body["data"] == [
        {"tahun": 2020, "sum_jumlah": 55, "max_rasio": 2.25},
        {"tahun": 2021, "sum_jumlah": 56, "max_rasio": 2.0},
    ]


def test_aggregate_by_region_and_year(api: TestClient) -> None:
    body = get_ok(api, AGG, group_by="kode_wilayah,tahun", measure="sum:jumlah",
                  kode_wilayah="35.78")  # fmt: skip
    assert body["data"] == [
        {"kode_wilayah": "35.78", "tahun": 2020, "sum_jumlah": 63},
        {"kode_wilayah": "35.78", "tahun": 2021, "sum_jumlah": None},
    ]


def test_aggregate_without_groups_counts_all_rows(api: TestClient) -> None:
    assert get_ok(api, AGG)["data"] == [{"count_rows": 6}]
    assert get_ok(api, AGG, version=1, measure="sum:jumlah")["data"] == [{"sum_jumlah": 53}]


def test_min_and_max_work_on_text_columns(api: TestClient) -> None:
    body = get_ok(api, AGG, measure=["min:nama_wilayah", "max:nama_wilayah"])
    assert body["data"] == [{"min_nama_wilayah": "Kabupaten Malang",
                             "max_nama_wilayah": "Kota Surabaya"}]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "error_type"),
    [
        ({"measure": "sum:nama_wilayah"}, "invalid-aggregate"),
        ({"measure": "avg:keterangan"}, "invalid-aggregate"),
        ({"measure": "sum"}, "invalid-aggregate"),
        ({"measure": "median:jumlah"}, "invalid-aggregate"),
        ({"measure": "sum:tidak_ada"}, "unknown-column"),
        ({"group_by": "tidak_ada"}, "unknown-column"),
        ({"group_by": "tahun", "tidak_ada": "1"}, "unknown-column"),
    ],
)
def test_bad_aggregates_are_400(api: TestClient, params: dict[str, str], error_type: str) -> None:
    assert error_of(api.get(AGG, params=params), 400) == error_type


def test_sum_on_text_says_why_in_indonesian(api: TestClient) -> None:
    error = api.get(AGG, params={"measure": "sum:nama_wilayah"}).json()["error"]
    assert error["message"] == "'sum' hanya untuk kolom angka; 'nama_wilayah' bukan angka."
    assert error["message_en"] == "'sum' needs a numeric column; 'nama_wilayah' is not numeric."


@pytest.mark.parametrize(
    "path",
    [
        f"/api/v1/datasets/{HIDDEN}",
        f"/api/v1/datasets/{HIDDEN}/rows",
        f"/api/v1/datasets/{HIDDEN}/aggregate",
        f"/api/v1/datasets/{HIDDEN}/download",
        f"/api/v1/datasets/{HIDDEN}/download?format=parquet",
    ],
)
def test_restricted_dataset_is_404_for_anonymous_and_200_for_admin(
    api: TestClient, path: str
) -> None:
    response = api.get(path)
    assert error_of(response, 404) == "not-found"
    # Indistinguishable from a dataset that does not exist.
    missing = api.get(path.replace(HIDDEN, "tidak-ada-sama-sekali")).json()["error"]
    assert response.json()["error"]["message"] == missing["message"].replace(
        "tidak-ada-sama-sekali", HIDDEN
    )
    assert api.get(path, headers=ADMIN).status_code == 200


def test_restricted_rows_for_admin(api: TestClient) -> None:
    body = api.get(f"/api/v1/datasets/{HIDDEN}/rows", headers=ADMIN).json()
    assert body["data"] == [
        {"kode_wilayah": "35.07", "tahun": 2020, "jumlah": 5},
        {"kode_wilayah": "35.73", "tahun": 2020, "jumlah": 7},
    ]
    detail = api.get(f"/api/v1/datasets/{HIDDEN}", headers=ADMIN).json()
    assert detail["access_level"] == "terbatas"


def test_page_size_is_capped_by_the_settings(api: TestClient) -> None:
    body = get_ok(api, ROWS, limit=5000)
    assert (body["limit"], len(body["data"]), body["count"]) == (1000, 6, 6)


@pytest.mark.parametrize(
    ("params", "column"),
    [({"tahun": "bukan-tahun"}, "tahun"), ({"tahun__between": "2020,abc"}, "tahun")],
)
def test_a_filter_value_of_the_wrong_type_is_a_400_naming_column_and_value(
    api: TestClient, params: dict[str, str], column: str
) -> None:
    response = api.get("/api/v1/datasets/jumlah-puskesmas/rows", params=params)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["type"] == "invalid-filter-value"
    assert error["details"]["column"] == column
    assert error["details"]["value"] in error["message"]
