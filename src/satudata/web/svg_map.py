"""Map geometry for inline SVG: projected kab/kota circles (bubble map) or outlines (choropleth).

Longitude and latitude are projected equirectangularly, with longitudes shrunk by the
cosine of the middle latitude (close enough for a province). Outlines are simplified to
about half a pixel and cached per boundary version.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from satudata.catalog.maps import MapRegion, RegionMap
from satudata.reference.boundaries import RegionShape
from satudata.reference.simplify import simplify_polygons
from satudata.web.svg import format_number

WIDTH = 720
PAD = 14
MAX_RADIUS = 24.0
LABELLED = 6  # bubbles named on the map (the largest)
# Sequential, colour-blind safe (viridis), light to dark; text on a legend swatch is not
# needed, so the light end may be light.
PALETTE = ["#fde725", "#5ec962", "#21918c", "#3b528b", "#440154"]
BUBBLE_FILL, NEGATIVE_FILL = "#0b5394", "#b34700"

Box = tuple[float, float, float, float]  # min lon, min lat, max lon, max lat


@dataclass(frozen=True)
class Circle:
    """A kab/kota bubble."""

    cx: float
    cy: float
    r: float
    code: str
    label: str
    text: str
    negative: bool


@dataclass(frozen=True)
class Shape:
    """A kab/kota outline and its fill (None: no data, drawn hatched)."""

    d: str
    code: str
    label: str
    text: str
    fill: str | None


@dataclass(frozen=True)
class LegendItem:
    """One class of the choropleth legend."""

    fill: str
    low: str
    high: str


@dataclass
class MapLayout:
    """Everything the map template draws."""

    width: float
    height: float
    mode: str
    circles: list[Circle] = field(default_factory=list)
    shapes: list[Shape] = field(default_factory=list)
    legend: list[LegendItem] = field(default_factory=list)
    sizes: list[tuple[float, str]] = field(default_factory=list)  # bubble legend: radius, value
    empty: list[tuple[float, float, str]] = field(default_factory=list)  # no-data dots
    names: list[tuple[float, float, str]] = field(default_factory=list)  # x, y, label


class Projection:
    """Degrees to SVG pixels for a bounding box and a width."""

    def __init__(self, box: Box, width: float = WIDTH, pad: float = PAD) -> None:
        min_lon, min_lat, max_lon, max_lat = box
        self.k = math.cos(math.radians((min_lat + max_lat) / 2))
        self.scale = (width - 2 * pad) / ((max_lon - min_lon) * self.k)
        self.min_lon, self.max_lat, self.pad = min_lon, max_lat, pad
        self.width = width
        self.height = (max_lat - min_lat) * self.scale + 2 * pad

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        """Return the pixel of a point."""
        return (self.pad + (lon - self.min_lon) * self.k * self.scale,
                self.pad + (self.max_lat - lat) * self.scale)  # fmt: skip


def _box(points: list[tuple[float, float]]) -> Box:
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    return min(lons), min(lats), max(lons), max(lats)


def layout_map(rmap: RegionMap, lang: str) -> MapLayout:
    """Return the geometry of a map."""
    if rmap.mode == "choropleth" and rmap.boundaries is not None:
        return _choropleth(rmap, lang)
    return _bubbles(rmap, lang)


def _bubbles(rmap: RegionMap, lang: str) -> MapLayout:
    min_lon, min_lat, max_lon, max_lat = _box([(r.lon, r.lat) for r in rmap.regions])
    margin = 0.25  # degrees: room for the largest circles at the edge
    proj = Projection((min_lon - margin, min_lat - margin, max_lon + margin, max_lat + margin))
    layout = MapLayout(WIDTH, round(proj.height, 1), "bubble")
    biggest = max((abs(r.value or 0.0) for r in rmap.with_data), default=0.0)
    # Largest first, so smaller circles stay on top and can be pointed at.
    for r in sorted(rmap.regions, key=lambda r: -abs(r.value or 0.0)):
        x, y = proj(r.lon, r.lat)
        if r.value is None:
            layout.empty.append((round(x, 1), round(y, 1), r.label))
            continue
        radius = MAX_RADIUS * math.sqrt(abs(r.value) / biggest) if biggest else 2.0
        layout.circles.append(Circle(round(x, 1), round(y, 1), round(max(radius, 2.0), 1), r.code,
                                     r.label, format_number(r.value, lang), r.value < 0))  # fmt: skip
    if biggest:
        for value in dict.fromkeys((_round2(biggest), _round2(biggest / 4))):
            layout.sizes.append((round(MAX_RADIUS * math.sqrt(value / biggest), 1),
                                 format_number(value, lang)))  # fmt: skip
    # Name the largest few, so the map can be read without pointing at each circle.
    for c in sorted(layout.circles, key=lambda c: -c.r)[:LABELLED]:
        layout.names.append((round(c.cx + c.r + 3, 1), round(c.cy + 4, 1), c.label))
    return layout


def _round2(value: float) -> float:
    """Round to two significant digits (189009 -> 190000), for the size legend."""
    if value <= 0:
        return value
    digits = 1 - math.floor(math.log10(value))
    return round(value, digits)


def _choropleth(rmap: RegionMap, lang: str) -> MapLayout:
    assert rmap.boundaries is not None
    shapes = [r.shape for r in rmap.regions if r.shape is not None]
    paths = _paths(f"{rmap.boundaries.checksum}:{rmap.boundaries.display_vertex_count}", shapes)
    height = paths.pop("", "0")
    layout = MapLayout(WIDTH, float(height), "choropleth")
    colours = _colours(len(rmap.classes))
    for r in rmap.regions:
        if r.shape is None:
            continue
        fill = colours[r.klass] if r.klass is not None else None
        text = format_number(r.value, lang) if r.value is not None else ""
        layout.shapes.append(Shape(paths[r.code], r.code, r.label, text, fill))
    layout.legend = [LegendItem(colours[i], format_number(lo, lang), format_number(hi, lang))
                     for i, (lo, hi) in enumerate(rmap.classes)]  # fmt: skip
    return layout


def _colours(count: int) -> list[str]:
    """Return `count` palette colours spread over the light-to-dark range."""
    if count <= 1:
        return PALETTE[2:3]
    return [PALETTE[round(i * (len(PALETTE) - 1) / (count - 1))] for i in range(count)]


_PATHS: dict[str, dict[str, str]] = {}


def _paths(key: str, shapes: list[RegionShape]) -> dict[str, str]:
    """Return SVG path data per code (and the height under the key ''), per boundary version."""
    if key not in _PATHS:
        if len(_PATHS) >= 8:
            _PATHS.pop(next(iter(_PATHS)))
        _PATHS[key] = _project(shapes)
    return dict(_PATHS[key])


def _project(shapes: list[RegionShape]) -> dict[str, str]:
    box = _box([p for s in shapes for polygon in s.polygons for ring in polygon for p in ring])
    proj = Projection(box)
    tolerance = 0.5 / proj.scale  # half a pixel, in degrees
    out = {"": f"{proj.height:.1f}"}
    for s in shapes:
        parts = []
        for polygon in simplify_polygons(s.polygons, tolerance):
            for ring in polygon:
                xy = [proj(lon, lat) for lon, lat in ring[:-1]]
                parts.append("M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + "Z")
        out[s.code] = "".join(parts)
    return out


def region_rows(rmap: RegionMap, lang: str) -> list[tuple[MapRegion, str]]:
    """Return every region with its formatted value ('' without data), in code order."""
    return [(r, format_number(r.value, lang) if r.value is not None else "") for r in rmap.regions]
