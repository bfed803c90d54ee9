"""One fixture file per quirk of agency files, ingested end to end and read back typed."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from satudata.ingest.service import IngestResult


def fields(result: IngestResult) -> list[tuple[Any, ...]]:
    """Return (name, title, type, format, dimension) of every field, in order."""
    return [(f["name"], f["title"], f["type"], f["format"], f.get("dimension"))
            for f in result.table_schema["fields"]]  # fmt: skip


BASIC_FIELDS = [
    ("kode_wilayah", "kode_wilayah", "string", "default", "region_code"),
    ("nama_wilayah", "nama_wilayah", "string", "default", "region_name"),
    ("tahun", "tahun", "year", "default", "period"),
    ("jumlah_penduduk", "jumlah_penduduk", "integer", "default", None),
]
BASIC_ROWS = [
    {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2024,
     "jumlah_penduduk": 2654448},
    {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2024,
     "jumlah_penduduk": 847182},
    {"kode_wilayah": "35.78", "nama_wilayah": "Kota Surabaya", "tahun": 2024,
     "jumlah_penduduk": 2893698},
]  # fmt: skip


@pytest.mark.parametrize(
    "filename",
    ["utf8_bom.csv", "delimiter_semicolon.csv", "delimiter_tab.csv", "delimiter_pipe.csv"],
)
def test_encodings_and_delimiters_give_the_same_typed_table(
    filename: str, data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / filename)
    assert fields(result) == BASIC_FIELDS
    assert result.row_count == 3
    assert version_rows(order="kode_wilayah") == BASIC_ROWS


def test_utf8_keeps_non_ascii_text(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "utf8.csv")
    assert fields(result) == BASIC_FIELDS
    rows = version_rows(order="kode_wilayah")
    assert [r["nama_wilayah"] for r in rows] == [
        "Kabupaten Malang", "Kota Malang – Jawa Timur", "Kota Surabaya"]  # fmt: skip


def test_bom_does_not_stick_to_the_first_column_name(data_dir: Path, ingest: Any) -> None:
    result = ingest(data_dir / "utf8_bom.csv")
    assert result.table_schema["fields"][0]["name"] == "kode_wilayah"
    assert result.table_schema["fields"][0]["title"] == "kode_wilayah"


def test_windows_1252_text_is_decoded_as_written(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "cp1252.csv")
    assert fields(result) == [
        ("kode_wilayah", "kode_wilayah", "string", "default", "region_code"),
        ("nama_wilayah", "nama_wilayah", "string", "default", "region_name"),
        ("keterangan", "keterangan", "string", "default", None),
        ("anggaran", "anggaran", "integer", "default", None),
    ]
    assert result.table_schema["fields"][3]["groupChar"] == "."
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.28", "nama_wilayah": "Kab. Pamekasan – Madura",
         "keterangan": "Rp dialokasikan", "anggaran": 1500000},
        {"kode_wilayah": "35.29", "nama_wilayah": "Kab. Sumenep",
         "keterangan": "café kopi ½ porsi", "anggaran": 2750000},
    ]  # fmt: skip


def test_utf16_text_is_decoded_and_its_footnote_set_aside(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "utf16.csv")
    assert result.row_count == 2
    assert [r["nama_wilayah"] for r in version_rows(order="kode_wilayah")] == [
        "Kabupaten Malang", "Kota Malang – Klojen"]  # fmt: skip
    assert result.notes["set_aside"] == [
        {"row": 4, "reason": "footnote", "text": "Sumber: Dinas Kesehatan"}]  # fmt: skip


def test_quoted_fields_keep_their_newlines(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "quoted_newlines.csv")
    assert result.row_count == 3
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "alamat": "Jl. Panji No. 158\nKepanjen", "jumlah_puskesmas": 39},
        {"kode_wilayah": "35.73", "alamat": "Jl. Tugu No. 1,\nKlojen\nKota Malang",
         "jumlah_puskesmas": 16},
        {"kode_wilayah": "35.78", "alamat": "Jl. Taman Surya No. 1", "jumlah_puskesmas": 63},
    ]  # fmt: skip


def test_title_rows_above_the_header_are_set_aside(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "title_rows.csv")
    assert fields(result) == [
        ("kode_wilayah", "Kode Wilayah", "string", "default", "region_code"),
        ("kabupaten_kota", "Kabupaten/Kota", "string", "default", "region_name"),
        ("jumlah_puskesmas", "Jumlah Puskesmas", "integer", "default", None),
    ]
    assert result.notes["set_aside"] == [
        {"row": 1, "reason": "title", "text": "JUMLAH PUSKESMAS MENURUT KABUPATEN/KOTA"},
        {"row": 2, "reason": "title", "text": "PROVINSI JAWA TIMUR TAHUN 2024"},
    ]
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "kabupaten_kota": "Kabupaten Malang", "jumlah_puskesmas": 39},
        {"kode_wilayah": "35.73", "kabupaten_kota": "Kota Malang", "jumlah_puskesmas": 16},
    ]


def test_merged_two_row_header_is_flattened(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "merged_header.xlsx")
    assert fields(result) == [
        ("kecamatan", "Kecamatan", "string", "default", "region_name"),
        ("jumlah_siswa_laki_laki", "Jumlah Siswa / Laki-laki", "integer", "default", None),
        ("jumlah_siswa_perempuan", "Jumlah Siswa / Perempuan", "integer", "default", None),
    ]
    assert result.notes["sheet"] == "Data"
    assert result.notes["set_aside"] == []
    assert version_rows(order="kecamatan") == [
        {"kecamatan": "Kepanjen", "jumlah_siswa_laki_laki": 5120, "jumlah_siswa_perempuan": 5034},
        {"kecamatan": "Singosari", "jumlah_siswa_laki_laki": 4821,
         "jumlah_siswa_perempuan": 4790},
    ]  # fmt: skip


def test_footnotes_are_set_aside_with_their_rows(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "footnotes.csv")
    assert result.row_count == 2
    assert result.notes["set_aside"] == [
        {"row": 4, "reason": "footnote", "text": "Sumber: Dinas Kesehatan Provinsi Jawa Timur"},
        {"row": 5, "reason": "footnote", "text": "*) angka sementara"},
    ]
    assert [r["jumlah_bayi"] for r in version_rows(order="kode_wilayah")] == [1204, 388]


def test_empty_rows_and_columns_are_dropped(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "empty_rows_cols.csv")
    assert [f[0] for f in fields(result)] == ["kode_wilayah", "nama_wilayah", "jumlah_posyandu"]
    assert result.notes["set_aside"] == [
        {"row": 2, "reason": "empty", "text": ""},
        {"row": 4, "reason": "empty", "text": ""},
    ]
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "jumlah_posyandu": 3211},
        {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "jumlah_posyandu": 642},
    ]


def test_total_row_is_set_aside_and_reported_with_its_row(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "total_row.csv")
    assert result.row_count == 2
    assert result.notes["set_aside"] == [{"row": 4, "reason": "total", "text": "Jumlah | 1317"}]
    assert sum(r["jumlah_dokter"] for r in version_rows(order="kode_wilayah")) == 412 + 905


def test_bps_html_table_named_xls_is_read_with_its_spans(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "bps_table.xls")
    assert result.notes["kind"] == "html"
    assert fields(result) == [
        ("kabupaten_kota", "Kabupaten/Kota", "string", "default", "region_name"),
        ("jumlah_penduduk_laki_laki", "Jumlah Penduduk / Laki-laki", "integer", "default", None),
        ("jumlah_penduduk_perempuan", "Jumlah Penduduk / Perempuan", "integer", "default", None),
    ]
    assert version_rows(order="kabupaten_kota") == [
        {"kabupaten_kota": "Jawa Timur", "jumlah_penduduk_laki_laki": 1754191,
         "jumlah_penduduk_perempuan": 1747439},
        {"kabupaten_kota": "Kabupaten Malang", "jumlah_penduduk_laki_laki": 1334040,
         "jumlah_penduduk_perempuan": 1320408},
        {"kabupaten_kota": "Kota Malang", "jumlah_penduduk_laki_laki": 420151,
         "jumlah_penduduk_perempuan": 427031},
    ]  # fmt: skip


@pytest.mark.parametrize("filename", ["float_codes.csv", "float_codes.xlsx"])
def test_codes_a_spreadsheet_turned_into_floats_lose_the_point_zero(
    filename: str, data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / filename)
    kode = result.table_schema["fields"][0]
    assert (kode["name"], kode["type"], kode["codeLike"]) == ("kode_kab", "string", True)
    assert version_rows(order="kode_kab") == [
        {"kode_kab": "3201", "nama_wilayah": "Kabupaten Bogor", "jumlah_desa": 416},
        {"kode_kab": "3202", "nama_wilayah": "Kabupaten Sukabumi", "jumlah_desa": 386},
    ]


def test_indonesian_numbers_are_read_with_dot_groups_and_decimal_comma(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "numbers_id.csv")
    described = {f["name"]: (f["type"], f.get("decimalChar"), f.get("groupChar"))
                 for f in result.table_schema["fields"]}  # fmt: skip
    assert described == {
        "nama_wilayah": ("string", None, None),
        "penduduk": ("integer", None, "."),
        "persentase": ("number", ",", "."),
        "anggaran": ("number", ",", "."),
    }
    assert version_rows(order="penduduk") == [
        {"nama_wilayah": "Kota Batu", "penduduk": 215248, "persentase": 3.0, "anggaran": 12.0},
        {"nama_wilayah": "Kota Malang", "penduduk": 847182, "persentase": 7.25,
         "anggaran": 987654.3},
        {"nama_wilayah": "Kabupaten Malang", "penduduk": 2654448, "persentase": 12.5,
         "anggaran": 1234.56},
    ]  # fmt: skip


def test_dates_in_four_spellings_become_dates(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "dates.csv")
    assert fields(result) == [
        ("kejadian", "kejadian", "date", "%d/%m/%Y", None),
        ("tgl_lapor", "tgl_lapor", "date", "default", "period"),
        ("periode", "periode", "yearmonth", "id-month-year", None),  # one period per table
        ("tanggal", "tanggal", "date", "excel-serial", None),
    ]
    assert version_rows(order="kejadian") == [
        {"kejadian": date(2024, 2, 1), "tgl_lapor": date(2024, 2, 1),
         "periode": date(2024, 1, 1), "tanggal": date(2024, 2, 1)},
        {"kejadian": date(2024, 12, 31), "tgl_lapor": date(2024, 12, 31),
         "periode": date(2024, 12, 1), "tanggal": date(2024, 12, 31)},
    ]  # fmt: skip


def test_excel_date_cells_and_serials_in_a_tanggal_column_become_dates(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "dates.xlsx")
    assert fields(result) == [
        ("kegiatan", "kegiatan", "string", "default", None),
        ("tanggal_mulai", "tanggal_mulai", "date", "default", "period"),
        ("tanggal", "tanggal", "date", "excel-serial", None),
    ]
    assert version_rows(order="tanggal") == [
        {"kegiatan": "Posyandu", "tanggal_mulai": date(2024, 2, 1), "tanggal": date(2024, 2, 1)},
        {"kegiatan": "Imunisasi", "tanggal_mulai": date(2024, 12, 31),
         "tanggal": date(2024, 12, 31)},
    ]  # fmt: skip


def test_dash_and_empty_cells_are_missing(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "missing.csv")
    assert fields(result) == [
        ("nama_wilayah", "nama_wilayah", "string", "default", "region_name"),
        ("jumlah_kasus", "jumlah_kasus", "integer", "default", None),
        ("persentase", "persentase", "number", "default", None),
    ]
    assert version_rows(order="nama_wilayah") == [
        {"nama_wilayah": "Kabupaten Malang", "jumlah_kasus": 12, "persentase": None},
        {"nama_wilayah": "Kota Batu", "jumlah_kasus": None, "persentase": None},
        {"nama_wilayah": "Kota Malang", "jumlah_kasus": None, "persentase": 4.5},
    ]


def test_codes_stay_strings(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "codes.csv")
    described = [(f["name"], f["type"], f["codeLike"], f.get("dimension"),
                  f.get("regionCodeStyle")) for f in result.table_schema["fields"]]  # fmt: skip
    assert described == [
        ("kode_wilayah", "string", True, "region_code", "kemendagri"),
        ("bps", "string", True, None, "bps"),  # a second region code: one per dimension
        ("no_urut", "string", True, None, None),  # leading zeros
        ("npsn", "string", True, None, None),
        ("nik", "string", True, None, None),
        ("kode_sekolah", "string", True, None, None),  # named kode_*
        ("nama", "string", False, None, None),
    ]
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "bps": "3507", "no_urut": "0123", "npsn": "20512345",
         "nik": "3507123456780001", "kode_sekolah": "101", "nama": "SDN Kepanjen 1"},
        {"kode_wilayah": "35.73", "bps": "3573", "no_urut": "0456", "npsn": "20533821",
         "nik": "3573019876540002", "kode_sekolah": "202", "nama": "SDN Klojen 2"},
    ]  # fmt: skip


def test_bps_style_region_codes_are_the_region_dimension(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "region_bps.csv")
    kode = result.table_schema["fields"][0]
    assert (kode["name"], kode["type"], kode["dimension"], kode["regionCodeStyle"]) == (
        "kode_bps", "string", "region_code", "bps")  # fmt: skip
    assert [r["kode_bps"] for r in version_rows(order="kode_bps")] == ["3507", "3573", "3578"]


def test_json_array_of_objects_is_typed(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "records.json")
    assert result.notes["kind"] == "json"
    assert fields(result) == [
        ("kode_wilayah", "kode_wilayah", "string", "default", "region_code"),
        ("nama_wilayah", "nama_wilayah", "string", "default", "region_name"),
        ("tahun", "tahun", "year", "default", "period"),
        ("jumlah", "jumlah", "number", "default", None),
        ("aktif", "aktif", "boolean", "default", None),
    ]
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2024,
         "jumlah": 1204.0, "aktif": True},
        {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2024,
         "jumlah": 388.5, "aktif": False},
    ]  # fmt: skip


def test_ods_workbook_is_read(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "sheet.ods")
    assert (result.notes["kind"], result.notes["sheet"]) == ("ods", "Data")
    assert [f[2] for f in fields(result)] == ["string", "string", "integer"]
    assert version_rows(order="kode_wilayah") == [
        {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "jumlah_sekolah": 1204},
        {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "jumlah_sekolah": 388},
    ]


def test_wide_table_of_years_gets_a_note(data_dir: Path, ingest: Any) -> None:
    result = ingest(data_dir / "wide_years.csv")
    years = ["k_2019", "k_2020", "k_2021", "k_2022", "k_2023"]
    assert [f[0] for f in fields(result)] == ["kode_wilayah", "nama_wilayah", *years]
    (note,) = result.notes["notes"]
    assert note["type"] == "wide-table"
    assert note["id_columns"] == ["kode_wilayah", "nama_wilayah"]
    assert note["year_columns"] == ["k_2019", "k_2020", "k_2021", "k_2022", "k_2023"]
    assert "reshape=long" in note["message_en"]


def test_wide_table_reshaped_long_has_a_row_per_region_and_year(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "wide_years.csv", reshape="long")
    assert fields(result) == [
        ("kode_wilayah", "kode_wilayah", "string", "default", "region_code"),
        ("nama_wilayah", "nama_wilayah", "string", "default", "region_name"),
        ("tahun", "Tahun", "year", "default", "period"),
        ("nilai", "Nilai", "integer", "default", None),
    ]
    assert result.row_count == 15
    assert result.notes["notes"] == [
        {
            "type": "reshaped-long",
            "year_columns": ["k_2019", "k_2020", "k_2021", "k_2022", "k_2023"],
        }
    ]
    rows = version_rows(order="kode_wilayah, tahun")
    assert [(r["kode_wilayah"], r["tahun"], r["nilai"]) for r in rows] == [
        (code, year, base + year - 2019)
        for code, base in [("35.07", 10), ("35.73", 20), ("35.78", 30)]
        for year in range(2019, 2024)
    ]


def test_table_below_and_right_of_empty_cells_keeps_sheet_row_numbers(
    data_dir: Path, ingest: Any, version_rows: Any
) -> None:
    result = ingest(data_dir / "offset_table.xlsx")

    assert [f[:3] for f in fields(result)] == [
        ("kecamatan", "Kecamatan", "string"),
        ("jumlah_posyandu", "Jumlah Posyandu", "integer"),
    ]
    assert result.notes["set_aside"] == [
        {"row": 7, "reason": "empty", "text": ""},
        {"row": 8, "reason": "footnote", "text": "Sumber: Dinas Kesehatan Kabupaten Malang"},
    ]
    assert version_rows(order="kecamatan") == [
        {"kecamatan": "Kepanjen", "jumlah_posyandu": 112},
        {"kecamatan": "Singosari", "jumlah_posyandu": 98},
    ]


def test_trailing_delimiter_adds_no_column(data_dir: Path, ingest: Any, version_rows: Any) -> None:
    result = ingest(data_dir / "trailing_delimiter.csv")

    assert [f[0] for f in fields(result)] == ["kode_wilayah", "nama_wilayah", "jumlah_bidan"]
    assert result.notes["set_aside"] == [
        {"row": 4, "reason": "footnote", "text": "Sumber: Dinas Kesehatan"}]  # fmt: skip
    assert [r["jumlah_bidan"] for r in version_rows(order="kode_wilayah")] == [845, 310]
