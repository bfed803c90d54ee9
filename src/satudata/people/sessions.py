"""Web sessions: a signed-in browser holds a random secret; the database keeps its hash."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, joinedload

from satudata.auth.actor import Actor
from satudata.db.base import utcnow
from satudata.db.people import WebSession
from satudata.errors import InvalidInputError
from satudata.people.schema import aware
from satudata.people.service import actor_for_user
from satudata.people.tokens import hash_secret

SESSION_LIFETIME = timedelta(hours=12)


def start_session(session: Session, actor: Actor, *,
                  now: datetime | None = None) -> tuple[str, str]:  # fmt: skip
    """Start a web session for a signed-in user; return its secret and its CSRF token."""
    if actor.kind != "user" or actor.user_id is None:
        raise InvalidInputError(
            "Sesi web hanya untuk pengguna yang masuk.", "Web sessions are for signed-in users.",
            type="invalid-input",
        )  # fmt: skip
    now = now or utcnow()
    # Expired sessions of this user are of no further use; clear them as we go.
    session.execute(delete(WebSession).where(WebSession.user_id == actor.user_id,
                                             WebSession.expires_at < now))  # fmt: skip
    secret, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=hash_secret(secret), user_id=actor.user_id,
                           csrf_token=csrf, created_at=now, expires_at=now + SESSION_LIFETIME))  # fmt: skip
    session.flush()
    return secret, csrf


def actor_for_session(session: Session, secret: str, *,
                      now: datetime | None = None) -> tuple[Actor, str] | None:  # fmt: skip
    """Return the Actor and CSRF token of a live session; None if unknown or expired."""
    found = session.scalar(select(WebSession).options(joinedload(WebSession.user))
                           .where(WebSession.token_hash == hash_secret(secret)))  # fmt: skip
    if found is None or not found.user.is_active:
        return None
    expires_at = aware(found.expires_at)
    if expires_at is None or expires_at <= (now or utcnow()):
        return None
    return actor_for_user(session, found.user), found.csrf_token


def end_session(session: Session, secret: str) -> None:
    """End a web session (sign out); an unknown secret is ignored."""
    session.execute(delete(WebSession).where(WebSession.token_hash == hash_secret(secret)))
