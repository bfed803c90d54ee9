"""Passwords: the rules a new one must meet, argon2id hashing, and verification."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from satudata.errors import InvalidInputError

MIN_LENGTH = 10
MAX_LENGTH = 1024  # argon2 takes any length; a cap keeps a request from costing a lot

# Module-level so tests may swap in a cheaper hasher; argon2-cffi's defaults are RFC 9106's.
HASHER = PasswordHasher()


def check_password_rules(password: str) -> None:
    """Raise unless `password` may be used: 10 to 1,024 characters, not only spaces."""
    if len(password) < MIN_LENGTH:
        raise InvalidInputError(
            f"Kata sandi terlalu pendek: minimal {MIN_LENGTH} karakter.",
            f"The password is too short: at least {MIN_LENGTH} characters.",
            type="weak-password", details={"min_length": MIN_LENGTH},
        )  # fmt: skip
    if len(password) > MAX_LENGTH:
        raise InvalidInputError(
            f"Kata sandi terlalu panjang: maksimal {MAX_LENGTH} karakter.",
            f"The password is too long: at most {MAX_LENGTH} characters.",
            type="weak-password", details={"max_length": MAX_LENGTH},
        )  # fmt: skip
    if not password.strip():
        raise InvalidInputError(
            "Kata sandi tidak boleh hanya berisi spasi.",
            "The password may not consist of spaces only.",
            type="weak-password",
        )  # fmt: skip


def hash_password(password: str) -> str:
    """Check the rules and return the argon2id hash of a new password."""
    check_password_rules(password)
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Is `password` the one `password_hash` was made from?"""
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def rehashed(password_hash: str, password: str) -> str | None:
    """Return a new hash when `password_hash` was made with weaker parameters, else None.

    Call only after `verify_password` succeeded; the password rules are not re-checked
    (a password set under older rules keeps working).
    """
    if HASHER.check_needs_rehash(password_hash):
        return HASHER.hash(password)
    return None


# Verified against when the e-mail is unknown, so a wrong e-mail takes as long as a
# wrong password and response times do not tell which accounts exist.
_DUMMY_HASH: str | None = None


def spend_verification_time(password: str) -> None:
    """Verify `password` against a throw-away hash, discarding the result."""
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = HASHER.hash("satudata-dummy-password")
    verify_password(_DUMMY_HASH, password)
