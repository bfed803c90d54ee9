"""Write the tiny fixture files of tests/data, one quirk each.

Run `python tests/data/make_fixtures.py` after changing a fixture; the files are
checked in, and the output is byte-for-byte the same on every run (fixed workbook dates,
fixed zip timestamps), so a diff shows only real changes.
"""

from __future__ import annotations

import codecs
import json
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

HERE = Path(__file__).parent
CREATED = datetime(2024, 12, 31, 8, 0, 0)
TEXT: dict[str, str] = {}
BYTES: dict[str, bytes] = {}
BOOKS: dict[str, Callable[[Workbook], None]] = {}


def text(name: str, content: str) -> None:
    TEXT[name] = content


# --- delimited text -----------------------------------------------------------------

BASIC = (
    "kode_wilayah,nama_wilayah,tahun,jumlah_penduduk\n"
    "35.07,Kabupaten Malang,2024,2654448\n"
    "35.73,Kota Malang,2024,847182\n"
    "35.78,Kota Surabaya,2024,2893698\n"
)
text("utf8.csv", BASIC.replace("Kota Malang", "Kota Malang – Jawa Timur"))
BYTES["utf8_bom.csv"] = codecs.BOM_UTF8 + BASIC.encode("utf-8")
# Windows-1252 from Excel on Windows: the en dash, "é" and "½" are single bytes (a short
# sample like this one reads as cp1250 to charset-normalizer, turning "½" into "˝").
BYTES["cp1252.csv"] = (
    "kode_wilayah;nama_wilayah;keterangan;anggaran\n"
    "35.28;Kab. Pamekasan – Madura;Rp dialokasikan;1.500.000\n"
    "35.29;Kab. Sumenep;café kopi ½ porsi;2.750.000\n"
).encode("cp1252")
for delimiter, name in [(";", "semicolon"), ("\t", "tab"), ("|", "pipe")]:
    text(f"delimiter_{name}.csv", BASIC.replace(",", delimiter))
