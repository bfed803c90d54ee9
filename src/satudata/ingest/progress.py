"""Progress of a long phase, reported to the caller of an ingest that asked for it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb

from satudata.ingest.request import IngestRequest


@contextmanager
def reporting(con: duckdb.DuckDBPyConnection, req: IngestRequest, phase: str) -> Iterator[None]:
    """Report a phase, and DuckDB's own progress of its query while it runs."""
    report = req.progress
    if report is None:
        yield
        return
    report(phase, None)
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.25):
            try:
                pct = con.query_progress()
            except duckdb.Error:
                return
            if pct is not None and pct >= 0:
                report(phase, float(pct))

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        report(phase, 100.0)
