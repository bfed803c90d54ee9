"""E-mail for notifications: one plain-text message per recipient, sent after the commit.

Why `emailed_at` is set only after the SMTP server accepted a message: an unreachable or
refusing server then leaves the notification pending, and the next `send_pending_email`
sends it, so no message is lost; a message accepted is marked at once (its own short
transaction), so it is not sent again. The one window left is a crash between the
server's "250 OK" and that mark: the message may then go twice rather than never, and its
Message-ID is the same both times, so mail clients can tell.

Two senders never send the same row: on PostgreSQL each row is locked (FOR UPDATE SKIP
LOCKED) while it is sent, so several server processes share the queue; within a process a
lock lets one sender run at a time (SQLite has no row locks, and its driver holds no lock
during a SELECT, so the mark is a fresh short write).
"""

from __future__ import annotations

import logging
import smtplib
import ssl
import threading
from dataclasses import dataclass
from datetime import UTC, datetime
from email.errors import MessageError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from types import TracebackType

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from satudata.config import Settings
from satudata.db.base import utcnow
from satudata.db.people import User
from satudata.db.workflow import Notification

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 30.0  # seconds for connecting and each SMTP command
_SENDING = threading.Lock()

FOOTER = (
    "-- \n"
    "Pesan otomatis dari Satu Data Jawa Timur; semua pemberitahuan ada di kotak masuk Anda "
    "di portal.\n"
    "Automatic message from Satu Data Jawa Timur; every notification is in your inbox on "
    "the portal.\n"
)


@dataclass
class EmailOutcome:
    """What one `send_pending_email` run did."""

    sent: int = 0
    refused: int = 0  # messages the server refused; they stay pending for the next run
    error: str = ""  # why the run stopped early (server unreachable), else empty


@dataclass(frozen=True)
class PendingEmail:
    """A notification still to be e-mailed, with its recipient."""

    id: int
    email: str
    name: str
    title: str
    body: str
    link: str
    created_at: datetime


def _domain(settings: Settings) -> str:
    return parseaddr(settings.smtp_from)[1].rpartition("@")[2] or "localhost"


def compose(settings: Settings, pending: PendingEmail) -> EmailMessage:
    """Build the e-mail of one notification: the title as subject, the body and the link."""
    created = pending.created_at
    if created.tzinfo is None:  # SQLite gives back naive times; they are UTC
        created = created.replace(tzinfo=UTC)
    msg = EmailMessage()
    msg["Subject"] = pending.title
    msg["From"] = settings.smtp_from
    msg["To"] = Address(display_name=" ".join(pending.name.split()), addr_spec=pending.email)
    msg["Date"] = format_datetime(created)
    # The same id if the message ever goes twice (see the module docstring).
    msg["Message-ID"] = (
        f"<satudata.notification.{pending.id}.{int(created.timestamp())}@{_domain(settings)}>"
    )
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies
    greeting = f"Yth. {pending.name.strip() or pending.email},"
    open_line = f"Buka / Open: {pending.link}\n\n" if pending.link else ""
    msg.set_content(f"{greeting}\n\n{pending.body}\n\n{open_line}{FOOTER}")
    return msg


class _Connection:
    """One SMTP session, opened at the first message and closed at the end of the run."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage, to: str) -> None:
        if self.smtp is None:
            self.smtp = self._open()
        self.smtp.send_message(message, to_addrs=[to])

    def _open(self) -> smtplib.SMTP:
        s = self.settings
        assert s.smtp_host is not None
        smtp = smtplib.SMTP(s.smtp_host, s.smtp_port, timeout=SMTP_TIMEOUT)
        try:
            smtp.ehlo()
            if s.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if s.smtp_username:
                password = s.smtp_password.get_secret_value() if s.smtp_password else ""
                smtp.login(s.smtp_username, password)
        except BaseException:
            smtp.close()
            raise
        return smtp

    def __enter__(self) -> _Connection:
        return self

    def __exit__(self, *exc: type[BaseException] | BaseException | TracebackType | None) -> None:
        if self.smtp is None:
            return
        try:
            self.smtp.quit()
        except (smtplib.SMTPException, OSError):
            self.smtp.close()


def _next_pending(session: Session, after: int) -> PendingEmail | None:
    row = session.execute(
        select(
            Notification.id,
            User.email,
            User.name,
            Notification.title,
            Notification.body,
            Notification.link,
            Notification.created_at,
        )
        .join(User, User.id == Notification.user_id)
        .where(Notification.emailed_at.is_(None), Notification.id > after, User.is_active.is_(True))
        .order_by(Notification.id)
        .limit(1)
        .with_for_update(of=Notification, skip_locked=True)  # PostgreSQL; SQLite ignores it
    ).first()
    return PendingEmail(*row) if row is not None else None


def _send_one(connection: _Connection, settings: Settings, pending: PendingEmail) -> bool:
    """Send one message; False if it was refused (it stays pending), raise if the server fails."""
    try:
        message = compose(settings, pending)
    except (ValueError, MessageError) as exc:  # an address no e-mail can carry
        log.warning("notification %s: cannot address e-mail to %r: %s", pending.id,
                    pending.email, exc)  # fmt: skip
        return False
    try:
        connection.send(message, pending.email)
    except (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused,
            smtplib.SMTPDataError) as exc:  # fmt: skip
        log.warning("notification %s: e-mail to %s refused: %s", pending.id, pending.email, exc)
        return False
    return True


def send_pending_email(factory: sessionmaker[Session], settings: Settings) -> EmailOutcome:
    """Send the e-mail of every notification not e-mailed yet, and mark each one sent.

    Call it after the transaction that added notifications has committed (it reads
    committed rows only). Without `smtp_host` it does nothing. A refused message stays
    pending and the run goes on; a server that cannot be reached or drops the connection
    ends the run with everything unsent still pending. Deactivated users get no e-mail.
    """
    outcome = EmailOutcome()
    if not settings.smtp_host:
        return outcome
    with _SENDING, _Connection(settings) as connection:
        last = 0
        while True:
            with factory() as session:  # one short transaction per message
                pending = _next_pending(session, last)
                if pending is None:
                    return outcome
                last = pending.id
                try:
                    if not _send_one(connection, settings, pending):
                        outcome.refused += 1
                        continue
                except (smtplib.SMTPException, OSError) as exc:
                    log.warning("notification e-mail stopped, will retry later: %s", exc)
                    outcome.error = f"{type(exc).__name__}: {exc}"
                    return outcome
                session.execute(
                    update(Notification)
                    .where(Notification.id == pending.id, Notification.emailed_at.is_(None))
                    .values(emailed_at=utcnow())
                )
                session.commit()
                outcome.sent += 1
