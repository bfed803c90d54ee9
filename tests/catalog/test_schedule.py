"""The next due date of a dataset, from its frequency and the latest period it holds."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from satudata.catalog.schedule import (
    due_date,
    last_day_covered,
    next_due,
    period_of,
    today_wib,
)

YEAR_SCHEMA = {"fields": [{"name": "kode_wilayah", "dimension": "region_code"},
                          {"name": "tahun", "type": "year", "dimension": "period"}]}  # fmt: skip


@pytest.mark.parametrize(
    ("frequency", "last", "period", "due"),
    [
        ("tahunan", date(2024, 12, 31), (date(2025, 1, 1), date(2025, 12, 31)), date(2026, 3, 31)),
        (
            "semesteran",
            date(2024, 6, 30),
            (date(2024, 7, 1), date(2024, 12, 31)),
            date(2025, 2, 28),
        ),
        ("semesteran", date(2023, 3, 1), (date(2023, 7, 1), date(2023, 12, 31)), date(2024, 2, 29)),
        (
            "triwulanan",
            date(2024, 12, 31),
            (date(2025, 1, 1), date(2025, 3, 31)),
            date(2025, 4, 30),
        ),
        ("bulanan", date(2024, 2, 29), (date(2024, 3, 1), date(2024, 3, 31)), date(2024, 4, 10)),
        ("bulanan", date(2024, 11, 30), (date(2024, 12, 1), date(2024, 12, 31)), date(2025, 1, 10)),
        ("mingguan", date(2024, 3, 6), (date(2024, 3, 11), date(2024, 3, 17)), date(2024, 3, 20)),
        ("harian", date(2024, 3, 15), (date(2024, 3, 16), date(2024, 3, 16)), date(2024, 3, 17)),
    ],
)
def test_the_period_after_the_latest_one_is_due_by_the_rule_of_its_frequency(
    frequency: str, last: date, period: tuple[date, date], due: date
) -> None:
    found = next_due(frequency, last, today=date(2024, 1, 1))
    assert found is not None
    assert (found.period.start, found.period.end) == period
    assert found.date == due
    assert found.days_left == (due - date(2024, 1, 1)).days


def test_a_dataset_with_no_data_owes_the_last_period_that_ended() -> None:
    due = next_due("tahunan", None, today=date(2025, 5, 2))
    assert due is not None
    assert due.period.label() == "2024"
    assert due.date == date(2025, 3, 31)
    assert due.overdue and due.days_left == -32


def test_on_the_due_date_itself_the_agency_still_has_the_day() -> None:
    due = next_due("bulanan", date(2024, 3, 31), today=date(2024, 5, 10))
    assert due is not None and due.date == date(2024, 5, 10)
    assert (due.days_left, due.overdue) == (0, False)


@pytest.mark.parametrize("frequency", ["", "sewaktu-waktu", "lainnya"])
def test_ad_hoc_data_has_no_due_date(frequency: str) -> None:
    assert next_due(frequency, date(2024, 12, 31), today=date(2025, 1, 1)) is None


@pytest.mark.parametrize(
    ("stats", "expected"),
    [
        ({"tahun": {"min": 2020, "max": 2024}}, date(2024, 12, 31)),
        ({"tahun": {"values": [2022, 2023]}}, date(2023, 12, 31)),
        ({"tahun": {"max": "2024-03"}}, date(2024, 3, 31)),
        ({"tahun": {"max": "2024-02-15"}}, date(2024, 2, 15)),
        ({"tahun": {"max": "bukan periode"}}, None),
        ({}, None),
    ],
)
def test_the_last_day_covered_comes_from_the_period_column(
    stats: dict[str, dict[str, object]], expected: date | None
) -> None:
    assert last_day_covered(YEAR_SCHEMA, stats) == expected


def test_without_a_period_column_nothing_is_covered() -> None:
    schema = {"fields": [{"name": "jumlah", "type": "integer"}]}
    assert last_day_covered(schema, {"jumlah": {"max": 2024}}) is None
    assert last_day_covered(None, None) is None


def test_periods_are_named_in_both_languages() -> None:
    quarter = period_of("triwulanan", date(2024, 5, 5))
    assert (quarter.start, quarter.end) == (date(2024, 4, 1), date(2024, 6, 30))
    assert (quarter.label(), quarter.label("en")) == ("Triwulan II 2024", "Q2 2024")
    month = period_of("bulanan", date(2024, 8, 9))
    assert (month.label(), month.label("en")) == ("Agustus 2024", "August 2024")
    assert period_of("semesteran", date(2024, 9, 1)).label() == "Semester II 2024"
    assert due_date(period_of("tahunan", date(2024, 1, 1))) == date(2025, 3, 31)


def test_today_is_counted_in_wib() -> None:
    assert today_wib(datetime(2024, 12, 31, 17, 30, tzinfo=UTC)) == date(2025, 1, 1)
    assert today_wib(datetime(2024, 12, 31, 16, 59, tzinfo=UTC)) == date(2024, 12, 31)
