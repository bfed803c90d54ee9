"""API tokens: made for a user with a scope and an expiry, stored hashed, shown once."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import (
    can_see_all_tokens,
    can_see_tokens_of,
    require_signed_in,
    require_token_manager,
    require_token_reader,
)
from satudata.db.base import utcnow
from satudata.db.people import ApiToken, User
from satudata.errors import InvalidInputError, not_found
from satudata.people.schema import Scope, TokenPublic, aware
from satudata.people.service import actor_for_user, get_user

TOKEN_PREFIX = "sd_"
PREFIX_LENGTH = 10  # "sd_" and 7 characters of the secret: enough to tell tokens apart
# Writing last_used_at on every request would turn every read into a write.
LAST_USED_PRECISION = timedelta(minutes=1)


def hash_secret(secret: str) -> str:
    """Return the SHA-256 (hex) under which a token or session secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _public(token: ApiToken) -> TokenPublic:
    scope: Scope = "write" if token.scope == "write" else "read"
    return TokenPublic(id=token.id, email=token.user.email, name=token.name, prefix=token.prefix,
                       scope=scope, created_at=token.created_at, expires_at=token.expires_at,
                       last_used_at=token.last_used_at, revoked_at=token.revoked_at)  # fmt: skip


def create_token(
    session: Session,
    *,
    actor: Actor,
    email: str | None,
    scope: Scope = "read",
    expires_days: int | None = None,
    name: str = "",
    now: datetime | None = None,
) -> tuple[TokenPublic, str]:
    """Make a token for the user `email` (None: the actor); return it and its secret.

    The secret is not kept: only its SHA-256 is stored.
    """
    if scope not in ("read", "write"):
        raise InvalidInputError(
            f"Cakupan token tidak dikenal: '{scope}' (read atau write).",
            f"Unknown token scope: '{scope}' (read or write).", type="invalid-input",
        )  # fmt: skip
    if expires_days is not None and expires_days < 1:
        raise InvalidInputError(
            "Masa berlaku token minimal 1 hari.", "A token must be valid for at least 1 day.",
            type="invalid-input",
        )  # fmt: skip
    if email is None:  # the actor's own token
        require_signed_in(actor, to_id="membuat token", to_en="make a token")
        if actor.kind != "user":
            raise InvalidInputError(
                "Sebutkan e-mail pemilik token.", "Name the e-mail of the token's owner.",
                type="invalid-input",
            )  # fmt: skip
        email = actor.name
    user = get_user(session, email)
    require_token_manager(actor, owner_id=user.id)
    now = now or utcnow()
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user=user, name=name.strip()[:128], token_hash=hash_secret(secret),
        prefix=secret[:PREFIX_LENGTH], scope=scope, created_at=now,
        expires_at=now + timedelta(days=expires_days) if expires_days is not None else None,
    )  # fmt: skip
    session.add(token)
    session.flush()
    public = _public(token)
    record(session, actor, "token.created", target=f"{user.email} {public.prefix}",
           after=public.model_dump(include={"id", "email", "name", "prefix", "scope",
                                            "expires_at"}))  # fmt: skip
    return public, secret


def list_tokens(session: Session, *, actor: Actor, email: str | None = None) -> list[TokenPublic]:
    """List tokens (never their secrets): a user's own; administrators anyone's, or all."""
    stmt: Any = select(ApiToken).options(joinedload(ApiToken.user)).order_by(ApiToken.id)
    if email is not None:
        user = get_user(session, email)
        require_token_reader(actor, owner_id=user.id)
        stmt = stmt.where(ApiToken.user_id == user.id)
    else:
        require_token_reader(actor, owner_id=None)
        if not can_see_all_tokens(actor):
            stmt = stmt.where(ApiToken.user_id == actor.user_id)
    return [_public(t) for t in session.scalars(stmt).all()]


def revoke_token(session: Session, *, actor: Actor, token_id: int,
                 now: datetime | None = None) -> TokenPublic:  # fmt: skip
    """Revoke a token (its owner or an administrator); revoking it again changes nothing."""
    token = session.get(ApiToken, token_id, options=[joinedload(ApiToken.user)])
    # Someone else's token is "not found": ids do not tell whose tokens exist.
    if token is None or not can_see_tokens_of(actor, owner_id=token.user_id):
        raise not_found("Token", "Token", str(token_id))
    require_token_manager(actor, owner_id=token.user_id)
    if token.revoked_at is None:
        token.revoked_at = now or utcnow()
        session.flush()
        record(session, actor, "token.revoked", target=f"{token.user.email} {token.prefix}",
               before={"id": token.id, "revoked_at": None},
               after={"id": token.id, "revoked_at": token.revoked_at})  # fmt: skip
    return _public(token)


def actor_for_token(session: Session, secret: str, *, now: datetime | None = None) -> Actor | None:
    """Return the Actor of a valid token's user with the token's scope; None when refused."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = session.scalar(select(ApiToken).options(joinedload(ApiToken.user))
                           .where(ApiToken.token_hash == hash_secret(secret)))  # fmt: skip
    now = now or utcnow()
    if token is None or token.revoked_at is not None or not token.user.is_active:
        return None
    expires_at = aware(token.expires_at)
    if expires_at is not None and expires_at <= now:
        return None
    last_used = aware(token.last_used_at)
    if last_used is None or now - last_used >= LAST_USED_PRECISION:
        token.last_used_at = now
    user: User = token.user
    return actor_for_user(session, user, scope="write" if token.scope == "write" else "read")
