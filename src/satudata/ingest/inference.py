"""Infer a source's Table Schema once, and correct a guess its later rows did not fit."""

from __future__ import annotations

import duckdb

from satudata.ingest.source import RawSource
from satudata.reference import get_region_index
from satudata.tableschema.infer import infer_schema, profile_columns
from satudata.tableschema.model import TableSchema

INFER_SAMPLE_ROWS = 20_000  # a streamed file's schema is guessed from its head


def _region_code_share(samples: list[str]) -> float:
    index = get_region_index()
    values = [s for s in samples if s]
    return sum(index.get(s) is not None for s in values) / len(values) if values else 0.0


def _region_name_share(samples: list[str]) -> float:
    index = get_region_index()
    values = [s for s in samples[:200] if s and not s[:1].isdigit()]
    if not values:
        return 0.0
    hits = sum(index.match_name(s, suggest=False).status != "not_found" for s in values)
    return hits / len(values)


def infer_source_schema(
    con: duckdb.DuckDBPyConnection, source: RawSource, *, names: list[str] | None = None
) -> TableSchema:
    """Infer the Table Schema of a source from its values.

    A streamed file is inferred from its first rows; `names` re-infers only those columns
    from every row (for the columns whose later rows did not fit the first guess).
    """
    missing = ["", "-", "--", "—"]
    sample = None if source.has_row_numbers or names else INFER_SAMPLE_ROWS
    profiles = profile_columns(con, source.from_sql, names or source.names, missing,
                               sample_rows=sample)  # fmt: skip
    return infer_schema(
        profiles,
        {c.name: c.title for c in source.columns},
        region_codes=_region_code_share,
        region_names=_region_name_share,
        missing_values=missing,
    )


def reinfer(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema,
             counts: dict[str, int]) -> TableSchema:  # fmt: skip
    """Re-infer the fields whose later rows did not fit, from all of their values."""
    names = [f.name for f in schema.fields if counts.get(f.name)]
    again = {f.name: f for f in infer_source_schema(con, source, names=names).fields}
    fields = [again[f.name].model_copy(update={"dimension": f.dimension})
              if f.name in again else f for f in schema.fields]  # fmt: skip
    return schema.model_copy(update={"fields": fields})


def widen(schema: TableSchema, counts: dict[str, int]) -> TableSchema:
    """Turn fields whose values still do not fit into text (a last resort)."""
    fields = [
        f.model_copy(update={"type": "string", "format": "default", "decimal_char": None,
                             "group_char": None}) if counts.get(f.name) else f
        for f in schema.fields
    ]  # fmt: skip
    return schema.model_copy(update={"fields": fields})
