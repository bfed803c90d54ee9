"""Generate the demo's sample datasets: East Java agencies, 38 kab/kota, 2019–2024.

Everything here is synthetic and marked so (`is_sample`, "(data contoh)" in each
description). The same seed always writes byte-identical files. Each dataset comes
as a short version history, oldest first; later versions add periods, keep the
columns, and (for two datasets) fix one earlier value.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from satudata.demo import tables
from satudata.demo.descriptions import SAMPLE_NOTICE, TEXTS
from satudata.demo.series import simulate
from satudata.demo.tables import Context, Table
from satudata.demo.writers import write_csv, write_workbook
from satudata.reference import get_region_index

LICENSE = "CC-BY-4.0"
PROVINCE_CODE = "35"
WORKBOOK_SHEET = "Data"


@dataclass(frozen=True)
class SampleOrganization:
    """An OPD (provincial agency) that owns sample datasets."""

    code: str
    name: str
    short_name: str


@dataclass(frozen=True)
class SampleDataset:
    """One sample dataset: its metadata and its files, one per version, oldest first."""

    org_code: str
    slug: str
    metadata: dict[str, object]
    files: tuple[Path, ...]
    sheet: str | None = None


ORGANIZATIONS: tuple[SampleOrganization, ...] = (
    SampleOrganization("DINDIK", "Dinas Pendidikan Provinsi Jawa Timur", "Dinas Pendidikan"),
    SampleOrganization("DINKES", "Dinas Kesehatan Provinsi Jawa Timur", "Dinas Kesehatan"),
    SampleOrganization(
        "DISPERINDAG",
        "Dinas Perindustrian dan Perdagangan Provinsi Jawa Timur",
        "Disperindag",
    ),
    SampleOrganization(
        "DISPENDUKCAPIL",
        "Dinas Kependudukan dan Pencatatan Sipil Provinsi Jawa Timur",
        "Dispendukcapil",
    ),
    SampleOrganization("DINSOS", "Dinas Sosial Provinsi Jawa Timur", "Dinas Sosial"),
    SampleOrganization(
        "DISNAKERTRANS",
        "Dinas Tenaga Kerja dan Transmigrasi Provinsi Jawa Timur",
        "Disnakertrans",
    ),
    SampleOrganization(
        "BAPPEDA",
        "Badan Perencanaan Pembangunan Daerah Provinsi Jawa Timur",
        "Bappeda",
    ),
    SampleOrganization(
        "DISKOMINFO",
        "Dinas Komunikasi dan Informatika Provinsi Jawa Timur",
        "Diskominfo",
    ),
)


@dataclass(frozen=True)
class Correction:
    """A value that was wrong (a typo) until version `fixed_in` (1-based) corrected it."""

    code: str
    period: int | str
    column: str
    fixed_in: int


@dataclass(frozen=True)
class Workbook:
    """Agency-style workbook decorations around the table."""

    title: str
    source: str


@dataclass(frozen=True)
class DatasetSpec:
    """How one sample dataset is built and split into versions."""

    org_code: str
    slug: str
    build: Callable[[Context], Table]
    cutoffs: tuple[int | str, ...]  # last period of each version
    indonesian_csv: bool = False  # `;` and "1.234.567,89"
    workbook: Workbook | None = None
    correction: Correction | None = None


SPECS: tuple[DatasetSpec, ...] = (
    DatasetSpec(
        "DINDIK",
        "jumlah-sekolah-dan-siswa-sma-smk-per-kabkota",
        tables.schools,
        (2022, 2023, 2024),
        correction=Correction("35.09", 2022, "jumlah_siswa_smk", fixed_in=3),
    ),
    DatasetSpec(
        "DINDIK",
        "angka-partisipasi-sekolah-per-kabkota",
        tables.school_participation,
        (2022, 2024),
    ),
    DatasetSpec(
        "DINKES",
        "jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota",
        tables.health_facilities,
        (2022, 2023, 2024),
        workbook=Workbook(
            "JUMLAH PUSKESMAS DAN TENAGA KESEHATAN DI PUSKESMAS MENURUT KABUPATEN/KOTA "
            "DI JAWA TIMUR",
            "Sumber: Dinas Kesehatan Provinsi Jawa Timur",
        ),
    ),
    DatasetSpec(
        "DINKES", "prevalensi-balita-stunting-per-kabkota", tables.stunting, (2022, 2023, 2024)
    ),
    DatasetSpec(
        "BAPPEDA", "pdrb-adhb-adhk-per-kabkota", tables.grdp, (2023, 2024), indonesian_csv=True
    ),
    DatasetSpec(
        "DISPERINDAG",
        "nilai-ekspor-nonmigas-bulanan-per-kabkota",
        tables.exports,
        ("2023-12", "2024-06", "2024-12"),
        correction=Correction("35.25", "2024-03", "nilai_ekspor_usd", fixed_in=3),
    ),
    DatasetSpec(
        "DISPENDUKCAPIL",
        "jumlah-penduduk-menurut-jenis-kelamin-per-kabkota",
        tables.population,
        (2022, 2023, 2024),
    ),
    DatasetSpec(
        "DINSOS",
        "jumlah-dan-persentase-penduduk-miskin-per-kabkota",
        tables.poverty,
        (2023, 2024),
    ),
    DatasetSpec(
        "DISNAKERTRANS",
        "tingkat-pengangguran-terbuka-per-kabkota",
        tables.unemployment,
        (2023, 2024),
    ),
    DatasetSpec(
        "DINSOS", "jumlah-kpm-bantuan-sosial-per-kabkota", tables.social_assistance, (2023, 2024)
    ),
    DatasetSpec(
        "BAPPEDA", "indikator-makro-pembangunan-jawa-timur", tables.macro_indicators, (2024,)
    ),
)


def generate_sample(
    out_dir: Path, seed: int = 3500
) -> tuple[list[SampleOrganization], list[SampleDataset]]:
    """Write every sample dataset's version files under `out_dir` and describe them."""
    index = get_region_index()
    province = index.get(PROVINCE_CODE)
    if province is None:
        raise LookupError(f"the region index has no province {PROVINCE_CODE}")
    regions = sorted(index.regencies(), key=lambda region: region.code)
    context = Context(seed, province, regions, simulate(seed, [r.code for r in regions]))
    organizations = {org.code: org for org in ORGANIZATIONS}
    datasets = []
    for spec in SPECS:
        org = organizations[spec.org_code]
        files = write_versions(out_dir / spec.slug, spec, spec.build(context), org)
        datasets.append(
            SampleDataset(
                org_code=spec.org_code,
                slug=spec.slug,
                metadata=build_metadata(spec.slug, org),
                files=files,
                sheet=WORKBOOK_SHEET if spec.workbook else None,
            )
        )
    return list(ORGANIZATIONS), datasets


