"""`satudata validate` (the dry run), `checks list|set` and `set-schema`."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from click.testing import Result
from tests.cli.test_cli_commands import Run, as_json, failed, ok

CLEAN = ("kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,39\n"
         "35.73,Kota Malang,2024,16\n")  # fmt: skip
MIXED = ("kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kota Malang,2024,39\n"
         "35.99,Kota Entah,2024,16\n35.78,Kota Surabaya,2024,dua\n")  # fmt: skip


@pytest.fixture
def dataset(ready: Run, tmp_path: Path) -> Run:
    path = tmp_path / "v1.csv"
    path.write_text(CLEAN, encoding="utf-8")
    ok(ready("ingest", path, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))
    return ready


def write(tmp_path: Path, text: str, name: str = "kiriman.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def exits_1(result: Result) -> Result:
    assert result.exit_code == 1, (result.stdout, result.stderr, result.exception)
    return result


def test_validate_prints_each_problem_and_exits_1(dataset: Run, tmp_path: Path) -> None:
    result = exits_1(dataset("validate", write(tmp_path, MIXED), "--dataset", "jumlah-puskesmas"))
    out = " ".join(result.stdout.split())  # the table may wrap long messages
    assert out.startswith("kiriman.csv: 3 galat, 0 peringatan — perlu diperbaiki")
    assert "nama 'Kota Malang' tidak sesuai dengan kode 35.07 (Kabupaten Malang)" in out
    assert "kode wilayah '35.99' tidak dikenal" in out
    assert "nilai 'dua' bukan bilangan bulat" in out
    assert "Per aturan: region-code: 1, region-name: 1, type-error: 1" in out


def test_validate_json_is_the_report_and_adds_no_version(dataset: Run, tmp_path: Path) -> None:
    result = exits_1(dataset("validate", write(tmp_path, MIXED), "--dataset", "jumlah-puskesmas",
                             "--json"))  # fmt: skip
    report = json.loads(result.stdout)
    assert (report["valid"], report["error_count"], report["row_count"]) == (False, 3, 3)
    assert [(e["row"], e["type"]) for e in report["errors"]] == [
        (2, "region-name"), (3, "region-code"), (4, "type-error")]  # fmt: skip
    shown = as_json(dataset("datasets", "show", "jumlah-puskesmas", "--json"))
    assert [v["number"] for v in shown["versions"]] == [1]


def test_validate_a_clean_file_exits_0(dataset: Run, tmp_path: Path) -> None:
    result = ok(dataset("validate", write(tmp_path, CLEAN), "--dataset", "jumlah-puskesmas"))
    assert result.stdout.startswith("kiriman.csv: 0 galat, 0 peringatan — siap dikirim")


def test_validate_writes_the_annotated_workbook(dataset: Run, tmp_path: Path) -> None:
    out = tmp_path / "ditandai.xlsx"
    exits_1(dataset("validate", write(tmp_path, MIXED), "--dataset", "jumlah-puskesmas",
                    "--annotated", out))  # fmt: skip
    book = openpyxl.load_workbook(out)
    assert "Ringkasan" in book.sheetnames


def test_validate_of_a_new_dataset_needs_the_org(ready: Run, tmp_path: Path) -> None:
    result = failed(ready("validate", write(tmp_path, CLEAN), "--dataset", "baru"))
    assert result.stderr.startswith("Galat (organization-required): Dataset 'baru' belum ada")
    report = json.loads(ok(ready("validate", write(tmp_path, CLEAN), "--dataset", "baru",
                                 "--org", "DINKES", "--json")).stdout)  # fmt: skip
    assert report["valid"] is True
    assert [f["name"] for f in report["table_schema"]["fields"]] == [
        "kode_wilayah", "nama_wilayah", "tahun", "jumlah"]  # fmt: skip


def test_checks_set_makes_a_rule_a_warning_and_list_shows_it(
    dataset: Run, tmp_path: Path
) -> None:  # fmt: skip
    ok(dataset("checks", "set", "jumlah-puskesmas", "region-name", "--severity", "warning"))
    ok(dataset("checks", "set", "jumlah-puskesmas", "value-change", "--param", "factor=5"))
    listed = {c["type"]: c for c in as_json(dataset("checks", "list", "--dataset",
                                                    "jumlah-puskesmas", "--json"))}  # fmt: skip
    assert listed["region-name"]["dataset"] == {"severity": "warning"}
    assert listed["value-change"]["dataset"] == {"factor": 5.0}
    text = ok(dataset("checks", "list", "--dataset", "jumlah-puskesmas")).stdout
    assert "region-name        aktif  warning" in text
    wrong = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kota Malang,2024,39\n"
    result = ok(dataset("validate", write(tmp_path, wrong), "--dataset", "jumlah-puskesmas"))
    assert result.stdout.startswith("kiriman.csv: 0 galat, 1 peringatan — siap dikirim")
    ok(dataset("checks", "set", "jumlah-puskesmas", "region-name", "--reset"))
    exits_1(dataset("validate", write(tmp_path, wrong), "--dataset", "jumlah-puskesmas"))


def test_checks_set_refuses_bad_input(dataset: Run) -> None:
    result = failed(dataset("checks", "set", "jumlah-puskesmas", "type-error", "--off"))
    assert result.stderr.startswith("Galat (mandatory-check)")
    result = failed(dataset("checks", "set", "jumlah-puskesmas", "value-change", "--param",
                            "factor=banyak"))  # fmt: skip
    assert result.stderr.startswith(
        "Galat (invalid-check-parameter): Parameter 'factor' = 'banyak'"
    )
    result = failed(dataset("checks", "set", "jumlah-puskesmas", "tidak-ada", "--off"))
    assert result.stderr.startswith("Galat (unknown-check)")


def test_a_proposed_schema_change_is_accepted_with_set_schema(
    dataset: Run, tmp_path: Path
) -> None:  # fmt: skip
    renamed = CLEAN.replace(",jumlah\n", ",jumlah_unit\n")
    report = json.loads(exits_1(dataset("validate", write(tmp_path, renamed), "--dataset",
                                        "jumlah-puskesmas", "--json")).stdout)  # fmt: skip
    assert report["proposal"]["renamed"] == {"jumlah": "jumlah_unit"}
    proposal = write(tmp_path, json.dumps(report["proposal"]), "usulan.json")
    ok(dataset("set-schema", "jumlah-puskesmas", proposal))
    ok(dataset("ingest", write(tmp_path, renamed), "--dataset", "jumlah-puskesmas",
               "--org", "DINKES"))  # fmt: skip
    shown = as_json(dataset("datasets", "show", "jumlah-puskesmas", "--json"))
    assert [f["name"] for f in shown["table_schema"]["fields"]][-1] == "jumlah_unit"
    assert [v["number"] for v in shown["versions"]] == [2, 1]
