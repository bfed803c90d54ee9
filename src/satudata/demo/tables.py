"""The sample tables: one builder per dataset, each returning every period at once.

Rows are `[kode_wilayah, nama_wilayah, period, *measures]`, sorted by period and then
region code. Splitting a table into versions is the caller's job.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from satudata.demo.profiles import MADURA_CODES, PROFILES
from satudata.demo.series import YEARS, Baseline

SURABAYA = "35.78"
SUMENEP = "35.29"


class RegionLike(Protocol):
    """What the builders need from `satudata.reference.Region`."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str: ...

    @property
    def level(self) -> str: ...


@dataclass(frozen=True)
class Column:
    """One column: its machine name, decimals (None for text) and workbook header."""

    name: str
    decimals: int | None = 0
    label: str = ""
    group: str = ""  # workbook only: the merged header cell above `label`


@dataclass
class Table:
    """A whole sample table; column 2 holds the period (tahun or periode)."""

    columns: tuple[Column, ...]
    rows: list[list[object]]

    def column_index(self, name: str) -> int:
        """Return the position of a column by name."""
        return [c.name for c in self.columns].index(name)


@dataclass(frozen=True)
class Context:
    """What every builder gets: the seed, the province, its 38 kab/kota, the core series."""

    seed: int
    province: RegionLike
    regions: Sequence[RegionLike]
    base: Baseline

    def rng(self, topic: str, code: str = "") -> random.Random:
        """Return a generator private to one topic (and region), stable across edits."""
        return random.Random(f"{self.seed}:{topic}:{code}")


def _key_columns(period: str = "tahun") -> tuple[Column, ...]:
    return (
        Column("kode_wilayah", None, "Kode Wilayah"),
        Column("nama_wilayah", None, "Kabupaten/Kota"),
        Column(period, 0 if period == "tahun" else None, period.capitalize()),
    )


def _sorted(rows: list[list[object]]) -> list[list[object]]:
    return sorted(rows, key=lambda row: (str(row[2]), str(row[0])))


def _is_city(region: RegionLike) -> bool:
    return region.level == "city"


def _kind(region: RegionLike) -> str:
    """Return "kota", "madura" or "kab": the three shapes most measures follow."""
    if _is_city(region):
        return "kota"
    return "madura" if region.code in MADURA_CODES else "kab"


def schools(ctx: Context) -> Table:
    """Jumlah sekolah dan siswa SMA/SMK (Dinas Pendidikan)."""
    rows: list[list[object]] = []
    swasta_per_100k = {"kota": (3.0, 3.0), "madura": (4.5, 3.0), "kab": (2.0, 4.0)}
    students_factor = {"kota": (1.6, 1.5), "madura": (1.2, 0.6), "kab": (0.95, 1.0)}
    for region in ctx.regions:
        rng = ctx.rng("schools", region.code)
        pop = ctx.base.population[region.code, YEARS[0]]
        sma_f, smk_f = swasta_per_100k[_kind(region)]
        sma_s, smk_s = students_factor[_kind(region)]
        sma_n = round(4 + pop / 200_000)
        smk_n = round(3 + pop / 250_000)
        sma_p = max(2, round(pop / 100_000 * sma_f * rng.uniform(0.85, 1.15)))
        smk_p = max(2, round(pop / 100_000 * smk_f * rng.uniform(0.85, 1.15)))
        pupils_sma = pop * 0.0107 * sma_s * rng.uniform(0.9, 1.1)
        pupils_smk = pop * 0.0156 * smk_s * rng.uniform(0.9, 1.1)
        for year in YEARS:
            if year > YEARS[0]:
                sma_n += int(rng.random() < 0.08)
                smk_n += int(rng.random() < 0.08)
                sma_p = max(2, sma_p + rng.choice((-1, 0, 0, 0, 1, 1)))
                smk_p = max(2, smk_p + rng.choice((-1, -1, 0, 0, 0, 1)))
                pupils_sma *= 1 + rng.gauss(0.006, 0.015)
                pupils_smk *= 1 + rng.gauss(-0.002, 0.015)
            pupils = [round(pupils_sma), round(pupils_smk)]
            rows.append([region.code, region.name, year, sma_n, sma_p, smk_n, smk_p, *pupils])
    columns = (
        *_key_columns(),
        Column("jumlah_sma_negeri"),
        Column("jumlah_sma_swasta"),
        Column("jumlah_smk_negeri"),
        Column("jumlah_smk_swasta"),
        Column("jumlah_siswa_sma"),
        Column("jumlah_siswa_smk"),
    )
    return Table(columns, _sorted(rows))


