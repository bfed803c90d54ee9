"""Users and their roles, and password sign-in with rate limiting.

`actor_for_user` is the one place that turns an identity into an `Actor`: password
sign-in, API tokens and web sessions all end there, and so will a later single sign-on
(an account with `password_hash` None signs in only that way).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, selectinload

from satudata.audit.service import record
from satudata.auth.actor import ORG_ROLES, PROVINCE_ROLES, ROLES, Actor
from satudata.auth.policy import (
    can_see_all_users,
    require_account_admin,
    require_password_setter,
    require_user_admin,
    require_user_lister,
)
from satudata.db.base import utcnow
from satudata.db.models import Organization
from satudata.db.people import LoginFailure, RoleGrant, User
from satudata.errors import (
    ConflictError,
    InvalidInputError,
    NotFoundError,
    PermissionDeniedError,
    not_found,
)
from satudata.people.passwords import (
    hash_password,
    rehashed,
    spend_verification_time,
    verify_password,
)
from satudata.people.schema import Me, RolePublic, Scope, UserList, UserPublic, aware

# Login rate limiting: MAX_FAILURES failed sign-ins for one e-mail within FAILURE_WINDOW
# refuse further attempts for LOCKOUT after the last of them.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)

EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalize_email(email: str) -> str:
    """Return the e-mail address as stored: trimmed and lower-case."""
    return email.strip().lower()


def _valid_email(email: str) -> str:
    email = normalize_email(email)
    if not EMAIL_PATTERN.match(email) or len(email) > 320:
        raise InvalidInputError(
            f"Alamat e-mail tidak sah: '{email}'.", f"Invalid e-mail address: '{email}'.",
            type="invalid-email",
        )  # fmt: skip
    return email


def check_role(role: str, organization: str | None) -> None:
    """Raise unless `role` is known and has an OPD exactly when it is an OPD role."""
    if role not in ROLES:
        known = ", ".join(sorted(ROLES))
        raise InvalidInputError(
            f"Peran tidak dikenal: '{role}' (pilih salah satu: {known}).",
            f"Unknown role: '{role}' (one of: {known}).",
            type="unknown-role",
        )  # fmt: skip
    if role in ORG_ROLES and not organization:
        raise InvalidInputError(
            f"Peran '{role}' memerlukan kode OPD.", f"The role '{role}' needs an OPD code.",
            type="organization-required",
        )  # fmt: skip
    if role in PROVINCE_ROLES and organization:
        raise InvalidInputError(
            f"Peran '{role}' berlaku se-provinsi dan tidak memakai kode OPD.",
            f"The role '{role}' is province-wide and takes no OPD code.",
            type="organization-not-allowed",
        )  # fmt: skip


def find_user(session: Session, email: str) -> User | None:
    """Return the user with this e-mail address (any case), or None."""
    user: User | None = session.scalar(
        select(User).where(User.email == normalize_email(email)).options(selectinload(User.grants))
    )
    return user


def get_user(session: Session, email: str) -> User:
    """Return the user with this e-mail address or raise NotFoundError."""
    user = find_user(session, email)
    if user is None:
        raise not_found("Pengguna", "User", normalize_email(email))
    return user


def _organization(session: Session, code: str | None) -> Organization | None:
    if code is None:
        return None
    org = session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        raise not_found("OPD", "Organization", code)
    return org


def _org_codes(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.execute(select(Organization.id, Organization.code)
                           .where(Organization.id.in_(wanted))).all()  # fmt: skip
    return {id_: code for id_, code in rows}


def _public(user: User, codes: dict[int, str]) -> UserPublic:
    roles = sorted(
        (RolePublic(role=g.role, organization=codes.get(g.organization_id) if g.organization_id
                    else None) for g in user.grants),
        key=lambda r: (r.role, r.organization or ""),
    )  # fmt: skip
    return UserPublic(id=user.id, email=user.email, name=user.name, is_active=user.is_active,
                      roles=roles, created_at=user.created_at, last_login_at=user.last_login_at,
                      has_password=user.password_hash is not None)  # fmt: skip


def user_public(session: Session, user: User) -> UserPublic:
    """Return a user as administrators see them."""
    return _public(user, _org_codes(session, (g.organization_id for g in user.grants)))


def actor_for_user(session: Session, user: User, *, scope: Scope = "write") -> Actor:
    """Return the Actor a signed-in `user` acts as: the one way an identity becomes an Actor."""
    codes = _org_codes(session, (g.organization_id for g in user.grants))
    org_grants = [(g.role, codes[g.organization_id]) for g in user.grants
                  if g.role in ORG_ROLES and g.organization_id in codes]  # fmt: skip
    return Actor(
        kind="user", name=user.email, user_id=user.id, scope=scope,
        roles=frozenset(g.role for g in user.grants if g.role in PROVINCE_ROLES),
        organizations=frozenset(code for _, code in org_grants),
        org_admin_of=frozenset(code for role, code in org_grants if role == "org_admin"),
    )  # fmt: skip


def describe_actor(session: Session, actor: Actor) -> Me:
    """Return who `actor` is: roles, OPDs and, for a user, their account."""
    user = session.get(User, actor.user_id) if actor.user_id is not None else None
    return Me(kind=actor.kind, name=actor.label, scope=actor.scope, roles=sorted(actor.roles),
              organizations=sorted(actor.organizations), org_admin_of=sorted(actor.org_admin_of),
              user=user_public(session, user) if user is not None else None)  # fmt: skip


def create_user(
    session: Session,
    *,
    actor: Actor,
    email: str,
    name: str = "",
    password: str | None = None,
    role: str,
    organization: str | None = None,
) -> UserPublic:
    """Create a user with a first role; without a password they sign in only another way."""
    require_user_admin(actor, organization=organization, role=role)
    email = _valid_email(email)
    check_role(role, organization)
    org = _organization(session, organization)
    if find_user(session, email) is not None:
        raise ConflictError(
            f"Pengguna '{email}' sudah ada.", f"The user '{email}' already exists.",
            type="user-exists", details={"email": email},
        )  # fmt: skip
    user = User(email=email, name=name.strip(),
                password_hash=hash_password(password) if password is not None else None)  # fmt: skip
    user.grants.append(RoleGrant(role=role, organization_id=org.id if org else None))
    session.add(user)
    session.flush()
    org_id = org.id if org else None
    record(session, actor, "user.created", target=email, organization_id=org_id,
           after={"email": email, "name": user.name, "role": role, "organization": organization,
                  "has_password": password is not None})  # fmt: skip
    record(session, actor, "role.granted", target=email, organization_id=org_id,
           after={"role": role, "organization": organization})  # fmt: skip
    return user_public(session, user)


def _grant_of(user: User, role: str, org: Organization | None) -> RoleGrant | None:
    org_id = org.id if org else None
    return next((g for g in user.grants if g.role == role and g.organization_id == org_id), None)


def grant_role(session: Session, *, actor: Actor, email: str, role: str,
               organization: str | None = None) -> UserPublic:  # fmt: skip
    """Give `role` (in `organization`) to a user; giving a role they hold changes nothing."""
    require_user_admin(actor, organization=organization, role=role)
    check_role(role, organization)
    user = get_user(session, email)
    org = _organization(session, organization)
    if _grant_of(user, role, org) is None:
        before = _roles_of(session, user)
        user.grants.append(RoleGrant(role=role, organization_id=org.id if org else None))
        session.flush()
        record(session, actor, "role.granted", target=user.email,
               organization_id=org.id if org else None, before={"roles": before},
               after={"role": role, "organization": organization,
                      "roles": _roles_of(session, user)})  # fmt: skip
    return user_public(session, user)


def revoke_role(session: Session, *, actor: Actor, email: str, role: str,
                organization: str | None = None) -> UserPublic:  # fmt: skip
    """Take `role` (in `organization`) from a user."""
    require_user_admin(actor, organization=organization, role=role)
    check_role(role, organization)
    user = get_user(session, email)
    org = _organization(session, organization)
    grant = _grant_of(user, role, org)
    if grant is None:
        where = f" di {organization}" if organization else ""
        raise NotFoundError(
            f"Pengguna '{user.email}' tidak memiliki peran '{role}'{where}.",
            f"The user '{user.email}' does not have the role '{role}'"
            + (f" in {organization}." if organization else "."),
            type="not-found",
        )  # fmt: skip
    before = _roles_of(session, user)
    user.grants.remove(grant)
    session.flush()
    record(session, actor, "role.revoked", target=user.email,
           organization_id=org.id if org else None, before={"roles": before},
           after={"role": role, "organization": organization,
                  "roles": _roles_of(session, user)})  # fmt: skip
    return user_public(session, user)


def _roles_of(session: Session, user: User) -> list[dict[str, Any]]:
    return [r.model_dump() for r in user_public(session, user).roles]


def list_users(session: Session, *, actor: Actor, organization: str | None = None,
               limit: int = 100, offset: int = 0) -> UserList:  # fmt: skip
    """List users: administrators see everyone, an OPD's admins the people of their OPDs."""
    require_user_lister(actor, organization=organization)
    stmt: Any = select(User)
    if organization is not None:
        org = _organization(session, organization)
        assert org is not None
        stmt = stmt.where(User.id.in_(select(RoleGrant.user_id)
                                      .where(RoleGrant.organization_id == org.id)))  # fmt: skip
    if not can_see_all_users(actor):
        stmt = stmt.where(User.id.in_(
            select(RoleGrant.user_id).join(Organization, Organization.id == RoleGrant.organization_id)
            .where(Organization.code.in_(actor.org_admin_of))))  # fmt: skip
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    users = session.scalars(stmt.options(selectinload(User.grants)).order_by(User.email)
                            .limit(limit).offset(offset)).all()  # fmt: skip
    codes = _org_codes(session, (g.organization_id for u in users for g in u.grants))
    return UserList(data=[_public(u, codes) for u in users], count=int(count))


