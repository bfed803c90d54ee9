"""Which fields identify a row of a table: its primary key, or its dimensions."""

from __future__ import annotations

from satudata.tableschema.infer import PERIOD_NAME, YEAR_NAME
from satudata.tableschema.model import Field, TableSchema


def key_fields(schema: TableSchema) -> list[Field]:
    """Return the fields that identify a row: the primary key, or the dimensions.

    Without a declared primary key, a row is identified by its region and period and
    by every other text or code column (indicator, category: "komoditas",
    "jenis_kelamin", "kode_komoditas") and every column named like a period ("bulan"
    beside "tahun"), leaving out a region name that merely repeats the region code.
    A table without a region or period has no such key.
    """
    if schema.primary_key:
        return [schema.field(n) for n in schema.primary_key]
    code = schema.dimension("region_code")
    keys = []
    for f in schema.fields:
        if f.dimension == "region_name" and code is not None:
            continue
        dimension = f.dimension in ("region_code", "region_name", "period")
        period_like = PERIOD_NAME.match(f.name) or YEAR_NAME.match(f.name)  # "bulan"
        if dimension or period_like or f.type in ("string", "boolean"):
            keys.append(f)
    has_dimension = any(f.dimension for f in keys)
    return keys if has_dimension else []
