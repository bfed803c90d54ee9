"""Notify fixtures: a real SMTP server on 127.0.0.1, people inserted as rows, one dataset.

People are written straight into the models (not through the people service) so these
tests stand on their own.
"""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from satudata.auth.actor import ORG_ROLES, Actor
from satudata.config import Settings
from satudata.db.models import Dataset, Organization, SourceFile, Version
from satudata.db.people import RoleGrant, User
from satudata.db.session import session_scope
from satudata.runtime import Runtime

PUBLIC_URL = "https://satudata.example.go.id"


@dataclass
class Received:
    """One message as the SMTP server got it."""

    mail_from: str
    rcpt_tos: list[str]
    message: EmailMessage

    @property
    def text(self) -> str:
        body = self.message.get_body(("plain",))
        assert body is not None
        content: str = body.get_content().replace("\r\n", "\n")  # type: ignore[attr-defined]
        return content


@dataclass
class Collector:
    """An aiosmtpd handler that keeps every message and refuses the listed recipients."""

    received: list[Received] = field(default_factory=list)
    refuse: set[str] = field(default_factory=set)
    delay: float = 0.0  # seconds to take over each message, so that senders overlap

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          rcpt_options: list[str]) -> str:  # fmt: skip
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        await asyncio.sleep(self.delay)
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        assert isinstance(message, EmailMessage)
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos), message))
        return "250 Message accepted for delivery"

    def by_recipient(self) -> dict[str, Received]:
        """Return the messages by their one recipient (each message has exactly one)."""
        assert all(len(r.rcpt_tos) == 1 for r in self.received)
        return {r.rcpt_tos[0]: r for r in self.received}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on (at this moment)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class SmtpServer:
    """A running local SMTP server and what it received."""

    port: int
    handler: Collector


def start_smtp(handler: Collector, **server_kwargs: Any) -> tuple[Controller, int]:
    """Start an aiosmtpd server on a free port (trying again if another test took it)."""
    for attempt in range(5):
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port, **server_kwargs)
        try:
            controller.start()
        except (OSError, RuntimeError):
            if attempt == 4:
                raise
            continue
        return controller, port
    raise AssertionError("unreachable")


@pytest.fixture
def mail_settings(settings: Settings, smtp: SmtpServer) -> Settings:
    """The test settings, sending e-mail to the local SMTP server."""
    return settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "public_url": PUBLIC_URL + "/",
    })  # fmt: skip


def add_user(session: Any, email_address: str, *grants: tuple[str, str | None],
             name: str = "", active: bool = True) -> User:  # fmt: skip
    """Insert a user with (role, OPD code or None) grants; return it."""
    user = User(email=email_address, name=name, is_active=active)
    session.add(user)
    session.flush()
    for role, org in grants:
        org_id = None
        if org is not None:
            org_id = session.scalar(select(Organization.id).where(Organization.code == org))
        session.add(RoleGrant(user_id=user.id, role=role, organization_id=org_id))
    session.flush()
    return user


def actor_of(user_id: int, email_address: str, grants: list[tuple[str, str | None]], *,
             scope: str = "write") -> Actor:  # fmt: skip
    """Return the Actor a signed-in user with these grants would be."""
    return Actor(
        kind="user", name=email_address, user_id=user_id, scope=scope,  # type: ignore[arg-type]
        roles=frozenset(r for r, _ in grants if r not in ORG_ROLES),
        organizations=frozenset(o for r, o in grants if r in ORG_ROLES and o),
        org_admin_of=frozenset(o for r, o in grants if r == "org_admin" and o),
    )  # fmt: skip


# Who exists in every notify test: e-mail -> grants.
PEOPLE: dict[str, list[tuple[str, str | None]]] = {
    "walidata@kominfo.jatimprov.go.id": [("custodian", None)],
    "pendukung@kominfo.jatimprov.go.id": [("custodian_delegate", None)],
    "pensiun@kominfo.jatimprov.go.id": [("custodian", None)],  # deactivated below
    "pembina@bps.go.id": [("steward", None)],
    "pimpinan@jatimprov.go.id": [("leader", None)],
    "admin@jatimprov.go.id": [("admin", None)],
    "operator@dinkes.jatimprov.go.id": [("producer", "DINKES")],
    "kepala@dinkes.jatimprov.go.id": [("org_admin", "DINKES"), ("producer", "DINKES")],
    "operator@disdik.jatimprov.go.id": [("producer", "DISDIK")],
    "pengunggah@dinkes.jatimprov.go.id": [],  # uploaded version 3; no role left since
}
INACTIVE = {"pensiun@kominfo.jatimprov.go.id"}


@dataclass
class World:
    """The people and the dataset of a notify test (ids, so sessions can come and go)."""

    users: dict[str, int]
    dataset_id: int
    version_id: int

    def actor(self, email_address: str, *, scope: str = "write") -> Actor:
        return actor_of(self.users[email_address], email_address, PEOPLE[email_address],
                        scope=scope)  # fmt: skip

    def load(self, session: Any) -> tuple[Dataset, Version]:
        """Return the dataset and version 3 in `session`."""
        return session.get(Dataset, self.dataset_id), session.get(Version, self.version_id)


@pytest.fixture
def world(runtime: Runtime) -> World:
    """Everyone in PEOPLE, and version 3 of 'Jumlah Puskesmas' (DINKES, priority data)."""
    with session_scope(runtime.sessions) as session:
        session.add(Organization(code="DISDIK", name="Dinas Pendidikan Provinsi Jawa Timur",
                                 short_name="Dinas Pendidikan"))  # fmt: skip
        session.flush()
        users = {
            address: add_user(
                session,
                address,
                *grants,
                active=address not in INACTIVE,
                name=address.split("@")[0].capitalize(),
            ).id
            for address, grants in PEOPLE.items()
        }
        org_id = session.scalar(select(Organization.id).where(Organization.code == "DINKES"))
        assert org_id is not None
        source = SourceFile(sha256="0" * 64, size=10, stored_path="originals/00/0.csv")
        dataset = Dataset(slug="jumlah-puskesmas", organization_id=org_id,
                          title="Jumlah Puskesmas", priority=True)  # fmt: skip
        session.add_all([source, dataset])
        session.flush()
        version = Version(dataset_id=dataset.id, number=3, parquet_path="v3.parquet",
                          content_hash="1" * 64, row_count=1, byte_size=1,
                          table_schema={"fields": []}, source_file_id=source.id,
                          state="submitted",
                          uploaded_by_id=users["pengunggah@dinkes.jatimprov.go.id"])  # fmt: skip
        session.add(version)
        session.flush()
        return World(users=users, dataset_id=dataset.id, version_id=version.id)
