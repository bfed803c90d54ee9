"""The "Ringkasan" sheet of an annotated workbook: totals, counts, and every finding.

Written with `append` and cells made by `WriteOnlyCell`, so the same code fills a sheet of
a loaded workbook and one of a write-only (streamed) workbook.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink

from satudata.ingest.cell_marks import FILLS, Entry, Marks, listed, sheet_text
from satudata.validate import available_checks

TITLE = "Ringkasan"
# Findings list: Aturan | Tingkat | Baris | Sel | Kolom | Nilai | Masalah | Saran. The count
# tables above it share the columns: name in A, errors in B, warnings in C, label in D.
HEADER = ["Aturan", "Tingkat", "Baris", "Sel", "Kolom", "Nilai", "Masalah", "Saran"]
WIDTHS = [26, 12, 11, 14, 26, 20, 80, 32]
FREEZE_UP_TO = 25  # freeze above the list only when the rows above it fit on a screen
SEVERITY = {"error": "galat", "warning": "peringatan"}
_BOLD = Font(bold=True)
_HEAD_FONT = Font(bold=True, color="FFFFFF")
_HEAD_FILL = PatternFill(fill_type="solid", fgColor="1F4E78", bgColor="1F4E78")
_LINK_FONT = Font(color="0563C1", underline="single")
_WRAP = Alignment(wrap_text=True, vertical="top")
_TOP = Alignment(vertical="top")

# Where a finding's cell is in this workbook: (row, 0-based column) → (shown, location).
Locate = Callable[[int, int], tuple[str, str]]


@dataclass
class SummaryInput:
    """What the summary says besides the report: the file, its sheet, where cells are."""

    filename: str
    data_sheet: str | None
    marks: Marks
    locate: Locate
    titles: dict[str, str] = field(default_factory=dict)  # field name → column title
    problem: str | None = None  # why the file itself could not be shown, if it could not


class _Writer:
    """Rows built in memory first, so the list's header row is known before the sheet is
    written (a streamed sheet takes its frozen panes before its first row)."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.rows: list[list[Any]] = []

    @property
    def row(self) -> int:
        return len(self.rows)

    def cell(self, value: Any, col: int, *, font: Font | None = None,
             fill: PatternFill | None = None, wrap: bool = False) -> Cell:  # fmt: skip
        cell = WriteOnlyCell(self.ws, sheet_text(value) if isinstance(value, str) else value)
        cell.row, cell.column = self.row + 1, col  # a hyperlink takes its ref from these
        if isinstance(value, str):
            cell.data_type = "s"  # "=…" stays text
        if font is not None:
            cell.font = font
        if fill is not None:
            cell.fill = fill
        cell.alignment = _WRAP if wrap else _TOP
        return cell

    def append(self, cells: list[Any]) -> int:
        self.rows.append(cells)
        return self.row

    def line(self, *values: Any, font: Font | None = None) -> int:
        return self.append([self.cell(v, i, font=font) if v is not None else None
                            for i, v in enumerate(values, 1)])  # fmt: skip

    def header(self, names: list[str]) -> int:
        return self.append([self.cell(n, i, font=_HEAD_FONT, fill=_HEAD_FILL)
                            for i, n in enumerate(names, 1)])  # fmt: skip


