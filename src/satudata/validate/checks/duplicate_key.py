"""duplicate-key: two rows for the same region, period and indicator.

Without a declared primary key, the key is the dataset's dimensions (see
`CheckContext.key_fields`): a second row for (35.07, 2024, "Padi sawah") is a duplicate.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.validate.checks.keys import key_titles, repeated_key_message, repeated_key_sql
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class DuplicateKeyCheck(Check):
    type = "duplicate-key"
    title = "Tidak ada baris ganda (wilayah, periode, indikator)"
    title_en = "No duplicate rows (region, period, indicator)"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        if ctx.schema.primary_key:
            return  # the primary-key check covers it
        fields = ctx.key_fields()
        if not fields:
            return
        titles = key_titles(ctx, fields)

        def build(r: dict[str, Any]) -> Finding:
            message, message_en = repeated_key_message(r, titles)
            return Finding(type=self.type, field=None, column=titles, value=r["value"], where="row",
                           message=message, message_en=message_en,
                           details={"first_row": r["_row_first"],
                                    "key": [f.name for f in fields]})  # fmt: skip

        yield FindingQuery(repeated_key_sql(ctx, fields), build)
