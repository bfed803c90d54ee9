"""The checklist's evidence lines in English, for the English pages of the walidata desk."""

from __future__ import annotations

import re
from typing import Any

import pytest
from tests.review.test_checklist import faulty, send, write_csv  # noqa: F401  (fixtures)

from satudata.review.evidence import evidence_en


@pytest.mark.parametrize(("line", "english"), [
    ("4 kolom dengan tipe: 2 teks, 1 tahun, 1 bilangan bulat",
     "4 columns of type: 2 text, 1 year, 1 whole number"),
    ("Nilai yang tidak sesuai tipe kolomnya: 2 (kolom Jumlah Puskesmas)",
     "Values that do not fit their column's type: 2 (columns Jumlah Puskesmas)"),
    ("Kolom yang seluruhnya kosong: 7 (A, B, C, D, E dan 2 lainnya)",
     "Columns that are entirely empty: 7 (A, B, C, D, E and 2 more)"),
    ("11 dari 12 metadata wajib (data prioritas: termasuk konsep dan definisi) terisi",
     "11 of 12 required metadata filled in (priority data: concept and definition included)"),
    ("Belum diisi: deskripsi, sektor/urusan, sumber data",
     "Not filled in: description, sector, data source"),
    ("Tingkat penyajian kabupaten/kota, tetapi tidak ada kolom kode atau nama wilayah.",
     "Level of presentation regency/city, but no region code or name column."),
    ("Periode 2024: 2 dari 38 wilayah ada, 36 tidak ada",
     "Period 2024: 2 of 38 regions present, 36 missing"),
    ("Tipe kolom berubah: 1 (Jumlah Puskesmas bilangan bulat → angka)",
     "Column types changed: 1 (Jumlah Puskesmas whole number → number)"),
    ("Kolom yang seluruhnya kosong: 1 (teks)", "Columns that are entirely empty: 1 (teks)"),
    ("Pemeriksaan value-change tidak dijalankan untuk dataset ini.",
     "The value-change check did not run for this dataset."),
    ("Kalimat yang tidak dikenal", "Kalimat yang tidak dikenal"),
])  # fmt: skip
def test_each_line_reads_in_english_with_its_numbers_and_names(line: str, english: str) -> None:
    assert evidence_en(line) == english


INDONESIAN = re.compile(r"\b(kolom|dari|wilayah|versi|nilai|periode|tidak|yang|dan)\b", re.I)


def test_no_line_of_a_real_checklist_is_left_in_indonesian(faulty: list[dict[str, Any]]) -> None:  # noqa: F811
    lines = [line for item in faulty for line in item["evidence"]]
    assert len(lines) >= 10
    left = [evidence_en(line) for line in lines if INDONESIAN.search(evidence_en(line))]
    assert left == []
