"""Text cells to typed values, through the DuckDB expressions the ingest writes with."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from satudata.tableschema.model import Field
from satudata.tableschema.parsing import missing_sql, quote_ident, sql_str, typed_sql

CON = duckdb.connect()
MISSING = ["", "-"]


def parse(field: Field, value: str | None, *, strict: bool = False) -> Any:
    sql = typed_sql(field, "v", MISSING, strict=strict)
    row = CON.execute(f"SELECT {sql} FROM (SELECT ?::VARCHAR v)", [value]).fetchone()
    assert row is not None
    return row[0]


INTEGER = Field(name="x", type="integer")
INTEGER_DOT = Field(name="x", type="integer", groupChar=".")
INTEGER_COMMA = Field(name="x", type="integer", groupChar=",")
NUMBER = Field(name="x", type="number")
NUMBER_ID = Field(name="x", type="number", decimalChar=",", groupChar=".")
NUMBER_EN = Field(name="x", type="number", groupChar=",")
DATE = Field(name="x", type="date")
DATE_DMY = Field(name="x", type="date", format="%d/%m/%Y")
DATE_NAMED = Field(name="x", type="date", format="id-day-month-year")
DATE_SERIAL = Field(name="x", type="date", format="excel-serial")
MONTH_NAMED = Field(name="x", type="yearmonth", format="id-month-year")
MONTH = Field(name="x", type="yearmonth")
YEAR = Field(name="x", type="year")
BOOLEAN = Field(name="x", type="boolean")
DATETIME = Field(name="x", type="datetime")
TEXT = Field(name="x")
CODE = Field(name="x", codeLike=True)

CASES: list[tuple[str, Field, str | None, Any]] = [
    ("integer", INTEGER, "12", 12),
    ("integer", INTEGER, " -5 ", -5),
    ("integer", INTEGER, "+7", 7),
    ("integer", INTEGER, "1.234", None),
    ("integer", INTEGER, "12.0", None),
    ("integer", INTEGER, "99999999999999999999", None),  # past BIGINT: a misfit, not a wrap
    ("integer", INTEGER, "abc", None),
    ("integer.", INTEGER_DOT, "1.234.567", 1234567),
    ("integer.", INTEGER_DOT, "-1.234", -1234),
    ("integer.", INTEGER_DOT, "12", 12),
    ("integer.", INTEGER_DOT, "1.23", None),
    ("integer.", INTEGER_DOT, "1.2345", None),
    ("integer,", INTEGER_COMMA, "1,234,567", 1234567),
    ("integer,", INTEGER_COMMA, "1.5", None),
    ("number", NUMBER, "12.5", 12.5),
    ("number", NUMBER, ".5", 0.5),
    ("number", NUMBER, "-0.25", -0.25),
    ("number", NUMBER, "1,5", None),
    ("number", NUMBER, "nan", None),
    ("number", NUMBER, "inf", None),
    ("number,.", NUMBER_ID, "1.234,56", 1234.56),
    ("number,.", NUMBER_ID, "12,5", 12.5),
    ("number,.", NUMBER_ID, "-1.234,5", -1234.5),
    ("number,.", NUMBER_ID, "1.234.567,891", 1234567.891),
    ("number,.", NUMBER_ID, "1.234.567", 1234567.0),
    ("number,.", NUMBER_ID, "1.234", 1234.0),  # a dot group, as Indonesians write thousands
    ("number,.", NUMBER_ID, "12.5", 12.5),  # one or two decimals after a dot stay decimals
    ("number,.", NUMBER_ID, "0,5", 0.5),
    ("number,.", NUMBER_ID, "1,234.5", None),
    ("number,.", NUMBER_ID, "1.2.3", None),
    ("number,.", NUMBER_ID, "12,5 juta", None),
    ("number.,", NUMBER_EN, "1,234.56", 1234.56),
    ("number.,", NUMBER_EN, "1,234", 1234.0),
    ("number.,", NUMBER_EN, "1.234,5", None),
    ("date", DATE, "2024-12-31", date(2024, 12, 31)),
    ("date", DATE, "2024-2-1", date(2024, 2, 1)),
    ("date", DATE, "2024-02-30", None),
    ("date", DATE, "31/12/2024", None),
    ("dmy", DATE_DMY, "31/12/2024", date(2024, 12, 31)),
    ("dmy", DATE_DMY, "1/2/2024", date(2024, 2, 1)),
    ("dmy", DATE_DMY, "31-12-2024", date(2024, 12, 31)),
    ("dmy", DATE_DMY, "31.12.2024", date(2024, 12, 31)),
    ("dmy", DATE_DMY, "31/12/24", None),  # not the year 24
    ("dmy", DATE_DMY, "32/01/2024", None),
    ("dmy", DATE_DMY, "2024-12-31", None),
    ("named", DATE_NAMED, "31 Desember 2024", date(2024, 12, 31)),
    ("named", DATE_NAMED, "17 Agustus 1945", date(1945, 8, 17)),
    ("named", DATE_NAMED, "17 Agt. 2024", date(2024, 8, 17)),
    ("named", DATE_NAMED, "1 Jan 2024", date(2024, 1, 1)),
    ("named", DATE_NAMED, "31 Februari 2024", None),
    ("named", DATE_NAMED, "31 Foo 2024", None),
    ("serial", DATE_SERIAL, "45657", date(2024, 12, 31)),
    ("serial", DATE_SERIAL, "45323", date(2024, 2, 1)),
    ("serial", DATE_SERIAL, "45657.5", None),
    ("serial", DATE_SERIAL, "abc", None),
    ("month-year", MONTH_NAMED, "Desember 2024", date(2024, 12, 1)),
    ("month-year", MONTH_NAMED, "DESEMBER  2024", date(2024, 12, 1)),
    ("month-year", MONTH_NAMED, "Des. 2024", date(2024, 12, 1)),
    ("month-year", MONTH_NAMED, "Pebruari 2024", date(2024, 2, 1)),
    ("month-year", MONTH_NAMED, "Foo 2024", None),
    ("yearmonth", MONTH, "2024-12", date(2024, 12, 1)),
    ("yearmonth", MONTH, "2024-13", None),
    ("year", YEAR, "2024", 2024),
    ("year", YEAR, "2024.0", 2024),
    ("year", YEAR, "24", None),
    ("year", YEAR, "2024.5", None),
    ("boolean", BOOLEAN, "Ya", True),
    ("boolean", BOOLEAN, "TIDAK", False),
    ("boolean", BOOLEAN, "tidak ada", False),
    ("boolean", BOOLEAN, "1", True),
    ("boolean", BOOLEAN, "mungkin", None),
    ("datetime", DATETIME, "2024-12-31 10:30", datetime(2024, 12, 31, 10, 30)),
    ("datetime", DATETIME, "2024-12-31T10:30:00", datetime(2024, 12, 31, 10, 30)),
    ("string", TEXT, " Kota Malang ", "Kota Malang"),  # stray spaces go
    ("string", TEXT, "3201.0", "3201.0"),
    ("code", CODE, "3201.0", "3201"),
    ("code", CODE, " 3201.00 ", "3201"),
    ("code", CODE, "0123", "0123"),
    ("code", CODE, "35.07", "35.07"),
]


@pytest.mark.parametrize(("kind", "field", "value", "expected"), CASES)
def test_value_is_typed(kind: str, field: Field, value: str, expected: Any) -> None:
    assert parse(field, value) == expected


@pytest.mark.parametrize("field", [INTEGER, NUMBER_ID, DATE_DMY, MONTH_NAMED, BOOLEAN, TEXT, CODE])
@pytest.mark.parametrize("value", [None, "", "  ", "-", " - "])
def test_missing_values_are_null_in_every_type(field: Field, value: str | None) -> None:
    assert parse(field, value) is None
    assert parse(field, value, strict=True) is None


@pytest.mark.parametrize(("field", "value"), [(INTEGER, "abc"), (NUMBER_ID, "1,2,3"),
                                              (DATE_DMY, "31/12/24"), (YEAR, "2O24")])  # fmt: skip
def test_strict_parsing_raises_a_tagged_error_on_a_misfit(field: Field, value: str) -> None:
    with pytest.raises(duckdb.Error, match="satudata:type-error:x"):
        parse(field, value, strict=True)


@pytest.mark.parametrize(("kind", "field", "value", "expected"),
                         [c for c in CASES if c[3] is not None])  # fmt: skip
def test_strict_parsing_gives_the_same_value_when_it_fits(
    kind: str, field: Field, value: str, expected: Any
) -> None:
    assert parse(field, value, strict=True) == expected


def test_missing_values_list_is_honoured() -> None:
    sql = missing_sql("v", ["n/a", "it's"])  # "" is always missing
    cells = [" n/a ", "it's", "", "  ", None, "n/a x", "0", "-"]
    found = CON.execute(f"SELECT list({sql} ORDER BY i) FROM (SELECT unnest(?) v, "
                        "generate_subscripts(?, 1) i)", [cells, cells]).fetchone()  # fmt: skip
    assert found == ([True, True, True, True, True, False, False, False],)
    trimmed = missing_sql("v", ["n/a"], trimmed=True)
    assert CON.execute(f"SELECT {trimmed} FROM (SELECT ' n/a ' v)").fetchone() == (False,)


def test_identifiers_and_strings_are_quoted() -> None:
    assert quote_ident('a"b') == '"a""b"'
    assert sql_str("Ra'as") == "'Ra''as'"
    assert CON.execute(f"SELECT {sql_str(chr(39) * 3)}").fetchone() == ("'''",)


ALL_FIELDS = [INTEGER, INTEGER_DOT, INTEGER_COMMA, NUMBER, NUMBER_ID, NUMBER_EN, DATE,
              DATE_DMY, DATE_NAMED, DATE_SERIAL, MONTH_NAMED, MONTH, YEAR, BOOLEAN, DATETIME,
              CODE]  # fmt: skip
NUMBERISH = st.text(alphabet="0123456789.,-+ eE/abcDesmber", max_size=20)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(ALL_FIELDS), value=st.one_of(st.text(max_size=30), NUMBERISH))
def test_lenient_parsing_never_fails_on_any_text(field: Field, value: str) -> None:
    result = parse(field, value)

    assert result is None or isinstance(result, int | float | bool | date | str)


@settings(max_examples=200, deadline=None)
@given(n=st.integers(min_value=-(10**15), max_value=10**15))
def test_indonesian_grouped_integers_round_trip(n: int) -> None:
    text = f"{n:,}".replace(",", ".")

    assert parse(INTEGER_DOT, text) == n
    assert parse(NUMBER_ID, text) == n


@settings(max_examples=200, deadline=None)
@given(d=st.decimals(min_value=-(10**9), max_value=10**9, places=2, allow_nan=False))
def test_indonesian_decimals_round_trip(d: Decimal) -> None:
    text = f"{d:,.2f}".replace(",", " ").replace(".", ",").replace(" ", ".")

    assert parse(NUMBER_ID, text) == pytest.approx(float(d), abs=1e-9)


@settings(max_examples=100, deadline=None)
@given(day=st.dates(min_value=date(1900, 3, 1), max_value=date(2100, 12, 31)))
def test_dates_round_trip_through_every_spelling(day: date) -> None:
    month = ["januari", "februari", "maret", "april", "mei", "juni", "juli", "agustus",
             "september", "oktober", "november", "desember"][day.month - 1]  # fmt: skip

    assert parse(DATE, day.isoformat()) == day
    assert parse(DATE_DMY, day.strftime("%d/%m/%Y")) == day
    assert parse(DATE_NAMED, f"{day.day} {month.capitalize()} {day.year}") == day
    assert parse(DATE_SERIAL, str((day - date(1899, 12, 30)).days)) == day
    assert parse(MONTH_NAMED, f"{month} {day.year}") == day.replace(day=1)


@pytest.mark.parametrize(("value", "expected"), [("0.369", 0.369), ("-0.05", -0.05),
                                                 ("1.234", 1234.0), ("0,369", 0.369)])  # fmt: skip
def test_a_leading_zero_is_never_a_thousands_group(value: str, expected: float) -> None:
    # A rasio gini of "0.369" in an Indonesian-style column once became 369.
    assert parse(NUMBER_ID, value) == pytest.approx(expected)
