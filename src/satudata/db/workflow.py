"""The review workflow and its record: reviews with checklists, comments, the append-only
audit log and the in-app notifications."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from satudata.db.base import Base, Timestamped, utcnow


class Review(Timestamped, Base):
    """One reviewer's look at a version: the walidata's, or the pembina's for priority data."""

    __tablename__ = "review"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    stage: Mapped[str] = mapped_column(String(16))  # walidata | pembina
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    reviewer: Mapped[str] = mapped_column(String(320), default="")  # who, as shown
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|approved|returned
    checklist: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)  # per item
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class Comment(Timestamped, Base):
    """A remark on a version, by the agency or a reviewer."""

    __tablename__ = "version_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    author: Mapped[str] = mapped_column(String(320), default="")
    body: Mapped[str] = mapped_column(Text)


class AuditEvent(Base):
    """One thing that happened: who, when, what, before and after. Rows are never changed
    or deleted (the migration adds database triggers that refuse it)."""

    __tablename__ = "audit_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(String(320))  # e-mail, "system" or "anonymous"
    actor_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    action: Mapped[str] = mapped_column(String(64), index=True)  # e.g. "version.submitted"
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id"), index=True, nullable=True
    )
    dataset_id: Mapped[int | None] = mapped_column(
        ForeignKey("dataset.id"), index=True, nullable=True
    )
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"), nullable=True)
    target: Mapped[str] = mapped_column(String(500), default="")  # what, in words: slug@v3
    before: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    after: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class Notification(Timestamped, Base):
    """An in-app message to one user (also sent by e-mail when configured)."""

    __tablename__ = "notification"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # submitted | returned | approved | published
    title: Mapped[str] = mapped_column(String(500))
    body: Mapped[str] = mapped_column(Text, default="")
    link: Mapped[str] = mapped_column(String(500), default="")
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("dataset.id"), nullable=True)
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"), nullable=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    emailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
