"""The permission policy: every service asks here, routes never decide.

| role (Indonesian) | may |
|---|---|
| producer (produsen data, per OPD) | upload to, edit, comment on and submit its OPD's datasets; see its OPD's uploads; read its OPD's tertutup data and drafts |
| org_admin (admin OPD) | as producer, and add producers to its OPD and list its OPD's people |
| custodian (walidata) | read everything; take, return, approve and publish versions; review metadata changes; roll back; comment; read the audit log |
| custodian_delegate | as custodian, except publishing, unpublishing and rolling back |
| steward (pembina data) | review priority data after the walidata approved it, so read the versions put before it (waiting for it or decided by it), tertutup ones too, and no other tertutup data; use the walidata desk; comment on any version it may read |
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

from dataclasses import dataclass

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


def reads_as_pembina(actor: Actor) -> bool:
    """Does the pembina's rule apply: may `actor` read the versions put before the pembina?

    A version is put before the pembina when the walidata approves it as priority data
    (pembina_review); it stays so once the pembina has decided on it. That is all of
    tertutup data the pembina reads: the dataset, those versions, their rows, report and
    diff. A publication of a tertutup dataset that never came before it stays closed.
    """
    return actor.kind == "system" or (actor.kind == "user" and bool(actor.roles & STEWARD_ROLES))


@dataclass(frozen=True)
class ReadScope:
    """Which datasets an actor reads, as facts a query can filter on (see `read_scope`)."""

    levels: frozenset[str]  # access levels read in every OPD
    tertutup_organizations: frozenset[str]  # OPDs whose tertutup datasets it reads too
    tertutup_before_pembina: bool  # tertutup datasets with a version put before the pembina

    def admits(self, *, access_level: str, organization: str, before_pembina: bool) -> bool:
        """Does the scope hold a dataset with these facts?"""
        if access_level in self.levels:
            return True
        return access_level == "tertutup" and (
            organization in self.tertutup_organizations
            or (before_pembina and self.tertutup_before_pembina))  # fmt: skip


def read_scope(actor: Actor) -> ReadScope:
    """Return the datasets `actor` may read: the rule of `can_read`, for filtering queries."""
    levels = frozenset(readable_access_levels(actor))
    closed = "tertutup" in levels
    return ReadScope(levels=levels,
                     tertutup_organizations=frozenset() if closed else actor.organizations,
                     tertutup_before_pembina=not closed and reads_as_pembina(actor))  # fmt: skip


def can_read(actor: Actor, *, access_level: str, organization: str,
             before_pembina: bool = False) -> bool:  # fmt: skip
    """May `actor` read a dataset with this access level owned by `organization`?

    `before_pembina`: one of its versions is, or was, before the pembina (see
    `reads_as_pembina`); only the pembina reads a tertutup dataset for that.
    """
    return read_scope(actor).admits(access_level=access_level, organization=organization,
                                    before_pembina=before_pembina)  # fmt: skip


PUBLIC_STATES = frozenset({"published", "superseded"})  # a publication, current or earlier
PEMBINA_STATE = "pembina_review"  # the priority version waits for the pembina


def can_read_version(actor: Actor, *, state: str, organization: str, access_level: str,
                     before_pembina: bool = False) -> bool:  # fmt: skip
    """May `actor` read a version in `state` of a dataset of `organization` it may read?

    Publications are for whoever reads the dataset's access level; drafts and versions
    under review are for the owning OPD, the walidata and leaders; the pembina reads the
    versions put before it (`before_pembina`, or waiting for it now), and of a tertutup
    dataset only those.
    """
    if actor.kind == "system" or actor.roles & READ_ALL_ROLES:
        return True
    if organization in actor.organizations:
        return True
    if (before_pembina or state == PEMBINA_STATE) and reads_as_pembina(actor):
        return True
    return state in PUBLIC_STATES and access_level in readable_access_levels(actor)


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


def can_use_desk(actor: Actor) -> bool:
    """May `actor` open the walidata desk (the walidata, the pembina, administrators)?"""
    return actor.scope == "write" and (
        actor.kind == "system" or bool(actor.roles & (REVIEW_ROLES | STEWARD_ROLES)))  # fmt: skip


def require_desk_user(actor: Actor) -> None:
    """Raise unless `actor` may open the walidata desk."""
    if not can_use_desk(actor):
        raise _denied("Meja Walidata hanya untuk walidata dan pembina data.",
                      "The custodian desk is for the custodian (walidata) and the data "
                      "steward only.")  # fmt: skip


def can_use_workspace(actor: Actor) -> bool:
    """May `actor` open Data Saya, its OPDs' workspace (their people, administrators)?"""
    return bool(actor.organizations) or actor.is_admin


def decides_as_pembina(actor: Actor) -> bool:
    """Is `actor` only the pembina (a steward, neither walidata nor administrator)?"""
    return "steward" in actor.roles and not actor.roles & (REVIEW_ROLES | {"admin"})


# Who the workflow waits for when a version enters a state: they are told of it.
WAITING_ROLES = {"submitted": frozenset({"custodian", "custodian_delegate"}),
                 PEMBINA_STATE: frozenset({"steward"})}  # fmt: skip


def roles_waited_for(state: str) -> frozenset[str]:
    """Return the province-wide roles whose turn it is when a version enters `state`."""
    return WAITING_ROLES.get(state, frozenset())


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


def can_read_board(actor: Actor) -> bool:
    """May `actor` see the compliance ranking and the reports (anyone signed in)?"""
    return actor.kind != "anonymous"


def require_board_reader(actor: Actor) -> None:
    """Raise unless `actor` may see the ranking and the reports (anyone signed in)."""
    if not can_read_board(actor):
        raise PermissionDeniedError("Masuk dulu untuk melihat papan kepatuhan.",
                                    "Sign in to see the compliance board.",
                                    type="sign-in-required")  # fmt: skip
