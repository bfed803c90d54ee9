"""Large CSVs are streamed by DuckDB: same typed result as the in-memory grid path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import satudata.ingest.source as source_module
from satudata.errors import IngestError

HEADER = "kode_wilayah,nama_wilayah,jumlah\n"


@pytest.fixture
def stream_all(monkeypatch: pytest.MonkeyPatch) -> None:
    """Send every CSV, however small, through the streaming reader."""
    monkeypatch.setattr(source_module, "STREAM_THRESHOLD", 0)


@pytest.mark.parametrize(
    ("filename", "order"),
    [
        ("title_rows.csv", "kode_wilayah"),
        ("footnotes.csv", "kode_wilayah"),
        ("total_row.csv", "kode_wilayah"),
        ("numbers_id.csv", "penduduk"),
        ("cp1252.csv", "kode_wilayah"),
        ("utf16.csv", "kode_wilayah"),
        ("dates.csv", "kejadian"),
        ("codes.csv", "kode_wilayah"),
        ("quoted_newlines.csv", "kode_wilayah"),
        ("delimiter_pipe.csv", "kode_wilayah"),
        ("trailing_delimiter.csv", "kode_wilayah"),
    ],
)
def test_streamed_csv_gives_the_same_table_as_the_grid_path(
    filename: str, order: str, data_dir: Path, ingest: Any, version_rows: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    grid = ingest(data_dir / filename, dataset="lewat-grid")
    monkeypatch.setattr(source_module, "STREAM_THRESHOLD", 0)
    streamed = ingest(data_dir / filename, dataset="lewat-stream")

    assert streamed.notes["notes"][0]["type"] == "streamed"
    assert grid.notes["notes"] == []
    assert streamed.table_schema == grid.table_schema
    assert streamed.row_count == grid.row_count
    assert streamed.notes["set_aside"] == grid.notes["set_aside"]
    assert version_rows("lewat-stream", order=order) == version_rows("lewat-grid", order=order)


def test_streamed_csv_skips_titles_and_sets_aside_the_total_and_footnotes_at_its_end(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any
) -> None:
    path = tmp_path / "besar.csv"
    names = ["Kabupaten Malang", "Kota Malang", "Kota Batu"]
    body = "".join(f"K{i:03d},{names[i % 3]},{i * 10}\n" for i in range(1, 301))
    path.write_text(
        "JUMLAH KASUS MENURUT WILAYAH,,\nTAHUN 2024,,\n,,\nkode_kasus,nama_wilayah,jumlah\n" + body
        + ",Jumlah,451500\nSumber: Dinas Kesehatan,,\n*) angka sementara,,\n"
    )  # fmt: skip

    result = ingest(path)

    assert result.row_count == 300
    assert result.notes["set_aside"] == [
        {"row": 1, "reason": "title", "text": "JUMLAH KASUS MENURUT WILAYAH"},
        {"row": 2, "reason": "title", "text": "TAHUN 2024"},
        {"row": 305, "reason": "total", "text": "Jumlah | 451500"},
        {"row": 306, "reason": "footnote", "text": "Sumber: Dinas Kesehatan"},
        {"row": 307, "reason": "footnote", "text": "*) angka sementara"},
    ]
    rows = version_rows(order="jumlah")
    assert rows[0] == {"kode_kasus": "K001", "nama_wilayah": "Kota Malang", "jumlah": 10}
    assert rows[-1] == {"kode_kasus": "K300", "nama_wilayah": "Kabupaten Malang",
                        "jumlah": 3000}  # fmt: skip
    assert sum(r["jumlah"] for r in rows) == 451500


def test_streamed_csv_with_a_short_row_in_the_middle_is_a_row_shape_error(
    tmp_path: Path, stream_all: None, ingest: Any, dataset_state: Any, lake_files: Any
) -> None:
    path = tmp_path / "rusak.csv"
    path.write_text(
        HEADER + "35.07,Kabupaten Malang,10\n35.73,Kota Malang\n35.78,Kota Surabaya,5\n"
    )

    with pytest.raises(IngestError) as caught:
        ingest(path)

    assert caught.value.type == "row-shape-errors"
    (error,) = caught.value.details["errors"]
    assert (error["type"], error["row"], error["value"]) == ("row-shape", 3, "35.73,Kota Malang")
    assert error["message"].startswith("Baris 3: jumlah kolom tidak sesuai")
    assert dataset_state() == (None, None, 0)
    assert lake_files("versions") == set()


def test_streamed_csv_with_a_long_row_past_the_sampled_head_is_a_row_shape_error(
    tmp_path: Path, stream_all: None, ingest: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(source_module, "_HEAD_LINES", 5)
    path = tmp_path / "rusak.csv"
    rows = [f"35.{i:02d},Wilayah {i},{i}" for i in range(1, 21)]
    rows[11] += ",99"  # line 13 of the file
    path.write_text(HEADER + "\n".join(rows) + "\n")

    with pytest.raises(IngestError) as caught:
        ingest(path)

    assert caught.value.type == "row-shape-errors"
    assert [(e["row"], e["value"]) for e in caught.value.details["errors"]] == [
        (13, "35.12,Wilayah 12,12,99")]  # fmt: skip


def test_streamed_csv_type_error_cites_the_line_in_the_file(
    tmp_path: Path, stream_all: None, ingest: Any, dataset_state: Any
) -> None:
    first = tmp_path / "kasus-2024.csv"
    first.write_text("JUMLAH KASUS,,\n,,\n" + HEADER + "35.07,Kabupaten Malang,10\n"
                     "35.73,Kota Malang,20\n")  # fmt: skip
    ingest(first)
    later = tmp_path / "kasus-2025.csv"
    rows = "35.07,Kabupaten Malang,11\n35.73,Kota Malang,dua puluh\n35.78,Kota Surabaya,5\n"
    later.write_text("JUMLAH KASUS,,\n,,\n" + HEADER + rows + "Sumber: Dinkes,,\n")

    with pytest.raises(IngestError) as caught:
        ingest(later)

    assert caught.value.type == "type-errors"
    assert caught.value.details["error_count"] == 1
    (error,) = caught.value.details["errors"]
    assert (error["row"], error["column"], error["value"]) == (5, "jumlah", "dua puluh")
    assert "cell" not in error
    assert dataset_state() == (1, 2, 1)


def test_first_streamed_file_reinfers_a_column_whose_later_rows_are_text(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr("satudata.ingest.inference.INFER_SAMPLE_ROWS", 2)
    path = tmp_path / "kasus.csv"
    path.write_text(HEADER + "35.07,Kabupaten Malang,10\n35.73,Kota Malang,20\n"
                    "35.78,Kota Surabaya,belum ada\n")  # fmt: skip

    result = ingest(path)

    jumlah = result.table_schema["fields"][2]
    assert (jumlah["name"], jumlah["type"]) == ("jumlah", "string")
    assert {"type": "reinferred", "fields": ["jumlah"]} in result.notes["notes"]
    assert [r["jumlah"] for r in version_rows(order="kode_wilayah")] == ["10", "20", "belum ada"]


def test_first_streamed_file_whose_decimals_start_after_the_head_gets_a_number_column(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    monkeypatch.setattr("satudata.ingest.inference.INFER_SAMPLE_ROWS", 2)
    path = tmp_path / "rasio.csv"
    path.write_text("kode_wilayah,tahun,rasio\n35.07,2020,10\n35.73,2020,20\n"
                    "35.07,2021,12.5\n35.73,2021,-\n")  # fmt: skip

    result = ingest(path)

    fields = {f["name"]: f for f in result.table_schema["fields"]}
    assert fields["rasio"]["type"] == "number"
    assert fields["tahun"]["dimension"] == "period"
    assert {"type": "reinferred", "fields": ["rasio"]} in result.notes["notes"]
    rows = version_rows(order="kode_wilayah, tahun")
    assert [r["rasio"] for r in rows] == [10.0, 12.5, 20.0, None]


def test_first_streamed_file_widens_when_even_all_values_do_not_fit_the_reinferred_type(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    """The last resort: text. Forced here by a re-inference that guesses wrong again."""
    import satudata.ingest.inference as inference
    import satudata.ingest.typed_write as typed_write

    monkeypatch.setattr(inference, "INFER_SAMPLE_ROWS", 2)
    monkeypatch.setattr(typed_write, "reinfer", lambda con, source, schema, counts: schema)
    path = tmp_path / "kasus.csv"
    path.write_text(HEADER + "35.07,Kabupaten Malang,10\n35.73,Kota Malang,20\n"
                    "35.78,Kota Surabaya,belum ada\n")  # fmt: skip

    result = ingest(path)

    assert result.notes["notes"][-2:] == [{"type": "reinferred", "fields": ["jumlah"]},
                                          {"type": "widened", "fields": ["jumlah"]}]  # fmt: skip
    assert [r["jumlah"] for r in version_rows(order="kode_wilayah")] == ["10", "20", "belum ada"]


def test_streamed_csv_sets_aside_short_total_and_footnote_rows_duckdb_rejects(
    tmp_path: Path, stream_all: None, ingest: Any
) -> None:
    path = tmp_path / "pendek.csv"
    path.write_text(HEADER + "35.07,Kabupaten Malang,10\n35.73,Kota Malang,20\n"
                    "Jumlah,30\nSumber: BPS\n")  # fmt: skip

    result = ingest(path)

    assert result.row_count == 2
    assert sorted(result.notes["set_aside"], key=lambda a: a["row"]) == [
        {"row": 4, "reason": "total", "text": "Jumlah,30"},
        {"row": 5, "reason": "footnote", "text": "Sumber: BPS"},
    ]


def test_streamed_csv_keeps_rows_with_empty_and_spaced_missing_numbers(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any
) -> None:
    """Number columns are parsed by DuckDB's reader; no row may vanish in its rejects."""
    path = tmp_path / "kosong.csv"
    path.write_text(
        "kode_wilayah,tahun,jumlah,rasio\n"
        "35.07,2024,10,1.5\n35.73,2024,,2.5\n35.78,2024, - ,\n35.79,2024,-,0.25\n"
    )

    result = ingest(path)

    assert result.row_count == 4
    rows = version_rows(order="kode_wilayah")
    assert [(r["jumlah"], r["rasio"]) for r in rows] == [
        (10, 1.5), (None, 2.5), (None, None), (None, 0.25)]  # fmt: skip


