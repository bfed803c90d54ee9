"""The actor of a service call: anonymous public, a signed-in user, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ActorKind = Literal["anonymous", "user", "system"]

# Roles a user holds in one OPD, and roles held province-wide.
ORG_ROLES = frozenset({"producer", "org_admin"})
PROVINCE_ROLES = frozenset({"custodian", "custodian_delegate", "steward", "leader", "admin"})
ROLES = ORG_ROLES | PROVINCE_ROLES


@dataclass(frozen=True)
class Actor:
    """Who asks. `system` is the server's own shell (CLI, demo loader) acting as admin.

    `roles` are the province-wide roles; `organizations` the OPD codes the user works
    for (as producer or org admin), `org_admin_of` those where they are org admin.
    `scope` is "read" for a read-only API token: it may not change anything.
    """

    kind: ActorKind
    name: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    organizations: frozenset[str] = field(default_factory=frozenset)
    org_admin_of: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None
    scope: Literal["read", "write"] = "write"

    @property
    def is_admin(self) -> bool:
        """Is this the system or an administrator (with write scope)?"""
        return (self.kind == "system" or "admin" in self.roles) and self.scope == "write"

    @property
    def label(self) -> str:
        """Return how the audit log names this actor."""
        return self.name or self.kind


ANONYMOUS = Actor(kind="anonymous")
SYSTEM = Actor(kind="system", name="system", roles=frozenset({"admin"}))
