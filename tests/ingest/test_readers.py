"""Telling file kinds apart and reading each into a grid; junk gives an IngestError only."""

from __future__ import annotations

import codecs
import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from satudata.errors import IngestError
from satudata.ingest.detect import detect_kind
from satudata.ingest.readers.html import read_html_grid
from satudata.ingest.readers.json_rows import read_json_grid
from satudata.ingest.readers.text import detect_delimiter, detect_encoding, read_text_grid
from satudata.ingest.readers.workbook import list_sheets, read_workbook_grid
from satudata.ingest.source import open_source

OLE_HEADER = bytes.fromhex("d0cf11e0a1b11ae1")


@pytest.mark.parametrize(
    ("filename", "kind"),
    [
        ("utf8.csv", "csv"),
        ("utf16.csv", "csv"),
        ("cp1252.csv", "csv"),
        ("agency.xlsx", "xlsx"),
        ("sheet.ods", "ods"),
        ("bps_table.xls", "html"),  # BPS "Excel" files are HTML: the bytes decide
        ("records.json", "json"),
    ],
)
def test_kind_is_told_from_the_bytes(filename: str, kind: str, data_dir: Path) -> None:
    assert detect_kind(data_dir / filename, filename) == kind


@pytest.mark.parametrize(
    ("content", "error_type"),
    [(b"", "empty-file"), (b" \r\n\t\r\n", "empty-file"), (codecs.BOM_UTF8 + b"\n", "empty-file"),
     (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary-file")],
)  # fmt: skip
def test_empty_or_binary_file_is_refused(content: bytes, error_type: str, tmp_path: Path) -> None:
    path = tmp_path / "unggah.csv"
    path.write_bytes(content)

    with pytest.raises(IngestError) as caught:
        detect_kind(path, "unggah.csv")

    assert caught.value.type == error_type
    assert caught.value.details == {"filename": "unggah.csv"}


def test_legacy_xls_is_recognised_and_a_damaged_one_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "lama.xls"
    path.write_bytes(OLE_HEADER + b"\x00" * 600)

    assert detect_kind(path, "lama.xls") == "xls"
    with pytest.raises(IngestError) as caught:
        read_workbook_grid(path, "lama.xls")
    assert caught.value.type == "unreadable-workbook"
    assert "lama.xls" in caught.value.message_id


def test_workbook_with_a_damaged_sheet_is_reported_not_crashed(
    data_dir: Path, tmp_path: Path
) -> None:
    damaged = io.BytesIO()
    with zipfile.ZipFile(data_dir / "agency.xlsx") as zin, zipfile.ZipFile(damaged, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]
            zout.writestr(item, data)
    path = tmp_path / "rusak.xlsx"
    path.write_bytes(damaged.getvalue())

    with pytest.raises(IngestError) as caught:
        read_workbook_grid(path, "rusak.xlsx")

    assert caught.value.type == "unreadable-workbook"


def test_named_sheet_is_read_and_a_missing_one_lists_the_sheets(data_dir: Path) -> None:
    path = data_dir / "agency.xlsx"
    assert list_sheets(path) == ["Data", "Catatan"]

    grid = read_workbook_grid(path, "agency.xlsx", "Data")
    assert (grid.sheet, grid.notes) == ("Data", [])
    assert grid.rows[6][:3] == ["35.07", "Kabupaten Malang", "98123"]

    with pytest.raises(IngestError) as caught:
        read_workbook_grid(path, "agency.xlsx", "Lembar2")
    assert caught.value.type == "sheet-not-found"
    assert caught.value.details == {"sheets": ["Data", "Catatan"]}

    with pytest.raises(IngestError) as caught:
        read_workbook_grid(path, "agency.xlsx", "Catatan")
    assert caught.value.type == "no-data-sheet"
    assert "'Catatan'" in caught.value.message_id


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("kode;nama\n35.28;Kab. Pamekasan – Madura\n", "cp1252"),
        ("nama;catatan\nKota Malang;“Sehat” – naïve ½\n", "cp1252"),
        ("nama;luas\nKota Batu;199 km²\n", "cp1252"),
    ],
)
def test_windows_text_is_read_as_cp1252(text: str, encoding: str) -> None:
    assert detect_encoding(text.encode("cp1252")) == encoding


def test_encoding_detection_keeps_utf8_bom_utf16_and_multibyte_guesses() -> None:
    text = "kode,nama\n35.07,Kota Malang – Klojen\n"
    assert detect_encoding(text.encode()) == "utf-8"
    assert detect_encoding(codecs.BOM_UTF8 + text.encode()) == "utf-8-sig"
    assert detect_encoding(text.encode("utf-16")) == "utf-16"
    assert detect_encoding(text.encode()[:-3] + "–".encode()[:2]) == "utf-8"  # a cut sample
    chinese = "城市名称,人口数量统计表格,数据来源\n".encode("gb18030") * 5
    assert detect_encoding(chinese) == "gb18030"


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_delimiter_is_the_one_giving_a_steady_number_of_fields(delimiter: str) -> None:
    rows = ["kode", "nama, lengkap", "jumlah"], ["35.07", "Malang", "1,5"], ["35.73", "Batu", "2"]
    text = "\n".join(delimiter.join(r) for r in rows) if delimiter != "," else (
        'kode,"nama, lengkap",jumlah\n35.07,Malang,"1,5"\n35.73,Batu,2\n')  # fmt: skip
    assert detect_delimiter(text) == delimiter


