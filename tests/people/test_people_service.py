"""Users and roles: who may create whom, e-mail and role rules, listing, and the audit log."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session
from tests.people.conftest import PASSWORD, audit_events

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from satudata.people.service import (
    actor_for_user,
    create_user,
    get_user,
    grant_role,
    list_users,
    revoke_role,
    set_password,
    set_user_active,
)

DINKES_ADMIN = Actor(kind="user", name="admin@dinkes.go.id", organizations=frozenset({"DINKES"}),
                     org_admin_of=frozenset({"DINKES"}), user_id=None)  # fmt: skip
PRODUCER = Actor(kind="user", name="op@dinkes.go.id", organizations=frozenset({"DINKES"}))


def test_create_user_normalises_the_email_and_is_audited(session: Session) -> None:
    user = create_user(session, actor=SYSTEM, email="  Budi@Dinkes.JatimProv.go.id ",
                       name="Budi", password=PASSWORD, role="producer", organization="DINKES")  # fmt: skip
    assert user.email == "budi@dinkes.jatimprov.go.id"
    assert [(r.role, r.organization) for r in user.roles] == [("producer", "DINKES")]
    assert user.has_password and user.is_active
    created, granted = audit_events(session)[-2:]
    assert (created.action, created.actor, created.target) == (
        "user.created", "system", "budi@dinkes.jatimprov.go.id")  # fmt: skip
    assert created.after["role"] == "producer" and PASSWORD not in str(created.after)
    assert (granted.action, granted.after) == ("role.granted",
                                               {"role": "producer", "organization": "DINKES"})  # fmt: skip
    assert created.organization_id is not None


@pytest.mark.parametrize(("role", "organization", "error_type"), [
    ("producer", None, "organization-required"),
    ("org_admin", None, "organization-required"),
    ("custodian", "DINKES", "organization-not-allowed"),
    ("admin", "DINKES", "organization-not-allowed"),
    ("boss", None, "unknown-role"),
])  # fmt: skip
def test_roles_and_opd_codes_must_match(session: Session, role: str, organization: str | None,
                                        error_type: str) -> None:  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        create_user(session, actor=SYSTEM, email="x@jatimprov.go.id", role=role,
                    organization=organization)  # fmt: skip
    assert caught.value.type == error_type


def test_a_second_account_for_the_same_email_conflicts(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", role="leader")
    with pytest.raises(ConflictError) as caught:
        create_user(session, actor=SYSTEM, email="A@JATIMPROV.GO.ID", role="steward")
    assert caught.value.type == "user-exists"


@pytest.mark.parametrize("email", ["", "tanpa-at", "a@b", "a b@c.id"])
def test_malformed_emails_are_refused(session: Session, email: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        create_user(session, actor=SYSTEM, email=email, role="leader")
    assert caught.value.type == "invalid-email"


def test_an_unknown_opd_is_not_found(session: Session) -> None:
    with pytest.raises(NotFoundError):
        create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", role="producer",
                    organization="TIDAKADA")  # fmt: skip


def test_an_opd_admin_adds_producers_to_their_own_opd_only(session: Session) -> None:
    user = create_user(session, actor=DINKES_ADMIN, email="op@dinkes.go.id", role="producer",
                       organization="DINKES")  # fmt: skip
    assert audit_events(session, "user.created")[-1].actor == "admin@dinkes.go.id"
    assert user.roles[0].organization == "DINKES"
    for role, org in [("producer", "DISDIK"), ("org_admin", "DINKES"), ("custodian", None)]:
        with pytest.raises(PermissionDeniedError):
            create_user(session, actor=DINKES_ADMIN, email="b@dinkes.go.id", role=role,
                        organization=org)  # fmt: skip


@pytest.mark.parametrize("actor", [
    PRODUCER, Actor(kind="anonymous"), Actor(kind="system", roles=frozenset({"admin"}), scope="read"),
    Actor(kind="user", name="w@jatimprov.go.id", roles=frozenset({"custodian"})),
])  # fmt: skip
def test_others_may_not_create_users(session: Session, actor: Actor) -> None:
    with pytest.raises(PermissionDeniedError):
        create_user(session, actor=actor, email="b@dinkes.go.id", role="producer",
                    organization="DINKES")  # fmt: skip


def test_grant_and_revoke_roles_are_audited_with_before_and_after(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", role="producer",
                organization="DINKES")  # fmt: skip
    user = grant_role(session, actor=SYSTEM, email="A@jatimprov.go.id", role="steward")
    assert {(r.role, r.organization) for r in user.roles} == {("producer", "DINKES"),
                                                             ("steward", None)}  # fmt: skip
    grant_role(session, actor=SYSTEM, email="a@jatimprov.go.id", role="steward")  # no change
    assert len(audit_events(session, "role.granted")) == 2  # the first role and steward
    event = audit_events(session, "role.granted")[-1]
    assert event.before == {"roles": [{"role": "producer", "organization": "DINKES"}]}
    assert event.after["role"] == "steward"

    user = revoke_role(session, actor=SYSTEM, email="a@jatimprov.go.id", role="producer",
                       organization="DINKES")  # fmt: skip
    assert [(r.role, r.organization) for r in user.roles] == [("steward", None)]
    revoked = audit_events(session, "role.revoked")[-1]
    assert revoked.after["roles"] == [{"role": "steward", "organization": None}]
    with pytest.raises(NotFoundError):
        revoke_role(session, actor=SYSTEM, email="a@jatimprov.go.id", role="producer",
                    organization="DINKES")  # fmt: skip


def test_actor_for_user_maps_roles_and_opds(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", role="producer",
                organization="DINKES")  # fmt: skip
    grant_role(session, actor=SYSTEM, email="a@jatimprov.go.id", role="org_admin",
               organization="DISDIK")  # fmt: skip
    grant_role(session, actor=SYSTEM, email="a@jatimprov.go.id", role="steward")
    user = get_user(session, "a@jatimprov.go.id")
    actor = actor_for_user(session, user)
    assert (actor.kind, actor.name, actor.user_id, actor.scope) == (
        "user", "a@jatimprov.go.id", user.id, "write")  # fmt: skip
    assert actor.roles == {"steward"}
    assert actor.organizations == {"DINKES", "DISDIK"}
    assert actor.org_admin_of == {"DISDIK"}
    assert actor_for_user(session, user, scope="read").scope == "read"


def test_admins_list_everyone_and_opd_admins_their_opd(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@dinkes.go.id", role="producer",
                organization="DINKES")  # fmt: skip
    create_user(session, actor=SYSTEM, email="b@disdik.go.id", role="producer",
                organization="DISDIK")  # fmt: skip
    create_user(session, actor=SYSTEM, email="w@jatimprov.go.id", role="custodian")
    everyone = list_users(session, actor=SYSTEM)
    assert everyone.count == 3
    assert [u.email for u in everyone.data] == ["a@dinkes.go.id", "b@disdik.go.id",
                                                "w@jatimprov.go.id"]  # fmt: skip
    assert [u.email for u in list_users(session, actor=SYSTEM, organization="DISDIK").data] == [
        "b@disdik.go.id"]  # fmt: skip
    assert [u.email for u in list_users(session, actor=DINKES_ADMIN).data] == ["a@dinkes.go.id"]
    with pytest.raises(PermissionDeniedError):
        list_users(session, actor=DINKES_ADMIN, organization="DISDIK")
    with pytest.raises(PermissionDeniedError):
        list_users(session, actor=PRODUCER)


def test_deactivation_is_audited(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", role="leader")
    user = set_user_active(session, actor=SYSTEM, email="a@jatimprov.go.id", active=False)
    assert not user.is_active
    assert audit_events(session, "user.deactivated")[-1].after == {"is_active": False}
    with pytest.raises(PermissionDeniedError):
        set_user_active(session, actor=DINKES_ADMIN, email="a@jatimprov.go.id", active=True)


def test_a_password_is_set_by_its_owner_or_an_administrator(session: Session) -> None:
    from satudata.people.passwords import verify_password

    user = create_user(session, actor=SYSTEM, email="ani@dinkes.go.id", role="producer",
                       organization="DINKES")  # fmt: skip
    ani = Actor(kind="user", name=user.email, user_id=user.id, organizations=frozenset({"DINKES"}))
    set_password(session, actor=ani, email=user.email, password="sandi-baru-ani")
    assert verify_password(get_user(session, user.email).password_hash or "", "sandi-baru-ani")
    set_password(session, actor=SYSTEM, email=user.email, password="sandi-dari-admin")
    assert [e.actor for e in audit_events(session, "user.password-changed")] == [
        "ani@dinkes.go.id", "system"]  # fmt: skip
    read_only = Actor(kind="user", name=user.email, user_id=user.id, scope="read")
    for refused in (DINKES_ADMIN, PRODUCER, ANONYMOUS, read_only):
        with pytest.raises(PermissionDeniedError) as caught:
            set_password(session, actor=refused, email=user.email, password="sandi-orang-lain")
        assert caught.value.message_id == "Anda tidak berhak mengganti kata sandi pengguna ini."
    assert verify_password(get_user(session, user.email).password_hash or "", "sandi-dari-admin")
