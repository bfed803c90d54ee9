"""Due dates: the default rules, month ends, leap years, per-item rules, mid-year starts."""

from __future__ import annotations

from datetime import date

import pytest

from satudata.catalog.periods import (
    DEFAULT_RULES,
    DueRule,
    due_date,
    owed_periods,
    period_key_of_value,
    period_of,
    rule_for,
)


def due(frequency: str, day: str, rule: DueRule | None = None) -> date:
    period = period_of(frequency, date.fromisoformat(day))
    return due_date(period, rule or DEFAULT_RULES[frequency])


@pytest.mark.parametrize(("frequency", "day", "expected"), [
    ("tahunan", "2024-06-01", "2025-03-31"),      # year N by 31 March of N+1
    ("bulanan", "2024-03-15", "2024-04-10"),      # the 10th of the next month
    ("bulanan", "2024-12-31", "2025-01-10"),      # across the year end
    ("triwulanan", "2024-02-01", "2024-04-30"),   # day 31 in a 30-day month: its end
    ("triwulanan", "2024-11-30", "2025-01-31"),
    ("semesteran", "2023-12-31", "2024-02-29"),   # a leap year's February
    ("semesteran", "2024-12-31", "2025-02-28"),   # and a common year's
    ("semesteran", "2024-01-01", "2024-08-31"),
    ("harian", "2024-02-28", "2024-02-29"),       # the next day, a leap day
    ("harian", "2024-02-29", "2024-03-01"),
    ("mingguan", "2024-02-28", "2024-03-06"),     # the week's Sunday + 3 days
])  # fmt: skip
def test_default_due_dates(frequency: str, day: str, expected: str) -> None:
    assert due(frequency, day) == date.fromisoformat(expected)


@pytest.mark.parametrize(("frequency", "rule", "day", "expected"), [
    ("tahunan", rule_for("tahunan", months=2, day=29), "2023-05-01", "2024-02-29"),  # leap
    ("tahunan", rule_for("tahunan", months=2, day=29), "2024-05-01", "2025-02-28"),  # clamped
    ("tahunan", rule_for("tahunan", months=6, day=30), "2024-05-01", "2025-06-30"),
    ("bulanan", rule_for("bulanan", day=31), "2024-01-10", "2024-02-29"),  # the month's end
    ("bulanan", DueRule(days=15), "2024-01-10", "2024-02-15"),  # 15 days after its end
    ("bulanan", DueRule(months=2), "2023-12-05", "2024-02-29"),  # a month end stays one
    ("triwulanan", rule_for("triwulanan", day=15, days=2), "2024-03-31", "2024-04-17"),
])  # fmt: skip
def test_an_item_may_set_its_own_rule(frequency: str, rule: DueRule, day: str,
                                      expected: str) -> None:  # fmt: skip
    assert due(frequency, day, rule) == date.fromisoformat(expected)


def test_an_item_owes_from_the_period_holding_its_start_to_its_end() -> None:
    owed = owed_periods("triwulanan", DEFAULT_RULES["triwulanan"], start=date(2024, 5, 20),
                        end=date(2024, 12, 1), until=date(2025, 12, 31))  # fmt: skip
    assert [(p.key, d.isoformat()) for p, d in owed] == [
        ("2024-Q2", "2024-07-31"),
        ("2024-Q3", "2024-10-31"),
        ("2024-Q4", "2025-01-31"),
    ]
    monthly = owed_periods("bulanan", DEFAULT_RULES["bulanan"], start=date(2024, 7, 15),
                           end=None, until=date(2024, 9, 10))  # fmt: skip
    assert [p.key for p, _ in monthly] == ["2024-07", "2024-08"]  # Aug is due on 10 Sep


@pytest.mark.parametrize(("raw", "frequency", "key"), [
    ("2024", "tahunan", "2024"), ("2024.0", "tahunan", "2024"),
    ("2024-03-01", "bulanan", "2024-03"), ("2024-03-01", "tahunan", "2024"),
    ("2024-03", "triwulanan", "2024-Q1"), ("Triwulan II 2024", "triwulanan", "2024-Q2"),
    ("2024-Q4", "semesteran", "2024-S2"), ("Semester 2 2023", "semesteran", "2023-S2"),
    ("Maret 2024", "bulanan", "2024-03"), ("2024-W05", "mingguan", "2024-W05"),
    ("2024-02-01", "mingguan", "2024-W05"), ("2024", "bulanan", None),
    ("2024-W05", "bulanan", None), ("entah", "tahunan", None),
])  # fmt: skip
def test_period_values_of_datasets_are_read_liberally(raw: str, frequency: str,
                                                      key: str | None) -> None:  # fmt: skip
    assert period_key_of_value(raw, frequency) == key
