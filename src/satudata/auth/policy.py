"""The permission policy: every service asks here, routes never decide.

| role (Indonesian) | may |
|---|---|
| producer (produsen data, per OPD) | upload to, edit, comment on and submit its OPD's datasets; see its OPD's uploads; read its OPD's tertutup data and drafts |
| org_admin (admin OPD) | as producer, and add producers to its OPD and list its OPD's people |
| custodian (walidata) | read everything; take, return, approve and publish versions; review metadata changes; roll back; comment; read the audit log |
| custodian_delegate | as custodian, except publishing, unpublishing and rolling back |
| steward (pembina data) | review priority data after the walidata approved it, so read priority (prioritas) datasets even when tertutup; comment on any version it may read |
| leader (pimpinan) | read everything, including tertutup data |
| admin | everything: also OPDs, users, roles, accounts and anyone's tokens; its uploads are published at once |
| signed-in user | read terbuka and terbatas data; manage its own password and API tokens |
| anonymous | read terbuka data |

The Daftar Data and the compliance board: the walidata (custodian, delegate) and admins
maintain the list and generate reports; they and leaders see every OPD's items and gaps;
an OPD's own people see their OPD's; anyone signed in sees the ranking and the reports.
Jobs are seen by whoever started them (and admins).

A read-scope API token never changes anything, whoever holds it. `can_*`/`is_*`
answer a question (to filter or to hide a button); `require_*` raise
PermissionDeniedError with an Indonesian and an English message.
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
# Who comments on any version, not only on those of their own OPD.
COMMENT_ROLES = REVIEW_ROLES | {"steward"}


def _denied(message_id: str, message_en: str) -> PermissionDeniedError:
    return PermissionDeniedError(message_id, message_en, type="permission-denied")


def readable_access_levels(actor: Actor) -> set[str]:
    """Return the access levels whose datasets `actor` may see in any organization."""
    if actor.kind == "system" or actor.roles & READ_ALL_ROLES:
        return {"terbuka", "terbatas", "tertutup"}
    if actor.kind == "user":
        return {"terbuka", "terbatas"}
    return {"terbuka"}


def reads_tertutup_priority(actor: Actor) -> bool:
    """Does `actor` read every priority dataset, tertutup ones too (the pembina reviews them)?"""
    return bool(actor.roles & STEWARD_ROLES) and actor.kind == "user"


def can_read(actor: Actor, *, access_level: str, organization: str, priority: bool = False) -> bool:
    """May `actor` read a dataset with this access level owned by `organization`?"""
    if access_level in readable_access_levels(actor):
        return True
    if access_level == "tertutup" and priority and reads_tertutup_priority(actor):
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


def require_commenter(actor: Actor, *, organization: str) -> None:
    """Raise unless `actor` may comment on a version of a dataset of `organization`.

    Reviewers (walidata, pembina, administrators) comment on any version; an agency
    on its own OPD's versions.
    """
    _require_scope(actor)
    if actor.kind == "system" or actor.roles & COMMENT_ROLES:
        return
    require_write(actor, organization=organization)


def require_upload_reader(actor: Actor, *, organization: str | None) -> None:
    """Raise unless `actor` may see an upload to `organization` and its report.

    An upload that never reached an OPD (`organization` None) is for administrators only.
    """
    if organization is not None:
        require_write(actor, organization=organization)
    elif not actor.is_admin:
        raise _denied("Anda tidak berhak melihat unggahan ini.", "You may not see this upload.")


def require_signed_in(actor: Actor, *, to_id: str, to_en: str) -> None:
    """Raise unless `actor` is someone; `to_id`/`to_en` say what they wanted to do."""
    if actor.kind == "anonymous":
        raise _denied(f"Masuk terlebih dahulu untuk {to_id}.", f"Sign in to {to_en}.")


# --- People: accounts, roles and API tokens ----------------------------------------------


def can_see_all_users(actor: Actor) -> bool:
    """May `actor` list every user (the system and administrators, any scope)?"""
    return actor.kind == "system" or "admin" in actor.roles


def require_user_lister(actor: Actor, *, organization: str | None) -> None:
    """Raise unless `actor` may list users: all of them, or those of `organization`.

    An OPD's admins list the people of the OPDs they administer (see `can_see_all_users`).
    """
    if can_see_all_users(actor):
        return
    if actor.org_admin_of and (not organization or organization in actor.org_admin_of):
        return
    raise _denied("Hanya admin dan admin OPD yang boleh melihat daftar pengguna.",
                  "Only administrators and OPD administrators may list users.")  # fmt: skip


def require_account_admin(actor: Actor) -> None:
    """Raise unless `actor` may deactivate or reactivate accounts (administrators)."""
    _require_scope(actor)
    if actor.is_admin:
        return
    raise _denied("Hanya admin yang boleh menonaktifkan atau mengaktifkan akun.",
                  "Only administrators may deactivate or activate accounts.")  # fmt: skip


def require_password_setter(actor: Actor, *, user_id: int) -> None:
    """Raise unless `actor` may set the password of user `user_id` (themselves or an admin)."""
    if actor.is_admin or (actor.user_id == user_id and actor.scope == "write"):
        return
    raise _denied("Anda tidak berhak mengganti kata sandi pengguna ini.",
                  "You may not change this user's password.")  # fmt: skip


def can_see_all_tokens(actor: Actor) -> bool:
    """May `actor` list everyone's API tokens (the system and administrators, any scope)?"""
    return actor.kind == "system" or "admin" in actor.roles


