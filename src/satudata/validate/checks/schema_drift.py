"""schema-drift: the file's columns differ from the dataset's schema.

New, missing and probably renamed columns are named, and a schema change is proposed
(renames kept with their types, new columns with the types inferred from this file) for
the walidata to accept. Types are never re-guessed silently.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from satudata.tableschema.model import Field, TableSchema
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, SchemaProposal


class SchemaDriftCheck(Check):
    type = "schema-drift"
    title = "Kolom sesuai skema dataset"
    title_en = "Columns match the dataset schema"
    stage = "structure"
    mandatory = True  # a file whose columns differ cannot be typed with the schema

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[Finding | SchemaProposal]:
        names = [c.name for c in ctx.columns]
        titles = {c.name: c.title or c.name for c in ctx.columns}
        expected = ctx.schema.field_names
        missing = [n for n in expected if n not in names]
        added = [n for n in names if n not in expected]
        if not missing and not added:
            return
        renamed: dict[str, str] = {}
        for name in added:
            close = difflib.get_close_matches(name, [m for m in missing if m not in renamed],
                                              n=1, cutoff=0.6)  # fmt: skip
            if close:
                renamed[close[0]] = name
        for old, new in renamed.items():
            yield Finding(
                type=self.type, field=old, column=titles[new], value=titles[new], where="none",
                message=f"Kolom '{titles[new]}' tampaknya kolom '{ctx.title(old)}' yang berganti "
                "nama. Ganti judulnya kembali, atau minta walidata menyetujui perubahan skema.",
                message_en=f"Column '{titles[new]}' looks like column '{ctx.title(old)}' renamed. "
                "Rename it back, or ask the walidata to accept the schema change.",
                suggestion=ctx.title(old), details={"change": "renamed", "to": new},
            )  # fmt: skip
        for name in missing:
            if name not in renamed:
                yield Finding(
                    type=self.type, field=name, column=ctx.title(name), where="none",
                    message=f"Kolom '{ctx.title(name)}' tidak ada di berkas, padahal ada di skema.",
                    message_en=f"Column '{ctx.title(name)}' is in the schema but not in the file.",
                    details={"change": "missing"},
                )  # fmt: skip
        for name in added:
            if name not in renamed.values():
                yield Finding(
                    type=self.type, field=name, column=titles[name], value=titles[name],
                    where="none",
                    message=f"Kolom baru '{titles[name]}' tidak ada di skema dataset.",
                    message_en=f"New column '{titles[name]}' is not in the dataset schema.",
                    details={"change": "added"},
                )  # fmt: skip
        yield self._proposal(ctx, names, titles, renamed)

    @staticmethod
    def _proposal(ctx: CheckContext, names: list[str], titles: dict[str, str],
                  renamed: dict[str, str]) -> SchemaProposal:  # fmt: skip
        inferred: TableSchema | None = ctx.extra.get("inferred")
        new_to_old = {new: old for old, new in renamed.items()}
        fields: list[Field] = []
        for name in names:  # the file's order
            if name in ctx.schema.field_names:
                fields.append(ctx.schema.field(name))
            elif name in new_to_old:
                old = ctx.schema.field(new_to_old[name])
                fields.append(old.model_copy(update={"name": name, "title": titles[name]}))
            elif inferred is not None and name in inferred.field_names:
                fields.append(inferred.field(name).model_copy(update={"dimension": None}))
            else:
                fields.append(Field(name=name, title=titles[name]))
        schema = ctx.schema.model_copy(update={"fields": fields, "primary_key": [
            n for n in ctx.schema.primary_key if n in names]})  # fmt: skip
        return SchemaProposal(
            schema=schema.to_descriptor(),
            added=[n for n in names if n not in ctx.schema.field_names and n not in new_to_old],
            removed=[n for n in ctx.schema.field_names if n not in names and n not in renamed],
            renamed=renamed,
        )
