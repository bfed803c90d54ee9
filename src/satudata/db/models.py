"""The metadata models: organizations, datasets, versions and the original files."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from satudata.db.base import Base, Timestamped, utcnow


class Organization(Timestamped, Base):
    """An agency (OPD) that produces data."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(255))
    short_name: Mapped[str] = mapped_column(String(128), default="")

    datasets: Mapped[list[Dataset]] = relationship(back_populates="organization")


class Dataset(Timestamped, Base):
    """A dataset: its SDI metadata, its Table Schema and a pointer to its current version."""

    __tablename__ = "dataset"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(128), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    sector: Mapped[str] = mapped_column(String(64), default="", index=True)
    license: Mapped[str] = mapped_column(String(64), default="CC-BY-4.0")
    access_level: Mapped[str] = mapped_column(String(16), default="terbuka")
    # Satu Data Indonesia / BPS statistical metadata.
    concept: Mapped[str] = mapped_column(Text, default="")
    definition: Mapped[str] = mapped_column(Text, default="")
    classification: Mapped[str] = mapped_column(Text, default="")
    measure: Mapped[str] = mapped_column(String(255), default="")
    unit: Mapped[str] = mapped_column(String(128), default="")
    frequency: Mapped[str] = mapped_column(String(32), default="", index=True)
    period_coverage: Mapped[str] = mapped_column(String(128), default="")
    region_level: Mapped[str] = mapped_column(String(32), default="", index=True)
    source: Mapped[str] = mapped_column(String(500), default="")
    producer: Mapped[str] = mapped_column(String(255), default="")
    release_schedule: Mapped[str] = mapped_column(String(255), default="")
    priority: Mapped[bool] = mapped_column(Boolean, default=False)
    bps_indicator_code: Mapped[str] = mapped_column(String(64), default="")
    kode_dssd: Mapped[str] = mapped_column(String(64), default="")
    is_sample: Mapped[bool] = mapped_column(Boolean, default=False)
    # The confirmed Table Schema (Frictionless-compatible descriptor); None until first ingest.
    table_schema: Mapped[dict[str, Any] | None] = mapped_column(JSON, nullable=True)
    # Which validation checks run, with which severity and parameters (validate.CheckConfig).
    checks: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    # An agency's metadata change to a published dataset, waiting for the walidata.
    pending_changes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("version.id", use_alter=True), nullable=True
    )
    search_text: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )

    organization: Mapped[Organization] = relationship(back_populates="datasets")
    versions: Mapped[list[Version]] = relationship(
        back_populates="dataset",
        foreign_keys="Version.dataset_id",
        order_by="Version.number",
    )
    current_version: Mapped[Version | None] = relationship(
        foreign_keys=[current_version_id], post_update=True
    )
    tags: Mapped[list[DatasetTag]] = relationship(
        cascade="all, delete-orphan", order_by="DatasetTag.tag"
    )
    years: Mapped[list[DatasetYear]] = relationship(
        cascade="all, delete-orphan", order_by="DatasetYear.year"
    )


class DatasetTag(Base):
    """A keyword of a dataset, one row each so tags can be faceted."""

    __tablename__ = "dataset_tag"

    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    tag: Mapped[str] = mapped_column(String(64), primary_key=True, index=True)


class DatasetYear(Base):
    """A year covered by the dataset's current version, for the year facet."""

    __tablename__ = "dataset_year"

    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id"), primary_key=True)
    year: Mapped[int] = mapped_column(Integer, primary_key=True, index=True)


class SourceFile(Timestamped, Base):
    """An original uploaded file, kept content-addressed whatever the ingest outcome."""

    __tablename__ = "source_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int] = mapped_column(BigInteger)
    stored_path: Mapped[str] = mapped_column(String(500))


class Upload(Timestamped, Base):
    """One attempt to add a file to a dataset, accepted or rejected, with its report."""

    __tablename__ = "upload"

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int | None] = mapped_column(ForeignKey("dataset.id"), index=True)
    # The OPD the file was sent for: who may see its report (also when no dataset came of it).
    organization_id: Mapped[int | None] = mapped_column(
        ForeignKey("organization.id"), index=True, nullable=True
    )
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id"))
    filename: Mapped[str] = mapped_column(String(500))
    sheet: Mapped[str | None] = mapped_column(String(255), nullable=True)
    status: Mapped[str] = mapped_column(String(16))  # accepted | rejected
    version_id: Mapped[int | None] = mapped_column(ForeignKey("version.id"), nullable=True)
    report: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    source_file: Mapped[SourceFile] = relationship()


class Version(Timestamped, Base):
    """An immutable version of a dataset: one typed Parquet file in the lake."""

    __tablename__ = "version"
    __table_args__ = (UniqueConstraint("dataset_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dataset_id: Mapped[int] = mapped_column(ForeignKey("dataset.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    parquet_path: Mapped[str] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    row_count: Mapped[int] = mapped_column(BigInteger)
    byte_size: Mapped[int] = mapped_column(BigInteger)
    table_schema: Mapped[dict[str, Any]] = mapped_column(JSON)
    column_stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    ingest_notes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    validation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict, server_default="{}")
    warning_count: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    source_file_id: Mapped[int] = mapped_column(ForeignKey("source_file.id"))
    source_filename: Mapped[str] = mapped_column(String(500), default="")
    # The review workflow: draft → submitted → in_review → returned | approved →
    # (pembina_review for priority data) → published; also withdrawn and unpublished.
    state: Mapped[str] = mapped_column(String(16), default="draft", server_default="published")
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), nullable=True)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    dataset: Mapped[Dataset] = relationship(back_populates="versions", foreign_keys=[dataset_id])
    source_file: Mapped[SourceFile] = relationship()


# The other model modules, so that importing the models registers every table.
from satudata.db import compliance, jobs, people, workflow  # noqa: E402, F401
