"""Generate a large, realistic East Java agency CSV for benchmarks, once, and cache it.

One row per district (kecamatan, Kemendagri code "35.07.01"), month (2015-2024, and
later years past 1,038,960 rows, so that every key stays unique) and
food crop, with integer and plain "." decimal measures and about 1 % empty cells in one
column. The rows are a pure function of their index: the same N gives the same file.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import duckdb

from satudata.reference import get_region_index

VERSION = 2  # bump when the rows change, so stale cached files are not reused
COMMODITIES = [
    "Padi sawah",
    "Padi ladang",
    "Jagung",
    "Kedelai",
    "Kacang tanah",
    "Kacang hijau",
    "Ubi kayu",
    "Ubi jalar",
    "Cabai besar",
    "Cabai rawit",
    "Bawang merah",
    "Kentang",
    "Tebu",
]


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def _hash(salt: int) -> str:
    """Return a deterministic pseudo-random integer of the row index `i` (no RNG state)."""
    return f"(((i + {salt * 1_000_003}) * 2654435761) % 4294967291)"


def districts() -> list[tuple[str, str]]:
    """Return (code, name) of every East Java kecamatan, in the order the rows use them."""
    index = get_region_index()
    return [(d.code, d.name) for r in index.regencies() for d in index.children(r.code)]


def rows_sql(rows: int) -> str:
    """Return the SELECT of the generated rows, with the row index `i` as first column."""
    found = districts()
    codes, names = _sql_list([c for c, _ in found]), _sql_list([n for _, n in found])
    n_dist, n_com = len(found), len(COMMODITIES)
    district = f"(i // {n_com}) % {n_dist} + 1"
    month_index = f"(i // {n_com * n_dist})"
    luas = f"round(({_hash(1)} % 500000) / 100.0 + 0.5, 2)"
    return f"""
          SELECT
            i,
            {codes}[{district}] AS kode_wilayah,
            {names}[{district}] AS nama_wilayah,
            2015 + {month_index} // 12 AS tahun,  -- past 2024 beyond 1.04M rows: keys stay unique
            {month_index} % 12 + 1 AS bulan,
            {_sql_list(COMMODITIES)}[i % {n_com} + 1] AS komoditas,
            CAST({luas} AS DECIMAL(12, 2)) AS luas_panen_ha,
            CAST(round({luas} * (30 + {_hash(2)} % 50) / 10.0, 2) AS DECIMAL(14, 2))
              AS produksi_ton,
            CAST({_hash(3)} % 5000 AS INTEGER) AS jumlah_petani,
            CAST({_hash(4)} % 120 AS INTEGER) AS jumlah_kelompok_tani,
            CASE WHEN {_hash(5)} % 100 = 0 THEN NULL
                 ELSE CAST({_hash(6)} % 15 AS INTEGER) END AS jumlah_penyuluh
          FROM range({rows}) AS r(i)
    """


def write_csv(path: Path, select_sql: str, *, threads: int = 2) -> None:
    """Write the rows of `select_sql` to `path` with DuckDB (written aside, then renamed)."""
    partial = path.with_suffix(".partial")
    sql = f"COPY ({select_sql}) TO '{partial.as_posix()}' (FORMAT csv, HEADER, DELIMITER ',')"
    con = duckdb.connect(":memory:", config={"threads": threads, "preserve_insertion_order": True})
    try:
        con.execute(sql)
    finally:
        con.close()
    partial.rename(path)


def generate_csv(path: Path, rows: int, *, threads: int = 2) -> None:
    """Write `rows` rows to `path` with DuckDB (written aside, then renamed)."""
    write_csv(path, f"SELECT * EXCLUDE (i) FROM ({rows_sql(rows)})", threads=threads)


def cached_csv(cache: Path, rows: int) -> Path:
    """Return the cached CSV of `rows` rows, generating it first if absent."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"jatim-v{VERSION}-{rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        generate_csv(path, rows)
        size = path.stat().st_size / 1024 / 1024
        took = time.perf_counter() - started
        print(f"generated {path} ({size:.0f} MB) in {took:.1f} s", file=sys.stderr)
    return path


def head_csv(source: Path, rows: int) -> Path:
    """Return a file with the header and the first `rows` data rows of `source`."""
    out = source.with_name(f"{source.stem}-head{rows}.csv")
    if not out.exists():
        with source.open("rb") as src, out.open("wb") as dst:
            for _ in range(rows + 1):
                line = src.readline()
                if not line:
                    break
                dst.write(line)
    return out


def count_rows(path: Path) -> int:
    """Return the number of data rows (lines minus the header)."""
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b"")) - 1
