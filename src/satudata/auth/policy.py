"""The permission policy: every service asks here, routes never decide."""

from __future__ import annotations

from satudata.auth.actor import Actor
from satudata.errors import PermissionDeniedError

GOVERNMENT_WIDE_ROLES = frozenset({"admin", "custodian", "leader", "steward"})


def readable_access_levels(actor: Actor) -> set[str]:
    """Return the access levels whose datasets `actor` may see in any organization."""
    if actor.is_admin or actor.roles & GOVERNMENT_WIDE_ROLES:
        return {"terbuka", "terbatas", "tertutup"}
    if actor.kind == "user":
        return {"terbuka", "terbatas"}
    return {"terbuka"}


def can_read(actor: Actor, *, access_level: str, organization: str) -> bool:
    """May `actor` read a dataset with this access level owned by `organization`?"""
    if access_level in readable_access_levels(actor):
        return True
    return access_level == "tertutup" and organization in actor.organizations


def require_write(actor: Actor, *, organization: str) -> None:
    """Raise unless `actor` may add versions to or edit datasets of `organization`."""
    if actor.is_admin or organization in actor.organizations:
        return
    raise PermissionDeniedError(
        f"Anda tidak berhak mengubah data milik {organization}.",
        f"You may not change data of {organization}.",
        type="permission-denied",
    )
