"""Core synthetic series shared by several sample datasets.

Population, poverty, jobs and PDRB feed more than one dataset (the kab/kota tables
and the province's macro indicators), so they are simulated once here and the
datasets stay consistent with each other.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field

from satudata.demo.profiles import PROFILES, RegionProfile

YEARS: tuple[int, ...] = tuple(range(2019, 2025))

# Poverty rose with the pandemic (2020-2021) and fell afterwards; factor on the 2019 rate.
POVERTY_PATH = {2019: 1.0, 2020: 1.06, 2021: 1.09, 2022: 1.0, 2023: 0.98, 2024: 0.93}
# Share of the 2020 unemployment shock still present in each year.
SHOCK_DECAY = {2019: 0.0, 2020: 1.0, 2021: 0.92, 2022: 0.7, 2023: 0.45, 2024: 0.3}
# Real growth (ADHK, percent) and price deflator growth for an average region.
REAL_GROWTH = {2019: 5.5, 2020: -2.4, 2021: 3.6, 2022: 5.3, 2023: 4.9, 2024: 4.9}
DEFLATOR_GROWTH = {2019: 3.0, 2020: 1.5, 2021: 2.8, 2022: 5.0, 2023: 3.2, 2024: 2.6}
# Regions whose PDRB swings with oil and gas output.
OIL_REGIONS = frozenset({"35.22", "35.29"})

Key = tuple[str, int]


@dataclass
class Baseline:
    """Simulated yearly core series per (kode_wilayah, tahun)."""

    population: dict[Key, int] = field(default_factory=dict)  # registered, end of year
    male: dict[Key, int] = field(default_factory=dict)
    survey_population: dict[Key, int] = field(default_factory=dict)  # BPS-style estimate
    poverty_pct: dict[Key, float] = field(default_factory=dict)
    labour_force: dict[Key, int] = field(default_factory=dict)
    unemployed: dict[Key, int] = field(default_factory=dict)
    grdp_current: dict[Key, float] = field(default_factory=dict)  # juta rupiah
    grdp_constant: dict[Key, float] = field(default_factory=dict)  # juta rupiah, from 2018


def profile_of(code: str) -> RegionProfile:
    """Return the baseline profile of a kab/kota, failing loudly for unknown codes."""
    try:
        return PROFILES[code]
    except KeyError:
        raise KeyError(f"no demo profile for region {code}") from None


def simulate(seed: int, codes: Sequence[str]) -> Baseline:
    """Simulate the core series for the given kab/kota codes."""
    base = Baseline()
    for code in codes:
        # One generator per region and topic: adding a region or a topic leaves the others.
        profile = profile_of(code)
        _population(base, profile, random.Random(f"{seed}:population:{code}"))
        _poverty(base, profile, random.Random(f"{seed}:poverty:{code}"))
        _jobs(base, profile, random.Random(f"{seed}:jobs:{code}"))
        _grdp(base, profile, random.Random(f"{seed}:grdp:{code}"))
    return base


def _population(base: Baseline, p: RegionProfile, rng: random.Random) -> None:
    male_share = rng.uniform(0.4975, 0.5015)
    survey_ratio = rng.uniform(0.965, 0.985)
    for year in YEARS:
        trend = p.population_2020 * (1 + p.growth_pct / 100) ** (year - 2020)
        total = round(trend * (1 + rng.uniform(-0.001, 0.001)))
        base.population[p.code, year] = total
        base.male[p.code, year] = round(total * (male_share + rng.uniform(-0.0005, 0.0005)))
        base.survey_population[p.code, year] = round(total * survey_ratio)


def _poverty(base: Baseline, p: RegionProfile, rng: random.Random) -> None:
    for year in YEARS:
        rate = p.poverty_pct_2019 * POVERTY_PATH[year] * (1 + rng.gauss(0, 0.015))
        base.poverty_pct[p.code, year] = round(rate, 2)


def _jobs(base: Baseline, p: RegionProfile, rng: random.Random) -> None:
    participation = rng.uniform(0.52, 0.56)
    for year in YEARS:
        workforce = base.survey_population[p.code, year] * participation
        labour_force = round(workforce * (1 + rng.gauss(0, 0.008)))
        shock = 1 + (p.covid_shock - 1) * SHOCK_DECAY[year]
        rate = p.unemployment_pct_2019 * shock * (1 + rng.gauss(0, 0.04))
        base.labour_force[p.code, year] = labour_force
        base.unemployed[p.code, year] = round(labour_force * rate / 100)


def _grdp(base: Baseline, p: RegionProfile, rng: random.Random) -> None:
    current = p.grdp_2019_trillion * 1_000_000 * (1 + rng.gauss(0, 0.02))
    deflator = 1 / rng.uniform(0.66, 0.74)
    constant = current / deflator
    spread = 2.5 if p.code in OIL_REGIONS else 0.5
    growth = {year: REAL_GROWTH[year] + rng.gauss(0, spread) for year in YEARS}
    # 2020 hit harder where the pandemic shock was larger (tourism, industry, trade).
    growth[2020] = REAL_GROWTH[2020] * p.covid_shock / 1.5 + rng.gauss(0, spread)
    base.grdp_constant[p.code, 2018] = round(constant / (1 + growth[2019] / 100), 2)
    for year in YEARS:
        if year > 2019:
            constant *= 1 + growth[year] / 100
            deflator *= 1 + (DEFLATOR_GROWTH[year] + rng.gauss(0, 0.4)) / 100
        base.grdp_constant[p.code, year] = round(constant, 2)
        base.grdp_current[p.code, year] = round(constant * deflator, 2)
