"""Checking a boundary file: a GeoJSON FeatureCollection keyed by Jawa Timur kode wilayah.

Every problem is reported with the feature index and the value, in Indonesian and English.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from satudata.errors import InvalidInputError
from satudata.reference.index import get_region_index
from satudata.reference.simplify import Polygon

LEVELS: dict[str, tuple[str, ...]] = {"kabkota": ("regency", "city"), "kecamatan": ("district",)}
LEVEL_NAMES = {"province": ("provinsi", "province"), "regency": ("kabupaten", "regency"),
               "city": ("kota", "city"), "district": ("kecamatan", "district"),
               "village": ("desa/kelurahan", "village")}  # fmt: skip
EXPECTED = {"kabkota": ("kabupaten/kota", "kab/kota"), "kecamatan": ("kecamatan", "kecamatan")}
# Jawa Timur with its islands (Bawean, Masalembu, Kangean) and a margin, in degrees:
# a point outside is swapped or not WGS 84.
LON_RANGE = (110.5, 117.0)
LAT_RANGE = (-9.5, -4.5)
MAX_REPORTED = 50
_CRS_OK = ("EPSG::4326", "EPSG:4326", "CRS84", "CRS:84")


class BoundaryError(InvalidInputError):
    """A boundary file that cannot be imported; `details["errors"]` lists each problem."""


@dataclass(frozen=True)
class RegionShape:
    """A region's outline: polygons of rings of (lon, lat) points."""

    code: str
    name: str
    polygons: list[Polygon]


def _problem(index: int | None, value: Any, message_id: str, message_en: str) -> dict[str, Any]:
    return {"feature": index, "value": value, "message": message_id, "message_en": message_en}


def _refuse(problems: list[dict[str, Any]], total: int | None = None) -> BoundaryError:
    count = total if total is not None else len(problems)
    first = problems[0]
    return BoundaryError(
        f"Berkas batas wilayah ditolak ({count} masalah). {first['message']}",
        f"The boundary file was refused ({count} problems). {first['message_en']}",
        type="invalid-boundaries",
        details={"errors": problems[:MAX_REPORTED], "error_count": count},
    )


def check_level(level: str) -> None:
    """Refuse an unknown boundary level."""
    if level not in LEVELS:
        raise InvalidInputError(
            f"Tingkat '{level}' tidak dikenal. Pilihan: {', '.join(LEVELS)}.",
            f"Unknown level '{level}'. Choose one of: {', '.join(LEVELS)}.",
            type="invalid-level",
        )


