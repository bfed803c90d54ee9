"""The shortcuts in the typed write's text cleaning give what the full expressions give."""

from __future__ import annotations

import duckdb
import pytest

from satudata.tableschema.model import Field
from satudata.tableschema.parsing import _string, trim_sql

VALUES = [None, "", " ", "  ", "a", " a", "a ", " a ", "\u00a0a", "a\u3000", "é ", " é", "é",
          "a\tb", "\ta\t", "35.07", "3201.0", "3201.00", "35.10", "35.07.10", "0", "350"]  # fmt: skip


@pytest.mark.parametrize("value", VALUES)
def test_trim_is_skipped_only_where_it_changes_nothing(value: str | None) -> None:
    got, want = duckdb.execute(
        f"SELECT {trim_sql('v')}, trim(v) FROM (SELECT ?::VARCHAR AS v)", [value]
    ).fetchone() or (None, None)
    assert got == want


@pytest.mark.parametrize("value", VALUES)
def test_a_code_turned_number_is_undone_with_or_without_the_quick_test(value: str | None) -> None:
    expr = _string(Field(name="kode", type="string", code_like=True), "v")
    got, want = duckdb.execute(
        f"SELECT {expr}, regexp_replace(v, '^(\\d+)\\.0+$', '\\1') FROM (SELECT ?::VARCHAR AS v)",
        [value],
    ).fetchone() or (None, None)
    assert got == want
