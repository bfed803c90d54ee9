"""The difference between two versions: rows added, removed and changed, schema, statistics.

Rows are matched on the dataset's key (`tableschema.keys.key_fields`: the primary key, or
region, period and the text columns) when that key is in both versions and unique in
each; otherwise whole rows are compared, which finds rows added and removed only.
Counting is done by DuckDB in one join or aggregate, so millions of rows stay within
the connection's memory limit; only the `limit` examples of each kind reach Python.

Shape:
    {"compared_by": "key" | "row", "key": [field, ...],
     "row_count": {"old": n, "new": n},
     "added":   {"count": n, "examples": [{"key": {...}, "values": {...}}, ...]},
     "removed": {"count": n, "examples": [{"key": {...}, "values": {...}}, ...]},
     "changed": {"count": n, "by_column": {field: n},
                 "examples": [{"key": {...}, "changes": [{"field", "old", "new"}]}]} | None,
     "schema":  {"added": [{"field", "title", "type"}], "removed": [...],
                 "type_changed": [{"field", "title", "old", "new"}],
                 "format_changed": [{"field", "title", "old", "new"}]},
     "stats":   [{"field", "title", "old": {count, nulls, min?, max?, sum?, mean?} | None,
                  "new": {...} | None}, ...]}
An added example holds the new row (its key, and its other columns under "values"), a
removed one the old row; compared by whole rows, "key" is empty and "values" holds the
shared columns, and "changed" is None.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb

from satudata.lake.stats import column_stats
from satudata.tableschema.keys import key_fields
from satudata.tableschema.model import Field, TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

STAT_KEYS = ("count", "nulls", "min", "max", "sum", "mean")
_NUMERIC = {"integer", "number", "year"}
_HIT = "__selisih_ada"  # TRUE on every row of a side: tells a missing row from NULL keys

Schema = TableSchema | dict[str, Any]


def diff_versions(
    con: duckdb.DuckDBPyConnection,
    new_path: Path,
    new_schema: Schema,
    old_path: Path,
    old_schema: Schema,
    *,
    limit: int = 200,
    new_stats: dict[str, dict[str, Any]] | None = None,
    old_stats: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """Compare a version's Parquet file with an older one (see the module docstring).

    `new_stats` and `old_stats` are the versions' stored `column_stats`; when absent
    they are computed from the files.
    """
    new, old = _as_schema(new_schema), _as_schema(old_schema)
    tag = uuid.uuid4().hex[:8]
    views = _View(f"selisih_baru_{tag}", new), _View(f"selisih_lama_{tag}", old)
    try:
        for view, path in zip(views, (new_path, old_path), strict=True):
            con.execute(f"CREATE TEMP VIEW {view.name} AS SELECT TRUE AS {_HIT}, * FROM "
                        f"read_parquet({sql_str(path.as_posix())})")  # fmt: skip
        n_view, o_view = views
        counts = {"new": _count(con, n_view.name), "old": _count(con, o_view.name)}
        key = _usable_key(con, n_view, o_view)
        rows = (
            _by_key(con, n_view, o_view, key, limit) if key else _by_row(con, n_view, o_view, limit)
        )
    finally:
        for view in views:
            con.execute(f"DROP VIEW IF EXISTS {view.name}")
    if new_stats is None:
        new_stats = column_stats(con, new_path, new)
    if old_stats is None:
        old_stats = column_stats(con, old_path, old)
    return {
        "compared_by": "key" if key else "row",
        "key": key,
        "row_count": counts,
        **rows,
        "schema": schema_changes(new, old),
        "stats": stats_side_by_side(new, old, new_stats, old_stats),
    }


def schema_changes(new: Schema, old: Schema) -> dict[str, list[dict[str, Any]]]:
    """Return the columns added, removed, retyped and with another code style, old → new."""
    new, old = _as_schema(new), _as_schema(old)
    before = {f.name: f for f in old.fields}
    after = {f.name: f for f in new.fields}
    shared = [(after[n], before[n]) for n in after if n in before]
    return {
        "added": [{"field": f.name, "title": f.title or f.name, "type": f.type}
                  for f in new.fields if f.name not in before],
        "removed": [{"field": f.name, "title": f.title or f.name, "type": f.type}
                    for f in old.fields if f.name not in after],
        "type_changed": [{"field": a.name, "title": a.title or a.name, "old": b.type,
                          "new": a.type} for a, b in shared if a.type != b.type],
        # 35.07 against 3507: the codes are stored as written, so they no longer join.
        "format_changed": [{"field": a.name, "title": a.title or a.name,
                            "old": b.region_code_style, "new": a.region_code_style}
                           for a, b in shared if a.region_code_style != b.region_code_style],
    }  # fmt: skip


def stats_side_by_side(
    new: Schema, old: Schema, new_stats: dict[str, Any], old_stats: dict[str, Any]
) -> list[dict[str, Any]]:
    """Return each column's count, nulls, min, max, sum and mean in both versions."""
    new, old = _as_schema(new), _as_schema(old)
    fields = [*new.fields, *(f for f in old.fields if f.name not in new.field_names)]

    def picked(stats: dict[str, Any], name: str) -> dict[str, Any] | None:
        if name not in stats:
            return None
        return {k: stats[name][k] for k in STAT_KEYS if k in stats[name]}

    return [{"field": f.name, "title": f.title or f.name, "old": picked(old_stats, f.name),
             "new": picked(new_stats, f.name)} for f in fields]  # fmt: skip


