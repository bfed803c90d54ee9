"""The permission policy, asked directly: every role, every access level, every rule.

The tables below are the specification: `ALLOWED[rule][access level]` is the set of roles
the policy lets through for a dataset of DINKES with that access level. Rules that do not
depend on the access level name one set, and are checked on every level anyway.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace

import pytest

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.auth.policy import (
    can_read,
    can_read_organization_items,
    can_read_version,
    can_see_all_tokens,
    can_see_all_users,
    can_see_job,
    can_see_tokens_of,
    can_use_desk,
    can_use_workspace,
    decides_as_pembina,
    is_reviewer,
    publishes_on_upload,
    read_scope,
    readable_access_levels,
    reads_as_pembina,
    reads_every_organization,
    require_account_admin,
    require_audit_reader,
    require_board_reader,
    require_commenter,
    require_data_list_maintainer,
    require_desk_user,
    require_organization_creator,
    require_password_setter,
    require_publisher,
    require_reviewer,
    require_signed_in,
    require_steward,
    require_token_manager,
    require_token_reader,
    require_upload_reader,
    require_user_admin,
    require_user_lister,
    require_write,
    roles_waited_for,
)
from satudata.errors import PermissionDeniedError

OPD = "DINKES"  # owns the dataset every rule is asked about
LEVELS = ("terbuka", "terbatas", "tertutup")


def _user(user_id: int, name: str, *, roles: Iterable[str] = (),
          organizations: Iterable[str] = (), org_admin_of: Iterable[str] = ()) -> Actor:  # fmt: skip
    return Actor(kind="user", name=name, user_id=user_id, roles=frozenset(roles),
                 organizations=frozenset(organizations), org_admin_of=frozenset(org_admin_of))  # fmt: skip


ACTORS: dict[str, Actor] = {
    "producer": _user(1, "op@dinkes", organizations={"DINKES"}),
    "other-opd": _user(2, "op@disdik", organizations={"DISDIK"}),
    "org-admin": _user(3, "admin@dinkes", organizations={"DINKES"}, org_admin_of={"DINKES"}),
    "custodian": _user(4, "walidata@kominfo", roles={"custodian"}),
    "delegate": _user(5, "pendukung@kominfo", roles={"custodian_delegate"}),
    "steward": _user(6, "pembina@bps", roles={"steward"}),
    "leader": _user(7, "sekda@jatim", roles={"leader"}),
    "admin": _user(8, "admin@kominfo", roles={"admin"}),
    "anonymous": ANONYMOUS,
}
EVERYONE = frozenset(ACTORS)
OWNERS_AND_READERS = {"producer", "org-admin", "custodian", "delegate", "leader", "admin"}

ALLOWED: dict[str, dict[str, set[str]] | set[str]] = {
    "read": {
        "terbuka": set(EVERYONE),
        "terbatas": set(EVERYONE - {"anonymous"}),
        "tertutup": OWNERS_AND_READERS,
    },
    "read-publication": {
        "terbuka": set(EVERYONE),
        "terbatas": set(EVERYONE - {"anonymous"}),
        "tertutup": OWNERS_AND_READERS,
    },
    "read-draft": OWNERS_AND_READERS,
    "read-in-pembina-review": {level: OWNERS_AND_READERS | {"steward"} for level in LEVELS},
    # a version the pembina decided on (approved or returned), then published or not
    "read-past-pembina": {level: OWNERS_AND_READERS | {"steward"} for level in LEVELS},
    # a publication of a tertutup dataset, while a later version waits for the pembina
    "read-publication-not-before-pembina": {
        "terbuka": set(EVERYONE),
        "terbatas": set(EVERYONE - {"anonymous"}),
        "tertutup": OWNERS_AND_READERS,
    },
    # a tertutup dataset none of whose versions came before the pembina: closed to it
    "read-never-before-pembina": {
        "terbuka": set(EVERYONE),
        "terbatas": set(EVERYONE - {"anonymous"}),
        "tertutup": OWNERS_AND_READERS,
    },
    "reads-as-pembina": {"steward", "admin"},
    "use-desk": {"custodian", "delegate", "steward", "admin"},
    "use-workspace": {"producer", "other-opd", "org-admin", "admin"},
    "write": {"producer", "org-admin", "admin"},
    "see-upload": {"producer", "org-admin", "admin"},
    "comment": {"producer", "org-admin", "custodian", "delegate", "steward", "admin"},
    "review": {"custodian", "delegate", "admin"},
    "is-reviewer": {"custodian", "delegate", "admin"},
    "publish": {"custodian", "admin"},
    "steward-review": {"steward", "admin"},
    "read-audit": {"custodian", "delegate", "admin"},
    "add-producer-to-opd": {"org-admin", "admin"},
    "add-org-admin-to-opd": {"admin"},
    "grant-custodian": {"admin"},
    "list-users-of-opd": {"org-admin", "admin"},
    "list-all-users": {"org-admin", "admin"},  # an org admin sees only their OPDs' people
    "see-all-users": {"admin"},
    "manage-accounts": {"admin"},
    "see-all-tokens": {"admin"},
    "add-organization": {"admin"},
    "publish-on-upload": {"admin"},
    "maintain-data-list": {"custodian", "delegate", "admin"},
    "read-every-opds-items": {"custodian", "delegate", "leader", "admin"},
    "read-opds-items": OWNERS_AND_READERS,
    "read-board": set(EVERYONE - {"anonymous"}),
}

Decision = Callable[[Actor, str], bool]


def passes(check: Callable[..., None], actor: Actor, **kwargs: object) -> bool:
    """Return whether a `require_*` check lets `actor` through (and denies cleanly)."""
    try:
        check(actor, **kwargs)
    except PermissionDeniedError as error:
        assert error.type == "permission-denied"
        assert error.message_id and error.message_en and error.message_id != error.message_en
        return False
    return True


def signed_in_passes(check: Callable[..., None], actor: Actor) -> bool:
    """Return whether a check that asks anonymous visitors to sign in lets `actor` through."""
    try:
        check(actor)
    except PermissionDeniedError as error:
        assert error.type == "sign-in-required"
        return False
    return True


def _version(state: str, *, before_pembina: bool = False, dataset_before_pembina: bool = False
             ) -> Decision:  # fmt: skip
    """Read a version of a DINKES dataset: the dataset first, then the version."""

    def decide(actor: Actor, level: str) -> bool:
        dataset = before_pembina or dataset_before_pembina or state == "pembina_review"
        return can_read(actor, access_level=level, organization=OPD,
                        before_pembina=dataset) and can_read_version(
            actor, state=state, organization=OPD, access_level=level,
            before_pembina=before_pembina)  # fmt: skip

    return decide


def _grant(organization: str | None, role: str) -> Decision:
    return lambda actor, _: passes(require_user_admin, actor, organization=organization, role=role)


DECISIONS: dict[str, Decision] = {
    "read": lambda a, level: can_read(a, access_level=level, organization=OPD),
    "read-publication": _version("published"),
    "read-draft": _version("draft"),
    "read-in-pembina-review": _version("pembina_review"),
    "read-past-pembina": _version("approved", before_pembina=True),
    "read-publication-not-before-pembina": _version("published", dataset_before_pembina=True),
    "read-never-before-pembina": lambda a, level: can_read(a, access_level=level, organization=OPD),
    "reads-as-pembina": lambda a, _: reads_as_pembina(a),
    "use-desk": lambda a, _: can_use_desk(a) and passes(require_desk_user, a),
    "use-workspace": lambda a, _: can_use_workspace(a),
    "write": lambda a, _: passes(require_write, a, organization=OPD),
    "see-upload": lambda a, _: passes(require_upload_reader, a, organization=OPD),
    "comment": lambda a, _: passes(require_commenter, a, organization=OPD),
    "review": lambda a, _: passes(require_reviewer, a),
    "is-reviewer": lambda a, _: is_reviewer(a),
    "publish": lambda a, _: passes(require_publisher, a),
    "steward-review": lambda a, _: passes(require_steward, a),
    "read-audit": lambda a, _: passes(require_audit_reader, a),
    "add-producer-to-opd": _grant(OPD, "producer"),
    "add-org-admin-to-opd": _grant(OPD, "org_admin"),
    "grant-custodian": _grant(None, "custodian"),
    "list-users-of-opd": lambda a, _: passes(require_user_lister, a, organization=OPD),
    "list-all-users": lambda a, _: passes(require_user_lister, a, organization=None),
    "see-all-users": lambda a, _: can_see_all_users(a),
    "manage-accounts": lambda a, _: passes(require_account_admin, a),
    "see-all-tokens": lambda a, _: can_see_all_tokens(a),
    "add-organization": lambda a, _: passes(require_organization_creator, a),
    "publish-on-upload": lambda a, _: publishes_on_upload(a),
    "maintain-data-list": lambda a, _: passes(require_data_list_maintainer, a),
    "read-every-opds-items": lambda a, _: reads_every_organization(a),
    "read-opds-items": lambda a, _: can_read_organization_items(a, OPD),
    "read-board": lambda a, _: signed_in_passes(require_board_reader, a),
}
# Rules that change something: a read-only token passes none of them.
CHANGES = ("write", "comment", "review", "is-reviewer", "publish", "steward-review", "use-desk",
           "add-producer-to-opd", "add-org-admin-to-opd", "grant-custodian",
           "manage-accounts", "add-organization", "publish-on-upload",
           "maintain-data-list")  # fmt: skip


def expected(rule: str, level: str) -> set[str]:
    allowed = ALLOWED[rule]
    return allowed[level] if isinstance(allowed, dict) else allowed


def test_every_rule_has_a_decision() -> None:
    assert set(ALLOWED) == set(DECISIONS)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rule", sorted(ALLOWED))
def test_who_passes_each_rule_on_each_access_level(rule: str, level: str) -> None:
    allowed = {role for role, actor in ACTORS.items() if DECISIONS[rule](actor, level)}
    assert allowed == expected(rule, level)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rule", sorted(ALLOWED))
def test_the_servers_own_shell_passes_every_rule(rule: str, level: str) -> None:
    assert DECISIONS[rule](SYSTEM, level)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rule", CHANGES)
def test_a_read_only_token_changes_nothing_whoever_holds_it(rule: str, level: str) -> None:
    readers = {role: replace(actor, scope="read") for role, actor in ACTORS.items()}
    assert {role for role, actor in readers.items() if DECISIONS[rule](actor, level)} == set()
    assert not DECISIONS[rule](replace(SYSTEM, scope="read"), level)


@pytest.mark.parametrize("level", LEVELS)
@pytest.mark.parametrize("rule", ["read", "read-draft", "read-publication", "see-all-users"])
def test_a_read_only_token_still_reads(rule: str, level: str) -> None:
    readers = {role: replace(actor, scope="read") for role, actor in ACTORS.items()}
    allowed = {role for role, actor in readers.items() if DECISIONS[rule](actor, level)}
    assert allowed == expected(rule, level)


@pytest.mark.parametrize(("role", "levels"), [
    ("anonymous", {"terbuka"}),
    ("producer", {"terbuka", "terbatas"}),  # its own OPD's tertutup data: see can_read
    ("other-opd", {"terbuka", "terbatas"}),
    ("steward", {"terbuka", "terbatas"}),
    ("custodian", set(LEVELS)),
    ("delegate", set(LEVELS)),
    ("leader", set(LEVELS)),
    ("admin", set(LEVELS)),
])  # fmt: skip
def test_readable_access_levels_in_every_opd(role: str, levels: set[str]) -> None:
    assert readable_access_levels(ACTORS[role]) == levels


def test_a_producer_reads_only_its_own_opds_tertutup_data() -> None:
    producer = ACTORS["producer"]
    assert can_read(producer, access_level="tertutup", organization="DINKES")
    assert not can_read(producer, access_level="tertutup", organization="DISDIK")
    assert not passes(require_write, producer, organization="DISDIK")
    assert not passes(require_upload_reader, producer, organization="DISDIK")


@pytest.mark.parametrize("role", sorted(ACTORS))
def test_the_pembina_reads_tertutup_data_only_once_put_before_it(role: str) -> None:
    actor = ACTORS[role]
    plain = can_read(actor, access_level="tertutup", organization="DISDIK")
    before = can_read(actor, access_level="tertutup", organization="DISDIK", before_pembina=True)
    assert before == (plain or role == "steward")
    if role == "steward":
        assert not plain  # the pembina reads no other tertutup data
        # of such a dataset: the versions before it, not an earlier publication
        assert can_read_version(actor, state="published", organization="DISDIK",
                                access_level="tertutup", before_pembina=True)  # fmt: skip
        assert not can_read_version(actor, state="published", organization="DISDIK",
                                    access_level="tertutup")  # fmt: skip
        assert not can_read_version(actor, state="draft", organization="DISDIK",
                                    access_level="terbuka")  # fmt: skip


@pytest.mark.parametrize("role", sorted(ACTORS))
def test_the_read_scope_a_query_filters_on_agrees_with_can_read(role: str) -> None:
    scope = read_scope(ACTORS[role])
    for level in LEVELS:
        for organization in ("DINKES", "DISDIK"):
            for before in (False, True):
                facts = {"access_level": level, "organization": organization,
                         "before_pembina": before}  # fmt: skip
                assert scope.admits(**facts) == can_read(ACTORS[role], **facts)  # type: ignore[arg-type]


@pytest.mark.parametrize(("role", "pembina"), [
    ("steward", True), ("custodian", False), ("admin", False), ("producer", False),
    ("anonymous", False),
])  # fmt: skip
def test_only_the_pembina_itself_decides_as_pembina(role: str, pembina: bool) -> None:
    assert decides_as_pembina(ACTORS[role]) is pembina
    both = replace(ACTORS["steward"], roles=frozenset({"steward", "custodian"}))
    assert not decides_as_pembina(both)


@pytest.mark.parametrize(("state", "roles"), [
    ("submitted", {"custodian", "custodian_delegate"}),
    ("pembina_review", {"steward"}),
    ("returned", set()),
    ("approved", set()),
    ("published", set()),
])  # fmt: skip
def test_the_reviewers_whose_turn_it_is_are_told(state: str, roles: set[str]) -> None:
    assert roles_waited_for(state) == roles


def test_a_job_is_followed_by_whoever_started_it_and_administrators() -> None:
    producer, custodian = ACTORS["producer"], ACTORS["custodian"]
    assert can_see_job(producer, owner_id=producer.user_id)
    assert not can_see_job(custodian, owner_id=producer.user_id)
    assert can_see_job(ACTORS["admin"], owner_id=producer.user_id)
    assert not can_see_job(ACTORS["anonymous"], owner_id=None)


def test_an_upload_that_reached_no_opd_is_for_administrators_only() -> None:
    allowed = {role for role, a in ACTORS.items()
               if passes(require_upload_reader, a, organization=None)}  # fmt: skip
    assert allowed == {"admin"}
    assert passes(require_upload_reader, SYSTEM, organization=None)


def test_an_org_admin_manages_only_producers_of_its_own_opds() -> None:
    org_admin = ACTORS["org-admin"]
    assert passes(require_user_admin, org_admin, organization="DINKES", role="producer")
    assert not passes(require_user_admin, org_admin, organization="DISDIK", role="producer")
    assert not passes(require_user_lister, org_admin, organization="DISDIK")
    assert passes(require_user_lister, org_admin, organization="")  # no filter: its OPDs


OWN, OTHER = 1, 2  # user ids: the producer's own, and someone else's


@pytest.mark.parametrize(("role", "own", "other"), [
    ("producer", True, False),
    ("other-opd", False, True),  # user 2: the other OPD's producer is the owner here
    ("custodian", False, False),
    ("admin", True, True),
    ("anonymous", False, False),
])  # fmt: skip
def test_tokens_are_managed_by_their_owner_or_an_administrator(
    role: str, own: bool, other: bool
) -> None:  # fmt: skip
    actor = ACTORS[role]
    for owner_id, allowed in [(OWN, own), (OTHER, other)]:
        assert passes(require_token_manager, actor, owner_id=owner_id) is allowed
        assert passes(require_token_reader, actor, owner_id=owner_id) is allowed
        assert can_see_tokens_of(actor, owner_id=owner_id) is allowed


def test_a_read_only_token_lists_tokens_but_makes_or_revokes_none() -> None:
    reader = replace(ACTORS["producer"], scope="read")
    assert passes(require_token_reader, reader, owner_id=OWN)
    assert can_see_tokens_of(reader, owner_id=OWN)
    assert not passes(require_token_manager, reader, owner_id=OWN)
    assert not passes(require_token_manager, replace(ACTORS["admin"], scope="read"),
                      owner_id=OTHER)  # fmt: skip


@pytest.mark.parametrize(("role", "allowed"), [
    ("producer", True), ("custodian", True), ("admin", True), ("anonymous", False),
])  # fmt: skip
def test_listing_ones_own_tokens_needs_an_account(role: str, allowed: bool) -> None:
    assert passes(require_token_reader, ACTORS[role], owner_id=None) is allowed
    assert passes(require_token_reader, SYSTEM, owner_id=None)


@pytest.mark.parametrize(("role", "own", "other"), [
    ("producer", True, False),
    ("org-admin", False, False),
    ("custodian", False, False),
    ("admin", True, True),
    ("anonymous", False, False),
])  # fmt: skip
def test_a_password_is_set_by_its_owner_or_an_administrator(
    role: str, own: bool, other: bool
) -> None:  # fmt: skip
    actor = ACTORS[role]
    assert passes(require_password_setter, actor, user_id=OWN) is own
    assert passes(require_password_setter, actor, user_id=OTHER) is other
    assert not passes(require_password_setter, replace(actor, scope="read"), user_id=OWN)


def test_signing_in_is_asked_for_by_name() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        require_signed_in(ANONYMOUS, to_id="membuat token", to_en="make a token")
    assert (caught.value.message_id, caught.value.message_en) == (
        "Masuk terlebih dahulu untuk membuat token.", "Sign in to make a token.")  # fmt: skip
    for actor in (ACTORS["producer"], ACTORS["admin"], SYSTEM):
        require_signed_in(actor, to_id="membuat token", to_en="make a token")


def test_a_denial_names_the_opd_in_both_languages() -> None:
    with pytest.raises(PermissionDeniedError) as caught:
        require_write(ACTORS["other-opd"], organization="DINKES")
    assert caught.value.message_id == "Anda tidak berhak mengubah data milik DINKES."
    assert caught.value.message_en == "You may not change data of DINKES."
