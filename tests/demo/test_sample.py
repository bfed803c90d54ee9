"""The demo's sample datasets: deterministic, complete, consistent across versions, plausible."""

from __future__ import annotations

import csv
import itertools
import re
from collections import defaultdict
from pathlib import Path

import openpyxl
import pytest

from satudata.demo.sample import (
    SPECS,
    SampleDataset,
    SampleOrganization,
    corrections,
    generate_sample,
    typo,
)
from satudata.reference import get_region_index

METADATA_KEYS = {
    "title",
    "description",
    "sector",
    "tags",
    "license",
    "access_level",
    "concept",
    "definition",
    "classification",
    "measure",
    "unit",
    "frequency",
    "period_coverage",
    "region_level",
    "source",
    "producer",
    "release_schedule",
    "priority",
    "bps_indicator_code",
    "kode_dssd",
    "is_sample",
}
SECTORS = {
    "pendidikan",
    "kesehatan",
    "ekonomi",
    "perdagangan",
    "kependudukan",
    "sosial",
    "ketenagakerjaan",
    "pertanian",
}
FREQUENCIES = {"tahunan", "semesteran", "triwulanan", "bulanan", "harian"}
KEY_COLUMNS = ("kode_wilayah", "nama_wilayah")
SURABAYA, KOTA_MOJOKERTO, KOTA_BATU = "35.78", "35.76", "35.79"
MADURA = ("35.26", "35.27", "35.28", "35.29")

Row = dict[str, object]
Sample = tuple[list[SampleOrganization], list[SampleDataset]]


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Sample:
    return generate_sample(tmp_path_factory.mktemp("sample"))


def by_slug(sample: Sample, slug: str) -> SampleDataset:
    return next(d for d in sample[1] if d.slug == slug)


def parse_number(text: str, *, indonesian: bool) -> object:
    if indonesian:
        text = text.replace(".", "").replace(",", ".")
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def read_rows(dataset: SampleDataset, path: Path) -> list[Row]:
    """Read one version file into dicts keyed by column name, numbers parsed."""
    if path.suffix == ".xlsx":
        return read_workbook(path, dataset.sheet or "")
    with path.open(encoding="utf-8", newline="") as handle:
        first = handle.readline()
        handle.seek(0)
        indonesian = ";" in first
        reader = csv.DictReader(handle, delimiter=";" if indonesian else ",")
        return [
            {
                k: v
                if k in KEY_COLUMNS or k == "periode"
                else parse_number(v, indonesian=indonesian)
                for k, v in row.items()
            }
            for row in reader
        ]


def read_workbook(path: Path, sheet: str) -> list[Row]:
    """Read the region rows of an agency workbook (header rows 4-5, data until "Jumlah")."""
    ws = openpyxl.load_workbook(path, read_only=True)[sheet]
    names = {
        "Kode Wilayah": "kode_wilayah",
        "Kabupaten/Kota": "nama_wilayah",
        "Tahun": "tahun",
        "Rawat Inap": "jumlah_puskesmas_rawat_inap",
        "Non Rawat Inap": "jumlah_puskesmas_non_rawat_inap",
        "Dokter": "jumlah_dokter",
        "Perawat": "jumlah_perawat",
        "Bidan": "jumlah_bidan",
    }
    values = list(ws.iter_rows(values_only=True))
    header = [
        names.get(str(b or t), str(b or t)) for t, b in zip(values[3], values[4], strict=True)
    ]
    rows = []
    for row in values[5:]:
        if row[2] == "Jumlah":
            break
        rows.append(dict(zip(header, row, strict=True)))
    return rows


def period_of(row: Row) -> object:
    return row.get("tahun", row.get("periode"))


def latest_rows(sample: Sample, slug: str) -> list[Row]:
    dataset = by_slug(sample, slug)
    return read_rows(dataset, dataset.files[-1])


def test_same_seed_writes_identical_files(sample: Sample, tmp_path: Path) -> None:
    _, again = generate_sample(tmp_path)
    for first, second in zip(sample[1], again, strict=True):
        assert first.metadata == second.metadata
        for a, b in zip(first.files, second.files, strict=True):
            assert a.name == b.name
            assert a.read_bytes() == b.read_bytes(), a.name


def test_another_seed_changes_the_values(sample: Sample, tmp_path: Path) -> None:
    _, other = generate_sample(tmp_path, seed=7)
    assert sample[1][0].files[-1].read_bytes() != other[0].files[-1].read_bytes()


def test_catalogue_spans_agencies_and_sectors(sample: Sample) -> None:
    organizations, datasets = sample
    codes = {org.code for org in organizations}
    assert len(datasets) >= 8
    assert len({d.org_code for d in datasets}) >= 5
    assert {d.org_code for d in datasets} <= codes
    assert len({d.metadata["sector"] for d in datasets}) >= 4
    assert {"pendidikan", "kesehatan", "kependudukan"} <= {d.metadata["sector"] for d in datasets}
    assert {"ekonomi", "perdagangan"} & {d.metadata["sector"] for d in datasets}
    slugs = [d.slug for d in datasets]
    assert len(slugs) == len(set(slugs))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)


