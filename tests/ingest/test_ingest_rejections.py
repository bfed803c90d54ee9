"""Bad input gets a specific error and changes nothing published; the attempt is recorded."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.db.models import Dataset, SourceFile, Upload
from satudata.db.session import session_scope
from satudata.errors import IngestError
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

HEADER = "kode_wilayah,nama_wilayah,tahun,jumlah_penduduk\n"


@pytest.fixture
def published(data_dir: Path, ingest: Any, lake_files: Any) -> Iterator[set[str]]:
    """Publish version 1 of data-uji (3 rows); yield the version files in the lake."""
    ingest(data_dir / "utf8.csv")
    yield lake_files("versions")


def assert_rejected_and_nothing_published(
    runtime: Runtime, path: Path, error: IngestError, versions: set[str], *,
    lake_files: Any, dataset_state: Any, uploads: Any,
) -> None:  # fmt: skip
    """Version 1 stays current; the original is kept; a rejected upload holds the report."""
    assert dataset_state() == (1, 3, 1)
    assert lake_files("versions") == versions
    last = uploads()[-1]
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert last["filename"] == path.name
    assert last["status"] == "rejected"
    assert last["version_id"] is None
    recorded = error.as_dict()
    assert recorded["details"].pop("upload_id") == last["id"]  # the error names its upload
    assert last["report"] == recorded
    assert (last["sha256"], last["stored"]) == (sha, f"originals/{sha[:2]}/{sha}")
    assert runtime.lake.path(last["stored"]).read_bytes() == path.read_bytes()
    with session_scope(runtime.sessions) as session:
        dataset_id = session.scalar(select(Dataset.id).where(Dataset.slug == "data-uji"))
    assert last["dataset_id"] == dataset_id


@pytest.mark.parametrize(
    ("filename", "error_type", "details"),
    [
        ("empty.csv", "empty-file", {"filename": "empty.csv"}),
        ("binary.csv", "binary-file", {"filename": "binary.csv"}),
        ("header_only.csv", "no-data-rows",
         {"columns": ["kode_wilayah", "nama_wilayah", "jumlah"]}),
        ("no_data_sheet.xlsx", "no-data-sheet", {"sheets": ["Petunjuk", "Kosong"]}),
    ],
)  # fmt: skip
def test_unusable_file_is_rejected_with_its_own_error(
    filename: str, error_type: str, details: dict[str, Any], data_dir: Path, published: set[str],
    ingest: Any, runtime: Runtime, lake_files: Any, dataset_state: Any, uploads: Any,
) -> None:  # fmt: skip
    with pytest.raises(IngestError) as caught:
        ingest(data_dir / filename)

    assert caught.value.type == error_type
    assert {k: v for k, v in caught.value.details.items() if k != "upload_id"} == details
    assert_rejected_and_nothing_published(
        runtime, data_dir / filename, caught.value, published,
        lake_files=lake_files, dataset_state=dataset_state, uploads=uploads,
    )  # fmt: skip


def test_rejected_first_file_creates_no_dataset(
    data_dir: Path, ingest: Any, runtime: Runtime, uploads: Any
) -> None:
    with pytest.raises(IngestError, match="empty"):
        ingest(data_dir / "empty.csv", dataset="data-baru")

    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(Dataset).where(Dataset.slug == "data-baru")) is None
    (upload,) = uploads()
    assert (upload["status"], upload["dataset_id"]) == ("rejected", None)
    assert runtime.lake.path(upload["stored"]).exists()


@pytest.mark.parametrize(
    ("dataset", "metadata", "location"),
    [("Data Baru!", {}, "slug"), ("data-baru", {"title": "ab"}, "title"),
     ("data-baru", {"access_level": "rahasia"}, "access_level")],
)  # fmt: skip
def test_first_file_with_invalid_metadata_is_a_recorded_rejection(
    dataset: str, metadata: dict[str, Any], location: str, data_dir: Path, ingest: Any,
    runtime: Runtime, uploads: Any,
) -> None:  # fmt: skip
    with pytest.raises(IngestError) as caught:
        ingest(data_dir / "utf8.csv", dataset=dataset, metadata=metadata)

    assert caught.value.type == "invalid-metadata"
    assert caught.value.message_id == f"Nilai tidak sah untuk: {location}."
    assert [e["location"] for e in caught.value.details["errors"]] == [location]
    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(Dataset)) is None
    (upload,) = uploads()
    assert (upload["status"], upload["report"]["type"]) == ("rejected", "invalid-metadata")
    assert runtime.lake.path(upload["stored"]).read_bytes() == (data_dir / "utf8.csv").read_bytes()


def test_file_over_the_size_limit_is_refused_before_it_is_stored(
    tmp_path: Path, published: set[str], runtime: Runtime, lake_files: Any, dataset_state: Any,
    uploads: Any,
) -> None:  # fmt: skip
    settings = runtime.settings.model_copy(update={"max_upload_mb": 0.001})
    big = tmp_path / "besar.csv"
    big.write_text(HEADER + "35.07,Kabupaten Malang,2024,2654448\n" * 40)
    originals = lake_files("originals")
    request = IngestRequest(path=big, organization="DINKES", dataset="data-uji")

    with pytest.raises(IngestError) as caught:
        ingest_file(runtime.sessions, settings, actor=SYSTEM, request=request)

    assert caught.value.type == "file-too-large"
    assert caught.value.details == {"max_bytes": 1048}
    assert "besar.csv" in caught.value.message_id
    # The limit protects the disk: the file is neither kept nor recorded.
    assert lake_files("originals") == originals
    assert [u["status"] for u in uploads()] == ["accepted"]
    assert dataset_state() == (1, 3, 1)
    assert lake_files("versions") == published


@pytest.mark.parametrize(
    ("header", "details", "hint"),
    [
        ("kode_wilayah,nama_wilayah,tahun\n",
         {"added": [], "removed": ["jumlah_penduduk"], "renamed": {}},
         "Kolom 'jumlah_penduduk' tidak ada di berkas, padahal ada di skema."),
        ("kode_wilayah,nama_wilayah,tahun,jumlah_penduduk_jiwa\n",
         {"added": [], "removed": [], "renamed": {"jumlah_penduduk": "jumlah_penduduk_jiwa"}},
         "Kolom 'jumlah_penduduk_jiwa' tampaknya kolom 'jumlah_penduduk' yang berganti nama."),
    ],
)  # fmt: skip
def test_later_file_with_other_columns_is_a_schema_mismatch(
    header: str, details: dict[str, Any], hint: str, tmp_path: Path, published: set[str],
    ingest: Any, runtime: Runtime, lake_files: Any, dataset_state: Any, uploads: Any,
) -> None:  # fmt: skip
    later = tmp_path / "penduduk-2025.csv"
    width = header.count(",") + 1
    later.write_text(header + ",".join(["35.07", "Kabupaten Malang", "2025", "2660000"][:width]))

    with pytest.raises(IngestError) as caught:
        ingest(later)

    assert caught.value.type == "schema-mismatch"
    report = caught.value.details
    (finding,) = report["errors"]
    assert (finding["type"], finding["field"], finding["row"]) == (
        "schema-drift",
        "jumlah_penduduk",
        None,
    )
    assert finding["message"].startswith(hint)
    proposal = report["proposal"]
    assert {k: proposal[k] for k in ("added", "removed", "renamed")} == details
    # The proposal keeps the renamed column's type under its new name, for the walidata.
    assert [(f["name"], f["type"]) for f in proposal["schema"]["fields"]][3:] == (
        [("jumlah_penduduk_jiwa", "integer")] if details["renamed"] else []
    )
    assert hint in caught.value.message_id
    assert_rejected_and_nothing_published(
        runtime, later, caught.value, published,
        lake_files=lake_files, dataset_state=dataset_state, uploads=uploads,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("rows", "line"),
    [
        ("35.07,Kabupaten Malang,2025,2660000\n35.73,Kota Malang,2025,abc\n", 3),
        # A quoted name spanning two lines: the bad value is on line 4 of the file.
        ('35.07,"Kabupaten\nMalang",2025,2660000\n35.73,Kota Malang,2025,abc\n', 4),
    ],
)
def test_later_csv_with_a_word_in_a_number_column_names_line_column_and_value(
    rows: str, line: int, tmp_path: Path, published: set[str], ingest: Any, runtime: Runtime,
    lake_files: Any, dataset_state: Any, uploads: Any,
) -> None:  # fmt: skip
    later = tmp_path / "penduduk-2025.csv"
    later.write_text(HEADER + rows)

    with pytest.raises(IngestError) as caught:
        ingest(later)

    error = caught.value
    assert error.type == "type-errors"
    assert (error.details["error_count"], error.details["truncated"]) == (1, False)
    assert error.details["by_type"]["type-error"] == {"errors": 1, "warnings": 0}
    assert error.details["by_column"]["jumlah_penduduk"] == {"errors": 1, "warnings": 0}
    assert error.details["errors"] == [{
        "type": "type-error", "severity": "error", "row": line, "field": "jumlah_penduduk",
        "column": "jumlah_penduduk", "value": "abc", "details": {"expected": "integer"},
        "message": f"Baris {line}, kolom 'jumlah_penduduk': nilai 'abc' bukan bilangan bulat.",
        "message_en": f"Row {line}, column 'jumlah_penduduk': value 'abc' is not a valid integer.",
    }]  # fmt: skip
    assert f"Baris {line}, kolom 'jumlah_penduduk': nilai 'abc'" in error.message_id
    assert_rejected_and_nothing_published(
        runtime, later, error, published,
        lake_files=lake_files, dataset_state=dataset_state, uploads=uploads,
    )  # fmt: skip


def test_later_workbook_type_errors_cite_the_sheet_cell(
    data_dir: Path, ingest: Any, lake_files: Any, dataset_state: Any
) -> None:
    ingest(data_dir / "agency.xlsx")
    versions = lake_files("versions")

    with pytest.raises(IngestError) as caught:
        ingest(data_dir / "agency_type_errors.xlsx")

    error = caught.value
    assert error.type == "type-errors"
    assert error.details["error_count"] == 2
    assert error.details["by_column"] == {"jumlah_siswa_laki_laki": {"errors": 1, "warnings": 0},
                                          "anggaran_rp": {"errors": 1, "warnings": 0}}  # fmt: skip
    cited = [(e["row"], e["cell"], e["column"], e["value"], e["details"]["expected"])
             for e in error.details["errors"]]  # fmt: skip
    assert cited == [
        (8, "Data!C8", "Jumlah Siswa / Laki-laki", "abc", "integer"),
        (9, "Data!F9", "Anggaran (Rp)", "12,5 juta", "number"),
    ]
    assert dataset_state() == (1, 3, 1)
    assert lake_files("versions") == versions


def test_type_errors_are_counted_exactly_and_listed_up_to_a_thousand(
    tmp_path: Path, published: set[str], ingest: Any, dataset_state: Any, uploads: Any
) -> None:
    later = tmp_path / "penduduk-2025.csv"
    bad_years = {5, 700, 1400}
    later.write_text(HEADER + "".join(
        f"35.07,Kabupaten Malang,{'dua ribu' if i in bad_years else 1000 + i},x{i}\n"
        for i in range(1500)
    ))  # fmt: skip

    with pytest.raises(IngestError) as caught:
        ingest(later)

    details = caught.value.details
    assert details["by_type"]["type-error"]["errors"] == 1503, details["by_type"]
    assert details["error_count"] == 1503
    assert details["by_column"] == {"jumlah_penduduk": {"errors": 1500, "warnings": 0},
                                    "tahun": {"errors": 3, "warnings": 0}}  # fmt: skip
    assert details["truncated"] is True
    assert len(details["errors"]) == 1000
    listed = [(e["row"], e["field"], e["value"]) for e in details["errors"]]
    assert listed[:3] == [(2, "jumlah_penduduk", "x0"), (3, "jumlah_penduduk", "x1"),
                          (4, "jumlah_penduduk", "x2")]  # fmt: skip
    assert listed[5:7] == [(7, "jumlah_penduduk", "x5"), (7, "tahun", "dua ribu")]
    # Ordered by row, then column: rows 2..999 hold 998 + 2 errors (rows 7 and 702 hold two).
    assert listed[-1] == (999, "jumlah_penduduk", "x997")
    assert caught.value.message_id.startswith("1503 nilai di 'penduduk-2025.csv'")
    assert dataset_state() == (1, 3, 1)
    assert uploads()[-1]["report"]["details"]["error_count"] == 1503


def test_rejected_upload_keeps_one_original_per_content(
    data_dir: Path, ingest: Any, runtime: Runtime, uploads: Any
) -> None:
    for _ in range(2):
        with pytest.raises(IngestError):
            ingest(data_dir / "binary.csv")

    assert [u["status"] for u in uploads()] == ["rejected", "rejected"]
    with session_scope(runtime.sessions) as session:
        assert session.query(SourceFile).count() == 1
        assert session.query(Upload).count() == 2
