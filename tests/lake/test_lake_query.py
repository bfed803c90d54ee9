"""The query engine: WHERE clauses with bound values, CLI/API filter parsing, totals, pages."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from satudata.errors import InvalidInputError
from satudata.lake.query import (
    Filter,
    QueryEngine,
    RowsQuery,
    parse_param,
    parse_where,
    where_clause,
)
from satudata.tableschema.model import Field, TableSchema

SCHEMA = TableSchema(fields=[
    Field(name="kode_wilayah", type="string"), Field(name="tahun", type="year"),
    Field(name="jumlah", type="integer"), Field(name="rasio", type="number"),
    Field(name="keterangan", type="string"),
])  # fmt: skip
ROWS = [
    ("35.07", 2019, 10, 1.5, "naik 5%"),
    ("35.07", 2020, 12, 2.0, None),
    ("35.73", 2019, 5, 0.5, "a_b"),
    ("35.73", 2020, None, None, "turun"),
    ("35.78", 2021, 30, 3.25, "tetap"),
]


def write_parquet(path: Path, rows: list[tuple[object, ...]]) -> Path:
    con = duckdb.connect()
    con.execute("CREATE TABLE t (kode_wilayah VARCHAR, tahun INTEGER, jumlah BIGINT, "
                "rasio DOUBLE, keterangan VARCHAR)")  # fmt: skip
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", rows)
    con.execute(f"COPY t TO '{path.as_posix()}' (FORMAT parquet)")
    con.close()
    return path


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    return write_parquet(tmp_path / "v1.parquet", ROWS)


@pytest.fixture
def engine() -> QueryEngine:
    return QueryEngine(memory_limit="256MB", threads=1)


@pytest.mark.parametrize(
    ("flt", "sql", "params"),
    [
        (Filter("tahun", "eq", "2020"), '"tahun" = TRY_CAST(? AS INTEGER)', ["2020"]),
        (Filter("jumlah", "ne", "5"), '"jumlah" <> TRY_CAST(? AS BIGINT)', ["5"]),
        (Filter("rasio", "gte", "1.5"), '"rasio" >= TRY_CAST(? AS DOUBLE)', ["1.5"]),
        (Filter("kode_wilayah", "lt", "35.7"), '"kode_wilayah" < TRY_CAST(? AS VARCHAR)',
         ["35.7"]),
        (Filter("kode_wilayah", "in", "35.07, 35.73,"),
         '"kode_wilayah" IN (TRY_CAST(? AS VARCHAR), TRY_CAST(? AS VARCHAR))',
         ["35.07", "35.73"]),
        (Filter("kode_wilayah", "in", ""), '"kode_wilayah" IN (NULL)', []),
        (Filter("tahun", "between", "2019, 2020"),
         '"tahun" BETWEEN TRY_CAST(? AS INTEGER) AND TRY_CAST(? AS INTEGER)', ["2019", "2020"]),
        (Filter("keterangan", "contains", "5%_x\\"),
         """CAST("keterangan" AS VARCHAR) ILIKE ? ESCAPE '\\'""", ["%5\\%\\_x\\\\%"]),
        (Filter("jumlah", "null", "1"), '"jumlah" IS NULL', []),
        (Filter("jumlah", "notnull"), '"jumlah" IS NOT NULL', []),
    ],
)  # fmt: skip
def test_where_clause_binds_every_value(flt: Filter, sql: str, params: list[str]) -> None:
    assert where_clause([flt], SCHEMA) == (f" WHERE {sql}", params)


def test_where_clause_joins_conditions_with_and() -> None:
    where, params = where_clause(
        [Filter("tahun", "gte", "2019"), Filter("kode_wilayah", "eq", "35.07")], SCHEMA
    )
    assert where == (' WHERE "tahun" >= TRY_CAST(? AS INTEGER) AND '
                     '"kode_wilayah" = TRY_CAST(? AS VARCHAR)')  # fmt: skip
    assert params == ["2019", "35.07"]
    assert where_clause([], SCHEMA) == ("", [])


@pytest.mark.parametrize("name", ["tidak_ada", 'tahun" OR 1=1 --', "TAHUN", ""])
def test_where_clause_rejects_an_unknown_column(name: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        where_clause([Filter(name, "eq", "1")], SCHEMA)
    assert info.value.type == "unknown-column"
    assert info.value.details == {"column": name, "columns": SCHEMA.field_names}
    assert info.value.message_id.startswith(f"Kolom '{name}' tidak ada.")


def test_where_clause_rejects_an_unknown_operator() -> None:
    with pytest.raises(InvalidInputError) as info:
        where_clause([Filter("tahun", "like", "20%")], SCHEMA)
    assert info.value.type == "invalid-filter"


def test_a_quote_in_a_column_name_is_escaped() -> None:
    schema = TableSchema(fields=[Field(name='nilai "akhir"', type="integer")])
    where, _ = where_clause([Filter('nilai "akhir"', "null")], schema)
    assert where == ' WHERE "nilai ""akhir""" IS NULL'


