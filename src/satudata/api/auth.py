"""REST v1: sign in and out, who am I, API tokens and user accounts."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from satudata.api.deps import SESSION_COOKIE, ActorDep, SessionDep
from satudata.people import service, tokens
from satudata.people.schema import (
    LoginRequest,
    LoginResult,
    Me,
    RoleChange,
    TokenCreate,
    TokenCreated,
    TokenPublic,
    UserCreate,
    UserList,
    UserPublic,
)
from satudata.people.sessions import SESSION_LIFETIME, end_session, start_session

router = APIRouter(prefix="/api/v1", tags=["auth"])


@router.post("/auth/login", response_model=LoginResult)
def login(body: LoginRequest, request: Request, response: Response,
          session: SessionDep) -> LoginResult:  # fmt: skip
    """Sign in with e-mail and password; sets the session cookie, returns the CSRF token."""
    actor = service.authenticate(session, body.email, body.password)
    secret, csrf = start_session(session, actor)
    response.set_cookie(
        SESSION_COOKIE, secret, max_age=int(SESSION_LIFETIME.total_seconds()), path="/",
        httponly=True, samesite="lax", secure=request.url.scheme == "https",
    )  # fmt: skip
    me = service.describe_actor(session, actor)
    assert me.user is not None
    return LoginResult(user=me.user, csrf_token=csrf)


@router.post("/auth/logout", status_code=204)
def logout(request: Request, response: Response, session: SessionDep, actor: ActorDep) -> None:
    """Sign out: end the session of this browser and clear its cookie."""
    # `actor` makes a signed-in browser show its CSRF token: no one signs you out from afar.
    cookie = request.cookies.get(SESSION_COOKIE)
    if cookie:
        end_session(session, cookie)
    response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="lax")


@router.get("/me", response_model=Me)
def me(session: SessionDep, actor: ActorDep) -> Me:
    """Return who you are: your roles, your OPDs and your account."""
    return service.describe_actor(session, actor)


@router.get("/tokens", response_model=list[TokenPublic])
def list_tokens(session: SessionDep, actor: ActorDep) -> list[TokenPublic]:
    """List your API tokens (administrators: everyone's), without their secrets."""
    return tokens.list_tokens(session, actor=actor)


@router.post("/tokens", response_model=TokenCreated, status_code=201)
def create_token(session: SessionDep, actor: ActorDep,
                 body: TokenCreate | None = None) -> TokenCreated:  # fmt: skip
    """Make an API token (no body: a read token of yours); its secret is here only."""
    body = body or TokenCreate()
    token, secret = tokens.create_token(session, actor=actor, email=body.email, scope=body.scope,
                                        expires_days=body.expires_days, name=body.name)  # fmt: skip
    return TokenCreated(token=token, secret=secret)


@router.delete("/tokens/{token_id}", response_model=TokenPublic)
def revoke_token(token_id: int, session: SessionDep, actor: ActorDep) -> TokenPublic:
    """Revoke an API token of yours (administrators: anyone's)."""
    return tokens.revoke_token(session, actor=actor, token_id=token_id)


@router.get("/users", response_model=UserList)
def list_users(
    session: SessionDep,
    actor: ActorDep,
    organization: str | None = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> UserList:
    """List users (administrators; an OPD's admins see the people of their OPD)."""
    return service.list_users(session, actor=actor, organization=organization, limit=limit,
                              offset=offset)  # fmt: skip


@router.post("/users", response_model=UserPublic, status_code=201)
def create_user(body: UserCreate, session: SessionDep, actor: ActorDep) -> UserPublic:
    """Create a user with a first role (an OPD's admins: producers of their OPD)."""
    return service.create_user(session, actor=actor, **body.model_dump())


@router.post("/users/{email}/roles", response_model=UserPublic)
def grant_role(email: str, body: RoleChange, session: SessionDep, actor: ActorDep) -> UserPublic:
    """Give a user a role."""
    return service.grant_role(session, actor=actor, email=email, role=body.role,
                              organization=body.organization)  # fmt: skip


@router.delete("/users/{email}/roles/{role_name}", response_model=UserPublic)
def revoke_role(email: str, role_name: str, session: SessionDep, actor: ActorDep,
                organization: str | None = None) -> UserPublic:  # fmt: skip
    """Take a role from a user (`?organization=CODE` for a role in an OPD)."""
    return service.revoke_role(session, actor=actor, email=email, role=role_name,
                               organization=organization)  # fmt: skip
