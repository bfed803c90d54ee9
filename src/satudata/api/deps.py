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


def get_actor(request: Request, runtime: RuntimeDep) -> Actor:
    """Return who is asking: the admin token's holder, or the anonymous public."""
    header = request.headers.get("authorization", "")
    token = runtime.settings.admin_token
    if header.lower().startswith("bearer "):
        given = header[7:].strip()
        if token and hmac.compare_digest(given.encode(), token.encode()):
            return SYSTEM
        raise PermissionDeniedError(
            "Token tidak sah atau kedaluwarsa.", "Invalid or expired token.",
            type="invalid-token",
        )  # fmt: skip
    return ANONYMOUS


ActorDep = Annotated[Actor, Depends(get_actor)]