@pytest.mark.parametrize(
    "value",
    ["35.07' OR '1'='1", "x'); DROP TABLE t; --", "%", "' UNION SELECT 1,2,3,4,5 --"],
)
def test_an_injection_attempt_as_a_value_is_only_a_value(
    engine: QueryEngine, parquet: Path, value: str
) -> None:
    for op in ("eq", "contains", "in"):
        page = engine.rows(parquet, SCHEMA, RowsQuery(filters=[Filter("kode_wilayah", op, value)]))
        assert (page.rows, page.total) == ([], 0)
    assert len(engine.rows(parquet, SCHEMA, RowsQuery()).rows) == 5  # the data is untouched


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("tahun>=2020", Filter("tahun", "gte", "2020")),
        ("tahun <= 2020", Filter("tahun", "lte", "2020")),
        ("tahun>2020", Filter("tahun", "gt", "2020")),
        ("tahun<2020", Filter("tahun", "lt", "2020")),
        ("tahun!=2020", Filter("tahun", "ne", "2020")),
        ("kode_wilayah=35.07", Filter("kode_wilayah", "eq", "35.07")),
        ("nama_wilayah=Kota Malang", Filter("nama_wilayah", "eq", "Kota Malang")),
        ("nama~malang", Filter("nama", "contains", "malang")),
        ("kode in 35.07,35.73", Filter("kode", "in", "35.07,35.73")),
        ("kode IN 35.07", Filter("kode", "in", "35.07")),
        ("catatan=a=b", Filter("catatan", "eq", "a=b")),
        ("keterangan=", Filter("keterangan", "eq", "")),
    ],
)
def test_parse_where(text: str, expected: Filter) -> None:
    assert parse_where(text) == expected


@pytest.mark.parametrize("text", ["tahun", "=2020", "2020=tahun", "tahun 2020", ""])
def test_parse_where_refuses_what_it_cannot_read(text: str) -> None:
    with pytest.raises(InvalidInputError) as info:
        parse_where(text)
    assert info.value.type == "invalid-filter"
    assert "Contoh: tahun>=2020" in info.value.message_id


@pytest.mark.parametrize(
    ("key", "value", "expected"),
    [
        ("tahun", "2020", Filter("tahun", "eq", "2020")),
        ("tahun__gte", "2020", Filter("tahun", "gte", "2020")),
        ("kode__in", "35.07,35.73", Filter("kode", "in", "35.07,35.73")),
        ("jumlah__null", "", Filter("jumlah", "null", "")),
        ("jumlah__mirip", "1", Filter("jumlah", "mirip", "1")),  # refused later, by where_clause
    ],
)
def test_parse_param(key: str, value: str, expected: Filter) -> None:
    assert parse_param(key, value) == expected