def set_password(session: Session, *, actor: Actor, email: str, password: str) -> None:
    """Set a user's password: the user themselves, or an administrator."""
    user = get_user(session, email)
    require_password_setter(actor, user_id=user.id)
    user.password_hash = hash_password(password)
    record(session, actor, "user.password-changed", target=user.email)


def set_user_active(session: Session, *, actor: Actor, email: str, active: bool) -> UserPublic:
    """Deactivate a user (they can no longer sign in or use tokens), or activate them again."""
    require_account_admin(actor)
    user = get_user(session, email)
    if user.is_active != active:
        user.is_active = active
        record(session, actor, "user.activated" if active else "user.deactivated",
               target=user.email, before={"is_active": not active},
               after={"is_active": active})  # fmt: skip
    return user_public(session, user)


# --- Password sign-in ------------------------------------------------------------------


def _invalid_credentials() -> PermissionDeniedError:
    return PermissionDeniedError(
        "E-mail atau kata sandi salah.", "Wrong e-mail or password.", type="invalid-credentials"
    )


def locked_until(session: Session, email: str, *, now: datetime) -> datetime | None:
    """Return until when sign-ins for `email` are refused, or None if they are allowed."""
    since = now - FAILURE_WINDOW - LOCKOUT
    times = [aware(t) for t in session.scalars(
        select(LoginFailure.at).where(LoginFailure.email == email, LoginFailure.at > since)
        .order_by(LoginFailure.at))]  # fmt: skip
    until: datetime | None = None
    for first, last in zip(times, times[MAX_FAILURES - 1 :], strict=False):
        assert first is not None and last is not None
        if last - first <= FAILURE_WINDOW:
            until = last + LOCKOUT
    return until if until is not None and now < until else None


