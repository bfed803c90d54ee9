"""Baseline figures for each kabupaten/kota in Jawa Timur, the seed of the sample data.

The numbers are rounded, order-of-magnitude approximations of published figures
(population near the 2020 census and Dukcapil registers, 2019 poverty and
unemployment rates, PDRB size) so that the synthetic series look plausible side by
side. They are not a source of truth: every generated value is sample data.
"""

from __future__ import annotations

from dataclasses import dataclass

MADURA_CODES = frozenset({"35.26", "35.27", "35.28", "35.29"})


@dataclass(frozen=True)
class RegionProfile:
    """Baseline figures for one kabupaten/kota."""

    code: str
    population_2020: int  # registered residents (jiwa), end of 2020
    growth_pct: float  # yearly population growth
    poverty_pct_2019: float  # persentase penduduk miskin, Maret 2019
    unemployment_pct_2019: float  # tingkat pengangguran terbuka, Agustus 2019
    grdp_2019_trillion: float  # PDRB atas dasar harga berlaku, triliun rupiah
    stunting_pct_2019: float  # prevalensi balita stunting
    export_share: float  # relative weight in the province's non-oil exports
    covid_shock: float  # how much unemployment rose in 2020 (multiplier)

    @property
    def is_madura(self) -> bool:
        """Return whether the region lies on Madura island."""
        return self.code in MADURA_CODES


_R = RegionProfile

PROFILES: dict[str, RegionProfile] = {
    p.code: p
    for p in (
        _R("35.01", 588_000, 0.35, 14.19, 0.95, 12.0, 22.0, 0.05, 1.3),  # Pacitan
        _R("35.02", 957_000, 0.40, 9.64, 3.45, 17.0, 18.5, 0.20, 1.3),  # Ponorogo
        _R("35.03", 735_000, 0.40, 11.53, 3.10, 15.0, 20.0, 0.15, 1.3),  # Trenggalek
        _R("35.04", 1_095_000, 0.50, 7.33, 2.60, 36.0, 16.0, 0.60, 1.4),  # Tulungagung
        _R("35.05", 1_230_000, 0.45, 9.33, 3.00, 34.0, 17.5, 0.40, 1.3),  # Blitar
        _R("35.06", 1_640_000, 0.55, 10.72, 3.95, 37.0, 19.0, 0.80, 1.4),  # Kediri
        _R("35.07", 2_660_000, 0.75, 9.47, 3.90, 101.0, 21.0, 4.00, 1.5),  # Malang
        _R("35.08", 1_125_000, 0.50, 9.49, 2.60, 27.0, 23.5, 0.40, 1.3),  # Lumajang
        _R("35.09", 2_540_000, 0.60, 9.98, 4.10, 77.0, 31.0, 1.50, 1.4),  # Jember
        _R("35.10", 1_712_000, 0.50, 7.52, 3.60, 84.0, 22.5, 1.50, 1.5),  # Banyuwangi
        _R("35.11", 780_000, 0.55, 13.33, 2.90, 16.0, 33.0, 0.25, 1.3),  # Bondowoso
        _R("35.12", 690_000, 0.55, 11.89, 3.20, 16.0, 29.0, 0.15, 1.3),  # Situbondo
        _R("35.13", 1_158_000, 0.60, 17.76, 2.85, 28.0, 30.5, 2.00, 1.4),  # Probolinggo
        _R("35.14", 1_610_000, 0.80, 9.16, 5.10, 141.0, 24.0, 14.00, 1.6),  # Pasuruan
        _R("35.15", 2_090_000, 1.10, 5.32, 4.70, 182.0, 14.0, 15.00, 2.2),  # Sidoarjo
        _R("35.16", 1_125_000, 0.80, 10.08, 4.00, 63.0, 19.0, 6.00, 1.6),  # Mojokerto
        _R("35.17", 1_322_000, 0.55, 9.38, 4.80, 32.0, 20.5, 1.00, 1.4),  # Jombang
        _R("35.18", 1_108_000, 0.40, 11.24, 4.00, 22.0, 17.0, 0.20, 1.3),  # Nganjuk
        _R("35.19", 748_000, 0.35, 11.42, 4.20, 15.0, 16.5, 0.30, 1.3),  # Madiun
        _R("35.20", 672_000, 0.25, 10.21, 4.10, 15.0, 15.0, 0.20, 1.3),  # Magetan
        _R("35.21", 875_000, 0.30, 14.83, 3.60, 15.0, 19.0, 0.10, 1.3),  # Ngawi
        _R("35.22", 1_305_000, 0.45, 12.38, 4.10, 63.0, 21.0, 0.50, 1.4),  # Bojonegoro
        _R("35.23", 1_200_000, 0.55, 15.31, 2.90, 56.0, 23.0, 2.00, 1.4),  # Tuban
        _R("35.24", 1_348_000, 0.40, 13.21, 4.10, 38.0, 20.0, 1.50, 1.4),  # Lamongan
        _R("35.25", 1_316_000, 1.00, 11.35, 5.50, 131.0, 18.0, 17.00, 1.7),  # Gresik
        _R("35.26", 1_064_000, 0.90, 19.59, 6.10, 20.0, 36.0, 0.10, 1.3),  # Bangkalan
        _R("35.27", 973_000, 0.95, 21.21, 2.30, 14.0, 34.5, 0.05, 1.4),  # Sampang
        _R("35.28", 853_000, 0.90, 14.60, 2.40, 13.0, 32.0, 0.10, 1.3),  # Pamekasan
        _R("35.29", 1_128_000, 0.60, 19.48, 1.50, 26.0, 33.5, 0.15, 1.3),  # Sumenep
        _R("35.71", 288_000, 0.60, 7.16, 4.10, 131.0, 15.5, 3.00, 1.5),  # Kota Kediri
        _R("35.72", 150_000, 0.70, 7.48, 4.60, 6.0, 13.0, 0.05, 1.4),  # Kota Blitar
        _R("35.73", 846_000, 0.55, 4.07, 5.90, 66.0, 16.0, 2.00, 1.6),  # Kota Malang
        _R("35.74", 241_000, 0.80, 6.86, 3.80, 11.0, 18.0, 0.30, 1.5),  # Kota Probolinggo
        _R("35.75", 209_000, 0.85, 6.46, 4.20, 6.0, 19.5, 0.30, 1.5),  # Kota Pasuruan
        _R("35.76", 133_000, 0.70, 5.63, 4.00, 6.0, 14.0, 0.10, 1.6),  # Kota Mojokerto
        _R("35.77", 196_000, 0.45, 4.35, 4.00, 14.0, 12.5, 0.10, 1.5),  # Kota Madiun
        _R("35.78", 2_970_000, 0.35, 4.51, 5.80, 566.0, 12.0, 21.00, 1.7),  # Kota Surabaya
        _R("35.79", 214_000, 0.90, 3.81, 2.50, 15.0, 15.0, 0.20, 2.4),  # Kota Batu
    )
}
