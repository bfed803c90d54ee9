"""The `satudata` command line: init, orgs, ingest, datasets, rows, export and errors."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pyarrow.parquet as pq
import pytest
import xlsxwriter
from click.testing import CliRunner, Result

from satudata.cli.main import cli

Run = Callable[..., Result]

CSV_V1 = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2019,39\n" \
         "35.07,Kabupaten Malang,2020,40\n35.73,Kota Malang,2020,16\n35.78,Kota Surabaya,2021,63\n"  # fmt: skip
ROWS_V1 = [
    {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2019, "jumlah": 39},
    {"kode_wilayah": "35.07", "nama_wilayah": "Kabupaten Malang", "tahun": 2020, "jumlah": 40},
    {"kode_wilayah": "35.73", "nama_wilayah": "Kota Malang", "tahun": 2020, "jumlah": 16},
    {"kode_wilayah": "35.78", "nama_wilayah": "Kota Surabaya", "tahun": 2021, "jumlah": 63},
]


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def failed(result: Result) -> Result:
    """Assert a clean failure: exit 1, no traceback anywhere."""
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.stdout + result.stderr
    return result


def as_json(result: Result) -> Any:
    return json.loads(ok(result).stdout)


@pytest.fixture
def ingested(ready: Run, tmp_path: Path) -> Run:
    """`ready` plus dataset `jumlah-puskesmas` version 1 (ROWS_V1)."""
    path = tmp_path / "puskesmas.csv"
    path.write_text(CSV_V1, encoding="utf-8")
    ok(ready("ingest", path, "--org", "DINKES", "--dataset", "jumlah-puskesmas",
             "--title", "Jumlah Puskesmas"))  # fmt: skip
    return ready


def test_init_creates_the_data_directory_and_sqlite_database(tmp_path: Path) -> None:
    data = tmp_path / "baru"
    result = ok(CliRunner().invoke(cli, ["--data-dir", str(data), "init"]))
    assert result.stdout == ""
    assert result.stderr == f"Direktori data siap: {data}\n"
    assert (data / "satudata.sqlite3").is_file()
    assert sorted(p.name for p in (data / "lake").iterdir()) == ["originals", "tmp", "versions"]
    ok(CliRunner().invoke(cli, ["--data-dir", str(data), "init"]))  # safe to run again


def test_data_dir_option_beats_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SATUDATA_DATA_DIR", str(tmp_path / "dari-env"))
    monkeypatch.delenv("SATUDATA_DATABASE_URL", raising=False)
    ok(CliRunner().invoke(cli, ["init"]))
    assert (tmp_path / "dari-env" / "satudata.sqlite3").is_file()
    ok(CliRunner().invoke(cli, ["--data-dir", str(tmp_path / "dari-opsi"), "init"]))
    assert (tmp_path / "dari-opsi" / "satudata.sqlite3").is_file()


def test_orgs_add_and_list(run: Run) -> None:
    ok(run("init"))
    added = ok(run("orgs", "add", "DINKES", "--name", "Dinas Kesehatan Provinsi Jawa Timur",
                   "--short-name", "Dinas Kesehatan"))  # fmt: skip
    assert added.stderr == "OPD DINKES ditambahkan: Dinas Kesehatan Provinsi Jawa Timur\n"
    assert as_json(run("orgs", "add", "BAPPEDA", "--name", "Badan Perencanaan", "--json")) == {
        "code": "BAPPEDA", "name": "Badan Perencanaan", "short_name": "Badan Perencanaan",
        "dataset_count": 0,
    }  # fmt: skip
    assert as_json(run("orgs", "list", "--json")) == [
        {"code": "BAPPEDA", "name": "Badan Perencanaan", "short_name": "Badan Perencanaan",
         "dataset_count": 0},
        {"code": "DINKES", "name": "Dinas Kesehatan Provinsi Jawa Timur",
         "short_name": "Dinas Kesehatan", "dataset_count": 0},
    ]  # fmt: skip
    listed = ok(run("orgs", "list")).stdout.splitlines()
    assert [line.split()[0] for line in listed] == ["BAPPEDA", "DINKES"]


def test_duplicate_org_fails_cleanly_in_indonesian(ready: Run) -> None:
    result = failed(ready("orgs", "add", "DINKES", "--name", "Dinas Kesehatan Lagi"))
    assert result.stderr == "Galat (duplicate-organization): OPD dengan kode 'DINKES' sudah ada.\n"
    assert result.stdout == ""


def test_errors_are_json_on_stdout_with_json(ready: Run) -> None:
    result = failed(ready("orgs", "add", "DINKES", "--name", "Dinas Kesehatan Lagi", "--json"))
    assert json.loads(result.stdout) == {"error": {
        "type": "duplicate-organization",
        "message": "OPD dengan kode 'DINKES' sudah ada.",
        "message_en": "An organization with code 'DINKES' already exists.",
    }}  # fmt: skip


def test_an_invalid_org_code_is_a_clean_error(ready: Run) -> None:
    result = failed(ready("orgs", "add", "X", "--name", "Terlalu Pendek"))
    assert result.stderr.startswith("Galat (invalid-input): Nilai tidak sah untuk: code.\n")


def test_a_missing_config_file_is_a_clean_error(
    run: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SATUDATA_CONFIG_FILE", str(tmp_path / "hilang.env"))
    result = failed(run("datasets", "list"))
    assert result.stderr.startswith("Galat (config-error): Konfigurasi tidak dapat dibaca: ")
    assert "hilang.env" in result.stderr


def test_ingest_prints_the_new_version_as_json(ready: Run, tmp_path: Path) -> None:
    path = tmp_path / "puskesmas.csv"
    path.write_text(CSV_V1, encoding="utf-8")
    body = as_json(ready("ingest", path, "--org", "DINKES", "--dataset", "jumlah-puskesmas",
                         "--json"))  # fmt: skip
    assert (body["dataset"], body["version"], body["row_count"]) == ("jumlah-puskesmas", 1, 4)
    assert [(f["name"], f["type"]) for f in body["table_schema"]["fields"]] == [
        ("kode_wilayah", "string"), ("nama_wilayah", "string"), ("tahun", "year"),
        ("jumlah", "integer"),
    ]  # fmt: skip
    assert body["notes"] == {"kind": "csv", "sheet": None, "notes": [], "set_aside": [],
                             "validation": {"error_count": 0, "warning_count": 0}}  # fmt: skip
    again = as_json(ready("ingest", path, "--org", "DINKES", "--dataset", "jumlah-puskesmas",
                          "--json"))  # fmt: skip
    assert (again["version"], again["row_count"]) == (2, 4)


def test_ingest_without_json_reports_on_stderr(ready: Run, tmp_path: Path) -> None:
    path = tmp_path / "puskesmas.csv"
    path.write_text(CSV_V1, encoding="utf-8")
    result = ok(ready("ingest", path, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))
    assert (result.stdout, result.stderr) == ("", "Versi 1 dari 'jumlah-puskesmas': 4 baris.\n")


def write_workbook(path: Path) -> Path:
    book = xlsxwriter.Workbook(str(path))
    notes = book.add_worksheet("Catatan")
    for r, row in enumerate([["kolom", "arti"], ["tahun", "tahun data"], ["jumlah", "unit"]]):
        notes.write_row(r, 0, row)
    data = book.add_worksheet("Data")
    data.write_row(0, 0, ["kode_wilayah", "tahun", "jumlah"])
    for r, row in enumerate([["35.07", 2020, 39], ["35.73", 2020, 16], ["35.78", 2020, 63]], 1):
        data.write_row(r, 0, row)
    book.close()
    return path


def test_ingest_reads_the_named_sheet(ready: Run, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "puskesmas.xlsx")
    body = as_json(ready("ingest", book, "--org", "DINKES", "--dataset", "dari-lembar",
                         "--sheet", "Data", "--json"))  # fmt: skip
    assert (body["row_count"], body["notes"]["sheet"], body["notes"]["kind"]) == (3, "Data", "xlsx")
    assert [f["name"] for f in body["table_schema"]["fields"]] == ["kode_wilayah", "tahun",
                                                                    "jumlah"]  # fmt: skip
    rows = as_json(ready("rows", "dari-lembar", "--json"))["data"]
    assert [(r["kode_wilayah"], r["jumlah"]) for r in rows] == [
        ("35.07", 39), ("35.73", 16), ("35.78", 63)
    ]  # fmt: skip


def test_ingest_of_a_missing_sheet_fails_cleanly(ready: Run, tmp_path: Path) -> None:
    book = write_workbook(tmp_path / "puskesmas.xlsx")
    result = failed(ready("ingest", book, "--org", "DINKES", "--dataset", "dari-lembar",
                          "--sheet", "Lampiran"))  # fmt: skip
    assert result.stderr == ("Galat (sheet-not-found): Lembar 'Lampiran' tidak ada di "
                             "'puskesmas.xlsx'. Lembar yang ada: Catatan, Data.\n")  # fmt: skip


def test_ingest_to_an_unknown_org_fails_cleanly(ready: Run, tmp_path: Path) -> None:
    path = tmp_path / "puskesmas.csv"
    path.write_text(CSV_V1, encoding="utf-8")
    result = failed(ready("ingest", path, "--org", "TIDAKADA", "--dataset", "apa-saja"))
    assert result.stderr == "Galat (not-found): OPD 'TIDAKADA' tidak ditemukan.\n"
    as_error = failed(ready("ingest", path, "--org", "TIDAKADA", "--dataset", "apa-saja",
                            "--json"))  # fmt: skip
    assert json.loads(as_error.stdout)["error"]["type"] == "not-found"
    assert as_json(ready("datasets", "list", "--json"))["count"] == 0


def test_ingest_of_a_bad_file_lists_the_problems(ingested: Run, tmp_path: Path) -> None:
    bad = tmp_path / "salah.csv"
    bad.write_text("kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2022,banyak\n",
                   encoding="utf-8")  # fmt: skip
    result = failed(ingested("ingest", bad, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))
    first, *items = result.stderr.splitlines()
    assert first.startswith("Galat (type-errors): 1 nilai di 'salah.csv' tidak sesuai")
    assert items == ["  - Baris 2, kolom 'jumlah': nilai 'banyak' bukan bilangan bulat."]


def test_ingest_of_a_binary_file_fails_cleanly(ready: Run, tmp_path: Path) -> None:
    bad = tmp_path / "rusak.csv"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe" * 50)
    result = failed(ready("ingest", bad, "--org", "DINKES", "--dataset", "rusak"))
    assert result.stderr.startswith("Galat (binary-file): Berkas 'rusak.csv' bukan tabel teks")


def test_datasets_list_and_show(ingested: Run) -> None:
    listed = as_json(ingested("datasets", "list", "--json"))
    assert listed["count"] == 1
    (summary,) = listed["data"]
    assert (summary["slug"], summary["title"], summary["row_count"], summary["years"]) == (
        "jumlah-puskesmas", "Jumlah Puskesmas", 4, [2019, 2020, 2021]
    )  # fmt: skip
    assert as_json(ingested("datasets", "list", "--q", "sekolah", "--json"))["count"] == 0
    assert as_json(ingested("datasets", "list", "--org", "DINKES", "--json"))["count"] == 1
    shown = as_json(ingested("datasets", "show", "jumlah-puskesmas", "--json"))
    assert shown["organization"]["code"] == "DINKES"
    assert [f["name"] for f in shown["table_schema"]["fields"]] == list(ROWS_V1[0])
    assert [(v["number"], v["is_current"], v["row_count"], v["source_filename"])
            for v in shown["versions"]] == [(1, True, 4, "puskesmas.csv")]  # fmt: skip
    text = ok(ingested("datasets", "show", "jumlah-puskesmas")).stdout
    assert text.startswith("Jumlah Puskesmas\n  Dinas Kesehatan Provinsi Jawa Timur")
    assert "  v1 (terkini)" in text and "kode_wilayah" in text
    line = ok(ingested("datasets", "list")).stdout
    assert line.split()[:4] == ["jumlah-puskesmas", "DINKES", "v1", "4"]


def test_datasets_show_of_an_unknown_slug(ready: Run) -> None:
    result = failed(ready("datasets", "show", "tidak-ada"))
    assert result.stderr == "Galat (not-found): Dataset 'tidak-ada' tidak ditemukan.\n"


def test_rows_with_where_limit_and_json(ingested: Run) -> None:
    body = as_json(ingested("rows", "jumlah-puskesmas", "--where", "tahun>=2020",
                            "--limit", "2", "--json"))  # fmt: skip
    assert body["data"] == ROWS_V1[1:3]
    assert (body["count"], body["limit"], body["version"]) == (3, 2, 1)
    both = as_json(ingested("rows", "jumlah-puskesmas", "--where", "tahun>=2020",
                            "--where", "nama_wilayah~malang", "--sort", "-jumlah", "--json"))  # fmt: skip
    assert [r["jumlah"] for r in both["data"]] == [40, 16]
    paged = as_json(ingested("rows", "jumlah-puskesmas", "--sort", "jumlah", "--offset", "3",
                             "--json"))  # fmt: skip
    assert paged["data"] == [ROWS_V1[3]]


def test_rows_as_a_table(ingested: Run) -> None:
    out = ok(ingested("rows", "jumlah-puskesmas", "--where", "kode_wilayah=35.73")).stdout
    assert "jumlah-puskesmas v1: 1 baris" in out
    assert "Kota Malang" in out and "Kabupaten Malang" not in out


@pytest.mark.parametrize(
    ("where", "error_type"),
    [("tidak_ada>=1", "unknown-column"), ("tahun", "invalid-filter")],
)
def test_rows_with_a_bad_condition(ingested: Run, where: str, error_type: str) -> None:
    result = failed(ingested("rows", "jumlah-puskesmas", "--where", where))
    assert result.stderr.startswith(f"Galat ({error_type}): ")


def test_rows_of_an_older_version(ingested: Run, tmp_path: Path) -> None:
    newer = tmp_path / "baru.csv"
    newer.write_text("kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2022,41\n",
                     encoding="utf-8")  # fmt: skip
    ok(ingested("ingest", newer, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))
    assert as_json(ingested("rows", "jumlah-puskesmas", "--json"))["count"] == 1
    old = as_json(ingested("rows", "jumlah-puskesmas", "--version", "1", "--json"))
    assert (old["version"], old["data"]) == (1, ROWS_V1)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet", "json"])
def test_export_to_a_file(ingested: Run, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / f"keluar.{fmt}"
    result = ok(ingested("export", "jumlah-puskesmas", "--format", fmt, "--output", target))
    assert result.stderr == f"Ditulis: {target}\n"
    content = target.read_bytes()
    if fmt == "csv":
        assert content.startswith(b"\xef\xbb\xbf")
        rows: list[dict[str, Any]] = list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
        assert rows == [{k: str(v) for k, v in r.items()} for r in ROWS_V1]
    elif fmt == "json":
        assert json.loads(content) == ROWS_V1
    elif fmt == "parquet":
        assert pq.read_table(target).to_pylist() == ROWS_V1
    else:
        sheet = openpyxl.load_workbook(target)["Data"]
        values = list(sheet.iter_rows(values_only=True))
        assert values[0] == tuple(ROWS_V1[0])
        assert [dict(zip(values[0], r, strict=True)) for r in values[1:]] == ROWS_V1
        assert sheet["A2"].data_type == "s"
    lake_tmp = tmp_path / "data" / "lake" / "tmp"
    assert list(lake_tmp.iterdir()) == []


def test_export_csv_to_stdout(ingested: Run) -> None:
    out = ok(ingested("export", "jumlah-puskesmas", "--format", "csv")).stdout_bytes
    assert out.decode("utf-8-sig").splitlines()[1] == '"35.07","Kabupaten Malang",2019,39'


def test_export_of_an_unknown_dataset(ready: Run) -> None:
    result = failed(ready("export", "tidak-ada", "--format", "json"))
    assert result.stderr == "Galat (not-found): Dataset 'tidak-ada' tidak ditemukan.\n"


def test_version_option() -> None:
    assert ok(CliRunner().invoke(cli, ["--version"])).stdout.endswith("0.1.0\n")


def _script(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SATUDATA_")}
    return subprocess.run(args, capture_output=True, text=True, cwd=cwd, env=env, timeout=60,
                          check=False)  # fmt: skip


def test_the_installed_console_script(tmp_path: Path, database_url: str) -> None:
    script = Path(sys.executable).parent / "satudata"
    result = _script(str(script), "--data-dir", str(tmp_path / "data"), "--database-url",
                     database_url, "init", cwd=tmp_path)  # fmt: skip
    assert (result.returncode, result.stdout) == (0, "")
    assert result.stderr == f"Direktori data siap: {tmp_path / 'data'}\n"
    assert (tmp_path / "data" / "lake" / "versions").is_dir()


def test_python_dash_m_satudata_fails_cleanly(tmp_path: Path) -> None:
    result = _script(sys.executable, "-m", "satudata", "--data-dir", str(tmp_path / "data"),
                     "datasets", "show", "tidak-ada", "--json", cwd=tmp_path)  # fmt: skip
    assert result.returncode == 1
    assert json.loads(result.stdout)["error"]["type"] == "database-error"  # not initialised
    assert result.stderr == ""


def test_a_command_before_init_explains_itself(run: Run) -> None:
    result = failed(run("datasets", "list"))
    assert result.stderr.startswith("Galat (database-error): Basis data metadata tidak dapat")
    assert result.stderr.endswith("Sudahkah `satudata init` dijalankan?\n")
