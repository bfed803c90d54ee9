"""The monthly coordination report: per-OPD status at the month's end, what changed since
the previous month, and the action items (every gap, in words).

A report is plain data kept in the database (`compliance_report`), one row per month and
revision: generating a month again needs `replace=True` and adds a revision, the earlier
one stays. PDF and XLSX are rendered from the kept data (`compliance.report_files`), so a
past report always reads the same.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from satudata.audit.service import record
from satudata.auth.actor import SYSTEM, Actor
from satudata.auth.policy import require_board_reader, require_data_list_maintainer
from satudata.catalog.periods import MONTHS_EN, MONTHS_ID, today_wib
from satudata.compliance.board import statuses_at
from satudata.compliance.daftar import item_rows
from satudata.compliance.history import load_facts
from satudata.compliance.scores import FORMULA, FORMULA_EN, score_item
from satudata.db.compliance import ComplianceReport
from satudata.errors import ConflictError, InvalidInputError, not_found
from satudata.lake.store import Lake

MAX_ACTIONS = 15  # per OPD in the report; the board has them all
_MONTH = re.compile(r"(\d{4})-(\d{2})")


class ReportSummary(BaseModel):
    """A kept report, without its content."""

    id: int
    month: str
    revision: int
    as_of: date
    created_by: str
    title: str


class ReportPublic(ReportSummary):
    """A kept report with its content."""

    data: dict[str, Any]


def parse_month(month: str) -> tuple[int, int]:
    """Read "2026-10" into (2026, 10), or raise a clear error."""
    m = _MONTH.fullmatch(month.strip())
    if not m or not 1 <= int(m[2]) <= 12:
        raise InvalidInputError(f"Bulan '{month}' tidak sah; tulis seperti 2026-10.",
                                f"Invalid month '{month}'; write it like 2026-10.",
                                type="invalid-month")  # fmt: skip
    return int(m[1]), int(m[2])


def previous_month() -> str:
    """Return the month before the current one (WIB), the usual month to report on."""
    today = today_wib()
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return f"{year}-{month:02d}"


def _title(year: int, month: int) -> tuple[str, str]:
    return (f"Laporan Koordinasi Daftar Data {MONTHS_ID[month - 1]} {year}",
            f"Daftar Data coordination report, {MONTHS_EN[month - 1]} {year}")  # fmt: skip


def build_report(session: Session, lake: Lake | None, month: str) -> dict[str, Any]:
    """Compute a month's report: status at its end, changes since the previous month's end."""
    year, mon = parse_month(month)
    as_of = min(date(year, mon, calendar.monthrange(year, mon)[1]), today_wib())
    start = date(year, mon, 1)
    before = date.fromordinal(start.toordinal() - 1)
    facts = load_facts(session, lake, item_rows(session, actor=SYSTEM))
    now = {s.code: s for s in statuses_at(facts, as_of)}
    then = {s.code: s for s in statuses_at(facts, before)}
    organizations = []
    for code, status in now.items():
        items = [score_item(i, as_of) for i in facts if i.organization == code]
        sent = [f"{s.title} {p.label}" for s in items for p in s.periods
                if p.delivered_on is not None and start <= p.delivered_on <= as_of]  # fmt: skip
        fell_due = [f"{s.title} {p.label}" for s in items for p in s.periods
                    if p.delivered_on is None and before <= p.due < as_of]  # fmt: skip
        gaps = [g for s in items for g in s.gaps]
        old = then.get(code)
        change = (None if status.score is None or old is None or old.score is None
                  else round(status.score - old.score, 1))  # fmt: skip
        organizations.append({
            **status.model_dump(mode="json", exclude={"trend"}),
            "previous_score": old.score if old else None, "change": change,
            "delivered_this_month": sent[:MAX_ACTIONS], "newly_overdue": fell_due[:MAX_ACTIONS],
            "actions": [g.message for g in gaps[:MAX_ACTIONS]],
            "actions_en": [g.message_en for g in gaps[:MAX_ACTIONS]],
            "more_actions": max(0, len(gaps) - MAX_ACTIONS),
        })  # fmt: skip
    title, title_en = _title(year, mon)
    scored = [o["score"] for o in organizations if o["score"] is not None]
    return {
        "month": month, "title": title, "title_en": title_en, "as_of": as_of.isoformat(),
        "previous_as_of": before.isoformat(), "formula": FORMULA, "formula_en": FORMULA_EN,
        "totals": {
            "organizations": len(organizations),
            "mean_score": round(sum(scored) / len(scored), 1) if scored else None,
            "expected": sum(o["expected"] for o in organizations),
            "delivered": sum(o["delivered"] for o in organizations),
            "on_time": sum(o["on_time"] for o in organizations),
            "missing": sum(o["missing"] for o in organizations),
        },
        "organizations": organizations,
    }  # fmt: skip


def _summary(row: ComplianceReport) -> dict[str, Any]:
    return {"id": row.id, "month": row.month, "revision": row.revision, "as_of": row.as_of,
            "created_by": row.created_by, "title": row.data.get("title", "")}  # fmt: skip


def generate_report(session: Session, lake: Lake | None, *, actor: Actor, month: str,
                    replace: bool = False) -> ReportPublic:  # fmt: skip
    """Compute and keep the report of `month`; an existing one needs `replace` (a new revision)."""
    require_data_list_maintainer(actor)
    parse_month(month)
    last = session.scalar(select(func.max(ComplianceReport.revision))
                          .where(ComplianceReport.month == month))  # fmt: skip
    if last is not None and not replace:
        raise ConflictError(
            f"Laporan bulan {month} sudah ada (revisi {last}); buat revisi baru bila perlu.",
            f"The report of {month} exists (revision {last}); make a new revision if needed.",
            type="report-exists", details={"month": month, "revision": last},
        )  # fmt: skip
    data = build_report(session, lake, month)
    row = ComplianceReport(month=month, revision=(last or 0) + 1,
                           as_of=date.fromisoformat(data["as_of"]), created_by=actor.label,
                           data=data)  # fmt: skip
    session.add(row)
    session.flush()
    record(session, actor, "compliance.report_generated", target=f"{month} r{row.revision}",
           after={"month": month, "revision": row.revision})  # fmt: skip
    return ReportPublic(**_summary(row), data=data)


def list_reports(session: Session, *, actor: Actor) -> list[ReportSummary]:
    """List the kept reports, newest month first, every revision."""
    require_board_reader(actor)
    rows = session.scalars(select(ComplianceReport).order_by(
        ComplianceReport.month.desc(), ComplianceReport.revision.desc()))  # fmt: skip
    return [ReportSummary(**_summary(r)) for r in rows]


def get_report(session: Session, *, actor: Actor, month: str,
               revision: int | None = None) -> ReportPublic:  # fmt: skip
    """Return a kept report (its latest revision unless one is named)."""
    require_board_reader(actor)
    parse_month(month)
    stmt = select(ComplianceReport).where(ComplianceReport.month == month)
    if revision is not None:
        stmt = stmt.where(ComplianceReport.revision == revision)
    row = session.scalar(stmt.order_by(ComplianceReport.revision.desc()).limit(1))
    if row is None:
        raise not_found("Laporan", "Report", month if revision is None else f"{month} r{revision}")
    return ReportPublic(**_summary(row), data=row.data)
