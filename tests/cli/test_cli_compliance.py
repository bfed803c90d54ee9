"""`satudata daftar …` and `satudata compliance …` against a data directory."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
from tests.cli.conftest import Run


def test_import_board_remind_report(ready: Run, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    book.active.append(["Kode OPD", "Nama Data", "Frekuensi", "Berlaku Mulai"])
    book.active.append(["DINKES", "Jumlah Puskesmas", "Tahunan", "2024"])
    book.save(tmp_path / "daftar.xlsx")
    imported = ready("daftar", "import", tmp_path / "daftar.xlsx", "--json")
    assert imported.exit_code == 0, imported.output
    assert json.loads(imported.stdout)["created"] == 1
    assert ready("daftar", "export", tmp_path / "out.xlsx").exit_code == 0
    assert list(openpyxl.load_workbook(tmp_path / "out.xlsx").active.values)[1][:3] == (
        "DINKES",
        "Dinas Kesehatan",
        "Jumlah Puskesmas",
    )
    board = ready("compliance", "board", "--as-of", "2025-05-15", "--json")
    assert board.exit_code == 0, board.output
    (dinkes,) = json.loads(board.stdout)["organizations"]
    # 2024 due 31 Mar 2025, nothing linked: E=1, every part 0 → 0.0
    assert (dinkes["code"], dinkes["score"], dinkes["missing"]) == ("DINKES", 0.0, 1)
    remind = ready("compliance", "remind", "--dry-run", "--json")
    assert remind.exit_code == 0 and json.loads(remind.stdout)["notices"] == []  # nobody to tell
    report = ready("compliance", "report", "--month", "2025-04", "--out", tmp_path, "--json")
    assert report.exit_code == 0, report.output
    files = json.loads(report.stdout)["files"]
    assert [Path(f).name for f in files] == ["laporan-daftar-data-2025-04-r1.pdf",
                                             "laporan-daftar-data-2025-04-r1.xlsx"]  # fmt: skip
    assert Path(files[0]).read_bytes().startswith(b"%PDF")
    again = ready("compliance", "report", "--month", "2025-04")
    assert again.exit_code == 1 and "sudah ada" in again.output


def test_a_bad_row_is_reported_by_row_and_column(ready: Run, tmp_path: Path) -> None:
    (tmp_path / "d.csv").write_text("Kode OPD;Judul;Frekuensi\nDINKES;Data X;sekali\n")
    result = ready("daftar", "import", tmp_path / "d.csv")
    assert result.exit_code == 1
    assert "Baris 2, kolom 'Frekuensi', nilai 'sekali': frekuensi tidak dikenal" in result.output