def test_text_rows_keep_the_line_they_start_on(tmp_path: Path) -> None:
    path = tmp_path / "alamat.csv"
    path.write_text('kode,alamat\r\n35.07,"Jl. Panji\r\nKepanjen"\r\n\r\n35.73,Klojen\r\n')

    grid, dialect = read_text_grid(path, "alamat.csv")

    assert (dialect.encoding, dialect.delimiter) == ("utf-8", ",")
    assert grid.rows == [
        ["kode", "alamat"],
        ["35.07", "Jl. Panji\nKepanjen"],
        [],
        ["35.73", "Klojen"],
    ]
    assert [grid.row_number(i) for i in range(4)] == [1, 2, 4, 5]


def test_html_spans_are_expanded_like_merged_cells(tmp_path: Path) -> None:
    path = tmp_path / "tabel.xls"
    path.write_text(
        "<table><tr><td>judul kecil</td></tr></table>"
        "<table><tr><th rowspan=2>Wilayah</th><th colspan='2'>Penduduk</th>"
        "<th rowspan=x>Ket</th></tr>"
        "<tr><th>L</th><th colspan='1.5'>P</th></tr>"
        "<tr><td>Malang</td><td>1</td><td>2</td><td rowspan=99999 colspan=0>-</td></tr></table>"
    )  # fmt: skip

    grid = read_html_grid(path, "tabel.xls")

    assert grid.rows == [
        ["Wilayah", "Penduduk", None, "Ket"],
        [None, "L", "P", None],
        ["Malang", "1", "2", "-"],
    ]


def test_html_span_attributes_are_bounded(tmp_path: Path) -> None:
    path = tmp_path / "tabel.html"
    path.write_text("<table><tr><td colspan=100000000 rowspan=100000000>a</td><td>b</td></tr>"
                    "<tr><td>c</td></tr></table>")  # fmt: skip

    grid = read_html_grid(path, "tabel.html")

    assert len(grid.rows) == 2
    assert grid.rows[0][1000] == "b"  # a colspan counts up to 1000, as in a browser
    assert grid.rows[1][1000] == "c"


def test_json_object_holding_a_list_of_records_is_read(tmp_path: Path) -> None:
    path = tmp_path / "api.json"
    records = [{"kode": "35.07", "nilai": 1.5, "tags": ["a"]}, {"kode": "35.73", "baru": None}]
    path.write_text(json.dumps({"status": "ok", "data": records}))

    grid = read_json_grid(path, "api.json")

    assert grid.rows == [
        ["kode", "nilai", "tags", "baru"],
        ["35.07", "1.5", '["a"]', None],
        ["35.73", None, None, None],
    ]


@pytest.mark.parametrize(
    ("content", "error_type"),
    [
        (b'{"kode": "35.07"', "unreadable-json"),
        (b"[1, 2, 3]", "unsupported-json"),
        (b'{"a": 1}', "unsupported-json"),
        (b"[" * 100_000, "unreadable-json"),
        ('[{"nama": "Malang"}]'.encode("utf-16"), "unreadable-json"),
    ],
)
def test_bad_json_is_reported(content: bytes, error_type: str, tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_bytes(content)

    with pytest.raises(IngestError) as caught:
        read_json_grid(path, "data.json")

    assert caught.value.type == error_type


PREFIXES = [b"", b"PK\x03\x04", OLE_HEADER, b"<html><table><tr><td>", b"[{", b"\xef\xbb\xbf",
            b"a,b,c\n", b"\xff\xfe"]  # fmt: skip


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=st.sampled_from(PREFIXES), body=st.binary(max_size=600))
def test_any_bytes_open_as_a_table_or_raise_ingest_error(prefix: bytes, body: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "unggah.csv"
        path.write_bytes(prefix + body)
        con = duckdb.connect()
        try:
            source = open_source(con, path, filename="unggah.csv", sheet=None, work_dir=Path(tmp))
        except IngestError as error:
            assert error.type and error.message_id and error.message_en
        else:
            assert source.columns
            con.execute(f"SELECT * FROM {source.from_sql}").fetchall()
        finally:
            con.close()


@settings(max_examples=100, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=300))
def test_any_text_opens_as_a_table_or_raises_ingest_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "unggah.csv"
        path.write_text(text, encoding="utf-8")
        con = duckdb.connect()
        try:
            source = open_source(con, path, filename="unggah.csv", sheet=None, work_dir=Path(tmp))
        except IngestError:
            pass
        else:
            assert len(set(source.names)) == len(source.names)
            con.execute(f"SELECT * FROM {source.from_sql}").fetchall()
        finally:
            con.close()


def test_workbook_grid_keeps_the_empty_cells_before_the_table(data_dir: Path) -> None:
    grid = read_workbook_grid(data_dir / "offset_table.xlsx", "offset_table.xlsx")

    assert grid.sheet == "Rekap"
    assert grid.rows[:3] == [[None, None, None, None]] * 3
    assert grid.rows[3] == [None, None, "Kecamatan", "Jumlah Posyandu"]
    assert grid.row_number(3) == 4  # so a cell is cited as Rekap!C4, as Excel shows it
