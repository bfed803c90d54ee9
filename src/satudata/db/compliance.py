"""Compliance: the Daftar Data (what each OPD owes), reminders sent, monthly reports kept,
and the (period × region) cells of each version, read once from the lake."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from satudata.db.base import Base, Timestamped, utcnow
from satudata.db.models import Dataset, Organization


class DataListItem(Timestamped, Base):
    """One entry of the Daftar Data: a dataset an OPD must supply, how often, by when."""

    __tablename__ = "data_list_item"
    __table_args__ = (UniqueConstraint("organization_id", "title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    dataset_id: Mapped[int | None] = mapped_column(
        ForeignKey("dataset.id"), index=True, nullable=True
    )
    frequency: Mapped[str] = mapped_column(String(16))  # tahunan … harian
    # The due rule; None takes the frequency's default (catalog.periods.DEFAULT_RULES).
    due_months: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_day: Mapped[int | None] = mapped_column(Integer, nullable=True)
    due_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    region_level: Mapped[str] = mapped_column(String(32), default="kabupaten_kota")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    sector: Mapped[str] = mapped_column(String(64), default="")
    start_date: Mapped[date] = mapped_column(Date)  # owed from the period holding this day
    end_date: Mapped[date | None] = mapped_column(Date, nullable=True)  # owed until
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    organization: Mapped[Organization] = relationship()
    dataset: Mapped[Dataset | None] = relationship()


class ComplianceReminder(Base):
    """A reminder sent to one person, so that the same reminder never goes twice.

    `key` names what was reminded: "overdue:12:2025:1" (item 12, period 2025, first
    repeat), "digest:2026-11-28".
    """

    __tablename__ = "compliance_reminder"
    __table_args__ = (UniqueConstraint("user_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    key: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # due_soon | overdue | digest
    item_id: Mapped[int | None] = mapped_column(
        ForeignKey("data_list_item.id", ondelete="CASCADE"), index=True, nullable=True
    )
    period: Mapped[str] = mapped_column(String(16), default="")
    notification_id: Mapped[int | None] = mapped_column(
        ForeignKey("notification.id"), nullable=True
    )
    sent_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ComplianceReport(Timestamped, Base):
    """A monthly coordination report as generated: kept, never replaced (a new revision)."""

    __tablename__ = "compliance_report"
    __table_args__ = (UniqueConstraint("month", "revision"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    month: Mapped[str] = mapped_column(String(7), index=True)  # 2026-10
    revision: Mapped[int] = mapped_column(Integer, default=1)
    as_of: Mapped[date] = mapped_column(Date)
    created_by: Mapped[str] = mapped_column(String(320), default="")
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class VersionCells(Timestamped, Base):
    """The periods of a version and the region codes present in each (read once)."""

    __tablename__ = "compliance_version_cells"

    version_id: Mapped[int] = mapped_column(ForeignKey("version.id"), primary_key=True)
    # {raw period value as text: [kode wilayah, ...]}; "" when the data has no period.
    cells: Mapped[dict[str, list[str]]] = mapped_column(JSON, default=dict)
