"""Done when: an operator downloads their own file with every problem marked where it is."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from satudata.auth import SYSTEM
from satudata.ingest import annotate as annotate_module
from satudata.ingest import copy_workbook, source
from satudata.ingest.annotate import annotate_file
from satudata.ingest.service import IngestRequest, check_file
from satudata.runtime import Runtime

RED, YELLOW = "00FFC7CE", "00FFEB9C"
Check = Callable[[Path], dict[str, Any]]


@pytest.fixture
def check(runtime: Runtime) -> Check:
    """Dry-run a file against the DINKES dataset `data-uji`; return the report."""

    def run(path: Path) -> dict[str, Any]:
        request = IngestRequest(path=path, organization="DINKES", dataset="data-uji")
        return check_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=request)

    return run


def marked(ws: Worksheet) -> dict[str, tuple[str, str]]:
    """Return {cell: (fill colour, comment text)} of every cell coloured or commented."""
    found = {}
    for row in ws.iter_rows():
        for cell in row:
            fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" else None
            if fill in (RED, YELLOW) or cell.comment is not None:
                found[cell.coordinate] = (str(fill), cell.comment.text if cell.comment else "")
    return found


def findings_listed(ws: Worksheet) -> list[tuple[Any, ...]]:
    """Return the rows of the summary's findings list (below its "Daftar temuan" header)."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == "Daftar temuan") + 2
    return [r[:8] for r in rows[start:]]


def listed(report: dict[str, Any]) -> list[dict[str, Any]]:
    return report["errors"] + report["warnings"]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def annotate(path: Path, report: dict[str, Any], tmp_path: Path, **options: Any) -> Workbook:
    """Annotate into a folder of its own, tmp_path/unduhan; return the workbook written."""
    folder = tmp_path / "unduhan"
    folder.mkdir(exist_ok=True)
    out = annotate_file(path, report, folder / "bertanda.xlsx", **options)
    return load_workbook(out)


@pytest.fixture
def agency_report(data_dir: Path, ingest: Any, check: Check) -> dict[str, Any]:
    ingest(data_dir / "agency.xlsx")
    return check(data_dir / "agency_mixed_errors.xlsx")


def test_agency_workbook_marks_exactly_the_faulty_cells(
    data_dir: Path, agency_report: dict[str, Any], tmp_path: Path
) -> None:
    assert {e["cell"]: e["type"] for e in listed(agency_report)} == {
        "Data!F7": "value-change", "Data!C8": "type-error", "Data!A9": "region-code",
        "Data!B10": "region-name"}  # fmt: skip

    book = annotate(data_dir / "agency_mixed_errors.xlsx", agency_report, tmp_path)

    marks = marked(book["Data"])
    assert {cell: fill for cell, (fill, _) in marks.items()} == {
        "F7": YELLOW, "C8": RED, "A9": RED, "B10": RED}  # fmt: skip
    by_cell = {e["cell"].split("!")[1]: e for e in listed(agency_report)}
    for cell, (_, comment) in marks.items():
        assert comment.startswith(by_cell[cell]["message"])
    assert marks["B10"][1].endswith("\nSaran: Kota Batu")
    assert book["Data"]["C8"].font.color.rgb == "009C0006"
    assert book["Data"]["C8"].comment.author == "Satu Data Jatim"
    assert marked(book["Catatan"]) == {}


def test_annotated_workbook_keeps_the_operators_workbook(
    data_dir: Path, agency_report: dict[str, Any], tmp_path: Path
) -> None:
    original = data_dir / "agency_mixed_errors.xlsx"
    before = sha(original)

    book = annotate(original, agency_report, tmp_path)

    assert sha(original) == before
    assert book.sheetnames == ["Ringkasan", "Data", "Catatan"]
    assert book.active.title == "Ringkasan"
    data = book["Data"]
    assert data["A1"].font.b
    assert data.column_dimensions["B"].width == pytest.approx(28, abs=1)
    assert data["A6"].fill.fgColor.rgb == "FFD9D9D9"
    assert {"A4:A5", "C4:D4", "F4:F5"} <= {str(r) for r in data.merged_cells.ranges}
    assert [data["C8"].value, data["D7"].value, data["A13"].value] == [
        "abc", "95.310", "Sumber: Dinas Pendidikan Provinsi Jawa Timur"]  # fmt: skip
    assert book["Catatan"]["A1"].value == "Data dihimpun dari Dapodik."
    assert [p.name for p in (tmp_path / "unduhan").iterdir()] == ["bertanda.xlsx"]  # no temp


