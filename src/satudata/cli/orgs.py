"""`satudata orgs`: agencies (OPD)."""

from __future__ import annotations

import click

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization, list_organizations
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope


@cli.group()
def orgs() -> None:
    """Agencies (OPD) that produce data."""


@orgs.command("add")
@click.argument("code")
@click.option(
    "--name", required=True, help="Full name, e.g. 'Dinas Kesehatan Provinsi Jawa Timur'."
)
@click.option("--short-name", default="", help="Short name, e.g. 'Dinas Kesehatan'.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def add(ctx: Context, code: str, name: str, short_name: str, as_json: bool) -> None:
    """Add an OPD with a short CODE such as DINKES."""
    with session_scope(ctx.runtime.sessions) as session:
        org = create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code=code, name=name, short_name=short_name))  # fmt: skip
    if as_json:
        emit_json(org.model_dump())
    else:
        click.echo(f"OPD {org.code} ditambahkan: {org.name}", err=True)


@orgs.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def list_(ctx: Context, as_json: bool) -> None:
    """List OPDs."""
    with session_scope(ctx.runtime.sessions) as session:
        items = list_organizations(session, actor=SYSTEM)
    if as_json:
        emit_json([o.model_dump() for o in items])
        return
    for o in items:
        click.echo(f"{o.code:<16} {o.dataset_count:>4} dataset  {o.name}")
