"""Password rules, argon2id hashing and the upgrade of hashes made with weaker parameters."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session
from tests.people.conftest import PASSWORD

from satudata.auth import SYSTEM
from satudata.errors import InvalidInputError
from satudata.people import passwords
from satudata.people.passwords import hash_password, rehashed, verify_password
from satudata.people.service import authenticate, create_user, get_user


def test_a_hash_verifies_its_password_only() -> None:
    digest = hash_password(PASSWORD)
    assert digest.startswith("$argon2id$")
    assert PASSWORD not in digest
    assert verify_password(digest, PASSWORD)
    assert not verify_password(digest, PASSWORD + "x")
    assert not verify_password("bukan-hash", PASSWORD)


@pytest.mark.parametrize("password", ["", "pendek", "123456789", " " * 12, "x" * 1025])
def test_weak_passwords_are_refused_in_indonesian(password: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        hash_password(password)
    assert caught.value.type == "weak-password"
    assert "Kata sandi" in caught.value.message_id


def test_ten_characters_are_enough() -> None:
    assert verify_password(hash_password("0123456789"), "0123456789")


def test_a_hash_with_weaker_parameters_is_rehashed(monkeypatch: pytest.MonkeyPatch) -> None:
    weak = hash_password(PASSWORD)
    assert rehashed(weak, PASSWORD) is None  # same parameters: nothing to do
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=16,
                                                            parallelism=1))  # fmt: skip
    stronger = rehashed(weak, PASSWORD)
    assert stronger is not None and "t=2" in stronger
    assert verify_password(stronger, PASSWORD)


def test_sign_in_upgrades_an_old_hash(session: Session, monkeypatch: pytest.MonkeyPatch) -> None:
    create_user(session, actor=SYSTEM, email="a@jatimprov.go.id", password=PASSWORD,
                role="custodian")  # fmt: skip
    old = get_user(session, "a@jatimprov.go.id").password_hash
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=2, memory_cost=16,
                                                            parallelism=1))  # fmt: skip
    authenticate(session, "a@jatimprov.go.id", PASSWORD)
    new = get_user(session, "a@jatimprov.go.id").password_hash
    assert new != old and new is not None and "t=2" in new
    authenticate(session, "a@jatimprov.go.id", PASSWORD)  # and it still signs in
