"""Input and output types of the catalog, shared by the API, the CLI and the web pages."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

AccessLevel = Literal["terbuka", "terbatas", "tertutup"]
Frequency = Literal[
    "", "tahunan", "semesteran", "triwulanan", "bulanan", "mingguan", "harian", "sewaktu-waktu"
]
RegionLevel = Literal["", "provinsi", "kabupaten_kota", "kecamatan", "desa"]
SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"


class OrganizationCreate(BaseModel):
    """A new OPD."""

    code: str = Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_.-]+$")
    name: str = Field(min_length=3, max_length=255)
    short_name: str = Field(default="", max_length=128)


class OrganizationPublic(BaseModel):
    """An OPD as shown to anyone."""

    model_config = ConfigDict(from_attributes=True)

    code: str
    name: str
    short_name: str
    dataset_count: int = 0


class DatasetMetadata(BaseModel):
    """Descriptive and Satu Data Indonesia (SDI/BPS) statistical metadata of a dataset.

    Length limits are those of the database columns (PostgreSQL enforces them).
    """

    title: str = Field(min_length=3, max_length=500)
    description: str = ""
    sector: str = Field(default="", max_length=64)
    tags: list[str] = Field(default_factory=list)
    license: str = Field(default="CC-BY-4.0", max_length=64)
    access_level: AccessLevel = "terbuka"
    concept: str = ""
    definition: str = ""
    classification: str = ""
    measure: str = Field(default="", max_length=255)
    unit: str = Field(default="", max_length=128)
    frequency: Frequency = ""
    period_coverage: str = Field(default="", max_length=128)
    region_level: RegionLevel = ""
    source: str = Field(default="", max_length=500)
    producer: str = Field(default="", max_length=255)
    release_schedule: str = Field(default="", max_length=255)
    priority: bool = False
    bps_indicator_code: str = Field(default="", max_length=64)
    kode_dssd: str = Field(default="", max_length=64)
    is_sample: bool = False


class DatasetCreate(DatasetMetadata):
    """A new dataset of an OPD."""

    slug: str = Field(min_length=3, max_length=128, pattern=SLUG_PATTERN)
    organization: str


class DatasetUpdate(BaseModel):
    """A partial change of a dataset's metadata."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=500)
    description: str | None = None
    sector: str | None = Field(default=None, max_length=64)
    tags: list[str] | None = None
    license: str | None = Field(default=None, max_length=64)
    access_level: AccessLevel | None = None
    concept: str | None = None
    definition: str | None = None
    classification: str | None = None
    measure: str | None = Field(default=None, max_length=255)
    unit: str | None = Field(default=None, max_length=128)
    frequency: Frequency | None = None
    period_coverage: str | None = Field(default=None, max_length=128)
    region_level: RegionLevel | None = None
    source: str | None = Field(default=None, max_length=500)
    producer: str | None = Field(default=None, max_length=255)
    release_schedule: str | None = Field(default=None, max_length=255)
    priority: bool | None = None
    bps_indicator_code: str | None = Field(default=None, max_length=64)
    kode_dssd: str | None = Field(default=None, max_length=64)


class VersionPublic(BaseModel):
    """An immutable version of a dataset."""

    number: int
    created_at: datetime
    row_count: int
    byte_size: int
    content_hash: str
    source_filename: str
    source_sha256: str
    column_stats: dict[str, Any]
    ingest_notes: dict[str, Any]
    state: str  # draft, submitted, in_review, returned, approved, pembina_review, published, …
    validation: dict[str, Any]  # the validation report (warnings only: errors refuse a file)
    warning_count: int
    is_current: bool


class DatasetSummary(DatasetMetadata):
    """A dataset in a list: metadata without schema and versions."""

    slug: str
    organization: OrganizationPublic
    years: list[int]
    row_count: int | None
    version_count: int
    current_version: int | None
    created_at: datetime
    updated_at: datetime


class DatasetPublic(DatasetSummary):
    """A dataset with its Table Schema and version history."""

    table_schema: dict[str, Any] | None
    checks: dict[str, Any]  # validation checks switched off or set up for this dataset
    pending_changes: dict[str, Any]  # an agency's metadata change waiting for the walidata
    versions: list[VersionPublic]


class FacetValue(BaseModel):
    """One value of a facet and how many datasets have it."""

    value: str
    label: str
    count: int


class DatasetList(BaseModel):
    """A page of search results with the total and facet counts."""

    data: list[DatasetSummary]
    count: int
    facets: dict[str, list[FacetValue]]
