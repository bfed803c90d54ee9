"""The operator's own spreadsheet, annotated with a check report ("salinan bertanda").

Operators live in Excel: the report's findings are easiest to fix where they are. Each
faulty cell is coloured (errors light red, warnings yellow) and carries a comment with the
Indonesian message and the suggestion; a first sheet, "Ringkasan", lists totals, counts
and every finding with a link to its cell.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from satudata.errors import IngestError
from satudata.ingest.cell_marks import listed, mark_cell, place_findings
from satudata.ingest.copy_workbook import SheetStream, quote_sheet, read_copy
from satudata.ingest.detect import FileKind, detect_kind
from satudata.ingest.layout import ColumnSpec, find_layout
from satudata.ingest.readers.workbook import read_workbook_grid
from satudata.ingest.summary_sheet import TITLE, SummaryInput, write_summary

# An XLSX up to this size is loaded whole by openpyxl (about 50 times its size in memory)
# to keep the operator's formatting; a larger one is copied as values, streamed.
KEEP_FORMATTING_MAX_BYTES = 8 * 1024 * 1024


def annotate_file(path: Path, report: dict[str, Any], out: Path, *, filename: str = "",
                  sheet: str | None = None) -> Path:  # fmt: skip
    """Write to `out` the file at `path` as a workbook marked with `report`; return `out`.

    `report` is what `ingest.service.check_file` returns for this file (see
    `validate.report`); `sheet` is the sheet it was checked with, if one was named.

    - XLSX up to KEEP_FORMATTING_MAX_BYTES: the workbook itself, loaded with openpyxl, so
      the operator's formatting, other sheets and column widths stay. openpyxl drops what
      it cannot read: images, charts, shapes, pivot caches and macros.
    - CSV (any encoding and delimiter ingest reads), XLS, ODS, HTML tables saved as .xls
      (BPS), JSON, and larger XLSX: a new workbook showing the file's values as text at
      the rows and columns the report cites (for CSV: each record at the line it starts
      on; for a CSV large enough for ingest to stream it, as ingest numbers its rows).
      Formatting is not carried over; a workbook's merged cells are. Written in
      write-only mode: memory stays bounded for CSV (a workbook, HTML or JSON file is held
      whole, as ingest holds it). Past Excel's 1,048,576 rows the sheet continues on
      "Data (2)", "Data (3)" …; its rows are numbered from 1 again there, and the summary's
      links lead to them.

    Findings are placed by their cell (workbooks), or by their field's column in the
    table ingest finds; a finding about a row (a repeated key) marks the row's key cells,
    or its whole used row. Findings without a row appear only in the summary. At most
    MAX_LISTED findings per check are listed in a report, so at most those are marked.

    The original is never changed; `out` is written to a temporary file beside it and
    renamed over it. A file ingest cannot read gives a workbook with the summary alone.
    """
    filename = filename or path.name
    if out.resolve() == path.resolve():
        raise ValueError("the annotated copy may not replace the original file")
    temp = out.parent / f".{out.name}.{uuid.uuid4().hex}.tmp"  # created with the umask
    try:
        _annotate(path, report, temp, filename=filename, sheet=sheet)
        os.replace(temp, out)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return out


def _annotate(path: Path, report: dict[str, Any], temp: Path, *, filename: str,
              sheet: str | None) -> None:  # fmt: skip
    try:
        kind = detect_kind(path, filename)
    except IngestError as error:
        _summary_only(report, temp, filename=filename, problem=error.message_id)
        return
    wanted = sheet or _sheet_in_report(report)
    if kind == "xlsx" and path.stat().st_size <= KEEP_FORMATTING_MAX_BYTES:
        try:
            book = load_workbook(path, rich_text=True)
        except Exception:  # openpyxl fails where calamine reads: copy the values instead
            pass
        else:
            _mark_workbook(book, path, report, filename=filename, sheet=wanted)
            book.save(temp)
            return
    _write_copy(path, kind, report, temp, filename=filename, sheet=wanted)


def _sheet_in_report(report: dict[str, Any]) -> str | None:
    """Return the sheet the findings refer to: named in a cell ("Data!C17") or the notes."""
    for entry in listed(report):
        cell = str(entry.get("cell") or "")
        if "!" in cell:
            return cell.rpartition("!")[0].strip("'").replace("''", "'")
    notes = report.get("notes")
    found = notes.get("sheet") if isinstance(notes, dict) else None
    return found if isinstance(found, str) else None


def _mark_workbook(book: Workbook, path: Path, report: dict[str, Any], *, filename: str,
                   sheet: str | None) -> None:  # fmt: skip
    """Mark the operator's own workbook in place (in memory) and add the summary first."""
    try:
        grid = read_workbook_grid(path, filename, sheet)
        name, columns = grid.sheet or book.sheetnames[0], find_layout(grid).columns
    except IngestError:
        name = sheet if sheet in book.sheetnames else book.sheetnames[0]
        columns = []
    ws = book[name]
    marks = place_findings(report, columns)
    used = [c.index for c in columns]
    for row in sorted(marks.rows()):
        filled = used or [c.column - 1 for c in ws[row] if c.value not in (None, "")]
        for col, mark in marks.row_marks(row, filled).items():
            mark_cell(_top_left(ws, row, col + 1), mark)
    summary = book.create_sheet(_free_title(book.sheetnames), 0)
    write_summary(summary, report, SummaryInput(
        filename=filename, data_sheet=name, marks=marks, locate=_locator(lambda r: (name, r)),
        titles=_titles(columns)))  # fmt: skip
    for other in book.worksheets:
        other.sheet_view.tabSelected = False
    summary.sheet_view.tabSelected = True
    book.active = 0


