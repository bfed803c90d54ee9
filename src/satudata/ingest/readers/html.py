"""An HTML table, such as the "Excel" files the BPS website exports (HTML named .xls)."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from satudata.errors import IngestError
from satudata.ingest.grid import Cell, Grid

_MAX_COLSPAN = 1000  # as browsers do; a rowspan stops at the table's last row


def _span(td: lxml_html.HtmlElement, attribute: str, limit: int) -> int:
    """Read a colspan or rowspan as a browser does: "2.5" is 2, junk or "0" is 1."""
    match = re.match(r"\s*(\d+)", td.get(attribute) or "")
    return min(max(1, int(match.group(1))), limit) if match else 1


def _table_grid(table: lxml_html.HtmlElement) -> list[list[Cell]]:
    """Expand colspan/rowspan so merged header cells land where a spreadsheet shows them."""
    grid: dict[tuple[int, int], Cell] = {}
    rows = list(table.iter("tr"))
    for r, tr in enumerate(rows):
        c = 0
        for td in tr:
            if td.tag not in ("td", "th"):
                continue
            while (r, c) in grid:
                c += 1
            text = " ".join(td.text_content().split()) or None
            rowspan = _span(td, "rowspan", len(rows) - r)
            colspan = _span(td, "colspan", _MAX_COLSPAN)
            for dr in range(rowspan):
                for dc in range(colspan):
                    # Only the top-left cell of a merge holds the text, as in a workbook.
                    grid[(r + dr, c + dc)] = text if (dr, dc) == (0, 0) else None
            c += colspan
    if not grid:
        return []
    height = max(r for r, _ in grid) + 1
    width = max(c for _, c in grid) + 1
    return [[grid.get((r, c)) for c in range(width)] for r in range(height)]


def read_html_grid(path: Path, filename: str) -> Grid:
    """Read the largest table of an HTML file into a Grid."""
    raw = path.read_bytes()
    try:
        doc = lxml_html.fromstring(raw)
    except Exception as exc:  # lxml raises ParserError and ValueError
        raise IngestError(
            f"Berkas HTML '{filename}' tidak dapat dibaca: {exc}.",
            f"The HTML file '{filename}' could not be read: {exc}.",
            type="unreadable-html",
        ) from exc
    tables = [_table_grid(t) for t in doc.iter("table")]
    tables = [t for t in tables if t]
    if not tables:
        raise IngestError(
            f"Berkas '{filename}' tidak memuat tabel.",
            f"The file '{filename}' holds no table.",
            type="no-data-sheet",
        )
    return Grid(rows=max(tables, key=lambda t: len(t) * max(len(r) for r in t)))
