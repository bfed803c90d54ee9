"""Helpers for validation tests: send a file, dry-run it, change a dataset's checks or schema.

Every test works on one DINKES dataset, `data-uji`. A file is written from a header and
rows; `ingest` makes a version of it (or raises IngestError), `check` is the dry run.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from sqlalchemy import func, select

from satudata.auth import SYSTEM
from satudata.catalog.schema import DatasetUpdate
from satudata.catalog.service import get_dataset, set_table_schema, update_dataset
from satudata.db.models import Dataset, Upload, Version
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, IngestResult, check_file, ingest_file
from satudata.reference import RegionIndex, get_region_index
from satudata.runtime import Runtime
from satudata.validate.service import set_check_config

SLUG = "data-uji"
HEADER = ["kode_wilayah", "nama_wilayah", "tahun", "jumlah"]

Rows = list[list[Any]]


@pytest.fixture
def regions() -> RegionIndex:
    """The Kemendagri reference of Jawa Timur, as the checks see it."""
    return get_region_index()


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a CSV from a header and rows (None is an empty cell); return its path."""
    made = iter(range(1, 1000))

    def write(rows: Rows, header: list[str] = HEADER, *, name: str = "") -> Path:
        path = tmp_path / (name or f"berkas_{next(made)}.csv")
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[..., Path]:
    """Write an agency-style workbook: a title row, a blank row, the header on row 3."""

    def write(rows: Rows, header: list[str] = HEADER, *, name: str = "data.xlsx") -> Path:
        path = tmp_path / name
        with xlsxwriter.Workbook(path) as wb:
            ws = wb.add_worksheet("Data")
            ws.write("A1", "JUMLAH PUSKESMAS MENURUT KABUPATEN/KOTA DI JAWA TIMUR")
            ws.write_row("A3", header)
            for offset, row in enumerate(rows):
                ws.write_row(3 + offset, 0, row)
        return path

    return write


@pytest.fixture
def ingest(runtime: Runtime) -> Callable[..., IngestResult]:
    """Make a version of `data-uji` from a file as SYSTEM, or raise IngestError."""

    def run(path: Path, **options: Any) -> IngestResult:
        request = IngestRequest(path=path, organization="DINKES", dataset=SLUG, **options)
        return ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)

    return run


@pytest.fixture
def check(runtime: Runtime) -> Callable[..., dict[str, Any]]:
    """Dry-run a file against `data-uji` ("periksa dulu"); return the report."""

    def run(path: Path, **options: Any) -> dict[str, Any]:
        request = IngestRequest(path=path, organization="DINKES", dataset=SLUG, **options)
        return check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)

    return run


@pytest.fixture
def configure(runtime: Runtime) -> Callable[..., dict[str, Any]]:
    """Change one check of `data-uji` as the walidata would; return all its settings."""

    def run(check_type: str, **change: Any) -> dict[str, Any]:
        with session_scope(runtime.sessions) as session:
            return set_check_config(session, actor=SYSTEM, slug=SLUG, check_type=check_type,
                                    change=change)  # fmt: skip

    return run


@pytest.fixture
def edit_schema(runtime: Runtime) -> Callable[[Callable[[dict[str, Any]], None]], None]:
    """Change the Table Schema of `data-uji` in place (a callback edits the descriptor)."""

    def run(edit: Callable[[dict[str, Any]], None]) -> None:
        with session_scope(runtime.sessions) as session:
            descriptor = get_dataset(session, actor=SYSTEM, slug=SLUG).table_schema
            assert descriptor is not None
            edit(descriptor)
            set_table_schema(session, actor=SYSTEM, slug=SLUG, descriptor=descriptor)

    return run


@pytest.fixture
def set_region_level(runtime: Runtime) -> Callable[[str], None]:
    """Set the tingkat penyajian of `data-uji` ("kabupaten_kota", "kecamatan", ...)."""

    def run(level: str) -> None:
        with session_scope(runtime.sessions) as session:
            update_dataset(session, actor=SYSTEM, slug=SLUG,
                           data=DatasetUpdate.model_validate({"region_level": level}))  # fmt: skip

    return run


@pytest.fixture
def stored(runtime: Runtime) -> Callable[[], dict[str, Any]]:
    """Return what a file could have changed: rows of each table, files in the lake."""

    def snapshot() -> dict[str, Any]:
        with session_scope(runtime.sessions) as session:
            counts = {m.__name__: session.scalar(select(func.count()).select_from(m))
                      for m in (Dataset, Version, Upload)}  # fmt: skip
        root = runtime.lake.root
        files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
        return {"rows": counts, "files": files}

    return snapshot


@pytest.fixture
def uploads(runtime: Runtime) -> Callable[[], list[dict[str, Any]]]:
    """Return every upload: its status, version, report and the stored original."""

    def listed() -> list[dict[str, Any]]:
        with session_scope(runtime.sessions) as session:
            rows = session.scalars(select(Upload).order_by(Upload.id)).all()
            return [{"id": u.id, "filename": u.filename, "status": u.status,
                     "version_id": u.version_id, "report": u.report,
                     "stored": u.source_file.stored_path} for u in rows]  # fmt: skip

    return listed


@pytest.fixture
def versions(runtime: Runtime) -> Callable[[], list[dict[str, Any]]]:
    """Return the versions of `data-uji`: number, rows, warning count and report."""

    def listed() -> list[dict[str, Any]]:
        with session_scope(runtime.sessions) as session:
            dataset = session.scalar(select(Dataset).where(Dataset.slug == SLUG))
            if dataset is None:
                return []
            return [{"number": v.number, "row_count": v.row_count,
                     "warning_count": v.warning_count, "validation": v.validation}
                    for v in sorted(dataset.versions, key=lambda v: v.number)]  # fmt: skip

    return listed
