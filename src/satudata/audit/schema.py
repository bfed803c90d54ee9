"""Audit I/O types."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class AuditEventPublic(BaseModel):
    """One recorded event."""

    id: int
    at: datetime
    actor: str
    action: str
    organization: str | None
    dataset: str | None
    version: int | None
    target: str
    before: dict[str, Any]
    after: dict[str, Any]


class AuditList(BaseModel):
    """A page of events, newest first, with the exact total."""

    data: list[AuditEventPublic]
    count: int
