"""DuckDB connections configured for this machine: bounded memory, no downloads."""

from __future__ import annotations

from pathlib import Path

import duckdb


def connect(
    *, memory_limit: str = "1GB", threads: int = 2, temp_dir: Path | None = None
) -> duckdb.DuckDBPyConnection:
    """Open an in-memory DuckDB that never downloads an extension and spills to `temp_dir`."""
    con = duckdb.connect(
        ":memory:",
        config={
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "memory_limit": memory_limit,
            "threads": threads,
        },
    )
    if temp_dir is not None:
        temp_dir.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_dir.as_posix()}'")
    return con