def test_streamed_csv_sets_aside_a_footnote_that_lands_in_a_number_column(
    tmp_path: Path, stream_all: None, ingest: Any, version_rows: Any
) -> None:
    path = tmp_path / "catatan.csv"
    path.write_text(
        "jumlah,kode_wilayah,nama_wilayah\n10,35.07,Kabupaten Malang\n20,35.73,Kota Malang\n"
        "Sumber: BPS,,\n"
    )

    result = ingest(path)

    assert result.row_count == 2
    assert [r["jumlah"] for r in version_rows(order="jumlah")] == [10, 20]
    assert {"row": 4, "reason": "footnote", "text": "Sumber: BPS"} in result.notes["set_aside"]


@pytest.mark.parametrize(("value", "column_type"), [("1.5", "integer"), ("dua", "integer"),
                                                    ("2024-13-01", "date")])  # fmt: skip
def test_later_streamed_file_with_a_value_its_typed_column_refuses_is_a_type_error(
    value: str, column_type: str, tmp_path: Path, stream_all: None, ingest: Any,
    dataset_state: Any,
) -> None:  # fmt: skip
    column = "jumlah" if column_type == "integer" else "tanggal"
    first = tmp_path / "a.csv"
    first.write_text(
        f"kode_wilayah,{column}\n35.07,{'10' if column == 'jumlah' else '2024-01-31'}\n"
    )
    ingest(first)
    later = tmp_path / "b.csv"
    good = "11" if column == "jumlah" else "2024-02-01"
    later.write_text(f"kode_wilayah,{column}\n35.07,{good}\n35.73,{value}\n")

    with pytest.raises(IngestError) as caught:
        ingest(later)

    assert caught.value.type == "type-errors"
    (error,) = caught.value.details["errors"]
    assert (error["row"], error["column"], error["value"]) == (3, column, value)
    assert dataset_state() == (1, 1, 1)


def test_misfits_in_two_number_columns_of_one_row_are_both_reported(
    tmp_path: Path, stream_all: None, ingest: Any
) -> None:
    """The lenient rewrite reads natively only columns without refusals; none is lost."""
    first = tmp_path / "a.csv"
    first.write_text("kode_wilayah,tahun,jumlah,rasio\n35.07,2024,10,1.5\n35.73,2024,20,2.5\n")
    ingest(first)
    later = tmp_path / "b.csv"
    later.write_text("kode_wilayah,tahun,jumlah,rasio\n35.07,2024,sepuluh,satu\n"
                     "35.73,2024,20,2.5\n35.78,2024,dua,3.5\n")  # fmt: skip

    with pytest.raises(IngestError) as caught:
        ingest(later)

    found = [(e["row"], e["field"], e["value"]) for e in caught.value.details["errors"]]
    assert found == [(2, "jumlah", "sepuluh"), (2, "rasio", "satu"), (4, "jumlah", "dua")]
