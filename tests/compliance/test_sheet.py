"""The Daftar Data spreadsheet: read liberally, refuse bad cells by row/column/value, and
come back unchanged from an export."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy.orm import Session
from tests.compliance.conftest import Seeder

from satudata.auth import SYSTEM
from satudata.auth.actor import Actor
from satudata.compliance.daftar import list_items
from satudata.compliance.sheet import export_data_list, import_data_list
from satudata.db.session import session_scope
from satudata.errors import InvalidInputError, PermissionDeniedError
from satudata.runtime import Runtime


def workbook(rows: list[list[object]]) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["DAFTAR DATA PROVINSI JAWA TIMUR TAHUN 2025"])  # a title row above the table
    sheet.append([])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


HEADER = ["No", "Perangkat Daerah", "Nama Data", "Frekuensi", "Tingkat Penyajian",
          "Data Prioritas", "Urusan", "Berlaku Mulai", "Keterangan"]  # fmt: skip


@pytest.fixture
def session(runtime: Runtime) -> Session:
    with session_scope(runtime.sessions) as s:
        seed = Seeder(s)
        seed.org("DINKES", "Dinas Kesehatan")
        seed.org("DINDIK", "Dinas Pendidikan")
        seed.dataset("DINKES", "jumlah-puskesmas")
    s = runtime.sessions()
    yield s
    s.close()


def test_an_agency_style_workbook_is_read(session: Session) -> None:
    content = workbook([HEADER,
        [1, "DINKES", "Jumlah Puskesmas", "Tahunan", "Kab/Kota", "Ya", "Kesehatan",
         datetime(2023, 1, 1), ""],
        [2, "Dinas Pendidikan", "Jumlah Sekolah", "1 tahun sekali", "kabupaten/kota", "tidak",
         "Pendidikan", "2024", "dari Dapodik"],
        [3, "dinkes", "Kunjungan Puskesmas", "bulanan", "Provinsi", "", "Kesehatan",
         "01/07/2025", ""],
        [None, None, None, None, None, None, None, None, None],  # blank rows are skipped
    ])  # fmt: skip
    result = import_data_list(session, actor=SYSTEM, content=content, filename="daftar.xlsx")
    assert (result.created, result.updated, result.unchanged, result.rows) == (3, 0, 0, 3)
    items = {i.title: i for i in list_items(session, actor=SYSTEM)}
    assert [(i.organization, i.frequency, i.region_level, i.priority, i.start_date)
            for i in items.values()] == [
        ("DINKES", "tahunan", "kabupaten_kota", True, date(2023, 1, 1)),
        ("DINKES", "bulanan", "provinsi", False, date(2025, 7, 1)),
        ("DINDIK", "tahunan", "kabupaten_kota", False, date(2024, 1, 1)),
    ]  # fmt: skip
    assert items["Jumlah Sekolah"].notes == "dari Dapodik"
    assert items["Jumlah Puskesmas"].due_rule == "akhir bulan, 3 bulan setelah periode berakhir"


def test_bad_cells_are_named_by_row_column_and_value_and_nothing_is_written(
    session: Session,
) -> None:  # fmt: skip
    content = workbook([HEADER,
        [1, "DINKES", "Jumlah Puskesmas", "Tahunan", "Kab/Kota", "Ya", "", "2023", ""],
        [2, "DINAS ENTAH", "Jumlah Apa", "Tahunan", "", "", "", "2023", ""],
        [3, "DINKES", "Jumlah Bidan", "kadang-kadang", "desa", "mungkin", "", "31/02/2024", ""],
    ])  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        import_data_list(session, actor=SYSTEM, content=content, filename="daftar.xlsx")
    problems = [(e["row"], e["column"], e["value"]) for e in caught.value.details["errors"]]
    assert problems == [
        (5, "Perangkat Daerah", "DINAS ENTAH"), (6, "Frekuensi", "kadang-kadang"),
        (6, "Tingkat Penyajian", "desa"), (6, "Data Prioritas", "mungkin"),
        (6, "Berlaku Mulai", "31/02/2024"),
    ]  # fmt: skip
    assert caught.value.details["errors"][1]["message"].startswith(
        "Baris 6, kolom 'Frekuensi', nilai 'kadang-kadang': frekuensi tidak dikenal"
    )
    assert list_items(session, actor=SYSTEM) == []


def test_export_then_import_changes_nothing(session: Session) -> None:
    content = workbook([HEADER, [1, "DINKES", "Jumlah Puskesmas", "Tahunan", "Kab/Kota", "Ya",
                                 "Kesehatan", "2023", "catatan"]])  # fmt: skip
    import_data_list(session, actor=SYSTEM, content=content, filename="daftar.xlsx")
    exported = export_data_list(session, actor=SYSTEM)
    again = import_data_list(session, actor=SYSTEM, content=exported, filename="ekspor.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    header = next(openpyxl.load_workbook(io.BytesIO(exported)).active.iter_rows(values_only=True))
    assert header[:5] == ("Kode OPD", "Nama OPD", "Judul", "Dataset", "Frekuensi")


def test_only_the_walidata_imports_and_an_opd_exports_its_own(session: Session) -> None:
    content = workbook([HEADER, [1, "DINKES", "Jumlah Puskesmas", "Tahunan", "", "", "", "2023",
                                 ""], [2, "DINDIK", "Jumlah Sekolah", "Tahunan", "", "", "",
                                       "2023", ""]])  # fmt: skip
    producer = Actor(kind="user", name="op", organizations=frozenset({"DINDIK"}))
    with pytest.raises(PermissionDeniedError):
        import_data_list(session, actor=producer, content=content, filename="d.xlsx")
    import_data_list(session, actor=SYSTEM, content=content, filename="d.xlsx")
    rows = list(openpyxl.load_workbook(io.BytesIO(export_data_list(session, actor=producer)))
                .active.iter_rows(min_row=2, values_only=True))  # fmt: skip
    assert [r[:3] for r in rows] == [("DINDIK", "Dinas Pendidikan", "Jumlah Sekolah")]
