"""Per-version column statistics, computed once when a version is written.

Kept in the catalog so that common totals (row count, sums, years and regions covered)
need no scan of the data.
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

_NUMERIC = {"integer", "number", "year"}
_ORDERED = _NUMERIC | {"date", "datetime", "yearmonth"}
MAX_DIMENSION_VALUES = 2000


def _plain(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value


def column_stats(
    con: duckdb.DuckDBPyConnection, parquet: Path, schema: TableSchema
) -> dict[str, dict[str, Any]]:
    """Return {field: {count, nulls, distinct, min, max, sum, mean, values?}} for a version."""
    src = f"read_parquet({sql_str(parquet.as_posix())})"
    parts = ["count(*)"]
    for f in schema.fields:
        c = quote_ident(f.name)
        parts += [f"count({c})", f"approx_count_distinct({c})"]
        if f.type in _ORDERED:
            parts += [f"min({c})", f"max({c})"]
        if f.type in ("integer", "number"):
            parts += [f"sum({c})", f"avg({c})"]
    row = con.execute(f"SELECT {', '.join(parts)} FROM {src}").fetchone()
    assert row is not None
    values = iter(row)
    total = int(next(values))
    stats: dict[str, dict[str, Any]] = {}
    for f in schema.fields:
        s: dict[str, Any] = {"count": int(next(values))}
        s["nulls"] = total - s["count"]
        s["distinct"] = int(next(values))
        if f.type in _ORDERED:
            s["min"], s["max"] = _plain(next(values)), _plain(next(values))
        if f.type in ("integer", "number"):
            s["sum"], s["mean"] = next(values), next(values)
        if f.dimension and s["distinct"] <= MAX_DIMENSION_VALUES:
            c = quote_ident(f.name)
            s["values"] = [
                _plain(v)
                for (v,) in con.execute(
                    f"SELECT DISTINCT {c} FROM {src} WHERE {c} IS NOT NULL ORDER BY 1"
                ).fetchall()
            ]
        stats[f.name] = s
    return stats


def years_covered(schema: TableSchema, stats: dict[str, dict[str, Any]]) -> list[int]:
    """Return the years present in the version's period dimension."""
    period = schema.dimension("period")
    if period is None:
        return []
    values = stats.get(period.name, {}).get("values")
    if values is None:
        lo, hi = stats[period.name].get("min"), stats[period.name].get("max")
        values = [lo, hi] if lo is not None else []
    years: set[int] = set()
    for v in values:
        text = str(v)
        if text[:4].isdigit() and 1900 <= int(text[:4]) <= 2100:
            years.add(int(text[:4]))
    return sorted(years)
