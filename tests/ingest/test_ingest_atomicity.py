"""A crash in the middle of an ingest leaves the previous version current and readable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from satudata.db.models import Version
from satudata.lake.store import Lake
from satudata.runtime import Runtime

LATER = (
    "kode_wilayah,nama_wilayah,tahun,jumlah_penduduk\n"
    "35.07,Kabupaten Malang,2025,2660000\n"
    "35.73,Kota Malang,2025,850000\n"
)


class PowerCut(RuntimeError):
    """The crash the test simulates."""


def crash(*args: Any, **kwargs: Any) -> Any:
    raise PowerCut("the machine stopped here")


@pytest.fixture
def later_file(tmp_path: Path) -> Path:
    path = tmp_path / "penduduk-2025.csv"
    path.write_text(LATER)
    return path


def assert_version_one_intact(
    runtime: Runtime, versions: set[str], *, dataset_state: Any, version_rows: Any,
    lake_files: Any,
) -> None:  # fmt: skip
    assert dataset_state() == (1, 3, 1)
    rows = version_rows(order="kode_wilayah")
    assert [(r["kode_wilayah"], r["tahun"]) for r in rows] == [
        ("35.07", 2024), ("35.73", 2024), ("35.78", 2024)]  # fmt: skip
    assert lake_files("versions") == versions
    assert lake_files("tmp") == set()


def test_crash_while_publishing_the_file_keeps_the_previous_version(
    data_dir: Path, later_file: Path, ingest: Any, runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch, dataset_state: Any, version_rows: Any, lake_files: Any,
) -> None:  # fmt: skip
    ingest(data_dir / "utf8.csv")
    versions = lake_files("versions")

    monkeypatch.setattr(Lake, "publish_version", crash)
    with pytest.raises(PowerCut):
        ingest(later_file)

    assert_version_one_intact(runtime, versions, dataset_state=dataset_state,
                              version_rows=version_rows, lake_files=lake_files)  # fmt: skip


def test_crash_at_the_database_commit_removes_the_published_file(
    data_dir: Path, later_file: Path, ingest: Any, runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch, dataset_state: Any, version_rows: Any, lake_files: Any,
) -> None:  # fmt: skip
    ingest(data_dir / "utf8.csv")
    versions = lake_files("versions")
    real_commit = Session.commit
    seen: list[str] = []

    def commit(self: Session) -> None:
        # Fail only the commit that would make version 2 visible, after its file is in place.
        if self.scalar(select(func.count()).select_from(Version)) == 2:
            seen.extend(lake_files("versions") - versions)
            raise PowerCut("database went away")
        real_commit(self)

    monkeypatch.setattr(Session, "commit", commit)
    with pytest.raises(PowerCut):
        ingest(later_file)
    monkeypatch.undo()

    (first,) = versions  # the dataset's id comes from the database (a sequence on PostgreSQL)
    assert len(seen) == 1 and seen[0].startswith(first.rsplit("/", 1)[0] + "/v2-")  # published...
    assert_version_one_intact(
        runtime,
        versions,
        dataset_state=dataset_state,
        version_rows=version_rows,
        lake_files=lake_files,
    )  # ...then undone


def test_crash_while_writing_the_parquet_leaves_no_work_files(
    data_dir: Path, later_file: Path, ingest: Any, runtime: Runtime,
    monkeypatch: pytest.MonkeyPatch, dataset_state: Any, version_rows: Any, lake_files: Any,
) -> None:  # fmt: skip
    ingest(data_dir / "utf8.csv")
    versions = lake_files("versions")

    monkeypatch.setattr("satudata.ingest.typed_write.write_typed_parquet", crash)
    with pytest.raises(PowerCut):
        ingest(later_file)

    assert_version_one_intact(runtime, versions, dataset_state=dataset_state,
                              version_rows=version_rows, lake_files=lake_files)  # fmt: skip


def test_after_a_crash_the_same_file_ingests_as_version_two(
    data_dir: Path, later_file: Path, ingest: Any, monkeypatch: pytest.MonkeyPatch,
    dataset_state: Any, version_rows: Any,
) -> None:  # fmt: skip
    ingest(data_dir / "utf8.csv")
    with monkeypatch.context() as patch:
        patch.setattr(Lake, "publish_version", crash)
        with pytest.raises(PowerCut):
            ingest(later_file)

    result = ingest(later_file)

    assert (result.version, result.row_count) == (2, 2)
    assert dataset_state() == (2, 2, 2)
    assert [r["tahun"] for r in version_rows(order="kode_wilayah")] == [2025, 2025]
    assert [r["tahun"] for r in version_rows(order="kode_wilayah", version=1)] == [2024] * 3
