"""period-vanished: a period the previous version had is missing from this one.

Each version is the whole dataset, so dropping 2019–2023 when sending 2024 loses data.
A warning by default, for the reviewer to weigh; a dataset may make it an error.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.parsing import quote_ident
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding


class PeriodVanishedCheck(Check):
    type = "period-vanished"
    title = "Periode versi sebelumnya tetap ada"
    title_en = "Periods of the previous version are kept"
    severity = "warning"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[Finding]:
        period = ctx.schema.dimension("period")
        before = ctx.previous_schema.dimension("period") if ctx.previous_schema else None
        if period is None or before is None:
            return
        gone = ctx.con.execute(
            f"SELECT DISTINCT CAST({quote_ident(before.name)} AS VARCHAR) AS p FROM "
            f"{ctx.previous} WHERE p IS NOT NULL EXCEPT SELECT DISTINCT "
            f"CAST({quote_ident(period.name)} AS VARCHAR) FROM {ctx.table} ORDER BY p"
        ).fetchall()
        for (value,) in gone:
            yield Finding(
                type=self.type, field=period.name, column=ctx.title(period.name), value=value,
                where="none",
                message=f"Periode {value} ada di versi sebelumnya tetapi tidak ada di berkas ini; "
                "kirim seluruh data, termasuk periode lama.",
                message_en=f"Period {value} was in the previous version but is missing from "
                "this file; send the whole dataset, earlier periods included.",
            )  # fmt: skip