def test_metadata_has_every_key_and_marks_sample(sample: Sample) -> None:
    organizations, datasets = sample
    names = {org.code: org.name for org in organizations}
    for dataset in datasets:
        meta = dataset.metadata
        assert set(meta) >= METADATA_KEYS, dataset.slug
        assert meta["is_sample"] is True
        assert "(data contoh)" in str(meta["description"])
        assert meta["license"] == "CC-BY-4.0"
        assert meta["sector"] in SECTORS
        assert meta["frequency"] in FREQUENCIES
        assert meta["producer"] == names[dataset.org_code]
        assert isinstance(meta["priority"], bool)
        assert isinstance(meta["tags"], list) and meta["tags"]
        text_keys = METADATA_KEYS - {"tags", "priority", "is_sample"}
        assert all(isinstance(meta[k], str) for k in text_keys)
        empty_ok = {"bps_indicator_code", "kode_dssd"}
        assert all(meta[k] for k in text_keys - empty_ok), dataset.slug
    levels = [d.metadata["region_level"] for d in datasets]
    assert levels.count("provinsi") == 1
    assert set(levels) == {"provinsi", "kabupaten_kota"}
    access = [d.metadata["access_level"] for d in datasets]
    assert access.count("terbatas") == 1
    assert set(access) == {"terbuka", "terbatas"}


def test_every_kabkota_is_present_in_every_period(sample: Sample) -> None:
    regions = {r.code: r.name for r in get_region_index().regencies()}
    assert len(regions) == 38
    for dataset in sample[1]:
        if dataset.metadata["region_level"] != "kabupaten_kota":
            continue
        for path in dataset.files:
            per_period: dict[object, list[str]] = defaultdict(list)
            for row in read_rows(dataset, path):
                per_period[period_of(row)].append(str(row["kode_wilayah"]))
                assert row["nama_wilayah"] == regions[str(row["kode_wilayah"])]
            for period, codes in per_period.items():
                assert sorted(codes) == sorted(regions), (path.name, period)


def test_later_versions_add_periods_and_keep_old_values(sample: Sample) -> None:
    fixes = {slug: fix for slug, fix in corrections()}
    assert fixes, "at least one dataset should correct an earlier value"
    for dataset in sample[1]:
        versions = [read_rows(dataset, path) for path in dataset.files]
        changed: list[tuple[object, object, str]] = []
        for older, newer in itertools.pairwise(versions):
            assert list(older[0]) == list(newer[0]), dataset.slug
            assert {period_of(r) for r in older} < {period_of(r) for r in newer}
            current = {(r["kode_wilayah"], period_of(r)): r for r in newer}
            for row in older:
                new = current[row["kode_wilayah"], period_of(row)]
                changed += [
                    (row["kode_wilayah"], period_of(row), k) for k in row if row[k] != new[k]
                ]
        fix = fixes.get(dataset.slug)
        assert changed == ([(fix.code, fix.period, fix.column)] if fix else []), dataset.slug


def test_corrected_value_was_a_typo_of_the_right_one(sample: Sample) -> None:
    for slug, fix in corrections():
        dataset = by_slug(sample, slug)
        values = [
            row[fix.column]
            for path in dataset.files[fix.fixed_in - 2 : fix.fixed_in]
            for row in read_rows(dataset, path)
            if row["kode_wilayah"] == fix.code and period_of(row) == fix.period
        ]
        assert values[0] == typo(values[1])


def test_population_is_plausible(sample: Sample) -> None:
    rows = latest_rows(sample, "jumlah-penduduk-menurut-jenis-kelamin-per-kabkota")
    for year in {r["tahun"] for r in rows}:
        of_year = {r["kode_wilayah"]: r for r in rows if r["tahun"] == year}
        largest = max(of_year.values(), key=lambda r: int(str(r["jumlah"])))
        assert largest["kode_wilayah"] == SURABAYA
        assert 2_800_000 < int(str(largest["jumlah"])) < 3_200_000
        assert int(str(of_year[KOTA_MOJOKERTO]["jumlah"])) < 200_000
        assert int(str(of_year[KOTA_BATU]["jumlah"])) < 300_000
        total = sum(int(str(r["jumlah"])) for r in of_year.values())
        assert 39_000_000 < total < 43_000_000
    for row in rows:
        assert row["laki_laki"] + row["perempuan"] == row["jumlah"]  # type: ignore[operator]
        assert 95 < float(str(row["rasio_jenis_kelamin"])) < 105


def test_population_grows_gently(sample: Sample) -> None:
    rows = latest_rows(sample, "jumlah-penduduk-menurut-jenis-kelamin-per-kabkota")
    series: dict[str, dict[int, int]] = defaultdict(dict)
    for row in rows:
        series[str(row["kode_wilayah"])][int(str(row["tahun"]))] = int(str(row["jumlah"]))
    for by_year in series.values():
        years = sorted(by_year)
        for previous, year in itertools.pairwise(years):
            assert -0.005 < by_year[year] / by_year[previous] - 1 < 0.02