def school_participation(ctx: Context) -> Table:
    """Angka partisipasi sekolah menurut kelompok umur (Susenas, via Dinas Pendidikan)."""
    # (2019 level, yearly gain, cap) per age group and region shape.
    shapes = {
        "kota": ((99.75, 0.03, 99.98), (98.4, 0.2, 99.9), (80.0, 0.7, 97.0), (38.0, 0.8, 75.0)),
        "kab": ((99.45, 0.04, 99.95), (96.3, 0.3, 99.8), (70.0, 0.8, 95.0), (20.0, 0.6, 60.0)),
        "madura": ((98.9, 0.08, 99.9), (92.5, 0.4, 99.5), (62.0, 1.0, 92.0), (16.0, 0.5, 50.0)),
    }
    spread = (0.15, 0.6, 2.5, 3.0)
    noise = (0.12, 0.5, 1.0, 1.2)
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("participation", region.code)
        groups = shapes[_kind(region)]
        levels = [g[0] + rng.gauss(0, s) for g, s in zip(groups, spread, strict=True)]
        if region.code in ("35.73", SURABAYA):  # university cities
            levels[3] += 15.0 if region.code == "35.73" else 4.0
        for year in YEARS:
            values: list[object] = []
            for (_, gain, cap), base, sd in zip(groups, levels, noise, strict=True):
                value = base + gain * (year - YEARS[0]) + rng.gauss(0, sd)
                if value > cap:  # near-universal enrolment: stay just under the ceiling
                    value = cap - rng.uniform(0, 0.3) * (100 - cap)
                values.append(round(value, 2))
            rows.append([region.code, region.name, year, *values])
    columns = (
        *_key_columns(),
        Column("aps_7_12", 2),
        Column("aps_13_15", 2),
        Column("aps_16_18", 2),
        Column("aps_19_23", 2),
    )
    return Table(columns, _sorted(rows))


def health_facilities(ctx: Context) -> Table:
    """Jumlah puskesmas dan tenaga kesehatan di puskesmas (Dinas Kesehatan)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("health-facilities", region.code)
        pop = ctx.base.population[region.code, YEARS[0]]
        total = max(3, round(pop / 45_000)) + (6 if region.code == SUMENEP else 0)
        share = rng.uniform(0.1, 0.3) if _is_city(region) else rng.uniform(0.45, 0.65)
        inpatient = max(1, round(total * share))
        outpatient = total - inpatient
        doctors = total * rng.uniform(2.0, 3.2)
        nurses = total * rng.uniform(10.0, 16.0)
        midwives = total * (rng.uniform(5.0, 9.0) if _is_city(region) else rng.uniform(11, 17))
        for year in YEARS:
            if year > YEARS[0]:
                outpatient += int(rng.random() < 0.1)
                if outpatient > 1 and rng.random() < 0.08:  # upgraded to rawat inap
                    outpatient, inpatient = outpatient - 1, inpatient + 1
                extra = 0.02 if year == 2021 else 0.0  # pandemic hiring
                doctors *= 1 + rng.gauss(0.03 + extra, 0.02)
                nurses *= 1 + rng.gauss(0.025 + extra, 0.02)
                midwives *= 1 + rng.gauss(0.02, 0.02)
            staff = [round(doctors), round(nurses), round(midwives)]
            rows.append([region.code, region.name, year, inpatient, outpatient, *staff])
    group_pkm, group_staff = "Jumlah Puskesmas", "Jumlah Tenaga Kesehatan"
    columns = (
        *_key_columns(),
        Column("jumlah_puskesmas_rawat_inap", 0, "Rawat Inap", group_pkm),
        Column("jumlah_puskesmas_non_rawat_inap", 0, "Non Rawat Inap", group_pkm),
        Column("jumlah_dokter", 0, "Dokter", group_staff),
        Column("jumlah_perawat", 0, "Perawat", group_staff),
        Column("jumlah_bidan", 0, "Bidan", group_staff),
    )
    return Table(columns, _sorted(rows))


def stunting(ctx: Context) -> Table:
    """Prevalensi balita stunting hasil bulan timbang (Dinas Kesehatan)."""
    path = {2019: 1.0, 2020: 0.97, 2021: 0.92, 2022: 0.8, 2023: 0.72, 2024: 0.66}
    # Surabaya's well-known steep fall after 2020.
    fast = {2019: 1.0, 2020: 0.92, 2021: 0.55, 2022: 0.4, 2023: 0.14, 2024: 0.11}
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("stunting", region.code)
        start = PROFILES[region.code].stunting_pct_2019
        trend = fast if region.code == SURABAYA else path
        for year in YEARS:
            coverage = rng.uniform(0.8, 0.93) * (0.82 if year == 2020 else 1.0)
            measured = round(ctx.base.population[region.code, year] * 0.074 * coverage)
            rate = start * trend[year] * (1 + rng.gauss(0, 0.04))
            stunted = round(measured * rate / 100)
            pct = round(stunted / measured * 100, 1)
            rows.append([region.code, region.name, year, measured, stunted, pct])
    columns = (
        *_key_columns(),
        Column("jumlah_balita_diukur"),
        Column("jumlah_balita_stunting"),
        Column("prevalensi_stunting", 1),
    )
    return Table(columns, _sorted(rows))


def grdp(ctx: Context) -> Table:
    """PDRB atas dasar harga berlaku dan konstan 2010, with growth (Bappeda)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        for year in YEARS:
            current = ctx.base.grdp_current[region.code, year]
            constant = ctx.base.grdp_constant[region.code, year]
            previous = ctx.base.grdp_constant[region.code, year - 1]
            growth = round((constant / previous - 1) * 100, 2)
            rows.append([region.code, region.name, year, current, constant, growth])
    columns = (
        *_key_columns(),
        Column("pdrb_adhb", 2),
        Column("pdrb_adhk", 2),
        Column("laju_pertumbuhan_ekonomi", 2),
    )
    return Table(columns, _sorted(rows))


