"""Helpers for ingest tests: ingest a file, read a version back, look at the lake."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest
from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.catalog.data import open_version
from satudata.db.models import Dataset, Upload
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, IngestResult, ingest_file
from satudata.runtime import Runtime

Ingest = Callable[..., IngestResult]
Rows = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def ingest(runtime: Runtime) -> Ingest:
    """Ingest a file into a DINKES dataset (default slug: data-uji) as SYSTEM."""

    def run(path: Path, dataset: str = "data-uji", **options: Any) -> IngestResult:
        request = IngestRequest(path=path, organization="DINKES", dataset=dataset, **options)
        return ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)

    return run


@pytest.fixture
def version_rows(runtime: Runtime) -> Rows:
    """Read a version's typed rows straight from its Parquet file, ordered by `order`."""

    def read(
        dataset: str = "data-uji", *, order: str, version: int | None = None
    ) -> list[dict[str, Any]]:
        with session_scope(runtime.sessions) as session:
            vf = open_version(session, runtime.lake, actor=SYSTEM, slug=dataset, version=version)
            path = vf.path
        with duckdb.connect() as con:
            cur = con.execute(f"SELECT * FROM read_parquet('{path.as_posix()}') ORDER BY {order}")
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]

    return read


@pytest.fixture
def lake_files(runtime: Runtime) -> Callable[[str], set[str]]:
    """Return the files under a lake folder, relative to the lake."""

    def files(folder: str) -> set[str]:
        root = runtime.lake.root
        return {p.relative_to(root).as_posix() for p in (root / folder).rglob("*") if p.is_file()}

    return files


@pytest.fixture
def dataset_state(runtime: Runtime) -> Callable[[str], tuple[int | None, int | None, int]]:
    """Return (current version number, its row count, number of versions) of a dataset."""

    def state(slug: str = "data-uji") -> tuple[int | None, int | None, int]:
        with session_scope(runtime.sessions) as session:
            dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
            if dataset is None:
                return None, None, 0
            current = dataset.current_version
            return (current.number if current else None, current.row_count if current else None,
                    len(dataset.versions))  # fmt: skip

    return state


@pytest.fixture
def uploads(runtime: Runtime) -> Callable[[], list[dict[str, Any]]]:
    """Return every upload as a dict: filename, status, dataset, report and stored original."""

    def listed() -> list[dict[str, Any]]:
        with session_scope(runtime.sessions) as session:
            rows = session.scalars(select(Upload).order_by(Upload.id)).all()
            return [{"id": u.id, "filename": u.filename, "status": u.status,
                     "dataset_id": u.dataset_id, "organization_id": u.organization_id,
                     "version_id": u.version_id, "report": u.report,
                     "sha256": u.source_file.sha256, "stored": u.source_file.stored_path}
                    for u in rows]  # fmt: skip

    return listed
