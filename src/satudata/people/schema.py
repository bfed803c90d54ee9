"""Input and output types of people, tokens and sign-in, shared by the API and the CLI."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, Field, field_validator

Scope = Literal["read", "write"]


def aware(value: datetime | None) -> datetime | None:
    """Return `value` with its time zone (SQLite gives back naive times; they are UTC)."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value


class _Times(BaseModel):
    @field_validator("*", mode="after")
    @classmethod
    def _utc(cls, value: object) -> object:
        return aware(value) if isinstance(value, datetime) else value


class UserCreate(BaseModel):
    """A new user with a first role; no password for accounts that sign in elsewhere (SSO)."""

    email: str = Field(min_length=3, max_length=320)
    name: str = Field(default="", max_length=255)
    password: str | None = None
    role: str
    organization: str | None = None


class RoleChange(BaseModel):
    """A role to give or take: in an OPD (producer, org_admin) or province-wide."""

    role: str
    organization: str | None = None


class RolePublic(BaseModel):
    """One role of a user; `organization` is the OPD code, None for province-wide roles."""

    role: str
    organization: str | None = None


class UserPublic(_Times):
    """A user as administrators see them (never the password hash)."""

    id: int
    email: str
    name: str
    is_active: bool
    roles: list[RolePublic]
    created_at: datetime
    last_login_at: datetime | None = None
    has_password: bool = True


class UserList(BaseModel):
    """A page of users."""

    data: list[UserPublic]
    count: int


class LoginRequest(BaseModel):
    """E-mail and password of a sign-in."""

    email: str = Field(max_length=320)
    password: str = Field(max_length=4096)


class TokenCreate(BaseModel):
    """A new API token; `email` defaults to the signed-in user (only admins name another)."""

    email: str | None = None
    scope: Scope = "read"
    expires_days: int | None = Field(default=None, ge=1, le=3650)
    name: str = Field(default="", max_length=128)


class TokenPublic(_Times):
    """An API token without its secret: `prefix` tells tokens apart."""

    id: int
    email: str
    name: str
    prefix: str
    scope: Scope
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class TokenCreated(BaseModel):
    """A token just made: the secret appears here once and never again."""

    token: TokenPublic
    secret: str


class Me(BaseModel):
    """Who is asking, with the roles and OPDs that decide what they may do."""

    kind: str
    name: str
    scope: Scope
    roles: list[str]
    organizations: list[str]
    org_admin_of: list[str]
    user: UserPublic | None = None


class LoginResult(BaseModel):
    """A successful sign-in: the user, and the token to send as X-CSRF-Token."""

    user: UserPublic
    csrf_token: str
