"""The read-only query engine: DuckDB over a version's Parquet file.

Rows with filters, sort, paging and an exact total; aggregates grouped by any column.
Every value from a request reaches DuckDB as a bound parameter, and every column name is
checked against the version's schema first.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from satudata.errors import InvalidInputError
from satudata.lake.engine import connect
from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

OPS = {"eq": "=", "ne": "<>", "gt": ">", "gte": ">=", "lt": "<", "lte": "<="}
ALL_OPS = (*OPS, "in", "contains", "between", "null", "notnull")
AGGREGATES = ("count", "sum", "avg", "min", "max")
_WHERE_RE = re.compile(r"^\s*([A-Za-z_][\w]*)\s*(!=|>=|<=|=|>|<|~| in )\s*(.*?)\s*$", re.I)
_CLI_OPS = {"=": "eq", "!=": "ne", ">": "gt", ">=": "gte", "<": "lt", "<=": "lte", "~": "contains",
            " in ": "in"}  # fmt: skip


@dataclass(frozen=True)
class Filter:
    """One condition on a column: `op` is one of ALL_OPS; `value` is text as given."""

    field: str
    op: str
    value: str = ""


@dataclass
class RowsQuery:
    """A page of rows: filters, sort (`-name` for descending), limit and offset."""

    filters: list[Filter] = field(default_factory=list)
    sort: list[str] = field(default_factory=list)
    limit: int = 100
    offset: int = 0
    columns: list[str] | None = None


@dataclass
class RowsPage:
    """Rows of one page and the exact number of rows matching the filters."""

    columns: list[str]
    rows: list[dict[str, Any]]
    total: int


def parse_where(text: str) -> Filter:
    """Read a CLI condition such as `tahun>=2020`, `kode_wilayah=35.07`, `nama~malang`."""
    match = _WHERE_RE.match(text)
    if not match:
        raise InvalidInputError(
            f"Syarat '{text}' tidak dikenali. Contoh: tahun>=2020, kode_wilayah=35.07.",
            f"Condition '{text}' not understood. Example: tahun>=2020, kode_wilayah=35.07.",
            type="invalid-filter",
        )
    name, op, value = match.groups()
    return Filter(name, _CLI_OPS[op.lower()], value)


def parse_param(key: str, value: str) -> Filter:
    """Read an API filter parameter: `tahun=2020`, `tahun__gte=2020`, `kode__in=35.07,35.73`."""
    name, _, op = key.partition("__")
    return Filter(name, op or "eq", value)


def _unknown_column(name: str, schema: TableSchema) -> InvalidInputError:
    return InvalidInputError(
        f"Kolom '{name}' tidak ada. Kolom yang ada: {', '.join(schema.field_names)}.",
        f"Unknown column '{name}'. Columns: {', '.join(schema.field_names)}.",
        type="unknown-column",
        details={"column": name, "columns": schema.field_names},
    )


def _check_column(name: str, schema: TableSchema) -> str:
    if name not in schema.field_names:
        raise _unknown_column(name, schema)
    return quote_ident(name)


_CHECKS: dict[str, tuple[Any, str, str]] = {
    "BIGINT": (int, "bilangan bulat", "an integer"),
    "INTEGER": (int, "bilangan bulat (tahun)", "an integer"),
    "DOUBLE": (float, "angka (pakai titik desimal, mis. 12.5)", "a number"),
    "DATE": (date.fromisoformat, "tanggal TTTT-BB-HH", "a date YYYY-MM-DD"),
    "TIMESTAMP": (datetime.fromisoformat, "waktu ISO", "an ISO timestamp"),
}


def _checked(value: str, field: str, storage: str) -> str:
    """Refuse a filter value that cannot be compared with the column's type."""
    check = _CHECKS.get(storage)
    if check is None:
        return value
    convert, kind_id, kind_en = check
    try:
        convert(value)
    except ValueError:
        raise InvalidInputError(
            f"Nilai saringan '{value}' untuk kolom '{field}' harus {kind_id}.",
            f"Filter value '{value}' for column '{field}' must be {kind_en}.",
            type="invalid-filter-value",
            details={"column": field, "value": value},
        ) from None
    return value


def where_clause(filters: list[Filter], schema: TableSchema) -> tuple[str, list[Any]]:
    """Build a parameterised WHERE clause from filters."""
    clauses: list[str] = []
    params: list[Any] = []
    for f in filters:
        col = _check_column(f.field, schema)
        storage = schema.field(f.field).storage_type
        if f.op in OPS:
            clauses.append(f"{col} {OPS[f.op]} TRY_CAST(? AS {storage})")
            params.append(_checked(f.value.strip(), f.field, storage))
        elif f.op == "in":
            values = [
                _checked(v.strip(), f.field, storage) for v in f.value.split(",") if v.strip()
            ]
            marks = ", ".join(f"TRY_CAST(? AS {storage})" for _ in values) or "NULL"
            clauses.append(f"{col} IN ({marks})")
            params += values
        elif f.op == "between":
            lo, _, hi = f.value.partition(",")
            clauses.append(f"{col} BETWEEN TRY_CAST(? AS {storage}) AND TRY_CAST(? AS {storage})")
            params += [
                _checked(lo.strip(), f.field, storage),
                _checked(hi.strip(), f.field, storage),
            ]
        elif f.op == "contains":
            # DuckDB's LIKE has no default escape character: name one, or `50%` matches nothing.
            clauses.append(f"CAST({col} AS VARCHAR) ILIKE ? ESCAPE '\\'")
            escaped = f.value.replace("\\", "\\\\").replace("%", r"\%").replace("_", r"\_")
            params.append("%" + escaped + "%")
        elif f.op == "null":
            clauses.append(f"{col} IS NULL")
        elif f.op == "notnull":
            clauses.append(f"{col} IS NOT NULL")
        else:
            raise InvalidInputError(
                f"Operator '{f.op}' tidak dikenal. Pilihan: {', '.join(ALL_OPS)}.",
                f"Unknown operator '{f.op}'. Choose one of: {', '.join(ALL_OPS)}.",
                type="invalid-filter",
            )
    return (" WHERE " + " AND ".join(clauses)) if clauses else "", params