text(
    "quoted_newlines.csv",
    "kode_wilayah,alamat,jumlah_puskesmas\n"
    '35.07,"Jl. Panji No. 158\nKepanjen",39\n'
    '35.73,"Jl. Tugu No. 1,\nKlojen\nKota Malang",16\n'
    "35.78,Jl. Taman Surya No. 1,63\n",
)
text(
    "title_rows.csv",
    "JUMLAH PUSKESMAS MENURUT KABUPATEN/KOTA,,\n"
    "PROVINSI JAWA TIMUR TAHUN 2024,,\n"
    ",,\n"
    "Kode Wilayah,Kabupaten/Kota,Jumlah Puskesmas\n"
    "35.07,Kabupaten Malang,39\n"
    "35.73,Kota Malang,16\n",
)
text(
    "footnotes.csv",
    "kode_wilayah,nama_wilayah,jumlah_bayi\n"
    "35.07,Kabupaten Malang,1204\n"
    "35.73,Kota Malang,388\n"
    "Sumber: Dinas Kesehatan Provinsi Jawa Timur,,\n"
    "*) angka sementara,,\n",
)
# Excel's "CSV" of a sheet with a stray formatted column: every line ends with a delimiter.
text(
    "trailing_delimiter.csv",
    "kode_wilayah,nama_wilayah,jumlah_bidan,\n"
    "35.07,Kabupaten Malang,845,\n"
    "35.73,Kota Malang,310,\n"
    "Sumber: Dinas Kesehatan,,,\n",
)
text(
    "empty_rows_cols.csv",
    "kode_wilayah,,nama_wilayah,,jumlah_posyandu\n"
    ",,,,\n"
    "35.07,,Kabupaten Malang,,3211\n"
    ",,,,\n"
    "35.73,,Kota Malang,,642\n",
)
text(
    "total_row.csv",
    "kode_wilayah,nama_wilayah,jumlah_dokter\n"
    "35.07,Kabupaten Malang,412\n"
    "35.73,Kota Malang,905\n"
    ",Jumlah,1317\n",
)
text(
    "float_codes.csv",
    "kode_kab,nama_wilayah,jumlah_desa\n"
    "3201.0,Kabupaten Bogor,416\n"
    "3202.0,Kabupaten Sukabumi,386\n",
)
text(
    "numbers_id.csv",
    "nama_wilayah;penduduk;persentase;anggaran\n"
    "Kabupaten Malang;2.654.448;12,5;1.234,56\n"
    "Kota Malang;847.182;7,25;987.654,3\n"
    "Kota Batu;215.248;3;12\n",
)
text(
    "dates.csv",
    "kejadian,tgl_lapor,periode,tanggal\n"
    "31/12/2024,2024-12-31,Desember 2024,45657\n"
    "01/02/2024,2024-02-01,Januari 2024,45323\n",
)
text(
    "missing.csv",
    "nama_wilayah,jumlah_kasus,persentase\nKabupaten Malang,12,\nKota Malang,-,4.5\nKota Batu,,-\n",
)
text(
    "codes.csv",
    "kode_wilayah,bps,no_urut,npsn,nik,kode_sekolah,nama\n"
    "35.07,3507,0123,20512345,3507123456780001,101,SDN Kepanjen 1\n"
    "35.73,3573,0456,20533821,3573019876540002,202,SDN Klojen 2\n",
)
text(
    "region_bps.csv",
    "kode_bps,nama_wilayah,jumlah_rs\n"
    "3507,Kabupaten Malang,28\n"
    "3573,Kota Malang,25\n"
    "3578,Kota Surabaya,61\n",
)
# UTF-16 (Excel's "Unicode text"): tab-separated, with a footnote as the last line.
BYTES["utf16.csv"] = (
    "kode_wilayah\tnama_wilayah\tjumlah\r\n"
    "35.07\tKabupaten Malang\t10\r\n"
    "35.73\tKota Malang – Klojen\t20\r\n"
    "Sumber: Dinas Kesehatan\t\t\r\n"
).encode("utf-16")
text(
    "wide_years.csv",
    "kode_wilayah,nama_wilayah,2019,2020,2021,2022,2023\n"
    "35.07,Kabupaten Malang,10,11,12,13,14\n"
    "35.73,Kota Malang,20,21,22,23,24\n"
    "35.78,Kota Surabaya,30,31,32,33,34\n",
)
text(
    "bps_table.xls",
    "<html><head><meta charset='utf-8'></head><body>\n"
    "<table border='1'>\n"
    "<tr><th rowspan='2'>Kabupaten/Kota</th><th colspan='2'>Jumlah Penduduk</th></tr>\n"
    "<tr><th>Laki-laki</th><th>Perempuan</th></tr>\n"
    "<tr><td>Kabupaten Malang</td><td>1.334.040</td><td>1.320.408</td></tr>\n"
    "<tr><td>Kota Malang</td><td>420.151</td><td>427.031</td></tr>\n"
    "<tr><td>Jawa Timur</td><td>1.754.191</td><td>1.747.439</td></tr>\n"
    "</table></body></html>\n",
)
text(
    "records.json",
    json.dumps(
        [
            {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2024,
             "jumlah": 1204, "aktif": True},
            {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2024,
             "jumlah": 388.5, "aktif": False},
        ],
        indent=1,
    )
    + "\n",
)  # fmt: skip
text(
    "header_only.csv",
    "kode_wilayah,nama_wilayah,jumlah\n",
)
text("empty.csv", "")
# A PNG signature and header: NUL bytes, no table.
BYTES["binary.csv"] = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)


# --- workbooks ----------------------------------------------------------------------


def book(name: str) -> Callable[[Callable[[Workbook], None]], Callable[[Workbook], None]]:
    def register(fn: Callable[[Workbook], None]) -> Callable[[Workbook], None]:
        BOOKS[name] = fn
        return fn

    return register


