"""Checks and where they come from: entry points of the group `satudata.checks`.

The built-in checks are declared in satudata's own pyproject.toml, the same way a plugin
package declares its checks, so a plugin needs nothing that the built-ins do not use:

    [project.entry-points."satudata.checks"]
    nilai-tidak-nol = "paket_saya.checks:NilaiTidakNol"

A dataset switches checks on or off and sets their parameters and severity through a
`CheckConfig` stored with it (see `catalog.service.set_check_config`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib.metadata import entry_points
from typing import Any, ClassVar, Literal

from satudata.errors import InvalidInputError
from satudata.validate.context import CheckContext
from satudata.validate.report import Finding, FindingQuery, SchemaProposal, Severity

ENTRY_POINT_GROUP = "satudata.checks"
_KEBAB = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

Stage = Literal["structure", "rows"]


class Check:
    """One kind of problem to look for. Subclasses set the class attributes and `run`."""

    type: ClassVar[str]  # stable kebab-case id, used in reports and configuration
    title: ClassVar[str]  # Indonesian, one line
    title_en: ClassVar[str]
    severity: ClassVar[Severity] = "error"
    stage: ClassVar[Stage] = "rows"  # "structure": needs only the file's columns
    mandatory: ClassVar[bool] = False  # may not be switched off (the table needs it)
    params: ClassVar[dict[str, Any]] = {}  # parameter name -> default value

    def run(
        self, ctx: CheckContext, params: dict[str, Any]
    ) -> Iterable[Finding | FindingQuery | SchemaProposal]:
        """Yield findings, queries that find them, or a proposed schema change."""
        raise NotImplementedError

    @classmethod
    def param_error(cls, name: str, value: Any) -> str | None:
        """Return what a parameter must be when `value` will not do; None when it will."""
        return None

    @classmethod
    def describe(cls) -> dict[str, Any]:
        """Return what the API lists about this check."""
        return {"type": cls.type, "title": cls.title, "title_en": cls.title_en,
                "severity": cls.severity, "stage": cls.stage, "mandatory": cls.mandatory,
                "params": dict(cls.params)}  # fmt: skip


@cache
def available_checks() -> dict[str, type[Check]]:
    """Return every registered check by type, built-in or from a plugin."""
    found: dict[str, type[Check]] = {}
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        cls = ep.load()
        if not (isinstance(cls, type) and issubclass(cls, Check)):
            raise TypeError(f"entry point {ep.name} = {ep.value} is not a satudata Check")
        if not _KEBAB.fullmatch(cls.type) or cls.type != ep.name:
            raise TypeError(f"check {ep.value}: type {cls.type!r} must be the kebab-case "
                            f"entry point name {ep.name!r}")  # fmt: skip
        found[cls.type] = cls
    return dict(sorted(found.items()))


class CheckConfig:
    """A dataset's choices: which checks run, with which severity and parameters.

    Stored as {"<type>": {"enabled": bool, "severity": "error"|"warning", <param>: value}}.
    """

    def __init__(self, stored: dict[str, Any] | None = None) -> None:
        self.stored = dict(stored or {})

    def enabled(self, cls: type[Check]) -> bool:
        """Does this check run for the dataset?"""
        return cls.mandatory or bool(self.stored.get(cls.type, {}).get("enabled", True))

    def severity(self, cls: type[Check]) -> Severity:
        """Return the severity the dataset gives this check's findings."""
        if cls.mandatory:
            return cls.severity
        value = self.stored.get(cls.type, {}).get("severity", cls.severity)
        return "warning" if value == "warning" else "error"

    def params(self, cls: type[Check]) -> dict[str, Any]:
        """Return the check's parameters: its defaults, overridden by the dataset."""
        chosen = self.stored.get(cls.type, {})
        return {k: chosen.get(k, default) for k, default in cls.params.items()}

    @staticmethod
    def validated(check_type: str, change: dict[str, Any]) -> dict[str, Any]:
        """Return a checked configuration for one check, or raise InvalidInputError."""
        cls = available_checks().get(check_type)
        if cls is None:
            raise InvalidInputError(
                f"Pemeriksaan '{check_type}' tidak dikenal.", f"Unknown check '{check_type}'.",
                type="unknown-check", details={"available": sorted(available_checks())},
            )  # fmt: skip
        clean: dict[str, Any] = {}
        for key, value in change.items():
            if key == "enabled":
                if not value and cls.mandatory:
                    raise InvalidInputError(
                        f"Pemeriksaan '{check_type}' wajib dan tidak dapat dimatikan.",
                        f"The check '{check_type}' is mandatory and cannot be switched off.",
                        type="mandatory-check",
                    )  # fmt: skip
                clean[key] = bool(value)
            elif key == "severity":
                if value not in ("error", "warning"):
                    raise _bad_param(check_type, key, value, "error | warning")
                if cls.mandatory and value != cls.severity:
                    raise InvalidInputError(
                        f"Pemeriksaan '{check_type}' wajib; tingkatnya tidak dapat diubah.",
                        f"The check '{check_type}' is mandatory; its severity cannot change.",
                        type="mandatory-check",
                    )  # fmt: skip
                clean[key] = value
            elif key in cls.params:
                clean[key] = _coerce(check_type, key, value, cls.params[key])
                if (expected := cls.param_error(key, clean[key])) is not None:
                    raise _bad_param(check_type, key, value, expected)
            else:
                raise _bad_param(check_type, key, value, ", ".join(cls.params) or "-")
        return clean


def _coerce(check_type: str, key: str, value: Any, default: Any) -> Any:
    kind = type(default)
    try:
        if kind is bool:
            if isinstance(value, str):
                if value.lower() not in ("true", "false", "ya", "tidak", "1", "0"):
                    raise ValueError(value)
                return value.lower() in ("true", "ya", "1")
            return bool(value)
        if kind in (int, float):
            return kind(value)
        if kind is list:
            return list(value) if not isinstance(value, str) else value.split(",")
        return str(value)
    except (TypeError, ValueError) as exc:
        raise _bad_param(check_type, key, value, kind.__name__) from exc


def _bad_param(check_type: str, key: str, value: Any, expected: str) -> InvalidInputError:
    return InvalidInputError(
        f"Parameter '{key}' = '{value}' tidak sah untuk pemeriksaan '{check_type}' "
        f"(yang diterima: {expected}).",
        f"Parameter '{key}' = '{value}' is not valid for check '{check_type}' "
        f"(accepted: {expected}).",
        type="invalid-check-parameter", details={"check": check_type, "parameter": key},
    )  # fmt: skip
