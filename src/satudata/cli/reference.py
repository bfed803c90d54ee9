"""`satudata reference`: reference data an administrator imports (region boundaries)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click

from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.reference.boundaries import LEVELS, boundary_versions, import_boundaries


@cli.group()
def reference() -> None:
    """Reference data: official region boundaries for the maps."""


@reference.command("import-boundaries")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--level", type=click.Choice(list(LEVELS)), default="kabkota", show_default=True,
              help="Region level of the features.")  # fmt: skip
@click.option("--source", default="", help="Who supplied the file, e.g. 'BIG, 2025'.")
@click.option("--key", default="kode", show_default=True,
              help="Feature property holding the kode wilayah (35.07 or 3507).")  # fmt: skip
@click.option("--allow-missing", is_flag=True, help="Accept a file that lacks some regions.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def import_boundaries_(ctx: Context, file: Path, level: str, source: str, key: str,
                       allow_missing: bool, as_json: bool) -> None:  # fmt: skip
    """Check a GeoJSON FILE of boundaries and make it the current version of its level."""
    result = import_boundaries(ctx.runtime.settings.resolved_data_dir, file, level=level,
                               source=source, key=key, allow_missing=allow_missing)  # fmt: skip
    v = result.version
    if as_json:
        emit_json({**asdict(v), "created": result.created})
    elif result.created:
        simplified = f", disederhanakan ke {v.display_vertex_count} titik" if v.simplified else ""
        click.echo(f"Batas {level} versi {v.number} diimpor: {v.feature_count} wilayah, "
                   f"{v.vertex_count} titik{simplified}.", err=True)  # fmt: skip
    else:
        click.echo(f"Berkas sama dengan versi {v.number} yang berlaku; tidak ada perubahan.",
                   err=True)  # fmt: skip


@reference.command("boundaries")
@click.option("--level", type=click.Choice(list(LEVELS)), default="kabkota", show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def boundaries(ctx: Context, level: str, as_json: bool) -> None:
    """List the imported boundary versions of a level (the last is current)."""
    versions = boundary_versions(ctx.runtime.settings.resolved_data_dir, level)
    if as_json:
        emit_json([asdict(v) for v in versions])
        return
    if not versions:
        click.echo(f"Belum ada batas {level}; peta memakai titik kab/kota.", err=True)
    for v in versions:
        mark = " (berlaku)" if v is versions[-1] else ""
        click.echo(f"v{v.number}{mark}  {v.imported_at}  {v.feature_count} wilayah  "
                   f"{v.source or '-'}  {v.original_filename}  sha256:{v.checksum[:12]}")  # fmt: skip
