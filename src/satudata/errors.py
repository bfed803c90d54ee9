"""Domain errors: a stable machine `type`, an Indonesian and an English message.

Services raise these; `satudata.api.errors` maps them to HTTP status codes and the CLI
prints them. Nothing here knows about HTTP.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError


@dataclass
class SatudataError(Exception):
    """Base of every error a user may see."""

    message_id: str
    message_en: str
    type: str = "error"
    details: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.message_en)

    def as_dict(self) -> dict[str, Any]:
        """Return the one error shape used by the API and `--json` output."""
        return {
            "type": self.type,
            "message": self.message_id,
            "message_en": self.message_en,
            **({"details": self.details} if self.details else {}),
        }


class NotFoundError(SatudataError):
    """A named thing (dataset, organization, version) does not exist."""


class ConflictError(SatudataError):
    """The request conflicts with existing state (a duplicate slug or code)."""


class InvalidInputError(SatudataError):
    """A request parameter is malformed (an unknown column, a bad filter)."""


class IngestError(SatudataError):
    """A file could not become a version; `details` carries the report."""


class PermissionDeniedError(SatudataError):
    """The actor may not do this."""


def not_found(thing_id: str, thing_en: str, key: str) -> NotFoundError:
    """Build a NotFoundError for a thing named in both languages."""
    return NotFoundError(
        f"{thing_id} '{key}' tidak ditemukan.",
        f"{thing_en} '{key}' was not found.",
        type="not-found",
        details={"key": key},
    )


def invalid_input(
    error: ValidationError, *, cls: type[SatudataError] | None = None, type: str = "invalid-input"
) -> SatudataError:
    """Turn values a model refused (a too-short OPD code, a bad slug) into a domain error."""
    problems = [
        {"location": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
        for e in error.errors()
    ]
    where = ", ".join(p["location"] for p in problems)
    return (cls or InvalidInputError)(
        f"Nilai tidak sah untuk: {where}.", f"Invalid value for: {where}.",
        type=type, details={"errors": problems},
    )  # fmt: skip
