"""How much memory DuckDB may take while a large file is typed and checked.

DuckDB uses the memory it is allowed for speed, up to `SATUDATA_QUERY_MEMORY_LIMIT`
(1GB by default). Typing and checking a large file do not need that much: on 5M rows
(294 MB) the dry run took 4.6 s with 256 MiB and 4.7 s with 1 GB, and its peak RSS fell
from 715 to 458 MiB (see docs/benchmarks.md, Validation). So while a file of
VALIDATION_MEMORY_FROM bytes or more is written and checked, DuckDB is held to
VALIDATION_MEMORY; what follows (the sort of a large version, its statistics) gets the
configured limit back. Smaller files keep the configured limit: their peak stays low
anyway, and on 1M rows (59 MB) the lower limit looked about 5 % slower.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from satudata.tableschema.parsing import sql_str

VALIDATION_MEMORY = 256 * 2**20  # bytes
VALIDATION_MEMORY_FROM = 128 * 2**20  # file size in bytes
_UNITS = {"bytes": 1, "KiB": 2**10, "MiB": 2**20, "GiB": 2**30, "TiB": 2**40, "PiB": 2**50}
_SIZE = re.compile(r"([\d.]+)\s*(bytes|[KMGTP]iB)")


@contextmanager
def validation_memory(con: duckdb.DuckDBPyConnection, configured: str,
                      size: int) -> Iterator[None]:  # fmt: skip
    """Hold `con` to VALIDATION_MEMORY (unless it has less) for a file of `size` bytes."""
    if size < VALIDATION_MEMORY_FROM:
        yield
        return
    row = con.execute("SELECT current_setting('memory_limit')").fetchone()
    found = _SIZE.fullmatch(str(row[0]).strip()) if row else None
    if found is not None and float(found[1]) * _UNITS[found[2]] <= VALIDATION_MEMORY:
        yield
        return
    con.execute(f"SET memory_limit = '{VALIDATION_MEMORY // 2**20}MiB'")
    try:
        yield
    finally:
        con.execute(f"SET memory_limit = {sql_str(configured)}")
