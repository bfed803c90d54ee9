"""value-length: a text shorter than minLength or longer than maxLength."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.validate.checks.cells import cell_query, constrained
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class ValueLengthCheck(Check):
    type = "value-length"
    title = "Panjang teks sesuai"
    title_en = "Text length within limits"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        fields = constrained(ctx, "minLength", "maxLength")

        def where(f: Any, col: str) -> str:
            n = f"length(CAST({col} AS VARCHAR))"
            parts = []
            if "minLength" in f.constraints:
                parts.append(f"{n} < {int(f.constraints['minLength'])}")
            if "maxLength" in f.constraints:
                parts.append(f"{n} > {int(f.constraints['maxLength'])}")
            return " OR ".join(parts)

        sql = cell_query(ctx, fields, where)
        if sql is None:
            return
        limits = {f.name: (f.constraints.get("minLength"), f.constraints.get("maxLength"))
                  for f in fields}  # fmt: skip

        def build(r: dict[str, Any]) -> Finding:
            low, high = limits[r["field"]]
            n = len(str(r["value"]))
            if low is not None and n < int(low):
                rule_id, rule_en = f"paling sedikit {low} karakter", f"at least {low} characters"
            else:
                rule_id, rule_en = f"paling banyak {high} karakter", f"at most {high} characters"
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai '{r['value']}' panjangnya {n} karakter; harus {rule_id}.",
                message_en=f"value '{r['value']}' has {n} characters; it must have {rule_en}.",
                details={"length": n, "minLength": low, "maxLength": high},
            )  # fmt: skip

        yield FindingQuery(sql, build)
