"""Open an uploaded file as a table of text columns DuckDB can scan.

Small files (workbooks, JSON, HTML and CSV up to STREAM_THRESHOLD) are read whole into a
Grid; their layout (title rows, merged header, footnotes, totals) is found on the whole
table and every row keeps the number the operator sees. A larger CSV is streamed by
DuckDB's parallel reader: its layout is found on a head and a tail sample, so memory stays
bounded whatever the file size.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from satudata.errors import IngestError
from satudata.ingest.detect import FileKind, detect_kind
from satudata.ingest.grid import Cell, Grid
from satudata.ingest.layout import ColumnSpec, Layout, find_layout, is_total_label, is_total_row
from satudata.ingest.readers.html import read_html_grid
from satudata.ingest.readers.json_rows import read_json_grid
from satudata.ingest.readers.text import TextDialect, read_text_grid, sniff_text
from satudata.ingest.readers.workbook import read_workbook_grid
from satudata.tableschema.parsing import quote_ident, sql_str

# Reading into a Grid costs about 0.35 s per MB (a 15 MB CSV took 5.6 s to check, an 18 MB
# streamed one 1.65 s), so only small CSVs, where layout quirks matter most, take that path.
STREAM_THRESHOLD = 4 * 1024 * 1024
_HEAD_LINES = 200
_TAIL_BYTES = 64 * 1024
ROW = "_row"


@dataclass
class RawSource:
    """A table of VARCHAR columns, named as `columns`, readable with `from_sql`.

    When `has_row_numbers` the relation also has a `_row` column: the row number as the
    operator sees it in the original file. Otherwise rows are numbered `row_offset + n`.
    """

    kind: FileKind
    columns: list[ColumnSpec]
    from_sql: str
    has_row_numbers: bool
    row_offset: int = 0
    sheet: str | None = None
    set_aside: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)
    where_sql: str = "TRUE"
    cleanup: list[Path] = field(default_factory=list)
    # For a streamed CSV: the same scan with chosen DuckDB types per column name, so clean
    # numbers and dates are parsed by DuckDB's CSV reader itself (no text round trip).
    typed_scan: Callable[[dict[str, str], list[str]], str] | None = None
    # For a streamed CSV: the file DuckDB reads (UTF-8), its delimiter, and `typed_scan`
    # over another file holding some of its data lines, each led by its line number
    # (column `_line`); that scan's rejects go to the table `lines_rejects`.
    csv_path: Path | None = None
    line_count: int | None = None  # its lines; None when a carriage return ends none
    delimiter: str = ","
    lines_scan: Callable[[Path, dict[str, str], list[str]], str] | None = None

    @property
    def names(self) -> list[str]:
        """Return the column names."""
        return [c.name for c in self.columns]


def open_source(
    con: duckdb.DuckDBPyConnection, path: Path, *, filename: str, sheet: str | None, work_dir: Path
) -> RawSource:
    """Read or plan the read of `path`; raise IngestError for a file with no table."""
    kind = detect_kind(path, filename)
    if kind == "csv" and path.stat().st_size > STREAM_THRESHOLD:
        return _stream_csv(con, path, filename=filename, work_dir=work_dir)
    if kind == "csv":
        grid, _ = read_text_grid(path, filename)
    elif kind in ("xlsx", "xls", "ods"):
        grid = read_workbook_grid(path, filename, sheet)
    elif kind == "html":
        grid = read_html_grid(path, filename)
    else:
        grid = read_json_grid(path, filename)
    return _grid_source(con, grid, kind=kind, filename=filename)


def _no_table(filename: str) -> IngestError:
    return IngestError(
        f"Tidak ditemukan tabel di '{filename}': perlu baris judul kolom dan "
        "setidaknya satu baris data.",
        f"No table found in '{filename}': a header row and at least one data row are needed.",
        type="no-table",
    )


def _header_only(filename: str, layout: Layout) -> IngestError:
    return IngestError(
        f"Berkas '{filename}' hanya berisi judul kolom, tanpa baris data.",
        f"The file '{filename}' has a header but no data rows.",
        type="no-data-rows",
        details={"columns": [c.title for c in layout.columns]},
    )


def _grid_source(
    con: duckdb.DuckDBPyConnection, grid: Grid, *, kind: FileKind, filename: str
) -> RawSource:
    layout = find_layout(grid)
    if not layout.columns:
        raise _no_table(filename)
    if not layout.data_rows:
        raise _header_only(filename, layout)
    arrays: dict[str, Any] = {
        c.name: pa.array(
            [
                grid.rows[r][c.index] if c.index < len(grid.rows[r]) else None
                for r in layout.data_rows
            ],
            type=pa.string(),
        )
        for c in layout.columns
    }
    arrays[ROW] = pa.array([grid.row_number(r) for r in layout.data_rows], type=pa.int64())
    view = f"raw_{id(grid)}"
    con.register(view, pa.table(arrays))
    return RawSource(
        kind=kind,
        columns=layout.columns,
        from_sql=quote_ident(view),
        has_row_numbers=True,
        sheet=grid.sheet,
        set_aside=layout.set_aside,
        notes=list(grid.notes),
    )


def _to_utf8(path: Path, encoding: str, work_dir: Path) -> Path:
    """Transcode a non-UTF-8 text file to UTF-8, streaming, for DuckDB's reader."""
    out = work_dir / "transcoded.csv"
    with path.open("rb") as src, out.open("wb") as dst:
        reader = codecs.getreader(encoding)(src, "replace")
        writer = codecs.getwriter("utf-8")(dst)
        shutil.copyfileobj(reader, writer, 1024 * 1024)
    return out


