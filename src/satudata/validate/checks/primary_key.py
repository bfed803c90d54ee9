"""primary-key: the schema's primary key (one column or several) is filled and unique."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.checks.keys import key_titles, repeated_key_message, repeated_key_sql
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery


class PrimaryKeyCheck(Check):
    type = "primary-key"
    title = "Kunci utama terisi dan unik"
    title_en = "Primary key filled and unique"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        names = ctx.schema.primary_key
        if not names:
            return
        fields = [ctx.schema.field(n) for n in names]
        titles = key_titles(ctx, fields)
        # An empty part of a required field is the required-value check's to report.
        empty = " UNION ALL ".join(
            f"SELECT _ord, {sql_str(f.name)} AS field, NULL::VARCHAR AS value "
            f"FROM {ctx.table} WHERE {quote_ident(f.name)} IS NULL"
            for f in fields
            if not f.constraints.get("required")
        )

        def build_empty(r: dict[str, Any]) -> Finding:
            return Finding(
                type=self.type, field=r["field"], column=ctx.title(r["field"]),
                message=f"kolom ini bagian dari kunci utama ({titles}) dan tidak boleh kosong.",
                message_en=f"this column is part of the primary key ({titles}) and may not "
                "be empty.",
            )  # fmt: skip

        def build_repeat(r: dict[str, Any]) -> Finding:
            message, message_en = repeated_key_message(r, titles)
            return Finding(type=self.type, field=None, column=titles, value=r["value"], where="row",
                           message=message, message_en=message_en,
                           details={"first_row": r["_row_first"], "key": names})  # fmt: skip

        if empty:
            yield FindingQuery(empty, build_empty)
        yield FindingQuery(repeated_key_sql(ctx, fields), build_repeat)
