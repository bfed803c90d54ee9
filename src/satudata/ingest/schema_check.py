"""Compare a later file's columns with the dataset's confirmed schema."""

from __future__ import annotations

import difflib

from satudata.errors import IngestError
from satudata.ingest.layout import ColumnSpec
from satudata.tableschema.model import TableSchema


def check_columns(columns: list[ColumnSpec], schema: TableSchema, filename: str) -> None:
    """Raise IngestError naming missing, unexpected and probably renamed columns."""
    names = [c.name for c in columns]
    expected = schema.field_names
    missing = [n for n in expected if n not in names]
    unexpected = [n for n in names if n not in expected]
    if not missing and not unexpected:
        return
    renamed = {}
    for name in unexpected:
        close = difflib.get_close_matches(name, missing, n=1, cutoff=0.6)
        if close:
            renamed[close[0]] = name
    titles = {c.name: c.title for c in columns}
    parts_id, parts_en = [], []
    if missing:
        listed = ", ".join(schema.field(n).title or n for n in missing)
        parts_id.append(f"kolom yang hilang: {listed}")
        parts_en.append(f"missing columns: {listed}")
    if unexpected:
        listed = ", ".join(titles[n] for n in unexpected)
        parts_id.append(f"kolom baru yang tidak ada di skema: {listed}")
        parts_en.append(f"columns not in the schema: {listed}")
    hint_id = "".join(f" Mungkin '{titles[new]}' adalah '{old}' yang berganti nama?"
                      for old, new in renamed.items())  # fmt: skip
    raise IngestError(
        f"Kolom berkas '{filename}' tidak sesuai dengan skema dataset: "
        + "; ".join(parts_id)
        + "."
        + hint_id,
        f"The columns of '{filename}' do not match the dataset schema: "
        + "; ".join(parts_en)
        + ".",
        type="schema-mismatch",
        details={"missing": missing, "unexpected": unexpected, "renamed": renamed},
    )
