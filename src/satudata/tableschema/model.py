"""The Table Schema model: a Frictionless-compatible descriptor with a few extensions.

Extensions (allowed by the Table Schema spec as extra properties):
- `dimension` on a field: "region_code", "region_name" or "period" — the dimensions that
  let datasets of different sectors be joined on (kode_wilayah, periode).
- `regionCodeStyle`: "kemendagri" (35.07) or "bps" (3507) for a region_code field.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict
from pydantic import Field as PydanticField

FieldType = Literal[
    "string", "integer", "number", "boolean", "date", "datetime", "year", "yearmonth"
]
Dimension = Literal["region_code", "region_name", "period"]

# DuckDB storage type of each Table Schema type.
DUCKDB_TYPES: dict[str, str] = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "year": "INTEGER",
    "yearmonth": "DATE",
}


# How a type and a date format are named to an agency operator (Indonesian).
TYPE_NAMES_ID = {
    "integer": "bilangan bulat",
    "number": "angka",
    "boolean": "ya/tidak",
    "date": "tanggal",
    "datetime": "tanggal dan jam",
    "year": "tahun",
    "yearmonth": "bulan dan tahun",
    "string": "teks",
}
FORMAT_HINTS = {
    "%d/%m/%Y": "HH/BB/TTTT, mis. 31/12/2024",
    "id-day-month-year": "mis. 31 Desember 2024",
    "id-month-year": "mis. Desember 2024",
    "default": "",
}


class Field(BaseModel):
    """One column: its name, the title as the agency wrote it, type and format."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    name: str
    title: str = ""
    type: FieldType = "string"
    format: str = "default"
    description: str = ""
    decimal_char: str | None = PydanticField(default=None, alias="decimalChar")
    group_char: str | None = PydanticField(default=None, alias="groupChar")
    missing_values: list[str] | None = PydanticField(default=None, alias="missingValues")
    constraints: dict[str, Any] = PydanticField(default_factory=dict)
    dimension: Dimension | None = None
    code_like: bool = PydanticField(default=False, alias="codeLike")
    region_code_style: Literal["kemendagri", "bps"] | None = PydanticField(
        default=None, alias="regionCodeStyle"
    )

    @property
    def storage_type(self) -> str:
        """Return the DuckDB type this field is stored as."""
        return DUCKDB_TYPES[self.type]


class TableSchema(BaseModel):
    """A dataset's schema: its fields, missing values and primary key."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)

    fields: list[Field]
    missing_values: list[str] = PydanticField(
        default_factory=lambda: ["", "-", "--", "—"], alias="missingValues"
    )
    primary_key: list[str] = PydanticField(default_factory=list, alias="primaryKey")

    def to_descriptor(self) -> dict[str, Any]:
        """Return the Frictionless descriptor (camelCase keys, defaults left out)."""
        return self.model_dump(by_alias=True, exclude_none=True, exclude_defaults=False)

    @classmethod
    def from_descriptor(cls, descriptor: dict[str, Any]) -> TableSchema:
        """Read a descriptor produced by `to_descriptor` (or written by hand)."""
        return cls.model_validate(descriptor)

    @property
    def field_names(self) -> list[str]:
        """Return the field names in order."""
        return [f.name for f in self.fields]

    def field(self, name: str) -> Field:
        """Return the field called `name`."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)

    def dimension(self, dimension: Dimension) -> Field | None:
        """Return the first field playing `dimension`, if any."""
        return next((f for f in self.fields if f.dimension == dimension), None)
