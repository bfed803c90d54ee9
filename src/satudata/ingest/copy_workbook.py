"""Any file ingest reads, shown as a workbook: each value at the row and column a report cites.

The copy is written in openpyxl's write-only mode, row by row. Values are written as text,
exactly as ingest read them ("35.07" and "0123" stay text, "=1+1" is no formula). Rows
keep the numbers reports use: a CSV record sits at the line it starts on (a quoted field
may span lines), except in a CSV large enough for ingest to stream it, where ingest
numbers the data rows from the header's line on, one per record, and so does the copy. Past Excel's 1,048,576 rows a sheet continues on "Data (2)", "Data (3)" ….
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from satudata.errors import IngestError
from satudata.ingest import source
from satudata.ingest.cell_marks import Marks, mark_cell, sheet_text
from satudata.ingest.detect import FileKind
from satudata.ingest.grid import Cell, Grid, cell_text
from satudata.ingest.layout import ColumnSpec, find_layout
from satudata.ingest.readers.html import read_html_grid
from satudata.ingest.readers.json_rows import read_json_grid
from satudata.ingest.readers.text import TextDialect, read_text_grid, sniff_text
from satudata.ingest.readers.workbook import read_workbook_grid

EXCEL_MAX_ROWS = 1_048_576
HEAD_LINES = 200  # as ingest: a streamed CSV's header is found in its first lines
_BOLD = Font(bold=True)
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")

Rows = Iterable[tuple[int, list[Cell]]]  # (sheet row, values), rows in increasing order


@dataclass
class SheetCopy:
    """One sheet to write: its rows and, for the data sheet, the table found in it."""

    title: str
    rows: Rows
    columns: list[ColumnSpec] = field(default_factory=list)
    header_rows: list[int] = field(default_factory=list)  # sheet rows of the header
    merged: list[str] = field(default_factory=list)  # "A4:A5"


@dataclass
class FileCopy:
    """A file read as sheets; `data` is the index of the sheet the findings refer to."""

    sheets: list[SheetCopy]
    data: int = 0


def read_copy(path: Path, kind: FileKind, *, filename: str, sheet: str | None) -> FileCopy:
    """Plan the copy of a file; raise IngestError when ingest could not read it either."""
    if kind == "csv":
        return FileCopy([_csv_sheet(path, filename)])
    if kind in ("xlsx", "xls", "ods"):
        return _workbook_copy(path, filename, sheet)
    grid = read_html_grid(path, filename) if kind == "html" else read_json_grid(path, filename)
    return FileCopy([_grid_sheet("Data", grid)])


def _grid_sheet(title: str, grid: Grid) -> SheetCopy:
    layout = find_layout(grid)
    rows = ((grid.row_number(i), row) for i, row in enumerate(grid.rows))
    return SheetCopy(title, rows, layout.columns, [grid.row_number(i) for i in layout.header_rows])


def _records(path: Path, dialect: TextDialect, filename: str) -> Iterator[tuple[int, list[str]]]:
    """Yield each record of a delimited text file with the line it starts on."""
    with path.open("r", encoding=dialect.encoding, errors="replace", newline="") as fh:
        reader = csv.reader(fh, delimiter=dialect.delimiter)
        line = 0
        try:
            for record in reader:
                yield line + 1, record
                line = reader.line_num
        except csv.Error as exc:
            raise IngestError(
                f"Berkas '{filename}' tidak dapat dibaca sebagai CSV: {exc}.",
                f"The file '{filename}' could not be read as CSV: {exc}.",
                type="unreadable-csv",
            ) from exc


def _csv_sheet(path: Path, filename: str) -> SheetCopy:
    if path.stat().st_size <= source.STREAM_THRESHOLD:  # as ingest.source decides
        grid, dialect = read_text_grid(path, filename)  # the dialect ingest fell back to
        layout = find_layout(grid)
        rows: Rows = ((start, list(r)) for start, r in _records(path, dialect, filename))
        header = [grid.row_number(i) for i in layout.header_rows]
        return SheetCopy("Data", rows, layout.columns, header)
    dialect = sniff_text(path)
    head_rows: list[list[Cell]] = []
    starts: list[int] = []
    for start, record in _records(path, dialect, filename):
        if start > HEAD_LINES:
            break
        head_rows.append([c if c.strip() else None for c in record])
        starts.append(start)
    head = Grid(rows=head_rows, line_numbers=starts)
    layout = find_layout(head)
    first = head.row_number(layout.data_rows[0]) if layout.data_rows else None
    skip = first - 1 if first else (starts[-1] if starts else 0)
    width = max((c.index for c in layout.columns), default=0) + 1
    header = [head.row_number(i) for i in layout.header_rows]
    return SheetCopy("Data", _streamed_rows(path, dialect, filename, skip, width),
                     layout.columns, header)  # fmt: skip


def _streamed_rows(path: Path, dialect: TextDialect, filename: str, skip: int,
                   width: int) -> Iterator[tuple[int, list[Cell]]]:  # fmt: skip
    """Number a streamed CSV's rows as ingest does: the header's lines, then one per record.

    Ingest's reader skips `skip` lines and numbers the records after them from `skip + 1`,
    leaving out the empty ones; a record spanning lines therefore shifts the later rows
    from their lines, and the copy shifts them the same way.
    """
    count = 0
    for start, record in _records(path, dialect, filename):
        if start <= skip:
            yield start, list(record)
        elif any(c for c in record[:width]):
            count += 1
            yield skip + count, list(record)


def _workbook_copy(path: Path, filename: str, sheet: str | None) -> FileCopy:
    try:
        grid: Grid | None = read_workbook_grid(path, filename, sheet)
    except IngestError as error:
        if error.type != "no-data-sheet":
            raise
        grid = None  # no table to find: show the sheets as they are
    book = CalamineWorkbook.from_path(str(path))
    names = list(book.sheet_names)
    data_name = (grid.sheet if grid is not None else None) or (
        sheet if sheet in names else names[0]
    )
    titles = _titles(names)
    sheets = []
    for name in names:
        raw = book.get_sheet_by_name(name)
        if grid is not None and name == data_name:
            copy = _grid_sheet(titles[name], grid)
        else:
            try:
                values = raw.to_python(skip_empty_area=False)
            except Exception:  # a damaged sheet that is not the data: shown empty
                values = []
            rows = ((i + 1, [cell_text(v) for v in row]) for i, row in enumerate(values))
            copy = SheetCopy(titles[name], rows)
        copy.merged = [_range(a, b) for a, b in (raw.merged_cell_ranges or [])]
        sheets.append(copy)
    return FileCopy(sheets, data=names.index(data_name))


def _range(start: tuple[int, int], end: tuple[int, int]) -> str:
    return (f"{get_column_letter(start[1] + 1)}{start[0] + 1}:"
            f"{get_column_letter(end[1] + 1)}{end[0] + 1}")  # fmt: skip


def _titles(names: list[str]) -> dict[str, str]:
    """Return a valid, unique workbook sheet title for each sheet name (ODS allows more)."""
    taken: set[str] = {"ringkasan"}
    out = {}
    for name in names:
        base = _BAD_TITLE.sub("_", name)[:31] or "Lembar"
        title, n = base, 1
        while title.lower() in taken:
            n += 1
            title = f"{base[: 31 - len(str(n)) - 3]} ({n})"
        taken.add(title.lower())
        out[name] = title
    return out


def quote_sheet(title: str) -> str:
    """Return a sheet title as a formula or link names it: 'Data (2)'."""
    return "'" + title.replace("'", "''") + "'"


class SheetStream:
    """Write one sheet's rows in order, marked, continued on new sheets past `max_rows`."""

    def __init__(self, wb: Workbook, sheet: SheetCopy, marks: Marks | None,
                 max_rows: int | None = None) -> None:  # fmt: skip
        self.wb, self.sheet = wb, sheet
        self.max_rows = max_rows or EXCEL_MAX_ROWS
        self.marks = marks or Marks()
        self.marked = self.marks.rows()
        self.used = [c.index for c in sheet.columns]
        self.header = set(sheet.header_rows)
        self.parts: list[Any] = []
        self.written = 0

    def where(self, row: int) -> tuple[str, int]:
        """Return the sheet title and row where sheet row `row` is written."""
        part = (row - 1) // self.max_rows
        return self._title(part), row - part * self.max_rows

    def _title(self, part: int) -> str:
        if part == 0:
            return self.sheet.title
        suffix = f" ({part + 1})"
        return self.sheet.title[: 31 - len(suffix)] + suffix

    def _part(self, part: int) -> Any:
        while len(self.parts) <= part:
            ws = self.wb.create_sheet(self._title(len(self.parts)))
            for c in self.sheet.columns:
                width = min(50, max(10, len(c.title) + 2))
                ws.column_dimensions[get_column_letter(c.index + 1)].width = width
            if not self.parts and self.sheet.header_rows:
                ws.freeze_panes = f"A{max(self.sheet.header_rows) + 1}"
            if not self.parts:
                for ref in self.sheet.merged:
                    ws.merged_cells.add(ref)
            self.parts.append(ws)
            self.written = 0
        return self.parts[part]

    def write_all(self) -> None:
        """Write every row of the sheet (at least the sheet itself, if it has none)."""
        self._part(0)
        for row, values in self.sheet.rows:
            self.write(row, values)

    def write(self, row: int, values: list[Cell]) -> None:
        """Write the values of sheet row `row`, after every row written before it."""
        _, local = self.where(row)
        ws = self._part((row - 1) // self.max_rows)
        if local <= self.written:
            return  # rows come in order; a repeated number cannot be shown twice
        while self.written < local - 1:
            ws.append([])
            self.written += 1
        ws.append(self._cells(ws, row, values))
        self.written = local

    def _cells(self, ws: Any, row: int, values: list[Cell]) -> list[Any]:
        marks = {}
        if row in self.marked:
            used = self.used or [i for i, v in enumerate(values) if v not in (None, "")]
            marks = self.marks.row_marks(row, used)
        bold = row in self.header
        cells: list[Any] = []
        for i in range(max(len(values), max(marks, default=-1) + 1)):
            value = values[i] if i < len(values) else None
            text = sheet_text(value) if value else None
            mark = marks.get(i)
            if mark is None and not (bold and text) and not (text and text.startswith("=")):
                cells.append(text)
                continue
            cell = WriteOnlyCell(ws, text)
            if text:
                cell.data_type = "s"  # text as written, never a formula
            if bold:
                cell.font = _BOLD
            if mark is not None:
                mark_cell(cell, mark)
            cells.append(cell)
        return cells