def write_summary(ws: Any, report: dict[str, Any], info: SummaryInput) -> None:
    """Fill `ws` (empty, normal or write-only) with the summary of `report`."""
    entries = listed(report)
    titles = {str(e["field"]): str(e["column"]) for e in entries
              if e.get("field") and e.get("column")} | info.titles  # fmt: skip
    checks = _checks()
    out = _Writer(ws)
    _facts(out, report, info, len(entries))
    _counts(out, "Menurut aturan", ["Aturan", "Galat", "Peringatan", "Keterangan"],
            [(t, n, getattr(checks.get(t), "title", ""))
             for t, n in (report.get("by_type") or {}).items()])  # fmt: skip
    _counts(out, "Menurut kolom", ["Kolom", "Galat", "Peringatan", "Nama kolom data"],
            [(titles.get(f, f), n, f) for f, n in (report.get("by_column") or {}).items()])  # fmt: skip
    if info.marks.table:
        out.line("Temuan untuk seluruh tabel (tidak ditandai di sel)", font=_BOLD)
        out.header(HEADER)
        for entry in info.marks.table:
            out.append(_finding_cells(out, entry, info, titles))
        out.line()
    out.line("Daftar temuan", font=_BOLD)
    first = out.header(HEADER)
    ordered = sorted(entries, key=lambda e: (isinstance(e.get("row"), int), e.get("row") or 0,
                                             e.get("severity") != "error"))  # fmt: skip
    for entry in ordered:
        out.append(_finding_cells(out, entry, info, titles))
    for i, width in enumerate(WIDTHS, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    if first < FREEZE_UP_TO:
        ws.freeze_panes = f"A{first + 1}"
    for row in out.rows:
        ws.append(row)
    ws.auto_filter.ref = f"A{first}:{get_column_letter(len(HEADER))}{max(first, out.row)}"


def _facts(out: _Writer, report: dict[str, Any], info: SummaryInput, shown: int) -> None:
    errors, warnings = int(report.get("error_count") or 0), int(report.get("warning_count") or 0)
    out.line("Hasil pemeriksaan data — Satu Data Jawa Timur", font=Font(bold=True, size=14))
    out.line("Berkas", info.filename)
    out.line("Lembar data", info.data_sheet or "—")
    out.line("Galat", errors)
    out.line("Peringatan", warnings)
    if errors:
        verdict = "Perlu diperbaiki: sel berwarna merah menunjukkan galat, kuning peringatan."
    elif warnings:
        verdict = "Tidak ada galat; periksa sel berwarna kuning (peringatan)."
    else:
        verdict = "Tidak ada galat maupun peringatan."
    out.line("Hasil", verdict)
    if report.get("truncated"):
        out.line("Catatan", f"Daftar dibatasi; total sebenarnya {_id(errors)} galat dan "
                 f"{_id(warnings)} peringatan, yang tercantum {_id(shown)} temuan.")  # fmt: skip
    proposal = report.get("proposal")
    if proposal:
        out.line("Usulan skema", _proposal_text(proposal))
    if info.problem:
        out.line("Berkas", info.problem)
    out.line()


def _id(n: int) -> str:
    """Return a count as Indonesians write it: 1.500."""
    return f"{n:,}".replace(",", ".")


def _proposal_text(proposal: dict[str, Any]) -> str:
    parts = []
    if proposal.get("added"):
        parts.append("kolom baru: " + ", ".join(proposal["added"]))
    if proposal.get("removed"):
        parts.append("kolom hilang: " + ", ".join(proposal["removed"]))
    if proposal.get("renamed"):
        parts.append("berganti nama: " + ", ".join(f"{a} → {b}"
                                                   for a, b in proposal["renamed"].items()))  # fmt: skip
    return "; ".join(parts) or "perubahan tipe kolom"


def _counts(out: _Writer, title: str, header: list[str],
            rows: list[tuple[str, dict[str, int], str]]) -> None:  # fmt: skip
    out.line(title, font=_BOLD)
    out.header(header)
    for name, n, label in rows:
        out.line(name, int(n.get("errors", 0)), int(n.get("warnings", 0)), label)
    out.line()


def _checks() -> dict[str, Any]:
    try:
        return available_checks()
    except TypeError:  # a broken plugin must not stop the download
        return {}


def _finding_cells(out: _Writer, entry: Entry, info: SummaryInput,
                   titles: dict[str, str]) -> list[Any]:  # fmt: skip
    severity = str(entry.get("severity") or "error")
    fill = FILLS.get(severity)
    row = entry.get("row")
    anchor = info.marks.anchor(entry)
    shown, location = info.locate(*anchor) if anchor else ("", "")
    shown = str(entry.get("cell") or shown)
    column = entry.get("column") or titles.get(str(entry.get("field")), "")
    value = entry.get("value")
    cells = [
        out.cell(str(entry.get("type") or ""), 1),
        out.cell(SEVERITY.get(severity, severity), 2, fill=fill),
        out.cell(row if isinstance(row, int) else None, 3),
        out.cell(shown, 4, font=_LINK_FONT if location else None),
        out.cell(str(column or ""), 5, wrap=True),
        out.cell("" if value is None else str(value), 6, wrap=True),
        out.cell(str(entry.get("message") or ""), 7, wrap=True),
        out.cell(str(entry.get("suggestion") or ""), 8, wrap=True),
    ]
    if location:
        cells[3].hyperlink = Hyperlink(ref=cells[3].coordinate, location=location,
                                       tooltip="Buka sel ini")  # fmt: skip
    return cells
