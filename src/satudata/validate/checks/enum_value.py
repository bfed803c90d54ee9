"""enum-value: a value outside the list the schema allows ("Laki-laki", "Perempuan")."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from satudata.validate.checks.cells import cell_query, constrained, literal
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class EnumValueCheck(Check):
    type = "enum-value"
    title = "Nilai dari daftar yang diizinkan"
    title_en = "Values from the allowed list"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        fields = constrained(ctx, "enum")
        sql = cell_query(ctx, fields, lambda f, col: (
            f"{col} NOT IN ({', '.join(literal(v) for v in f.constraints['enum'])})"))  # fmt: skip
        if sql is None:
            return
        allowed = {f.name: [str(v) for v in f.constraints["enum"]] for f in fields}

        def build(r: dict[str, Any]) -> Finding:
            options = allowed[r["field"]]
            close = difflib.get_close_matches(str(r["value"]), options, n=1, cutoff=0.5)
            listed = ", ".join(options[:12]) + (" …" if len(options) > 12 else "")
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai '{r['value']}' tidak ada dalam daftar yang diizinkan ({listed})."
                + (f" Maksudnya '{close[0]}'?" if close else ""),
                message_en=f"value '{r['value']}' is not in the allowed list ({listed}).",
                suggestion=close[0] if close else None,
            )  # fmt: skip

        yield FindingQuery(sql, build)
