"""Periods and due dates: which periods a dataset or a Daftar Data item owes, and by when.

A period is the span a delivery reports on (the year 2024, Triwulan I 2024, March 2024,
ISO week 5 of 2024, 15 March 2024). Its due date comes from a rule of three numbers,
applied to the period's last day:

1. move `months` months forward (0: stay in the period's last month);
2. take day `day` of that month, or its last day when the month is shorter (31 means
   "the month's end": 30 April, 28 or 29 February); no `day` keeps the period's last day
   (a month end stays a month end);
3. add `days` days.

Defaults (overridable per item): tahunan +3 months, day 31 (2024 → 31 March 2025);
semesteran +2 months, day 31 (Semester II 2023 → 29 February 2024); triwulanan +1 month,
day 31 (Triwulan I → 30 April); bulanan +1 month, day 10 (March → 10 April); mingguan
+3 days after the week's Sunday; harian +1 day.

An item owes every period from the one holding its start date (an item added in July owes
that year, that quarter, that month on) to the one holding its end date, if any. A period
is due once its due date has passed: on the due date itself the agency still has the day.
All dates are in WIB (UTC+7; Indonesia has no daylight saving time).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, timezone

WIB = timezone(timedelta(hours=7), "WIB")
FREQUENCIES = ("tahunan", "semesteran", "triwulanan", "bulanan", "mingguan", "harian")
# Coarse to fine: a value at a finer grain also tells a coarser period it falls in.
GRAIN = {f: n for n, f in enumerate(FREQUENCIES)}
FREQUENCY_EN = {"tahunan": "annual", "semesteran": "half-yearly", "triwulanan": "quarterly",
                "bulanan": "monthly", "mingguan": "weekly", "harian": "daily"}  # fmt: skip
MONTHS_ID = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
             "September", "Oktober", "November", "Desember")  # fmt: skip
MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")  # fmt: skip
ROMAN = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class DueRule:
    """When a period is due: `months` after its end, on `day` (clamped), plus `days`."""

    months: int = 0
    day: int | None = None
    days: int = 0


DEFAULT_RULES: dict[str, DueRule] = {
    "tahunan": DueRule(months=3, day=31),
    "semesteran": DueRule(months=2, day=31),
    "triwulanan": DueRule(months=1, day=31),
    "bulanan": DueRule(months=1, day=10),
    "mingguan": DueRule(days=3),
    "harian": DueRule(days=1),
}


def rule_for(frequency: str, *, months: int | None = None, day: int | None = None,
             days: int | None = None) -> DueRule:  # fmt: skip
    """Return the frequency's default rule with the given parts replaced."""
    base = DEFAULT_RULES[frequency]
    return DueRule(months=base.months if months is None else months,
                   day=base.day if day is None else day,
                   days=base.days if days is None else days)  # fmt: skip


@dataclass(frozen=True, order=True)
class Period:
    """One period of a frequency; `ordinal` counts periods, so consecutive ones differ by 1."""

    ordinal: int
    frequency: str
    start: date
    end: date

    @property
    def key(self) -> str:
        """Return the period's stable text key: 2024, 2024-S1, 2024-Q1, 2024-03, 2024-W05, 2024-03-15."""
        s, f = self.start, self.frequency
        if f == "tahunan":
            return f"{s.year}"
        if f == "semesteran":
            return f"{s.year}-S{1 + (s.month - 1) // 6}"
        if f == "triwulanan":
            return f"{s.year}-Q{1 + (s.month - 1) // 3}"
        if f == "bulanan":
            return f"{s.year}-{s.month:02d}"
        if f == "mingguan":
            year, week, _ = s.isocalendar()
            return f"{year}-W{week:02d}"
        return s.isoformat()

    def label(self, lang: str = "id") -> str:
        """Return how people name the period ("Triwulan I 2024", "Q1 2024")."""
        s, f, en = self.start, self.frequency, lang == "en"
        if f == "tahunan":
            return f"{s.year}"
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
            year, week, _ = s.isocalendar()
            return f"Week {week} of {year}" if en else f"Minggu ke-{week} {year}"
        return f"{s.day} {months[s.month - 1]} {s.year}"


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_from_ordinal(frequency: str, ordinal: int) -> Period:
    """Return the period of `frequency` with this ordinal."""
    if frequency == "tahunan":
        return Period(ordinal, frequency, date(ordinal, 1, 1), date(ordinal, 12, 31))
    if frequency in ("semesteran", "triwulanan", "bulanan"):
        size = {"semesteran": 6, "triwulanan": 3, "bulanan": 1}[frequency]
        per_year = 12 // size
        year, n = divmod(ordinal, per_year)
        first = n * size + 1
        end_year, end_month = _add_months(year, first, size - 1)
        return Period(ordinal, frequency, date(year, first, 1), _month_end(end_year, end_month))
    if frequency == "mingguan":
        monday = date.fromordinal(ordinal * 7 + 1)  # ordinal 1 (0001-01-01) was a Monday
        return Period(ordinal, frequency, monday, monday + timedelta(days=6))
    if frequency == "harian":
        day = date.fromordinal(ordinal)
        return Period(ordinal, frequency, day, day)
    raise ValueError(f"unknown frequency {frequency!r}; expected one of {FREQUENCIES}")


def period_of(frequency: str, day: date) -> Period:
    """Return the period of `frequency` that holds `day`."""
    if frequency == "tahunan":
        ordinal = day.year
    elif frequency == "semesteran":
        ordinal = day.year * 2 + (day.month - 1) // 6
    elif frequency == "triwulanan":
        ordinal = day.year * 4 + (day.month - 1) // 3
    elif frequency == "bulanan":
        ordinal = day.year * 12 + day.month - 1
    elif frequency == "mingguan":
        ordinal = (day.toordinal() - 1) // 7
    elif frequency == "harian":
        ordinal = day.toordinal()
    else:
        raise ValueError(f"unknown frequency {frequency!r}; expected one of {FREQUENCIES}")
    return period_from_ordinal(frequency, ordinal)