def test_summary_sheet_matches_the_report(
    data_dir: Path, agency_report: dict[str, Any], tmp_path: Path
) -> None:
    book = annotate(data_dir / "agency_mixed_errors.xlsx", agency_report, tmp_path)

    summary = book["Ringkasan"]
    facts = {r[0]: r[1] for r in summary.iter_rows(max_row=7, values_only=True)}
    assert facts["Berkas"] == "agency_mixed_errors.xlsx"
    assert (facts["Galat"], facts["Peringatan"]) == (3, 1)
    rows = list(summary.iter_rows(values_only=True))
    by_type = rows[rows.index(("Menurut aturan",) + (None,) * 7) + 2 :][:4]
    assert {r[0]: (r[1], r[2]) for r in by_type} == {
        t: (n["errors"], n["warnings"]) for t, n in agency_report["by_type"].items()}  # fmt: skip
    expected = sorted(
        ((e["type"], "galat" if e["severity"] == "error" else "peringatan", e["row"], e["cell"],
          e["column"], str(e["value"]), e["message"], e.get("suggestion"))
         for e in listed(agency_report)), key=lambda r: r[2])  # fmt: skip
    assert findings_listed(summary) == expected
    header = next(c.row for c in summary["A"] if c.value == "Daftar temuan") + 1
    assert summary.freeze_panes == f"A{header + 1}"
    assert summary.auto_filter.ref == f"A{header}:H{header + 4}"
    links = [summary.cell(r, 4).hyperlink.location for r in range(header + 1, header + 5)]
    assert links == ["'Data'!F7", "'Data'!C8", "'Data'!A9", "'Data'!B10"]


CP1252_ERRORS = (
    "kode_wilayah;nama_wilayah;keterangan;anggaran\n"
    "35.28;Kab. Pamekasan – Madura;Rp dialokasikan;1.500.000\n"
    "35.99;Kab. Sumenep;=1+1;2.750.000\n"
    "35.29;Kab. Sumenep;0123;banyak\n"
    "35.28;Kab. Pamekasan – Madura;Rp dialokasikan;1.500.000\n"
)


def test_semicolon_cp1252_csv_is_shown_as_written_with_its_rows_marked(
    data_dir: Path, ingest: Any, check: Check, tmp_path: Path
) -> None:
    ingest(data_dir / "cp1252.csv")
    path = tmp_path / "anggaran.csv"
    path.write_bytes(CP1252_ERRORS.encode("cp1252"))
    report = check(path)
    assert {(e["type"], e["row"], e["field"]) for e in listed(report)} == {
        ("region-code", 3, "kode_wilayah"), ("type-error", 4, "anggaran"),
        ("duplicate-key", 5, None)}  # fmt: skip

    book = annotate(path, report, tmp_path, filename="anggaran.csv")

    data = book["Data"]
    assert [[c.value for c in row] for row in data.iter_rows()] == [
        line.split(";") for line in CP1252_ERRORS.splitlines()]  # fmt: skip
    assert data["C3"].data_type == "s"  # "=1+1" stays text, no formula
    duplicate = next(e for e in listed(report) if e["type"] == "duplicate-key")
    assert duplicate["details"]["key"] == ["kode_wilayah", "keterangan"]  # columns A and C
    marks = marked(data)
    assert {c: fill for c, (fill, _) in marks.items()} == {
        "A3": RED, "D4": RED, "A5": RED, "C5": RED}  # fmt: skip
    assert marks["A5"][1] == marks["C5"][1] == duplicate["message"]
    assert [r[2:4] for r in findings_listed(book["Ringkasan"])] == [
        (3, "A3"), (4, "D4"), (5, "A5")]  # fmt: skip


MULTILINE_ERRORS = (
    "kode_wilayah,alamat,jumlah_puskesmas\n"
    '35.07,"Jl. Panji No. 158\nKepanjen",39\n'
    '35.73,"Jl. Tugu No. 1,\nKlojen\nKota Malang",enam belas\n'
    "35.99,Jl. Taman Surya No. 1,63\n"
)


