"""`satudata daftar …` (the Daftar Data) and `satudata compliance …` (board, reminders,
monthly report), as the server's shell (acting as the administrator, audited)."""

from __future__ import annotations

from pathlib import Path

import click

from satudata.auth import SYSTEM
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.compliance import board as boards
from satudata.compliance import daftar, report, sheet
from satudata.compliance.reminders import send_reminders
from satudata.compliance.report_files import render_pdf, render_xlsx
from satudata.db.session import session_scope

JSON = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@cli.group("daftar")
def daftar_group() -> None:
    """The Daftar Data: what each OPD must supply, how often, by when."""


@daftar_group.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@JSON
@pass_ctx
def import_(ctx: Context, file: Path, as_json: bool) -> None:
    """Add and update items from an XLSX or CSV FILE (every row, or none)."""
    with session_scope(ctx.runtime.sessions) as session:
        result = sheet.import_data_list(session, actor=SYSTEM, content=file.read_bytes(),
                                        filename=file.name)  # fmt: skip
    if as_json:
        emit_json(result.model_dump())
    else:
        click.echo(f"{result.rows} baris: {result.created} baru, {result.updated} diubah, "
                   f"{result.unchanged} tetap", err=True)  # fmt: skip


@daftar_group.command("export")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@pass_ctx
def export(ctx: Context, file: Path) -> None:
    """Write the whole Daftar Data to an XLSX FILE."""
    with session_scope(ctx.runtime.sessions) as session:
        file.write_bytes(sheet.export_data_list(session, actor=SYSTEM))
    click.echo(f"Daftar Data ditulis ke {file}", err=True)


@daftar_group.command("list")
@click.option("--org", "organization", default=None, help="Only this OPD (code).")
@JSON
@pass_ctx
def list_(ctx: Context, organization: str | None, as_json: bool) -> None:
    """List the items."""
    with session_scope(ctx.runtime.sessions) as session:
        items = daftar.list_items(session, actor=SYSTEM, organization=organization)
    if as_json:
        emit_json([i.model_dump(mode="json") for i in items])
        return
    for i in items:
        click.echo(f"{i.id:>4} {i.organization:<16} {i.frequency:<11} {i.title}")


@cli.group()
def compliance() -> None:
    """The compliance board, reminders and the monthly coordination report."""


@compliance.command("board")
@click.option("--as-of", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Look back to this date (default today).")  # fmt: skip
@click.option("--sector", default=None, help="Only items of this sector.")
@click.option("--priority", is_flag=True, help="Only priority data.")
@JSON
@pass_ctx
def board(ctx: Context, as_of: object, sector: str | None, priority: bool, as_json: bool) -> None:
    """Rank every OPD by its Daftar Data score."""
    day = as_of.date() if hasattr(as_of, "date") else None
    with session_scope(ctx.runtime.sessions) as session:
        result = boards.board(session, ctx.runtime.lake, actor=SYSTEM, as_of=day, sector=sector,
                              priority=True if priority else None, months=0)  # fmt: skip
    if as_json:
        emit_json(result.model_dump(mode="json"))
        return
    click.echo(f"Papan kepatuhan per {result.as_of} ({result.formula})", err=True)
    for o in result.organizations:
        score = "-" if o.score is None else f"{o.score:5.1f}"
        click.echo(f"{o.rank or '-':>3} {score:>6}  {o.short_name:<28} {o.delivered}/{o.expected} "
                   f"dikirim, {o.on_time} tepat waktu, {o.missing} belum, {o.partial} sebagian")  # fmt: skip


@compliance.command("remind")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send nothing.")
@JSON
@pass_ctx
def remind(ctx: Context, dry_run: bool, as_json: bool) -> None:
    """Send the reminders due now (for cron; the job workers also run it daily)."""
    rt = ctx.runtime
    outcome = send_reminders(rt.sessions, rt.settings, rt.lake, dry_run=dry_run)
    if as_json:
        emit_json({"as_of": outcome.as_of, "quiet": outcome.quiet, "dry_run": dry_run,
                   "notices": outcome.notices,
                   "emailed": outcome.email.sent if outcome.email else 0})  # fmt: skip
        return
    if outcome.quiet:
        click.echo("Jam tenang: tidak ada pengingat dikirim sekarang.", err=True)
    for notice in outcome.notices:
        click.echo(f"{'(uji) ' if dry_run else ''}{notice['email']}: {notice['title']}")
    if outcome.email and outcome.email.error:
        click.echo(f"E-mail belum terkirim (dicoba lagi nanti): {outcome.email.error}", err=True)


@compliance.command("report")
@click.option("--month", default=None, help="Month as 2026-10 (default: the previous month).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Write the PDF and XLSX into this folder.")  # fmt: skip
@click.option("--replace", is_flag=True, help="Make a new revision of an existing report.")
@JSON
@pass_ctx
def report_(ctx: Context, month: str | None, out_dir: Path | None, replace: bool,
            as_json: bool) -> None:  # fmt: skip
    """Make and keep the monthly coordination report (and write its files)."""
    with session_scope(ctx.runtime.sessions) as session:
        kept = report.generate_report(session, ctx.runtime.lake, actor=SYSTEM,
                                      month=month or report.previous_month(), replace=replace)  # fmt: skip
    files: list[str] = []
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        for ext, render in (("pdf", render_pdf), ("xlsx", render_xlsx)):
            target = out_dir / f"laporan-daftar-data-{kept.month}-r{kept.revision}.{ext}"
            target.write_bytes(render(kept.data))
            files.append(str(target))
    if as_json:
        emit_json({**kept.model_dump(mode="json", exclude={"data"}), "files": files})
        return
    click.echo(f"{kept.title} (revisi {kept.revision}) disimpan", err=True)
    for path in files:
        click.echo(path)
