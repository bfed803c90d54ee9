"""Ingest I/O types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class UploadPublic(BaseModel):
    """One file sent for a dataset: accepted (with its version) or rejected, and its report."""

    id: int
    dataset: str | None
    organization: str | None
    filename: str
    sheet: str | None
    status: str  # accepted | rejected
    version: int | None
    created_at: datetime
    report: dict[str, Any]
