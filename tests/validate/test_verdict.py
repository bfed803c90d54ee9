"""What the report decides: warnings let a file in with them, an error refuses it.

Either way no row is lost without a word: an accepted version holds every data row of the
file, and a refused file leaves the dataset as it was, its original and report kept.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata.errors import IngestError
from satudata.runtime import Runtime

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
PUBLISHED = [
    ["35.07", "Kabupaten Malang", 2024, 39],
    ["35.73", "Kota Malang", 2024, 16],
    ["35.78", "Kota Surabaya", 2024, 63],
]
WRONG_NAME = [  # row 3: "Kota Malang" beside Kabupaten Malang's code
    ["35.78", "Kota Surabaya", 2024, 63],
    ["35.07", "Kota Malang", 2024, 39],
    ["35.73", "Kota Malang", 2024, 16],
]


@pytest.fixture
def published(write_csv: Callable[..., Path], ingest: Any, versions: Any) -> None:
    """Version 1 of data-uji: three kab/kota."""
    ingest(write_csv(PUBLISHED, HEADER))
    assert [(v["number"], v["row_count"]) for v in versions()] == [(1, 3)]


def test_a_check_made_a_warning_lets_the_file_in_with_its_warning(
    published: None, write_csv: Callable[..., Path], ingest: Any, configure: Any,
    versions: Any, uploads: Any,
) -> None:  # fmt: skip
    configure("region-name", severity="warning")

    result = ingest(write_csv(WRONG_NAME, HEADER))

    warning = {
        "type": "region-name", "severity": "warning", "row": 3, "field": "kabupaten_kota",
        "column": "Kabupaten/Kota", "value": "Kota Malang", "suggestion": "Kabupaten Malang",
        "message": "Baris 3, kolom 'Kabupaten/Kota': nama 'Kota Malang' tidak sesuai dengan kode "
        "35.07 (Kabupaten Malang).",
        "message_en": "Row 3, column 'Kabupaten/Kota': name 'Kota Malang' does not match code "
        "35.07 (Kabupaten Malang).",
    }  # fmt: skip
    assert (result.version, result.row_count) == (2, 3)
    assert result.validation["warnings"] == [warning]
    assert (result.validation["valid"], result.validation["error_count"]) == (True, 0)
    v2 = versions()[-1]
    assert (v2["number"], v2["row_count"], v2["warning_count"]) == (2, 3, 1)
    assert v2["validation"] == result.validation  # the reviewer sees what the operator saw
    assert v2["validation"]["by_type"] == {"region-name": {"errors": 0, "warnings": 1}}
    assert [(u["status"], u["version_id"] is not None) for u in uploads()] == [
        ("accepted", True), ("accepted", True)]  # fmt: skip


def test_warnings_of_a_warning_check_need_no_setting(
    published: None, write_csv: Callable[..., Path], ingest: Any, versions: Any
) -> None:
    result = ingest(write_csv([*PUBLISHED[:2], ["35.78", "Kota Surabaya", 2024, 6300]], HEADER))

    assert result.validation["by_type"] == {"value-change": {"errors": 0, "warnings": 1}}
    assert [(v["number"], v["row_count"], v["warning_count"]) for v in versions()] == [
        (1, 3, 0), (2, 3, 1)]  # fmt: skip


def test_an_error_refuses_the_file_and_keeps_the_attempt(
    published: None, write_csv: Callable[..., Path], ingest: Any, runtime: Runtime,
    versions: Any, uploads: Any,
) -> None:  # fmt: skip
    path = write_csv(WRONG_NAME, HEADER)

    with pytest.raises(IngestError) as caught:
        ingest(path)

    error = caught.value
    assert error.type == "validation-errors"
    assert error.message_id == (
        "1 masalah ditemukan di 'berkas_2.csv'. Contoh: Baris 3, kolom 'Kabupaten/Kota': nama "
        "'Kota Malang' tidak sesuai dengan kode 35.07 (Kabupaten Malang).")  # fmt: skip
    report = error.details
    assert (report["valid"], report["error_count"], report["warning_count"]) == (False, 1, 0)
    assert [(e["type"], e["row"], e["value"]) for e in report["errors"]] == [
        ("region-name", 3, "Kota Malang")]  # fmt: skip
    # The dataset is as it was: version 1, all three rows.
    assert [(v["number"], v["row_count"]) for v in versions()] == [(1, 3)]
    *_, refused = uploads()
    assert (refused["status"], refused["version_id"]) == ("rejected", None)
    assert report.pop("upload_id") == refused["id"]  # the error names where its report is
    assert refused["report"] == error.as_dict()
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert refused["stored"] == f"originals/{sha[:2]}/{sha}"
    assert runtime.lake.path(refused["stored"]).read_bytes() == path.read_bytes()


@pytest.mark.parametrize(
    ("rows", "error_type"),
    [
        ([["35.79", "Kota Batu", 2024, "tujuh"]], "type-errors"),
        ([["35.99", "Kabupaten Entah", 2024, 39]], "validation-errors"),
    ],
)  # fmt: skip
def test_each_kind_of_error_refuses_the_file(
    rows: list[list[Any]], error_type: str, published: None, write_csv: Callable[..., Path],
    ingest: Any, versions: Any, uploads: Any,
) -> None:  # fmt: skip
    with pytest.raises(IngestError) as caught:
        ingest(write_csv([*PUBLISHED, *rows], HEADER))

    assert caught.value.type == error_type
    assert caught.value.details["error_count"] == 1
    assert caught.value.details["errors"][0]["row"] == 5
    assert [(v["number"], v["row_count"]) for v in versions()] == [(1, 3)]
    assert [u["status"] for u in uploads()] == ["accepted", "rejected"]


def test_a_refused_first_file_creates_no_dataset_but_keeps_its_report(
    write_csv: Callable[..., Path], ingest: Any, versions: Any, uploads: Any, stored: Any
) -> None:
    with pytest.raises(IngestError) as caught:
        ingest(write_csv([["35.07", "Kota Malang", 2024, 39]], HEADER))

    assert caught.value.details["by_type"] == {"region-name": {"errors": 1, "warnings": 0}}
    assert versions() == []
    assert stored()["rows"] == {"Dataset": 0, "Version": 0, "Upload": 1}
    (upload,) = uploads()
    assert (upload["status"], upload["report"]["type"]) == ("rejected", "validation-errors")


def test_rows_set_aside_are_listed_and_every_data_row_is_kept(
    published: None, tmp_path: Path, ingest: Any, versions: Any
) -> None:
    path = tmp_path / "puskesmas_2024.csv"
    path.write_text(
        "Kode Wilayah,Kabupaten/Kota,Tahun,Jumlah Puskesmas\n"
        "35.07,Kabupaten Malang,2024,39\n"
        "35.73,Kota Malang,2024,16\n"
        "35.78,Kota Surabaya,2024,63\n"
        "Sumber: Dinas Kesehatan Provinsi Jawa Timur,,,\n",
        encoding="utf-8",
    )

    result = ingest(path)

    assert result.row_count == 3
    assert [(a["row"], a["reason"]) for a in result.notes["set_aside"]] == [(5, "footnote")]
    assert versions()[-1]["row_count"] == 3
