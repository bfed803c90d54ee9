"""What a check sees: the typed table, its schema, the previous version, the dataset."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

import duckdb

from satudata.reference import RegionIndex, get_region_index
from satudata.tableschema.keys import key_fields
from satudata.tableschema.model import Field, TableSchema

# View over the typed rows. Its `_ord` is a sortable row key: it orders the rows as the
# file does and is unique, but it need not be the 0-based position (with refused lines
# put back it is not: see `ingest.refused.Merged`). Only the RowLocator turns it into a row.
TABLE = "telaah_data"
PREVIOUS = "telaah_sebelumnya"  # view over the previous version's rows, if any
BAD_CELLS = "telaah_sel_salah"  # (_ord, field, value) of cells that did not fit their type


class RowLocator(Protocol):
    """Maps the row keys (`_ord`) of the typed table back to the original file."""

    def rows(self, ordinals: list[int]) -> dict[int, int]:
        """Return the source row (as the operator sees it) of each row key `_ord`."""
        ...

    def cell(self, field_name: str, row: int) -> str | None:
        """Return the cell reference ("Data!C17") of a field in a source row, if any."""
        ...


@dataclass
class ColumnSeen:
    """A column of the file as read: its normalised name and the title the agency wrote."""

    name: str
    title: str


@dataclass
class CheckContext:
    """Everything a check may read; nothing it may change."""

    con: duckdb.DuckDBPyConnection
    schema: TableSchema
    columns: list[ColumnSeen] = field(default_factory=list)
    previous_schema: TableSchema | None = None
    region_level: str = ""  # the dataset's tingkat penyajian (catalog RegionLevel)
    has_table: bool = True  # False when the columns did not match: structure checks only
    has_bad_cells: bool = False
    filename: str = ""
    regions: RegionIndex = field(default_factory=get_region_index)
    extra: dict[str, Any] = field(default_factory=dict)

    table = TABLE
    previous = PREVIOUS
    bad_cells = BAD_CELLS

    @property
    def has_previous(self) -> bool:
        """Is there an earlier version to compare with?"""
        return self.previous_schema is not None

    def title(self, name: str) -> str:
        """Return the title the operator knows for a field."""
        try:
            return self.schema.field(name).title or name
        except KeyError:
            return name

    def fields_of(self, *types: str) -> list[Field]:
        """Return the schema's fields of these types (all fields when none are given)."""
        return [f for f in self.schema.fields if not types or f.type in types]

    def key_fields(self) -> list[Field]:
        """Return the fields that identify a row (see `tableschema.keys.key_fields`)."""
        return key_fields(self.schema)
