"""A grid: the cells of one sheet or text table as strings, with where they came from."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

Cell = str | None


@dataclass
class Grid:
    """Rows of text cells read from a file, before the header and data are found.

    `first_row` is the number the operator sees for rows[0] (1 in a CSV or a sheet);
    `line_numbers`, when set, is the line of a text file where each row starts (a quoted
    field may span lines); `sheet` names the workbook sheet, so errors can cite `Data!C17`.
    """

    rows: list[list[Cell]]
    first_row: int = 1
    sheet: str | None = None
    notes: list[dict[str, Any]] = field(default_factory=list)
    line_numbers: list[int] | None = None

    def row_number(self, index: int) -> int:
        """Return the number the operator sees for rows[index]."""
        if self.line_numbers is not None:
            return self.line_numbers[index]
        return self.first_row + index

    @property
    def width(self) -> int:
        """Return the widest row's length."""
        return max((len(r) for r in self.rows), default=0)


def cell_text(value: Any) -> Cell:
    """Render a spreadsheet cell as text the typed parsers understand.

    Integral floats lose their ".0" (a code 3201 stored as 3201.0 comes back as "3201");
    a float that would read like an Indonesian thousands group ("1.234") gets a trailing
    zero so it stays a decimal.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        if value.is_integer() and abs(value) < 1e15:
            return str(int(value))
        text = repr(value)
        head, _, tail = text.partition(".")
        if (
            len(tail) == 3
            and "e" not in text
            and head.lstrip("-").isdigit()
            and len(head.lstrip("-")) <= 3
        ):
            text += "0"
        return text
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, time):
        return value.isoformat()
    text = str(value)
    return text if text.strip() else None
