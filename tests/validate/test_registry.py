"""Checks are plugins, chosen per dataset: switched off, made warnings, given parameters.

The plugin test installs a check the way a third-party package does: a module and a
`*.dist-info` folder declaring an entry point of the group `satudata.checks`.
"""

from __future__ import annotations

import importlib
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from satudata.errors import InvalidInputError
from satudata.validate import available_checks
from satudata.validate.service import list_checks

BUILT_IN = ["duplicate-key", "enum-value", "period-vanished", "primary-key", "region-code",
            "region-coverage", "region-name", "required-value", "schema-drift", "type-error",
            "unique-value", "value-change", "value-length", "value-pattern",
            "value-range"]  # fmt: skip
HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
PUBLISHED = [["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]]
WRONG_NAME = [["35.07", "Kota Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]]

PLUGIN = '''
from satudata.validate import Check, Finding, FindingQuery


class NilaiTidakNol(Check):
    """A count of zero is most often a cell left at 0 instead of filled in."""

    type = "nilai-tidak-nol"
    title = "Jumlah tidak nol"
    title_en = "Counts are not zero"
    severity = "warning"
    params = {"kolom": "jumlah_puskesmas"}

    def run(self, ctx, params):
        name = params["kolom"]
        if name not in ctx.schema.field_names:
            return

        def build(r):
            return Finding(type=self.type, field=r["field"], column=ctx.title(r["field"]),
                           value=r["value"], message="nilainya nol; benarkah tidak ada?",
                           message_en="the value is zero; is there really none?")

        yield FindingQuery(
            f"SELECT _ord, '{name}' AS field, CAST(\\"{name}\\" AS VARCHAR) AS value "
            f"FROM {ctx.table} WHERE \\"{name}\\" = 0", build)


class SalahNama(NilaiTidakNol):
    type = "Salah_Nama"
'''


@pytest.fixture
def send(write_csv: Callable[..., Path], ingest: Any, check: Any) -> Callable[..., Any]:
    """Publish puskesmas counts of two kab/kota; return a dry run of new rows."""
    ingest(write_csv(PUBLISHED, HEADER))
    return lambda rows: check(write_csv(rows, HEADER))


@pytest.fixture
def install_plugin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Callable[..., None]]:
    """Install a package of checks on sys.path, with its entry points; remove it afterwards."""
    module = "satudata_cek_tambahan"

    def install(entry_points: str) -> None:
        site = tmp_path / "site-packages"
        site.mkdir()
        (site / f"{module}.py").write_text(textwrap.dedent(PLUGIN), encoding="utf-8")
        info = site / "satudata_cek_tambahan-0.1.dist-info"
        info.mkdir()
        (info / "METADATA").write_text(
            "Metadata-Version: 2.1\nName: satudata-cek-tambahan\nVersion: 0.1\n", encoding="utf-8"
        )
        (info / "entry_points.txt").write_text(f"[satudata.checks]\n{entry_points}\n",
                                               encoding="utf-8")  # fmt: skip
        monkeypatch.syspath_prepend(site)
        importlib.invalidate_caches()
        available_checks.cache_clear()

    yield install
    available_checks.cache_clear()
    sys.modules.pop(module, None)


def test_every_built_in_check_is_registered_through_its_entry_point() -> None:
    listed = {c["type"]: c for c in list_checks()}

    assert sorted(listed) == BUILT_IN
    assert {t for t, c in listed.items() if c["mandatory"]} == {"type-error", "schema-drift"}
    assert {t for t, c in listed.items() if c["severity"] == "warning"} == {
        "period-vanished", "region-coverage", "value-change"}  # fmt: skip
    assert {t for t, c in listed.items() if c["stage"] == "structure"} == {"schema-drift"}
    assert listed["value-change"]["params"] == {"factor": 10.0}
    assert all(c["title"] and c["title_en"] for c in listed.values())


def test_a_plugin_check_runs_and_reports_like_a_built_in_one(
    install_plugin: Callable[..., None], send: Callable[..., Any], ingest: Any,
    write_csv: Callable[..., Path], versions: Any,
) -> None:  # fmt: skip
    install_plugin("nilai-tidak-nol = satudata_cek_tambahan:NilaiTidakNol")
    assert "nilai-tidak-nol" in available_checks()
    described = {c["type"]: c for c in list_checks()}["nilai-tidak-nol"]
    assert described == {"type": "nilai-tidak-nol", "title": "Jumlah tidak nol",
                         "title_en": "Counts are not zero", "severity": "warning",
                         "stage": "rows", "mandatory": False,
                         "params": {"kolom": "jumlah_puskesmas"}}  # fmt: skip

    report = send([["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 0]])

    assert report["warnings"] == [{
        "type": "nilai-tidak-nol", "severity": "warning", "row": 3, "field": "jumlah_puskesmas",
        "column": "Jumlah Puskesmas", "value": "0",
        "message": "Baris 3, kolom 'Jumlah Puskesmas': nilainya nol; benarkah tidak ada?",
        "message_en": "Row 3, column 'Jumlah Puskesmas': the value is zero; is there really none?",
    }]  # fmt: skip
    assert report["by_type"] == {"nilai-tidak-nol": {"errors": 0, "warnings": 1}}
    (setting,) = [c for c in report["checks"] if c["type"] == "nilai-tidak-nol"]
    assert setting == {"type": "nilai-tidak-nol", "severity": "warning",
                       "params": {"kolom": "jumlah_puskesmas"}, "count": 1}  # fmt: skip

    ingest(write_csv([["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 0]],
                     HEADER))  # fmt: skip
    assert [(v["number"], v["warning_count"]) for v in versions()] == [(1, 0), (2, 1)]


def test_a_plugin_check_is_configured_per_dataset_like_a_built_in_one(
    install_plugin: Callable[..., None], send: Callable[..., Any], configure: Any
) -> None:
    install_plugin("nilai-tidak-nol = satudata_cek_tambahan:NilaiTidakNol")
    zero = [["35.07", "Kabupaten Malang", 2024, 0]]

    configure("nilai-tidak-nol", severity="error")
    assert send(zero)["by_type"] == {"nilai-tidak-nol": {"errors": 1, "warnings": 0}}
    configure("nilai-tidak-nol", kolom="tahun")
    assert send(zero)["valid"] is True
    configure("nilai-tidak-nol", enabled=False)
    assert "nilai-tidak-nol" not in [c["type"] for c in send(zero)["checks"]]


def test_a_plugin_whose_type_is_not_its_entry_point_name_is_refused(
    install_plugin: Callable[..., None],
) -> None:
    install_plugin("salah-nama = satudata_cek_tambahan:SalahNama")

    with pytest.raises(TypeError, match="must be the kebab-case entry point name 'salah-nama'"):
        available_checks()


def test_a_switched_off_check_does_not_run(send: Callable[..., Any], configure: Any) -> None:
    assert send(WRONG_NAME)["by_type"] == {"region-name": {"errors": 1, "warnings": 0}}

    assert configure("region-name", enabled=False) == {"region-name": {"enabled": False}}
    report = send(WRONG_NAME)

    assert report["valid"] is True
    assert "region-name" not in [c["type"] for c in report["checks"]]


def test_an_empty_change_resets_a_check_to_its_defaults(
    send: Callable[..., Any], configure: Any
) -> None:
    configure("region-name", enabled=False)
    configure("value-change", factor=4)

    assert configure("region-name") == {"value-change": {"factor": 4.0}}
    assert send(WRONG_NAME)["by_type"] == {"region-name": {"errors": 1, "warnings": 0}}


@pytest.mark.parametrize("check_type", ["type-error", "schema-drift"])
@pytest.mark.parametrize("change", [{"enabled": False}, {"severity": "warning"}])
def test_a_mandatory_check_can_be_neither_switched_off_nor_made_a_warning(
    check_type: str, change: dict[str, Any], send: Callable[..., Any], configure: Any
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        configure(check_type, **change)

    assert caught.value.type == "mandatory-check"
    assert check_type in caught.value.message_id
    assert configure(check_type, severity="error") == {check_type: {"severity": "error"}}


def test_an_unknown_check_is_refused_with_the_list_of_checks(
    send: Callable[..., Any], configure: Any
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        configure("kode-wilayah", enabled=False)

    assert caught.value.type == "unknown-check"
    assert caught.value.message_id == "Pemeriksaan 'kode-wilayah' tidak dikenal."
    assert caught.value.details == {"available": BUILT_IN}


@pytest.mark.parametrize(
    ("check_type", "change", "accepted"),
    [
        ("value-change", {"factor": "sepuluh"}, "float"),
        ("value-change", {"factor": 0}, "> 1"),
        ("value-change", {"factor": 1}, "> 1"),
        ("value-change", {"factor": -10}, "> 1"),
        ("value-change", {"factor": "inf"}, "> 1"),
        ("value-change", {"faktor": 5}, "factor"),
        ("region-name", {"severity": "fatal"}, "error | warning"),
        ("region-name", {"batas": 3}, "-"),
    ],
)  # fmt: skip
def test_a_bad_parameter_is_refused_and_nothing_is_stored(
    check_type: str, change: dict[str, Any], accepted: str, send: Callable[..., Any],
    configure: Any,
) -> None:  # fmt: skip
    ((key, value),) = change.items()

    with pytest.raises(InvalidInputError) as caught:
        configure(check_type, **change)

    assert caught.value.type == "invalid-check-parameter"
    assert caught.value.details == {"check": check_type, "parameter": key}
    assert caught.value.message_id == (
        f"Parameter '{key}' = '{value}' tidak sah untuk pemeriksaan '{check_type}' "
        f"(yang diterima: {accepted}).")  # fmt: skip
    assert configure("region-coverage", levels="kecamatan") == {
        "region-coverage": {"levels": ["kecamatan"]}
    }  # only what was valid is stored


def test_a_list_parameter_narrows_where_a_check_applies(
    regions: Any, write_csv: Callable[..., Path], ingest: Any, check: Any, configure: Any
) -> None:
    rows = [[r.code, r.name, 2024, 10] for r in regions.regencies()]
    ingest(write_csv(rows, HEADER), metadata={"region_level": "kabupaten_kota"})

    before = check(write_csv(rows[1:], HEADER))
    configure("region-coverage", levels=["kecamatan"])
    after = check(write_csv(rows[1:], HEADER))

    assert before["by_type"] == {"region-coverage": {"errors": 0, "warnings": 1}}
    assert after["by_type"] == {}
