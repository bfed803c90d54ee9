"""What an ingest or a dry run is asked to do, and what an ingest returns."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from satudata.catalog.schema import DatasetPublic


@dataclass
class IngestRequest:
    """What to ingest, into which dataset, and how."""

    path: Path
    organization: str
    dataset: str
    filename: str = ""
    sheet: str | None = None
    reshape: str | None = None  # "long" turns year columns into rows
    metadata: dict[str, Any] = field(default_factory=dict)  # used when the dataset is new
    progress: Callable[[str, float | None], None] | None = None  # (phase, percent)


@dataclass
class IngestResult:
    """The new version and the dataset it belongs to."""

    dataset: DatasetPublic
    version: int
    row_count: int
    table_schema: dict[str, Any]
    notes: dict[str, Any]
    upload_id: int = 0
    validation: dict[str, Any] = field(default_factory=dict)  # the report (warnings only)