def due_date(period: Period, rule: DueRule) -> date:
    """Return the day by which `period` must be delivered (see the module docstring)."""
    end = period.end
    if rule.months or rule.day is not None:
        year, month = _add_months(end.year, end.month, rule.months)
        last = calendar.monthrange(year, month)[1]
        if rule.day is not None:
            day = min(rule.day, last)
        else:  # keep the day; a month end stays a month end
            day = (
                last
                if end.day == calendar.monthrange(end.year, end.month)[1]
                else min(end.day, last)
            )
        end = date(year, month, day)
    return end + timedelta(days=rule.days)


def owed_periods(frequency: str, rule: DueRule, *, start: date, end: date | None,
                 until: date) -> list[tuple[Period, date]]:  # fmt: skip
    """Return (period, due date) of every period owed from `start`, due on or before `until`.

    Periods after the one holding `end` are not owed.
    """
    first = period_of(frequency, start).ordinal
    last = period_of(frequency, end).ordinal if end else None
    out = []
    ordinal = first
    while last is None or ordinal <= last:
        period = period_from_ordinal(frequency, ordinal)
        due = due_date(period, rule)
        if due > until:
            break
        out.append((period, due))
        ordinal += 1
    return out


def wib_date(moment: datetime) -> date:
    """Return the WIB calendar day of a moment (naive datetimes are UTC, as SQLite gives)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(WIB).date()


def end_of_day(day: date) -> datetime:
    """Return the first moment after `day` ends in WIB (events before it happened by then)."""
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=WIB)


def today_wib(now: datetime | None = None) -> date:
    """Return today's (or `now`'s) date in WIB."""
    return (now or datetime.now(UTC)).astimezone(WIB).date()


# Period values as datasets hold them: 2024, 2024-03, 2024-03-15 (dates), "2024-Q1",
# "Triwulan I 2024", "Semester 2 2024", "Maret 2024", "2024-W05".
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T].*)?")
_YEAR_MONTH = re.compile(r"(\d{4})[-/](\d{1,2})")
_QUARTER = re.compile(r"(?:(\d{4})\s*[-/ ]?\s*(?:q|tw|triwulan)\s*([1-4]|i{1,3}|iv)|"
                      r"(?:q|tw|triwulan)\s*([1-4]|i{1,3}|iv)\s*[-/ ]?\s*(\d{4}))")  # fmt: skip
_HALF = re.compile(r"(?:(\d{4})\s*[-/ ]?\s*(?:s|h|semester)\s*([12]|i{1,2})|"
                   r"(?:s|h|semester)\s*([12]|i{1,2})\s*[-/ ]?\s*(\d{4}))")  # fmt: skip
_WEEK = re.compile(r"(\d{4})-?w(\d{1,2})")
_NUMERALS = {"1": 1, "2": 2, "3": 3, "4": 4, "i": 1, "ii": 2, "iii": 3, "iv": 4}
_MONTH_WORDS = {m.lower(): n for n, m in enumerate(MONTHS_ID, 1)} | {
    m.lower(): n for n, m in enumerate(MONTHS_EN, 1)} | {
    m.lower()[:3]: n for n, m in enumerate(MONTHS_ID, 1)} | {"agu": 8, "ags": 8, "okt": 10,
                                                            "des": 12, "nop": 11}  # fmt: skip


def read_period_value(raw: str) -> tuple[str, date] | None:
    """Read a dataset's period value: (its frequency grain, its first day), or None."""
    text = raw.strip().lower()
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return "tahunan", date(int(text[:4]), 1, 1)
    try:
        if m := _ISO_DAY.fullmatch(text):
            return "harian", date(int(m[1]), int(m[2]), int(m[3]))
        if m := _YEAR_MONTH.fullmatch(text):
            return "bulanan", date(int(m[1]), int(m[2]), 1)
        if m := _WEEK.fullmatch(text):
            return "mingguan", date.fromisocalendar(int(m[1]), int(m[2]), 1)
    except ValueError:
        return None
    if m := _QUARTER.fullmatch(text):
        year, n = (m[1], m[2]) if m[1] else (m[4], m[3])
        return "triwulanan", date(int(year), (_NUMERALS[n] - 1) * 3 + 1, 1)
    if m := _HALF.fullmatch(text):
        year, n = (m[1], m[2]) if m[1] else (m[4], m[3])
        return "semesteran", date(int(year), (_NUMERALS[n] - 1) * 6 + 1, 1)
    words = text.replace(",", " ").split()
    if len(words) == 2 and words[1].isdigit() and len(words[1]) == 4:
        month = _MONTH_WORDS.get(words[0])
        if month:
            return "bulanan", date(int(words[1]), month, 1)
    return None


def period_key_of_value(raw: str, frequency: str) -> str | None:
    """Return the key of the `frequency` period a period value tells of, or None.

    A value as fine as the frequency or finer counts for the period holding it (March 2024
    tells of 2024 for an annual item); a coarser one tells nothing (2024 for a monthly item).
    The weekly grain and the coarser calendar grains do not nest: a week tells only weeks
    and days.
    """
    read = read_period_value(raw)
    if read is None:
        return None
    grain, first = read
    if grain == "mingguan" and frequency != "mingguan":
        return None
    if GRAIN[grain] < GRAIN[frequency] or (frequency == "mingguan" and grain not in
                                           ("mingguan", "harian")):  # fmt: skip
        return None
    return period_of(frequency, first).key
