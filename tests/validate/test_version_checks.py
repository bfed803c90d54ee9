"""Checks against what the dataset already holds: lost periods, jumps in value, new columns.

Each version is the whole dataset. Version 1 holds 2023 and 2024 puskesmas counts of
Kabupaten Malang and Kota Malang; the next file is compared with it.
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

Send = Callable[..., dict[str, Any]]


@pytest.fixture
def send(write_csv: Callable[..., Path], ingest: Any, check: Any) -> Send:
    """Publish version 1; return a dry run of new rows (with the header given)."""
    ingest(write_csv(PUBLISHED, HEADER))
    return lambda rows, header=HEADER: check(write_csv(rows, header))


def of_type(report: dict[str, Any], type_: str) -> list[dict[str, Any]]:
    return [e for e in report["errors"] + report["warnings"] if e["type"] == type_]


# --- period-vanished ------------------------------------------------------------------


def test_a_file_keeping_every_period_passes(send: Send) -> None:
    report = send([*PUBLISHED, ["35.07", "Kabupaten Malang", 2025, 40]])

    assert of_type(report, "period-vanished") == []
    assert report["warning_count"] == 0


def test_a_period_of_the_previous_version_missing_now_is_a_warning(send: Send) -> None:
    report = send(PUBLISHED[2:])

    assert report["warnings"] == [{
        "type": "period-vanished", "severity": "warning", "row": None, "field": "tahun",
        "column": "Tahun", "value": "2023",
        "message": "Periode 2023 ada di versi sebelumnya tetapi tidak ada di berkas ini; kirim "
        "seluruh data, termasuk periode lama.",
        "message_en": "Period 2023 was in the previous version but is missing from this file; "
        "send the whole dataset, earlier periods included.",
    }]  # fmt: skip
    assert (report["valid"], report["error_count"], report["warning_count"]) == (True, 0, 1)
    assert report["by_column"] == {"tahun": {"errors": 0, "warnings": 1}}


def test_the_first_version_has_nothing_to_lose(write_csv: Callable[..., Path], check: Any) -> None:
    report = check(write_csv(PUBLISHED[2:], HEADER))

    assert report["valid"] is True
    assert report["warnings"] == []


# --- value-change ---------------------------------------------------------------------


def test_values_close_to_the_previous_version_pass(send: Send) -> None:
    report = send([[c, n, y, v + 2] for c, n, y, v in PUBLISHED])

    assert of_type(report, "value-change") == []


def test_a_value_a_hundred_times_the_previous_one_is_a_warning(send: Send) -> None:
    rows = [list(r) for r in PUBLISHED]
    rows[2][3] = 3900  # 39 typed with two zeros too many

    report = send(rows)

    assert report["warnings"] == [{
        "type": "value-change", "severity": "warning", "row": 4, "field": "jumlah_puskesmas",
        "column": "Jumlah Puskesmas", "value": "3900",
        "message": "Baris 4, kolom 'Jumlah Puskesmas': nilai berubah dari 39 menjadi 3900 "
        "(×100.0) dibanding versi sebelumnya. Periksa salah ketik atau satuan.",
        "message_en": "Row 4, column 'Jumlah Puskesmas': value changed from 39 to 3900 (×100.0) "
        "against the previous version. Check for a typo or a changed unit.",
        "details": {"previous": "39", "ratio": 100.0},
    }]  # fmt: skip
    assert (report["valid"], report["warning_count"]) == (True, 1)


def test_a_factor_above_the_jump_lets_a_hundredfold_value_pass(send: Send, configure: Any) -> None:
    configure("value-change", factor=200)
    rows = [list(r) for r in PUBLISHED]
    rows[2][3] = 3900

    report = send(rows)

    assert of_type(report, "value-change") == []
    assert report["warning_count"] == 0


@pytest.mark.parametrize(
    ("factor", "flagged"),
    [(10, []), (5, [(3, "2", "÷8.0")]), (2, [(3, "2", "÷8.0"), (4, "80", "×2.1")])],
)  # fmt: skip
def test_the_factor_parameter_sets_how_big_a_change_is_flagged(
    factor: float, flagged: list[tuple[int, str, str]], send: Send, configure: Any
) -> None:
    assert configure("value-change", factor=factor) == {"value-change": {"factor": float(factor)}}
    rows = [list(r) for r in PUBLISHED]
    rows[1][3] = 2  # 16 → 2
    rows[2][3] = 80  # 39 → 80

    report = send(rows)

    found = of_type(report, "value-change")
    assert [(e["row"], e["value"], e["message"].split("(")[1].split(")")[0]) for e in found] == (
        flagged)  # fmt: skip
    (setting,) = [c for c in report["checks"] if c["type"] == "value-change"]
    assert setting == {"type": "value-change", "severity": "warning",
                       "params": {"factor": float(factor)}, "count": len(flagged)}  # fmt: skip


def test_a_value_that_was_zero_or_empty_is_not_a_change_to_weigh(send: Send) -> None:
    rows = [list(r) for r in PUBLISHED]
    rows[0][3] = 0
    rows[1][3] = None

    report = send(rows)

    assert of_type(report, "value-change") == []


# --- schema-drift ---------------------------------------------------------------------


def test_the_same_columns_in_another_order_pass_the_schema_check(send: Send) -> None:
    header = ["Tahun", "Kode Wilayah", "Kabupaten/Kota", "Jumlah Puskesmas"]

    report = send([[y, c, n, v] for c, n, y, v in PUBLISHED], header)

    assert report["valid"] is True
    assert "proposal" not in report


def test_a_renamed_column_is_named_with_a_proposed_schema(send: Send) -> None:
    header = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jml Puskesmas"]

    report = send(PUBLISHED, header)

    assert report["errors"] == [{
        "type": "schema-drift", "severity": "error", "row": None, "field": "jumlah_puskesmas",
        "column": "Jml Puskesmas", "value": "Jml Puskesmas", "suggestion": "Jumlah Puskesmas",
        "message": "Kolom 'Jml Puskesmas' tampaknya kolom 'Jumlah Puskesmas' yang berganti nama. "
        "Ganti judulnya kembali, atau minta walidata menyetujui perubahan skema.",
        "message_en": "Column 'Jml Puskesmas' looks like column 'Jumlah Puskesmas' renamed. "
        "Rename it back, or ask the walidata to accept the schema change.",
        "details": {"change": "renamed", "to": "jml_puskesmas"},
    }]  # fmt: skip
    proposal = report["proposal"]
    assert (proposal["added"], proposal["removed"], proposal["renamed"]) == (
        [], [], {"jumlah_puskesmas": "jml_puskesmas"})  # fmt: skip
    renamed = proposal["schema"]["fields"][3]
    assert (renamed["name"], renamed["title"], renamed["type"]) == (
        "jml_puskesmas",
        "Jml Puskesmas",
        "integer",
    )  # the type is kept, not guessed again
    # The rows are not read with a schema that does not fit: only the structure was checked.
    assert [c["type"] for c in report["checks"]] == ["schema-drift"]


def test_a_new_and_a_missing_column_are_named_separately(send: Send) -> None:
    header = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas", "Jumlah Pustu"]
    rows = [[*r, 5] for r in PUBLISHED]

    added = send(rows, header)
    missing = send([r[:3] for r in PUBLISHED], header[:3])

    assert added["errors"] == [{
        "type": "schema-drift", "severity": "error", "row": None, "field": "jumlah_pustu",
        "column": "Jumlah Pustu", "value": "Jumlah Pustu",
        "message": "Kolom baru 'Jumlah Pustu' tidak ada di skema dataset.",
        "message_en": "New column 'Jumlah Pustu' is not in the dataset schema.",
        "details": {"change": "added"},
    }]  # fmt: skip
    new_field = added["proposal"]["schema"]["fields"][4]
    assert (new_field["name"], new_field["type"]) == ("jumlah_pustu", "integer")  # inferred
    assert missing["errors"] == [{
        "type": "schema-drift", "severity": "error", "row": None, "field": "jumlah_puskesmas",
        "column": "Jumlah Puskesmas", "value": None,
        "message": "Kolom 'Jumlah Puskesmas' tidak ada di berkas, padahal ada di skema.",
        "message_en": "Column 'Jumlah Puskesmas' is in the schema but not in the file.",
        "details": {"change": "missing"},
    }]  # fmt: skip
    assert missing["proposal"]["removed"] == ["jumlah_puskesmas"]
