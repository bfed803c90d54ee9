"""`satudata datasets`: list and show datasets."""

from __future__ import annotations

import click

from satudata.auth import SYSTEM
from satudata.catalog.search import SearchQuery, search_datasets
from satudata.catalog.service import get_dataset
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope


@cli.group()
def datasets() -> None:
    """Datasets in the catalogue."""


@datasets.command("list")
@click.option("--q", default="", help="Search text.")
@click.option("--org", "organization", multiple=True, help="Only these OPD codes.")
@click.option("--limit", default=100, type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def list_(ctx: Context, q: str, organization: tuple[str, ...], limit: int, as_json: bool) -> None:
    """List (or search) datasets."""
    filters = {"organization": list(organization)} if organization else {}
    with session_scope(ctx.runtime.sessions) as session:
        result = search_datasets(session, actor=SYSTEM,
                                 query=SearchQuery(q=q, filters=filters, limit=limit))  # fmt: skip
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    for d in result.data:
        rows = "-" if d.row_count is None else f"{d.row_count:,}".replace(",", ".")
        click.echo(f"{d.slug:<55} {d.organization.code:<14} v{d.current_version or 0:<3} "
                   f"{rows:>10} baris  {d.title}")  # fmt: skip
    click.echo(f"{result.count} dataset", err=True)


@datasets.command("show")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def show(ctx: Context, slug: str, as_json: bool) -> None:
    """Show a dataset's metadata, schema and versions."""
    with session_scope(ctx.runtime.sessions) as session:
        d = get_dataset(session, actor=SYSTEM, slug=slug)
    if as_json:
        emit_json(d.model_dump(mode="json"))
        return
    click.echo(
        f"{d.title}\n  {d.organization.name} · sektor {d.sector or '-'} · akses {d.access_level}"
    )
    if d.table_schema:
        click.echo("Kolom:")
        for f in d.table_schema["fields"]:
            dim = f" [{f['dimension']}]" if f.get("dimension") else ""
            click.echo(f"  {f['name']:<32} {f['type']:<10}{dim}  {f.get('title', '')}")
    click.echo("Versi:")
    for v in d.versions:
        mark = " (terkini)" if v.is_current else ""
        click.echo(f"  v{v.number}{mark}  {v.created_at:%Y-%m-%d %H:%M}  {v.row_count} baris  "
                   f"{v.source_filename}")  # fmt: skip
