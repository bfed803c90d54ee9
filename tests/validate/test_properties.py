"""Whatever an agency sends, the dry run answers with a report or a clean domain error.

Cells mix what real files hold: Indonesian numbers ("1.234,56"), dates, missing-value
marks ("-", "—", empty), kode wilayah of every style, spreadsheet junk, and any text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudata.errors import SatudataError

HEADER = ["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Puskesmas"]
TYPICAL = [
    "1.234,56", "12,5", "2.654.448", "847182", "0", "-7", "1e9", "-", "--", "—", "", " ",
    "2024", "31/12/2024", "2024-12-31", "Desember 2024", "45657", "35.07", "3507", "35.73",
    "35.07.01", "33.01", "35.99", "Kabupaten Malang", "Kota Malang", "Kab. Malang", "Malang",
    "Kota Surbaya", "n/a", "#REF!", "=SUM(D2:D9)", "abc", "TRUE", "ya", "Jumlah",
    "Sumber: Dinas Kesehatan", '"', "'35.07", "\t",
]  # fmt: skip
cells = st.one_of(st.sampled_from(TYPICAL), st.text(max_size=12))
# Rows of the published dataset: a region, a year, a count (and, now and then, junk).
REGIONS = [("35.07", "Kabupaten Malang"), ("35.73", "Kota Malang"), ("35.78", "Kota Surabaya"),
           ("35.79", "Kota Batu"), ("35.07", "Kab. Malang"), ("3507", "Kabupaten Malang")]  # fmt: skip
YEARS = st.sampled_from(["2023", "2024", "2025"])
COUNTS = st.one_of(st.integers(-10, 10**7).map(str), st.sampled_from(["1.234", "39", "16", "-"]))


def junk_or(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(*[strategy] * 7, cells)


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[str], list[list[str]]]:
    """A header and rows: mostly the dataset's own columns, sometimes anything at all."""
    if draw(st.booleans()):
        region = st.sampled_from(REGIONS)
        fitting = st.tuples(region, junk_or(YEARS), junk_or(COUNTS)).map(
            lambda r: [r[0][0], r[0][1], r[1], r[2]]
        )
        body = draw(st.lists(fitting, max_size=12))
        if draw(st.booleans()):  # a stray line: a footnote, a total, a ragged row
            body.insert(draw(st.integers(0, len(body))), draw(st.lists(cells, max_size=6)))
        return HEADER, body
    header = draw(st.lists(cells, min_size=1, max_size=5))
    width = len(header)
    row = st.one_of(st.lists(cells, min_size=width, max_size=width), st.lists(cells, max_size=6))
    return header, draw(st.lists(row, max_size=12))


SETTINGS = settings(max_examples=30, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])  # fmt: skip


def as_csv(header: list[str], body: list[list[str]], delimiter: str) -> str:
    def line(cells: list[str]) -> str:
        return delimiter.join('"' + c.replace('"', '""') + '"' if any(
            ch in c for ch in (delimiter, '"', "\n", "\r")) else c for c in cells)  # fmt: skip

    return "\n".join(line(r) for r in [header, *body]) + "\n"


def assert_is_a_report(report: dict[str, Any]) -> None:
    """Every problem is an entry; the totals agree with the entries."""
    errors = sum(n["errors"] for n in report["by_type"].values())
    warnings = sum(n["warnings"] for n in report["by_type"].values())
    assert (report["error_count"], report["warning_count"]) == (errors, warnings)
    assert report["valid"] is (errors == 0)
    if not report["valid"]:
        assert report["error_count"] >= 1
        assert report["errors"]
    assert len(report["errors"]) <= report["error_count"]
    assert len(report["warnings"]) <= report["warning_count"]
    for entry in report["errors"] + report["warnings"]:
        assert entry["type"] and isinstance(entry["type"], str)
        assert entry["message"] and entry["message_en"]
        assert entry["severity"] in ("error", "warning")
        assert entry["row"] is None or entry["row"] >= 1


def dry_run(check: Any, path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    try:
        report = check(path)
    except SatudataError as error:  # refused before anything was read: a clean domain error
        assert error.type and error.message_id and error.message_en
        return
    assert_is_a_report(report)


@pytest.fixture
def published(write_csv: Callable[..., Path], ingest: Any) -> None:
    ingest(write_csv([["35.07", "Kabupaten Malang", 2024, 39], ["35.73", "Kota Malang", 2024, 16]],
                     HEADER))  # fmt: skip


@SETTINGS
@given(table=tables(), delimiter=st.sampled_from([",", ";"]))
def test_any_file_for_an_existing_dataset_gets_a_report(
    table: tuple[list[str], list[list[str]]], delimiter: str, published: None, check: Any,
    tmp_path: Path,
) -> None:  # fmt: skip
    dry_run(check, tmp_path / "kiriman.csv", as_csv(*table, delimiter))


@SETTINGS
@given(table=tables(), delimiter=st.sampled_from([",", ";"]))
def test_any_file_for_a_new_dataset_gets_a_report(
    table: tuple[list[str], list[list[str]]], delimiter: str, check: Any, tmp_path: Path
) -> None:
    dry_run(check, tmp_path / "kiriman.csv", as_csv(*table, delimiter))


def test_the_dry_runs_stored_nothing(published: None, check: Any, stored: Any,
                                     tmp_path: Path) -> None:  # fmt: skip
    before = stored()
    for text in ("a;b\n1.234,56;-\n", "Kode Wilayah,Tahun\n35.07,2024\n35.07,2024\n", "\n"):
        dry_run(check, tmp_path / "kiriman.csv", text)
    assert stored() == before
