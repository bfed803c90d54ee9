"""Workbooks (XLSX, XLS, ODS) through python-calamine."""

from __future__ import annotations

from pathlib import Path

from python_calamine import CalamineWorkbook

from satudata.errors import IngestError
from satudata.ingest.grid import Grid, cell_text


def list_sheets(path: Path) -> list[str]:
    """Return the names of the workbook's sheets, in order."""
    return list(_open(path, path.name).sheet_names)


def _damaged(filename: str, exc: Exception) -> IngestError:
    return IngestError(
        f"Buku kerja '{filename}' rusak atau tidak dapat dibuka: {exc}.",
        f"The workbook '{filename}' is damaged or cannot be opened: {exc}.",
        type="unreadable-workbook",
    )


def _open(path: Path, filename: str) -> CalamineWorkbook:
    try:
        return CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for a damaged workbook
        raise _damaged(filename, exc) from exc


def read_workbook_grid(path: Path, filename: str, sheet: str | None = None) -> Grid:
    """Read one sheet (the named one, else the first holding a table) into a Grid."""
    book = _open(path, filename)
    names = list(book.sheet_names)
    if sheet is not None and sheet not in names:
        raise IngestError(
            f"Lembar '{sheet}' tidak ada di '{filename}'. Lembar yang ada: {', '.join(names)}.",
            f"Sheet '{sheet}' is not in '{filename}'. Sheets: {', '.join(names)}.",
            type="sheet-not-found",
            details={"sheets": names},
        )
    candidates = [sheet] if sheet else names
    for name in candidates:
        try:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception as exc:  # a sheet's XML is damaged or missing
            raise _damaged(filename, exc) from exc
        grid_rows = [[cell_text(v) for v in row] for row in rows]
        if sum(1 for r in grid_rows if sum(c is not None for c in r) >= 2) >= 2:
            notes = []
            if sheet is None and len(names) > 1:
                notes.append({"type": "sheet-chosen", "sheet": name, "sheets": names})
            return Grid(rows=grid_rows, sheet=name, notes=notes)
    raise IngestError(
        f"Buku kerja '{filename}' tidak memuat lembar berisi tabel data"
        + (f" (lembar '{sheet}' kosong)." if sheet else "."),
        f"The workbook '{filename}' has no sheet holding a data table"
        + (f" (sheet '{sheet}' is empty)." if sheet else "."),
        type="no-data-sheet",
        details={"sheets": names},
    )
