"""Checks of row keys: the declared primary key, and the region × period key without one.

The columns carry the titles the agency wrote ("Kode Wilayah", "Tahun"), and the report
names them so, not by their normalised field names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
PUBLISHED = [
    ["35.07", "Kabupaten Malang", 2023, 39],
    ["35.73", "Kota Malang", 2023, 16],
    ["35.07", "Kabupaten Malang", 2024, 39],
    ["35.73", "Kota Malang", 2024, 16],
]


@pytest.fixture
def send(write_csv: Callable[..., Path], ingest: Any, check: Any) -> Callable[..., dict[str, Any]]:
    """Publish two years of puskesmas counts; return a dry run of new rows."""
    ingest(write_csv(PUBLISHED, HEADER))
    return lambda rows: check(write_csv(rows, HEADER))


@pytest.fixture
def primary_key(send: Any, edit_schema: Any) -> Callable[..., dict[str, Any]]:
    """The same dataset with a declared primary key (Kode Wilayah, Tahun)."""

    def declare(descriptor: dict[str, Any]) -> None:
        descriptor["primaryKey"] = ["kode_wilayah", "tahun"]

    edit_schema(declare)
    return send


def key_counts(report: dict[str, Any]) -> dict[str, int]:
    return {c["type"]: c["count"] for c in report["checks"]
            if c["type"] in ("primary-key", "duplicate-key")}  # fmt: skip


def test_one_row_per_region_and_year_passes_the_key_checks(send: Any) -> None:
    report = send([*PUBLISHED, ["35.78", "Kota Surabaya", 2024, 63]])

    assert report["valid"] is True
    assert report["errors"] == []
    assert key_counts(report) == {"duplicate-key": 0, "primary-key": 0}


def test_a_second_row_for_a_region_and_year_is_a_duplicate(send: Any) -> None:
    report = send([*PUBLISHED, ["35.07", "Kabupaten Malang", 2024, 41]])

    assert report["errors"] == [{
        "type": "duplicate-key", "severity": "error", "row": 6, "field": None,
        "column": "Kode Wilayah, Tahun", "value": "35.07 | 2024",
        "message": "Baris 6: sama dengan baris 4 pada (Kode Wilayah, Tahun) = (35.07 | 2024).",
        "message_en": "Row 6: repeats row 4 on (Kode Wilayah, Tahun) = (35.07 | 2024).",
        "details": {"first_row": 4, "key": ["kode_wilayah", "tahun"]},
    }]  # fmt: skip
    assert report["by_type"] == {"duplicate-key": {"errors": 1, "warnings": 0}}
    assert report["by_column"] == {}  # a key spans columns: counted by type only
    assert key_counts(report) == {"duplicate-key": 1, "primary-key": 0}


def test_the_indicator_column_is_part_of_the_key(
    write_csv: Callable[..., Path], ingest: Any, check: Any
) -> None:
    header = ["Kode Wilayah", "Tahun", "Komoditas", "Produksi (ton)"]
    ingest(write_csv([["35.07", 2024, "Padi sawah", 512034],
                      ["35.07", 2024, "Jagung", 298110]], header))  # fmt: skip

    fine = check(write_csv([["35.07", 2024, "Padi sawah", 512034],
                            ["35.07", 2024, "Jagung", 298110]], header))  # fmt: skip
    twice = check(write_csv([["35.07", 2024, "Padi sawah", 512034],
                             ["35.07", 2024, "Padi sawah", 498000]], header))  # fmt: skip

    assert fine["errors"] == []
    (entry,) = twice["errors"]
    assert (entry["type"], entry["row"], entry["column"], entry["value"]) == (
        "duplicate-key",
        3,
        "Kode Wilayah, Tahun, Komoditas",
        "35.07 | 2024 | Padi sawah",
    )
    assert entry["details"] == {"first_row": 2, "key": ["kode_wilayah", "tahun", "komoditas"]}


def test_a_table_without_region_or_period_has_no_duplicate_key(
    write_csv: Callable[..., Path], ingest: Any, check: Any
) -> None:
    header = ["Nama Obat", "Satuan", "Jumlah"]
    rows = [["Parasetamol 500 mg", "tablet", 120000], ["Parasetamol 500 mg", "tablet", 120000]]
    ingest(write_csv(rows[:1], header))

    report = check(write_csv(rows, header))

    assert report["valid"] is True
    assert key_counts(report) == {"duplicate-key": 0, "primary-key": 0}


def test_a_declared_primary_key_replaces_the_duplicate_check(primary_key: Any) -> None:
    report = primary_key([*PUBLISHED, ["35.73", "Kota Malang", 2023, 17]])

    assert report["errors"] == [{
        "type": "primary-key", "severity": "error", "row": 6, "field": None,
        "column": "Kode Wilayah, Tahun", "value": "35.73 | 2023",
        "message": "Baris 6: sama dengan baris 3 pada (Kode Wilayah, Tahun) = (35.73 | 2023).",
        "message_en": "Row 6: repeats row 3 on (Kode Wilayah, Tahun) = (35.73 | 2023).",
        "details": {"first_row": 3, "key": ["kode_wilayah", "tahun"]},
    }]  # fmt: skip
    assert report["by_type"] == {"primary-key": {"errors": 1, "warnings": 0}}
    assert key_counts(report) == {"duplicate-key": 0, "primary-key": 1}


def test_an_empty_primary_key_cell_is_an_error_of_that_cell(primary_key: Any) -> None:
    report = primary_key([*PUBLISHED, [None, "Kota Batu", 2024, 7]])

    assert report["errors"] == [{
        "type": "primary-key", "severity": "error", "row": 6, "field": "kode_wilayah",
        "column": "Kode Wilayah", "value": None,
        "message": "Baris 6, kolom 'Kode Wilayah': kolom ini bagian dari kunci utama (Kode "
        "Wilayah, Tahun) dan tidak boleh kosong.",
        "message_en": "Row 6, column 'Kode Wilayah': this column is part of the primary key "
        "(Kode Wilayah, Tahun) and may not be empty.",
    }]  # fmt: skip
    assert report["by_column"] == {"kode_wilayah": {"errors": 1, "warnings": 0}}


def test_a_filled_unique_primary_key_passes(primary_key: Any) -> None:
    report = primary_key([*PUBLISHED, ["35.79", "Kota Batu", 2024, 7]])

    assert report["valid"] is True
    assert key_counts(report) == {"duplicate-key": 0, "primary-key": 0}
