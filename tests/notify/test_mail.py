"""E-mail delivery: after the commit, once per notification, and nothing lost when SMTP fails."""

from __future__ import annotations

import contextlib
import email
import email.policy
import os
import threading
from datetime import datetime
from typing import Any

import pytest
from aiosmtpd.smtp import AuthResult
from sqlalchemy import select
from tests.notify.conftest import Collector, SmtpServer, World, free_port, start_smtp

from satudata.config import Settings
from satudata.db.people import User
from satudata.db.session import session_scope
from satudata.db.workflow import Notification
from satudata.notify import mail
from satudata.notify.mail import PendingEmail, compose
from satudata.notify.service import notify_version_event, send_pending_email
from satudata.runtime import Runtime

TEST_DB_URL = os.environ.get("SATUDATA_TEST_DATABASE_URL")
OPERATOR = "operator@dinkes.jatimprov.go.id"
WALIDATA = "walidata@kominfo.jatimprov.go.id"
PENDUKUNG = "pendukung@kominfo.jatimprov.go.id"


def submit(runtime: Runtime, settings: Settings, world: World) -> None:
    """Tell the walidata and its delegate of a submission (two notifications)."""
    with session_scope(runtime.sessions) as session:
        dataset, version = world.load(session)
        notify_version_event(session, settings, kind="submitted", dataset=dataset,
                             version=version, actor=world.actor(OPERATOR))  # fmt: skip


def pending(runtime: Runtime) -> list[int]:
    with session_scope(runtime.sessions) as session:
        return list(session.scalars(
            select(Notification.user_id).where(Notification.emailed_at.is_(None))
            .order_by(Notification.user_id)))  # fmt: skip


def test_email_is_off_by_default(runtime: Runtime, world: World, settings: Settings) -> None:
    assert (settings.smtp_host, settings.smtp_port, settings.smtp_starttls) == (None, 25, False)
    assert (settings.smtp_username, settings.smtp_password) == (None, None)
    assert settings.smtp_from == "Satu Data Jatim <satudata@localhost>"
    assert settings.public_url == "http://127.0.0.1:8000"
    submit(runtime, settings, world)

    outcome = send_pending_email(runtime.sessions, settings)

    assert (outcome.sent, outcome.error) == (0, "")
    assert len(pending(runtime)) == 2  # still in the inbox, and still to be e-mailed


