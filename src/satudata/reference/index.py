"""RegionIndex: look up Jawa Timur regions by code or name, built from the shipped CSV."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from functools import cached_property, lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import TYPE_CHECKING, cast

from satudata.reference.names import NameIndex, NameMatch
from satudata.reference.regions import REGION_LEVELS, Region, RegionLevel, to_dotted_code

if TYPE_CHECKING:
    import pyarrow as pa

REGIONS_FILE = "wilayah_jatim.csv"
ALIASES_FILE = "wilayah_aliases.csv"


class RegionIndex:
    """Regions by code, by parent and by name."""

    def __init__(self, regions: Iterable[Region], aliases: Iterable[tuple[str, str]] = ()) -> None:
        """Index regions and (code, alias) spellings; aliases must name known codes."""
        self._by_code: dict[str, Region] = {}
        self._children: dict[str, list[Region]] = {}
        # Dotted codes have fixed-width segments, so string order is code order.
        for region in sorted(regions, key=lambda r: r.code):
            self._by_code[region.code] = region
            if region.parent_code is not None:
                self._children.setdefault(region.parent_code, []).append(region)
        self._aliases: list[tuple[Region, str]] = []
        for code, alias in aliases:
            target = self.get(code)
            if target is None:
                raise ValueError(f"alias {alias!r} names unknown region code {code!r}")
            self._aliases.append((target, alias))

    @cached_property
    def _names(self) -> NameIndex:
        # Built on first name match: code lookups alone should not pay for it.
        return NameIndex(self._by_code.values(), self._aliases)

    @classmethod
    def from_package_data(cls) -> RegionIndex:
        """Build the index from the CSV files shipped in satudata/reference/data."""
        data = resources.files("satudata.reference").joinpath("data")
        rows = _read_csv(data.joinpath(REGIONS_FILE), ["kode", "nama", "level", "parent"])
        regions = [
            Region(code, name, _level(level), parent or None) for code, name, level, parent in rows
        ]
        aliases = _read_csv(data.joinpath(ALIASES_FILE), ["kode", "alias", "note"])
        return cls(regions, [(code, alias) for code, alias, _ in aliases])

    def __len__(self) -> int:
        """Return the number of regions."""
        return len(self._by_code)

    def __iter__(self) -> Iterator[Region]:
        """Iterate over all regions in code order."""
        return iter(self._by_code.values())

    def __contains__(self, code: object) -> bool:
        """Return whether a code (any accepted form) names a known region."""
        return isinstance(code, str | int | float) and self.normalize_code(code) is not None

    def normalize_code(self, code: str | int | float) -> str | None:
        """Return the dotted form of a known region's code, or None."""
        dotted = to_dotted_code(code)
        return dotted if dotted in self._by_code else None

    def get(self, code: str | int | float) -> Region | None:
        """Return the region with this code (dotted, compact or spreadsheet float), or None."""
        dotted = to_dotted_code(code)
        return self._by_code.get(dotted) if dotted else None

    def level_of(self, code: str | int | float) -> RegionLevel | None:
        """Return the level of the region with this code, or None if it is unknown."""
        region = self.get(code)
        return region.level if region else None

    def children(self, code: str | int | float) -> list[Region]:
        """Return the regions directly inside this one, in code order ([] if none or unknown)."""
        dotted = to_dotted_code(code)
        return list(self._children.get(dotted, ())) if dotted else []

    def regencies(self) -> list[Region]:
        """Return all kabupaten and kota in code order (35.01-35.29, then 35.71-35.79)."""
        return [r for r in self._by_code.values() if r.level in ("regency", "city")]

    def match_name(
        self,
        name: str,
        *,
        level: str | None = None,
        parent: str | None = None,
        suggest: bool = True,
    ) -> NameMatch:
        """Match a free-text name to one region, or report ambiguity or close suggestions.

        Case, spacing and punctuation are ignored, and level words in front ("Kab.",
        "Kabupaten", "Kota", "Kodya", "Kec.", "Desa", ...) restrict the level. When a name
        exists at several levels the largest region wins ("Sidoarjo" is the kabupaten); a
        name shared by a kabupaten and a kota ("Malang") is ambiguous. ``level`` keeps one
        level; ``parent`` keeps regions inside that code, at any depth. ``suggest=False``
        skips looking for close names when nothing matches (much faster on bulk checks).
        """
        if level is not None and level not in REGION_LEVELS:
            raise ValueError(f"unknown level {level!r}; expected one of {REGION_LEVELS}")
        parent_code = None
        if parent is not None:
            parent_code = self.normalize_code(parent)
            if parent_code is None:
                raise ValueError(f"unknown parent region code {parent!r}")
        return self._names.match(name, level=level, parent=parent_code, suggest=suggest)

    def as_arrow(self) -> pa.Table:
        """Return all regions as a pyarrow Table with columns kode, nama, level, parent."""
        import pyarrow as pa  # imported here: pyarrow is slow to import and only needed here

        regions = list(self._by_code.values())
        return pa.table(
            {
                "kode": pa.array([r.code for r in regions], pa.string()),
                "nama": pa.array([r.name for r in regions], pa.string()),
                "level": pa.array([r.level for r in regions], pa.string()),
                "parent": pa.array([r.parent_code for r in regions], pa.string()),
            }
        )


def _read_csv(source: Traversable, header: list[str]) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(source.read_text(encoding="utf-8"))))
    if not rows or rows[0] != header:
        raise ValueError(f"{source.name}: expected header {header}")
    return rows[1:]


def _level(value: str) -> RegionLevel:
    if value not in REGION_LEVELS:
        raise ValueError(f"unknown region level {value!r} in {REGIONS_FILE}")
    return cast(RegionLevel, value)


@lru_cache(maxsize=1)
def get_region_index() -> RegionIndex:
    """Return the shared RegionIndex, built from the package data on first use."""
    return RegionIndex.from_package_data()
