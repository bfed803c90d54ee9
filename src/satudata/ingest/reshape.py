"""Wide tables with one column per year, offered (and applied on request) as long form."""

from __future__ import annotations

import re
from typing import Any

from satudata.ingest.layout import ColumnSpec
from satudata.ingest.source import ROW, RawSource
from satudata.tableschema.parsing import quote_ident, sql_str

_YEAR = re.compile(r"^(?:tahun\s*)?((?:19|20)\d{2})$", re.I)


def year_columns(columns: list[ColumnSpec]) -> list[ColumnSpec]:
    """Return the columns whose title is a year (2019, "Tahun 2020")."""
    return [c for c in columns if _YEAR.match(c.title.split(" / ")[-1].strip())]


def wide_table_note(source: RawSource) -> dict[str, Any] | None:
    """Describe the long-form reshape when the table has two or more year columns."""
    years = year_columns(source.columns)
    if len(years) < 2:
        return None
    return {
        "type": "wide-table",
        "message": f"Tabel ini berbentuk lebar: {len(years)} kolom tahun "
        f"({years[0].title}…{years[-1].title}). Unggah dengan opsi 'reshape=long' "
        "untuk mengubahnya menjadi kolom wilayah, tahun, nilai.",
        "message_en": f"This is a wide table with {len(years)} year columns; upload with "
        "reshape=long to turn it into region, year, value columns.",
        "id_columns": [c.name for c in source.columns if c not in years],
        "year_columns": [c.name for c in years],
    }


def reshape_long(source: RawSource) -> RawSource:
    """Turn year columns into rows of (tahun, nilai); keep the other columns as they are."""
    years = year_columns(source.columns)
    if len(years) < 2:
        return source
    ids = [c for c in source.columns if c not in years]
    keep = [quote_ident(c.name) for c in ids]
    if source.has_row_numbers:
        keep.append(quote_ident(ROW))
    unions = " UNION ALL ".join(
        f"SELECT {', '.join(keep)}, "
        f"{sql_str(_YEAR.match(c.title.split(' / ')[-1].strip()).group(1))} AS tahun, "  # type: ignore[union-attr]
        f"{quote_ident(c.name)} AS nilai FROM {source.from_sql} WHERE {source.where_sql}"
        for c in years
    )
    width = max(c.index for c in source.columns) + 1
    columns = [*ids, ColumnSpec("tahun", "Tahun", width), ColumnSpec("nilai", "Nilai", width + 1)]
    return RawSource(
        kind=source.kind,
        columns=columns,
        from_sql=f"({unions})",
        has_row_numbers=source.has_row_numbers,
        row_offset=source.row_offset,
        sheet=source.sheet,
        set_aside=source.set_aside,
        notes=[*source.notes, {"type": "reshaped-long", "year_columns": [c.name for c in years]}],
        cleanup=source.cleanup,
    )
