"""Official region boundaries: imported by an administrator, versioned, read by the maps.

An import checks a GeoJSON FeatureCollection (every feature keyed by a known Jawa Timur
kode wilayah at the level, Polygon or MultiPolygon geometry in WGS 84 degrees), then keeps
two files under `<data_dir>/reference/boundaries/<level>/`: the file as given
(`v{N}.source.geojson`) and a display copy (`v{N}.geojson`: `kode`/`nama` properties,
rounded coordinates, simplified when large). `index.json` lists the versions; the newest
is current. Files are written to a temporary name and renamed, so a reader never sees half.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import json
import os
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from satudata.reference.boundary_checks import (
    LEVELS,
    BoundaryError,
    RegionShape,
    check_boundaries,
    check_level,
    read_collection,
)
from satudata.reference.simplify import simplify_polygons, vertex_count

__all__ = [
    "LEVELS",
    "BoundaryError",
    "BoundarySet",
    "BoundaryVersion",
    "ImportResult",
    "RegionShape",
    "boundary_versions",
    "check_boundaries",
    "current_boundaries",
    "import_boundaries",
    "level_dir",
]

DISPLAY_VERTICES = 20_000  # more than this and the display copy is simplified
FIRST_TOLERANCE = 0.0002  # degrees (about 20 m); doubled until under DISPLAY_VERTICES
DECIMALS = 5  # about 1 m


@dataclass(frozen=True)
class BoundaryVersion:
    """One imported boundary file."""

    level: str
    number: int
    source: str
    original_filename: str
    imported_at: str
    feature_count: int
    checksum: str  # sha256 of the file as given
    vertex_count: int
    display_vertex_count: int

    @property
    def simplified(self) -> bool:
        """Return whether the display copy has fewer points than the file."""
        return self.display_vertex_count < self.vertex_count


@dataclass(frozen=True)
class BoundarySet:
    """The current boundaries of a level."""

    version: BoundaryVersion
    shapes: dict[str, RegionShape]


@dataclass(frozen=True)
class ImportResult:
    """What an import did: the version now current and whether it is new."""

    version: BoundaryVersion
    created: bool


def _display(shapes: list[RegionShape]) -> tuple[list[RegionShape], int]:
    """Return the shapes to draw (simplified if large, rounded) and their point count."""
    tolerance = FIRST_TOLERANCE
    drawn = shapes
    while sum(vertex_count(s.polygons) for s in drawn) > DISPLAY_VERTICES and tolerance < 0.05:
        drawn = [RegionShape(s.code, s.name, simplify_polygons(s.polygons, tolerance))
                 for s in shapes]  # fmt: skip
        tolerance *= 2
    rounded = [
        RegionShape(s.code, s.name, [[[(round(x, DECIMALS), round(y, DECIMALS)) for x, y in ring]
                                      for ring in polygon] for polygon in s.polygons])
        for s in drawn
    ]  # fmt: skip
    return rounded, sum(vertex_count(s.polygons) for s in rounded)


def _to_geojson(shapes: list[RegionShape], version: int) -> dict[str, Any]:
    features = []
    for s in sorted(shapes, key=lambda s: s.code):
        coords = [[[list(p) for p in ring] for ring in polygon] for polygon in s.polygons]
        features.append({"type": "Feature", "properties": {"kode": s.code, "nama": s.name},
                         "geometry": {"type": "MultiPolygon", "coordinates": coords}})  # fmt: skip
    return {"type": "FeatureCollection", "name": f"v{version}", "features": features}


def level_dir(data_dir: Path, level: str) -> Path:
    """Return the folder of a level's boundary versions."""
    check_level(level)
    return data_dir / "reference" / "boundaries" / level


def _write_atomic(path: Path, content: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; the web server may run as another user
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _locked(folder: Path) -> Iterator[None]:
    """Serialise imports of one level (two administrators at once get numbers in turn)."""
    with (folder / ".lock").open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def boundary_versions(data_dir: Path, level: str = "kabkota") -> list[BoundaryVersion]:
    """Return a level's imported versions, oldest first (the last is current)."""
    index = level_dir(data_dir, level) / "index.json"
    if not index.exists():
        return []
    entries = json.loads(index.read_text(encoding="utf-8"))["versions"]
    return [BoundaryVersion(**entry) for entry in entries]


def import_boundaries(data_dir: Path, path: Path, *, level: str = "kabkota", source: str = "",
                      key: str = "kode", allow_missing: bool = False,
                      now: datetime | None = None) -> ImportResult:  # fmt: skip
    """Check a GeoJSON file and keep it as the level's newest boundary version.

    Importing the same file as the current version again changes nothing.
    """
    check_level(level)
    raw = path.read_bytes()
    shapes = check_boundaries(read_collection(raw), level=level, key=key,
                              allow_missing=allow_missing)  # fmt: skip
    checksum = hashlib.sha256(raw).hexdigest()
    folder = level_dir(data_dir, level)
    folder.mkdir(parents=True, exist_ok=True)
    with _locked(folder):
        versions = boundary_versions(data_dir, level)
        if versions and versions[-1].checksum == checksum:
            return ImportResult(versions[-1], created=False)
        number = (versions[-1].number if versions else 0) + 1
        drawn, drawn_count = _display(shapes)
        version = BoundaryVersion(
            level=level, number=number, source=source, original_filename=path.name,
            imported_at=(now or datetime.now(UTC)).isoformat(timespec="seconds"),
            feature_count=len(shapes), checksum=checksum,
            vertex_count=sum(vertex_count(s.polygons) for s in shapes),
            display_vertex_count=drawn_count,
        )  # fmt: skip
        _write_atomic(folder / f"v{number}.source.geojson", raw)
        display = json.dumps(_to_geojson(drawn, number), ensure_ascii=False, separators=(",", ":"))
        _write_atomic(folder / f"v{number}.geojson", display.encode("utf-8"))
        index = {"level": level, "versions": [asdict(v) for v in [*versions, version]]}
        _write_atomic(folder / "index.json",
                      json.dumps(index, ensure_ascii=False, indent=2).encode("utf-8"))  # fmt: skip
    return ImportResult(version, created=True)


def current_boundaries(data_dir: Path, level: str = "kabkota") -> BoundarySet | None:
    """Return the newest imported boundaries of a level, or None before any import."""
    index = level_dir(data_dir, level) / "index.json"
    try:
        stamp = index.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _load(str(data_dir), level, stamp)


@lru_cache(maxsize=8)
def _load(data_dir: str, level: str, _stamp: int) -> BoundarySet | None:
    """Read the current display copy (cached until index.json changes)."""
    versions = boundary_versions(Path(data_dir), level)
    if not versions:
        return None
    current = versions[-1]
    path = level_dir(Path(data_dir), level) / f"v{current.number}.geojson"
    data = json.loads(path.read_text(encoding="utf-8"))
    shapes = {}
    for feature in data["features"]:
        props = feature["properties"]
        polygons = [[[(p[0], p[1]) for p in ring] for ring in polygon]
                    for polygon in feature["geometry"]["coordinates"]]  # fmt: skip
        shapes[props["kode"]] = RegionShape(props["kode"], props["nama"], polygons)
    return BoundarySet(version=current, shapes=shapes)