@book("merged_header.xlsx")
def _merged_header(wb: Workbook) -> None:
    ws = wb.add_worksheet("Data")
    ws.merge_range("A1:A2", "Kecamatan")
    ws.merge_range("B1:C1", "Jumlah Siswa")
    ws.write_row("B2", ["Laki-laki", "Perempuan"])
    ws.write_row("A3", ["Kepanjen", 5120, 5034])
    ws.write_row("A4", ["Singosari", 4821, 4790])


@book("float_codes.xlsx")
def _float_codes(wb: Workbook) -> None:
    ws = wb.add_worksheet("Data")
    ws.write_row("A1", ["kode_kab", "nama_wilayah", "jumlah_desa"])
    ws.write_row("A2", [3201.0, "Kabupaten Bogor", 416])
    ws.write_row("A3", [3202.0, "Kabupaten Sukabumi", 386])


@book("dates.xlsx")
def _dates(wb: Workbook) -> None:
    ws = wb.add_worksheet("Data")
    date_format = wb.add_format({"num_format": "dd/mm/yyyy"})
    ws.write_row("A1", ["kegiatan", "tanggal_mulai", "tanggal"])
    ws.write("A2", "Imunisasi")
    ws.write_datetime("B2", date(2024, 12, 31), date_format)
    ws.write_number("C2", 45657)
    ws.write("A3", "Posyandu")
    ws.write_datetime("B3", date(2024, 2, 1), date_format)
    ws.write_number("C3", 45323)


@book("offset_table.xlsx")
def _offset_table(wb: Workbook) -> None:
    """A table that starts at C4, below and right of empty cells."""
    ws = wb.add_worksheet("Rekap")
    ws.write_row("C4", ["Kecamatan", "Jumlah Posyandu"])
    ws.write_row("C5", ["Kepanjen", 112])
    ws.write_row("C6", ["Singosari", 98])
    ws.write("C8", "Sumber: Dinas Kesehatan Kabupaten Malang")


@book("no_data_sheet.xlsx")
def _no_data_sheet(wb: Workbook) -> None:
    ws = wb.add_worksheet("Petunjuk")
    ws.write("A1", "Isi data pada lembar berikutnya.")
    wb.add_worksheet("Kosong")


AGENCY_ROWS = [
    ["35.07", "Kabupaten Malang", 98123, "95.310", "17,5", "1.234,56"],
    ["35.73", "Kota Malang", 40211, "39.876", "15,25", "987.654,3"],
    ["35.78", "Kota Surabaya", 120456, "118.002", "18", "12.500.000"],
]


