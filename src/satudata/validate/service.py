"""Validation use cases: the registered checks, and a dataset's choice of them."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.auth.policy import require_write
from satudata.catalog.service import get_dataset_row
from satudata.validate.registry import CheckConfig, available_checks


def list_checks() -> list[dict[str, Any]]:
    """Return every registered check with its type, titles, severity and parameters."""
    return [cls.describe() for cls in available_checks().values()]


def set_check_config(
    session: Session, *, actor: Actor, slug: str, check_type: str, change: dict[str, Any]
) -> dict[str, Any]:
    """Switch a check on or off for a dataset, or set its severity and parameters.

    `change` holds any of "enabled", "severity" and the check's parameters; an empty
    change resets the check to its defaults. Return the dataset's whole check settings.
    """
    dataset = get_dataset_row(session, slug, actor=actor)
    require_write(actor, organization=dataset.organization.code)
    clean = CheckConfig.validated(check_type, change)
    checks = dict(dataset.checks or {})
    if clean:
        checks[check_type] = {**checks.get(check_type, {}), **clean}
    else:
        checks.pop(check_type, None)
    dataset.checks = checks  # a new dict, so the JSON column is seen as changed
    session.flush()
    return checks