MONTHS = tuple(f"{year}-{month:02d}" for year in (2023, 2024) for month in range(1, 13))
# Lebaran fell in April in both years; December slows with the holidays.
SEASON = (0.92, 0.93, 1.05, 0.89, 1.02, 0.98, 1.02, 1.04, 1.02, 1.06, 1.04, 1.0)
EXPORT_TOTAL_USD = {2023: 21.8e9, 2024: 22.5e9}


def exports(ctx: Context) -> Table:
    """Nilai dan berat ekspor non-migas bulanan menurut kab/kota asal (Disperindag)."""
    weights = {r.code: PROFILES[r.code].export_share for r in ctx.regions}
    total_weight = sum(weights.values())
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("exports", region.code)
        share = weights[region.code] / total_weight * rng.uniform(0.9, 1.1)
        usd_per_kg = rng.uniform(0.6, 4.0)
        noise = 0.08 if weights[region.code] >= 1 else 0.2  # small exporters are lumpy
        for period in MONTHS:
            year, month = int(period[:4]), int(period[5:])
            monthly = EXPORT_TOTAL_USD[year] * share / 12 * SEASON[month - 1]
            value = max(1_000.0, monthly * (1 + rng.gauss(0, noise)))
            weight = value / (usd_per_kg * rng.uniform(0.9, 1.1))
            rows.append([region.code, region.name, period, round(value), round(weight)])
    columns = (
        *_key_columns("periode"),
        Column("nilai_ekspor_usd"),
        Column("berat_bersih_kg"),
    )
    return Table(columns, _sorted(rows))


def population(ctx: Context) -> Table:
    """Jumlah penduduk menurut jenis kelamin (Dispendukcapil)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        for year in YEARS:
            total = ctx.base.population[region.code, year]
            male = ctx.base.male[region.code, year]
            female = total - male
            ratio = round(male / female * 100, 2)
            rows.append([region.code, region.name, year, male, female, total, ratio])
    columns = (
        *_key_columns(),
        Column("laki_laki"),
        Column("perempuan"),
        Column("jumlah"),
        Column("rasio_jenis_kelamin", 2),
    )
    return Table(columns, _sorted(rows))


POVERTY_LINE_GROWTH = {2020: 5.0, 2021: 4.5, 2022: 6.5, 2023: 8.5, 2024: 4.0}


def poverty(ctx: Context) -> Table:
    """Jumlah dan persentase penduduk miskin, garis kemiskinan (Susenas Maret)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("poverty-line", region.code)
        line = rng.uniform(500_000, 560_000) if _is_city(region) else rng.uniform(340_000, 460_000)
        if region.code == SURABAYA:
            line = 600_000 + rng.uniform(-10_000, 10_000)
        for year in YEARS:
            if year > YEARS[0]:
                line *= 1 + (POVERTY_LINE_GROWTH[year] + rng.gauss(0, 1.0)) / 100
            pct = ctx.base.poverty_pct[region.code, year]
            poor = ctx.base.survey_population[region.code, year] * pct / 100
            rows.append([region.code, region.name, year, round(poor / 1000, 2), pct, round(line)])
    columns = (
        *_key_columns(),
        Column("jumlah_penduduk_miskin", 2),
        Column("persentase_penduduk_miskin", 2),
        Column("garis_kemiskinan"),
    )
    return Table(columns, _sorted(rows))


