"""`satudata users` and `satudata tokens`: what scripts rely on, acting as the audited system."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.cli.test_cli_commands import Run, failed, ok

from satudata.cli.main import cli
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.db.workflow import AuditEvent
from satudata.people.service import authenticate
from satudata.people.tokens import actor_for_token
from satudata.runtime import Runtime

PASSWORD = "kata-sandi-rahasia"


def with_stdin(data_path: Path, database_url: str, stdin: str, *args: str) -> Result:
    """Run `satudata ARGS…` with `stdin` as standard input."""
    base = ["--data-dir", str(data_path), "--database-url", database_url]
    return CliRunner().invoke(cli, [*base, *args], input=stdin)


def audit(data_path: Path, database_url: str) -> list[tuple[str, str, str]]:
    """Return (actor, action, target) of every audit event about people and tokens."""
    rt = Runtime(Settings(data_dir=data_path, database_url=database_url))
    try:
        with session_scope(rt.sessions) as session:
            return [(e.actor, e.action, e.target) for e in session.scalars(
                select(AuditEvent).where(AuditEvent.action.not_like("organization%"))
                .order_by(AuditEvent.id))]  # fmt: skip
    finally:
        rt.engine.dispose()


def with_session(data_path: Path, database_url: str) -> tuple[Runtime, Session]:
    rt = Runtime(Settings(data_dir=data_path, database_url=database_url))
    return rt, rt.sessions()


def test_add_list_and_grant_users(ready: Run, data_path: Path, database_url: str) -> None:
    result = ok(with_stdin(data_path, database_url, PASSWORD + "\n", "users", "add",
                           "Ani@Dinkes.go.id", "--role", "producer", "--org", "DINKES", "--name",
                           "Ani", "--password-stdin"))  # fmt: skip
    assert "ani@dinkes.go.id" in result.stderr and result.stdout == ""
    ok(ready("users", "add", "w@jatimprov.go.id", "--role", "custodian"))
    ok(ready("users", "grant", "ani@dinkes.go.id", "--role", "org_admin", "--org", "DINKES"))
    listed = json.loads(ok(ready("users", "list", "--json")).stdout)
    assert [(u["email"], u["has_password"], [r["role"] for r in u["roles"]]) for u in listed] == [
        ("ani@dinkes.go.id", True, ["org_admin", "producer"]),
        ("w@jatimprov.go.id", False, ["custodian"]),
    ]  # fmt: skip
    assert "w@jatimprov.go.id" in ok(ready("users", "list")).stdout

    rt, session = with_session(data_path, database_url)
    with session:
        assert authenticate(session, "ani@dinkes.go.id", PASSWORD).org_admin_of == {"DINKES"}
    rt.engine.dispose()
    assert audit(data_path, database_url)[:4] == [
        ("system", "user.created", "ani@dinkes.go.id"),
        ("system", "role.granted", "ani@dinkes.go.id"),
        ("system", "user.created", "w@jatimprov.go.id"),
        ("system", "role.granted", "w@jatimprov.go.id"),
    ]  # fmt: skip


def test_bad_users_fail_cleanly(ready: Run, data_path: Path, database_url: str) -> None:
    result = failed(ready("users", "add", "a@dinkes.go.id", "--role", "producer"))
    assert "organization-required" in result.stderr
    result = failed(with_stdin(data_path, database_url, "pendek\n", "users", "add",
                               "a@dinkes.go.id", "--role", "leader", "--password-stdin"))  # fmt: skip
    assert "weak-password" in result.stderr
    result = failed(ready("users", "add", "a@dinkes.go.id", "--role", "producer", "--org", "X",
                          "--json"))  # fmt: skip
    assert json.loads(result.stdout)["error"]["type"] == "not-found"
    failed(ready("users", "grant", "siapa@dinkes.go.id", "--role", "leader"))
    assert ready("users", "add", "a@dinkes.go.id", "--role", "boss").exit_code == 2  # click


def test_tokens_create_list_revoke(ready: Run, data_path: Path, database_url: str) -> None:
    ok(ready("users", "add", "ani@dinkes.go.id", "--role", "producer", "--org", "DINKES"))
    result = ok(ready("tokens", "create", "ani@dinkes.go.id", "--scope", "write", "--expires",
                      "30", "--name", "skrip"))  # fmt: skip
    secret = result.stdout.strip()
    assert secret.startswith("sd_") and result.stdout == secret + "\n"
    assert "tidak ditampilkan lagi" in result.stderr

    listed = json.loads(ok(ready("tokens", "list", "ani@dinkes.go.id", "--json")).stdout)
    assert [(t["prefix"], t["scope"], t["name"]) for t in listed] == [(secret[:10], "write",
                                                                      "skrip")]  # fmt: skip
    assert listed[0]["expires_at"] is not None
    text = ok(ready("tokens", "list")).stdout
    assert secret[:10] in text and secret not in text

    rt, session = with_session(data_path, database_url)
    with session:
        actor = actor_for_token(session, secret)
        assert actor is not None and (actor.name, actor.scope) == ("ani@dinkes.go.id", "write")
    ok(ready("tokens", "revoke", str(listed[0]["id"])))
    with session:
        assert actor_for_token(session, secret) is None
    rt.engine.dispose()
    revoked = json.loads(ok(ready("tokens", "list", "--json")).stdout)
    assert revoked[0]["revoked_at"] is not None
    assert "dicabut" in ok(ready("tokens", "list")).stdout
    events = audit(data_path, database_url)
    assert [(a, action) for a, action, _ in events[-2:]] == [("system", "token.created"),
                                                             ("system", "token.revoked")]  # fmt: skip
    failed(ready("tokens", "revoke", "999"))


def test_read_is_the_default_scope(ready: Run) -> None:
    ok(ready("users", "add", "ani@dinkes.go.id", "--role", "producer", "--org", "DINKES"))
    made = json.loads(ok(ready("tokens", "create", "ani@dinkes.go.id", "--json")).stdout)
    assert made["token"]["scope"] == "read" and made["token"]["expires_at"] is None
    assert made["secret"].startswith(made["token"]["prefix"])
