"""Large versions are stored sorted by region and period, so filters skip row groups."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
import pytest

import satudata.ingest.service as service
from satudata.auth import SYSTEM
from satudata.catalog.data import open_version
from satudata.db.session import session_scope
from satudata.runtime import Runtime

ROWS = [("35.78", 2021, 5), ("35.07", 2022, 1), ("35.07", 2021, 2), ("35.01", 2022, 3)]


def physical_order(runtime: Runtime) -> list[tuple[str, int, int]]:
    with session_scope(runtime.sessions) as session:
        path = open_version(session, runtime.lake, actor=SYSTEM, slug="data-uji").path
    with duckdb.connect() as con:
        return con.execute(f"SELECT * FROM read_parquet('{path.as_posix()}')").fetchall()


def write(tmp_path: Path) -> Path:
    path = tmp_path / "urutan.csv"
    path.write_text("kode_wilayah,tahun,jumlah\n" + "".join(f"{k},{t},{j}\n" for k, t, j in ROWS))
    return path


def test_a_large_file_is_stored_sorted_by_region_then_period(
    tmp_path: Path, ingest: Any, runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(service, "CLUSTER_MIN_BYTES", 0)

    ingest(write(tmp_path))

    assert physical_order(runtime) == sorted(ROWS)


def test_a_small_file_keeps_its_own_row_order(
    tmp_path: Path, ingest: Any, runtime: Runtime
) -> None:
    ingest(write(tmp_path))

    assert physical_order(runtime) == ROWS