def read_collection(raw: bytes) -> dict[str, Any]:
    """Parse a GeoJSON FeatureCollection in WGS 84, or raise BoundaryError saying why not."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        raise _refuse([_problem(None, None, f"Berkas bukan teks UTF-8 ({error.reason}).",
                                f"The file is not UTF-8 text ({error.reason}).")]) from None  # fmt: skip
    except json.JSONDecodeError as error:
        raise _refuse([_problem(None, None,
            f"Berkas bukan JSON yang sah: {error.msg} (baris {error.lineno}, kolom {error.colno}).",
            f"The file is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno}).",
        )]) from None  # fmt: skip
    kind = data.get("type") if isinstance(data, dict) else type(data).__name__
    if kind != "FeatureCollection" or not isinstance(data.get("features"), list):
        raise _refuse([_problem(None, kind,
            f"Berkas harus GeoJSON FeatureCollection; isinya bertipe '{kind}'.",
            f"The file must be a GeoJSON FeatureCollection; it is of type '{kind}'.")])  # fmt: skip
    crs = str(((data.get("crs") or {}).get("properties") or {}).get("name", ""))
    if crs and not crs.upper().endswith(_CRS_OK):
        raise _refuse([_problem(None, crs,
            f"Sistem koordinat '{crs}' tidak didukung; pakai WGS 84 (EPSG:4326), derajat bujur/lintang.",
            f"Coordinate system '{crs}' is not supported; use WGS 84 (EPSG:4326) degrees.")])  # fmt: skip
    return data


def _rings(geometry: Any) -> list[Polygon] | str:
    """Return the polygons of a geometry, or why they cannot be read (English key)."""
    if not isinstance(geometry, dict):
        return "missing"
    coords = geometry.get("coordinates")
    kind = geometry.get("type")
    raw: Any
    if kind == "Polygon":
        raw = [coords]
    elif kind == "MultiPolygon":
        raw = coords if isinstance(coords, list) else None
    else:
        return f"type:{kind}"
    if not isinstance(raw, list) or not raw:
        return "empty"
    polygons: list[Polygon] = []
    for polygon in raw:
        if not isinstance(polygon, list) or not polygon:
            return "empty"
        rings = []
        for ring in polygon:
            try:
                points = [(float(p[0]), float(p[1])) for p in ring]
            except (TypeError, ValueError, IndexError):
                return "numbers"
            if points and points[0] != points[-1]:
                points.append(points[0])  # GeoJSON rings are closed; close a lax one
            if len(points) < 4:
                return "short"
            rings.append(points)
        polygons.append(rings)
    return polygons


def _outside(polygons: list[Polygon]) -> tuple[float, float] | None:
    for polygon in polygons:
        for ring in polygon:
            for lon, lat in ring:
                if not (
                    LON_RANGE[0] <= lon <= LON_RANGE[1] and LAT_RANGE[0] <= lat <= LAT_RANGE[1]
                ):
                    return lon, lat
    return None


def _geometry_problem(i: int, code: str, why: str) -> dict[str, Any]:
    where_id, where_en = f"Fitur indeks {i} ({code})", f"Feature index {i} ({code})"
    if why.startswith("type:"):
        kind = why[5:]
        return _problem(i, kind, f"{where_id}: geometri bertipe '{kind}'; yang diterima Polygon atau MultiPolygon.",
                        f"{where_en}: geometry of type '{kind}'; Polygon or MultiPolygon expected.")  # fmt: skip
    texts = {
        "missing": ("tidak punya geometri", "has no geometry"),
        "empty": ("geometrinya kosong", "has an empty geometry"),
        "numbers": ("ada koordinat yang bukan pasangan angka", "has a coordinate that is not a pair of numbers"),
        "short": ("ada cincin poligon dengan kurang dari 4 titik", "has a polygon ring of fewer than 4 points"),
    }  # fmt: skip
    text_id, text_en = texts[why]
    return _problem(i, None, f"{where_id} {text_id}.", f"{where_en} {text_en}.")


def check_boundaries(data: dict[str, Any], *, level: str = "kabkota", key: str = "kode",
                     allow_missing: bool = False) -> list[RegionShape]:  # fmt: skip
    """Return the regions of a FeatureCollection, or raise BoundaryError naming each problem."""
    check_level(level)
    problems: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    shapes: list[RegionShape] = []
    for i, feature in enumerate(data["features"]):
        found = _check_feature(i, feature, level=level, key=key, seen=seen)
        if isinstance(found, RegionShape):
            shapes.append(found)
        else:
            problems.append(found)
    if not allow_missing:
        for region in get_region_index():
            if region.level in LEVELS[level] and region.code not in seen:
                problems.append(_problem(None, region.code,
                    f"Kode {region.code} ({region.name}) tidak punya fitur dalam berkas.",
                    f"Code {region.code} ({region.name}) has no feature in the file."))  # fmt: skip
    if problems:
        raise _refuse(problems)
    return shapes


def _check_feature(i: int, feature: Any, *, level: str, key: str,
                   seen: dict[str, int]) -> RegionShape | dict[str, Any]:  # fmt: skip
    """Return a feature's region shape, or its problem; record its code in `seen`."""
    props = feature.get("properties") if isinstance(feature, dict) else None
    value = props.get(key) if isinstance(props, dict) else None
    if value is None or value == "":
        return _problem(i, None, f"Fitur indeks {i}: properti '{key}' tidak ada.",
                        f"Feature index {i}: property '{key}' is missing.")  # fmt: skip
    region = get_region_index().get(value) if isinstance(value, str | int | float) else None
    if region is None:
        return _problem(i, value,
            f"Fitur indeks {i}: kode '{value}' bukan kode wilayah Jawa Timur yang dikenal.",
            f"Feature index {i}: code '{value}' is not a known Jawa Timur region code.")  # fmt: skip
    if region.level not in LEVELS[level]:
        (lid, len_), (want_id, want_en) = LEVEL_NAMES[region.level], EXPECTED[level]
        return _problem(i, value,
            f"Fitur indeks {i}: kode '{value}' adalah {lid} ({region.name}), bukan {want_id}.",
            f"Feature index {i}: code '{value}' is a {len_} ({region.name}), not a {want_en}.")  # fmt: skip
    if region.code in seen:
        first = seen[region.code]
        return _problem(i, value,
            f"Fitur indeks {i}: kode '{region.code}' sudah dipakai fitur indeks {first}.",
            f"Feature index {i}: code '{region.code}' is already used by feature index {first}.")  # fmt: skip
    seen[region.code] = i
    polygons = _rings(feature.get("geometry"))
    if isinstance(polygons, str):
        return _geometry_problem(i, region.code, polygons)
    if (point := _outside(polygons)) is not None:
        lon, lat = point
        return _problem(i, [lon, lat],
            f"Fitur indeks {i} ({region.code}): titik [{lon}, {lat}] di luar Jawa Timur. "
            "GeoJSON memakai [bujur, lintang] dalam derajat WGS 84; apakah urutannya tertukar "
            "atau koordinatnya masih proyeksi lain?",
            f"Feature index {i} ({region.code}): point [{lon}, {lat}] lies outside Jawa Timur. "
            "GeoJSON uses [longitude, latitude] in WGS 84 degrees; are they swapped, or still "
            "in another projection?")  # fmt: skip
    return RegionShape(region.code, region.name, polygons)
