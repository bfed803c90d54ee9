"""Lines DuckDB's CSV reader refuses are typed alone and put back in place (ingest.refused).

Every case is checked twice: with the refused lines put back by position, and with the
whole file written again leniently (the way it was done before). Both must give the same
report, finding for finding, and the same rows.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter

import satudata.ingest.source as source_module
import satudata.ingest.typed_write as typed_write
from satudata.auth import SYSTEM
from satudata.ingest.refused import STEP, Merged, _order_keys, _texts
from satudata.ingest.service import IngestRequest, check_file
from satudata.runtime import Runtime

HEADER = "kode_wilayah,nama_wilayah,tahun,jumlah,rasio,tanggal"
PLACES = [("35.07", "Kabupaten Malang"), ("35.73", "Kota Malang"), ("35.78", "Kota Surabaya"),
          ("35.79", "Kota Batu"), ("35.15", "Kabupaten Sidoarjo")]  # fmt: skip


def rows(n: int, year: int = 2024) -> list[str]:
    """Return n clean data lines, one per region and month (month 1-12, then the next year)."""
    out = []
    for i in range(n):
        code, name = PLACES[i % len(PLACES)]
        month = i // len(PLACES) % 12 + 1
        out.append(f"{code},{name},{year + i // (12 * len(PLACES))},{i + 1},{i}.5,"
                   f"{year}-{month:02d}-01")  # fmt: skip
    return out


@pytest.fixture
def stream_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every CSV, however small, through the streaming reader."""
    monkeypatch.setattr(source_module, "STREAM_THRESHOLD", 0)


@pytest.fixture
def published(tmp_path: Path, stream_all: None, ingest: Any) -> None:
    """A dataset whose schema is fixed by a first, clean file."""
    path = tmp_path / "awal.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows(10)) + "\n")
    ingest(path, metadata={"region_level": "kabupaten_kota"})


@pytest.fixture
def both(runtime: Runtime, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Any]:
    """Dry-run a file with refused lines put back and without; return both and the path."""

    def run(path: Path) -> tuple[dict[str, Any], dict[str, Any], bool]:
        real = typed_write.merge_refused
        taken: list[bool] = []

        def spy(*args: Any, **kwargs: Any) -> Any:
            merged = real(*args, **kwargs)
            taken.append(merged is not None)
            return merged

        request = IngestRequest(path=path, organization="DINKES", dataset="data-uji")
        monkeypatch.setattr(typed_write, "merge_refused", spy)
        fast = check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)
        monkeypatch.setattr(typed_write, "merge_refused", lambda *args, **kwargs: None)
        slow = check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)
        monkeypatch.setattr(typed_write, "merge_refused", real)
        return fast, slow, any(taken)

    return run


def put(line: str, column: str, value: str) -> str:
    """Return a data line with the value of one column replaced."""
    values = line.split(",")
    values[HEADER.split(",").index(column)] = value
    return ",".join(values)


def found(report: dict[str, Any]) -> list[tuple[str, int | None, str | None, Any]]:
    return [(e["type"], e["row"], e.get("field"), e.get("value")) for e in report["errors"]]


def write(tmp_path: Path, lines: list[str], *, end: str = "\n", final: bool = True) -> Path:
    path = tmp_path / "kemudian.csv"
    path.write_bytes((end.join([HEADER, *lines]) + (end if final else "")).encode())
    return path


