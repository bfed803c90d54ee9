"""Password sign-in: one error for unknown e-mail and wrong password, and rate limiting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.people.conftest import PASSWORD, audit_events

from satudata.auth import SYSTEM
from satudata.db.people import LoginFailure
from satudata.db.session import session_scope
from satudata.errors import PermissionDeniedError
from satudata.people.service import authenticate, create_user, get_user, set_user_active
from satudata.runtime import Runtime

EMAIL = "budi@dinkes.go.id"
T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture
def budi(session: Session) -> Session:
    create_user(session, actor=SYSTEM, email=EMAIL, password=PASSWORD, role="producer",
                organization="DINKES")  # fmt: skip
    return session


def refused(session: Session, email: str, password: str, now: datetime) -> str:
    with pytest.raises(PermissionDeniedError) as caught:
        authenticate(session, email, password, now=now)
    return caught.value.type


def test_sign_in_returns_the_users_actor_and_is_audited(budi: Session) -> None:
    actor = authenticate(budi, "Budi@Dinkes.go.id", PASSWORD, now=T0)
    assert (actor.kind, actor.name, actor.organizations) == ("user", EMAIL, {"DINKES"})
    assert get_user(budi, EMAIL).last_login_at is not None
    event = audit_events(budi, "user.login")[-1]
    assert (event.actor, event.actor_user_id, event.target) == (EMAIL, actor.user_id, EMAIL)


def test_unknown_email_and_wrong_password_look_the_same(budi: Session) -> None:
    errors = []
    for email, password in [(EMAIL, "salah-sekali-123"), ("siapa@dinkes.go.id", PASSWORD)]:
        with pytest.raises(PermissionDeniedError) as caught:
            authenticate(budi, email, password, now=T0)
        errors.append(caught.value.as_dict())
    assert errors[0] == errors[1]
    assert errors[0]["type"] == "invalid-credentials"


def test_five_failures_lock_the_email_for_fifteen_minutes(budi: Session) -> None:
    for minute in range(5):
        assert refused(budi, EMAIL, "salah-sekali-123", T0 + timedelta(minutes=minute)) == (
            "invalid-credentials")  # fmt: skip
    last = T0 + timedelta(minutes=4)
    with pytest.raises(PermissionDeniedError) as caught:  # even the right password
        authenticate(budi, EMAIL, PASSWORD, now=last + timedelta(minutes=1))
    assert caught.value.type == "too-many-attempts"
    assert caught.value.details["retry_after_seconds"] == 14 * 60
    assert "menit" in caught.value.message_id
    assert refused(budi, EMAIL, PASSWORD, last + timedelta(minutes=14, seconds=59)) == (
        "too-many-attempts")  # fmt: skip
    actor = authenticate(budi, EMAIL, PASSWORD, now=last + timedelta(minutes=15))
    assert actor.name == EMAIL
    # A success clears the count: one more failure does not lock again.
    assert refused(budi, EMAIL, "salah", last + timedelta(minutes=16)) == "invalid-credentials"
    authenticate(budi, EMAIL, PASSWORD, now=last + timedelta(minutes=17))


def test_failures_spread_over_more_than_the_window_do_not_lock(budi: Session) -> None:
    for minute in [0, 4, 8, 12, 16, 20]:  # never 5 within 15 minutes
        refused(budi, EMAIL, "salah", T0 + timedelta(minutes=minute))
    assert authenticate(budi, EMAIL, PASSWORD, now=T0 + timedelta(minutes=21)).name == EMAIL


def test_an_unknown_email_is_rate_limited_too(budi: Session) -> None:
    for _ in range(5):
        refused(budi, "siapa@dinkes.go.id", "salah", T0)
    assert refused(budi, "siapa@dinkes.go.id", "salah", T0) == "too-many-attempts"
    assert authenticate(budi, EMAIL, PASSWORD, now=T0).name == EMAIL  # others are not locked


def test_failures_count_even_when_the_callers_transaction_rolls_back(runtime: Runtime) -> None:
    with session_scope(runtime.sessions) as session:
        create_user(session, actor=SYSTEM, email=EMAIL, password=PASSWORD, role="leader")
    with pytest.raises(PermissionDeniedError), session_scope(runtime.sessions) as session:
        authenticate(session, EMAIL, "salah", now=T0)
    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(LoginFailure)) == 1


def test_inactive_users_and_accounts_without_password_are_refused(budi: Session) -> None:
    create_user(budi, actor=SYSTEM, email="sso@jatimprov.go.id", role="leader")  # no password
    assert refused(budi, "sso@jatimprov.go.id", "", T0) == "invalid-credentials"
    set_user_active(budi, actor=SYSTEM, email=EMAIL, active=False)
    assert refused(budi, EMAIL, PASSWORD, T0) == "account-disabled"
