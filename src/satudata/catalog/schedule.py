"""When a dataset's next delivery is due, from its frequency and the latest period it holds.

The rule (a first one: the Daftar Data of F5 will set a due rule per item):

- a period's due date is counted from its last day: `months` months later, on day `day`
  of that month (clamped: 31 means the month's end, 28/29 in February);
- tahunan (annual) data for year N is due on 31 March N+1; semesteran by the end of the
  second month after the half-year (Semester II 2024 → 28 February 2025); triwulanan by
  the end of the month after the quarter (Triwulan I → 30 April); bulanan by the 10th of
  the next month (March → 10 April); mingguan three days after the week's Sunday; harian
  the next day;
- the period owed next is the one after the latest period the dataset holds (the period
  column's highest value in its newest version). A dataset with no version yet, or none
  with a period column, owes the last period that ended before today;
- "sewaktu-waktu" (ad hoc) and an empty frequency have no due date.

Dates are in WIB (UTC+7). Pure functions: the caller passes `today`.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

WIB = timezone(timedelta(hours=7), "WIB")
# frequency -> (months after the period's end, day of that month); None: see _due_days
DUE_RULES: dict[str, tuple[int, int]] = {
    "tahunan": (3, 31), "semesteran": (2, 31), "triwulanan": (1, 31), "bulanan": (1, 10),
}  # fmt: skip
DUE_DAYS = {"mingguan": 3, "harian": 1}  # days after the period's last day
PERIOD_MONTHS = {"tahunan": 12, "semesteran": 6, "triwulanan": 3, "bulanan": 1}
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
ROMAN = ("I", "II", "III", "IV")
_PERIOD_TEXT = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


@dataclass(frozen=True)
class Period:
    """One period of a frequency: the year 2024, Triwulan I 2024, March 2024, a week, a day."""

    frequency: str
    start: date
    end: date

    def label(self, lang: str = "id") -> str:
        """Return how people name the period ("Triwulan I 2024"; in English "Q1 2024")."""
        s, f, en = self.start, self.frequency, lang == "en"
        if f == "tahunan":
            return str(s.year)
        if f == "semesteran":
            n = 1 + (s.month - 1) // 6
            return f"H{n} {s.year}" if en else f"Semester {ROMAN[n - 1]} {s.year}"
        if f == "triwulanan":
            n = 1 + (s.month - 1) // 3
            return f"Q{n} {s.year}" if en else f"Triwulan {ROMAN[n - 1]} {s.year}"
        months = MONTHS_EN if en else MONTHS_ID
        if f == "bulanan":
            return f"{months[s.month - 1]} {s.year}"
        if f == "mingguan":
            return (f"{s.day} {months[s.month - 1]} – {self.end.day} "
                    f"{months[self.end.month - 1]} {self.end.year}")  # fmt: skip
        return f"{s.day} {months[s.month - 1]} {s.year}"


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


def today_wib(now: datetime | None = None) -> date:
    """Return today's date in WIB."""
    return (now or datetime.now(UTC)).astimezone(WIB).date()


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def period_of(frequency: str, day: date) -> Period:
    """Return the period of `frequency` that holds `day`."""
    if frequency in PERIOD_MONTHS:
        size = PERIOD_MONTHS[frequency]
        first_month = 1 + (day.month - 1) // size * size
        year, last_month = _add_months(day.year, first_month, size - 1)
        return Period(frequency, date(day.year, first_month, 1), _month_end(year, last_month))
    if frequency == "mingguan":
        monday = day - timedelta(days=day.weekday())
        return Period(frequency, monday, monday + timedelta(days=6))
    if frequency == "harian":
        return Period(frequency, day, day)
    raise ValueError(f"no periods for frequency {frequency!r}")


def following(period: Period) -> Period:
    """Return the period after `period`."""
    return period_of(period.frequency, period.end + timedelta(days=1))


def due_date(period: Period) -> date:
    """Return the day a period's data is due (see the module's rule)."""
    if period.frequency in DUE_RULES:
        months, day = DUE_RULES[period.frequency]
        year, month = _add_months(period.end.year, period.end.month, months)
        return date(year, month, min(day, calendar.monthrange(year, month)[1]))
    return period.end + timedelta(days=DUE_DAYS[period.frequency])


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
    match = _PERIOD_TEXT.match(str(value).strip())
    if not match:
        return None
    year = int(match.group(1))
    if not 1900 <= year <= 2100:
        return None
    month, day = match.group(2), match.group(3)
    try:
        if month is None:
            return date(year, 12, 31)
        if day is None:
            return _month_end(year, int(month))
        return date(year, int(month), int(day))
    except ValueError:
        return None


def next_due(frequency: str, last_covered: date | None, *, today: date) -> Due | None:
    """Return the next delivery due for data of `frequency` holding data up to `last_covered`.

    None for ad hoc ("sewaktu-waktu") or unknown frequencies.
    """
    if frequency not in DUE_RULES and frequency not in DUE_DAYS:
        return None
    if last_covered is None:  # nothing delivered: the last period that ended owes its data
        owed = period_of(frequency, period_of(frequency, today).start - timedelta(days=1))
    else:
        owed = following(period_of(frequency, last_covered))
    due = due_date(owed)
    return Due(period=owed, date=due, days_left=(due - today).days)
