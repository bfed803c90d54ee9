"""Web sessions: a 12-hour secret with a CSRF token, stored hashed, ended on sign-out."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session
from tests.people.conftest import PASSWORD

from satudata.auth import SYSTEM
from satudata.db.people import WebSession
from satudata.errors import InvalidInputError
from satudata.people.service import authenticate, create_user, set_user_active
from satudata.people.sessions import actor_for_session, end_session, start_session

T0 = datetime(2025, 3, 1, 8, 0, tzinfo=UTC)


def test_a_session_lasts_twelve_hours_and_ends_on_sign_out(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@dinkes.go.id", password=PASSWORD,
                role="producer", organization="DINKES")  # fmt: skip
    actor = authenticate(session, "a@dinkes.go.id", PASSWORD, now=T0)
    secret, csrf = start_session(session, actor, now=T0)
    assert secret != csrf
    assert session.scalars(select(WebSession.token_hash)).one() != secret
    assert actor_for_session(session, secret, now=T0 + timedelta(hours=11)) == (actor, csrf)
    assert actor_for_session(session, secret, now=T0 + timedelta(hours=12)) is None
    assert actor_for_session(session, "tebakan", now=T0) is None
    end_session(session, secret)
    assert actor_for_session(session, secret, now=T0) is None


def test_roles_changed_after_sign_in_apply_at_once(session: Session) -> None:
    create_user(session, actor=SYSTEM, email="a@dinkes.go.id", password=PASSWORD,
                role="producer", organization="DINKES")  # fmt: skip
    secret, _ = start_session(session, authenticate(session, "a@dinkes.go.id", PASSWORD))
    set_user_active(session, actor=SYSTEM, email="a@dinkes.go.id", active=False)
    assert actor_for_session(session, secret) is None


def test_only_users_get_sessions(session: Session) -> None:
    with pytest.raises(InvalidInputError):
        start_session(session, SYSTEM)
