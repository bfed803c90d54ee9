"""Read, type and check a file in a work folder: everything of an ingest but the commit."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from satudata.config import Settings
from satudata.errors import IngestError
from satudata.ingest.checking import (
    DatasetState,
    check_rows,
    check_structure,
    context_for,
    rejection,
)
from satudata.ingest.inference import infer_source_schema
from satudata.ingest.memory import validation_memory
from satudata.ingest.progress import reporting
from satudata.ingest.request import IngestRequest
from satudata.ingest.reshape import reshape_long, wide_table_note
from satudata.ingest.source import open_source
from satudata.ingest.typed_write import structure_errors, write_version
from satudata.lake.engine import connect
from satudata.lake.store import Lake
from satudata.tableschema.model import TableSchema
from satudata.validate import Report


@dataclass
class Prepared:
    """A file read, typed and checked: everything but the commit."""

    schema: TableSchema
    typed: Path  # the typed Parquet work file (all its rows when the report is valid)
    rows: int
    report: Report
    notes: dict[str, Any]


@contextmanager
def workspace(lake: Lake, settings: Settings) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """Yield a DuckDB connection and a work folder, both gone afterwards."""
    work = lake.temp_path(".work")
    work.mkdir()
    con = connect(memory_limit=settings.query_memory_limit, threads=settings.query_threads,
                  temp_dir=work / "spill")  # fmt: skip
    try:
        yield con, work
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def prepare(con: duckdb.DuckDBPyConnection, work: Path, req: IngestRequest,
             state: DatasetState, settings: Settings) -> Prepared:  # fmt: skip
    """Read, type and check a file; raise IngestError when it cannot be read at all."""
    if state.schema is None and not state.region_level:  # a new dataset: its metadata to be
        state.region_level = str(req.metadata.get("region_level") or "")
    source = open_source(con, req.path, filename=req.filename, sheet=req.sheet, work_dir=work)
    notes: dict[str, Any] = {"kind": source.kind, "sheet": source.sheet,
                             "notes": list(source.notes)}  # fmt: skip
    wide = wide_table_note(source)
    if req.reshape == "long":
        source = reshape_long(source)
        notes["notes"] = list(source.notes)  # says which year columns became rows
    elif wide:
        notes["notes"].append(wide)
    first = state.schema is None
    if state.schema is None:
        with reporting(con, req, "infer"):
            schema = infer_source_schema(con, source)
    else:
        schema = state.schema
        ctx = context_for(con, source, schema, state, req.filename)
        if source.names != schema.field_names:  # the drift check proposes inferred types
            ctx.extra["inferred"] = infer_source_schema(con, source)
        drift = check_structure(ctx, state)
        if not drift.valid:
            raise rejection(drift, req.filename)
    out = work / "version.parquet"
    size = req.path.stat().st_size
    with validation_memory(con, settings.query_memory_limit, size):
        written = write_version(con, source, schema, out, req, settings, notes, first=first)
    schema, rows, bad = written.schema, written.rows, written.bad
    structure = structure_errors(con, source)
    if structure:
        raise IngestError(
            f"{len(structure)} baris di '{req.filename}' memiliki jumlah kolom yang salah. "
            f"Contoh: {structure[0]['message']}",
            f"{len(structure)} rows of '{req.filename}' have a wrong number of fields.",
            type="row-shape-errors", details={"errors": structure},
        )  # fmt: skip
    if rows == 0:
        raise IngestError(
            f"Berkas '{req.filename}' tidak memuat baris data.",
            f"The file '{req.filename}' has no data rows.", type="no-data-rows",
            details={"columns": source.names},
        )  # fmt: skip
    notes["set_aside"] = source.set_aside
    ctx = context_for(con, source, schema, state, req.filename)
    with reporting(con, req, "check"), validation_memory(con, settings.query_memory_limit, size):
        report = check_rows(ctx, source, out, state, has_bad_cells=bool(bad), report=Report(),
                            merged=written.merged)  # fmt: skip
    notes["validation"] = {"error_count": report.total("error"),
                           "warning_count": report.total("warning")}  # fmt: skip
    return Prepared(schema=schema, typed=out, rows=rows, report=report, notes=notes)
