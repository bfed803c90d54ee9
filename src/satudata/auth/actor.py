"""The actor of a service call: anonymous public, a signed-in user, or the system itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ActorKind = Literal["anonymous", "user", "system"]


@dataclass(frozen=True)
class Actor:
    """Who asks. `system` is the server's own shell (CLI, demo loader) acting as admin."""

    kind: ActorKind
    name: str = ""
    roles: frozenset[str] = field(default_factory=frozenset)
    organizations: frozenset[str] = field(default_factory=frozenset)

    @property
    def is_admin(self) -> bool:
        """Is this the system or an administrator?"""
        return self.kind == "system" or "admin" in self.roles


ANONYMOUS = Actor(kind="anonymous")
SYSTEM = Actor(kind="system", name="system", roles=frozenset({"admin"}))
