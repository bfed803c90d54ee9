"""The permission policy: every service asks here, routes never decide.

| role (Indonesian) | may |
|---|---|
| producer (produsen data, per OPD) | upload to, edit and submit its OPD's datasets; read its OPD's tertutup data |
| org_admin (admin OPD) | as producer, and add producers to its OPD |
| custodian (walidata) | read everything; take, return, approve and publish versions; roll back; read the audit log |
| custodian_delegate | as custodian, except publishing, unpublishing and rolling back |
| steward (pembina data) | review priority data after the walidata approved it |
| leader (pimpinan) | read everything, including tertutup data |
| admin | everything |
| signed-in user | read terbuka and terbatas data |
| anonymous | read terbuka data |
"""

from __future__ import annotations

from satudata.auth.actor import Actor
from satudata.errors import PermissionDeniedError

# Who reads tertutup data of every OPD.
READ_ALL_ROLES = frozenset({"admin", "custodian", "custodian_delegate", "leader"})
REVIEW_ROLES = frozenset({"admin", "custodian", "custodian_delegate"})
PUBLISH_ROLES = frozenset({"admin", "custodian"})
STEWARD_ROLES = frozenset({"admin", "steward"})
AUDIT_ROLES = frozenset({"admin", "custodian", "custodian_delegate"})


def _denied(message_id: str, message_en: str) -> PermissionDeniedError:
    return PermissionDeniedError(message_id, message_en, type="permission-denied")


def readable_access_levels(actor: Actor) -> set[str]:
    """Return the access levels whose datasets `actor` may see in any organization."""
    if actor.kind == "system" or actor.roles & READ_ALL_ROLES:
        return {"terbuka", "terbatas", "tertutup"}
    if actor.kind == "user":
        return {"terbuka", "terbatas"}
    return {"terbuka"}


def can_read(actor: Actor, *, access_level: str, organization: str) -> bool:
    """May `actor` read a dataset with this access level owned by `organization`?"""
    if access_level in readable_access_levels(actor):
        return True
    return access_level == "tertutup" and organization in actor.organizations


PUBLIC_STATES = frozenset({"published", "superseded"})  # a publication, current or earlier


def can_read_version(actor: Actor, *, state: str, organization: str) -> bool:
    """May `actor` read a version in `state` (of a dataset it may read) of `organization`?

    Publications are public; drafts and versions under review are for the owning OPD,
    the walidata, leaders, and the pembina while it reviews them.
    """
    if state in PUBLIC_STATES or actor.kind == "system" or actor.roles & READ_ALL_ROLES:
        return True
    if state == "pembina_review" and actor.roles & STEWARD_ROLES:
        return True
    return organization in actor.organizations


def _require_scope(actor: Actor) -> None:
    if actor.scope != "write":
        raise _denied("Token ini hanya untuk membaca.", "This token may only read.")


def require_write(actor: Actor, *, organization: str) -> None:
    """Raise unless `actor` may add versions to or edit datasets of `organization`."""
    _require_scope(actor)
    if actor.is_admin or organization in actor.organizations:
        return
    raise _denied(f"Anda tidak berhak mengubah data milik {organization}.",
                  f"You may not change data of {organization}.")  # fmt: skip


def _require_role(actor: Actor, roles: frozenset[str], what_id: str, what_en: str) -> None:
    _require_scope(actor)
    if actor.kind == "system" or actor.roles & roles:
        return
    raise _denied(f"Hanya {what_id} yang boleh melakukan ini.", f"Only {what_en} may do this.")


def is_reviewer(actor: Actor) -> bool:
    """Is `actor` the walidata (or an administrator) with write scope?"""
    return actor.scope == "write" and (actor.kind == "system" or bool(actor.roles & REVIEW_ROLES))


def require_reviewer(actor: Actor) -> None:
    """Raise unless `actor` may take, return or approve versions (the walidata)."""
    _require_role(actor, REVIEW_ROLES, "walidata", "the custodian (walidata)")


def require_publisher(actor: Actor) -> None:
    """Raise unless `actor` may publish, unpublish or roll back versions."""
    _require_role(actor, PUBLISH_ROLES, "walidata", "the custodian (walidata)")


def require_steward(actor: Actor) -> None:
    """Raise unless `actor` may review priority data as pembina data."""
    _require_role(actor, STEWARD_ROLES, "pembina data", "the data steward (pembina)")


def require_audit_reader(actor: Actor) -> None:
    """Raise unless `actor` may search and export the audit log."""
    if actor.kind == "system" or actor.roles & AUDIT_ROLES:
        return
    raise _denied("Hanya walidata dan admin yang boleh membaca log audit.",
                  "Only the custodian and administrators may read the audit log.")  # fmt: skip


def require_user_admin(actor: Actor, *, organization: str | None, role: str) -> None:
    """Raise unless `actor` may give `role` (in `organization`) to a user, or take it."""
    _require_scope(actor)
    if actor.is_admin:
        return
    if role == "producer" and organization is not None and organization in actor.org_admin_of:
        return
    raise _denied("Anda tidak berhak mengatur peran pengguna ini.",
                  "You may not manage this user's roles.")  # fmt: skip