def build_metadata(slug: str, org: SampleOrganization) -> dict[str, object]:
    """Return the dataset's metadata with the keys every sample dataset shares."""
    texts = dict(TEXTS[slug])
    if isinstance(texts["tags"], list):  # a copy, so callers cannot edit the shared texts
        texts["tags"] = list(texts["tags"])
    return {
        **texts,
        "description": f"{texts['description']} {SAMPLE_NOTICE}",
        "license": LICENSE,
        "producer": org.name,
        "is_sample": True,
    }


def write_versions(
    folder: Path, spec: DatasetSpec, table: Table, org: SampleOrganization
) -> tuple[Path, ...]:
    """Write one file per version (each holds every period up to its cutoff)."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for number, cutoff in enumerate(spec.cutoffs, start=1):
        rows = version_rows(table, spec.correction, number, cutoff)
        suffix = "xlsx" if spec.workbook else "csv"
        path = folder / f"{spec.slug}_v{number}.{suffix}"
        if spec.workbook:
            first, last = rows[0][2], rows[-1][2]
            write_workbook(
                path,
                table,
                rows,
                title=spec.workbook.title,
                subtitle=f"TAHUN {first}–{last}",
                source=spec.workbook.source,
                notes=["Keterangan: data contoh (sintetis), bukan statistik resmi."],
                author=org.name,
            )
        else:
            write_csv(path, table, rows, indonesian=spec.indonesian_csv)
        files.append(path)
    return tuple(files)


def version_rows(
    table: Table, correction: Correction | None, number: int, cutoff: int | str
) -> list[list[object]]:
    """Return the rows of version `number`: periods up to `cutoff`, with the old typo."""
    rows = [list(row) for row in table.rows if str(row[2]) <= str(cutoff)]
    if correction is None or number >= correction.fixed_in:
        return rows
    index = table.column_index(correction.column)
    for row in rows:
        if row[0] == correction.code and row[2] == correction.period:
            row[index] = typo(row[index])
    return rows


def typo(value: object) -> int:
    """Return `value` with two digits swapped, as a hurried data-entry operator would."""
    if not isinstance(value, int) or value < 100:
        raise ValueError(f"cannot make a typo of {value!r}")
    digits = list(str(value))
    if digits[1] == digits[2]:
        return value * 10
    digits[1], digits[2] = digits[2], digits[1]
    return int("".join(digits))


def corrections() -> Sequence[tuple[str, Correction]]:
    """Return (slug, correction) for every dataset whose later version fixes a value."""
    return [(spec.slug, spec.correction) for spec in SPECS if spec.correction]
