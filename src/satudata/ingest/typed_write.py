"""Write a source as the typed work file, keeping every row even when some cells misfit.

The strict write is tried first. The lines DuckDB's reader refused are then typed alone
and put back (`ingest.refused`), or else the whole file is written leniently. A first
file whose later rows do not fit the guess from its head gets those columns inferred
again (`ingest.inference`).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from satudata.config import Settings
from satudata.errors import IngestError
from satudata.ingest.inference import reinfer, widen
from satudata.ingest.layout import is_total_label
from satudata.ingest.progress import reporting
from satudata.ingest.refused import Merged, merge_refused
from satudata.ingest.request import IngestRequest
from satudata.ingest.source import RawSource
from satudata.ingest.typing import native_type, write_lenient_parquet, write_typed_parquet
from satudata.tableschema.model import TableSchema


def cast_rejects(con: duckdb.DuckDBPyConnection, source: RawSource) -> int:
    """Count cells DuckDB's CSV reader could not parse as their column's type."""
    if source.typed_scan is None:
        return 0
    try:
        row = con.execute("SELECT count(*) FROM rejects WHERE error_type = 'CAST'").fetchone()
    except duckdb.Error:
        return 0
    return int(row[0]) if row else 0


def _native_without_rejects(con: duckdb.DuckDBPyConnection, source: RawSource,
                            schema: TableSchema) -> dict[str, str]:  # fmt: skip
    """Return the natively readable fields in which DuckDB's reader refused no cell."""
    if source.typed_scan is None:
        return {}
    try:
        refused = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT column_name FROM rejects WHERE error_type = 'CAST'").fetchall()}  # fmt: skip
    except duckdb.Error:
        return {}
    raw = {c.name: f"c{c.index}" for c in source.columns}
    return {f.name: t for f in schema.fields
            if (t := native_type(f)) is not None and raw.get(f.name) not in refused}  # fmt: skip


def _clear_rejects(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no table when nothing was scanned yet
        con.execute("DELETE FROM rejects")


def structure_errors(con: duckdb.DuckDBPyConnection, source: RawSource) -> list[dict[str, Any]]:
    """Rows of a streamed CSV with the wrong number of fields (footnotes are set aside)."""
    if source.has_row_numbers:
        return []
    try:
        rows = con.execute(
            # One report per line: DuckDB may reject the last line twice, with two messages.
            "SELECT line, min(csv_line), min(error_message) FROM rejects "
            "WHERE error_type <> 'CAST' GROUP BY line ORDER BY line LIMIT 1000"
        ).fetchall()
    except duckdb.Error:
        return []
    errors = []
    for line, text, message in rows:
        fields = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
        if len(fields) <= 1 or is_total_label(fields[0]):
            reason = "footnote" if len(fields) <= 1 else "total"
            source.set_aside.append({"row": int(line), "reason": reason, "text": text[:200]})
            continue
        errors.append({
            "type": "row-shape", "row": int(line), "value": text[:200],
            "message": f"Baris {line}: jumlah kolom tidak sesuai dengan judul kolom ({message}).",
            "message_en": f"Row {line}: wrong number of fields ({message}).",
        })  # fmt: skip
    return errors


@dataclass
class Written:
    """The typed work file: the schema used, its rows, and the misfits per field."""

    schema: TableSchema
    rows: int
    bad: dict[str, int]
    merged: Merged | None = None  # the refused lines put back, when the file lacks them


def write_version(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema, out: Path,
           req: IngestRequest, settings: Settings, notes: dict[str, Any], *,
           first: bool) -> Written:  # fmt: skip
    """Write the typed file; return the schema used, the row count and misfits per field.

    A first streamed file whose later rows do not fit the guess from its head gets those
    columns inferred again from all their values, and only if that fails too, text. Any
    other misfit is listed (for the type-error check), so that every other check still
    sees the rest of the file: from the few lines DuckDB's reader refused when they can
    be put back in place (`ingest.refused`), else by writing the whole file leniently.
    """
    size = settings.row_group_size
    for attempt in range(3):
        strict: int | None = None  # the rows written strictly, when the write went through
        try:
            with reporting(con, req, "write"):
                strict = write_typed_parquet(con, source, schema, out, row_group_size=size)
            if not cast_rejects(con, source):
                return Written(schema, strict, {})
        except duckdb.Error as exc:
            if "satudata:type-error" not in str(exc):
                raise IngestError(
                    f"Berkas '{req.filename}' tidak dapat dibaca: {str(exc)[:300]}",
                    f"The file '{req.filename}' could not be read: {str(exc)[:300]}",
                    type="unreadable-file",
                ) from exc
        native = _native_without_rejects(con, source, schema)
        merged = None
        if strict is not None:
            merged = merge_refused(con, source, schema, out, strict, native, out.parent)
        if merged is not None:
            # The refused lines are typed: their misfits listed, the rows merged for the
            # checks. The reader's casts are dealt with; its refusals of shape stay.
            con.execute("DELETE FROM rejects WHERE error_type = 'CAST'")
            rows, bad = merged.rows, merged.bad
        else:
            # Some value did not fit (or DuckDB's reader refused a row that is no error: a
            # footnote in a number column, " - " as missing) and the refused lines could
            # not be put back by position. Write every row again, misfits listed beside
            # it, so that no row is lost and every check still runs. Columns whose cells
            # all parsed are read natively again; if the reader still refuses a row,
            # every column is read from text.
            _clear_rejects(con)
            with reporting(con, req, "write"):
                rows, bad = write_lenient_parquet(con, source, schema, out, row_group_size=size,
                                                  native=native)  # fmt: skip
            if native and cast_rejects(con, source):
                _clear_rejects(con)
                with reporting(con, req, "write"):
                    rows, bad = write_lenient_parquet(con, source, schema, out,
                                                      row_group_size=size)  # fmt: skip
        if not bad:  # only set-aside rows or missing values were refused: the version, as text
            with reporting(con, req, "write"):
                rows = write_typed_parquet(con, source, schema, out, native_scan=False,
                                           row_group_size=size)  # fmt: skip
            return Written(schema, rows, {})
        if first and attempt < 2 and not source.has_row_numbers:
            schema = reinfer(con, source, schema, bad) if attempt == 0 else widen(schema, bad)
            notes["notes"].append({"type": "reinferred" if attempt == 0 else "widened",
                                   "fields": sorted(bad)})  # fmt: skip
            continue
        return Written(schema, rows, bad, merged)
    raise AssertionError("unreachable: the third attempt returns")
