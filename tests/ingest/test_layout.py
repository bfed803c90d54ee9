"""Finding the table in a grid: header, titles, names, data rows and rows set aside."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from satudata.ingest.grid import Cell, Grid, cell_text
from satudata.ingest.layout import ColumnSpec, field_name, find_header, find_layout


def grid(*rows: str, first_row: int = 1) -> Grid:
    """Build a grid from comma-separated rows; an empty field is an empty cell."""
    return Grid(rows=[[c or None for c in r.split(",")] for r in rows], first_row=first_row)


def test_plain_header_and_data() -> None:
    layout = find_layout(grid("kode,nama,jumlah", "35.07,Malang,10", "35.73,Kota Malang,20"))

    assert layout.columns == [
        ColumnSpec("kode", "kode", 0), ColumnSpec("nama", "nama", 1),
        ColumnSpec("jumlah", "jumlah", 2)]  # fmt: skip
    assert layout.header_rows == [0]
    assert layout.data_rows == [1, 2]
    assert layout.set_aside == []


def test_titles_above_the_header_are_set_aside_with_their_row_numbers() -> None:
    layout = find_layout(grid(
        "DATA PENDUDUK,,", ",,", "Tahun 2024,,", "Kode,Nama,Jumlah", "35.07,Malang,10"
    ))  # fmt: skip

    assert layout.header_rows == [3]
    assert [c.title for c in layout.columns] == ["Kode", "Nama", "Jumlah"]
    assert layout.set_aside == [
        {"row": 1, "reason": "title", "text": "DATA PENDUDUK"},
        {"row": 3, "reason": "title", "text": "Tahun 2024"},
    ]
    assert layout.data_rows == [4]


def test_merged_two_row_header_flattens_to_parent_slash_child() -> None:
    layout = find_layout(grid(
        "Kecamatan,Jumlah Siswa,,Keterangan",
        ",Laki-laki,Perempuan,",
        "Kepanjen,5120,5034,baik",
    ))  # fmt: skip

    assert layout.header_rows == [0, 1]
    assert [(c.name, c.title) for c in layout.columns] == [
        ("kecamatan", "Kecamatan"),
        ("jumlah_siswa_laki_laki", "Jumlah Siswa / Laki-laki"),
        ("jumlah_siswa_perempuan", "Jumlah Siswa / Perempuan"),
        ("keterangan", "Keterangan"),
    ]
    assert layout.data_rows == [2]


def test_three_row_header_is_the_deepest_read() -> None:
    layout = find_layout(grid(
        "Wilayah,Penduduk,,,",
        ",Laki-laki,,Perempuan,",
        ",Kota,Desa,Kota,Desa",
        "Malang,1,2,3,4",
    ))  # fmt: skip

    assert layout.header_rows == [0, 1, 2]
    assert [c.title for c in layout.columns] == [
        "Wilayah", "Penduduk / Laki-laki / Kota", "Penduduk / Laki-laki / Desa",
        "Penduduk / Perempuan / Kota", "Penduduk / Perempuan / Desa"]  # fmt: skip


def test_column_numbering_row_under_the_header_is_set_aside() -> None:
    layout = find_layout(grid("Kode,Nama,Jumlah", "(1),(2),(3)", "35.07,Malang,10"))

    assert layout.set_aside == [{"row": 2, "reason": "numbering", "text": "(1) | (2) | (3)"}]
    assert layout.data_rows == [2]


def test_footnotes_totals_and_empty_rows_are_set_aside_and_named() -> None:
    layout = find_layout(grid(
        "Kode,Nama,Jumlah",
        "35.07,Malang,10",
        ",,",
        "35.73,Kota Malang,20",
        ",Jumlah,30",
        "*) angka sementara,,",
        "Sumber: BPS,,",
        first_row=5,
    ))  # fmt: skip

    assert layout.data_rows == [1, 3]
    assert layout.set_aside == [
        {"row": 7, "reason": "empty", "text": ""},
        {"row": 9, "reason": "total", "text": "Jumlah | 30"},
        {"row": 10, "reason": "footnote", "text": "*) angka sementara"},
        {"row": 11, "reason": "footnote", "text": "Sumber: BPS"},
    ]


@pytest.mark.parametrize("label", ["Jumlah", "TOTAL", "Jumlah Total", "Grand Total", "Jumlah:"])
def test_total_labels(label: str) -> None:
    layout = find_layout(grid("Nama,Jumlah", "Malang,10", f"{label},10"))

    assert [(a["row"], a["reason"]) for a in layout.set_aside] == [(3, "total")]


def test_a_region_called_like_a_total_word_stays_data() -> None:
    layout = find_layout(grid("Nama,Jumlah", "Jumlah Penduduk Miskin,10", "Malang,20"))

    assert layout.data_rows == [1, 2]


def test_footnote_in_the_middle_is_set_aside_but_a_one_cell_data_row_is_kept() -> None:
    layout = find_layout(grid("Nama,Jumlah", "Malang,10", "Catatan: revisi,", "Batu,", "Blitar,5"))

    assert layout.data_rows == [1, 3, 4]
    assert layout.set_aside == [{"row": 3, "reason": "footnote", "text": "Catatan: revisi"}]


def test_empty_columns_are_dropped_and_untitled_data_columns_are_named_by_position() -> None:
    layout = find_layout(grid("Nama,,Jumlah,", "Malang,,10,x", "Batu,,20,"))

    assert layout.columns == [
        ColumnSpec("nama", "Nama", 0), ColumnSpec("jumlah", "Jumlah", 2),
        ColumnSpec("kolom_4", "Kolom 4", 3)]  # fmt: skip


def test_duplicate_titles_get_distinct_names() -> None:
    layout = find_layout(grid("Nama,Jumlah,Jumlah,Jumlah 2", "Malang,1,2,3"))

    assert [c.name for c in layout.columns] == ["nama", "jumlah", "jumlah_2", "jumlah_2_2"]


def test_names_stay_distinct_when_a_title_already_has_the_suffix() -> None:
    layout = find_layout(grid("Jumlah 2,Jumlah,Jumlah", "1,2,3"))

    names = [c.name for c in layout.columns]
    assert len(set(names)) == 3
    assert names[:2] == ["jumlah_2", "jumlah"]


def test_grid_without_a_header_row_has_no_columns() -> None:
    assert find_layout(grid("satu", "dua", "tiga")).columns == []
    assert find_layout(Grid(rows=[])).columns == []
    assert find_header(Grid(rows=[[None, None]])) == (-1, 0)


def test_row_numbers_follow_the_lines_of_a_text_file() -> None:
    g = grid("Nama,Jumlah", "Malang,10", "Sumber: BPS,")
    g.line_numbers = [1, 2, 5]  # the second row held a quoted field over three lines

    layout = find_layout(g)

    assert layout.set_aside == [{"row": 5, "reason": "footnote", "text": "Sumber: BPS"}]


@pytest.mark.parametrize(
    ("title", "name"),
    [
        ("Jumlah Siswa / Laki-laki", "jumlah_siswa_laki_laki"),
        ("Anggaran (Rp)", "anggaran_rp"),
        ("Luas (km²)", "luas_km2"),
        ("2019", "k_2019"),
        ("Kabupaten/Kota", "kabupaten_kota"),
        ("  Émigré  Café ", "emigre_cafe"),
        ("%", "kolom_3"),
        ("", "kolom_3"),
    ],
)
def test_field_name(title: str, name: str) -> None:
    assert field_name(title, 2) == name


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (None, None),
        (3201.0, "3201"),
        (2654448.0, "2654448"),
        (12.5, "12.5"),
        (1.234, "1.2340"),  # not "1.234", which reads as one thousand two hundred thirty-four
        (-1.5, "-1.5"),
        (1e20, "1e+20"),
        (float("nan"), None),
        (True, "true"),
        (7, "7"),
        ("  ", None),
        ("35.07", "35.07"),
    ],
)
def test_cell_text_renders_spreadsheet_values_for_the_parsers(value: object, text: Cell) -> None:
    assert cell_text(value) == text


cells = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "Jumlah", "Total", "Sumber: BPS", "*) sementara", "(1)", "(2)",
                     "35.07", "1.234,5", "-", "Nama", "Kode", "2019", "Laki-laki", "Jumlah 2",
                     "jumlah_2"]),
    st.text(max_size=8),
)  # fmt: skip
grids = st.lists(st.lists(cells, max_size=7), max_size=12)


@settings(max_examples=300, deadline=None)
@given(rows=grids, first_row=st.integers(min_value=1, max_value=50))
def test_find_layout_accounts_for_every_row_and_names_columns_uniquely(
    rows: list[list[Cell]], first_row: int
) -> None:
    g = Grid(rows=rows, first_row=first_row)

    layout = find_layout(g)

    if not layout.columns:
        assert layout.data_rows == []
        return
    names = [c.name for c in layout.columns]
    assert len(set(names)) == len(names)
    assert all(n and n == n.lower() and n.isascii() for n in names)
    assert all(0 <= c.index < g.width for c in layout.columns)
    start, count = layout.header_rows[0], len(layout.header_rows)
    assert layout.header_rows == list(range(start, start + count))
    aside = {a["row"] - first_row for a in layout.set_aside}
    body = set(range(start + count, len(rows)))
    assert set(layout.data_rows) | {r for r in aside if r >= start + count} == body
    assert not set(layout.data_rows) & aside
