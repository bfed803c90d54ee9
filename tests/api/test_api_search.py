"""GET /api/v1/datasets: search, facets with counts, facet filters, paging and sort."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

PUBLIC = {"angka-partisipasi-sekolah", "jumlah-puskesmas", "tenaga-pendidik"}
HIDDEN = "kesehatan-siswa-pendidikan-khusus"
ADMIN = {"Authorization": "Bearer rahasia-uji"}


def search(api: TestClient, headers: dict[str, str] | None = None, **params: Any) -> Any:
    response = api.get("/api/v1/datasets", params=params, headers=headers or {})
    assert response.status_code == 200, response.text
    return response.json()


def slugs(body: Any) -> list[str]:
    return [d["slug"] for d in body["data"]]


def facet(body: Any, name: str) -> list[tuple[str, int]]:
    return [(f["value"], f["count"]) for f in body["facets"][name]]


def test_search_matches_indonesian_affixes(api: TestClient) -> None:
    body = search(api, q="didik")
    # "didik" is inside "Pendidik", "pendidikan" (tag) and the OPD "Dinas Pendidikan".
    assert set(slugs(body)) == {"angka-partisipasi-sekolah", "tenaga-pendidik"}
    assert body["count"] == 2


def test_search_ranks_a_title_match_first(api: TestClient) -> None:
    assert slugs(search(api, q="didik"))[0] == "tenaga-pendidik"
    assert slugs(search(api, q="puskesmas")) == ["jumlah-puskesmas"]


def test_search_is_case_and_accent_blind_and_needs_every_term(api: TestClient) -> None:
    assert slugs(search(api, q="PUSKÉSMAS")) == ["jumlah-puskesmas"]
    assert slugs(search(api, q="puskesmas pelayanan")) == ["jumlah-puskesmas"]
    assert search(api, q="puskesmas sekolah")["count"] == 0
    assert search(api, q="tidakadasamasekali") == {
        "data": [],
        "count": 0,
        "facets": {
            n: [] for n in ("organization", "sector", "frequency", "region_level", "tag", "year")
        },
    }


def test_search_finds_words_of_the_description(api: TestClient) -> None:
    assert slugs(search(api, q="pelayanan")) == ["jumlah-puskesmas"]


def test_facets_count_the_visible_datasets(api: TestClient) -> None:
    body = search(api)
    assert body["count"] == 3
    assert facet(body, "organization") == [("DISDIK", 2), ("DINKES", 1)]
    assert body["facets"]["organization"][0]["label"] == "Dinas Pendidikan"
    assert facet(body, "sector") == [("pendidikan", 2), ("kesehatan", 1)]
    assert facet(body, "frequency") == [("tahunan", 2), ("semesteran", 1)]
    assert facet(body, "region_level") == [("kabupaten_kota", 2), ("provinsi", 1)]
    assert facet(body, "tag") == [
        ("fasilitas kesehatan", 1), ("guru", 1), ("pendidikan", 1), ("puskesmas", 1),
        ("sekolah", 1),
    ]  # fmt: skip
    assert facet(body, "year") == [("2022", 1), ("2021", 3), ("2020", 2), ("2019", 1)]


def test_facets_follow_the_search_text(api: TestClient) -> None:
    body = search(api, q="didik")
    assert facet(body, "organization") == [("DISDIK", 2)]
    assert facet(body, "year") == [("2022", 1), ("2021", 2), ("2020", 1), ("2019", 1)]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"organization": "DISDIK"}, {"angka-partisipasi-sekolah", "tenaga-pendidik"}),
        ({"organization": ["DISDIK", "DINKES"]}, PUBLIC),
        ({"sector": "kesehatan"}, {"jumlah-puskesmas"}),
        ({"tag": "guru"}, {"tenaga-pendidik"}),
        ({"tag": ["puskesmas", "fasilitas kesehatan"]}, {"jumlah-puskesmas"}),
        ({"tag": ["puskesmas", "guru"]}, set()),  # every chosen tag must be present
        ({"frequency": "semesteran"}, {"tenaga-pendidik"}),
        ({"region_level": "kabupaten_kota"}, {"angka-partisipasi-sekolah", "jumlah-puskesmas"}),
        ({"year": "2019"}, {"angka-partisipasi-sekolah"}),
        ({"year": ["2019", "2022"]}, {"angka-partisipasi-sekolah", "tenaga-pendidik"}),
        ({"year": "2021", "organization": "DINKES"}, {"jumlah-puskesmas"}),
        ({"year": "dua ribu"}, set()),
        ({"year": "99999999999"}, set()),  # beyond INTEGER: no error from PostgreSQL
        ({"q": "jumlah", "sector": "pendidikan"}, {"tenaga-pendidik"}),
    ],
)
def test_facet_filters(api: TestClient, params: dict[str, Any], expected: set[str]) -> None:
    body = search(api, **params)
    assert set(slugs(body)) == expected
    assert body["count"] == len(expected)


def test_facet_counts_are_over_the_filtered_result(api: TestClient) -> None:
    body = search(api, organization="DISDIK")
    assert facet(body, "organization") == [("DISDIK", 2)]
    assert facet(body, "sector") == [("pendidikan", 2)]
    assert facet(body, "year") == [("2022", 1), ("2021", 2), ("2020", 1), ("2019", 1)]


def test_paging_keeps_the_exact_count(api: TestClient) -> None:
    pages = [slugs(body := search(api, sort="title", limit=1, offset=i)) for i in range(4)]
    assert body["count"] == 3
    assert pages == [["angka-partisipasi-sekolah"], ["jumlah-puskesmas"], ["tenaga-pendidik"], []]
    two = search(api, sort="title", limit=2, offset=1)
    assert (slugs(two), two["count"]) == (["jumlah-puskesmas", "tenaga-pendidik"], 3)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("title", ["angka-partisipasi-sekolah", "jumlah-puskesmas", "tenaga-pendidik"]),
        ("created", ["tenaga-pendidik", "jumlah-puskesmas", "angka-partisipasi-sekolah"]),
        # jumlah-puskesmas got its second version after tenaga-pendidik was created.
        ("updated", ["jumlah-puskesmas", "tenaga-pendidik", "angka-partisipasi-sekolah"]),
        ("relevance", ["jumlah-puskesmas", "tenaga-pendidik", "angka-partisipasi-sekolah"]),
    ],
)
def test_sort_orders(api: TestClient, sort: str, expected: list[str]) -> None:
    assert slugs(search(api, sort=sort)) == expected


def test_a_summary_carries_metadata_and_current_version(api: TestClient) -> None:
    (summary,) = search(api, q="puskesmas")["data"]
    assert summary["title"] == "Jumlah Puskesmas"
    assert summary["organization"]["code"] == "DINKES"
    assert summary["organization"]["short_name"] == "Dinas Kesehatan"
    assert summary["sector"] == "kesehatan"
    assert summary["tags"] == ["fasilitas kesehatan", "puskesmas"]
    assert summary["years"] == [2020, 2021]
    assert summary["row_count"] == 6
    assert summary["version_count"] == 2
    assert summary["current_version"] == 2
    assert summary["access_level"] == "terbuka"
    assert "table_schema" not in summary and "versions" not in summary


@pytest.mark.parametrize("params", [{"limit": 0}, {"limit": 101}, {"offset": -1}])
def test_paging_out_of_range_is_a_request_error(api: TestClient, params: dict[str, int]) -> None:
    response = api.get("/api/v1/datasets", params=params)
    assert response.status_code == 422
    assert response.json()["error"]["type"] == "invalid-request"


def test_restricted_dataset_is_hidden_from_anonymous_search_and_facets(api: TestClient) -> None:
    anonymous = search(api, q="pendidikan khusus")
    assert anonymous["count"] == 0
    body = search(api)
    assert HIDDEN not in slugs(body)
    assert ("puskesmas", 1) in facet(body, "tag")
    assert facet(body, "year")[2] == ("2020", 2)


def test_restricted_dataset_is_visible_with_the_admin_token(api: TestClient) -> None:
    body = search(api, headers=ADMIN)
    assert set(slugs(body)) == {*PUBLIC, HIDDEN}
    assert body["count"] == 4
    assert facet(body, "organization") == [("DINKES", 2), ("DISDIK", 2)]
    assert ("puskesmas", 2) in facet(body, "tag")
    assert facet(body, "year") == [("2022", 1), ("2021", 3), ("2020", 3), ("2019", 1)]
    assert HIDDEN in slugs(search(api, headers=ADMIN, q="didik"))


def test_organizations_count_only_visible_datasets(api: TestClient) -> None:
    public = {o["code"]: o["dataset_count"] for o in api.get("/api/v1/organizations").json()}
    admin = {
        o["code"]: o["dataset_count"]
        for o in api.get("/api/v1/organizations", headers=ADMIN).json()
    }
    assert public == {"DINKES": 1, "DISDIK": 2}
    assert admin == {"DINKES": 2, "DISDIK": 2}


def test_a_wrong_token_is_refused_not_ignored(api: TestClient) -> None:
    response = api.get("/api/v1/datasets", headers={"Authorization": "Bearer salah"})
    assert response.status_code == 401
    assert response.json()["error"]["type"] == "invalid-token"
