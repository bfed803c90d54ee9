"""Importing official boundaries: checks, versions, the display copy and the shipped points."""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from satudata.errors import InvalidInputError
from satudata.reference import boundaries as b
from satudata.reference.boundaries import (
    BoundaryError,
    boundary_versions,
    current_boundaries,
    import_boundaries,
)
from satudata.reference.centroids import kabkota_points
from satudata.reference.index import get_region_index


@pytest.fixture
def kabkota(shared_geo: Path) -> Path:
    return shared_geo / "jatim_kabkota_boundaries.geojson"


@pytest.fixture
def collection(kabkota: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(kabkota.read_text(encoding="utf-8"))
    return data


def write(tmp_path: Path, data: dict[str, Any], name: str = "batas.geojson") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def refused(tmp_path: Path, data: dict[str, Any] | str, **kwargs: Any) -> list[dict[str, Any]]:
    path = tmp_path / "salah.geojson"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    with pytest.raises(BoundaryError) as caught:
        import_boundaries(tmp_path / "data", path, **kwargs)
    assert caught.value.type == "invalid-boundaries"
    assert boundary_versions(tmp_path / "data") == []  # nothing kept
    errors: list[dict[str, Any]] = caught.value.details["errors"]
    return errors


def test_import_keeps_a_first_version_with_its_record(tmp_path: Path, kabkota: Path) -> None:
    when = datetime(2026, 3, 1, 8, 30, tzinfo=UTC)
    result = import_boundaries(tmp_path, kabkota, source="BIG 2025", now=when)
    v = result.version
    assert result.created
    assert (v.level, v.number, v.source, v.feature_count) == ("kabkota", 1, "BIG 2025", 38)
    assert v.imported_at == "2026-03-01T08:30:00+00:00"
    assert v.original_filename == "jatim_kabkota_boundaries.geojson"
    assert len(v.checksum) == 64
    assert v.vertex_count == 5654 and not v.simplified
    folder = tmp_path / "reference" / "boundaries" / "kabkota"
    assert (folder / "v1.source.geojson").read_bytes() == kabkota.read_bytes()
    assert boundary_versions(tmp_path) == [v]
    current = current_boundaries(tmp_path)
    assert current is not None and current.version == v
    assert sorted(current.shapes) == [r.code for r in get_region_index().regencies()]
    assert current.shapes["35.78"].name == "Kota Surabaya"
    assert not list(folder.glob("*.tmp"))


def test_the_same_file_again_changes_nothing_and_a_new_one_is_the_next_version(
    tmp_path: Path, kabkota: Path, collection: dict[str, Any]
) -> None:
    first = import_boundaries(tmp_path, kabkota).version
    again = import_boundaries(tmp_path, kabkota)
    assert not again.created and again.version == first
    collection["name"] = "revisi"
    second = import_boundaries(tmp_path, write(tmp_path, collection), source="Biro GIS")
    assert second.created and second.version.number == 2
    assert [v.number for v in boundary_versions(tmp_path)] == [1, 2]
    current = current_boundaries(tmp_path)
    assert current is not None and current.version.source == "Biro GIS"


def test_compact_codes_in_another_property_are_accepted(
    tmp_path: Path, collection: dict[str, Any]
) -> None:
    for feature in collection["features"]:
        feature["properties"] = {"KDBPS": feature["properties"]["kode_bps_style"]}
    result = import_boundaries(tmp_path, write(tmp_path, collection), key="KDBPS")
    current = current_boundaries(tmp_path)
    assert result.version.feature_count == 38
    assert current is not None and "35.07" in current.shapes


def test_unknown_wrong_level_and_duplicate_codes_name_the_feature(
    tmp_path: Path, collection: dict[str, Any]
) -> None:
    features = collection["features"]
    features[3]["properties"]["kode"] = "35.99"
    features[5]["properties"]["kode"] = "35.07.01"
    features[7]["properties"]["kode"] = "35.01"
    del features[9]["properties"]["kode"]
    errors = refused(tmp_path, collection)
    by_feature = {e["feature"]: e for e in errors}
    assert by_feature[3]["value"] == "35.99"
    assert by_feature[3]["message"] == (
        "Fitur indeks 3: kode '35.99' bukan kode wilayah Jawa Timur yang dikenal.")  # fmt: skip
    assert (
        "kecamatan" in by_feature[5]["message"]
        and "bukan kabupaten/kota" in by_feature[5]["message"]
    )
    assert by_feature[7]["message"] == "Fitur indeks 7: kode '35.01' sudah dipakai fitur indeks 0."
    assert by_feature[9]["message"] == "Fitur indeks 9: properti 'kode' tidak ada."
    missing = sorted(e["value"] for e in errors if e["feature"] is None)
    assert missing == ["35.04", "35.06", "35.08", "35.10"]
    assert "Kode 35.04 (Kabupaten Tulungagung) tidak punya fitur dalam berkas." in [
        e["message"] for e in errors]  # fmt: skip


def test_a_partial_file_is_accepted_only_when_asked(
    tmp_path: Path, collection: dict[str, Any]
) -> None:
    collection["features"] = collection["features"][:10]
    errors = refused(tmp_path, collection)
    assert len(errors) == 28 and {e["feature"] for e in errors} == {None}
    result = import_boundaries(tmp_path / "data", write(tmp_path, collection), allow_missing=True)
    assert result.version.feature_count == 10


@pytest.mark.parametrize(
    ("geometry", "expected"),
    [
        ({"type": "Point", "coordinates": [112.6, -7.9]}, "geometri bertipe 'Point'"),
        (None, "tidak punya geometri"),
        ({"type": "Polygon", "coordinates": [[[112.6, -7.9], [112.7, -7.9]]]}, "kurang dari 4 titik"),
        ({"type": "Polygon", "coordinates": [[["a", "b"], [1, 2], [3, 4], [5, 6]]]}, "bukan pasangan angka"),
        ({"type": "Polygon", "coordinates": [[[-7.9, 112.6], [-7.9, 112.7], [-8.0, 112.7], [-7.9, 112.6]]]},
         "di luar Jawa Timur"),
    ],
)  # fmt: skip
def test_bad_geometries_are_named(
    tmp_path: Path, collection: dict[str, Any], geometry: Any, expected: str
) -> None:
    collection["features"][6]["geometry"] = geometry
    errors = refused(tmp_path, collection)
    assert [e["feature"] for e in errors] == [6]
    assert errors[0]["message"].startswith("Fitur indeks 6 (35.07)")
    assert expected in errors[0]["message"]


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("{not json", "bukan JSON yang sah"),
        (json.dumps({"type": "Feature", "properties": {}}), "bertipe 'Feature'"),
        (json.dumps([1, 2]), "bertipe 'list'"),
        (json.dumps({"type": "FeatureCollection", "features": [],
                     "crs": {"type": "name", "properties": {"name": "EPSG:32749"}}}), "EPSG:32749"),
    ],
)  # fmt: skip
def test_files_that_are_not_feature_collections_are_refused(
    tmp_path: Path, content: str, expected: str
) -> None:
    errors = refused(tmp_path, content)
    assert len(errors) == 1 and expected in errors[0]["message"]


