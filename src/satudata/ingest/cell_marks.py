"""Where a report's findings land in the operator's sheet, and how a marked cell looks.

A finding with a cell ("Data!C17") or a field lands on that cell. A finding about a
whole row (a repeated key) lands on the row's key cells (`details["key"]`), or on every
used cell of the row when no key is named. A finding without a row (coverage, a vanished
period, schema drift) lands nowhere: the summary sheet lists it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from copy import copy
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string

from satudata.ingest.layout import ColumnSpec

Entry = dict[str, Any]
AUTHOR = "Satu Data Jatim"
FILLS = {
    "error": PatternFill(fill_type="solid", fgColor="FFC7CE", bgColor="FFC7CE"),
    "warning": PatternFill(fill_type="solid", fgColor="FFEB9C", bgColor="FFEB9C"),
}
FONT_COLORS = {"error": "9C0006", "warning": "9C5700"}  # Excel's "Bad" and "Neutral" styles
MAX_IN_COMMENT = 20  # findings listed in one cell's comment; the summary lists them all


@dataclass
class CellMark:
    """What one cell shows: the worst severity on it and the findings its comment lists."""

    severity: str = "warning"
    entries: list[Entry] = field(default_factory=list)

    def add(self, entry: Entry, *, noted: bool = True) -> None:
        """Count a finding on this cell; `noted` lists it in the cell's comment."""
        if entry.get("severity") == "error":
            self.severity = "error"
        if noted and all(e is not entry for e in self.entries):
            self.entries.append(entry)


@dataclass
class Marks:
    """A report's findings by sheet row and 0-based column."""

    cells: dict[int, dict[int, CellMark]] = field(default_factory=dict)
    whole_rows: dict[int, list[Entry]] = field(default_factory=dict)  # no cell known
    table: list[Entry] = field(default_factory=list)  # no row: the summary only
    anchors: dict[int, tuple[int, int]] = field(default_factory=dict)  # id(entry) → cell

    def rows(self) -> set[int]:
        """Return the rows with a marked cell."""
        return set(self.cells) | set(self.whole_rows)

    def row_marks(self, row: int, used: Iterable[int]) -> dict[int, CellMark]:
        """Return the marks of one row by column; `used` are the row's filled columns.

        A finding about the whole row marks every used cell; its comment goes on the first.
        """
        found = {col: CellMark(m.severity, list(m.entries))
                 for col, m in self.cells.get(row, {}).items()}  # fmt: skip
        whole = self.whole_rows.get(row, [])
        if whole:
            for n, col in enumerate(sorted(set(used))):
                for entry in whole:
                    found.setdefault(col, CellMark()).add(entry, noted=n == 0)
        return found

    def anchor(self, entry: Entry) -> tuple[int, int] | None:
        """Return the (row, 0-based column) a listed finding links to, if it has one."""
        return self.anchors.get(id(entry))


def listed(report: dict[str, Any]) -> list[Entry]:
    """Return the report's listed findings: errors, then warnings."""
    return list(report.get("errors") or []) + list(report.get("warnings") or [])


def parse_cell(ref: str) -> tuple[int, int] | None:
    """Return (row, 0-based column) of "Data!C17" (or "C17"); None when it is no cell."""
    coordinate = ref.rpartition("!")[2].replace("$", "")
    try:
        letters, row = coordinate_from_string(coordinate)
        return int(row), column_index_from_string(letters) - 1
    except ValueError:
        return None


def place_findings(report: dict[str, Any], columns: list[ColumnSpec]) -> Marks:
    """Place every listed finding of `report` on the cells of the table's columns."""
    index = {c.name: c.index for c in columns}
    first = min(index.values(), default=0)
    marks = Marks()
    for entry in listed(report):
        row = entry.get("row")
        if not isinstance(row, int):
            marks.table.append(entry)
            continue
        spots = _spots(entry, row, index)
        for r, col in spots:
            marks.cells.setdefault(r, {}).setdefault(col, CellMark()).add(entry)
        if not spots:
            marks.whole_rows.setdefault(row, []).append(entry)
        marks.anchors[id(entry)] = spots[0] if spots else (row, first)
    return marks


def _spots(entry: Entry, row: int, index: dict[str, int]) -> list[tuple[int, int]]:
    cell = parse_cell(entry["cell"]) if entry.get("cell") else None
    if cell is not None:
        return [cell]
    name = entry.get("field")
    if name in index:
        return [(row, index[name])]
    key = (entry.get("details") or {}).get("key") or []
    return [(row, index[k]) for k in key if k in index]


def comment_text(entries: list[Entry]) -> str:
    """Return a comment listing findings in Indonesian, each with its suggestion."""
    parts = []
    for entry in entries[:MAX_IN_COMMENT]:
        text = str(entry.get("message") or entry.get("type") or "")
        suggestion = entry.get("suggestion")
        if suggestion not in (None, ""):
            text += f"\nSaran: {suggestion}"
        parts.append(text)
    if len(entries) > MAX_IN_COMMENT:
        parts.append(f"… dan {len(entries) - MAX_IN_COMMENT} temuan lain (lihat Ringkasan).")
    if len(parts) == 1:
        return parts[0]
    return "\n\n".join(f"• {p}" for p in parts)


def mark_cell(cell: Cell, mark: CellMark) -> None:
    """Colour a cell by severity (keeping its other formatting) and attach the comment."""
    cell.fill = FILLS[mark.severity]
    font = copy(cell.font)
    font.color = FONT_COLORS[mark.severity]
    cell.font = font
    if not mark.entries:
        return
    text = comment_text(mark.entries)
    if cell.comment is not None and cell.comment.author != AUTHOR:
        text = f"{cell.comment.text}\n\n{text}"  # the operator's own note stays first
    lines = sum(max(1, math.ceil(len(line) / 50)) for line in text.splitlines())
    cell.comment = Comment(text, AUTHOR, height=min(600, 24 + 15 * lines), width=320)


def sheet_text(value: str) -> str:
    """Return text a workbook cell can hold: no control characters, at most 32,767 long."""
    return ILLEGAL_CHARACTERS_RE.sub("", value)[:32767]