def test_a_bad_number_in_the_middle_is_found_at_its_line_and_no_row_is_lost(
    tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(30)
    lines[14] = put(lines[14], "jumlah", "lima belas")  # line 16 of the file
    lines[20] = put(lines[20], "kode_wilayah", "35.99")  # a row after it: line 22

    fast, slow, taken = both(write(tmp_path, lines))

    assert taken
    assert fast == slow
    assert found(fast) == [("type-error", 16, "jumlah", "lima belas"),
                           ("region-code", 22, "kode_wilayah", "35.99")]  # fmt: skip
    assert (fast["row_count"], fast["error_count"]) == (30, 2)


@pytest.mark.parametrize(
    ("bad", "end", "final"),
    [
        ([0], "\n", True),  # the first data line
        ([29], "\n", False),  # the last line, with no line end after it
        ([29], "\r\n", True),
        ([9, 10, 11], "\n", True),  # lines one after the other
        ([3, 17, 28], "\r\n", False),
    ],
)
def test_refused_lines_anywhere_give_the_same_report_as_the_whole_file_written_again(
    bad: list[int], end: str, final: bool, tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(30)
    for i in bad:
        lines[i] = put(lines[i], "rasio", "satu koma lima")
    lines[25] = put(lines[25], "kode_wilayah", "35.99")

    fast, slow, taken = both(write(tmp_path, lines, end=end, final=final))

    assert taken
    assert fast == slow
    assert [(t, r, f, v) for t, r, f, v in found(fast) if t == "type-error"] == [
        ("type-error", i + 2, "rasio", "satu koma lima") for i in bad]  # fmt: skip
    assert fast["row_count"] == 30


def test_two_misfits_in_one_row_and_a_bad_date_are_each_reported(
    tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(12)
    lines[4] = "35.78,Kota Surabaya,2024,lima,dua,2024-13-01"  # line 6
    lines[7] = put(lines[7], "tanggal", "2024/02-01")  # line 9

    fast, slow, taken = both(write(tmp_path, lines))

    assert taken
    assert fast == slow
    assert found(fast) == [
        ("type-error", 6, "jumlah", "lima"),
        ("type-error", 6, "rasio", "dua"),
        ("type-error", 6, "tanggal", "2024-13-01"),
        ("type-error", 9, "tanggal", "2024/02-01"),
    ]


def test_a_refused_line_with_quoted_commas_is_read_as_the_file_has_it(
    tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(8)
    lines[3] = '"35.99","Kota Batu, ""Kota Wisata""",2024,empat,3.5,2024-01-01'  # line 5

    fast, slow, taken = both(write(tmp_path, lines))

    assert taken
    assert fast == slow
    assert found(fast) == [("type-error", 5, "jumlah", "empat"),
                           ("region-code", 5, "kode_wilayah", "35.99")]  # fmt: skip


@pytest.mark.parametrize(
    "change",
    [
        "multi-line value before",  # a quoted value over two lines, above the refused line
        "multi-line value in it",  # the refused line holds such a value itself
        "blank line before",
        "missing values only",  # a row of "-": DuckDB's reader leaves it out
        "footnote read and left out",  # "Sumber: BPS,,,,," after the table
        "lone carriage return",
    ],
)
def test_files_whose_lines_are_not_all_rows_are_written_again_whole(
    change: str, tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(20)
    lines[12] = put(lines[12], "jumlah", "tiga belas")
    if change == "multi-line value before":
        lines[5] = put(lines[5], "nama_wilayah", '"Kabupaten\nMalang"')
    elif change == "multi-line value in it":
        lines[12] = put(lines[12], "nama_wilayah", '"Kota\nSurabaya"')
    elif change == "blank line before":
        lines.insert(6, "")
    elif change == "missing values only":
        lines.insert(6, "-,-,-,-,-,-")
    elif change == "footnote read and left out":
        lines.append("Sumber: BPS,,,,,")
    else:
        lines[3] = put(lines[3], "nama_wilayah", '"Kota\rBatu"')

    fast, slow, taken = both(write(tmp_path, lines))

    assert not taken
    assert fast == slow
    assert [e["type"] for e in fast["errors"]].count("type-error") == 1


def test_a_short_footnote_after_the_table_does_not_stop_the_refused_lines_being_put_back(
    tmp_path: Path, published: None, both: Any
) -> None:
    lines = [*rows(20), "Sumber: BPS"]
    lines[7] = put(lines[7], "jumlah", "delapan")

    fast, slow, taken = both(write(tmp_path, lines))

    assert taken
    assert fast == slow
    assert found(fast) == [("type-error", 9, "jumlah", "delapan")]
    assert {"row": 22, "reason": "footnote", "text": "Sumber: BPS"} in fast["notes"]["set_aside"]


def test_a_short_row_is_still_a_row_shape_error_when_a_line_is_refused(
    tmp_path: Path, published: None, both: Any
) -> None:
    lines = rows(20)
    lines[3] = "35.07,Kabupaten Malang,2024"  # line 5
    lines[9] = put(lines[9], "jumlah", "sepuluh")

    fast, slow, taken = both(write(tmp_path, lines))

    assert taken
    assert fast == slow
    assert found(fast) == [("row-shape", 5, None, "35.07,Kabupaten Malang,2024")]


def test_many_refused_lines_keep_every_later_row_at_its_own_line(
    tmp_path: Path, published: None, both: Any
) -> None:
    """Findings on the rows between refused lines depend on putting them back right."""
    lines = rows(600)
    pick = random.Random(7)
    refused = sorted({*pick.sample(range(600), 60), 100, 101, 102, 599})
    for i in refused:
        lines[i] = put(lines[i], "rasio", "?")
    unknown = [i for i in range(0, 600, 37) if i not in refused]
    for i in unknown:
        lines[i] = put(lines[i], "kode_wilayah", "35.99")
    path = write(tmp_path, lines)

    fast, slow, taken = both(path)

    assert taken
    assert fast == slow
    assert {(r, v) for t, r, _, v in found(fast) if t == "type-error"} == {
        (i + 2, "?") for i in refused}  # fmt: skip
    assert [r for t, r, _, _ in found(fast) if t == "region-code"] == [i + 2 for i in unknown]
    assert fast["row_count"] == 600


def test_missing_values_the_reader_refuses_leave_the_same_version(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """A spaced "-" is missing, not a misfit: the version is written from text, all rows in."""
    first = tmp_path / "awal.csv"
    first.write_text(HEADER + "\n" + "\n".join(rows(10)) + "\n")
    lines = rows(10)
    lines[2] = put(lines[2], "jumlah", " - ")
    lines[6] = put(lines[6], "rasio", "  -")
    path = write(tmp_path, lines)
    got = {}
    for slug, merge in (("cepat", typed_write.merge_refused), ("lambat", lambda *a, **k: None)):
        monkeypatch.setattr(typed_write, "merge_refused", merge)
        ingest(first, dataset=slug)
        result = ingest(path, dataset=slug)
        assert (result.row_count, result.validation["error_count"]) == (10, 0)
        got[slug] = version_rows(slug, order="jumlah NULLS FIRST, rasio NULLS FIRST")

    assert got["cepat"] == got["lambat"]
    assert [(r["jumlah"], r["rasio"]) for r in got["cepat"][:2]] == [(None, 2.5), (1, 0.5)]
    assert [r["rasio"] for r in got["cepat"]].count(None) == 1


def test_a_number_the_reader_reads_is_read_alike_beside_a_refused_line(
    tmp_path: Path, published: None, both: Any
) -> None:
    """The text 1e3 is a number to DuckDB's reader, with or without a misfit in its column.

    Writing the whole file again from text made it a type error only when another cell
    of its column was refused; putting the refused lines back keeps the reader's reading.
    """
    lines = rows(10)
    lines[1] = put(lines[1], "rasio", "1e3")
    clean, _, _ = both(write(tmp_path, lines))
    lines[5] = put(lines[5], "rasio", "lima")
    fast, slow, taken = both(write(tmp_path, lines))

    assert found(clean) == []
    assert taken
    assert found(fast) == [("type-error", 7, "rasio", "lima")]
    assert found(slow) == [("type-error", 3, "rasio", "1e3"), ("type-error", 7, "rasio", "lima")]


def test_workbook_type_errors_keep_their_sheet_rows(
    tmp_path: Path, published: None, both: Any
) -> None:
    path = tmp_path / "data.xlsx"
    with xlsxwriter.Workbook(path) as wb:
        ws = wb.add_worksheet("Data")
        ws.write("A1", "JUMLAH MENURUT KABUPATEN/KOTA")
        ws.write_row("A3", HEADER.split(","))
        for offset, line in enumerate(rows(8)):
            values: list[Any] = line.split(",")
            values[3] = "tiga" if offset == 2 else int(values[3])
            ws.write_row(3 + offset, 0, values)

    fast, slow, taken = both(path)

    assert not taken  # a workbook is read whole: nothing to put back
    assert fast == slow
    errors = [(e["type"], e["row"], e["value"], e.get("cell")) for e in fast["errors"]]
    assert errors == [("type-error", 6, "tiga", "Data!D6")]


def test_order_keys_put_refused_rows_back_at_their_positions() -> None:
    pick = random.Random(3)
    for size in (1, 2, 5, 40, 200):
        total = 200
        ords = sorted(pick.sample(range(total), size))
        starts, keys = _order_keys(ords)
        merged = Merged(rows=total, bad={}, table_sql="", starts=starts,
                        refused=dict(zip(keys, ords, strict=True)))  # fmt: skip
        strict = [(i + 1) * STEP for i in range(total - size)]

        in_order = sorted(strict + keys)

        assert [merged.position(k) for k in in_order] == list(range(total))


@pytest.mark.parametrize(
    ("data", "text", "at", "whole"),
    [
        (b"a,b\n1,x\n2,y\n", "1,x", 5, True),  # DuckDB's start may be one byte late
        (b"a,b\r\n1,x\r\n2,y", "\n2,y", 10, True),  # its text may begin with "\n"
        (b"a,b\n1,x\n2,y\n", "1,x", 9, False),  # not where DuckDB says
        (b"a,b\n1,xx\n", "1,x", 5, False),  # only the start of a line
    ],
)
def test_a_refused_line_is_taken_only_as_a_whole_line_where_duckdb_found_it(
    data: bytes, text: str, at: int, whole: bool, tmp_path: Path
) -> None:
    path = tmp_path / "baris.csv"
    path.write_bytes(data)

    got = _texts(path, {2: (at, text)})

    assert got == ({2: text.strip().encode()} if whole else None)
