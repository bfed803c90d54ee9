"""Reading a dataset's data: rows, aggregates and downloads, behind the permission policy."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.catalog.service import get_dataset_row, get_version_row
from satudata.db.models import Dataset, Version
from satudata.lake import export
from satudata.lake.query import Filter, QueryEngine, RowsQuery
from satudata.lake.store import Lake
from satudata.tableschema.model import TableSchema


class RowsResult(BaseModel):
    """A page of rows (or aggregate groups) of one version."""

    dataset: str
    version: int
    columns: list[str]
    data: list[dict[str, Any]]
    count: int
    limit: int
    offset: int


@dataclass
class VersionFile:
    """A readable version: where its Parquet file is and what its schema says."""

    dataset: Dataset
    version: Version
    path: Path
    schema: TableSchema


def open_version(session: Session, lake: Lake, *, actor: Actor, slug: str,
                 version: int | None = None) -> VersionFile:  # fmt: skip
    """Return the numbered (default: current) version of a dataset the actor may read."""
    dataset = get_dataset_row(session, slug, actor=actor)
    row = get_version_row(dataset, version, actor=actor)
    return VersionFile(dataset=dataset, version=row, path=lake.path(row.parquet_path),
                       schema=TableSchema.from_descriptor(row.table_schema))  # fmt: skip


def query_rows(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor, slug: str,
               query: RowsQuery, version: int | None = None) -> RowsResult:  # fmt: skip
    """Return a page of a version's rows with the exact total."""
    vf = open_version(session, lake, actor=actor, slug=slug, version=version)
    page = engine.rows(vf.path, vf.schema, query, row_count=vf.version.row_count)
    return RowsResult(dataset=slug, version=vf.version.number, columns=page.columns,
                      data=page.rows, count=page.total, limit=query.limit,
                      offset=query.offset)  # fmt: skip


def aggregate_rows(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor, slug: str,
                   group_by: list[str], measures: list[tuple[str, str]], filters: list[Filter],
                   version: int | None = None) -> RowsResult:  # fmt: skip
    """Group a version's rows by columns and compute measures."""
    vf = open_version(session, lake, actor=actor, slug=slug, version=version)
    page = engine.aggregate(vf.path, vf.schema, group_by=group_by, measures=measures,
                            filters=filters)  # fmt: skip
    return RowsResult(dataset=slug, version=vf.version.number, columns=page.columns,
                      data=page.rows, count=page.total, limit=page.total, offset=0)  # fmt: skip


@dataclass
class Download:
    """A download: either a stream of bytes or a finished file, with its media type."""

    filename: str
    media_type: str
    stream: Iterator[bytes] | None = None
    path: Path | None = None
    remove_after: bool = False


def export_version(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor, slug: str,
                   fmt: str, version: int | None = None) -> Download:  # fmt: skip
    """Prepare a download of a version in one of the export formats."""
    kind = export.check_format(fmt)
    vf = open_version(session, lake, actor=actor, slug=slug, version=version)
    name = f"{slug}-v{vf.version.number}.{kind}"
    media = export.FORMATS[kind]
    if kind == "parquet":
        return Download(name, media, path=vf.path)
    if kind == "xlsx":
        out = lake.temp_path(".xlsx")
        cur = engine.cursor()
        try:
            export.write_xlsx(cur, vf.path, vf.schema, out, row_count=vf.version.row_count,
                              title=vf.dataset.title)  # fmt: skip
        finally:
            cur.close()
        return Download(name, media, path=out, remove_after=True)
    writer = export.stream_csv if kind == "csv" else export.stream_json
    return Download(name, media, stream=_closing(engine, writer, vf))


def _closing(engine: QueryEngine, writer: Any, vf: VersionFile) -> Iterator[bytes]:
    cur = engine.cursor()
    try:
        yield from writer(cur, vf.path, vf.schema)
    finally:
        cur.close()
