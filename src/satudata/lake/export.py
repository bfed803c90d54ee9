"""Downloads of a version as CSV, JSON, XLSX or Parquet, streamed in batches.

CSV and JSON are produced batch by batch while the client reads; XLSX is written with
xlsxwriter's constant-memory mode to a work file (the format needs a finished file);
Parquet is the version file itself.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Literal

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
import xlsxwriter

from satudata.errors import InvalidInputError
from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

ExportFormat = Literal["csv", "json", "xlsx", "parquet"]
FORMATS: dict[str, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "parquet": "application/vnd.apache.parquet",
}
XLSX_MAX_ROWS = 1_048_575
_BATCH = 50_000


def check_format(fmt: str) -> ExportFormat:
    """Return the format if supported, else raise InvalidInputError."""
    if fmt not in FORMATS:
        raise InvalidInputError(
            f"Format '{fmt}' tidak didukung. Pilihan: {', '.join(FORMATS)}.",
            f"Format '{fmt}' is not supported. Choose one of: {', '.join(FORMATS)}.",
            type="invalid-format",
        )
    return fmt  # type: ignore[return-value]


def _batches(
    cur: duckdb.DuckDBPyConnection, parquet: Path, schema: TableSchema
) -> pa.RecordBatchReader:
    cols = ", ".join(quote_ident(n) for n in schema.field_names)
    src = f"read_parquet({sql_str(parquet.as_posix())})"
    # A relation streams Arrow batches; DuckDB 2 has no batch reader on an executed cursor.
    reader: pa.RecordBatchReader = cur.sql(f"SELECT {cols} FROM {src}").to_arrow_reader(_BATCH)
    return reader


def stream_csv(
    cur: duckdb.DuckDBPyConnection, parquet: Path, schema: TableSchema
) -> Iterator[bytes]:
    """Yield the version as UTF-8 CSV (with BOM, so Excel reads it right), batch by batch."""
    yield b"\xef\xbb\xbf"
    first = True
    for batch in _batches(cur, parquet, schema):
        buf = io.BytesIO()
        pacsv.write_csv(pa.Table.from_batches([batch]), buf,
                        pacsv.WriteOptions(include_header=first))  # fmt: skip
        first = False
        yield buf.getvalue()
    if first:  # no rows: still give the header
        yield (",".join(schema.field_names) + "\n").encode()


def _json_default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def stream_json(
    cur: duckdb.DuckDBPyConnection, parquet: Path, schema: TableSchema
) -> Iterator[bytes]:
    """Yield the version as a JSON array of objects, batch by batch."""
    yield b"["
    first = True
    for batch in _batches(cur, parquet, schema):
        parts = [
            json.dumps(r, ensure_ascii=False, default=_json_default) for r in batch.to_pylist()
        ]
        if parts:
            yield (("" if first else ",") + ",\n".join(parts)).encode()
            first = False
    yield b"]\n"


def write_xlsx(cur: duckdb.DuckDBPyConnection, parquet: Path, schema: TableSchema, out: Path,
               *, row_count: int, title: str = "") -> Path:  # fmt: skip
    """Write the version to an XLSX file with typed cells; raise if it has too many rows."""
    if row_count > XLSX_MAX_ROWS:
        raise InvalidInputError(
            f"Data ini ({row_count:,} baris) melebihi batas Excel ({XLSX_MAX_ROWS:,} baris). "
            "Unduh sebagai CSV atau Parquet.",
            f"This data ({row_count:,} rows) exceeds Excel's limit; download CSV or Parquet.",
            type="too-many-rows-for-xlsx",
        )
    book = xlsxwriter.Workbook(str(out), {"constant_memory": True, "remove_timezone": True})
    sheet = book.add_worksheet("Data")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    date_fmt = book.add_format({"num_format": "dd/mm/yyyy"})
    for c, f in enumerate(schema.fields):
        sheet.write_string(0, c, f.title or f.name, bold)
        sheet.set_column(c, c, max(10, min(40, len(f.title or f.name) + 2)))
    text_cols = {i for i, f in enumerate(schema.fields) if f.type == "string"}
    date_cols = {i for i, f in enumerate(schema.fields) if f.type in ("date", "yearmonth")}
    r = 1
    for batch in _batches(cur, parquet, schema):
        for record in zip(*(col.to_pylist() for col in batch.columns), strict=True):
            for c, value in enumerate(record):
                if value is None:
                    continue
                if c in text_cols:
                    sheet.write_string(r, c, value)  # codes like 35.07 stay text
                elif c in date_cols:
                    sheet.write_datetime(r, c, value, date_fmt)
                else:
                    sheet.write(r, c, value)
            r += 1
    if title:
        book.set_properties({"title": title})
    book.close()
    return out
