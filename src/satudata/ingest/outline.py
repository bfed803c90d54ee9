"""What an uploaded file looks like to ingest: its sheets, header rows and first data row.

The upload wizard shows this beside the check's report, so that the operator can see
which sheet was read, which rows were taken as the column titles and where the data
starts, and which number columns hold a word (a first file's types come from its values:
one word makes a whole column text).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter

from satudata.errors import IngestError
from satudata.ingest.detect import detect_kind
from satudata.ingest.grid import Grid
from satudata.ingest.layout import find_layout
from satudata.ingest.readers.text import read_text_grid
from satudata.ingest.readers.workbook import list_sheets, read_workbook_grid
from satudata.ingest.source import STREAM_THRESHOLD

OUTLINE_MAX_BYTES = 20 * 1024 * 1024  # larger files are not read a second time
MISSING = {"-", "--", "—", ""}
_NUMBER = re.compile(r"^[-+]?(\d{1,3}([.,]\d{3})+|\d+)([.,]\d+)?\s*%?$")
MOSTLY_NUMBERS = 0.8
LISTED_CELLS = 5


def outline_file(path: Path, *, filename: str, sheet: str | None = None) -> dict[str, Any]:
    """Return {kind, sheets, sheet, header_rows, first_data_row, columns, mixed_columns}.

    `header_rows` and `first_data_row` are numbered as the operator sees them; `columns`
    is [{letter, title}]; `mixed_columns` is [{column, letter, numbers, words, cells:
    [{cell, row, value}]}] for columns mostly of numbers with a few words. Keys are empty
    when the file is too large to read twice or cannot be read (the check reports why).
    """
    out: dict[str, Any] = {"kind": "", "sheets": [], "sheet": sheet, "header_rows": [],
                           "first_data_row": None, "columns": [], "mixed_columns": []}  # fmt: skip
    try:
        kind = detect_kind(path, filename)
        out["kind"] = kind
        if kind in ("xlsx", "xls", "ods"):
            out["sheets"] = list_sheets(path)
        if path.stat().st_size > OUTLINE_MAX_BYTES:
            return out
        grid = _grid(path, kind, filename, sheet)
    except IngestError:
        return out
    if grid is None:
        return out
    out["sheet"] = grid.sheet
    layout = find_layout(grid)
    out["header_rows"] = [grid.row_number(r) for r in layout.header_rows]
    if layout.data_rows:
        out["first_data_row"] = grid.row_number(layout.data_rows[0])
    out["columns"] = [{"letter": get_column_letter(c.index + 1), "title": c.title}
                      for c in layout.columns]  # fmt: skip
    prefix = f"{grid.sheet}!" if grid.sheet else ""
    for column in layout.columns:
        letter = get_column_letter(column.index + 1)
        numbers, words = 0, []
        for r in layout.data_rows:
            row = grid.rows[r]
            value = (row[column.index] if column.index < len(row) else None) or ""
            if value.strip() in MISSING:
                continue
            if _NUMBER.match(value.strip()):
                numbers += 1
            else:
                words.append({"cell": f"{prefix}{letter}{grid.row_number(r)}",
                              "row": grid.row_number(r), "value": value.strip()[:100]})  # fmt: skip
        if words and numbers / (numbers + len(words)) >= MOSTLY_NUMBERS:
            out["mixed_columns"].append({"column": column.title, "letter": letter,
                                         "numbers": numbers, "words": len(words),
                                         "cells": words[:LISTED_CELLS]})  # fmt: skip
    return out


def _grid(path: Path, kind: str, filename: str, sheet: str | None) -> Grid | None:
    if kind in ("xlsx", "xls", "ods"):
        return read_workbook_grid(path, filename, sheet)
    if kind == "csv" and path.stat().st_size <= STREAM_THRESHOLD:
        return read_text_grid(path, filename)[0]
    return None