def test_a_second_run_sends_nothing_again(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    submit(runtime, mail_settings, world)

    first = send_pending_email(runtime.sessions, mail_settings)
    second = send_pending_email(runtime.sessions, mail_settings)

    assert (first.sent, second.sent) == (2, 0)
    assert sorted(r.rcpt_tos[0] for r in smtp.handler.received) == [PENDUKUNG, WALIDATA]
    assert pending(runtime) == []
    with session_scope(runtime.sessions) as session:
        assert all(n.emailed_at is not None for n in session.scalars(select(Notification)))


def test_an_unreachable_server_leaves_email_pending_until_the_next_run(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    down = mail_settings.model_copy(update={"smtp_port": free_port()})  # nothing listens
    submit(runtime, down, world)

    failed = send_pending_email(runtime.sessions, down)

    assert failed.sent == 0 and "ConnectionRefusedError" in failed.error
    assert len(pending(runtime)) == 2

    later = send_pending_email(runtime.sessions, mail_settings)  # the server is back

    assert (later.sent, later.error) == (2, "")
    assert sorted(r.rcpt_tos[0] for r in smtp.handler.received) == [PENDUKUNG, WALIDATA]
    assert pending(runtime) == []


def test_a_refused_recipient_stays_pending_and_the_others_go(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    smtp.handler.refuse.add(WALIDATA)
    submit(runtime, mail_settings, world)

    first = send_pending_email(runtime.sessions, mail_settings)

    assert (first.sent, first.refused, first.error) == (1, 1, "")
    assert [r.rcpt_tos for r in smtp.handler.received] == [[PENDUKUNG]]
    assert pending(runtime) == [world.users[WALIDATA]]

    smtp.handler.refuse.clear()
    second = send_pending_email(runtime.sessions, mail_settings)

    assert (second.sent, second.refused) == (1, 0)
    assert [r.rcpt_tos for r in smtp.handler.received] == [[PENDUKUNG], [WALIDATA]]


def test_a_deactivated_user_gets_no_email(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    submit(runtime, mail_settings, world)
    with session_scope(runtime.sessions) as session:
        user = session.get(User, world.users[WALIDATA])
        assert user is not None
        user.is_active = False

    assert send_pending_email(runtime.sessions, mail_settings).sent == 1
    assert [r.rcpt_tos for r in smtp.handler.received] == [[PENDUKUNG]]


def test_concurrent_senders_send_each_message_once(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    for _ in range(5):
        submit(runtime, mail_settings, world)
    results: list[int] = []

    def run() -> None:
        results.append(send_pending_email(runtime.sessions, mail_settings).sent)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sum(results) == 10
    assert len(smtp.handler.received) == 10
    assert len({r.message["Message-ID"] for r in smtp.handler.received}) == 10


@pytest.mark.postgres
@pytest.mark.skipif(not TEST_DB_URL, reason="row locks are PostgreSQL's")
def test_senders_in_separate_processes_share_the_queue_on_postgresql(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """Without the in-process lock (as between server processes), row locks keep it once."""
    monkeypatch.setattr(mail, "_SENDING", contextlib.nullcontext())
    smtp.handler.delay = 0.05
    for _ in range(5):
        submit(runtime, mail_settings, world)
    results: list[int] = []

    def run() -> None:
        results.append(send_pending_email(runtime.sessions, mail_settings).sent)

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert sum(results) == 10 and len(smtp.handler.received) == 10
    assert max(results) < 10  # they did share the work
    assert pending(runtime) == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtp_login_with_the_configured_account(
    runtime: Runtime, world: World, mail_settings: Settings
) -> None:
    logins: list[tuple[str, str]] = []

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:  # fmt: skip
        logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=auth_data.password == b"rahasia-smtp")

    handler = Collector()
    controller, port = start_smtp(handler, authenticator=authenticator, auth_required=True,
                                  auth_require_tls=False)  # fmt: skip
    try:
        account = Settings.model_validate({**mail_settings.model_dump(), "smtp_port": port,
            "smtp_username": "satudata", "smtp_password": "rahasia-smtp"})  # fmt: skip
        submit(runtime, account, world)

        outcome = send_pending_email(runtime.sessions, account)
    finally:
        controller.stop()

    assert (outcome.sent, outcome.error) == (2, "")
    assert logins == [("satudata", "rahasia-smtp")]  # one SMTP session for the whole run
    assert "rahasia-smtp" not in repr(account)


def test_names_and_titles_beyond_ascii_survive_the_trip(mail_settings: Settings) -> None:
    """A display name with a comma and a title with a dash and an apostrophe."""
    note = PendingEmail(id=7, email="siti@dinkes.jatimprov.go.id", name="Siti Nur'aini, S.Kom",
                        title="Versi 2 'Cakupan Imunisasi – Balita' terbit", body="Isi.\n\nEnglish.",
                        link="https://x.go.id/dataset/a?versi=2",
                        created_at=datetime(2025, 1, 2, 3, 4, 5))  # fmt: skip

    message = compose(mail_settings, note)
    again = email.message_from_bytes(message.as_bytes(), policy=email.policy.default)

    assert again["Subject"] == "Versi 2 'Cakupan Imunisasi – Balita' terbit"
    assert again["To"].addresses[0].display_name == "Siti Nur'aini, S.Kom"
    assert again["Date"] == "Thu, 02 Jan 2025 03:04:05 +0000"  # naive times are UTC
    assert again["Message-ID"] == "<satudata.notification.7.1735787045@localhost>"
