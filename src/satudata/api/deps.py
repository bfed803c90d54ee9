"""Request dependencies as Annotated aliases: the runtime, a session, the actor."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from satudata.auth.actor import ANONYMOUS, SYSTEM, Actor
from satudata.db.session import session_scope
from satudata.errors import PermissionDeniedError
from satudata.people.sessions import actor_for_session
from satudata.people.tokens import actor_for_token
from satudata.runtime import Runtime


def get_runtime(request: Request) -> Runtime:
    """Return the app's runtime."""
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_session(runtime: RuntimeDep) -> Iterator[Session]:
    """Yield a session committed at the end of a successful request."""
    with session_scope(runtime.sessions) as session:
        yield session


SessionDep = Annotated[Session, Depends(get_session)]


SESSION_COOKIE = "satudata_session"
CSRF_HEADER = "X-CSRF-Token"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def _same(given: str, expected: str) -> bool:
    return hmac.compare_digest(given.encode(), expected.encode())


def actor_and_csrf(request: Request, runtime: Runtime, *,
                   csrf_given: str) -> tuple[Actor, str | None]:  # fmt: skip
    """Return who is asking and, for a signed-in browser, its session's CSRF token.

    `Authorization: Bearer …` takes the configured admin token or an API token; without
    it the session cookie counts, and then a request that changes something must carry
    the session's CSRF token (`csrf_given`: the API reads it from `X-CSRF-Token`, web
    forms from a hidden field). An unknown or expired cookie is ignored.
    """
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
        token = runtime.settings.admin_token
        if token and _same(given, token):
            return SYSTEM, None
        # Its own short transaction: last_used_at is kept even if the request fails.
        with session_scope(runtime.sessions) as session:
            actor = actor_for_token(session, given)
        if actor is None:
            raise PermissionDeniedError(
                "Token tidak sah atau kedaluwarsa.", "Invalid or expired token.",
                type="invalid-token",
            )  # fmt: skip
        return actor, None
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        with session_scope(runtime.sessions) as session:
            found = actor_for_session(session, cookie)
        if found is not None:
            actor, csrf = found
            if request.method in UNSAFE_METHODS and not _same(csrf_given, csrf):
                raise PermissionDeniedError(
                    "Token CSRF tidak ada atau tidak cocok; muat ulang halaman.",
                    "The CSRF token is missing or wrong; reload the page.",
                    type="csrf-failed",
                )  # fmt: skip
            return actor, csrf
    return ANONYMOUS, None


def get_actor(request: Request, runtime: RuntimeDep) -> Actor:
    """Return who is asking: a bearer token's holder, a signed-in browser, or the public."""
    given = request.headers.get(CSRF_HEADER, "")
    return actor_and_csrf(request, runtime, csrf_given=given)[0]


ActorDep = Annotated[Actor, Depends(get_actor)]
