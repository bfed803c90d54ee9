"""The kode wilayah reference as a DuckDB table, and the levels of a dataset."""

from __future__ import annotations

from satudata.validate.context import CheckContext

REFERENCE = "telaah_wilayah"  # kode, bps, nama, level, parent

# The dataset's tingkat penyajian (catalog RegionLevel) → reference levels it lists.
LEVELS: dict[str, tuple[str, ...]] = {
    "provinsi": ("province",),
    "kabupaten_kota": ("regency", "city"),
    "kecamatan": ("district",),
    "desa": ("village",),
}
LEVEL_NAMES_ID = {"province": "provinsi", "regency": "kabupaten", "city": "kota",
                  "district": "kecamatan", "village": "desa/kelurahan"}  # fmt: skip
PRESENTATION_ID = {"provinsi": "provinsi", "kabupaten_kota": "kabupaten/kota",
                   "kecamatan": "kecamatan", "desa": "desa/kelurahan"}  # fmt: skip
PRESENTATION_EN = {"provinsi": "province", "kabupaten_kota": "regency/city",
                   "kecamatan": "district", "desa": "village"}  # fmt: skip


def ensure_reference(ctx: CheckContext) -> str:
    """Create the reference table on the check connection once; return its name."""
    ((exists,),) = ctx.con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = ? AND temporary", [REFERENCE]
    ).fetchall()
    if exists:
        return REFERENCE
    regions = ctx.regions.as_arrow()
    ctx.con.register("telaah_wilayah_arrow", regions)
    ctx.con.execute(
        f"CREATE TEMP TABLE {REFERENCE} AS SELECT kode, replace(kode, '.', '') AS bps, nama, "
        "level, parent FROM telaah_wilayah_arrow"
    )
    ctx.con.unregister("telaah_wilayah_arrow")
    return REFERENCE


def expected_levels(ctx: CheckContext) -> tuple[str, ...] | None:
    """Return the reference levels a dataset at its tingkat penyajian may list."""
    return LEVELS.get(ctx.region_level)