def test_an_unknown_level_is_refused(tmp_path: Path, kabkota: Path) -> None:
    with pytest.raises(InvalidInputError, match="Unknown level 'desa'"):
        import_boundaries(tmp_path, kabkota, level="desa")


def test_kecamatan_boundaries_are_a_level_of_their_own(tmp_path: Path, shared_geo: Path) -> None:
    result = import_boundaries(tmp_path, shared_geo / "jatim_kecamatan_boundaries.geojson",
                               level="kecamatan")  # fmt: skip
    assert result.version.feature_count == 666
    assert boundary_versions(tmp_path, "kabkota") == []
    assert current_boundaries(tmp_path, "kabkota") is None


def test_a_large_file_gets_a_simplified_display_copy(
    tmp_path: Path, kabkota: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(b, "DISPLAY_VERTICES", 2000)
    v = import_boundaries(tmp_path, kabkota).version
    assert v.simplified and v.display_vertex_count <= 2000 < v.vertex_count
    current = current_boundaries(tmp_path)
    assert current is not None and len(current.shapes) == 38  # no region lost
    original = json.loads((tmp_path / "reference/boundaries/kabkota/v1.source.geojson").read_text())
    assert original == json.loads(kabkota.read_text())  # the file as given is kept whole


def test_the_shipped_points_cover_every_kabkota_inside_jawa_timur() -> None:
    points = kabkota_points()
    index = get_region_index()
    assert sorted(points) == [r.code for r in index.regencies()]
    for code, point in points.items():
        region = index.get(code)
        assert region is not None and point.name == region.name
        assert -9.0 < point.lat < -6.5 and 110.5 < point.lon < 116.5
    assert (points["35.78"].lat, points["35.78"].lon) == (-7.25889, 112.74704)


def test_features_may_come_in_any_order(tmp_path: Path, collection: dict[str, Any]) -> None:
    twin = copy.deepcopy(collection)
    twin["features"].reverse()  # order does not matter
    import_boundaries(tmp_path, write(tmp_path, twin))
    current = current_boundaries(tmp_path)
    assert current is not None and list(current.shapes)[:2] == ["35.01", "35.02"]
