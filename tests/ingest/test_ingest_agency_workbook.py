"""Done when: an agency-style workbook becomes correctly typed columns with no hand edits."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from satudata.auth import SYSTEM
from satudata.catalog.data import query_rows
from satudata.db.session import session_scope
from satudata.lake.query import Filter, RowsQuery
from satudata.runtime import Runtime


def test_agency_workbook_is_typed_without_hand_edits(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "agency.xlsx")

    described = [
        (f["name"], f["title"], f["type"], f.get("decimalChar"), f.get("groupChar"),
         f.get("dimension"), f["codeLike"])
        for f in result.table_schema["fields"]
    ]  # fmt: skip
    assert described == [
        ("kode_wilayah", "Kode Wilayah", "string", None, None, "region_code", True),
        ("kabupaten_kota", "Kabupaten/Kota", "string", None, None, "region_name", False),
        ("jumlah_siswa_laki_laki", "Jumlah Siswa / Laki-laki", "integer", None, None, None,
         False),
        ("jumlah_siswa_perempuan", "Jumlah Siswa / Perempuan", "integer", None, ".", None,
         False),
        ("rasio_guru_murid", "Rasio Guru-Murid", "number", ",", ".", None, False),
        ("anggaran_rp", "Anggaran (Rp)", "number", ",", ".", None, False),
    ]  # fmt: skip
    assert result.table_schema["fields"][0]["regionCodeStyle"] == "kemendagri"
    assert result.row_count == 3
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "kabupaten_kota": "Kabupaten Malang",
         "jumlah_siswa_laki_laki": 98123, "jumlah_siswa_perempuan": 95310,
         "rasio_guru_murid": 17.5, "anggaran_rp": 1234.56},
        {"kode_wilayah": "35.73", "kabupaten_kota": "Kota Malang",
         "jumlah_siswa_laki_laki": 40211, "jumlah_siswa_perempuan": 39876,
         "rasio_guru_murid": 15.25, "anggaran_rp": 987654.3},
        {"kode_wilayah": "35.78", "kabupaten_kota": "Kota Surabaya",
         "jumlah_siswa_laki_laki": 120456, "jumlah_siswa_perempuan": 118002,
         "rasio_guru_murid": 18.0, "anggaran_rp": 12500000.0},
    ]  # fmt: skip


def test_agency_workbook_lists_every_row_it_set_aside(data_dir: Path, ingest: Any) -> None:
    result = ingest(data_dir / "agency.xlsx")

    assert result.notes["kind"] == "xlsx"
    assert result.notes["sheet"] == "Data"
    assert result.notes["notes"] == [
        {"type": "sheet-chosen", "sheet": "Data", "sheets": ["Data", "Catatan"]}]  # fmt: skip
    assert [(a["row"], a["reason"]) for a in result.notes["set_aside"]] == [
        (1, "title"),
        (2, "title"),
        (6, "numbering"),
        (10, "total"),
        (11, "empty"),
        (12, "footnote"),
        (13, "footnote"),
    ]
    texts = {a["row"]: a["text"] for a in result.notes["set_aside"]}
    assert texts[10] == "Jumlah | 258790 | 253.188 | - | 13.488.888,86"
    assert texts[12] == "Sumber: Dinas Pendidikan Provinsi Jawa Timur"
    assert texts[13] == "*) angka sementara"


def test_agency_workbook_is_queryable_by_region_code(
    data_dir: Path, ingest: Any, runtime: Runtime
) -> None:
    ingest(data_dir / "agency.xlsx")
    query = RowsQuery(filters=[Filter("kode_wilayah", "eq", "35.73")])
    with session_scope(runtime.sessions) as session:
        page = query_rows(session, runtime.lake, runtime.query_engine, actor=SYSTEM,
                          slug="data-uji", query=query)  # fmt: skip

    assert (page.version, page.count) == (1, 1)
    (row,) = page.data
    assert row["kabupaten_kota"] == "Kota Malang"
    assert row["jumlah_siswa_perempuan"] == 39876
    assert row["anggaran_rp"] == 987654.3