def can_see_tokens_of(actor: Actor, *, owner_id: int) -> bool:
    """May `actor` know of the tokens of user `owner_id` (their owner or an administrator)?"""
    return can_see_all_tokens(actor) or actor.user_id == owner_id


def require_token_reader(actor: Actor, *, owner_id: int | None) -> None:
    """Raise unless `actor` may list the tokens of user `owner_id` (None: its own)."""
    if can_see_all_tokens(actor):
        return
    if owner_id is None:
        if actor.user_id is None:
            raise _denied("Masuk terlebih dahulu untuk melihat token.", "Sign in to see tokens.")
        return
    if actor.user_id != owner_id:
        raise _denied("Anda hanya boleh melihat token milik Anda sendiri.",
                      "You may only see your own tokens.")  # fmt: skip


def require_token_manager(actor: Actor, *, owner_id: int) -> None:
    """Raise unless `actor` may create or revoke tokens of user `owner_id` (owner or admin)."""
    if actor.scope == "write" and (actor.is_admin or actor.user_id == owner_id):
        return
    raise _denied("Anda hanya boleh mengatur token milik Anda sendiri.",
                  "You may only manage your own tokens.")  # fmt: skip


# --- Organizations, jobs and direct publication -----------------------------------------


def require_organization_creator(actor: Actor) -> None:
    """Raise unless `actor` may register an OPD (administrators)."""
    if not actor.is_admin:
        raise _denied("Hanya admin yang dapat menambah OPD.", "Only admins may add organizations.")


def publishes_on_upload(actor: Actor) -> bool:
    """Is an upload by `actor` published at once (the server's shell, an administrator)?"""
    return actor.is_admin


def can_see_job(actor: Actor, *, owner_id: int | None) -> bool:
    """May `actor` follow a background job started by user `owner_id`?"""
    return actor.is_admin or (owner_id is not None and owner_id == actor.user_id)


# --- The Daftar Data and the compliance board ----------------------------------------------


def can_maintain_data_list(actor: Actor) -> bool:
    """May `actor` add, change, remove and import Daftar Data items (with write scope)?"""
    return actor.scope == "write" and (actor.kind == "system" or bool(actor.roles & REVIEW_ROLES))


def require_data_list_maintainer(actor: Actor) -> None:
    """Raise unless `actor` may maintain the Daftar Data or generate reports (the walidata)."""
    if actor.scope != "write" and (actor.kind == "system" or actor.roles & REVIEW_ROLES):
        raise _denied("Token ini hanya untuk membaca.", "This token may only read.")
    if not can_maintain_data_list(actor):
        raise _denied("Hanya walidata dan admin yang boleh mengubah Daftar Data.",
                      "Only the custodian (walidata) and administrators may change the "
                      "Daftar Data.")  # fmt: skip


def reads_every_organization(actor: Actor) -> bool:
    """Does `actor` see every OPD's items and gaps (walidata, leaders, administrators)?"""
    return actor.kind == "system" or bool(actor.roles & READ_ALL_ROLES)


def can_read_organization_items(actor: Actor, organization: str) -> bool:
    """May `actor` see the Daftar Data items and exact gaps of `organization`?"""
    return reads_every_organization(actor) or organization in actor.organizations


def require_board_reader(actor: Actor) -> None:
    """Raise unless `actor` may see the ranking and the reports (anyone signed in)."""
    if actor.kind == "anonymous":
        raise PermissionDeniedError("Masuk dulu untuk melihat papan kepatuhan.",
                                    "Sign in to see the compliance board.",
                                    type="sign-in-required")  # fmt: skip
