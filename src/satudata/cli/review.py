"""`satudata review …` (the workflow) and `satudata audit …` (the log), as the server's shell.

From the server's own shell these act as the administrator (SYSTEM) and are audited
like any other action.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from satudata.audit.service import dataset_history, export_events_csv, search_events
from satudata.auth import SYSTEM
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope
from satudata.notify.mail import send_pending_email
from satudata.review import service
from satudata.review.service import Moved
from satudata.review.states import STATE_NAMES_ID


@cli.group()
def review() -> None:
    """The review workflow: submit, take, return, approve, publish, roll back; metadata."""


def _done(moved: Moved) -> None:
    click.echo(f"{moved.dataset} v{moved.version}: {STATE_NAMES_ID[moved.previous_state]} → "
               f"{STATE_NAMES_ID[moved.state]}", err=True)  # fmt: skip


def _mail(ctx: Context) -> None:
    """E-mail the notices the move left, now that it is committed."""
    outcome = send_pending_email(ctx.runtime.sessions, ctx.runtime.settings)
    if outcome.error:
        click.echo(f"E-mail belum terkirim (dicoba lagi nanti): {outcome.error}", err=True)


def _newest(ctx: Context, slug: str, version: int | None) -> int:
    if version is not None:
        return version
    from satudata.catalog.service import get_dataset

    with session_scope(ctx.runtime.sessions) as session:
        d = get_dataset(session, actor=SYSTEM, slug=slug)
    return max(v.number for v in d.versions)


VERSION = click.option("--version", "version", type=int, default=None,
                       help="Version number (default: the newest).")  # fmt: skip


def _command(action: str, help_text: str) -> None:
    @review.command(action, help=help_text)
    @click.argument("slug")
    @VERSION
    @pass_ctx
    def run(ctx: Context, slug: str, version: int | None) -> None:
        number = _newest(ctx, slug, version)
        move = getattr(service, f"{action}_version")
        told = {"settings": ctx.runtime.settings} if action in ("submit", "publish") else {}
        with session_scope(ctx.runtime.sessions) as session:
            _done(move(session, actor=SYSTEM, slug=slug, number=number, **told))
        _mail(ctx)


for _action, _help in [("submit", "Send a draft to the walidata."),
                       ("take", "Start reviewing a submission."),
                       ("publish", "Publish an approved version."),
                       ("republish", "Bring an earlier publication back (rollback)."),
                       ("withdraw", "Take a submission back.")]:  # fmt: skip
    _command(_action, _help)


@review.command("approve")
@click.argument("slug")
@VERSION
@pass_ctx
def approve(ctx: Context, slug: str, version: int | None) -> None:
    """Approve a version (then the pembina's turn for priority data)."""
    number = _newest(ctx, slug, version)
    with session_scope(ctx.runtime.sessions) as session:
        _done(service.approve_version(session, actor=SYSTEM, slug=slug, number=number,
                                      settings=ctx.runtime.settings))  # fmt: skip
    _mail(ctx)


@review.command("return")
@click.argument("slug")
@VERSION
@click.option("--reason", "reasons", multiple=True, required=True, metavar="ITEM=NOTE",
              help="A reason per checklist item, e.g. metadata='Satuan belum diisi'.")  # fmt: skip
@pass_ctx
def return_(ctx: Context, slug: str, version: int | None, reasons: tuple[str, ...]) -> None:
    """Return a version to the agency with reasons."""
    number = _newest(ctx, slug, version)
    parsed = []
    for r in reasons:
        item, sep, note = r.partition("=")
        parsed.append({"item": item.strip(), "note": note.strip()} if sep else
                      {"item": "umum", "note": r.strip()})  # fmt: skip
    with session_scope(ctx.runtime.sessions) as session:
        _done(service.return_version(session, actor=SYSTEM, slug=slug, number=number,
                                     reasons=parsed, settings=ctx.runtime.settings))  # fmt: skip
    _mail(ctx)


@review.command("unpublish")
@click.argument("slug")
@VERSION
@click.option("--reason", required=True, help="Why the publication is withdrawn.")
@pass_ctx
def unpublish(ctx: Context, slug: str, version: int | None, reason: str) -> None:
    """Withdraw a publication (the previous one, if any, comes back)."""
    number = _newest(ctx, slug, version)
    with session_scope(ctx.runtime.sessions) as session:
        _done(service.unpublish_version(session, actor=SYSTEM, slug=slug, number=number,
                                        reason=reason))  # fmt: skip


@review.group("metadata")
def metadata() -> None:
    """An agency's pending metadata change of a published dataset: apply or refuse it."""


def _reviewed(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        emit_json(result)
    elif result["applied"]:
        click.echo(f"{result['dataset']}: perubahan metadata diterapkan "
                   f"({', '.join(sorted(result['applied']))})", err=True)  # fmt: skip
    else:
        click.echo(f"{result['dataset']}: perubahan metadata ditolak "
                   f"({', '.join(sorted(result['refused']))})", err=True)  # fmt: skip


@metadata.command("approve")
@click.argument("slug")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def approve_metadata(ctx: Context, slug: str, as_json: bool) -> None:
    """Apply the pending metadata change of a published dataset."""
    with session_scope(ctx.runtime.sessions) as session:
        result = service.review_metadata(session, actor=SYSTEM, slug=slug, approve=True)
    _reviewed(result, as_json)


@metadata.command("refuse")
@click.argument("slug")
@click.option("--reason", required=True, help="Why the change is refused.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def refuse_metadata(ctx: Context, slug: str, reason: str, as_json: bool) -> None:
    """Refuse the pending metadata change of a published dataset, with a reason."""
    with session_scope(ctx.runtime.sessions) as session:
        result = service.review_metadata(session, actor=SYSTEM, slug=slug, approve=False,
                                         reason=reason)  # fmt: skip
    _reviewed(result, as_json)


@review.command("mail")
@pass_ctx
def mail(ctx: Context) -> None:
    """Send the e-mail of notices still waiting (a cron job can run this)."""
    outcome = send_pending_email(ctx.runtime.sessions, ctx.runtime.settings)
    click.echo(f"E-mail terkirim: {outcome.sent}, ditolak: {outcome.refused}"
               + (f", berhenti: {outcome.error}" if outcome.error else ""), err=True)  # fmt: skip
    sys.exit(1 if outcome.error else 0)


@cli.group()
def audit() -> None:
    """The audit log."""


@audit.command("list")
@click.option("--q", default="", help="Text in the actor, action or target.")
@click.option("--action", default="", help="Action prefix, e.g. version.")
@click.option("--dataset", default="")
@click.option("--org", "organization", default="")
@click.option("--limit", default=50, type=int)
@click.option("--json", "as_json", is_flag=True)
@pass_ctx
def list_(ctx: Context, q: str, action: str, dataset: str, organization: str, limit: int,
          as_json: bool) -> None:  # fmt: skip
    """Search the audit log, newest first."""
    with session_scope(ctx.runtime.sessions) as session:
        found = search_events(session, actor=SYSTEM, limit=limit, q=q, action=action,
                              dataset=dataset, organization=organization)  # fmt: skip
    if as_json:
        emit_json(found.model_dump(mode="json"))
        return
    for e in found.data:
        click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.actor:<28} {e.action:<22} {e.target}")
    click.echo(f"{found.count} peristiwa", err=True)


@audit.command("export")
@click.option("--dataset", default="")
@pass_ctx
def export(ctx: Context, dataset: str) -> None:
    """Write the audit log (or one dataset's part of it) as CSV to stdout."""
    with session_scope(ctx.runtime.sessions) as session:
        for chunk in export_events_csv(session, actor=SYSTEM, dataset=dataset):
            sys.stdout.write(chunk)


@audit.command("history")
@click.argument("slug")
@pass_ctx
def history(ctx: Context, slug: str) -> None:
    """Tell a dataset's history from the audit log, oldest first."""
    with session_scope(ctx.runtime.sessions) as session:
        events = dataset_history(session, actor=SYSTEM, slug=slug)
    for e in events:
        state = e.after.get("state", "")
        click.echo(f"{e.at:%Y-%m-%d %H:%M:%S}  {e.action:<22} {e.target:<28} {state}  {e.actor}")
