"""Who may see and change the Daftar Data and the compliance board.

These rules belong in `satudata.auth.policy`; they live here until that module is free.

| role | may |
|---|---|
| custodian, custodian_delegate (walidata), admin | maintain the Daftar Data, generate reports, read everything |
| leader (pimpinan) | read everything |
| producer, org_admin (OPD) | read their own OPD's items and gaps, the ranking and the reports |
| other signed-in users | read the ranking and the reports |
| anonymous | nothing |
"""

from __future__ import annotations

from satudata.auth.actor import Actor
from satudata.errors import PermissionDeniedError

MAINTAIN_ROLES = frozenset({"admin", "custodian", "custodian_delegate"})
READ_ALL_ROLES = frozenset({"admin", "custodian", "custodian_delegate", "leader"})


def _denied(message_id: str, message_en: str) -> PermissionDeniedError:
    return PermissionDeniedError(message_id, message_en, type="permission-denied")


def can_maintain_data_list(actor: Actor) -> bool:
    """May `actor` add, change, remove and import Daftar Data items (with write scope)?"""
    return actor.scope == "write" and (actor.kind == "system" or bool(actor.roles & MAINTAIN_ROLES))


def require_data_list_maintainer(actor: Actor) -> None:
    """Raise unless `actor` may maintain the Daftar Data or generate reports (the walidata)."""
    if actor.scope != "write" and (actor.kind == "system" or actor.roles & MAINTAIN_ROLES):
        raise _denied("Token ini hanya untuk membaca.", "This token may only read.")
    if not can_maintain_data_list(actor):
        raise _denied("Hanya walidata dan admin yang boleh mengubah Daftar Data.",
                      "Only the custodian (walidata) and administrators may change the "
                      "Daftar Data.")  # fmt: skip


def reads_every_organization(actor: Actor) -> bool:
    """Does `actor` see every OPD's items and gaps (walidata, leaders, administrators)?"""
    return actor.kind == "system" or bool(actor.roles & READ_ALL_ROLES)


def can_read_organization_items(actor: Actor, organization: str) -> bool:
    """May `actor` see the items and exact gaps of `organization`?"""
    return reads_every_organization(actor) or organization in actor.organizations


def require_board_reader(actor: Actor) -> None:
    """Raise unless `actor` may see the ranking and the reports (anyone signed in)."""
    if actor.kind == "anonymous":
        raise PermissionDeniedError("Masuk dulu untuk melihat papan kepatuhan.",
                                    "Sign in to see the compliance board.",
                                    type="sign-in-required")  # fmt: skip
