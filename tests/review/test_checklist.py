"""The review checklist, pre-filled from a version's report, schema and the dataset metadata.

A clean dataset: puskesmas counts of all 38 kab/kota of Jawa Timur, full SDI metadata.
A faulty one: two kab/kota, little metadata, and a second version that changes a type,
adds an empty column, drops a year and holds a value a hundred times the previous one.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.catalog.service import set_table_schema
from satudata.db.models import Dataset, Version
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, check_file, ingest_file
from satudata.reference import get_region_index
from satudata.review.checklist import build_checklist
from satudata.runtime import Runtime
from satudata.validate.service import set_check_config

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
METADATA = {
    "title": "Jumlah Puskesmas Menurut Kabupaten/Kota", "sector": "kesehatan",
    "description": "Jumlah puskesmas di setiap kabupaten/kota di Jawa Timur.",
    "producer": "Dinas Kesehatan Provinsi Jawa Timur", "frequency": "tahunan",
    "unit": "unit", "measure": "jumlah", "region_level": "kabupaten_kota",
    "period_coverage": "2023-2024", "source": "Profil Kesehatan Jawa Timur",
}  # fmt: skip
ALL_REGIONS = [(r.code, r.name) for r in get_region_index().regencies()]

Send = Callable[..., int]
Checklist = Callable[..., list[dict[str, Any]]]


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write a CSV from rows (None is an empty cell); return its path."""
    made = iter(range(1, 100))

    def write(rows: list[list[Any]], header: list[str] = HEADER) -> Path:
        path = tmp_path / f"berkas_{next(made)}.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(header)
            writer.writerows(["" if v is None else v for v in row] for row in rows)
        return path

    return write


@pytest.fixture
def send(runtime: Runtime, write_csv: Callable[..., Path]) -> Send:
    """Make a version of a DINKES dataset from rows as SYSTEM; return its number."""

    def run(slug: str, rows: list[list[Any]], header: list[str] = HEADER,
            metadata: dict[str, Any] | None = None) -> int:  # fmt: skip
        request = IngestRequest(path=write_csv(rows, header), organization="DINKES",
                                dataset=slug, metadata=metadata or {})  # fmt: skip
        return ingest_file(
            runtime.sessions, runtime.settings, actor=SYSTEM, request=request
        ).version

    return run


@pytest.fixture
def checklist(runtime: Runtime) -> Checklist:
    """Build the checklist of a version against the one before it (or `previous`)."""

    def run(slug: str, number: int, previous: int | None = None, *,
            version: Version | None = None) -> list[dict[str, Any]]:  # fmt: skip
        with session_scope(runtime.sessions) as session:
            dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
            assert dataset is not None
            by_number = {v.number: v for v in dataset.versions}
            before = by_number[previous] if previous is not None else None
            return build_checklist(dataset, version or by_number[number], before)

    return run


