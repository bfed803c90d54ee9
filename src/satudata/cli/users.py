"""`satudata users` and `satudata tokens`: accounts, roles and API tokens.

From the server's own shell these act as the system (an administrator) and are audited.
"""

from __future__ import annotations

import sys

import click

from satudata.auth import SYSTEM
from satudata.auth.actor import ROLES
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope
from satudata.people import service, tokens
from satudata.people.schema import UserPublic

ROLE = click.Choice(sorted(ROLES))


def _roles(user: UserPublic) -> str:
    return ", ".join(f"{r.role}@{r.organization}" if r.organization else r.role
                     for r in user.roles)  # fmt: skip


@cli.group()
def users() -> None:
    """People who sign in, and their roles."""


@users.command("add")
@click.argument("email")
@click.option("--role", required=True, type=ROLE, help="First role of the user.")
@click.option("--org", "organization", default=None, help="OPD code (producer, org_admin).")
@click.option("--name", default="", help="Full name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from stdin.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def add(ctx: Context, email: str, role: str, organization: str | None, name: str,
        password_stdin: bool, as_json: bool) -> None:  # fmt: skip
    """Add a user EMAIL with a role (without a password they cannot sign in by password)."""
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    with session_scope(ctx.runtime.sessions) as session:
        user = service.create_user(session, actor=SYSTEM, email=email, name=name,
                                   password=password, role=role, organization=organization)  # fmt: skip
    if as_json:
        emit_json(user.model_dump(mode="json"))
    else:
        click.echo(f"Pengguna {user.email} ditambahkan: {_roles(user)}", err=True)


@users.command("list")
@click.option("--org", "organization", default=None, help="Only people of this OPD.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def list_(ctx: Context, organization: str | None, as_json: bool) -> None:
    """List users and their roles."""
    with session_scope(ctx.runtime.sessions) as session:
        found = service.list_users(session, actor=SYSTEM, organization=organization, limit=10_000)
    if as_json:
        emit_json([u.model_dump(mode="json") for u in found.data])
        return
    for u in found.data:
        state = "" if u.is_active else "  (nonaktif)"
        click.echo(f"{u.email:<40} {_roles(u)}{state}")


@users.command("grant")
@click.argument("email")
@click.option("--role", required=True, type=ROLE, help="Role to give.")
@click.option("--org", "organization", default=None, help="OPD code (producer, org_admin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def grant(ctx: Context, email: str, role: str, organization: str | None, as_json: bool) -> None:
    """Give the user EMAIL a role."""
    with session_scope(ctx.runtime.sessions) as session:
        user = service.grant_role(session, actor=SYSTEM, email=email, role=role,
                                  organization=organization)  # fmt: skip
    if as_json:
        emit_json(user.model_dump(mode="json"))
    else:
        click.echo(f"Peran {user.email}: {_roles(user)}", err=True)


@users.command("revoke")
@click.argument("email")
@click.option("--role", required=True, type=ROLE, help="Role to take away.")
@click.option("--org", "organization", default=None, help="OPD code (producer, org_admin).")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def revoke(ctx: Context, email: str, role: str, organization: str | None, as_json: bool) -> None:
    """Take a role from the user EMAIL."""
    with session_scope(ctx.runtime.sessions) as session:
        user = service.revoke_role(session, actor=SYSTEM, email=email, role=role,
                                   organization=organization)  # fmt: skip
    if as_json:
        emit_json(user.model_dump(mode="json"))
    else:
        click.echo(f"Peran {user.email}: {_roles(user) or '-'}", err=True)


@cli.group("tokens")
def tokens_group() -> None:
    """API tokens (Authorization: Bearer …)."""


@tokens_group.command("create")
@click.argument("email")
@click.option("--scope", type=click.Choice(["read", "write"]), default="read", show_default=True)
@click.option("--expires", "expires_days", type=click.IntRange(min=1), default=None,
              help="Days until the token expires (default: never).")  # fmt: skip
@click.option("--name", default="", help="What the token is for.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON (with the secret).")
@pass_ctx
def create(ctx: Context, email: str, scope: str, expires_days: int | None, name: str,
           as_json: bool) -> None:  # fmt: skip
    """Make a token for EMAIL and print it on stdout, once: it cannot be shown again."""
    with session_scope(ctx.runtime.sessions) as session:
        token, secret = tokens.create_token(session, actor=SYSTEM, email=email,
                                            scope="write" if scope == "write" else "read",
                                            expires_days=expires_days, name=name)  # fmt: skip
    if as_json:
        emit_json({"token": token.model_dump(mode="json"), "secret": secret})
        return
    click.echo(secret)
    until = token.expires_at.date().isoformat() if token.expires_at else "tanpa batas"
    click.echo(f"Token {token.id} ({token.scope}) untuk {token.email}, berlaku sampai {until}. "
               "Simpan sekarang: token ini tidak ditampilkan lagi.", err=True)  # fmt: skip


@tokens_group.command("list")
@click.argument("email", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def list_tokens(ctx: Context, email: str | None, as_json: bool) -> None:
    """List tokens (of EMAIL, or all) without their secrets."""
    with session_scope(ctx.runtime.sessions) as session:
        found = tokens.list_tokens(session, actor=SYSTEM, email=email)
    if as_json:
        emit_json([t.model_dump(mode="json") for t in found])
        return
    for t in found:
        state = "dicabut" if t.revoked_at else (
            f"s.d. {t.expires_at.date().isoformat()}" if t.expires_at else "aktif")  # fmt: skip
        click.echo(f"{t.id:>5} {t.prefix}… {t.scope:<5} {state:<14} {t.email:<32} {t.name}")


@tokens_group.command("revoke")
@click.argument("token_id", metavar="ID", type=int)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def revoke_token(ctx: Context, token_id: int, as_json: bool) -> None:
    """Revoke the token ID: it stops working at once."""
    with session_scope(ctx.runtime.sessions) as session:
        token = tokens.revoke_token(session, actor=SYSTEM, token_id=token_id)
    if as_json:
        emit_json(token.model_dump(mode="json"))
    else:
        click.echo(f"Token {token.id} ({token.prefix}…) milik {token.email} dicabut.", err=True)
