"""The dry run ("periksa dulu"): the same report as an upload, and nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from satudata.auth import SYSTEM
from satudata.errors import InvalidInputError
from satudata.ingest.service import IngestRequest, check_file
from satudata.runtime import Runtime

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
PUBLISHED = [["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]]
MIXED = [
    ["35.07", "Kota Malang", 2024, 39],  # region-name
    ["35.99", "Kota Entah", 2024, 16],  # region-code
    ["35.78", "Kota Surabaya", 2024, "dua"],  # type-error
    ["35.73", "Kota Malang", 2024, 1600],  # value-change (a warning)
]


@pytest.fixture
def published(write_csv: Callable[..., Path], ingest: Any) -> None:
    ingest(write_csv(PUBLISHED, HEADER))


def test_a_dry_run_reports_every_problem_and_stores_nothing(
    published: None, write_csv: Callable[..., Path], check: Any, stored: Any
) -> None:
    path = write_csv(MIXED, HEADER)
    before = stored()

    report = check(path)

    assert [(e["type"], e["row"], e["value"]) for e in report["errors"]] == [
        ("region-name", 2, "Kota Malang"),
        ("region-code", 3, "35.99"),
        ("type-error", 4, "dua"),
    ]
    assert [(e["type"], e["row"], e["value"]) for e in report["warnings"]] == [
        ("value-change", 5, "1600")]  # fmt: skip
    assert (report["valid"], report["error_count"], report["warning_count"]) == (False, 3, 1)
    assert report["row_count"] == 4
    assert [f["name"] for f in report["table_schema"]["fields"]] == [
        "kode_wilayah", "kabupaten_kota", "tahun", "jumlah_puskesmas"]  # fmt: skip
    assert stored() == before  # no version, no upload, no original, no work files left


def test_a_dry_run_finds_what_the_upload_would_and_lets_in_what_it_would(
    published: None, write_csv: Callable[..., Path], check: Any, ingest: Any
) -> None:
    path = write_csv([*PUBLISHED, ["35.78", "Kota Surabaya", 2024, 63]], HEADER)
    path.write_text(path.read_text().replace(",16\n", ",1600\n"), encoding="utf-8")

    dry = check(path)
    result = ingest(path)

    assert dry["valid"] is True
    assert dry["warnings"] == result.validation["warnings"]
    assert (dry["row_count"], result.row_count) == (3, 3)


def test_a_dry_run_for_a_new_dataset_infers_its_schema_and_creates_nothing(
    write_csv: Callable[..., Path], check: Any, stored: Any
) -> None:
    before = stored()

    report = check(write_csv(PUBLISHED, HEADER), metadata={"region_level": "kabupaten_kota"})

    assert report["valid"] is True
    assert report["by_type"] == {"region-coverage": {"errors": 0, "warnings": 1}}
    code = report["table_schema"]["fields"][0]
    assert (code["name"], code["dimension"]) == ("kode_wilayah", "region_code")
    assert stored() == before == {"rows": {"Dataset": 0, "Version": 0, "Upload": 0}, "files": []}


@pytest.mark.parametrize(
    ("filename", "error_type"),
    [("empty.csv", "empty-file"), ("binary.csv", "binary-file"),
     ("header_only.csv", "no-data-rows")],
)  # fmt: skip
def test_a_file_that_cannot_be_read_gives_a_report_with_that_one_error(
    filename: str, error_type: str, published: None, data_dir: Path, check: Any, stored: Any
) -> None:  # fmt: skip
    before = stored()

    report = check(data_dir / filename)

    assert (report["valid"], report["error_count"]) == (False, 1)
    (entry,) = report["errors"]
    assert (entry["type"], entry["severity"], entry["row"]) == (error_type, "error", None)
    assert entry["message"] and entry["message_en"]
    assert report["by_type"] == {error_type: {"errors": 1, "warnings": 0}}
    assert stored() == before


def test_a_dry_run_for_an_unknown_dataset_needs_its_organization(
    runtime: Runtime, write_csv: Callable[..., Path]
) -> None:
    request = IngestRequest(path=write_csv(PUBLISHED, HEADER), organization="", dataset="baru")

    with pytest.raises(InvalidInputError) as caught:
        check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)

    assert caught.value.type == "organization-required"