def _top_left(ws: Worksheet, row: int, col: int) -> Any:
    """Return the cell, or the top-left cell of the merged range it lies in."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            return ws.cell(merged.min_row, merged.min_col)
    return ws.cell(row, col)


def _free_title(names: list[str]) -> str:
    taken = {n.lower() for n in names}
    title, n = TITLE, 1
    while title.lower() in taken:
        n += 1
        title = f"{TITLE} ({n})"
    return title


def _titles(columns: list[ColumnSpec]) -> dict[str, str]:
    return {c.name: c.title for c in columns}


def _locator(where: Callable[[int], tuple[str, int]]) -> Callable[[int, int], tuple[str, str]]:
    """Return how the summary shows and links (row, column): "C17", "'Data'!C17"."""

    def locate(row: int, col: int) -> tuple[str, str]:
        title, local = where(row)
        ref = f"{get_column_letter(col + 1)}{local}"
        shown = ref if local == row else f"{title}!{ref}"
        return shown, f"{quote_sheet(title)}!{ref}"

    return locate


def _write_copy(path: Path, kind: FileKind, report: dict[str, Any], temp: Path, *, filename: str,
                sheet: str | None) -> None:  # fmt: skip
    """Write the file's values as a new workbook, marked, streamed in write-only mode."""
    try:
        plan = read_copy(path, kind, filename=filename, sheet=sheet)
    except IngestError as error:
        _summary_only(report, temp, filename=filename, problem=error.message_id)
        return
    data = plan.sheets[plan.data]
    marks = place_findings(report, data.columns)
    book = Workbook(write_only=True)
    summary = book.create_sheet(TITLE)
    streams = []
    for i, copy in enumerate(plan.sheets):
        stream = SheetStream(book, copy, marks if i == plan.data else None)
        stream.write_all()
        streams.append(stream)
    write_summary(summary, report, SummaryInput(
        filename=filename, data_sheet=data.title, marks=marks,
        locate=_locator(streams[plan.data].where), titles=_titles(data.columns)))  # fmt: skip
    book.save(temp)


def _summary_only(report: dict[str, Any], temp: Path, *, filename: str, problem: str) -> None:
    book = Workbook(write_only=True)
    summary = book.create_sheet(TITLE)
    marks = place_findings(report, [])
    write_summary(summary, report, SummaryInput(
        filename=filename, data_sheet=None, marks=marks, locate=lambda row, col: ("", ""),
        problem=f"Berkas tidak dapat ditampilkan: {problem}"))  # fmt: skip
    book.save(temp)


__all__ = ["annotate_file"]