def by_item(items: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {i["item"]: i for i in items}


def regions(year: int, value: int = 10) -> list[list[Any]]:
    return [[code, name, year, value] for code, name in ALL_REGIONS]


# --- a clean version ------------------------------------------------------------------


def test_a_clean_version_is_ok_on_every_item(send: Send, checklist: Checklist) -> None:
    send("puskesmas", regions(2023), metadata=METADATA)
    send("puskesmas", regions(2023) + regions(2024, 11))

    items = checklist("puskesmas", 2, previous=1)

    assert items == [
        {"item": "data-standard", "title": "Standar data: skema dan tipe kolom",
         "title_en": "Data standard: schema and column types", "auto": "ok",
         "evidence": ["4 kolom dengan tipe: 2 teks, 1 tahun, 1 bilangan bulat",
                      "Nilai yang tidak sesuai tipe kolomnya: 0",
                      "Kolom yang berbeda dari skema dataset: 0"],
         "ok": None, "note": ""},
        {"item": "metadata", "title": "Metadata standar Satu Data lengkap",
         "title_en": "Standard Satu Data metadata complete", "auto": "ok",
         "evidence": ["10 dari 10 metadata wajib terisi"], "ok": None, "note": ""},
        {"item": "reference-codes", "title": "Kode referensi (kode wilayah) valid",
         "title_en": "Reference codes (region codes) valid", "auto": "ok",
         "evidence": ["Kode wilayah yang salah, tidak dikenal atau di luar tingkat penyajian: 0",
                      "Nama wilayah yang tidak sesuai kode atau tidak dikenal: 0",
                      "Periode dengan wilayah yang tidak lengkap: 0"],
         "ok": None, "note": ""},
        {"item": "interoperability",
         "title": "Interoperabilitas: konsisten dengan versi sebelumnya",
         "title_en": "Interoperability: consistent with the previous version", "auto": "ok",
         "evidence": ["Kolom dan tipenya sama dengan versi 1 (4 kolom)",
                      "Nilai yang berubah lebih dari 10 kali dibanding versi sebelumnya: 0",
                      "Periode versi sebelumnya yang hilang: 0"],
         "ok": None, "note": ""},
    ]  # fmt: skip


def test_the_first_version_has_nothing_to_be_consistent_with(
    send: Send, checklist: Checklist
) -> None:
    send("puskesmas", regions(2023), metadata=METADATA)

    item = by_item(checklist("puskesmas", 1))["interoperability"]

    assert (item["auto"], item["evidence"]) == (
        "ok", ["Versi pertama: belum ada versi sebelumnya untuk dibandingkan."])  # fmt: skip


# --- a faulty version -----------------------------------------------------------------


@pytest.fixture
def faulty(send: Send, runtime: Runtime) -> list[dict[str, Any]]:
    """Version 2 of a thinly described dataset, full of things to look at; its checklist."""
    send("puskesmas", [["35.07", "Kabupaten Malang", 2023, 39], ["35.73", "Kota Malang", 2023, 16],
                       ["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]],
         metadata={"region_level": "kabupaten_kota"})  # fmt: skip
    with session_scope(runtime.sessions) as session:
        set_check_config(session, actor=SYSTEM, slug="puskesmas", check_type="region-code",
                         change={"severity": "warning"})  # fmt: skip
        dataset = session.scalar(select(Dataset).where(Dataset.slug == "puskesmas"))
        assert dataset is not None and dataset.table_schema is not None
        fields = [dict(f) for f in dataset.table_schema["fields"]]
        fields[3]["type"] = "number"
        fields.append({"name": "jumlah_pustu", "title": "Jumlah Pustu", "type": "integer"})
        set_table_schema(session, actor=SYSTEM, slug="puskesmas",
                         descriptor={**dataset.table_schema, "fields": fields})  # fmt: skip
    send("puskesmas", [["35.07", "Kabupaten Malang", 2024, 3900, None],  # 39 × 100
                       ["35.73", "Kota Malang", 2024, 16.5, None],
                       ["35.99", "Kota Entah", 2024, 5, None]],  # no such code
         [*HEADER, "Jumlah Pustu"])  # 2023 is gone  # fmt: skip
    with session_scope(runtime.sessions) as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == "puskesmas"))
        assert dataset is not None
        return build_checklist(dataset, dataset.versions[1], dataset.versions[0])


def test_every_item_of_a_faulty_version_is_to_be_checked(faulty: list[dict[str, Any]]) -> None:
    assert [(i["item"], i["auto"], i["ok"], i["note"]) for i in faulty] == [
        ("data-standard", "perlu-dicek", None, ""), ("metadata", "perlu-dicek", None, ""),
        ("reference-codes", "perlu-dicek", None, ""),
        ("interoperability", "perlu-dicek", None, ""),
    ]  # fmt: skip


def test_an_empty_column_is_named_under_data_standard(faulty: list[dict[str, Any]]) -> None:
    assert by_item(faulty)["data-standard"]["evidence"] == [
        "5 kolom dengan tipe: 2 teks, 1 tahun, 1 angka, 1 bilangan bulat",
        "Nilai yang tidak sesuai tipe kolomnya: 0",
        "Kolom yang berbeda dari skema dataset: 0",
        "Kolom yang seluruhnya kosong: 1 (Jumlah Pustu)",
    ]


def test_the_missing_metadata_are_named(faulty: list[dict[str, Any]]) -> None:
    # Filled: the title (from the slug), the owning OPD, the level and the default license.
    assert by_item(faulty)["metadata"]["evidence"] == [
        "4 dari 10 metadata wajib terisi",
        "Belum diisi: deskripsi, sektor/urusan, frekuensi, satuan/ukuran, cakupan periode, "
        "sumber data",
    ]


def test_unknown_codes_and_missing_regions_are_counted(faulty: list[dict[str, Any]]) -> None:
    assert by_item(faulty)["reference-codes"]["evidence"] == [
        "Kode wilayah yang salah, tidak dikenal atau di luar tingkat penyajian: 1",
        "Nama wilayah yang tidak sesuai kode atau tidak dikenal: 0",
        "Periode dengan wilayah yang tidak lengkap: 1",
        "Periode 2024: 2 dari 38 wilayah ada, 36 tidak ada",
    ]


def test_changes_against_the_previous_version_are_listed(faulty: list[dict[str, Any]]) -> None:
    assert by_item(faulty)["interoperability"]["evidence"] == [
        "Kolom baru dibanding versi 1: 1 (Jumlah Pustu)",
        "Tipe kolom berubah: 1 (Jumlah Puskesmas bilangan bulat → angka)",
        "Nilai yang berubah lebih dari 10 kali dibanding versi sebelumnya: 1 "
        "(kolom Jumlah Puskesmas)",
        "Periode versi sebelumnya yang hilang: 1 (2023)",
    ]


# --- reports, metadata and regions in other shapes ------------------------------------


@pytest.mark.parametrize(
    ("header", "rows", "expected"),
    [
        (HEADER, [["35.07", "Kabupaten Malang", 2023, "tiga puluh"],
                  ["35.73", "Kota Malang", 2023, "enam belas"]],
         ["Nilai yang tidak sesuai tipe kolomnya: 2 (kolom Jumlah Puskesmas)",
          "Kolom yang berbeda dari skema dataset: 0"]),
        (["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jml Puskesmas"],
         [["35.07", "Kabupaten Malang", 2023, 39]],
         ["Nilai yang tidak sesuai tipe kolomnya: 0",
          "Kolom yang berbeda dari skema dataset: 1 (kolom Jml Puskesmas)"]),
    ],
)  # fmt: skip
def test_type_errors_and_schema_drift_in_a_report_are_counted(
    header: list[str], rows: list[list[Any]], expected: list[str], send: Send,
    runtime: Runtime, write_csv: Callable[..., Path], checklist: Checklist,
) -> None:  # fmt: skip
    send("puskesmas", regions(2023), metadata=METADATA)
    # The report the dry run gives for a faulty file, as a version would carry it.
    report = check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=write_csv(rows, header), organization="DINKES", dataset="puskesmas"))  # fmt: skip
    with session_scope(runtime.sessions) as session:
        first = session.scalar(select(Version).where(Version.number == 1))
        assert first is not None
        version = Version(number=2, table_schema=first.table_schema, validation=report,
                          column_stats=first.column_stats, ingest_notes={})  # fmt: skip

    item = by_item(checklist("puskesmas", 1, version=version))["data-standard"]

    assert item["auto"] == "perlu-dicek"
    assert item["evidence"][1:] == expected