def _head_grid(path: Path, dialect: TextDialect) -> tuple[Grid, int]:
    """Parse the first lines; rows keep the line they start on. Also return the lines read."""
    lines: list[str] = []
    with path.open("r", encoding=dialect.encoding, errors="replace", newline="") as fh:
        for _ in range(_HEAD_LINES):
            line = fh.readline()
            if not line:
                break
            lines.append(line)
    rows: list[list[str | None]] = []
    starts: list[int] = []
    reader = csv.reader(io.StringIO("".join(lines), newline=""), delimiter=dialect.delimiter)
    end = 0
    for record in reader:
        rows.append([c if c.strip() else None for c in record])
        starts.append(end + 1)
        end = reader.line_num
    return Grid(rows=rows, line_numbers=starts), end


def _tail_rows(path: Path, encoding: str,
               delimiter: str) -> tuple[list[list[str]], int, int | None]:  # fmt: skip
    """Parse the last lines of a file; also return the line number of the first of them.

    The third value is the number of lines, when every carriage return ends a line
    ("\\r\\n"): only then are they the lines DuckDB's reader counts (None otherwise).
    """
    size = path.stat().st_size
    newlines = 0
    crlf_only, after_return = True, False
    with path.open("rb") as fh:
        while chunk := fh.read(1024 * 1024):
            newlines += chunk.count(b"\n")
            if after_return and not chunk.startswith(b"\n"):
                crlf_only = False
            if b"\r" in chunk and crlf_only:  # rare: a fast search otherwise
                returns = chunk.count(b"\r") - chunk.endswith(b"\r")
                crlf_only = returns == chunk.count(b"\r\n")
            after_return = chunk.endswith(b"\r")
        fh.seek(max(0, size - _TAIL_BYTES))
        data = fh.read()
    lines = [line.rstrip("\r") for line in data.decode(encoding, errors="replace").split("\n")]
    if data.endswith(b"\n"):
        lines.pop()
    if size > _TAIL_BYTES:
        lines = lines[1:]  # the first one may be cut
    last = newlines + (not data.endswith(b"\n"))
    rows = list(csv.reader(lines, delimiter=delimiter))
    return rows, last - len(lines) + 1, last if crlf_only and not after_return else None