def _plain(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


class QueryEngine:
    """One DuckDB per process; each query runs on its own cursor."""

    def __init__(self, *, memory_limit: str = "1GB", threads: int = 2) -> None:
        self._con = connect(memory_limit=memory_limit, threads=threads)
        self._totals: OrderedDict[tuple[str, str, tuple[Any, ...]], int] = OrderedDict()
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Return a cursor safe to use from the calling thread."""
        return self._con.cursor()

    def _total(
        self, src: str, where: str, params: list[Any], cur: duckdb.DuckDBPyConnection
    ) -> int:
        key = (src, where, tuple(params))
        with self._lock:
            if key in self._totals:
                self._totals.move_to_end(key)
                return self._totals[key]
        row = cur.execute(f"SELECT count(*) FROM {src}{where}", params).fetchone()
        total = int(row[0]) if row else 0
        with self._lock:
            self._totals[key] = total
            while len(self._totals) > 4096:
                self._totals.popitem(last=False)
        return total

    def rows(self, parquet: Path, schema: TableSchema, query: RowsQuery,
             *, row_count: int | None = None) -> RowsPage:  # fmt: skip
        """Return one page of rows and the exact total matching the filters."""
        src = f"read_parquet({sql_str(parquet.as_posix())})"
        where, params = where_clause(query.filters, schema)
        names = query.columns or schema.field_names
        select = ", ".join(_check_column(n, schema) for n in names)
        order = []
        for key in query.sort:
            desc = key.startswith("-")
            order.append(_check_column(key.lstrip("-+"), schema) + (" DESC" if desc else ""))
        order_sql = (" ORDER BY " + ", ".join(order)) if order else ""
        cur = self.cursor()
        try:
            result = cur.execute(
                f"SELECT {select} FROM {src}{where}{order_sql} LIMIT ? OFFSET ?",
                [*params, query.limit, query.offset],
            )
            rows = [dict(zip(names, map(_plain, r), strict=True)) for r in result.fetchall()]
            if not where and row_count is not None:
                total = row_count  # kept in the catalog: no scan
            elif len(rows) < query.limit and (rows or query.offset == 0):
                total = query.offset + len(rows)
            else:
                total = self._total(src, where, params, cur)
        finally:
            cur.close()
        return RowsPage(columns=names, rows=rows, total=total)

    def aggregate(self, parquet: Path, schema: TableSchema, *, group_by: list[str],
                  measures: list[tuple[str, str]], filters: list[Filter],
                  limit: int = 10_000) -> RowsPage:  # fmt: skip
        """Group rows by columns and compute (function, column) measures."""
        src = f"read_parquet({sql_str(parquet.as_posix())})"
        where, params = where_clause(filters, schema)
        groups = [_check_column(g, schema) for g in group_by]
        parts, names = list(groups), list(group_by)
        for func, column in measures or [("count", "*")]:
            if func not in AGGREGATES:
                raise InvalidInputError(
                    f"Fungsi agregat '{func}' tidak dikenal. Pilihan: {', '.join(AGGREGATES)}.",
                    f"Unknown aggregate '{func}'. Choose one of: {', '.join(AGGREGATES)}.",
                    type="invalid-aggregate",
                )
            target = "*" if column == "*" else _check_column(column, schema)
            numeric = column != "*" and schema.field(column).type in ("integer", "number")
            if func in ("sum", "avg") and not numeric:
                raise InvalidInputError(
                    f"'{func}' hanya untuk kolom angka; '{column}' bukan angka.",
                    f"'{func}' needs a numeric column; '{column}' is not numeric.",
                    type="invalid-aggregate",
                )
            parts.append(f"{func}({target})")
            names.append(f"{func}_{'rows' if column == '*' else column}")
        group_sql = (
            (" GROUP BY " + ", ".join(groups) + " ORDER BY " + ", ".join(groups)) if groups else ""
        )
        cur = self.cursor()
        try:
            result = cur.execute(
                f"SELECT {', '.join(parts)} FROM {src}{where}{group_sql} LIMIT {int(limit)}", params
            ).fetchall()
        finally:
            cur.close()
        rows = [dict(zip(names, map(_plain, r), strict=True)) for r in result]
        return RowsPage(columns=names, rows=rows, total=len(rows))