def test_rows_filter_sort_page_and_project(engine: QueryEngine, parquet: Path) -> None:
    query = RowsQuery(filters=[Filter("kode_wilayah", "in", "35.07,35.73")],
                      sort=["-jumlah"], limit=2, offset=1, columns=["kode_wilayah", "jumlah"])  # fmt: skip
    page = engine.rows(parquet, SCHEMA, query)
    assert page.columns == ["kode_wilayah", "jumlah"]
    assert page.rows == [{"kode_wilayah": "35.07", "jumlah": 10},
                         {"kode_wilayah": "35.73", "jumlah": 5}]  # fmt: skip
    assert page.total == 4


def test_contains_is_case_blind_and_literal(engine: QueryEngine, parquet: Path) -> None:
    def matching(text: str) -> list[object]:
        page = engine.rows(parquet, SCHEMA, RowsQuery(filters=[Filter("keterangan", "contains",
                                                                       text)]))  # fmt: skip
        return [r["keterangan"] for r in page.rows]

    assert matching("5%") == ["naik 5%"]
    assert matching("a_b") == ["a_b"]
    assert matching("_") == ["a_b"]
    assert matching("TURUN") == ["turun"]
    assert matching("%") == ["naik 5%"]


def test_total_without_filters_comes_from_the_catalog(engine: QueryEngine, parquet: Path) -> None:
    page = engine.rows(parquet, SCHEMA, RowsQuery(limit=1), row_count=999)
    assert (len(page.rows), page.total) == (1, 999)  # no scan: the catalog's count is trusted
    assert engine._totals == {}


def test_a_short_page_gives_the_total_without_counting(engine: QueryEngine, parquet: Path) -> None:
    query = RowsQuery(filters=[Filter("tahun", "eq", "2019")], limit=10, offset=0)
    assert engine.rows(parquet, SCHEMA, query).total == 2
    assert engine._totals == {}


def test_totals_are_counted_once_per_version_file_and_filter(
    engine: QueryEngine, tmp_path: Path
) -> None:
    parquet = write_parquet(tmp_path / "v.parquet", ROWS)
    query = RowsQuery(filters=[Filter("tahun", "gte", "2019")], limit=1)
    assert engine.rows(parquet, SCHEMA, query).total == 5
    assert list(engine._totals.values()) == [5]
    # Version files never change; a total already counted is not counted again.
    write_parquet(parquet, ROWS[:2])
    assert engine.rows(parquet, SCHEMA, query).total == 5
    other = RowsQuery(filters=[Filter("tahun", "gte", "2020")], limit=1)
    assert engine.rows(parquet, SCHEMA, other).total == 1  # a new filter is counted afresh
    assert len(engine._totals) == 2


def test_aggregate_groups_and_measures(engine: QueryEngine, parquet: Path) -> None:
    page = engine.aggregate(parquet, SCHEMA, group_by=["tahun"],
                            measures=[("sum", "jumlah"), ("avg", "rasio"), ("count", "*"),
                                      ("count", "jumlah")],
                            filters=[Filter("kode_wilayah", "ne", "35.78")])  # fmt: skip
    assert page.columns == ["tahun", "sum_jumlah", "avg_rasio", "count_rows", "count_jumlah"]
    assert page.rows == [
        {"tahun": 2019, "sum_jumlah": 15, "avg_rasio": 1.0, "count_rows": 2, "count_jumlah": 2},
        {"tahun": 2020, "sum_jumlah": 12, "avg_rasio": 2.0, "count_rows": 2, "count_jumlah": 1},
    ]
    assert page.total == 2


@pytest.mark.parametrize(
    ("measure", "error_type"),
    [(("sum", "kode_wilayah"), "invalid-aggregate"), (("avg", "tahun"), "invalid-aggregate"),
     (("median", "jumlah"), "invalid-aggregate"), (("max", "tidak_ada"), "unknown-column")],
)  # fmt: skip
def test_aggregate_refuses_bad_measures(
    engine: QueryEngine, parquet: Path, measure: tuple[str, str], error_type: str
) -> None:
    with pytest.raises(InvalidInputError) as info:
        engine.aggregate(parquet, SCHEMA, group_by=[], measures=[measure], filters=[])
    assert info.value.type == error_type
