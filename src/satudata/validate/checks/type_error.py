"""type-error: a cell whose value is not of its column's type ("dua puluh" as a number)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.model import FORMAT_HINTS, TYPE_NAMES_ID
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class TypeErrorCheck(Check):
    type = "type-error"
    title = "Nilai sesuai tipe kolom"
    title_en = "Values fit their column type"
    mandatory = True  # a value that does not fit cannot be stored

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        if not ctx.has_bad_cells:
            return
        fields = {f.name: f for f in ctx.schema.fields}

        def build(r: dict[str, Any]) -> Finding:
            f = fields[r["field"]]
            hint = FORMAT_HINTS.get(f.format, "")
            return Finding(
                type=self.type, field=f.name, column=ctx.title(f.name), value=r["value"],
                message=f"nilai '{r['value']}' bukan {TYPE_NAMES_ID[f.type]}"
                + (f" ({hint})." if hint else "."),
                message_en=f"value '{r['value']}' is not a valid {f.type}.",
                details={"expected": f.type},
            )  # fmt: skip

        yield FindingQuery(f"SELECT _ord, field, value FROM {ctx.bad_cells}", build)
