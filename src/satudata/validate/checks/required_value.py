"""required-value: an empty cell in a column the schema marks as required."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class RequiredValueCheck(Check):
    type = "required-value"
    title = "Kolom wajib terisi"
    title_en = "Required columns are filled"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        fields = [f for f in ctx.schema.fields if f.constraints.get("required")]
        parts = []
        for f in fields:
            cond = f"{quote_ident(f.name)} IS NULL"
            if ctx.has_bad_cells:  # a misfit is stored empty; it is reported as a type error
                cond += (f" AND NOT EXISTS (SELECT 1 FROM {ctx.bad_cells} b "
                         f"WHERE b._ord = t._ord AND b.field = {sql_str(f.name)})")  # fmt: skip
            parts.append(f"SELECT _ord, {sql_str(f.name)} AS field, NULL::VARCHAR AS value "
                         f"FROM {ctx.table} t WHERE {cond}")  # fmt: skip
        if not parts:
            return

        def build(r: dict[str, Any]) -> Finding:
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=None,
                message="kolom ini wajib diisi, tetapi kosong.",
                message_en="this column is required, but the cell is empty.",
            )  # fmt: skip

        yield FindingQuery(" UNION ALL ".join(parts), build)
