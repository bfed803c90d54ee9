"""Map the row keys of the typed table back to rows and cells of the original file."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from satudata.ingest.source import ROW, RawSource
from satudata.tableschema.parsing import quote_ident


def column_letter(index: int) -> str:
    """Return the spreadsheet letter of a 0-based column index (0 → A, 27 → AB)."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class SourceLocator:
    """Row numbers as the operator sees them: the sheet row, or the line of a CSV.

    The typed table keeps the order of the source's kept rows. A workbook or small CSV
    carries each row's number; a streamed CSV's rows follow its header line by line.
    `position` maps the table's `_ord` to the position when `_ord` is only an order key
    (see `ingest.refused.Merged`).
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, source: RawSource, *,
                 position: Callable[[int], int] | None = None) -> None:  # fmt: skip
        self.con = con
        self.source = source
        self.letters = {c.name: column_letter(c.index) for c in source.columns}
        self.position = position

    def rows(self, ordinals: list[int]) -> dict[int, int]:
        """Return the source row of each `_ord` (a row key; see `validate.context.TABLE`)."""
        if not ordinals:
            return {}
        if self.position is not None:
            at = {o: self.position(o) for o in ordinals}
            found = self._rows(sorted(set(at.values())))
            return {o: found[p] for o, p in at.items() if p in found}
        return self._rows(ordinals)

    def _rows(self, ordinals: list[int]) -> dict[int, int]:
        if not self.source.has_row_numbers:
            return {o: o + 1 + self.source.row_offset for o in ordinals}
        wanted = ", ".join(str(int(o)) for o in ordinals)
        found = self.con.execute(
            f"SELECT _ord, {quote_ident(ROW)} FROM (SELECT row_number() OVER () - 1 AS _ord, "
            f"{quote_ident(ROW)} FROM {self.source.from_sql} WHERE {self.source.where_sql}) "
            f"WHERE _ord IN ({wanted})"
        ).fetchall()
        return {int(o): int(r) for o, r in found}

    def cell(self, field_name: str, row: int) -> str | None:
        """Return "Sheet!C17" for a workbook cell; None for a CSV (no sheet)."""
        letter = self.letters.get(field_name)
        if not self.source.sheet or letter is None:
            return None
        return f"{self.source.sheet}!{letter}{row}"