def test_csv_record_spanning_lines_sits_at_the_line_it_starts_on(
    data_dir: Path, ingest: Any, check: Check, tmp_path: Path
) -> None:
    ingest(data_dir / "quoted_newlines.csv")
    path = tmp_path / "puskesmas.csv"
    path.write_text(MULTILINE_ERRORS, encoding="utf-8")
    report = check(path)
    assert [(e["row"], e["value"]) for e in listed(report)] == [(4, "enam belas"), (7, "35.99")]

    data = annotate(path, report, tmp_path)["Data"]

    assert set(marked(data)) == {"C4", "A7"}
    assert data["C4"].value == "enam belas" and data["A7"].value == "35.99"
    assert data["B4"].value == "Jl. Tugu No. 1,\nKlojen\nKota Malang"
    assert [data[f"A{r}"].value for r in (3, 5, 6)] == [None, None, None]


def test_streamed_csv_rows_are_numbered_as_ingest_numbers_them(
    data_dir: Path, ingest: Any, check: Check, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ingest(data_dir / "quoted_newlines.csv")
    monkeypatch.setattr(source, "STREAM_THRESHOLD", 64)  # stream even this small file
    path = tmp_path / "puskesmas.csv"
    path.write_text(MULTILINE_ERRORS, encoding="utf-8")
    report = check(path)
    assert report["notes"]["notes"][0]["type"] == "streamed"

    data = annotate(path, report, tmp_path)["Data"]

    for entry in listed(report):
        cell = data.cell(entry["row"], 3 if entry["field"] == "jumlah_puskesmas" else 1)
        assert cell.value == entry["value"]
        assert cell.comment is not None
    assert len(marked(data)) == len(listed(report))


def test_ods_sheet_is_copied_as_text_with_its_cells_marked(
    data_dir: Path, ingest: Any, check: Check, tmp_path: Path
) -> None:
    ingest(data_dir / "sheet.ods")
    report = check(data_dir / "sheet_errors.ods")
    assert [e["cell"] for e in listed(report)] == ["Data!A3", "Data!C4"]

    book = annotate(data_dir / "sheet_errors.ods", report, tmp_path)

    assert book.sheetnames == ["Ringkasan", "Data"]
    data = book["Data"]
    assert set(marked(data)) == {"A3", "C4"}
    assert [c.value for c in data[2]] == ["35.07", "Kabupaten Malang", "1204"]
    assert data["A1"].font.b  # the header row, as ingest found it
    assert [r[3] for r in findings_listed(book["Ringkasan"])] == ["Data!A3", "Data!C4"]


def test_bps_html_table_saved_as_xls_is_marked_at_its_rows(
    data_dir: Path, ingest: Any, check: Check, tmp_path: Path
) -> None:
    ingest(data_dir / "bps_table.xls")
    html = (data_dir / "bps_table.xls").read_text(encoding="utf-8")
    path = tmp_path / "penduduk.xls"
    path.write_text(html.replace("<td>427.031</td>", "<td>empat ratus</td>"), encoding="utf-8")
    report = check(path)
    assert [(e["row"], e["value"]) for e in listed(report)] == [(4, "empat ratus")]

    data = annotate(path, report, tmp_path)["Data"]

    assert set(marked(data)) == {"C4"}
    assert [c.value for c in data[1]] == ["Kabupaten/Kota", "Jumlah Penduduk", None]


def test_rows_past_the_sheet_limit_continue_on_a_second_sheet(
    data_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(copy_workbook, "EXCEL_MAX_ROWS", 3)
    report = {"error_count": 1, "warning_count": 0, "errors": [
        {"type": "region-code", "severity": "error", "row": 4, "field": "kode_wilayah",
         "column": "kode_wilayah", "value": "35.78", "message": "Baris 4: salah."}],
        "warnings": []}  # fmt: skip

    book = annotate(data_dir / "utf8.csv", report, tmp_path)

    assert book.sheetnames == ["Ringkasan", "Data", "Data (2)"]
    assert book["Data (2)"]["A1"].value == "35.78"
    assert set(marked(book["Data (2)"])) == {"A1"}
    summary = book["Ringkasan"]
    row = findings_listed(summary)[0]
    assert row[3] == "Data (2)!A1"
    link = next(c.hyperlink for r in summary.iter_rows() for c in r if c.hyperlink)
    assert link.location == "'Data (2)'!A1"


def test_row_findings_mark_the_key_or_the_whole_row_and_table_findings_only_summarise(
    data_dir: Path, tmp_path: Path
) -> None:
    row_finding = {"type": "duplicate-key", "severity": "error", "row": 3, "field": None,
                   "column": "x", "value": "35.73", "message": "Baris 3: ganda.",
                   "details": {"key": ["kode_wilayah", "tahun"]}}  # fmt: skip
    whole_row = {"type": "row-shape-errors", "severity": "error", "row": 4, "field": None,
                 "column": None, "value": None, "message": "Baris 4: jumlah kolom salah."}  # fmt: skip
    table = {"type": "region-coverage", "severity": "warning", "row": None, "field": None,
             "column": None, "value": None, "message": "2024: 3 dari 38 kabupaten/kota."}  # fmt: skip
    report = {"error_count": 1500, "warning_count": 1, "truncated": True,
              "errors": [row_finding, whole_row], "warnings": [table]}  # fmt: skip

    book = annotate(data_dir / "utf8.csv", report, tmp_path)

    marks = marked(book["Data"])
    assert {c: fill for c, (fill, _) in marks.items()} == {
        "A3": RED, "C3": RED, "A4": RED, "B4": RED, "C4": RED, "D4": RED}  # fmt: skip
    assert [c for c, (_, comment) in marks.items() if comment] == ["A3", "C3", "A4"]
    summary = list(book["Ringkasan"].iter_rows(values_only=True))
    notes = [r[1] for r in summary if r[0] == "Catatan"]
    assert notes and "daftar dibatasi; total sebenarnya 1.500 galat" in notes[0].lower()
    assert any(r[6] == table["message"] for r in summary[: summary.index(
        ("Daftar temuan",) + (None,) * 7)])  # fmt: skip
    assert [r[2] for r in findings_listed(book["Ringkasan"])] == [None, 3, 4]
    header = (
        summary.index(
            ("Aturan", "Tingkat", "Baris", "Sel", "Kolom", "Nilai", "Masalah", "Saran"),
            summary.index(("Daftar temuan",) + (None,) * 7),
        )
        + 1
    )
    assert book["Ringkasan"].freeze_panes == f"A{header + 1}"


def test_unreadable_file_gives_the_summary_alone(tmp_path: Path) -> None:
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")
    report = {"error_count": 1, "warning_count": 0, "errors": [
        {"type": "empty-file", "severity": "error", "row": None, "field": None, "column": None,
         "value": None, "message": "Berkas kosong."}], "warnings": []}  # fmt: skip

    book = annotate(path, report, tmp_path)

    assert book.sheetnames == ["Ringkasan"]
    assert findings_listed(book["Ringkasan"])[0][6] == "Berkas kosong."


def test_annotating_never_overwrites_the_original(data_dir: Path, tmp_path: Path) -> None:
    path = tmp_path / "utf8.csv"
    path.write_bytes((data_dir / "utf8.csv").read_bytes())
    with pytest.raises(ValueError):
        annotate_file(path, {"errors": [], "warnings": []}, path)
    assert path.read_bytes() == (data_dir / "utf8.csv").read_bytes()


def test_large_workbook_is_copied_as_values_with_the_same_cells_marked(
    data_dir: Path, agency_report: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(annotate_module, "KEEP_FORMATTING_MAX_BYTES", 0)

    book = annotate(data_dir / "agency_mixed_errors.xlsx", agency_report, tmp_path)

    assert book.sheetnames == ["Ringkasan", "Data", "Catatan"]
    data = book["Data"]
    assert set(marked(data)) == {"F7", "C8", "A9", "B10"}
    assert [data["C7"].value, data["D7"].value] == ["98123", "95.310"]
    assert {"A4:A5", "C4:D4"} <= {str(r) for r in data.merged_cells.ranges}
    assert data.freeze_panes == "A6"  # below the two header rows ingest found


def test_json_records_sit_below_their_header_row(data_dir: Path, tmp_path: Path) -> None:
    report = {"error_count": 1, "warning_count": 0, "errors": [
        {"type": "type-error", "severity": "error", "row": 3, "field": "jumlah",
         "column": "jumlah", "value": "388.5", "message": "Baris 3: bukan bilangan bulat."}],
        "warnings": []}  # fmt: skip

    data = annotate(data_dir / "records.json", report, tmp_path)["Data"]

    assert [c.value for c in data[1]] == ["kode_wilayah", "nama_wilayah", "tahun", "jumlah",
                                          "aktif"]  # fmt: skip
    assert set(marked(data)) == {"D3"}
    assert data["D3"].value == "388.5"
