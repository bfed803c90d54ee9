"""SQL shared by the checks that look at single cells of constrained fields."""

from __future__ import annotations

from collections.abc import Callable

from satudata.tableschema.model import Field
from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.context import CheckContext


def cell_query(
    ctx: CheckContext, fields: list[Field], where: Callable[[Field, str], str],
    extra: Callable[[Field], str] | None = None,
) -> str | None:  # fmt: skip
    """Return one query over the typed table: a row per cell where `where` holds.

    Each row has `_ord`, `field`, `value` (as text) and `extra` when given. Cells that
    already failed their type are left out: one problem, one report entry.
    """
    parts = []
    for f in fields:
        col = quote_ident(f.name)
        cond = f"{col} IS NOT NULL AND ({where(f, col)})"
        if ctx.has_bad_cells:
            cond += (f" AND NOT EXISTS (SELECT 1 FROM {ctx.bad_cells} b WHERE b._ord = t._ord "
                     f"AND b.field = {sql_str(f.name)})")  # fmt: skip
        more = f", {extra(f)} AS extra" if extra else ""
        parts.append(
            f"SELECT _ord, {sql_str(f.name)} AS field, CAST({col} AS VARCHAR) AS value{more} "
            f"FROM {ctx.table} t WHERE {cond}"
        )
    return " UNION ALL ".join(parts) if parts else None


def constrained(ctx: CheckContext, *keys: str) -> list[Field]:
    """Return the fields having any of these constraints."""
    return [f for f in ctx.schema.fields if any(k in f.constraints for k in keys)]


def literal(value: object) -> str:
    """Return a SQL literal for a constraint value (numbers as numbers, others as text)."""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (int, float)):
        return repr(value)
    return sql_str(str(value))