def unemployment(ctx: Context) -> Table:
    """Angkatan kerja, pengangguran dan TPT (Sakernas Agustus)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        for year in YEARS:
            labour = ctx.base.labour_force[region.code, year]
            jobless = ctx.base.unemployed[region.code, year]
            rate = round(jobless / labour * 100, 2)
            rows.append([region.code, region.name, year, labour, jobless, rate])
    columns = (
        *_key_columns(),
        Column("angkatan_kerja"),
        Column("pengangguran_terbuka"),
        Column("tingkat_pengangguran_terbuka", 2),
    )
    return Table(columns, _sorted(rows))


def social_assistance(ctx: Context) -> Table:
    """Keluarga penerima manfaat PKH dan Program Sembako, 2021 onwards (Dinas Sosial)."""
    rows: list[list[object]] = []
    for region in ctx.regions:
        rng = ctx.rng("social-assistance", region.code)
        pkh_ratio, food_ratio = rng.uniform(0.3, 0.4), rng.uniform(0.55, 0.68)
        for year in YEARS[2:]:
            people = ctx.base.survey_population[region.code, year]
            poor = people * ctx.base.poverty_pct[region.code, year] / 100
            pkh = round(poor * pkh_ratio * (1 + rng.gauss(0, 0.03)))
            food = round(poor * food_ratio * (1 + rng.gauss(0, 0.03)))
            rows.append([region.code, region.name, year, pkh, food])
    columns = (*_key_columns(), Column("jumlah_kpm_pkh"), Column("jumlah_kpm_sembako"))
    return Table(columns, _sorted(rows))


HDI_2019, HDI_GAIN = 71.5, {2020: 0.21, 2021: 0.43, 2022: 0.61, 2023: 0.63, 2024: 0.62}
GINI = {2019: 0.37, 2020: 0.364, 2021: 0.364, 2022: 0.365, 2023: 0.387, 2024: 0.373}


def macro_indicators(ctx: Context) -> Table:
    """Province-level macro indicators, aggregated from the kab/kota series (Bappeda)."""
    rng = ctx.rng("macro")
    codes = [r.code for r in ctx.regions]
    base = ctx.base
    rows: list[list[object]] = []
    hdi = HDI_2019
    for year in YEARS:
        if year > YEARS[0]:
            hdi += HDI_GAIN[year] + rng.gauss(0, 0.03)
        total = sum(base.population[c, year] for c in codes)
        constant = sum(base.grdp_constant[c, year] for c in codes)
        previous = sum(base.grdp_constant[c, year - 1] for c in codes)
        jobless = sum(base.unemployed[c, year] for c in codes)
        labour = sum(base.labour_force[c, year] for c in codes)
        survey = sum(base.survey_population[c, year] for c in codes)
        poor = sum(base.survey_population[c, year] * base.poverty_pct[c, year] for c in codes)
        gini = GINI[year] + rng.gauss(0, 0.002)
        rates = [
            round((constant / previous - 1) * 100, 2),
            round(jobless / labour * 100, 2),
            round(poor / survey, 2),  # poverty_pct is already in percent
            round(hdi, 2),
            round(gini, 3),
        ]
        rows.append([ctx.province.code, ctx.province.name, year, total, *rates])
    columns = (
        Column("kode_wilayah", None),
        Column("nama_wilayah", None),
        Column("tahun"),
        Column("jumlah_penduduk"),
        Column("laju_pertumbuhan_ekonomi", 2),
        Column("tingkat_pengangguran_terbuka", 2),
        Column("persentase_penduduk_miskin", 2),
        Column("indeks_pembangunan_manusia", 2),
        Column("rasio_gini", 3),
    )
    return Table(columns, rows)
