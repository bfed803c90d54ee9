"""Write sample tables the way agencies send them: CSV, Indonesian CSV, agency workbooks."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from pathlib import Path

import xlsxwriter

from satudata.demo.tables import Column, Table

# Fixed so that the same seed gives the same bytes (xlsxwriter stamps the creation time).
WORKBOOK_CREATED = dt.datetime(2025, 1, 2, 8, 0, 0)
PERIOD_COLUMNS = frozenset({"tahun", "periode"})
_TO_INDONESIAN = str.maketrans({",": ".", ".": ","})


def format_value(value: object, column: Column, *, indonesian: bool = False) -> str:
    """Format one cell; Indonesian style uses "." for thousands and "," for decimals."""
    if column.decimals is None or column.name in PERIOD_COLUMNS or isinstance(value, str):
        return str(value)
    if not isinstance(value, int | float):
        raise TypeError(f"{column.name}: expected a number, got {value!r}")
    if not indonesian:
        return f"{value:.{column.decimals}f}"
    return f"{value:,.{column.decimals}f}".translate(_TO_INDONESIAN)


def write_csv(
    path: Path, table: Table, rows: Sequence[Sequence[object]], *, indonesian: bool = False
) -> None:
    """Write UTF-8 CSV; Indonesian style means `;` between fields and Indonesian numbers."""
    delimiter = ";" if indonesian else ","
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow([c.name for c in table.columns])
        for row in rows:
            cells = zip(row, table.columns, strict=True)
            writer.writerow([format_value(v, c, indonesian=indonesian) for v, c in cells])


def write_workbook(
    path: Path,
    table: Table,
    rows: Sequence[Sequence[object]],
    *,
    title: str,
    subtitle: str,
    source: str,
    notes: Sequence[str],
    author: str,
) -> None:
    """Write an agency-style workbook: title rows, a two-row header, a total and a source.

    The table goes to sheet "Data" with a leading "No" column; below the last region
    row comes a "Jumlah" row (totals of the latest period), a blank row, then the
    "Sumber:" footnote and any notes. A second sheet "Keterangan" holds the notes again.
    """
    workbook = xlsxwriter.Workbook(str(path))
    workbook.set_properties({"title": title, "author": author, "created": WORKBOOK_CREATED})
    bold = workbook.add_format({"bold": True})
    head = workbook.add_format(
        {"bold": True, "border": 1, "align": "center", "valign": "vcenter", "text_wrap": True}
    )
    head.set_bg_color("#D9E1F2")
    cell = workbook.add_format({"border": 1})
    total = workbook.add_format({"border": 1, "bold": True})
    decimals = sorted({c.decimals for c in table.columns if c.decimals is not None})
    numbers = {
        d: workbook.add_format({"border": 1, "num_format": _number_format(d)}) for d in decimals
    }
    totals = {
        d: workbook.add_format({"border": 1, "bold": True, "num_format": _number_format(d)})
        for d in decimals
    }

    sheet = workbook.add_worksheet("Data")
    sheet.write(0, 0, title, bold)
    sheet.write(1, 0, subtitle, bold)
    header_top, header_bottom = 3, 4
    columns = (Column("no", 0, "No"), *table.columns)
    _write_header(sheet, columns, header_top, header_bottom, head)

    row_no = header_bottom + 1
    for number, row in enumerate(rows, start=1):
        for col_no, (value, column) in enumerate(zip((number, *row), columns, strict=True)):
            fmt = cell if column.decimals is None else numbers[column.decimals]
            if column.name in PERIOD_COLUMNS or column.name == "no":
                fmt = cell
            sheet.write(row_no, col_no, value, fmt)
        row_no += 1

    _write_total_row(sheet, row_no, columns, rows, total, totals)
    sheet.write(row_no + 2, 0, source)
    for offset, note in enumerate(notes, start=3):
        sheet.write(row_no + offset, 0, note)

    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 13)
    sheet.set_column(2, 2, 26)
    sheet.set_column(3, len(columns) - 1, 14)
    sheet.freeze_panes(header_bottom + 1, 0)

    notes_sheet = workbook.add_worksheet("Keterangan")
    for line_no, line in enumerate((title, subtitle, "", source, *notes)):
        notes_sheet.write(line_no, 0, line)
    workbook.close()


def _write_header(
    sheet: xlsxwriter.worksheet.Worksheet,
    columns: Sequence[Column],
    top: int,
    bottom: int,
    fmt: xlsxwriter.format.Format,
) -> None:
    """Write a two-row header: ungrouped labels span both rows, groups span their members."""
    col_no = 0
    while col_no < len(columns):
        column = columns[col_no]
        if not column.group:
            sheet.merge_range(top, col_no, bottom, col_no, column.label or column.name, fmt)
            col_no += 1
            continue
        end = col_no
        while end + 1 < len(columns) and columns[end + 1].group == column.group:
            end += 1
        sheet.merge_range(top, col_no, top, end, column.group, fmt)
        for member in range(col_no, end + 1):
            sheet.write(bottom, member, columns[member].label, fmt)
        col_no = end + 1


def _write_total_row(
    sheet: xlsxwriter.worksheet.Worksheet,
    row_no: int,
    columns: Sequence[Column],
    rows: Sequence[Sequence[object]],
    text_format: xlsxwriter.format.Format,
    number_formats: dict[int, xlsxwriter.format.Format],
) -> None:
    """Write the "Jumlah" row: totals over the regions of the latest period."""
    latest = max(str(row[2]) for row in rows)
    last_rows = [row for row in rows if str(row[2]) == latest]
    for col_no, column in enumerate(columns):
        value: object = ""
        fmt = text_format
        if column.name == "nama_wilayah":
            value = "Jumlah"
        elif column.name in PERIOD_COLUMNS:
            value = last_rows[0][col_no - 1]
        elif column.name != "no" and column.decimals is not None:
            summed = sum(_number(r[col_no - 1]) for r in last_rows)
            value = round(summed) if column.decimals == 0 else round(summed, column.decimals)
            fmt = number_formats[column.decimals]
        sheet.write(row_no, col_no, value, fmt)


def _number_format(decimals: int) -> str:
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def _number(value: object) -> float:
    if not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return value