def agency_sheet(wb: Workbook, rows: list[list[object]]) -> Worksheet:
    """An agency-style sheet: titles, merged header, numbering, total row, footnotes."""
    ws = wb.add_worksheet("Data")
    ws.write("A1", "JUMLAH SISWA SEKOLAH DASAR MENURUT KABUPATEN/KOTA")
    ws.write("A2", "PROVINSI JAWA TIMUR TAHUN 2024")
    ws.merge_range("A4:A5", "Kode Wilayah")
    ws.merge_range("B4:B5", "Kabupaten/Kota")
    ws.merge_range("C4:D4", "Jumlah Siswa")
    ws.write_row("C5", ["Laki-laki", "Perempuan"])
    ws.merge_range("E4:E5", "Rasio Guru-Murid")
    ws.merge_range("F4:F5", "Anggaran (Rp)")
    ws.write_row("A6", ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"])
    for offset, row in enumerate(rows):
        ws.write_row(6 + offset, 0, row)
    ws.write_row(6 + len(rows), 0, [None, "Jumlah", 258790, "253.188", "-", "13.488.888,86"])
    ws.write(8 + len(rows), 0, "Sumber: Dinas Pendidikan Provinsi Jawa Timur")
    ws.write(9 + len(rows), 0, "*) angka sementara")
    notes = wb.add_worksheet("Catatan")
    notes.write("A1", "Data dihimpun dari Dapodik.")
    return ws


@book("agency.xlsx")
def _agency(wb: Workbook) -> None:
    agency_sheet(wb, AGENCY_ROWS)


@book("agency_type_errors.xlsx")
def _agency_type_errors(wb: Workbook) -> None:
    """The same sheet a year later, with a word in a number cell (C8) and a bad decimal (F9)."""
    rows = [list(r) for r in AGENCY_ROWS]
    rows[1][2] = "abc"
    rows[2][5] = "12,5 juta"
    agency_sheet(wb, rows)


@book("agency_mixed_errors.xlsx")
def _agency_mixed_errors(wb: Workbook) -> None:
    """The agency sheet a year later with one of each mistake, and the operator's formatting.

    F7 is a hundred times last year's (a warning), C8 holds a word, A9 an unknown code
    (35.99), and B10 names Kota Surabaya beside Kota Batu's code (35.79). The title is
    bold, column B wide, and the numbering row grey: an annotated copy must keep them.
    """
    rows = [list(r) for r in AGENCY_ROWS]
    rows[0][5] = "123.456,78"
    rows[1][2] = "abc"
    rows[2][0] = "35.99"
    rows[2][1] = "Kota Antah Berantah"
    rows.append(["35.79", "Kota Surabaya", 9876, "9.650", "16,5", "2.500.000"])
    ws = agency_sheet(wb, rows)
    ws.write(
        "A1", "JUMLAH SISWA SEKOLAH DASAR MENURUT KABUPATEN/KOTA", wb.add_format({"bold": True})
    )
    grey = wb.add_format({"bg_color": "#D9D9D9", "align": "center"})
    ws.write_row("A6", ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"], grey)
    ws.set_column("B:B", 28)


ODS_ROWS: list[list[str | int]] = [
    ["kode_wilayah", "nama_wilayah", "jumlah_sekolah"],
    ["35.07", "Kabupaten Malang", 1204],
    ["35.73", "Kota Malang", 388],
]
# The same sheet with an unknown code (A3) and a word in the number column (C4).
ODS_ERROR_ROWS: list[list[str | int]] = [
    *ODS_ROWS[:2],
    ["35.99", "Kota Malang", 388],
    ["35.78", "Kota Surabaya", "banyak"],
]


def write_ods(path: Path, rows: list[list[str | int]]) -> None:
    """Write a minimal OpenDocument spreadsheet by hand (no ODS writer is a dependency)."""

    def cell(value: str | int) -> str:
        if isinstance(value, int):
            return (
                f'<table:table-cell office:value-type="float" office:value="{value}">'
                f"<text:p>{value}</text:p></table:table-cell>"
            )
        return (
            f'<table:table-cell office:value-type="string"><text:p>{escape(value)}</text:p>'
            "</table:table-cell>"
        )

    body = "".join(
        "<table:table-row>" + "".join(cell(v) for v in row) + "</table:table-row>" for row in rows
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        '<office:body><office:spreadsheet><table:table table:name="Data">'
        f"{body}</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:version="1.2" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        for name, data, method in [
            ("mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED),
            ("content.xml", content, zipfile.ZIP_DEFLATED),
            ("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED),
        ]:
            info = zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0))
            info.compress_type = method
            zf.writestr(info, data)


def main() -> None:
    for name, content in TEXT.items():
        (HERE / name).write_bytes(content.encode("utf-8"))
    for name, data in BYTES.items():
        (HERE / name).write_bytes(data)
    for name, fill in BOOKS.items():
        wb = xlsxwriter.Workbook(HERE / name)
        wb.set_properties({"created": CREATED})
        fill(wb)
        wb.close()
    write_ods(HERE / "sheet.ods", ODS_ROWS)
    write_ods(HERE / "sheet_errors.ods", ODS_ERROR_ROWS)


if __name__ == "__main__":
    main()
