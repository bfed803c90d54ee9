"""`satudata reference import-boundaries` and `satudata reference boundaries`."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Run


def test_import_then_list_versions(run: Run, data_path: Path, shared_geo: Path) -> None:
    source = shared_geo / "jatim_kabkota_boundaries.geojson"
    first = run("reference", "import-boundaries", source, "--source", "BIG 2025")
    assert first.exit_code == 0, first.output
    assert "Batas kabkota versi 1 diimpor: 38 wilayah, 5654 titik." in first.stderr
    assert (data_path / "reference/boundaries/kabkota/v1.geojson").exists()
    again = run("reference", "import-boundaries", source, "--json")
    assert again.exit_code == 0
    record = json.loads(again.stdout)
    assert (record["number"], record["created"], record["source"]) == (1, False, "BIG 2025")
    listed = run("reference", "boundaries", "--json")
    assert [v["number"] for v in json.loads(listed.stdout)] == [1]
    text = run("reference", "boundaries")
    assert text.stdout.startswith("v1 (berlaku)") and "BIG 2025" in text.stdout


def test_errors_are_listed_in_indonesian_with_the_feature(
    run: Run, tmp_path: Path, shared_geo: Path
) -> None:
    data = json.loads((shared_geo / "jatim_kabkota_boundaries.geojson").read_text())
    data["features"][2]["properties"]["kode"] = "36.01"
    bad = tmp_path / "batas.geojson"
    bad.write_text(json.dumps(data))
    result = run("reference", "import-boundaries", bad)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "Galat (invalid-boundaries): Berkas batas wilayah ditolak (2 masalah)." in result.stderr
    assert (
        "  - Fitur indeks 2: kode '36.01' bukan kode wilayah Jawa Timur yang dikenal."
        in result.stderr
    )
    assert "  - Kode 35.03 (Kabupaten Trenggalek) tidak punya fitur dalam berkas." in result.stderr
    as_json = run("reference", "import-boundaries", bad, "--json")
    error = json.loads(as_json.stdout)["error"]
    assert error["details"]["errors"][0]["feature"] == 2
    assert run("reference", "boundaries").stderr.startswith("Belum ada batas kabkota")


def test_the_kecamatan_level_is_chosen_with_level(run: Run, shared_geo: Path) -> None:
    source = shared_geo / "jatim_kecamatan_boundaries.geojson"
    wrong = run("reference", "import-boundaries", source)
    assert wrong.exit_code == 1 and "bukan kabupaten/kota" in wrong.stderr
    right = run("reference", "import-boundaries", source, "--level", "kecamatan", "--json")
    assert right.exit_code == 0 and json.loads(right.stdout)["feature_count"] == 666
