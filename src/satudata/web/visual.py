"""(being built) Charts and maps of a dataset: the chart builder and the kab/kota map."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
RULES: dict[tuple[str, str], str] = {}


def panels(*_: Any, **__: Any) -> dict[str, Any]:
    """Return the chart and map context of a dataset page (none yet)."""
    return {}
