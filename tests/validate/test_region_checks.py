"""Region checks: kode wilayah (Kemendagri, Jawa Timur, the dataset's level), names, coverage.

Codes and names come from the shipped reference (`get_region_index`), never from memory.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata.errors import IngestError
from satudata.reference import RegionIndex

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
PUBLISHED = [["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]]

Send = Callable[[list[list[Any]]], dict[str, Any]]


@pytest.fixture
def send(write_csv: Callable[..., Path], ingest: Any, check: Any) -> Send:
    """Publish puskesmas counts of two kab/kota; return a dry run of new rows."""
    ingest(write_csv(PUBLISHED, HEADER))
    return lambda rows: check(write_csv(rows, HEADER))


def findings(report: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [e for e in report["errors"] + report["warnings"] if e["type"] == type_]


# --- region-code ----------------------------------------------------------------------


def test_known_east_java_codes_pass_the_region_code_check(send: Send) -> None:
    report = send([*PUBLISHED, ["35.78", "Kota Surabaya", 2024, 63]])

    assert report["valid"] is True
    assert findings(report, "region-code") == []


@pytest.mark.parametrize(
    ("code", "name", "message", "message_en"),
    [
        ("35.99", "Kabupaten Entah",
         "kode wilayah '35.99' tidak dikenal dalam daftar Kemendagri.",
         "region code '35.99' is not in the Kemendagri list."),
        ("33.01", "Kabupaten Cilacap",
         "kode wilayah '33.01' bukan wilayah Jawa Timur (kode provinsi 35).",
         "region code '33.01' is not in East Java (province code 35)."),
        ("Malang", "Kabupaten Malang",
         "'Malang' bukan kode wilayah (contoh: 35.07).",
         "'Malang' is not a region code (e.g. 35.07)."),
    ],
)  # fmt: skip
def test_a_code_that_is_not_an_east_java_region_is_an_error(
    code: str, name: str, message: str, message_en: str, send: Send
) -> None:
    report = send([*PUBLISHED, [code, name, 2024, 5]])

    assert report["errors"] == [{
        "type": "region-code", "severity": "error", "row": 4, "field": "kode_wilayah",
        "column": "Kode Wilayah", "value": code,
        "message": f"Baris 4, kolom 'Kode Wilayah': {message}",
        "message_en": f"Row 4, column 'Kode Wilayah': {message_en}",
    }]  # fmt: skip
    assert report["by_column"] == {"kode_wilayah": {"errors": 1, "warnings": 0}}


def test_a_bps_style_code_in_a_kemendagri_column_suggests_the_dotted_code(
    send: Send, regions: RegionIndex
) -> None:
    malang = regions.get("3507")
    assert malang is not None

    report = send([*PUBLISHED, ["3507", malang.name, 2023, 38]])

    assert report["errors"] == [{
        "type": "region-code", "severity": "error", "row": 4, "field": "kode_wilayah",
        "column": "Kode Wilayah", "value": "3507", "suggestion": malang.code,
        "message": "Baris 4, kolom 'Kode Wilayah': kode '3507' ditulis dengan gaya lain; di kolom "
        "ini tulis '35.07' (Kabupaten Malang).",
        "message_en": "Row 4, column 'Kode Wilayah': code '3507' is written in another style; "
        "write '35.07' (Kabupaten Malang) in this column.",
    }]  # fmt: skip


def test_a_dotted_code_in_a_bps_column_suggests_the_bps_code(
    data_dir: Path, ingest: Any, check: Any, write_csv: Callable[..., Path]
) -> None:
    published = ingest(data_dir / "region_bps.csv")
    assert published.table_schema["fields"][0]["regionCodeStyle"] == "bps"
    header = ["kode_bps", "nama_wilayah", "jumlah_rs"]

    report = check(write_csv([["3507", "Kabupaten Malang", 28], ["35.73", "Kota Malang", 25]],
                             header))  # fmt: skip

    (entry,) = report["errors"]
    assert (entry["type"], entry["row"], entry["value"], entry["suggestion"]) == (
        "region-code",
        3,
        "35.73",
        "3573",
    )
    assert entry["message"] == (
        "Baris 3, kolom 'kode_bps': kode '35.73' ditulis dengan gaya lain; di kolom ini tulis "
        "'3573' (Kota Malang).")  # fmt: skip


@pytest.mark.parametrize("how", ["metadata on the first file", "dataset updated later"])
def test_a_kecamatan_code_in_a_kabupaten_kota_dataset_is_an_error(
    how: str, write_csv: Callable[..., Path], ingest: Any, check: Any, set_region_level: Any,
    regions: RegionIndex,
) -> None:  # fmt: skip
    district = regions.get("35.07.01")
    assert district is not None and district.level == "district"
    rows = [*PUBLISHED, [district.code, district.name, 2024, 3]]
    if how == "metadata on the first file":
        with pytest.raises(IngestError) as caught:
            ingest(write_csv(rows, HEADER), metadata={"region_level": "kabupaten_kota"})
        report = caught.value.details
    else:
        ingest(write_csv(PUBLISHED, HEADER))
        set_region_level("kabupaten_kota")
        report = check(write_csv(rows, HEADER))

    assert findings(report, "region-code") == [{
        "type": "region-code", "severity": "error", "row": 4, "field": "kode_wilayah",
        "column": "Kode Wilayah", "value": "35.07.01", "details": {"level": "district"},
        "message": "Baris 4, kolom 'Kode Wilayah': '35.07.01' (Donomulyo) adalah kode kecamatan, "
        "sedangkan dataset ini disajikan per kabupaten/kota.",
        "message_en": "Row 4, column 'Kode Wilayah': '35.07.01' (Donomulyo) is a district code, "
        "but this dataset is presented per regency/city.",
    }]  # fmt: skip


def test_a_kabupaten_code_in_a_kecamatan_dataset_is_an_error(
    write_csv: Callable[..., Path], ingest: Any, check: Any, set_region_level: Any
) -> None:
    header = ["Kode Kecamatan", "Kecamatan", "Tahun", "Jumlah Posyandu"]
    ingest(write_csv([["35.07.01", "Donomulyo", 2024, 61]], header))
    set_region_level("kecamatan")

    report = check(write_csv([["35.07.01", "Donomulyo", 2024, 61],
                              ["35.07", "Kabupaten Malang", 2024, 3211]], header))  # fmt: skip

    (entry,) = findings(report, "region-code")
    assert (entry["row"], entry["value"], entry["details"]) == (3, "35.07", {"level": "regency"})
    assert entry["message"] == (
        "Baris 3, kolom 'Kode Kecamatan': '35.07' (Kabupaten Malang) adalah kode kabupaten, "
        "sedangkan dataset ini disajikan per kecamatan.")  # fmt: skip


# --- region-name ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "name"),
    [("35.07", "Kab. Malang"), ("35.07", "KABUPATEN MALANG"), ("35.73", "Kota Malang – Klojen"),
     ("35.78", "Kota Surabaya")],
)  # fmt: skip
def test_a_name_agreeing_with_its_code_passes(code: str, name: str, send: Send) -> None:
    report = send([[code, name, 2024, 10]])

    assert findings(report, "region-name") == []
    assert report["valid"] is True


def test_a_name_beside_another_regions_code_suggests_the_right_name(
    send: Send, regions: RegionIndex
) -> None:
    malang = regions.get("35.07")
    assert malang is not None

    report = send([["35.07", "Kota Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]])

    assert report["errors"] == [{
        "type": "region-name", "severity": "error", "row": 2, "field": "kabupaten_kota",
        "column": "Kabupaten/Kota", "value": "Kota Malang", "suggestion": malang.name,
        "message": "Baris 2, kolom 'Kabupaten/Kota': nama 'Kota Malang' tidak sesuai dengan kode "
        "35.07 (Kabupaten Malang).",
        "message_en": "Row 2, column 'Kabupaten/Kota': name 'Kota Malang' does not match code "
        "35.07 (Kabupaten Malang).",
    }]  # fmt: skip


@pytest.fixture
def names_only(write_csv: Callable[..., Path], ingest: Any, check: Any) -> Send:
    """A dataset with region names and no code column; return a dry run of new rows."""
    header = ["Kabupaten/Kota", "Tahun", "Jumlah Bidan"]
    published = ingest(write_csv([["Kabupaten Malang", 2024, 845], ["Kota Surabaya", 2024, 977]],
                                 header))  # fmt: skip
    assert published.table_schema["fields"][0]["dimension"] == "region_name"
    return lambda rows: check(write_csv(rows, header))


def test_a_name_alone_that_fits_two_regions_is_ambiguous_with_its_candidates(
    names_only: Send, regions: RegionIndex
) -> None:
    kab, kota = regions.get("35.07"), regions.get("35.73")
    assert kab is not None and kota is not None

    report = names_only([["Kota Surabaya", 2024, 977], ["Malang", 2024, 845]])

    listed = f"{kab.name} ({kab.code}), {kota.name} ({kota.code})"
    assert report["errors"] == [{
        "type": "region-name", "severity": "error", "row": 3, "field": "kabupaten_kota",
        "column": "Kabupaten/Kota", "value": "Malang",
        "message": f"Baris 3, kolom 'Kabupaten/Kota': nama 'Malang' ambigu: bisa {listed}. Tulis "
        "nama lengkapnya atau tambahkan kolom kode wilayah.",
        "message_en": f"Row 3, column 'Kabupaten/Kota': name 'Malang' is ambiguous: it may be "
        f"{listed}. Write the full name or add a region code column.",
    }]  # fmt: skip
    assert "suggestion" not in report["errors"][0]  # never guessed


def test_an_unknown_name_alone_suggests_the_closest_region(names_only: Send) -> None:
    report = names_only([["Kota Surbaya", 2024, 977]])

    assert report["errors"] == [{
        "type": "region-name", "severity": "error", "row": 2, "field": "kabupaten_kota",
        "column": "Kabupaten/Kota", "value": "Kota Surbaya", "suggestion": "Kota Surabaya",
        "message": "Baris 2, kolom 'Kabupaten/Kota': nama wilayah 'Kota Surbaya' tidak dikenali. "
        "Maksudnya 'Kota Surabaya'?",
        "message_en": "Row 2, column 'Kabupaten/Kota': region name 'Kota Surbaya' is not "
        "recognised. Did you mean 'Kota Surabaya'?",
    }]  # fmt: skip


@pytest.mark.parametrize("name", ["Kab. Malang", "Kabupaten Malang", "Kota Malang", "Kota Batu"])
def test_a_full_name_or_alias_alone_passes(name: str, names_only: Send) -> None:
    report = names_only([[name, 2024, 100]])

    assert findings(report, "region-name") == []
    assert report["valid"] is True


def test_every_row_with_a_wrong_name_is_listed(send: Send) -> None:
    report = send([["35.07", "Kota Malang", 2023, 39], ["35.07", "Kota Malang", 2024, 39]])

    assert [(e["row"], e["value"]) for e in findings(report, "region-name")] == [
        (2, "Kota Malang"), (3, "Kota Malang")]  # fmt: skip
    assert report["by_type"] == {"region-name": {"errors": 2, "warnings": 0}}


# --- region-coverage ------------------------------------------------------------------


@pytest.fixture
def all_regencies(regions: RegionIndex) -> list[list[Any]]:
    """One row per kab/kota of Jawa Timur for 2023 and 2024."""
    return [[r.code, r.name, year, 10] for year in (2023, 2024) for r in regions.regencies()]


def test_every_kabupaten_kota_in_every_year_covers_the_province(
    all_regencies: list[list[Any]], write_csv: Callable[..., Path], ingest: Any, check: Any,
) -> None:  # fmt: skip
    ingest(write_csv(all_regencies, HEADER), metadata={"region_level": "kabupaten_kota"})

    report = check(write_csv(all_regencies, HEADER))

    assert report["valid"] is True
    assert findings(report, "region-coverage") == []
    assert len(all_regencies) == 76


def test_kabupaten_kota_missing_from_one_year_are_named(
    all_regencies: list[list[Any]], write_csv: Callable[..., Path], ingest: Any, check: Any,
    regions: RegionIndex,
) -> None:  # fmt: skip
    ingest(write_csv(all_regencies, HEADER), metadata={"region_level": "kabupaten_kota"})
    gone = ["35.27", "35.29", "35.79"]  # Sampang, Sumenep, Kota Batu
    rows = [r for r in all_regencies if not (r[2] == 2024 and r[0] in gone)]

    report = check(write_csv(rows, HEADER))

    assert [regions.get(c).name for c in gone] == [  # type: ignore[union-attr]
        "Kabupaten Sampang", "Kabupaten Sumenep", "Kota Batu"]  # fmt: skip
    assert report["warnings"] == [{
        "type": "region-coverage", "severity": "warning", "row": None, "field": "kode_wilayah",
        "column": "Kode Wilayah", "value": "2024",
        "message": "Periode 2024: 35 dari 38 kabupaten/kota; tidak ada: Sampang, Sumenep, "
        "Kota Batu.",
        "message_en": "Period 2024: 35 of 38 (regency/city); missing: Sampang, Sumenep, "
        "Kota Batu.",
        "details": {"period": "2024", "present": 35, "expected": 38, "missing": gone},
    }]  # fmt: skip
    assert (report["valid"], report["warning_count"], report["row_count"]) == (True, 1, 73)
    assert report["by_type"] == {"region-coverage": {"errors": 0, "warnings": 1}}


def test_coverage_is_not_checked_for_a_dataset_without_a_level(send: Send) -> None:
    report = send([["35.78", "Kota Surabaya", 2024, 63]])

    assert findings(report, "region-coverage") == []


def test_a_row_without_a_region_code_is_an_error_not_a_silent_total(send: Send) -> None:
    """A "Jawa Timur" total with its code left empty would be added to the kab/kota."""
    report = send([*PUBLISHED, [None, "Jawa Timur", 2024, 55]])

    (error,) = findings(report, "region-code")
    assert (error["row"], error["field"], error["value"]) == (4, "kode_wilayah", None)
    assert error["message"] == (
        "Baris 4, kolom 'Kode Wilayah': kode wilayah kosong; setiap baris perlu kode "
        "wilayahnya (baris total provinsi tidak dimasukkan).")  # fmt: skip


def test_kecamatan_coverage_counts_the_kecamatan_of_the_kabupaten_present(
    write_csv: Callable[..., Path], ingest: Any, check: Any, regions: RegionIndex
) -> None:
    """A kecamatan dataset of one kabupaten is measured against that kabupaten only."""
    pacitan = [r for r in regions.children("35.01")]
    rows = [[r.code, r.name, 2024, i] for i, r in enumerate(pacitan[:-2])]
    ingest(write_csv(rows, HEADER), metadata={"region_level": "kecamatan"})
    report = check(write_csv(rows, HEADER))

    (warning,) = findings(report, "region-coverage")
    missing = pacitan[-2:]
    assert warning["details"]["expected"] == len(pacitan)
    assert warning["details"]["missing"] == [r.code for r in missing]
    assert warning["message"] == (
        f"Periode 2024: {len(pacitan) - 2} dari {len(pacitan)} kecamatan; tidak ada: "
        f"{missing[0].name}, {missing[1].name}.")  # fmt: skip
