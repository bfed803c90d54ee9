"""Checks of single cells: type, required, unique, enum, range, pattern and length.

A puskesmas list of Kabupaten Malang is published once, its walidata adds constraints to
the schema, and the next file is checked against them: each bad cell is one report entry
that says where it is, what is wrong and, when known, what was meant.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

HEADER = ["kode_puskesmas", "nama_puskesmas", "kode_wilayah", "jenis_kelamin", "persentase",
          "jumlah"]  # fmt: skip
GOOD = {"kode_puskesmas": "P3507010101", "nama_puskesmas": "Puskesmas Donomulyo",
        "kode_wilayah": "35.07", "jenis_kelamin": "Laki-laki", "persentase": "12,5",
        "jumlah": 120}  # fmt: skip
SECOND = {**GOOD, "kode_puskesmas": "P3507020101", "nama_puskesmas": "Puskesmas Kalipare",
          "jenis_kelamin": "Perempuan", "persentase": "80", "jumlah": 98}  # fmt: skip
CONSTRAINTS = {
    "kode_puskesmas": {"pattern": "P[0-9]{10}", "unique": True},
    "nama_puskesmas": {"minLength": 5, "maxLength": 25},
    "jenis_kelamin": {"enum": ["Laki-laki", "Perempuan"]},
    "persentase": {"minimum": 0, "maximum": 100},
    "jumlah": {"required": True},
}
CELL_CHECKS = ["type-error", "required-value", "unique-value", "enum-value", "value-range",
               "value-pattern", "value-length"]  # fmt: skip


def rows_of(*records: dict[str, Any]) -> list[list[Any]]:
    return [[r[h] for h in HEADER] for r in records]


@pytest.fixture
def send(
    write_csv: Callable[..., Path], ingest: Any, edit_schema: Any, check: Any, configure: Any
) -> Callable[..., dict[str, Any]]:
    """Publish the puskesmas list, constrain its schema; return a dry run of new rows."""
    ingest(write_csv(rows_of(GOOD, SECOND), HEADER))
    configure("value-change", enabled=False)  # 80 → 112,5 is not what these tests are about

    def constrain(descriptor: dict[str, Any]) -> None:
        for f in descriptor["fields"]:
            f["constraints"] = CONSTRAINTS.get(f["name"], {})

    edit_schema(constrain)

    def run(*records: dict[str, Any]) -> dict[str, Any]:
        return check(write_csv(rows_of(*records), HEADER))

    return run


def counts_of(report: dict[str, Any]) -> dict[str, int]:
    return {c["type"]: c["count"] for c in report["checks"]}


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"persentase": "100"}, "the maximum itself is allowed"),
        ({"persentase": "0"}, "the minimum itself is allowed"),
        ({"persentase": "-"}, "a missing value is not out of range"),
        ({"nama_puskesmas": "Pkm D"}, "exactly minLength characters"),
        ({"nama_puskesmas": "Puskesmas Dau Kab. Malang"}, "exactly maxLength characters"),
        ({"jenis_kelamin": "Perempuan"}, "a value from the list"),
        ({"kode_puskesmas": "P3507339999"}, "a new code of the right shape"),
        ({"jumlah": 0}, "zero is a value, not an empty cell"),
    ],
)  # fmt: skip
def test_rows_within_every_constraint_pass_every_cell_check(
    change: dict[str, Any], why: str, send: Callable[..., dict[str, Any]]
) -> None:
    report = send(GOOD, {**SECOND, **change})

    assert report["valid"] is True, why
    assert (report["error_count"], report["warning_count"]) == (0, 0)
    assert report["errors"] == report["warnings"] == []
    assert all(counts_of(report)[t] == 0 for t in CELL_CHECKS)
    assert report["row_count"] == 2


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        pytest.param({"persentase": "dua belas"}, {
            "type": "type-error", "field": "persentase", "column": "persentase",
            "value": "dua belas",
            "message": "Baris 3, kolom 'persentase': nilai 'dua belas' bukan angka.",
            "message_en": "Row 3, column 'persentase': value 'dua belas' is not a valid number.",
            "details": {"expected": "number"},
        }, id="type-error"),
        pytest.param({"jumlah": None}, {
            "type": "required-value", "field": "jumlah", "column": "jumlah", "value": None,
            "message": "Baris 3, kolom 'jumlah': kolom ini wajib diisi, tetapi kosong.",
            "message_en": "Row 3, column 'jumlah': this column is required, but the cell is "
            "empty.",
        }, id="required-value"),
        pytest.param({"kode_puskesmas": "P3507010101"}, {
            "type": "unique-value", "field": "kode_puskesmas", "column": "kode_puskesmas",
            "value": "P3507010101",
            "message": "Baris 3, kolom 'kode_puskesmas': nilai 'P3507010101' sudah ada di baris "
            "2; kolom ini harus unik.",
            "message_en": "Row 3, column 'kode_puskesmas': value 'P3507010101' already appears "
            "in row 2; this column must be unique.",
            "details": {"first_row": 2},
        }, id="unique-value"),
        pytest.param({"jenis_kelamin": "perempuan"}, {
            "type": "enum-value", "field": "jenis_kelamin", "column": "jenis_kelamin",
            "value": "perempuan", "suggestion": "Perempuan",
            "message": "Baris 3, kolom 'jenis_kelamin': nilai 'perempuan' tidak ada dalam daftar "
            "yang diizinkan (Laki-laki, Perempuan). Maksudnya 'Perempuan'?",
            "message_en": "Row 3, column 'jenis_kelamin': value 'perempuan' is not in the "
            "allowed list (Laki-laki, Perempuan).",
        }, id="enum-value-with-suggestion"),
        pytest.param({"jenis_kelamin": "P"}, {
            "type": "enum-value", "field": "jenis_kelamin", "column": "jenis_kelamin",
            "value": "P",
            "message": "Baris 3, kolom 'jenis_kelamin': nilai 'P' tidak ada dalam daftar yang "
            "diizinkan (Laki-laki, Perempuan).",
            "message_en": "Row 3, column 'jenis_kelamin': value 'P' is not in the allowed list "
            "(Laki-laki, Perempuan).",
        }, id="enum-value-without-suggestion"),
        pytest.param({"persentase": "112,5"}, {
            "type": "value-range", "field": "persentase", "column": "persentase",
            "value": "112.5",
            "message": "Baris 3, kolom 'persentase': nilai 112.5 di luar rentang: harus antara "
            "0 dan 100.",
            "message_en": "Row 3, column 'persentase': value 112.5 is out of range: it must be "
            "between 0 and 100.",
            "details": {"minimum": 0, "maximum": 100},
        }, id="value-range-above"),
        pytest.param({"persentase": "-0,5"}, {
            "type": "value-range", "field": "persentase", "column": "persentase",
            "value": "-0.5",
            "message": "Baris 3, kolom 'persentase': nilai -0.5 di luar rentang: harus antara "
            "0 dan 100.",
            "message_en": "Row 3, column 'persentase': value -0.5 is out of range: it must be "
            "between 0 and 100.",
            "details": {"minimum": 0, "maximum": 100},
        }, id="value-range-below"),
        pytest.param({"kode_puskesmas": "3507020101"}, {
            "type": "value-pattern", "field": "kode_puskesmas", "column": "kode_puskesmas",
            "value": "3507020101",
            "message": "Baris 3, kolom 'kode_puskesmas': nilai '3507020101' tidak sesuai pola "
            "P[0-9]{10}.",
            "message_en": "Row 3, column 'kode_puskesmas': value '3507020101' does not match "
            "the pattern P[0-9]{10}.",
            "details": {"pattern": "P[0-9]{10}"},
        }, id="value-pattern"),
        pytest.param({"nama_puskesmas": "Pkm"}, {
            "type": "value-length", "field": "nama_puskesmas", "column": "nama_puskesmas",
            "value": "Pkm",
            "message": "Baris 3, kolom 'nama_puskesmas': nilai 'Pkm' panjangnya 3 karakter; "
            "harus paling sedikit 5 karakter.",
            "message_en": "Row 3, column 'nama_puskesmas': value 'Pkm' has 3 characters; it "
            "must have at least 5 characters.",
            "details": {"length": 3, "minLength": 5, "maxLength": 25},
        }, id="value-length-short"),
        pytest.param({"nama_puskesmas": "Puskesmas Kalipare Kabupaten Malang"}, {
            "type": "value-length", "field": "nama_puskesmas", "column": "nama_puskesmas",
            "value": "Puskesmas Kalipare Kabupaten Malang",
            "message": "Baris 3, kolom 'nama_puskesmas': nilai 'Puskesmas Kalipare Kabupaten "
            "Malang' panjangnya 35 karakter; harus paling banyak 25 karakter.",
            "message_en": "Row 3, column 'nama_puskesmas': value 'Puskesmas Kalipare Kabupaten "
            "Malang' has 35 characters; it must have at most 25 characters.",
            "details": {"length": 35, "minLength": 5, "maxLength": 25},
        }, id="value-length-long"),
    ],
)  # fmt: skip
def test_a_cell_breaking_its_constraint_is_one_located_error(
    change: dict[str, Any], entry: dict[str, Any], send: Callable[..., dict[str, Any]]
) -> None:
    report = send(GOOD, {**SECOND, **change})

    assert report["errors"] == [{"severity": "error", "row": 3, **entry}]
    assert report["warnings"] == []
    assert (report["valid"], report["error_count"], report["truncated"]) == (False, 1, False)
    assert report["by_type"] == {entry["type"]: {"errors": 1, "warnings": 0}}
    assert report["by_column"] == {entry["field"]: {"errors": 1, "warnings": 0}}
    assert counts_of(report)[entry["type"]] == 1
    assert report["row_count"] == 2  # the faulty row is checked, not dropped


def test_a_misfit_in_a_constrained_column_is_only_a_type_error(
    send: Callable[..., dict[str, Any]],
) -> None:
    third = {**SECOND, "kode_puskesmas": "P3507030101", "nama_puskesmas": "Puskesmas Sumbermanjing"}
    report = send(GOOD, {**SECOND, "jumlah": "sembilan"}, {**third, "persentase": "± 80"})

    assert [(e["type"], e["row"], e["field"], e["value"]) for e in report["errors"]] == [
        ("type-error", 3, "jumlah", "sembilan"),
        ("type-error", 4, "persentase", "± 80"),
    ]
    assert report["by_type"] == {"type-error": {"errors": 2, "warnings": 0}}


def test_every_broken_cell_of_a_row_is_reported(send: Callable[..., dict[str, Any]]) -> None:
    report = send(GOOD, {"kode_puskesmas": "P350702010", "nama_puskesmas": "Pkm",
                         "kode_wilayah": "35.07", "jenis_kelamin": "L", "persentase": "101",
                         "jumlah": None})  # fmt: skip

    assert [(e["row"], e["field"], e["type"]) for e in report["errors"]] == [
        (3, "jenis_kelamin", "enum-value"),
        (3, "jumlah", "required-value"),
        (3, "kode_puskesmas", "value-pattern"),
        (3, "nama_puskesmas", "value-length"),
        (3, "persentase", "value-range"),
    ]
    assert report["error_count"] == 5
