"""value-pattern: a text that does not match the schema's pattern (NIK: 16 digits)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.parsing import sql_str
from satudata.validate.checks.cells import cell_query, constrained
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class ValuePatternCheck(Check):
    type = "value-pattern"
    title = "Nilai sesuai pola"
    title_en = "Values match their pattern"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        fields = constrained(ctx, "pattern")
        sql = cell_query(ctx, fields, lambda f, col: (
            f"NOT regexp_full_match(CAST({col} AS VARCHAR), {sql_str(f.constraints['pattern'])})"
        ))  # fmt: skip
        if sql is None:
            return
        patterns = {f.name: f.constraints["pattern"] for f in fields}

        def build(r: dict[str, Any]) -> Finding:
            pattern = patterns[r["field"]]
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai '{r['value']}' tidak sesuai pola {pattern}.",
                message_en=f"value '{r['value']}' does not match the pattern {pattern}.",
                details={"pattern": pattern},
            )  # fmt: skip

        yield FindingQuery(sql, build)
