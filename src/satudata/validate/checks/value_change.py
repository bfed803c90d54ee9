"""value-change: a value that changed by more than a factor for the same key (a warning).

Compared with the previous version, row by row on the dataset's key (region, period,
indicator): 120 becoming 12.000 is most often a typo or a unit changed.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any, ClassVar

from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class ValueChangeCheck(Check):
    type = "value-change"
    title = "Perubahan nilai wajar dibanding versi sebelumnya"
    title_en = "Plausible changes against the previous version"
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"factor": 10.0}

    @classmethod
    def param_error(cls, name: str, value: Any) -> str | None:
        # 1 or less would flag every value (0 cannot even be divided by).
        return None if name != "factor" or (math.isfinite(value) and value > 1) else "> 1"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        before = ctx.previous_schema
        if before is None:
            return
        keys = ctx.key_fields()
        old_names = set(before.field_names)
        if not keys or any(k.name not in old_names for k in keys):
            return
        key_names = {k.name for k in keys}
        measures = [f for f in ctx.fields_of("integer", "number") if f.name in old_names
                    and f.name not in key_names
                    and before.field(f.name).type in ("integer", "number")]  # fmt: skip
        if not measures:
            return
        factor = float(params["factor"])
        on = " AND ".join(
            f"t.{quote_ident(k.name)} IS NOT DISTINCT FROM CAST(p.{quote_ident(k.name)} AS "
            f"{k.storage_type})" for k in keys
        )  # fmt: skip
        parts = []
        for f in measures:
            new, old = f"t.{quote_ident(f.name)}", f"p.{quote_ident(f.name)}"
            ratio = f"abs({new}::DOUBLE / {old}::DOUBLE)"
            parts.append(
                f"SELECT t._ord, {sql_str(f.name)} AS field, CAST({new} AS VARCHAR) AS value, "
                f"CAST({old} AS VARCHAR) AS old, {ratio} AS ratio FROM {ctx.table} t "
                f"JOIN {ctx.previous} p ON {on} WHERE {new} <> 0 AND {old} <> 0 AND "
                f"({ratio} > {factor} OR {ratio} < {1 / factor})"
            )

        def build(r: dict[str, Any]) -> Finding:
            ratio = float(r["ratio"])
            shown = f"×{ratio:,.1f}" if ratio >= 1 else f"÷{1 / ratio:,.1f}"
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]), value=r["value"],
                message=f"nilai berubah dari {r['old']} menjadi {r['value']} ({shown}) "
                "dibanding versi sebelumnya. Periksa salah ketik atau satuan.",
                message_en=f"value changed from {r['old']} to {r['value']} ({shown}) against "
                "the previous version. Check for a typo or a changed unit.",
                details={"previous": r["old"], "ratio": round(ratio, 4)},
            )  # fmt: skip

        yield FindingQuery(" UNION ALL ".join(parts), build)