def test_a_version_without_a_report_is_to_be_checked(send: Send, checklist: Checklist,
                                                     runtime: Runtime) -> None:  # fmt: skip
    send("puskesmas", regions(2023), metadata=METADATA)
    with session_scope(runtime.sessions) as session:
        first = session.scalar(select(Version).where(Version.number == 1))
        assert first is not None
        version = Version(number=1, table_schema=first.table_schema, validation={},
                          column_stats=first.column_stats, ingest_notes={})  # fmt: skip

    items = by_item(checklist("puskesmas", 1, version=version))

    assert items["data-standard"]["evidence"][-1] == "Versi ini tidak memiliki laporan validasi."
    assert items["reference-codes"]["evidence"] == ["Versi ini tidak memiliki laporan validasi."]
    assert (items["data-standard"]["auto"], items["reference-codes"]["auto"]) == (
        "perlu-dicek", "perlu-dicek")  # fmt: skip
    assert items["metadata"]["auto"] == "ok"


def test_priority_data_also_needs_concept_and_definition(send: Send, checklist: Checklist) -> None:
    send("puskesmas", regions(2023), metadata={**METADATA, "priority": True,
                                               "concept": "Puskesmas"})  # fmt: skip

    item = by_item(checklist("puskesmas", 1))["metadata"]

    assert item["auto"] == "perlu-dicek"
    assert item["evidence"] == [
        "11 dari 12 metadata wajib (data prioritas: termasuk konsep dan definisi) terisi",
        "Belum diisi: definisi",
    ]


def test_the_measure_stands_in_for_the_unit(send: Send, checklist: Checklist) -> None:
    send("puskesmas", regions(2023), metadata={**METADATA, "unit": ""})

    assert by_item(checklist("puskesmas", 1))["metadata"]["evidence"] == [
        "10 dari 10 metadata wajib terisi"]  # fmt: skip


@pytest.mark.parametrize(
    ("level", "auto", "evidence"),
    [("", "ok", "Tidak ada kolom kode atau nama wilayah (data tingkat provinsi)."),
     ("kabupaten_kota", "perlu-dicek",
      "Tingkat penyajian kabupaten/kota, tetapi tidak ada kolom kode atau nama wilayah.")],
)  # fmt: skip
def test_a_table_without_regions_is_checked_against_its_level(
    level: str, auto: str, evidence: str, send: Send, checklist: Checklist
) -> None:
    send("dokter", [["Puskesmas Dau", 3], ["Puskesmas Batu", 2]],
         ["Nama Puskesmas", "Jumlah Dokter"], metadata={"region_level": level})  # fmt: skip

    item = by_item(checklist("dokter", 1))["reference-codes"]

    assert (item["auto"], item["evidence"]) == (auto, [evidence])
