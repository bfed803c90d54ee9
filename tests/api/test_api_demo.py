"""The API on the realistic demo catalogue: search, aggregates and an Excel download."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable, Iterator

import openpyxl
import pytest
from fastapi.testclient import TestClient

from satudata.config import Settings
from satudata.demo.service import load_demo
from satudata.runtime import Runtime

pytestmark = pytest.mark.slow
ADMIN = {"Authorization": "Bearer rahasia-uji"}
STUNTING = "/api/v1/datasets/prevalensi-balita-stunting-per-kabkota"
KPM = "jumlah-kpm-bantuan-sosial-per-kabkota"  # the demo's one `terbatas` dataset


@pytest.fixture(scope="module")
def demo(
    tmp_path_factory: pytest.TempPathFactory,
    module_database_url: str,
    make_client: Callable[[Runtime], TestClient],
) -> Iterator[TestClient]:
    folder = tmp_path_factory.mktemp("demo")
    rt = Runtime(Settings(data_dir=folder, database_url=module_database_url,
                          admin_token="rahasia-uji"))  # fmt: skip
    rt.init()
    assert load_demo(rt) == 11
    yield make_client(rt)
    rt.engine.dispose()


def test_didik_finds_the_education_agency_first(demo: TestClient) -> None:
    body = demo.get("/api/v1/datasets", params={"q": "didik"}).json()
    first_two = {(d["slug"], d["organization"]["code"]) for d in body["data"][:2]}
    assert first_two == {
        ("jumlah-sekolah-dan-siswa-sma-smk-per-kabkota", "DINDIK"),
        ("angka-partisipasi-sekolah-per-kabkota", "DINDIK"),
    }
    assert body["count"] == len(body["data"])


def test_the_restricted_sample_is_only_listed_for_the_admin(demo: TestClient) -> None:
    public = demo.get("/api/v1/datasets", params={"limit": 100}).json()
    admin = demo.get("/api/v1/datasets", params={"limit": 100}, headers=ADMIN).json()
    assert (public["count"], admin["count"]) == (10, 11)
    assert {d["slug"] for d in admin["data"]} - {d["slug"] for d in public["data"]} == {KPM}
    sosial = {f["value"]: f["count"] for f in public["facets"]["sector"]}["sosial"]
    assert sosial == 1  # the KPM dataset is in sector sosial too, but not counted
    assert demo.get(f"/api/v1/datasets/{KPM}/download").status_code == 404


def test_aggregate_by_year_agrees_with_the_rows(demo: TestClient) -> None:
    rows = demo.get(f"{STUNTING}/rows", params={"limit": 1000}).json()
    years = {r["tahun"] for r in rows["data"]}
    assert rows["count"] == 38 * len(years) == 266  # 2019–2025, the 2025 version sent late
    expected: dict[int, list[int]] = defaultdict(list)
    for r in rows["data"]:
        expected[r["tahun"]].append(r["jumlah_balita_stunting"])
    body = demo.get(f"{STUNTING}/aggregate", params={
        "group_by": "tahun", "measure": ["sum:jumlah_balita_stunting", "count"]}).json()  # fmt: skip
    assert body["data"] == [
        {"tahun": y, "sum_jumlah_balita_stunting": sum(v), "count_rows": 38}
        for y, v in sorted(expected.items())
    ]


def test_region_filter_and_year_range_on_real_codes(demo: TestClient) -> None:
    body = demo.get(f"{STUNTING}/rows", params={
        "kode_wilayah": "35.07", "tahun__between": "2020,2022", "sort": "-tahun"}).json()  # fmt: skip
    assert [(r["nama_wilayah"], r["tahun"]) for r in body["data"]] == [
        ("Kabupaten Malang", 2022), ("Kabupaten Malang", 2021), ("Kabupaten Malang", 2020)
    ]  # fmt: skip


def test_excel_download_keeps_region_codes_as_text(demo: TestClient) -> None:
    response = demo.get(f"{STUNTING}/download", params={"format": "xlsx"})
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Data"]
    codes = [c for (c,) in sheet.iter_rows(min_row=2, max_col=1)]
    assert len(codes) == 266
    assert all(c.data_type == "s" and len(c.value) == 5 for c in codes)
    assert {c.value for c in codes} >= {"35.01", "35.07", "35.78"}


def test_the_walidata_desk_has_work_waiting_at_every_step(demo: TestClient) -> None:
    found = {}
    for state in ("submitted", "in_review", "returned", "pembina_review"):
        queue = demo.get("/api/v1/review/queue", params={"state": state}, headers=ADMIN).json()
        found[state] = {(v["dataset"], v["organization"]) for v in queue}
    assert found == {
        "submitted": {("jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota", "DINKES")},
        "in_review": {("angka-partisipasi-sekolah-per-kabkota", "DINDIK")},
        "returned": {("jumlah-sekolah-dan-siswa-sma-smk-per-kabkota", "DINDIK")},
        "pembina_review": {("prevalensi-balita-stunting-per-kabkota", "DINKES")},
    }
    # None of it is public: the public version stays, and the public sees no new one.
    seen = demo.get(STUNTING, headers=ADMIN).json()
    public = demo.get(STUNTING).json()
    newest = max(v["number"] for v in seen["versions"])
    assert public["current_version"] == seen["current_version"] == newest - 1
    assert max(v["number"] for v in public["versions"]) == newest - 1


def test_the_demo_board_is_believable_and_last_months_report_is_kept(demo: TestClient) -> None:
    board = demo.get("/api/v1/compliance/board", headers=ADMIN).json()
    orgs = board["organizations"]
    scores = [o["score"] for o in orgs if o["score"] is not None]
    assert len(orgs) >= 10 and len(scores) >= 10
    assert max(scores) - min(scores) >= 30  # some agencies send well, some hardly at all
    assert sum(o["late"] for o in orgs) and sum(o["missing"] for o in orgs)
    assert sum(o["partial"] for o in orgs)  # a period with kab/kota missing
    assert [o["rank"] for o in orgs][:1] == [1] and len(board["months"]) == 6
    reports = demo.get("/api/v1/compliance/reports", headers=ADMIN).json()
    assert [r["revision"] for r in reports] == [1]
    kept = demo.get(f"/api/v1/compliance/reports/{reports[0]['month']}", headers=ADMIN).json()
    assert len(kept["data"]["organizations"]) == len(orgs)
