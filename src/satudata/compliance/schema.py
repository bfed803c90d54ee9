"""Input and output types of the Daftar Data, the board and the reports."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from satudata.compliance.scores import ItemScore

Frequency = Literal["tahunan", "semesteran", "triwulanan", "bulanan", "mingguan", "harian"]
Coverage = Literal["provinsi", "kabupaten_kota", "kecamatan"]


class _DueParts(BaseModel):
    due_months: int | None = Field(default=None, ge=0, le=24)
    due_day: int | None = Field(default=None, ge=1, le=31)
    due_days: int | None = Field(default=None, ge=0, le=366)


class DataListItemCreate(_DueParts):
    """A new item of the Daftar Data."""

    organization: str = Field(min_length=1, max_length=64)  # OPD code
    title: str = Field(min_length=3, max_length=500)
    dataset: str | None = None  # slug of the linked dataset, once it exists
    frequency: Frequency
    region_level: Coverage = "kabupaten_kota"
    priority: bool = False
    sector: str = Field(default="", max_length=64)
    start_date: date
    end_date: date | None = None
    notes: str = ""

    @field_validator("title")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return " ".join(value.split())

    @model_validator(mode="after")
    def _ends_after_start(self) -> DataListItemCreate:
        if self.end_date is not None and self.end_date < self.start_date:
            raise ValueError("end_date is before start_date")
        return self


class DataListItemUpdate(_DueParts):
    """A partial change of an item; `dataset: ""` unlinks the dataset."""

    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=3, max_length=500)
    dataset: str | None = None
    frequency: Frequency | None = None
    region_level: Coverage | None = None
    priority: bool | None = None
    sector: str | None = Field(default=None, max_length=64)
    start_date: date | None = None
    end_date: date | None = None
    notes: str | None = None


class DataListItemPublic(BaseModel):
    """An item of the Daftar Data as shown."""

    id: int
    organization: str
    organization_name: str
    title: str
    dataset: str | None
    frequency: str
    due_months: int | None
    due_day: int | None
    due_days: int | None
    due_rule: str  # the effective rule in words
    due_rule_en: str
    region_level: str
    priority: bool
    sector: str
    start_date: date
    end_date: date | None
    notes: str
    created_at: datetime
    updated_at: datetime


class RowProblem(BaseModel):
    """A cell of an imported spreadsheet that could not be read."""

    row: int
    column: str
    value: str
    message: str
    message_en: str


class ImportResult(BaseModel):
    """What an import did."""

    created: int
    updated: int
    unchanged: int
    rows: int


class TrendPoint(BaseModel):
    """An OPD's score at the end of one month."""

    month: str  # 2026-10
    score: float | None


class OrganizationStatus(BaseModel):
    """One OPD on the board: its score, rank, counts and trend."""

    code: str
    name: str
    short_name: str
    rank: int | None
    score: float | None
    items: int
    expected: int
    delivered: int
    on_time: int
    late: int
    valid: int
    published: int
    missing: int
    partial: int
    trend: list[TrendPoint]


class Board(BaseModel):
    """The ranking of every OPD with a Daftar Data, at a date."""

    as_of: date
    sector: str | None
    priority: bool | None
    formula: str
    formula_en: str
    months: list[str]
    organizations: list[OrganizationStatus]


class OrganizationDetail(BaseModel):
    """One OPD's status with each item, its periods and its exact gaps."""

    as_of: date
    organization: OrganizationStatus
    items: list[ItemScore]
    formula: str
    formula_en: str
