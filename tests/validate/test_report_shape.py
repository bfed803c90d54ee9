"""The report's shape: exact totals with capped detail, and cells of a workbook named."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata.errors import IngestError
from satudata.reference import RegionIndex
from satudata.validate.report import MAX_LISTED

HEADER = ["Kode Wilayah", "Desa/Kelurahan", "Tahun", "Jumlah Posyandu"]


@pytest.fixture
def villages(regions: RegionIndex) -> list[list[Any]]:
    """Posyandu counts of the first 1,250 desa/kelurahan of Jawa Timur."""
    desa = [r for r in regions if r.level == "village"][:1250]
    return [[r.code, r.name, 2024, 3] for r in desa]


def test_more_findings_than_listed_keep_exact_totals(
    villages: list[list[Any]], write_csv: Callable[..., Path], ingest: Any, check: Any
) -> None:
    ingest(write_csv(villages, HEADER))
    rows = [[code, name, year, "belum ada"] for code, name, year, _ in villages]
    rows.append(["35.99.99.9999", "Desa Entah", 2024, 1])

    report = check(write_csv(rows, HEADER))

    assert (report["valid"], report["truncated"]) == (False, True)
    assert (report["error_count"], report["warning_count"]) == (1251, 0)
    assert report["by_type"] == {"type-error": {"errors": 1250, "warnings": 0},
                                 "region-code": {"errors": 1, "warnings": 0}}  # fmt: skip
    assert report["by_column"] == {"jumlah_posyandu": {"errors": 1250, "warnings": 0},
                                   "kode_wilayah": {"errors": 1, "warnings": 0}}  # fmt: skip
    listed = [(e["type"], e["row"]) for e in report["errors"]]
    assert listed.count(("region-code", 1252)) == 1  # capped per check: the others still show
    type_errors = [row for type_, row in listed if type_ == "type-error"]
    assert type_errors == list(range(2, 2 + MAX_LISTED))  # the first ones, in file order
    assert MAX_LISTED == 1000
    (setting,) = [c for c in report["checks"] if c["type"] == "type-error"]
    assert setting["count"] == 1250
    assert report["row_count"] == 1251  # every row read, none dropped


def test_a_refused_file_keeps_the_same_capped_report(
    villages: list[list[Any]], write_csv: Callable[..., Path], ingest: Any, check: Any
) -> None:
    ingest(write_csv(villages, HEADER))
    path = write_csv([[c, n, y, "belum ada"] for c, n, y, _ in villages], HEADER)

    dry = check(path)
    with pytest.raises(IngestError) as caught:
        ingest(path)

    report = caught.value.details
    assert (report["error_count"], len(report["errors"]), report["truncated"]) == (1250, 1000, True)
    assert report["errors"] == dry["errors"]
    assert caught.value.message_id.startswith("1250 nilai di 'berkas_2.csv' tidak sesuai")


def test_a_report_without_findings_is_valid_and_not_truncated(
    villages: list[list[Any]], write_csv: Callable[..., Path], ingest: Any, check: Any
) -> None:
    ingest(write_csv(villages[:3], HEADER))

    report = check(write_csv(villages[:3], HEADER))

    assert {k: report[k] for k in ("valid", "error_count", "warning_count", "truncated",
                                   "by_type", "by_column", "errors", "warnings")} == {
        "valid": True, "error_count": 0, "warning_count": 0, "truncated": False,
        "by_type": {}, "by_column": {}, "errors": [], "warnings": [],
    }  # fmt: skip
    assert sorted(c["type"] for c in report["checks"]) == [
        "duplicate-key", "enum-value", "period-vanished", "primary-key", "region-code",
        "region-coverage", "region-name", "required-value", "type-error", "unique-value",
        "value-change", "value-length", "value-pattern", "value-range"]  # fmt: skip


# --- workbooks ------------------------------------------------------------------------

BOOK_HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
BOOK_ROWS = [
    ["35.07", "Kabupaten Malang", 2024, 39],
    ["35.73", "Kota Malang", 2024, 16],
    ["35.78", "Kota Surabaya", 2024, 63],
]


def test_workbook_findings_name_their_sheet_cell(
    write_xlsx: Callable[..., Path], ingest: Any, check: Any
) -> None:
    ingest(write_xlsx(BOOK_ROWS, BOOK_HEADER))
    rows = [list(r) for r in BOOK_ROWS]
    rows[0][1] = "Kota Malang"  # B4: the name does not fit 35.07
    rows[2][3] = "enam puluh tiga"  # D6: not a number

    report = check(write_xlsx(rows, BOOK_HEADER, name="puskesmas_2024.xlsx"))

    assert report["notes"]["sheet"] == "Data"
    assert [(e["type"], e["row"], e["cell"]) for e in report["errors"]] == [
        ("region-name", 4, "Data!B4"),
        ("type-error", 6, "Data!D6"),
    ]
    assert report["errors"][1] == {
        "type": "type-error", "severity": "error", "row": 6, "cell": "Data!D6",
        "field": "jumlah_puskesmas", "column": "Jumlah Puskesmas", "value": "enam puluh tiga",
        "message": "Baris 6, kolom 'Jumlah Puskesmas': nilai 'enam puluh tiga' bukan bilangan "
        "bulat.",
        "message_en": "Row 6, column 'Jumlah Puskesmas': value 'enam puluh tiga' is not a valid "
        "integer.",
        "details": {"expected": "integer"},
    }  # fmt: skip


def test_row_findings_of_a_workbook_name_the_sheet_row_and_no_cell(
    write_xlsx: Callable[..., Path], ingest: Any, check: Any
) -> None:
    ingest(write_xlsx(BOOK_ROWS, BOOK_HEADER))

    report = check(write_xlsx([*BOOK_ROWS, BOOK_ROWS[1]], BOOK_HEADER, name="dobel.xlsx"))

    (entry,) = report["errors"]
    assert (entry["type"], entry["row"], entry["details"]["first_row"]) == ("duplicate-key", 7, 5)
    assert "cell" not in entry  # a key spans columns


def test_csv_findings_have_no_cell(write_csv: Callable[..., Path], ingest: Any, check: Any) -> None:
    ingest(write_csv(BOOK_ROWS, BOOK_HEADER))

    report = check(write_csv([["35.07", "Kabupaten Malang", 2024, "tiga"]], BOOK_HEADER))

    (entry,) = report["errors"]
    assert (entry["row"], "cell" in entry) == (2, False)


def test_the_agency_workbook_with_type_errors_names_its_cells(
    data_dir: Path, ingest: Any, check: Any
) -> None:
    ingest(data_dir / "agency.xlsx")

    report = check(data_dir / "agency_type_errors.xlsx")

    assert [(e["type"], e["cell"], e["value"]) for e in report["errors"]] == [
        ("type-error", "Data!C8", "abc"),
        ("type-error", "Data!F9", "12,5 juta"),
    ]