@pytest.mark.parametrize(
    ("slug", "columns"),
    [
        ("angka-partisipasi-sekolah-per-kabkota", ("aps_7_12", "aps_13_15", "aps_16_18")),
        ("prevalensi-balita-stunting-per-kabkota", ("prevalensi_stunting",)),
        ("jumlah-dan-persentase-penduduk-miskin-per-kabkota", ("persentase_penduduk_miskin",)),
        ("tingkat-pengangguran-terbuka-per-kabkota", ("tingkat_pengangguran_terbuka",)),
    ],
)
def test_percentages_lie_between_0_and_100(
    sample: Sample, slug: str, columns: tuple[str, ...]
) -> None:
    for row in latest_rows(sample, slug):
        for column in columns:
            assert 0 < float(str(row[column])) < 100, (slug, row)


def test_madura_is_poorer_than_the_cities(sample: Sample) -> None:
    rows = latest_rows(sample, "jumlah-dan-persentase-penduduk-miskin-per-kabkota")
    for year in {r["tahun"] for r in rows}:
        pct = {
            r["kode_wilayah"]: float(str(r["persentase_penduduk_miskin"]))
            for r in rows
            if r["tahun"] == year
        }
        cities = [v for code, v in pct.items() if str(code) >= "35.71"]
        assert min(pct[code] for code in MADURA) > max(cities)
        assert sorted(pct, key=pct.__getitem__)[-1] in MADURA


def test_stunting_counts_agree_with_prevalence(sample: Sample) -> None:
    for row in latest_rows(sample, "prevalensi-balita-stunting-per-kabkota"):
        measured, stunted = (
            int(str(row["jumlah_balita_diukur"])),
            int(str(row["jumlah_balita_stunting"])),
        )
        assert 0 < stunted < measured
        assert row["prevalensi_stunting"] == round(stunted / measured * 100, 1)


def test_grdp_file_uses_indonesian_numbers(sample: Sample) -> None:
    dataset = by_slug(sample, "pdrb-adhb-adhk-per-kabkota")
    text = dataset.files[0].read_text(encoding="utf-8")
    assert text.splitlines()[0].count(";") == 5
    assert re.search(r";\d{1,3}(\.\d{3})+,\d{2};", text)
    rows = latest_rows(sample, dataset.slug)
    surabaya = [r for r in rows if r["kode_wilayah"] == SURABAYA]
    assert all(float(str(r["pdrb_adhb"])) > 400_000_000 for r in surabaya)  # juta rupiah
    assert all(-15 < float(str(r["laju_pertumbuhan_ekonomi"])) < 15 for r in rows)


def test_monthly_exports_cover_24_months(sample: Sample) -> None:
    rows = latest_rows(sample, "nilai-ekspor-nonmigas-bulanan-per-kabkota")
    periods = sorted({str(r["periode"]) for r in rows})
    assert len(periods) == 24
    assert periods[0] == "2023-01" and periods[-1] == "2024-12"
    assert all(re.fullmatch(r"\d{4}-\d{2}", p) for p in periods)
    yearly = sum(int(str(r["nilai_ekspor_usd"])) for r in rows if str(r["periode"]) < "2024")
    assert 15e9 < yearly < 30e9


def test_workbook_looks_like_an_agency_table(sample: Sample) -> None:
    dataset = by_slug(sample, "jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota")
    assert dataset.sheet == "Data"
    assert all(path.suffix == ".xlsx" for path in dataset.files)
    ws = openpyxl.load_workbook(dataset.files[0])["Data"]
    assert "JUMLAH PUSKESMAS" in str(ws["A1"].value)
    assert str(ws["A2"].value).startswith("TAHUN 2019")
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A5", "B4:B5", "C4:C5", "E4:F4", "G4:I4"} <= merged
    assert ws["E4"].value == "Jumlah Puskesmas"
    assert ws["G4"].value == "Jumlah Tenaga Kesehatan"
    assert [ws.cell(5, c).value for c in range(7, 10)] == ["Dokter", "Perawat", "Bidan"]
    column_a = [ws.cell(r, 1).value for r in range(1, ws.max_row + 1)]
    column_c = [ws.cell(r, 3).value for r in range(1, ws.max_row + 1)]
    total_at = column_c.index("Jumlah")
    assert total_at == 5 + 38 * 4  # 5 title/header rows, 38 kab/kota x 2019-2022
    assert any(str(v).startswith("Sumber: Dinas Kesehatan") for v in column_a[total_at:])


def test_files_stay_small(sample: Sample) -> None:
    total = sum(path.stat().st_size for d in sample[1] for path in d.files)
    assert total < 5_000_000


def test_every_spec_becomes_a_dataset(sample: Sample) -> None:
    assert [spec.slug for spec in SPECS] == [d.slug for d in sample[1]]
    for spec, dataset in zip(SPECS, sample[1], strict=True):
        assert len(dataset.files) == len(spec.cutoffs)


@pytest.mark.parametrize(("value", "expected"), [(12345, 13245), (1005, 10050), (987, 978)])
def test_typo_swaps_two_digits(value: int, expected: int) -> None:
    assert typo(value) == expected
