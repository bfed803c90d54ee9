"""Notifications of the review workflow: who hears of each event, and the in-app inbox.

`notify_version_event` writes one Notification per recipient in the caller's session, so
the notifications commit (or roll back) with the change they tell of. E-mail leaves later,
from committed rows only: call `send_pending_email` (satudata.notify.mail) after the commit.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from satudata.auth.actor import ORG_ROLES, Actor
from satudata.auth.policy import decides_as_pembina, roles_waited_for
from satudata.config import Settings
from satudata.db.base import utcnow
from satudata.db.models import Dataset, Version
from satudata.db.people import RoleGrant, User
from satudata.db.workflow import Notification, Review
from satudata.errors import NotFoundError, PermissionDeniedError
from satudata.notify.mail import EmailOutcome, send_pending_email
from satudata.notify.messages import KINDS, VersionFacts, version_message
from satudata.notify.schema import NotificationList, NotificationPublic

__all__ = [
    "KINDS",
    "EmailOutcome",
    "list_inbox",
    "mark_read",
    "notify_version_event",
    "recipients_of",
    "send_pending_email",
]

DECIDED = {"returned": "returned", "approved": "approved"}  # event kind -> Review.status


def _active_with_role(roles: frozenset[str], organization_id: int | None = None) -> Select[Any]:
    grants = select(RoleGrant.user_id).where(RoleGrant.role.in_(sorted(roles)))
    if organization_id is not None:
        grants = grants.where(RoleGrant.organization_id == organization_id)
    return select(User).where(User.is_active.is_(True), User.id.in_(grants))


def recipients_of(session: Session, *, kind: str, dataset: Dataset, version: Version,
                  actor: Actor) -> list[User]:  # fmt: skip
    """Return the active users told of `kind` on `version`, never the actor, each once.

    submitted: every walidata and walidata pendukung; pembina_review: every pembina data;
    returned: the OPD's producers and org admins and the version's uploader;
    approved, published: the OPD's producers and org admins.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}; expected one of {sorted(KINDS)}")
    waiting = roles_waited_for(kind)  # the reviewers whose turn it is, else the OPD's people
    stmt = (_active_with_role(waiting) if waiting else
            _active_with_role(ORG_ROLES, dataset.organization_id))  # fmt: skip
    users = {u.id: u for u in session.scalars(stmt)}
    if kind == "returned" and version.uploaded_by_id is not None:
        uploader = session.get(User, version.uploaded_by_id)
        if uploader is not None and uploader.is_active:
            users[uploader.id] = uploader
    if actor.user_id is not None:  # whoever caused the event knows of it already
        users.pop(actor.user_id, None)
    return [users[i] for i in sorted(users)]


def _by_steward(session: Session, kind: str, version: Version, actor: Actor) -> bool:
    """Was this decision the pembina's? The review the workflow just closed says so."""
    if kind not in DECIDED:
        return False
    stage = session.scalar(
        select(Review.stage)
        .where(Review.version_id == version.id, Review.status == DECIDED[kind])
        .order_by(Review.decided_at.desc(), Review.id.desc())
        .limit(1)
    )
    if stage is not None:
        return stage == "pembina"
    return decides_as_pembina(actor)


def version_link(settings: Settings, dataset: Dataset, version: Version) -> str:
    """Return the portal address of one version of a dataset."""
    base = settings.public_url.rstrip("/")
    return f"{base}/dataset/{quote(dataset.slug)}?versi={version.number}"


def notify_version_event(
    session: Session,
    settings: Settings,
    *,
    kind: str,
    dataset: Dataset,
    version: Version,
    actor: Actor,
    reasons: list[dict[str, Any]] | None = None,
) -> list[Notification]:
    """Tell the people concerned that `version` was submitted, returned, approved or published.

    `kind` is one of submitted, pembina_review (walidata approved priority data: the
    pembina's turn), returned (with `reasons`, [{"item", "note"}]), approved, published.
    Rows are added to `session` and flushed; no e-mail leaves before `send_pending_email`.
    """
    users = recipients_of(session, kind=kind, dataset=dataset, version=version, actor=actor)
    if not users:
        return []
    org = dataset.organization
    facts = VersionFacts(number=version.number, title=dataset.title,
                         organization=org.short_name or org.name or org.code,
                         actor=actor.label, by_steward=_by_steward(session, kind, version, actor))  # fmt: skip
    message = version_message(kind, facts, reasons)
    link = version_link(settings, dataset, version)
    notes = [
        Notification(
            user_id=user.id,
            kind=kind,
            title=message.title,
            body=message.body,
            link=link,
            dataset_id=dataset.id,
            version_id=version.id,
        )
        for user in users
    ]
    session.add_all(notes)
    session.flush()
    return notes


def _owner(actor: Actor) -> int:
    """Return the user whose inbox `actor` opens; only a signed-in person has one."""
    if actor.kind != "user" or actor.user_id is None:
        raise PermissionDeniedError(
            "Masuk dulu untuk membuka kotak masuk.", "Sign in to open your inbox.",
            type="sign-in-required",
        )  # fmt: skip
    return actor.user_id


def _inbox(user_id: int) -> Select[Any]:
    stmt: Any = (
        select(Notification, Dataset.slug, Version.number)
        .outerjoin(Dataset, Dataset.id == Notification.dataset_id)
        .outerjoin(Version, Version.id == Notification.version_id)
        .where(Notification.user_id == user_id)
    )
    return stmt


def _public(note: Notification, slug: str | None, number: int | None) -> NotificationPublic:
    return NotificationPublic(id=note.id, kind=note.kind, title=note.title, body=note.body,
                              link=note.link, dataset=slug, version=number,
                              created_at=note.created_at, read_at=note.read_at)  # fmt: skip


def list_inbox(session: Session, *, actor: Actor, unread_only: bool = False, limit: int = 50,
               offset: int = 0) -> NotificationList:  # fmt: skip
    """Return the actor's own notifications, newest first (only the unread ones if asked)."""
    user_id = _owner(actor)
    stmt = _inbox(user_id)
    if unread_only:
        stmt = stmt.where(Notification.read_at.is_(None))
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    unread = (
        session.scalar(
            select(func.count())
            .select_from(Notification)
            .where(Notification.user_id == user_id, Notification.read_at.is_(None))
        )
        or 0
    )
    rows = session.execute(stmt.order_by(Notification.id.desc()).limit(limit).offset(offset))
    return NotificationList(data=[_public(*row) for row in rows], count=count, unread=unread)


def mark_read(session: Session, *, actor: Actor, notification_id: int) -> NotificationPublic:
    """Mark one of the actor's own notifications read (again: it keeps the first time)."""
    user_id = _owner(actor)
    if actor.scope != "write":
        raise PermissionDeniedError("Token ini hanya untuk membaca.", "This token may only read.",
                                    type="permission-denied")  # fmt: skip
    row = session.execute(_inbox(user_id).where(Notification.id == notification_id)).first()
    if row is None:  # someone else's looks the same as none: ids do not leak
        raise NotFoundError(
            f"Pemberitahuan {notification_id} tidak ditemukan.",
            f"Notification {notification_id} was not found.",
            type="not-found", details={"key": str(notification_id)},
        )  # fmt: skip
    note, slug, number = row
    if note.read_at is None:
        note.read_at = utcnow()
        session.flush()
    return _public(note, slug, number)
