"""When a dataset's next delivery is due, from its frequency and the latest period it holds.

The periods and their due dates are those of the Daftar Data (`catalog.periods`, the
frequency's default rule: annual data for year N due on 31 March N+1, monthly data by the
10th of the next month, ...). The period owed next is the one after the latest period the
dataset holds (the period column's highest value in its newest version). A dataset with
no version yet, or none with a period column, owes the last period that ended before
today. "Sewaktu-waktu" (ad hoc) and an empty frequency have no due date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from satudata.catalog.periods import (
    DEFAULT_RULES,
    Period,
    period_from_ordinal,
    period_of,
    read_period_value,
    today_wib,
)
from satudata.catalog.periods import due_date as due_by_rule

__all__ = ["Due", "Period", "due_date", "last_day_covered", "next_due", "period_of", "today_wib"]


@dataclass(frozen=True)
class Due:
    """The next delivery: the period owed, its due date, and how it stands today."""

    period: Period
    date: date
    days_left: int  # negative: overdue by that many days

    @property
    def overdue(self) -> bool:
        """Has the due date passed (on the day itself the agency still has the day)?"""
        return self.days_left < 0


def due_date(period: Period) -> date:
    """Return the day a period's data is due by its frequency's default rule."""
    return due_by_rule(period, DEFAULT_RULES[period.frequency])


def last_day_covered(table_schema: dict[str, Any] | None,
                     column_stats: dict[str, Any] | None) -> date | None:  # fmt: skip
    """Return the last day the period column's highest value covers (2024 → 31 Dec 2024).

    A year covers to its 31 December, a month ("2024-03") to its last day, a date itself.
    None when the version has no period column or its values are not periods.
    """
    fields = (table_schema or {}).get("fields") or []
    period = next((f for f in fields if f.get("dimension") == "period"), None)
    if period is None:
        return None
    stats = (column_stats or {}).get(period["name"]) or {}
    values = [v for v in [stats.get("max"), *(stats.get("values") or [])] if v is not None]
    found = [d for d in (_covered_to(v) for v in values) if d is not None]
    return max(found) if found else None


def _covered_to(value: Any) -> date | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(int(value))
    read = read_period_value(str(value))
    if read is None or not 1900 <= read[1].year <= 2100:
        return None
    grain, first = read
    return period_of(grain, first).end


def next_due(frequency: str, last_covered: date | None, *, today: date) -> Due | None:
    """Return the next delivery due for data of `frequency` holding data up to `last_covered`.

    None for ad hoc ("sewaktu-waktu") or unknown frequencies.
    """
    if frequency not in DEFAULT_RULES:
        return None
    if last_covered is None:  # nothing delivered: the last period that ended owes its data
        owed = period_of(frequency, period_of(frequency, today).start - timedelta(days=1))
    else:
        owed = period_from_ordinal(frequency, period_of(frequency, last_covered).ordinal + 1)
    due = due_date(owed)
    return Due(period=owed, date=due, days_left=(due - today).days)
