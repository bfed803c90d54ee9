"""One point per kab/kota of Jawa Timur, shipped with the package (see data/README.md)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

CENTROIDS_FILE = "jatim_kabkota_centroids.csv"


@dataclass(frozen=True, slots=True)
class RegionPoint:
    """Where a kab/kota is drawn on a bubble map (WGS 84 degrees)."""

    code: str
    name: str
    lat: float
    lon: float


@lru_cache(maxsize=1)
def kabkota_points() -> dict[str, RegionPoint]:
    """Return the shipped point of every kab/kota, by dotted code."""
    text = (
        resources.files("satudata.reference")
        .joinpath("data", CENTROIDS_FILE)
        .read_text(encoding="utf-8")
    )
    rows = csv.DictReader(io.StringIO(text))
    return {
        row["kode"]: RegionPoint(row["kode"], row["nama"], float(row["lat"]), float(row["lon"]))
        for row in rows
    }
