"""value-range: a number, date or year below the schema's minimum or above its maximum."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.validate.checks.cells import cell_query, constrained, literal
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


def _bound(field_type: str, value: Any) -> str:
    if field_type in ("date", "yearmonth"):
        return f"DATE {literal(str(value))}"
    if field_type == "datetime":
        return f"TIMESTAMP {literal(str(value))}"
    return literal(value)


class ValueRangeCheck(Check):
    type = "value-range"
    title = "Nilai dalam rentang"
    title_en = "Values within range"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        fields = constrained(ctx, "minimum", "maximum")

        def where(f: Any, col: str) -> str:
            parts = []
            if "minimum" in f.constraints:
                parts.append(f"{col} < {_bound(f.type, f.constraints['minimum'])}")
            if "maximum" in f.constraints:
                parts.append(f"{col} > {_bound(f.type, f.constraints['maximum'])}")
            return " OR ".join(parts)

        sql = cell_query(ctx, fields, where)
        if sql is None:
            return
        bounds = {f.name: (f.constraints.get("minimum"), f.constraints.get("maximum"))
                  for f in fields}  # fmt: skip

        def build(r: dict[str, Any]) -> Finding:
            low, high = bounds[r["field"]]
            if low is not None and high is not None:
                rule_id, rule_en = f"antara {low} dan {high}", f"between {low} and {high}"
            elif low is not None:
                rule_id, rule_en = f"paling kecil {low}", f"at least {low}"
            else:
                rule_id, rule_en = f"paling besar {high}", f"at most {high}"
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai {r['value']} di luar rentang: harus {rule_id}.",
                message_en=f"value {r['value']} is out of range: it must be {rule_en}.",
                details={"minimum": low, "maximum": high},
            )  # fmt: skip

        yield FindingQuery(sql, build)
