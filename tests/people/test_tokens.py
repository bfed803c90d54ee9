"""API tokens: shown once and stored hashed, scoped, expiring, revocable, owned."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.people.conftest import audit_events

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.auth.policy import require_write
from satudata.db.people import ApiToken
from satudata.db.workflow import AuditEvent
from satudata.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from satudata.people.service import create_user, get_user, set_user_active
from satudata.people.tokens import actor_for_token, create_token, list_tokens, revoke_token

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def people(session: Session) -> tuple[Actor, Actor]:
    """Two producers of DINKES, Ani and Budi, as the actors they sign in as."""
    actors = []
    for email in ["ani@dinkes.go.id", "budi@dinkes.go.id"]:
        user = create_user(session, actor=SYSTEM, email=email, role="producer",
                           organization="DINKES")  # fmt: skip
        actors.append(Actor(kind="user", name=email, user_id=user.id,
                            organizations=frozenset({"DINKES"})))  # fmt: skip
    return actors[0], actors[1]


def test_the_secret_is_returned_once_and_only_its_hash_is_stored(
    session: Session, people: tuple[Actor, Actor]
) -> None:
    token, secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id", scope="write",
                                 name="skrip harian")  # fmt: skip
    assert secret.startswith("sd_") and len(secret) > 40
    assert token.prefix == secret[:10] and (token.scope, token.name) == ("write", "skrip harian")
    row = session.scalars(select(ApiToken)).one()
    assert row.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    for event in session.scalars(select(AuditEvent)):
        assert secret not in str(event.before) + str(event.after) + event.target
    assert all("secret" not in t.model_dump() for t in list_tokens(session, actor=SYSTEM))


def test_a_token_acts_as_its_user_with_its_scope(
    session: Session, people: tuple[Actor, Actor]
) -> None:
    _, read_secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id")
    _, write_secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id", scope="write")
    reader = actor_for_token(session, read_secret)
    writer = actor_for_token(session, write_secret)
    assert reader is not None and writer is not None
    assert (reader.name, reader.scope, reader.organizations) == (
        "ani@dinkes.go.id", "read", {"DINKES"})  # fmt: skip
    require_write(writer, organization="DINKES")
    with pytest.raises(PermissionDeniedError):
        require_write(reader, organization="DINKES")


@pytest.mark.parametrize("secret", ["", "sd_tidak-ada", "rahasia-uji", "Bearer sd_x"])
def test_unknown_secrets_give_no_actor(session: Session, secret: str) -> None:
    assert actor_for_token(session, secret) is None


def test_expired_revoked_and_deactivated_tokens_are_refused(
    session: Session, people: tuple[Actor, Actor]
) -> None:
    token, secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id",
                                 expires_days=30, now=T0)  # fmt: skip
    assert token.expires_at == T0 + timedelta(days=30)
    assert actor_for_token(session, secret, now=T0 + timedelta(days=29)) is not None
    assert actor_for_token(session, secret, now=T0 + timedelta(days=30)) is None

    token, secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id")
    revoked = revoke_token(session, actor=SYSTEM, token_id=token.id)
    assert revoked.revoked_at is not None
    assert actor_for_token(session, secret) is None
    event = audit_events(session, "token.revoked")[-1]
    assert (event.actor, event.after["id"]) == ("system", token.id)

    _, secret = create_token(session, actor=SYSTEM, email="budi@dinkes.go.id")
    set_user_active(session, actor=SYSTEM, email="budi@dinkes.go.id", active=False)
    assert actor_for_token(session, secret) is None


def test_use_updates_last_used_at(session: Session, people: tuple[Actor, Actor]) -> None:
    token, secret = create_token(session, actor=SYSTEM, email="ani@dinkes.go.id", now=T0)
    assert token.last_used_at is None
    actor_for_token(session, secret, now=T0 + timedelta(hours=1))
    assert list_tokens(session, actor=SYSTEM)[0].last_used_at == T0 + timedelta(hours=1)


def test_users_manage_their_own_tokens_and_admins_anyones(
    session: Session, people: tuple[Actor, Actor]
) -> None:
    ani, budi = people
    own, _ = create_token(session, actor=ani, email="ani@dinkes.go.id")
    event = audit_events(session, "token.created")[-1]
    assert (event.actor, event.after["prefix"], event.after["scope"]) == (
        "ani@dinkes.go.id", own.prefix, "read")  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        create_token(session, actor=budi, email="ani@dinkes.go.id")
    with pytest.raises(PermissionDeniedError):  # a read-only token cannot make tokens
        create_token(session, actor=Actor(kind="user", name=ani.name, user_id=ani.user_id,
                                          scope="read"), email="ani@dinkes.go.id")  # fmt: skip
    theirs, _ = create_token(session, actor=SYSTEM, email="budi@dinkes.go.id", scope="write")
    assert [t.id for t in list_tokens(session, actor=ani)] == [own.id]
    assert [t.id for t in list_tokens(session, actor=SYSTEM)] == [own.id, theirs.id]
    assert [t.id for t in list_tokens(session, actor=SYSTEM, email="budi@dinkes.go.id")] == [
        theirs.id]  # fmt: skip
    with pytest.raises(PermissionDeniedError):
        list_tokens(session, actor=ani, email="budi@dinkes.go.id")
    with pytest.raises(NotFoundError):  # someone else's token is not even found
        revoke_token(session, actor=ani, token_id=theirs.id)
    assert revoke_token(session, actor=ani, token_id=own.id).revoked_at is not None


def test_invalid_scope_and_expiry_are_refused(
    session: Session, people: tuple[Actor, Actor]
) -> None:
    with pytest.raises(InvalidInputError):
        create_token(session, actor=SYSTEM, email="ani@dinkes.go.id", scope="admin")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError):
        create_token(session, actor=SYSTEM, email="ani@dinkes.go.id", expires_days=0)
    assert get_user(session, "ani@dinkes.go.id").id == people[0].user_id


def test_a_token_without_an_owner_is_the_signed_in_users_own(
    session: Session, people: tuple[Actor, Actor]
) -> None:  # fmt: skip
    ani, _ = people
    own, _ = create_token(session, actor=ani, email=None)
    assert own.email == "ani@dinkes.go.id"
    with pytest.raises(PermissionDeniedError) as denied:
        create_token(session, actor=ANONYMOUS, email=None)
    assert denied.value.message_en == "Sign in to make a token."
    with pytest.raises(InvalidInputError):  # the server's shell names the owner
        create_token(session, actor=SYSTEM, email=None)
    with pytest.raises(PermissionDeniedError):
        list_tokens(session, actor=ANONYMOUS)
