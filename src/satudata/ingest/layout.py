"""Find the table inside a grid the way a person would.

Agency sheets have title rows above the header, two-row merged headers, a row of column
numbers "(1) (2) (3)", footnotes ("Sumber: …", "*) angka sementara"), empty rows and
columns, and a total row ("Jumlah"). This module finds the header, flattens it into column
titles ("Jumlah Siswa / Laki-laki") and names (jumlah_siswa_laki_laki), and says which
rows are data and which were set aside, and why; nothing is dropped without a record.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from satudata.ingest.grid import Cell, Grid

_NUMERIC = re.compile(r"^[-+]?[\d.,]+%?$|^-$")
_NUMBERING = re.compile(r"^\(?(\d{1,3})\)?$")
_FOOTNOTE = re.compile(
    r"^(sumber|source|catatan|keterangan|ket\s*[:.]|note|\*|\d\)|a\)|[¹²³])", re.I
)
_TOTAL = re.compile(
    r"^(jumlah|total|jumlah total|grand total|total keseluruhan|jumlah/total|jumlah keseluruhan)"
    r"\s*[:.]?$",
    re.I,
)
MAX_HEADER_ROWS = 3


@dataclass(frozen=True)
class ColumnSpec:
    """A column of the found table: machine name, title as written, index in the grid."""

    name: str
    title: str
    index: int


@dataclass
class Layout:
    """Where the table is: its columns, header rows, data rows and rows set aside."""

    columns: list[ColumnSpec]
    header_rows: list[int]
    data_rows: list[int] = field(default_factory=list)  # indexes into grid.rows
    set_aside: list[dict[str, Any]] = field(default_factory=list)


def field_name(title: str, index: int) -> str:
    """Turn a column title into a lower_snake_case ASCII name."""
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    text = re.sub(r"[^0-9a-zA-Z]+", "_", text).strip("_").lower()
    if not text:
        return f"kolom_{index + 1}"
    return f"k_{text}" if text[0].isdigit() else text


def _filled(row: list[Cell]) -> int:
    return sum(1 for c in row if c is not None and c.strip())


def _is_text(cell: Cell) -> bool:
    return cell is not None and bool(cell.strip()) and not _NUMERIC.match(cell.strip())


def _is_numbering(row: list[Cell]) -> bool:
    values = [c.strip() for c in row if c is not None and c.strip()]
    if len(values) < 2:
        return False
    numbers = [_NUMBERING.match(v) for v in values]
    if not all(numbers):
        return False
    ints = [int(m.group(1)) for m in numbers if m]
    consecutive = ints == list(range(ints[0], ints[0] + len(ints)))
    bracketed = all(v.startswith("(") for v in values)
    return consecutive and (bracketed or (ints[0] == 1 and len(ints) >= 3))


def _is_continuation(upper: list[Cell], lower: list[Cell]) -> bool:
    """Is `lower` a second header row under `upper` (sub-titles under a merged cell)?"""
    texts = [c for c in lower if c is not None and c.strip()]
    if not texts or _is_numbering(lower) or not all(_is_text(c) for c in texts):
        return False
    width = max(len(upper), len(lower))
    up = upper + [None] * (width - len(upper))
    lo = lower + [None] * (width - len(lower))
    return any(
        (up[i] is None or not up[i].strip()) and lo[i] is not None and lo[i].strip()  # type: ignore[union-attr]
        for i in range(width)
    )


def _flatten(header: list[list[Cell]], width: int) -> list[str]:
    rows = [r + [None] * (width - len(r)) for r in header]
    for depth in range(len(rows) - 1):
        current = None
        for i in range(width):
            cell = rows[depth][i]
            if cell is not None and cell.strip():
                current = cell
            elif current is not None and any(
                rows[d][i] is not None for d in range(depth + 1, len(rows))
            ):
                rows[depth][i] = current  # under a merged parent cell
            else:
                current = None
    titles = []
    for i in range(width):
        parts: list[str] = []
        for row in rows:
            cell = row[i]
            text = " ".join(cell.split()) if cell else ""
            if text and text not in parts:
                parts.append(text)
        titles.append(" / ".join(parts))
    return titles


def find_header(grid: Grid) -> tuple[int, int]:
    """Return (index of the first header row, number of header rows)."""
    rows = grid.rows
    widths = [_filled(r) for r in rows]
    width = max(widths, default=0)
    need = max(2, math.ceil(0.4 * width))
    start = next((i for i, w in enumerate(widths) if w >= need), None)
    if start is None:
        return -1, 0
    count = 1
    while count < MAX_HEADER_ROWS and start + count < len(rows):
        if not _is_continuation(rows[start + count - 1], rows[start + count]):
            break
        count += 1
    return start, count


def _unique_names(titles: list[str], indexes: list[int]) -> list[str]:
    taken: set[str] = set()
    names = []
    for title, index in zip(titles, indexes, strict=True):
        base = name = field_name(title, index)
        suffix = 1
        while name in taken:  # "Jumlah 2" may already hold the name a second "Jumlah" gets
            suffix += 1
            name = f"{base}_{suffix}"
        taken.add(name)
        names.append(name)
    return names


def find_layout(grid: Grid) -> Layout:
    """Find the header, the data rows and the rows set aside in a grid."""
    rows = grid.rows
    start, count = find_header(grid)
    if start < 0:
        return Layout(columns=[], header_rows=[])
    width = grid.width
    titles = _flatten(rows[start : start + count], width)
    set_aside: list[dict[str, Any]] = []
    for i in range(start):
        if _filled(rows[i]):
            set_aside.append(_aside(grid, i, "title"))
    body = list(range(start + count, len(rows)))
    if body and _is_numbering(rows[body[0]]):
        set_aside.append(_aside(grid, body[0], "numbering"))
        body = body[1:]
    used = [
        i for i in range(width) if titles[i] or any(_cell(rows[r], i) is not None for r in body)
    ]
    columns = [
        ColumnSpec(name=name, title=titles[i] or f"Kolom {i + 1}", index=i)
        for name, i in zip(_unique_names(titles_or_default(titles, used), used), used, strict=True)
    ]
    last_data = max((r for r in body if _filled(rows[r]) >= 2), default=-1)
    data_rows = []
    for r in body:
        filled = _filled(rows[r])
        first = next((c.strip() for c in rows[r] if c is not None and c.strip()), "")
        if filled == 0:
            set_aside.append(_aside(grid, r, "empty"))
        elif r > last_data or (filled == 1 and _FOOTNOTE.match(first)):
            set_aside.append(_aside(grid, r, "footnote"))
        elif is_total_row(rows[r]):
            set_aside.append(_aside(grid, r, "total"))
        else:
            data_rows.append(r)
    return Layout(
        columns=columns,
        header_rows=list(range(start, start + count)),
        data_rows=data_rows,
        set_aside=sorted(set_aside, key=lambda a: a["row"]),
    )


def titles_or_default(titles: list[str], used: list[int]) -> list[str]:
    """Return the titles of the used columns, naming untitled ones by position."""
    return [titles[i] or f"kolom_{i + 1}" for i in used]


def _cell(row: list[Cell], i: int) -> Cell:
    if i >= len(row):
        return None
    value = row[i]
    return value if value is not None and value.strip() else None


def is_total_row(row: list[Cell]) -> bool:
    """Is the first text among the row's first cells a total label ("Jumlah", "Total")?"""
    labels = [c.strip() for c in row[:4] if c is not None and c.strip() and _is_text(c)]
    return bool(labels) and is_total_label(labels[0])


def is_total_label(text: str) -> bool:
    """Is this the label of a total row?"""
    return bool(_TOTAL.match(text.strip()))


def _aside(grid: Grid, index: int, reason: str) -> dict[str, Any]:
    text = " | ".join(c.strip() for c in grid.rows[index] if c is not None and c.strip())
    return {"row": grid.row_number(index), "reason": reason, "text": text[:200]}
