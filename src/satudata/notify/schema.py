"""Inbox I/O types."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import BaseModel, field_validator


class NotificationPublic(BaseModel):
    """One message in a user's inbox."""

    id: int
    kind: str  # submitted | pembina_review | returned | approved | published
    title: str
    body: str
    link: str
    dataset: str | None  # slug
    version: int | None  # number
    created_at: datetime
    read_at: datetime | None

    @field_validator("created_at", "read_at")
    @classmethod
    def _in_utc(cls, value: datetime | None) -> datetime | None:
        """Give times their zone: SQLite returns them naive (they are UTC), PostgreSQL not."""
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class NotificationList(BaseModel):
    """A page of the inbox, newest first, with the total and the number still unread."""

    data: list[NotificationPublic]
    count: int
    unread: int
