"""Map data of a dataset: a value per kab/kota, placed by shipped points or imported boundaries.

Without boundaries a map is a bubble map (one circle per kab/kota at the shipped point);
once an administrator has imported kab/kota boundaries it is a choropleth, each region
coloured by its class (quantiles of the values).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.catalog.charts import (
    Chart,
    ChartOptions,
    ChartRequest,
    chart_data,
    chart_options,
    region_label,
)
from satudata.lake.query import QueryEngine
from satudata.lake.store import Lake
from satudata.reference.boundaries import BoundaryVersion, RegionShape, current_boundaries
from satudata.reference.centroids import kabkota_points
from satudata.reference.index import get_region_index

CLASSES = 5
MapMode = Literal["bubble", "choropleth"]


@dataclass(frozen=True)
class MapRegion:
    """One kab/kota on the map: where it is and its value (None: no data)."""

    code: str
    name: str
    label: str
    value: float | None
    lat: float
    lon: float
    shape: RegionShape | None = None
    klass: int | None = None  # index into RegionMap.classes (choropleth)


@dataclass
class RegionMap:
    """A map of one measure over the 38 kab/kota."""

    chart: Chart
    mode: MapMode
    regions: list[MapRegion]
    classes: list[tuple[float, float]] = field(default_factory=list)
    boundaries: BoundaryVersion | None = None

    @property
    def with_data(self) -> list[MapRegion]:
        """Return the regions that have a value."""
        return [r for r in self.regions if r.value is not None]

    @property
    def without_data(self) -> list[MapRegion]:
        """Return the regions without a value."""
        return [r for r in self.regions if r.value is None]


def classify(values: list[float], k: int = CLASSES) -> list[tuple[float, float]]:
    """Return up to k (low, high) classes holding about as many values each (quantiles).

    Classes never repeat a break, so a few distinct values give fewer classes.
    """
    ordered = sorted(values)
    if not ordered:
        return []
    n = len(ordered)
    cuts = [ordered[min(n - 1, (i * n) // k)] for i in range(1, k)]
    inner = sorted({c for c in cuts if ordered[0] < c < ordered[-1]})
    bounds = [ordered[0], *inner, ordered[-1]]
    if len(bounds) == 2 and bounds[0] == bounds[1]:
        return [(bounds[0], bounds[1])]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def class_of(value: float, classes: list[tuple[float, float]]) -> int:
    """Return the index of the class holding value (a class holds its high bound)."""
    for i, (_, high) in enumerate(classes):
        if value <= high:
            return i
    return len(classes) - 1


def can_map(options: ChartOptions) -> bool:
    """Return whether a dataset's data is by kab/kota, so that a map can be drawn."""
    return options.kabkota and bool(options.measures)


def map_data(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor, slug: str,
             request: ChartRequest, data_dir: Path,
             options: ChartOptions | None = None) -> RegionMap | None:  # fmt: skip
    """Return the map a request asks for, or None when the data is not by kab/kota."""
    options = options or chart_options(session, lake, engine, actor=actor, slug=slug)
    if not can_map(options):
        return None
    request = replace(request, by="wilayah", kind="bar", regions=())
    chart = chart_data(session, lake, engine, actor=actor, slug=slug, request=request,
                       options=options)  # fmt: skip
    return build_map(chart, data_dir)


def build_map(chart: Chart, data_dir: Path) -> RegionMap:
    """Place a by-region chart's values on the kab/kota (all 38, with or without data)."""
    index = get_region_index()
    by_code: dict[str, float | None] = {}
    for value_point in chart.series[0].points if chart.series else []:
        code = index.normalize_code(value_point.key)
        if code is not None:
            by_code[code] = value_point.value
    points = kabkota_points()
    boundaries = current_boundaries(data_dir, "kabkota")
    values = [v for v in by_code.values() if v is not None]
    classes = classify(values) if boundaries else []
    regions = []
    for region in index.regencies():
        point = points[region.code]
        value = by_code.get(region.code)
        shape = boundaries.shapes.get(region.code) if boundaries else None
        klass = class_of(value, classes) if value is not None and classes else None
        regions.append(MapRegion(region.code, region.name, region_label(region), value,
                                 point.lat, point.lon, shape, klass))  # fmt: skip
    mode: MapMode = "choropleth" if boundaries else "bubble"
    return RegionMap(chart=chart, mode=mode, regions=regions, classes=classes,
                     boundaries=boundaries.version if boundaries else None)  # fmt: skip
