"""The monthly report: kept per month (never overwritten silently), as PDF and XLSX."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pypdfium2
import pytest
from sqlalchemy.orm import Session

from satudata.auth import SYSTEM
from satudata.auth.actor import Actor
from satudata.compliance.report import generate_report, get_report, list_reports
from satudata.compliance.report_files import render_pdf, render_xlsx
from satudata.errors import ConflictError, PermissionDeniedError

PRODUCER = Actor(kind="user", name="op@dinkes", organizations=frozenset({"DINKES"}))


@pytest.fixture
def session(world_session: Session) -> Session:
    return world_session


def test_the_report_compares_the_month_with_the_one_before(session: Session) -> None:
    kept = generate_report(session, None, actor=SYSTEM, month="2025-04")
    data = kept.data
    assert (kept.revision, data["as_of"], data["previous_as_of"]) == (1, "2025-04-30", "2025-03-31")
    orgs = {o["code"]: o for o in data["organizations"]}
    dinkes = orgs["DINKES"]
    # 31 Mar: 100 (2024 due that very day); 30 Apr: puskesmas 2024 30 days late → 86.7
    assert (dinkes["previous_score"], dinkes["score"], dinkes["change"]) == (100.0, 86.7, -13.3)
    assert dinkes["newly_overdue"] == ["Jumlah Puskesmas 2024"]
    assert dinkes["actions"] == [
        "Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 30 hari"
    ]
    assert orgs["BAPPEDA"]["delivered_this_month"] == ["PDRB 2023", "PDRB 2024"]
    assert orgs["DISKOMINFO"]["score"] is None
    assert data["totals"]["organizations"] == 11


def test_a_month_is_kept_and_a_new_revision_needs_replace(session: Session) -> None:
    generate_report(session, None, actor=SYSTEM, month="2025-04")
    with pytest.raises(ConflictError):
        generate_report(session, None, actor=SYSTEM, month="2025-04")
    second = generate_report(session, None, actor=SYSTEM, month="2025-04", replace=True)
    assert second.revision == 2
    assert [(r.month, r.revision) for r in list_reports(session, actor=PRODUCER)] == [
        ("2025-04", 2),
        ("2025-04", 1),
    ]
    assert get_report(session, actor=PRODUCER, month="2025-04", revision=1).revision == 1
    with pytest.raises(PermissionDeniedError):
        generate_report(session, None, actor=PRODUCER, month="2025-05")


def test_the_report_renders_to_pdf_pages_and_xlsx(session: Session, tmp_path: Path) -> None:
    data = generate_report(session, None, actor=SYSTEM, month="2025-05").data
    pdf = render_pdf(data)
    assert pdf.startswith(b"%PDF")
    document = pypdfium2.PdfDocument(pdf)
    assert len(document) >= 2
    text = "".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    assert "Laporan Koordinasi Daftar Data Mei 2025" in text
    assert "Jumlah Puskesmas 2024 - belum dikirim, terlambat 61 hari" in text  # on 31 May
    for i in range(len(document)):  # each page as an image: landscape A4, not blank
        image = document[i].render(scale=1).to_pil()
        assert image.width > image.height
        image.save(tmp_path / f"page-{i + 1}.png")
        lo, hi = image.convert("L").getextrema()
        assert (lo, hi) == (0, 255) or hi - lo > 100
    document.close()
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(data)))
    assert book.sheetnames == ["Ringkasan", "Tindak Lanjut"]
    rows = list(book["Ringkasan"].iter_rows(min_row=5, values_only=True))
    assert rows[0][:3] == (1, "Dinas Pendidikan", 100)
    assert [r[1] for r in rows][-1] == "Diskominfo"
    actions = [r[3] for r in book["Tindak Lanjut"].iter_rows(min_row=2, values_only=True)]
    assert "Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 61 hari" in actions
