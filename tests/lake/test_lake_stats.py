"""Column statistics of a version and the years it covers."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb
import pytest

from satudata.auth import SYSTEM
from satudata.db.models import Version
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.stats import column_stats, years_covered
from satudata.runtime import Runtime
from satudata.tableschema.model import Field, TableSchema

SCHEMA = TableSchema(fields=[
    Field(name="kode_wilayah", type="string", dimension="region_code"),
    Field(name="tahun", type="year", dimension="period"),
    Field(name="jumlah", type="integer"), Field(name="rasio", type="number"),
    Field(name="tanggal", type="date"), Field(name="catatan", type="string"),
])  # fmt: skip


@pytest.fixture
def parquet(tmp_path: Path) -> Path:
    path = tmp_path / "v.parquet"
    con = duckdb.connect()
    con.execute("CREATE TABLE t (kode_wilayah VARCHAR, tahun INTEGER, jumlah BIGINT, "
                "rasio DOUBLE, tanggal DATE, catatan VARCHAR)")  # fmt: skip
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?, ?)", [
        ("35.07", 2019, 10, 1.5, date(2019, 1, 31), "a"),
        ("35.07", 2020, None, 2.5, date(2020, 6, 30), None),
        ("35.73", 2020, 30, None, None, None),
        ("35.73", 2022, 20, 0.5, date(2022, 12, 31), "b"),
    ])  # fmt: skip
    con.execute(f"COPY t TO '{path.as_posix()}' (FORMAT parquet)")
    con.close()
    return path


def test_column_stats(parquet: Path) -> None:
    stats = column_stats(duckdb.connect(), parquet, SCHEMA)
    assert stats["kode_wilayah"] == {"count": 4, "nulls": 0, "distinct": 2,
                                     "values": ["35.07", "35.73"]}  # fmt: skip
    assert stats["tahun"] == {"count": 4, "nulls": 0, "distinct": 3, "min": 2019, "max": 2022,
                              "values": [2019, 2020, 2022]}  # fmt: skip
    assert stats["jumlah"] == {"count": 3, "nulls": 1, "distinct": 3, "min": 10, "max": 30,
                               "sum": 60, "mean": 20.0}  # fmt: skip
    assert stats["rasio"] == {"count": 3, "nulls": 1, "distinct": 3, "min": 0.5, "max": 2.5,
                              "sum": 4.5, "mean": 1.5}  # fmt: skip
    assert stats["tanggal"] == {"count": 3, "nulls": 1, "distinct": 3, "min": "2019-01-31",
                                "max": "2022-12-31"}  # fmt: skip
    assert stats["catatan"] == {"count": 2, "nulls": 2, "distinct": 2}


def test_years_covered_lists_the_period_values(parquet: Path) -> None:
    stats = column_stats(duckdb.connect(), parquet, SCHEMA)
    assert years_covered(SCHEMA, stats) == [2019, 2020, 2022]


def test_years_covered_falls_back_to_the_range_ends() -> None:
    schema = TableSchema(fields=[Field(name="tanggal", type="date", dimension="period")])
    stats = {"tanggal": {"min": "2018-03-01", "max": "2021-04-30"}}
    assert years_covered(schema, stats) == [2018, 2021]
    assert years_covered(schema, {"tanggal": {"min": None, "max": None}}) == []
    assert years_covered(TableSchema(fields=[Field(name="x")]), {"x": {}}) == []


def test_ingest_stores_the_stats_of_the_version(runtime: Runtime, tmp_path: Path) -> None:
    path = tmp_path / "d.csv"
    path.write_text("kode_wilayah,tahun,jumlah\n35.07,2020,5\n35.73,2021,\n35.78,2021,7\n")
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization="DINKES", dataset="statistik"))  # fmt: skip
    with session_scope(runtime.sessions) as session:
        version = session.query(Version).one()
        stats = version.column_stats
    assert stats["jumlah"] == {"count": 2, "nulls": 1, "distinct": 2, "min": 5, "max": 7,
                               "sum": 12, "mean": 6.0}  # fmt: skip
    assert stats["tahun"]["values"] == [2020, 2021]
    assert stats["kode_wilayah"]["values"] == ["35.07", "35.73", "35.78"]