def _record_failure(session: Session, email: str, *, now: datetime) -> None:
    # Committed on its own: the sign-in fails, and the caller's transaction rolls back,
    # but the failure must still count.
    session.execute(delete(LoginFailure).where(
        LoginFailure.email == email, LoginFailure.at < now - FAILURE_WINDOW - LOCKOUT))  # fmt: skip
    session.add(LoginFailure(email=email[:320], at=now))
    session.commit()


def authenticate(session: Session, email: str, password: str, *,
                 now: datetime | None = None) -> Actor:  # fmt: skip
    """Check an e-mail and password and return the user's Actor.

    The same error for an unknown e-mail and a wrong password; after MAX_FAILURES
    failures within FAILURE_WINDOW, refuses every attempt for LOCKOUT. Commits the
    session when recording a failure.
    """
    now = now or utcnow()
    email = normalize_email(email)
    until = locked_until(session, email, now=now)
    if until is not None:
        wait = max(1, int((until - now).total_seconds()))
        minutes = -(-wait // 60)
        raise PermissionDeniedError(
            f"Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam {minutes} menit.",
            f"Too many failed sign-in attempts. Try again in {minutes} minutes.",
            type="too-many-attempts", details={"retry_after_seconds": wait},
        )  # fmt: skip
    user = find_user(session, email)
    if user is None or user.password_hash is None:
        spend_verification_time(password)
        _record_failure(session, email, now=now)
        raise _invalid_credentials()
    if not verify_password(user.password_hash, password):
        _record_failure(session, email, now=now)
        raise _invalid_credentials()
    if not user.is_active:
        raise PermissionDeniedError(
            "Akun ini dinonaktifkan. Hubungi admin.", "This account is disabled. Ask an administrator.",
            type="account-disabled",
        )  # fmt: skip
    new_hash = rehashed(user.password_hash, password)
    if new_hash is not None:
        user.password_hash = new_hash
    user.last_login_at = now
    session.execute(delete(LoginFailure).where(LoginFailure.email == email))
    actor = actor_for_user(session, user)
    record(session, actor, "user.login", target=user.email)
    return actor
