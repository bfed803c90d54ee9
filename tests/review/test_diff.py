"""The diff of two versions: rows added, removed and changed by key, schema, statistics.

Version 1 of `data-uji` holds 2023 and 2024 puskesmas counts of Kabupaten and Kota
Malang; each test sends a second file (sometimes after accepting a schema change) and
compares the two versions' Parquet files.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.catalog.service import set_table_schema
from satudata.db.models import Dataset, Version
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.engine import connect
from satudata.review.diff import diff_versions
from satudata.runtime import Runtime
from satudata.tableschema.model import TableSchema
from satudata.validate.service import set_check_config

SLUG = "data-uji"
HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
FIRST = [
    ["35.07", "Kabupaten Malang", 2023, 39],
    ["35.73", "Kota Malang", 2023, 16],
    ["35.07", "Kabupaten Malang", 2024, 39],
    ["35.73", "Kota Malang", 2024, 16],
]

Send = Callable[..., int]
Diff = Callable[..., dict[str, Any]]


@pytest.fixture
def send(runtime: Runtime, tmp_path: Path) -> Send:
    """Write rows to a CSV and make a version of a DINKES dataset of it; return its number."""
    made = iter(range(1, 100))

    def run(rows: list[list[Any]], header: list[str] = HEADER, slug: str = SLUG) -> int:
        path = tmp_path / f"berkas_{next(made)}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        request = IngestRequest(path=path, organization="DINKES", dataset=slug)
        return ingest_file(
            runtime.sessions, runtime.settings, actor=SYSTEM, request=request
        ).version

    return run


def _versions(runtime: Runtime, slug: str) -> dict[int, Version]:
    with session_scope(runtime.sessions) as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
        assert dataset is not None
        return {v.number: v for v in dataset.versions}


@pytest.fixture
def diff(runtime: Runtime) -> Diff:
    """Compare two versions of a dataset (2 against 1 by default) with their stored stats."""

    def run(new: int = 2, old: int = 1, slug: str = SLUG, **options: Any) -> dict[str, Any]:
        versions = _versions(runtime, slug)
        n, o = versions[new], versions[old]
        with connect(temp_dir=runtime.lake.tmp / "diff") as con:
            return diff_versions(
                con, runtime.lake.path(n.parquet_path), n.table_schema,
                runtime.lake.path(o.parquet_path), o.table_schema,
                new_stats=n.column_stats, old_stats=o.column_stats, **options,
            )  # fmt: skip

    return run


@pytest.fixture
def accept_schema(runtime: Runtime) -> Callable[[Callable[[dict[str, Any]], None]], None]:
    """Accept a schema change for `data-uji` (a callback edits the descriptor)."""

    def run(edit: Callable[[dict[str, Any]], None]) -> None:
        with session_scope(runtime.sessions) as session:
            dataset = session.scalar(select(Dataset).where(Dataset.slug == SLUG))
            assert dataset is not None and dataset.table_schema is not None
            descriptor = {**dataset.table_schema, "fields": [dict(f) for f in
                                                             dataset.table_schema["fields"]]}  # fmt: skip
            edit(descriptor)
            set_table_schema(session, actor=SYSTEM, slug=SLUG, descriptor=descriptor)

    return run


def _field(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(f for f in descriptor["fields"] if f["name"] == name)


def test_rows_added_removed_and_changed_are_found_by_key(send: Send, diff: Diff) -> None:
    send(FIRST)
    send([
        ["35.07", "Kabupaten Malang", 2023, 39],
        ["35.73", "Kota Malang", 2023, 16],
        ["35.07", "Kabupaten Malang", 2024, 41],  # changed: 39 → 41
        ["35.79", "Kota Batu", 2024, 5],  # added; Kota Malang 2024 removed
    ])  # fmt: skip

    result = diff()

    assert result["compared_by"] == "key"
    assert result["key"] == ["kode_wilayah", "tahun"]  # the region name repeats the code
    assert result["row_count"] == {"new": 4, "old": 4}
    assert result["added"] == {"count": 1, "examples": [
        {"key": {"kode_wilayah": "35.79", "tahun": 2024},
         "values": {"kabupaten_kota": "Kota Batu", "jumlah_puskesmas": 5}}]}  # fmt: skip
    assert result["removed"] == {"count": 1, "examples": [
        {"key": {"kode_wilayah": "35.73", "tahun": 2024},
         "values": {"kabupaten_kota": "Kota Malang", "jumlah_puskesmas": 16}}]}  # fmt: skip
    assert result["changed"] == {
        "count": 1, "by_column": {"jumlah_puskesmas": 1},
        "examples": [{"key": {"kode_wilayah": "35.07", "tahun": 2024},
                      "changes": [{"field": "jumlah_puskesmas", "old": 39, "new": 41}]}],
    }  # fmt: skip
    assert result["schema"] == {"added": [], "removed": [], "type_changed": [],
                                "format_changed": []}  # fmt: skip


def test_statistics_are_shown_side_by_side(send: Send, diff: Diff) -> None:
    send(FIRST)
    send([*FIRST[:2], ["35.07", "Kabupaten Malang", 2024, 41], ["35.79", "Kota Batu", 2024, 5]])

    stats = {s["field"]: s for s in diff()["stats"]}

    assert list(stats) == ["kode_wilayah", "kabupaten_kota", "tahun", "jumlah_puskesmas"]
    assert stats["jumlah_puskesmas"] == {
        "field": "jumlah_puskesmas", "title": "Jumlah Puskesmas",
        "old": {"count": 4, "nulls": 0, "min": 16, "max": 39, "sum": 110, "mean": 27.5},
        "new": {"count": 4, "nulls": 0, "min": 5, "max": 41, "sum": 101, "mean": 25.25},
    }  # fmt: skip
    assert stats["tahun"] == {
        "field": "tahun", "title": "Tahun",
        "old": {"count": 4, "nulls": 0, "min": 2023, "max": 2024},
        "new": {"count": 4, "nulls": 0, "min": 2023, "max": 2024},
    }  # fmt: skip
    assert stats["kode_wilayah"]["old"] == {"count": 4, "nulls": 0}  # text: no min, max, sum


def test_statistics_are_computed_from_the_files_when_not_given(
    send: Send, runtime: Runtime, diff: Diff
) -> None:
    send(FIRST)
    send([*FIRST, ["35.79", "Kota Batu", 2024, 5]])
    versions = _versions(runtime, SLUG)

    with connect() as con:
        computed = diff_versions(
            con, runtime.lake.path(versions[2].parquet_path), versions[2].table_schema,
            runtime.lake.path(versions[1].parquet_path), versions[1].table_schema,
        )  # fmt: skip

    assert computed == diff()
    assert computed["added"]["count"] == 1
    assert (computed["removed"]["count"], computed["changed"]["count"]) == (0, 0)


def test_schema_changes_name_added_removed_and_retyped_columns(
    send: Send, diff: Diff, accept_schema: Callable[..., None]
) -> None:
    send(FIRST)

    def change(descriptor: dict[str, Any]) -> None:
        descriptor["fields"] = [f for f in descriptor["fields"] if f["name"] != "kabupaten_kota"]
        _field(descriptor, "jumlah_puskesmas")["type"] = "number"
        descriptor["fields"].append({"name": "jumlah_pustu", "title": "Jumlah Pustu",
                                     "type": "integer"})  # fmt: skip

    accept_schema(change)
    send([["35.07", 2023, 39, 3], ["35.73", 2023, 16.5, 1], ["35.07", 2024, 39, 3],
          ["35.73", 2024, 16, 1]],
         ["Kode Wilayah", "Tahun", "Jumlah Puskesmas", "Jumlah Pustu"])  # fmt: skip

    result = diff()

    assert result["schema"] == {
        "added": [{"field": "jumlah_pustu", "title": "Jumlah Pustu", "type": "integer"}],
        "removed": [{"field": "kabupaten_kota", "title": "Kabupaten/Kota", "type": "string"}],
        "type_changed": [{"field": "jumlah_puskesmas", "title": "Jumlah Puskesmas",
                          "old": "integer", "new": "number"}],
        "format_changed": [],
    }  # fmt: skip
    # 39 and 39.0 are the same number; only 16 → 16.5 changed.
    assert result["changed"] == {
        "count": 1, "by_column": {"jumlah_puskesmas": 1},
        "examples": [{"key": {"kode_wilayah": "35.73", "tahun": 2023},
                      "changes": [{"field": "jumlah_puskesmas", "old": 16, "new": 16.5}]}],
    }  # fmt: skip
    assert (result["added"]["count"], result["removed"]["count"]) == (0, 0)
    stats = {s["field"]: s for s in result["stats"]}
    assert list(stats) == ["kode_wilayah", "tahun", "jumlah_puskesmas", "jumlah_pustu",
                           "kabupaten_kota"]  # fmt: skip
    assert stats["jumlah_pustu"]["old"] is None
    assert stats["jumlah_pustu"]["new"] == {"count": 4, "nulls": 0, "min": 1, "max": 3,
                                            "sum": 8, "mean": 2.0}  # fmt: skip
    assert stats["kabupaten_kota"] == {"field": "kabupaten_kota", "title": "Kabupaten/Kota",
                                       "old": {"count": 4, "nulls": 0}, "new": None}  # fmt: skip
    assert stats["jumlah_puskesmas"]["new"]["sum"] == 110.5


def test_region_codes_written_another_way_are_a_format_change(
    send: Send, diff: Diff, accept_schema: Callable[..., None]
) -> None:
    send(FIRST)
    accept_schema(lambda d: _field(d, "kode_wilayah").update(regionCodeStyle="bps"))
    send([[c.replace(".", ""), n, y, v] for c, n, y, v in FIRST])

    result = diff()

    assert result["schema"]["format_changed"] == [{"field": "kode_wilayah",
        "title": "Kode Wilayah", "old": "kemendagri", "new": "bps"}]  # fmt: skip
    # 3507 is not 35.07: no row of the old version is found in the new one.
    assert (result["added"]["count"], result["removed"]["count"]) == (4, 4)
    assert result["changed"]["count"] == 0
    assert [e["key"] for e in result["added"]["examples"]] == [
        {"kode_wilayah": "3507", "tahun": 2023}, {"kode_wilayah": "3507", "tahun": 2024},
        {"kode_wilayah": "3573", "tahun": 2023}, {"kode_wilayah": "3573", "tahun": 2024},
    ]  # fmt: skip


def test_without_a_key_whole_rows_are_compared(send: Send, diff: Diff) -> None:
    header = ["Nama Puskesmas", "Jumlah Dokter"]
    send([["Puskesmas Dau", 3], ["Puskesmas Batu", 2], ["Puskesmas Batu", 2],
          ["Puskesmas Kepanjen", 1]], header, slug="dokter")  # fmt: skip
    send([["Puskesmas Dau", 3], ["Puskesmas Batu", 2], ["Puskesmas Kepanjen", 4],
          ["Puskesmas Turen", 1]], header, slug="dokter")  # fmt: skip

    result = diff(slug="dokter")

    assert (result["compared_by"], result["key"]) == ("row", [])
    assert result["added"] == {"count": 2, "examples": [
        {"key": {}, "values": {"nama_puskesmas": "Puskesmas Kepanjen", "jumlah_dokter": 4}},
        {"key": {}, "values": {"nama_puskesmas": "Puskesmas Turen", "jumlah_dokter": 1}},
    ]}  # fmt: skip
    # One of the two identical rows is gone: each row counts as often as it occurs.
    assert result["removed"] == {"count": 2, "examples": [
        {"key": {}, "values": {"nama_puskesmas": "Puskesmas Batu", "jumlah_dokter": 2}},
        {"key": {}, "values": {"nama_puskesmas": "Puskesmas Kepanjen", "jumlah_dokter": 1}},
    ]}  # fmt: skip
    assert result["changed"] is None


def test_a_key_repeated_in_a_version_falls_back_to_whole_rows(
    send: Send, diff: Diff, runtime: Runtime
) -> None:
    send(FIRST)
    with session_scope(runtime.sessions) as session:
        set_check_config(session, actor=SYSTEM, slug=SLUG, check_type="duplicate-key",
                         change={"severity": "warning"})  # fmt: skip
    send([*FIRST, ["35.73", "Kota Malang", 2024, 17]])  # a second Kota Malang 2024

    result = diff()

    assert (result["compared_by"], result["key"]) == ("row", [])
    assert result["added"] == {"count": 1, "examples": [{"key": {}, "values": {
        "kode_wilayah": "35.73", "kabupaten_kota": "Kota Malang", "tahun": 2024,
        "jumlah_puskesmas": 17}}]}  # fmt: skip
    assert result["removed"] == {"count": 0, "examples": []}


def test_many_rows_are_counted_exactly_with_a_bounded_list_of_examples(tmp_path: Path) -> None:
    schema = TableSchema.from_descriptor({"fields": [
        {"name": "kode_wilayah", "type": "string", "dimension": "region_code"},
        {"name": "tahun", "type": "year", "dimension": "period"},
        {"name": "jumlah", "type": "integer"}]})  # fmt: skip
    old, new = tmp_path / "lama.parquet", tmp_path / "baru.parquet"
    with connect(memory_limit="256MB", temp_dir=tmp_path / "spill") as con:
        rows = ("SELECT printf('35.%06d', i) AS kode_wilayah, CAST(2000 + i % 20 AS INTEGER) "
                "AS tahun, CAST(i AS BIGINT) AS jumlah FROM range({}, {}) t(i)")  # fmt: skip
        con.execute(f"COPY ({rows.format(0, 300_000)}) TO '{old}'")
        # 1,000 removed at the start, 2,000 added at the end, every 100th value changed.
        con.execute(f"COPY (SELECT kode_wilayah, tahun, CASE WHEN jumlah % 100 = 0 THEN "
                    f"jumlah + 1 ELSE jumlah END AS jumlah FROM ({rows.format(1_000, 302_000)})) "
                    f"TO '{new}'")  # fmt: skip

        result = diff_versions(con, new, schema, old, schema, limit=3)
        views = con.execute("SELECT count(*) FROM duckdb_views() WHERE NOT internal").fetchone()

    assert result["row_count"] == {"new": 301_000, "old": 300_000}
    assert result["added"]["count"] == 2_000
    assert result["removed"]["count"] == 1_000
    assert result["changed"]["count"] == 2_990  # multiples of 100 in 1,000..299,999
    assert result["changed"]["by_column"] == {"jumlah": 2_990}
    assert [e["key"]["kode_wilayah"] for e in result["removed"]["examples"]] == [
        "35.000000", "35.000001", "35.000002"]  # fmt: skip
    assert result["changed"]["examples"][0] == {
        "key": {"kode_wilayah": "35.001000", "tahun": 2000},
        "changes": [{"field": "jumlah", "old": 1000, "new": 1001}]}  # fmt: skip
    assert len(result["added"]["examples"]) == 3
    assert views == (0,)  # the comparison's views are gone from the caller's connection