def _stream_csv(
    con: duckdb.DuckDBPyConnection, path: Path, *, filename: str, work_dir: Path
) -> RawSource:
    dialect = sniff_text(path)
    head, head_lines = _head_grid(path, dialect)
    layout = find_layout(head)
    if not layout.columns:
        raise _no_table(filename)
    first = head.row_number(layout.data_rows[0]) if layout.data_rows else None
    skip_lines = first - 1 if first else head_lines
    set_aside = [a for a in layout.set_aside if first is None or a["row"] < first]
    cleanup: list[Path] = []
    encoding = dialect.encoding
    if encoding not in ("utf-8", "utf-8-sig"):
        path = _to_utf8(path, encoding, work_dir)
        cleanup.append(path)
        encoding = "utf-8"
    width = max(c.index for c in layout.columns) + 1
    tail, first_tail_line, line_count = _tail_rows(path, encoding, dialect.delimiter)
    tail_rows, labels = _tail_set_aside(tail, first_tail_line, width)
    by_index = {c.index: c.name for c in layout.columns}

    def scan(types: dict[str, str], missing: list[str], lines: Path | None = None) -> str:
        kinds = {i: types.get(by_index.get(i, ""), "VARCHAR") for i in range(width)}
        columns = ", ".join(f"'c{i}': '{kinds[i]}'" for i in range(width))
        nullstr = ", nullstr = [" + ", ".join(sql_str(m) for m in missing) + "]" if missing else ""
        rejects = "'rejects', rejects_scan = 'rejects_scan'"
        if lines is not None:
            columns = "'_line': 'BIGINT', " + columns
            rejects = "'lines_rejects', rejects_scan = 'lines_rejects_scan'"
        reader = (
            f"read_csv({sql_str((lines or path).as_posix())}, header = false, "
            f"skip = {0 if lines else skip_lines}, delim = {sql_str(dialect.delimiter)}, "
            f"quote = '\"', escape = '\"', columns = {{{columns}}}, auto_detect = false, "
            f"store_rejects = true, rejects_table = {rejects}{nullstr})"
        )
        select = ", ".join(f"c{c.index} AS {quote_ident(c.name)}" for c in layout.columns)
        if lines is not None:
            select = "_line, " + select
        where = ["NOT (" + " AND ".join(f"c{i} IS NULL" for i in range(width)) + ")"]
        # Footnotes and totals at the end of a large file, found in its tail. In a typed
        # column DuckDB rejects such a row itself, and the rejects report sets it aside.
        for i, texts in sorted(labels.items()):
            if kinds[i] == "VARCHAR":
                listed = ", ".join(sql_str(t) for t in sorted(texts))
                where.append(f"coalesce(trim(c{i}), '') NOT IN ({listed})")
        return f"(SELECT {select} FROM {reader} WHERE {' AND '.join(where)})"

    return RawSource(
        kind="csv",
        columns=layout.columns,
        from_sql=scan({}, []),
        typed_scan=scan,
        csv_path=path,
        line_count=line_count,
        delimiter=dialect.delimiter,
        lines_scan=lambda lines, types, missing: scan(types, missing, lines),
        has_row_numbers=False,
        row_offset=skip_lines,
        set_aside=set_aside + tail_rows,
        notes=[{"type": "streamed", "encoding": dialect.encoding, "delimiter": dialect.delimiter}],
        cleanup=cleanup,
    )


def _tail_set_aside(
    rows: list[list[str]], first_line: int, width: int
) -> tuple[list[dict[str, Any]], dict[int, set[str]]]:
    """Return the footnote and total rows that end a large file, and their labels by column.

    Only rows DuckDB reads are listed; it rejects the others, and the rejects report sets
    them aside (see ingest.typed_write).
    """
    found: list[dict[str, Any]] = []
    labels: dict[int, set[str]] = {}
    for offset in range(len(rows) - 1, -1, -1):
        row: list[Cell] = [c if c.strip() else None for c in rows[offset]]
        filled = [c.strip() for c in row if c is not None]
        if not filled:
            continue
        total = is_total_row(row)
        if len(filled) >= 2 and not total:
            break
        if len(row) < width or any(c is not None for c in row[width:]):
            continue  # DuckDB rejects a row with missing or extra filled fields
        index = next(
            i for i, c in enumerate(row) if c is not None and (not total or is_total_label(c))
        )
        labels.setdefault(index, set()).add(str(row[index]).strip())
        found.append({"row": first_line + offset, "reason": "total" if total else "footnote",
                      "text": " | ".join(filled)[:200]})  # fmt: skip
    return found[::-1], labels
