"""unique-value: a value repeated in a column the schema marks as unique."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class UniqueValueCheck(Check):
    type = "unique-value"
    title = "Nilai unik"
    title_en = "Unique values"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        parts = []
        for f in ctx.schema.fields:
            if not f.constraints.get("unique"):
                continue
            col = quote_ident(f.name)
            parts.append(
                f"SELECT _ord, {sql_str(f.name)} AS field, CAST({col} AS VARCHAR) AS value, "
                f"_ord_first FROM (SELECT _ord, {col}, min(_ord) OVER (PARTITION BY {col}) "
                f"AS _ord_first FROM {ctx.table} WHERE {col} IS NOT NULL) WHERE _ord > _ord_first"
            )
        if not parts:
            return

        def build(r: dict[str, Any]) -> Finding:
            first = r["_row_first"]
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai '{r['value']}' sudah ada di baris {first}; kolom ini harus unik.",
                message_en=f"value '{r['value']}' already appears in row {first}; "
                "this column must be unique.",
                details={"first_row": first},
            )  # fmt: skip

        yield FindingQuery(" UNION ALL ".join(parts), build)