class _View:
    """One side of the comparison: a temporary view over a version and its schema."""

    def __init__(self, name: str, schema: TableSchema) -> None:
        self.name = name
        self.schema = schema
        self.fields = {f.name: f for f in schema.fields}


def _as_schema(schema: Schema) -> TableSchema:
    return schema if isinstance(schema, TableSchema) else TableSchema.from_descriptor(schema)


def _count(con: duckdb.DuckDBPyConnection, view: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {view}").fetchone()
    return int(row[0]) if row else 0


def _cast(a: Field, b: Field) -> str | None:
    """Return the type both sides of a column are compared as (None: as they are stored)."""
    if a.storage_type == b.storage_type:
        return None
    return "DOUBLE" if a.type in _NUMERIC and b.type in _NUMERIC else "VARCHAR"


def _expr(alias: str, name: str, cast: str | None) -> str:
    column = f"{alias}.{quote_ident(name)}"
    return f"CAST({column} AS {cast})" if cast else column


def _usable_key(con: duckdb.DuckDBPyConnection, new: _View, old: _View) -> list[str]:
    """Return the key fields present in both versions, if they identify a row in each."""
    tried: list[list[str]] = []
    for schema, other in ((new.schema, old.fields), (old.schema, new.fields)):
        names = [f.name for f in key_fields(schema) if f.name in other]
        if not names or names in tried:
            continue
        tried.append(names)
        if all(_unique(con, view.name, names) for view in (new, old)):
            return names
    return []


def _unique(con: duckdb.DuckDBPyConnection, view: str, names: list[str]) -> bool:
    columns = ", ".join(quote_ident(n) for n in names)
    row = con.execute(f"SELECT EXISTS (SELECT 1 FROM {view} GROUP BY {columns} "
                      "HAVING count(*) > 1)").fetchone()  # fmt: skip
    return not (row and row[0])


def _by_key(con: duckdb.DuckDBPyConnection, new: _View, old: _View, key: list[str],
            limit: int) -> dict[str, Any]:  # fmt: skip
    """Count and show rows added, removed and changed, matched on `key`."""
    casts = {n: _cast(new.fields[n], old.fields[n]) for n in new.fields if n in old.fields}
    values = [n for n in casts if n not in key]
    on = " AND ".join(f"{_expr('n', k, casts[k])} IS NOT DISTINCT FROM {_expr('o', k, casts[k])}"
                      for k in key)  # fmt: skip
    differs = {n: f"{_expr('n', n, casts[n])} IS DISTINCT FROM {_expr('o', n, casts[n])}"
               for n in values}  # fmt: skip
    changed = " OR ".join(f"({d})" for d in differs.values()) or "FALSE"
    both = f"n.{_HIT} AND o.{_HIT}"
    per_column = "".join(f", count(*) FILTER (WHERE {both} AND {d})" for d in differs.values())
    row = con.execute(
        f"SELECT count(*) FILTER (WHERE o.{_HIT} IS NULL), count(*) FILTER (WHERE n.{_HIT} IS NULL), "
        f"count(*) FILTER (WHERE {both} AND ({changed})){per_column} "
        f"FROM {new.name} n FULL JOIN {old.name} o ON {on}"
    ).fetchone()  # fmt: skip
    assert row is not None
    added, removed, n_changed, *by_column = (int(v) for v in row)
    keys = ", ".join(f"n.{quote_ident(k)}" for k in key)

    def one_side(side: _View, other: _View) -> list[dict[str, Any]]:
        alias, other_alias = ("n", "o") if side is new else ("o", "n")
        cols = ", ".join(f"{alias}.{quote_ident(n)}" for n in side.fields)
        order = ", ".join(f"{alias}.{quote_ident(k)}" for k in key)
        cur = con.execute(
            f"SELECT {cols} FROM {side.name} {alias} ANTI JOIN {other.name} {other_alias} "
            f"ON {on} ORDER BY {order} LIMIT {int(limit)}"
        )  # fmt: skip
        names = list(side.fields)
        return [_keyed(dict(zip(names, r, strict=True)), key) for r in cur.fetchall()]

    # Each changed column as (new value, old value, does it differ as DuckDB compares it).
    triples = "".join(f", n.{quote_ident(v)}, o.{quote_ident(v)}, {differs[v]}" for v in values)
    examples = []
    if n_changed:
        cur = con.execute(
            f"SELECT {keys}{triples} FROM {new.name} n JOIN {old.name} o "
            f"ON {on} WHERE {changed} ORDER BY {keys} LIMIT {int(limit)}"
        )  # fmt: skip
        for r in cur.fetchall():
            shown = {k: _plain(v) for k, v in zip(key, r[: len(key)], strict=True)}
            rest = r[len(key) :]
            changes = [{"field": v, "old": _plain(rest[3 * i + 1]), "new": _plain(rest[3 * i])}
                       for i, v in enumerate(values) if rest[3 * i + 2]]  # fmt: skip
            examples.append({"key": shown, "changes": changes})
    return {
        "added": {"count": added, "examples": one_side(new, old) if added else []},
        "removed": {"count": removed, "examples": one_side(old, new) if removed else []},
        "changed": {"count": n_changed, "examples": examples,
                    "by_column": {v: n for v, n in zip(values, by_column, strict=True) if n}},
    }  # fmt: skip


def _by_row(con: duckdb.DuckDBPyConnection, new: _View, old: _View,
            limit: int) -> dict[str, Any]:  # fmt: skip
    """Count and show whole rows added and removed (each row counted as often as it occurs)."""
    shared = [n for n in new.fields if n in old.fields]
    if not shared:  # nothing in common: every row is new, every old row gone
        return {
            "added": {"count": _count(con, new.name), "examples": _rows(con, new, limit)},
            "removed": {"count": _count(con, old.name), "examples": _rows(con, old, limit)},
            "changed": None,
        }
    casts = {n: _cast(new.fields[n], old.fields[n]) for n in shared}
    cols = ", ".join(quote_ident(n) for n in shared)

    def grouped(view: str, alias: str) -> str:
        exprs = ", ".join(f"{_expr(alias, n, casts[n])} AS {quote_ident(n)}" for n in shared)
        return f"SELECT {exprs}, count(*) AS {_HIT} FROM {view} {alias} GROUP BY ALL"

    on = " AND ".join(f"n.{quote_ident(c)} IS NOT DISTINCT FROM o.{quote_ident(c)}"
                      for c in shared)  # fmt: skip
    merged = ", ".join(f"coalesce(n.{quote_ident(c)}, o.{quote_ident(c)}) AS {quote_ident(c)}"
                       for c in shared)  # fmt: skip
    diff = (f"WITH n AS ({grouped(new.name, 'n')}), o AS ({grouped(old.name, 'o')}), "
            f"d AS (SELECT {merged}, coalesce(n.{_HIT}, 0) - coalesce(o.{_HIT}, 0) AS times "
            f"FROM n FULL JOIN o ON {on}) ")  # fmt: skip
    row = con.execute(f"{diff} SELECT coalesce(sum(greatest(times, 0)), 0), "
                      "coalesce(sum(greatest(-times, 0)), 0) FROM d").fetchone()  # fmt: skip
    assert row is not None
    added, removed = int(row[0]), int(row[1])

    def examples(sign: str) -> list[dict[str, Any]]:
        cur = con.execute(
            f"{diff} SELECT {cols} FROM d, range(least({sign}times, {int(limit)})) "
            f"WHERE {sign}times > 0 ORDER BY ALL LIMIT {int(limit)}"
        )  # fmt: skip
        return [{"key": {}, "values": {c: _plain(v) for c, v in zip(shared, r, strict=True)}}
                for r in cur.fetchall()]  # fmt: skip

    return {
        "added": {"count": added, "examples": examples("") if added else []},
        "removed": {"count": removed, "examples": examples("-") if removed else []},
        "changed": None,
    }


def _rows(con: duckdb.DuckDBPyConnection, view: _View, limit: int) -> list[dict[str, Any]]:
    names = list(view.fields)
    cols = ", ".join(quote_ident(n) for n in names)
    cur = con.execute(f"SELECT {cols} FROM {view.name} LIMIT {int(limit)}")
    return [{"key": {}, "values": {n: _plain(v) for n, v in zip(names, r, strict=True)}}
            for r in cur.fetchall()]  # fmt: skip


def _keyed(row: dict[str, Any], key: list[str]) -> dict[str, Any]:
    return {"key": {k: _plain(row[k]) for k in key},
            "values": {n: _plain(v) for n, v in row.items() if n not in key}}  # fmt: skip


def _plain(value: Any) -> Any:
    """Return a JSON-safe value (dates as ISO text)."""
    if isinstance(value, date | datetime):
        return value.isoformat()
    return value
