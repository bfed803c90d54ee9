"""Where ingest meets validation: the dataset's state, the checks, and their verdict."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.db.models import Dataset
from satudata.errors import IngestError
from satudata.ingest.locate import SourceLocator
from satudata.ingest.refused import Merged
from satudata.ingest.source import RawSource
from satudata.lake.store import Lake
from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate import CheckConfig, CheckContext, Report, run_checks
from satudata.validate.context import ColumnSeen


@dataclass
class DatasetState:
    """What validation needs to know of the dataset a file goes into."""

    schema: TableSchema | None = None  # None: a new dataset, the schema is inferred
    region_level: str = ""
    checks: dict[str, Any] = field(default_factory=dict)
    previous_path: Path | None = None  # the current version's Parquet file
    previous_schema: TableSchema | None = None


def load_dataset_state(session: Session, lake: Lake, slug: str) -> DatasetState:
    """Read the dataset's schema, level, check settings and current version."""
    dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
    if dataset is None:
        return DatasetState()
    current = dataset.current_version
    return DatasetState(
        schema=TableSchema.from_descriptor(dataset.table_schema) if dataset.table_schema else None,
        region_level=dataset.region_level,
        checks=dict(dataset.checks or {}),
        previous_path=lake.path(current.parquet_path) if current else None,
        previous_schema=TableSchema.from_descriptor(current.table_schema) if current else None,
    )


def context_for(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema,
                state: DatasetState, filename: str) -> CheckContext:  # fmt: skip
    """Return the check context of a file read as `source` into a dataset in `state`."""
    return CheckContext(
        con=con, schema=schema, filename=filename, region_level=state.region_level,
        columns=[ColumnSeen(c.name, c.title) for c in source.columns],
        previous_schema=state.previous_schema,
    )  # fmt: skip


def check_structure(ctx: CheckContext, state: DatasetState) -> Report:
    """Run the checks that need only the file's columns (schema drift)."""
    ctx.has_table = False
    report = run_checks(ctx, config=CheckConfig(state.checks), stage="structure")
    ctx.has_table = True
    return report


def check_rows(ctx: CheckContext, source: RawSource, typed: Path, state: DatasetState, *,
               has_bad_cells: bool, report: Report, merged: Merged | None = None) -> Report:  # fmt: skip
    """Run the row and table checks over the typed Parquet file `typed`.

    `merged` stands for the file when it lacks the lines DuckDB's reader refused: the
    file and those rows, merged (see `ingest.refused`).
    """
    con = ctx.con
    fields = ", ".join(quote_ident(n) for n in ctx.schema.field_names)
    table_sql = merged.table_sql if merged else (
        f"SELECT file_row_number AS _ord, {fields} FROM "
        f"read_parquet({sql_str(typed.as_posix())}, file_row_number = true)"
    )  # fmt: skip
    con.execute(f"CREATE OR REPLACE TEMP VIEW {ctx.table} AS {table_sql}")
    if state.previous_path is not None:
        con.execute(f"CREATE OR REPLACE TEMP VIEW {ctx.previous} AS SELECT * FROM "
                    f"read_parquet({sql_str(state.previous_path.as_posix())})")  # fmt: skip
    ctx.has_bad_cells = has_bad_cells
    locator = SourceLocator(con, source, position=merged.position if merged else None)
    # Every check orders what it lists; keeping the order of rows in between costs memory
    # (a query over the merged table kept its whole result to keep its order, and ran out
    # of memory at 256MB). A workbook's locator numbers the rows in the order they come.
    keep_order = source.has_row_numbers
    con.execute(f"SET preserve_insertion_order = {str(keep_order).lower()}")
    try:
        return run_checks(ctx, config=CheckConfig(state.checks), locator=locator, report=report)
    finally:
        con.execute("SET preserve_insertion_order = true")


def rejection(report: Report, filename: str) -> IngestError:
    """Return the error that refuses a file whose report has errors."""
    data = report.as_dict()
    total = data["error_count"]
    first = data["errors"][0]["message"] if data["errors"] else ""
    kinds = set(data["by_type"]) - {t for t, n in data["by_type"].items() if not n["errors"]}
    if kinds == {"type-error"}:
        return IngestError(
            f"{total} nilai di '{filename}' tidak sesuai dengan tipe kolomnya. Contoh: {first}",
            f"{total} values in '{filename}' do not fit their column types.",
            type="type-errors", details=data,
        )  # fmt: skip
    if kinds == {"schema-drift"}:
        return IngestError(
            f"Kolom berkas '{filename}' tidak sesuai dengan skema dataset. {first}",
            f"The columns of '{filename}' do not match the dataset schema.",
            type="schema-mismatch", details=data,
        )  # fmt: skip
    return IngestError(
        f"{total} masalah ditemukan di '{filename}'. Contoh: {first}",
        f"{total} problem{'' if total == 1 else 's'} found in '{filename}'.",
        type="validation-errors", details=data,
    )  # fmt: skip
