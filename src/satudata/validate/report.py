"""The validation report: plain data with a stable shape, built from findings.

Shape (JSON):
    {"valid": bool, "error_count": int, "warning_count": int, "truncated": bool,
     "by_type": {type: {"errors": n, "warnings": n}},
     "by_column": {field: {"errors": n, "warnings": n}},
     "errors": [entry, ...], "warnings": [entry, ...],
     "checks": [{"type", "severity", "params", "count"}, ...],
     "proposal": {...}?}
An entry: {"type", "severity", "row", "cell"?, "field", "column", "value", "message",
"message_en", "suggestion"?, "details"?}. Totals are exact; at most `MAX_LISTED`
entries per check are listed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from dataclasses import field as default
from typing import Any, Literal

Severity = Literal["error", "warning"]
MAX_LISTED = 1000  # entries listed per check; the counts stay exact


@dataclass
class Finding:
    """One problem: where it is, what is wrong, and the fix when one is known."""

    type: str
    message: str
    message_en: str
    severity: Severity = "error"
    field: str | None = None
    column: str | None = None  # the title the operator knows
    value: Any = None
    row: int | None = None  # as the operator sees it in the original file
    cell: str | None = None  # Data!C17 for a workbook
    suggestion: str | None = None
    details: dict[str, Any] = default(default_factory=dict)
    # How the messages start: "Baris 17, kolom 'Jumlah': …" (cell), "Baris 17: …" (row),
    # or as written (none: table-level findings that name what they need themselves).
    where: Literal["cell", "row", "none"] = "cell"

    def as_dict(self) -> dict[str, Any]:
        """Return the entry as it appears in the report."""
        entry: dict[str, Any] = {
            "type": self.type, "severity": self.severity, "row": self.row, "field": self.field,
            "column": self.column, "value": _plain(self.value), "message": self.message,
            "message_en": self.message_en,
        }  # fmt: skip
        if self.cell:
            entry["cell"] = self.cell
        if self.suggestion is not None:
            entry["suggestion"] = self.suggestion
        if self.details:
            entry["details"] = self.details
        return entry


@dataclass
class FindingQuery:
    """Findings a check leaves to SQL: one result row per problem cell.

    `sql` selects `_ord` (the row's key in the typed table; or `_row`, the source
    row itself, when `source_rows`), `field` and `value`, and any extra columns
    `build` needs. `build` turns one result row (a dict) into a Finding without row.
    """

    sql: str
    build: Callable[[dict[str, Any]], Finding]
    source_rows: bool = False


@dataclass
class SchemaProposal:
    """A schema change a check proposes for the walidata to accept (schema drift)."""

    schema: dict[str, Any]  # the whole proposed Table Schema descriptor
    added: list[str] = default(default_factory=list)
    removed: list[str] = default(default_factory=list)
    renamed: dict[str, str] = default(default_factory=dict)  # old name -> new name

    def as_dict(self) -> dict[str, Any]:
        """Return the proposal as it appears in the report."""
        return {"added": self.added, "removed": self.removed, "renamed": self.renamed,
                "schema": self.schema}  # fmt: skip


@dataclass
class Report:
    """Findings of one validation run, with exact counts."""

    findings: list[Finding] = default(default_factory=list)
    counts: dict[tuple[str, str, str | None], int] = default(default_factory=dict)
    checks: list[dict[str, Any]] = default(default_factory=list)
    truncated: bool = False
    proposal: dict[str, Any] | None = None

    def add(self, finding: Finding, *, counted: bool = True) -> None:
        """Add a listed finding; `counted=False` when its count came from `count`."""
        self.findings.append(finding)
        if counted:
            self.count(finding.type, finding.severity, finding.field, 1)

    def count(self, type_: str, severity: str, field: str | None, n: int) -> None:
        """Add `n` to the exact count of (type, severity, field)."""
        key = (type_, severity, field)
        self.counts[key] = self.counts.get(key, 0) + n

    def total(self, severity: Severity) -> int:
        """Return the exact number of findings of this severity."""
        return sum(n for (_, s, _), n in self.counts.items() if s == severity)

    @property
    def valid(self) -> bool:
        """Is there no error (warnings allowed)?"""
        return self.total("error") == 0

    def as_dict(self) -> dict[str, Any]:
        """Return the report as plain data (see the module docstring)."""
        by_type: dict[str, dict[str, int]] = {}
        by_column: dict[str, dict[str, int]] = {}
        for (type_, severity, fld), n in sorted(self.counts.items(), key=lambda kv: str(kv[0])):
            key = "errors" if severity == "error" else "warnings"
            by_type.setdefault(type_, {"errors": 0, "warnings": 0})[key] += n
            if fld is not None:
                by_column.setdefault(fld, {"errors": 0, "warnings": 0})[key] += n
        ordered = sorted(self.findings, key=lambda f: (f.row is None, f.row or 0, f.field or ""))
        out: dict[str, Any] = {
            "valid": self.valid,
            "error_count": self.total("error"),
            "warning_count": self.total("warning"),
            "truncated": self.truncated,
            "by_type": by_type,
            "by_column": by_column,
            "errors": [f.as_dict() for f in ordered if f.severity == "error"],
            "warnings": [f.as_dict() for f in ordered if f.severity == "warning"],
            "checks": self.checks,
        }
        if self.proposal is not None:
            out["proposal"] = self.proposal
        return out


def _plain(value: Any) -> Any:
    """Return a JSON-safe value (dates as ISO text, whole floats as they are)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
