"""`satudata validate` (the dry run, "periksa dulu") and `satudata checks`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from satudata.auth import SYSTEM
from satudata.catalog.service import get_dataset, set_table_schema
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope
from satudata.errors import InvalidInputError
from satudata.ingest.service import IngestRequest, check_file
from satudata.validate.service import list_checks, set_check_config

SHOWN = 50  # findings printed as a table; --json has them all


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--dataset", "slug", required=True, help="Dataset to check the file against.")
@click.option("--org", "organization", default="", help="OPD code (only for a new dataset).")
@click.option("--sheet", default=None, help="Workbook sheet to read (default: the first table).")
@click.option("--annotated", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the file as a workbook with each problem marked (.xlsx).")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@pass_ctx
def validate(ctx: Context, path: Path, slug: str, organization: str, sheet: str | None,
             annotated: Path | None, as_json: bool) -> None:  # fmt: skip
    """Check the file at PATH against a dataset without adding a version.

    Exit status 0 when the file has no errors (warnings allowed), 1 when it has.
    """
    ctx.runtime.init()
    report = check_file(ctx.runtime.sessions, ctx.runtime.settings, actor=SYSTEM,
                        request=IngestRequest(path=path, organization=organization,
                                              dataset=slug, sheet=sheet))  # fmt: skip
    if annotated is not None:
        from satudata.ingest.annotate import annotate_file

        annotate_file(path, report, annotated, filename=path.name, sheet=sheet)
    if as_json:
        emit_json(report)
    else:
        _print_report(report, path.name, annotated)
    sys.exit(0 if report["valid"] else 1)


def _print_report(report: dict[str, Any], filename: str, annotated: Path | None) -> None:
    console = Console(stderr=False)
    errors, warnings = report["error_count"], report["warning_count"]
    verdict = "[green]siap dikirim[/]" if report["valid"] else "[red]perlu diperbaiki[/]"
    console.print(f"{filename}: {errors} galat, {warnings} peringatan — {verdict}")
    listed = report["errors"] + report["warnings"]
    if listed and console.is_terminal:
        table = Table(show_lines=False)
        for name in ("Baris", "Sel", "Kolom", "Nilai", "Masalah", "Saran"):
            table.add_column(name, overflow="fold")
        for e in listed[:SHOWN]:
            style = "red" if e["severity"] == "error" else "yellow"
            table.add_row(
                "" if e["row"] is None else str(e["row"]), e.get("cell", ""), e["column"] or "",
                "" if e["value"] is None else str(e["value"]), e["message"],
                e.get("suggestion") or "", style=style,
            )  # fmt: skip
        console.print(table)
    else:  # piped or redirected: one line per problem, easy to grep
        for e in listed[:SHOWN]:
            mark = "GALAT" if e["severity"] == "error" else "PERINGATAN"
            fix = f" Saran: {e['suggestion']}" if e.get("suggestion") else ""
            click.echo(f"{mark}: {e['message']}{fix}")
    more = errors + warnings - min(len(listed), SHOWN)
    if more > 0:
        console.print(f"… dan {more} lainnya (lihat --json atau --annotated).")
    if report["by_type"]:
        counts = ", ".join(
            f"{t}: {n['errors'] + n['warnings']}" for t, n in report["by_type"].items()
        )
        console.print(f"Per aturan: {counts}")
    if report.get("proposal"):
        console.print("Usulan perubahan skema tersedia (lihat --json, bagian 'proposal').")
    if annotated is not None:
        console.print(f"Salinan bertanda: {annotated}")


@cli.group()
def checks() -> None:
    """Validation checks and a dataset's settings of them."""


@checks.command("list")
@click.option("--dataset", "slug", default=None, help="Show this dataset's settings too.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def list_(ctx: Context, slug: str | None, as_json: bool) -> None:
    """List the registered checks (built-in and plugins)."""
    settings: dict[str, Any] = {}
    if slug:
        with session_scope(ctx.runtime.sessions) as session:
            settings = get_dataset(session, actor=SYSTEM, slug=slug).checks
    found = [{**c, "dataset": settings.get(c["type"], {})} for c in list_checks()]
    if as_json:
        emit_json(found)
        return
    for c in found:
        chosen = c["dataset"]
        state = "mati" if chosen.get("enabled") is False else "aktif"
        severity = chosen.get("severity", c["severity"])
        params = {k: chosen.get(k, v) for k, v in c["params"].items()}
        extra = f"  {params}" if params else ""
        click.echo(f"{c['type']:<18} {state:<6} {severity:<8} {c['title']}{extra}")


@checks.command("set")
@click.argument("slug")
@click.argument("check_type")
@click.option("--on/--off", "enabled", default=None, help="Switch the check on or off.")
@click.option("--severity", type=click.Choice(["error", "warning"]), default=None)
@click.option("--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the check, e.g. factor=5.")  # fmt: skip
@click.option("--reset", is_flag=True, help="Back to the check's defaults.")
@pass_ctx
def set_(ctx: Context, slug: str, check_type: str, enabled: bool | None, severity: str | None,
         params: tuple[str, ...], reset: bool) -> None:  # fmt: skip
    """Switch a check on or off for a dataset, or set its severity and parameters."""
    change: dict[str, Any] = {}
    if not reset:
        if enabled is not None:
            change["enabled"] = enabled
        if severity is not None:
            change["severity"] = severity
        for item in params:
            name, sep, value = item.partition("=")
            if not sep:
                raise InvalidInputError(f"Tulis parameter sebagai NAMA=NILAI, bukan '{item}'.",
                                        f"Write parameters as NAME=VALUE, not '{item}'.",
                                        type="invalid-input")  # fmt: skip
            change[name.strip()] = value.strip()
    with session_scope(ctx.runtime.sessions) as session:
        settings = set_check_config(session, actor=SYSTEM, slug=slug, check_type=check_type,
                                    change=change)  # fmt: skip
    click.echo(f"Pengaturan '{check_type}' untuk {slug}: {settings.get(check_type, 'bawaan')}",
               err=True)  # fmt: skip


@cli.command("set-schema")
@click.argument("slug")
@click.argument("schema_file", type=click.File("r", encoding="utf-8"))
@pass_ctx
def set_schema(ctx: Context, slug: str, schema_file: Any) -> None:
    """Replace a dataset's Table Schema with the descriptor in SCHEMA_FILE ('-': stdin).

    Accepts a whole report's "proposal" too, so a proposed schema change can be accepted
    with `satudata validate … --json | jq .proposal | satudata set-schema SLUG -`.
    """
    descriptor = json.load(schema_file)
    if "schema" in descriptor and "fields" not in descriptor:
        descriptor = descriptor["schema"]
    with session_scope(ctx.runtime.sessions) as session:
        d = set_table_schema(session, actor=SYSTEM, slug=slug, descriptor=descriptor)
    fields = len((d.table_schema or {}).get("fields", []))
    click.echo(f"Skema {slug} diperbarui: {fields} kolom.", err=True)
