"""The compliance pages: board, OPD drill-down, Daftar Data upkeep and monthly reports."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest
from fastapi.testclient import TestClient
from tests.compliance.conftest import Seeder
from tests.compliance.world import build_world
from tests.web.conftest import csrf_of, form, sign_in

from satudata.db.session import session_scope
from satudata.runtime import Runtime

AS_OF = "2025-05-15"


@pytest.fixture
def world(runtime: Runtime, people: dict[str, str]) -> dict[str, str]:
    """The hand-computed compliance world of tests/compliance (eleven OPDs), and people."""
    with session_scope(runtime.sessions) as session:
        build_world(Seeder(session))
    return people


def text(html: str) -> str:
    """Return a page's visible text, tags dropped and spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def board_rows(html: str) -> list[tuple[str, str, str]]:
    """Return (rank, OPD, score) of each row of the board."""
    body = html.split('<table class="compliance-board">', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>", 1)[1], flags=re.S)
    out = []
    for row in rows:
        cells = [text(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, flags=re.S)]
        out.append((cells[0], cells[1].split(" (")[0], cells[2]))
    return out


def test_the_board_ranks_every_opd_at_a_date_with_filters(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    sign_in(client, world["custodian"])
    page = client.get(f"/kepatuhan?tanggal={AS_OF}")
    assert page.status_code == 200
    rows = board_rows(page.text)
    assert rows[:4] == [("1", "Dinas Pendidikan", "100,0"), ("2", "Dispendukcapil", "99,2"),
                        ("3", "Dinas Perhubungan", "90,0"), ("4", "Dinas Kesehatan", "86,7")]  # fmt: skip
    assert len(rows) == 11
    assert 'href="/kepatuhan/opd/DINKES?tanggal=2025-05-15"' in page.text
    assert "0,30 dikirim + 0,15 tepat waktu" in page.text  # the formula, shown
    assert 'role="img"' in page.text and "Tren skor Dinas Kesehatan" in page.text
    health = board_rows(client.get(f"/kepatuhan?tanggal={AS_OF}&sektor=kesehatan").text)
    assert health == [("1", "Dinas Kesehatan", "86,7")]
    english = client.get(f"/kepatuhan?tanggal={AS_OF}&lang=en")
    assert board_rows(english.text)[3] == ("4", "Dinas Kesehatan", "86.7")
    assert "0.30 delivered + 0.15 on time" in english.text
    assert "Agency compliance board" in english.text and "Papan Kepatuhan" not in english.text
    client.get("/bahasa/id?next=/")
    wrong = client.get("/kepatuhan?tanggal=31-02-2025")
    assert wrong.status_code == 400
    assert (
        "Tanggal &#39;31-02-2025&#39; tidak sah" in wrong.text
        and 'aria-invalid="true"' in wrong.text
    )


def test_an_opd_sees_its_own_gaps_and_not_another_opds(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    assert client.get("/kepatuhan").headers["location"].startswith("/masuk?next=")
    sign_in(client, world["producer"])  # an operator of DINKES
    board = client.get(f"/kepatuhan?tanggal={AS_OF}")
    assert board.status_code == 200 and 'href="/kepatuhan"' in board.text  # in the navigation
    assert 'href="/kepatuhan/opd/DINKES' in board.text
    assert 'href="/kepatuhan/opd/DINDIK' not in board.text  # the ranking only, no drill-down
    own = client.get(f"/kepatuhan/opd/DINKES?tanggal={AS_OF}")
    assert own.status_code == 200
    assert ("Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 45 hari"
            in text(own.text))  # fmt: skip
    assert "Skor 86,7" in text(own.text) and "Peringkat 4" in text(own.text)
    english = client.get(f"/kepatuhan/opd/DINKES?tanggal={AS_OF}&lang=en")
    assert "Jumlah Puskesmas 2024 — not delivered, 45 days late" in text(english.text)
    client.get("/bahasa/id?next=/")
    assert client.get(f"/kepatuhan/opd/DINDIK?tanggal={AS_OF}&lang=id").status_code == 404
    items = client.get("/kepatuhan/daftar")
    assert "Jumlah Puskesmas" in items.text and "Jumlah Sekolah" not in items.text
    assert "Tambah butir" not in items.text  # the walidata keeps the list


def test_the_walidata_keeps_the_daftar_data_through_the_forms(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, world["custodian"])
    fields = {"organization": "DINKES", "title": "Jumlah Rumah Sakit", "frequency": "tahunan",
              "region_level": "kabupaten_kota", "sector": "kesehatan",
              "start_date": "2025-01-01", "due_months": "", "due_day": "", "due_days": "",
              "end_date": "", "dataset": "", "notes": "", "priority": "ya"}  # fmt: skip
    added = client.post("/kepatuhan/daftar", data=form(csrf, **fields))
    assert added.status_code == 303
    listing = client.get(added.headers["location"])
    assert (
        "Butir &#39;Jumlah Rumah Sakit&#39; ditambahkan ke Daftar Data Dinas Kesehatan."
        in listing.text
    )
    item_id = int(re.search(r'href="/kepatuhan/daftar/(\d+)">Jumlah Rumah Sakit', listing.text)[1])  # type: ignore[index]
    twice = client.post("/kepatuhan/daftar", data=form(csrf, **fields))
    assert twice.status_code == 409 and "Jumlah Rumah Sakit" in twice.text
    short = client.post("/kepatuhan/daftar", data=form(csrf, **{**fields, "title": "RS"}))
    assert short.status_code == 400
    assert "Isian &#39;Judul data&#39; tidak sah: &#39;RS&#39;" in short.text
    assert (
        'id="i-title" name="title" required minlength="3" maxlength="500" value="RS" aria-invalid="true"'
        in short.text
    )
    backwards = client.post("/kepatuhan/daftar", data=form(
        csrf, **{**fields, "title": "Jumlah Klinik", "end_date": "2024-12-31"}))  # fmt: skip
    assert backwards.status_code == 400 and "Berakhir" in backwards.text

    edited = client.post(f"/kepatuhan/daftar/{item_id}", data=form(
        csrf, **{**fields, "due_months": "4", "dataset": "jumlah-puskesmas"}))  # fmt: skip
    assert edited.status_code == 303
    page = client.get(f"/kepatuhan/daftar/{item_id}")
    assert "akhir bulan, 4 bulan setelah periode berakhir" in page.text
    assert 'href="/dataset/jumlah-puskesmas"' in page.text
    assert "the last day of the month 4 month(s) after the period ends" in client.get(
        f"/kepatuhan/daftar/{item_id}?lang=en").text  # fmt: skip
    client.get("/bahasa/id?next=/")
    unknown = client.post(f"/kepatuhan/daftar/{item_id}", data=form(
        csrf, **{**fields, "dataset": "tidak-ada"}))  # fmt: skip
    assert unknown.status_code == 404
    assert "tidak-ada" in unknown.text

    removed = client.post(f"/kepatuhan/daftar/{item_id}/hapus", data=form(csrf))
    assert removed.status_code == 303
    assert "dihapus dari Daftar Data" in client.get(removed.headers["location"]).text
    assert client.get(f"/kepatuhan/daftar/{item_id}").status_code == 404


def test_the_daftar_data_goes_out_to_excel_and_back(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, world["custodian"])
    exported = client.get("/kepatuhan/daftar.xlsx")
    assert exported.status_code == 200 and exported.content[:2] == b"PK"
    book = openpyxl.load_workbook(io.BytesIO(exported.content))
    sheet = book.worksheets[0]
    header = [c.value for c in sheet[1]]
    title_col = header.index("Judul") + 1
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    first = next(i for i, r in enumerate(rows, 2) if r[title_col - 1] == "Jumlah Puskesmas")
    sheet.cell(first, header.index("Keterangan") + 1, "Diperbarui dari Excel")
    buffer = io.BytesIO()
    book.save(buffer)
    files = {"file": ("daftar.xlsx", buffer.getvalue(), "application/octet-stream")}
    imported = client.post("/kepatuhan/daftar/impor", data=form(csrf), files=files)
    assert imported.status_code == 303
    notice = text(client.get("/kepatuhan/daftar").text)
    assert f"0 butir baru, 1 diubah, {len(rows) - 1} tetap" in notice

    sheet.cell(first, header.index("Frekuensi") + 1, "kadang-kadang")
    broken = io.BytesIO()
    book.save(broken)
    files = {"file": ("daftar.xlsx", broken.getvalue(), "application/octet-stream")}
    refused = client.post("/kepatuhan/daftar/impor", data=form(csrf), files=files)
    assert refused.status_code == 400
    assert (
        f"Baris {first}, kolom &#39;Frekuensi&#39;, nilai &#39;kadang-kadang&#39;: frekuensi tidak dikenal"
        in refused.text
    )
    none = client.post("/kepatuhan/daftar/impor", data=form(csrf))
    assert none.status_code == 400 and "Pilih berkas Daftar Data" in none.text

    client.cookies.clear()
    sign_in(client, world["producer"])
    producer_csrf = csrf_of(client.get("/kepatuhan/daftar").text)
    denied = client.post("/kepatuhan/daftar/impor", data=form(producer_csrf), files=files)
    assert denied.status_code == 403


def test_the_monthly_report_is_made_kept_and_downloaded(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, world["custodian"])
    listing = client.get("/kepatuhan/laporan")
    assert "Belum ada laporan tersimpan." in listing.text and 'name="month"' in listing.text
    made = client.post("/kepatuhan/laporan", data=form(csrf, month="2025-04"))
    assert (made.status_code, made.headers["location"]) == (
        303,
        "/kepatuhan/laporan/2025-04?revisi=1",
    )
    page = client.get(made.headers["location"])
    assert "Laporan Koordinasi Daftar Data April 2025" in page.text
    assert "Dinas Kesehatan" in page.text and "Revisi 1" in page.text
    again = client.post("/kepatuhan/laporan", data=form(csrf, month="2025-04"))
    assert again.status_code == 409 and "revisi 1" in again.text
    assert 'id="l-replace" name="replace" type="checkbox" value="ya" checked' in again.text
    second = client.post("/kepatuhan/laporan", data=form(csrf, month="2025-04", replace="ya"))
    assert second.headers["location"] == "/kepatuhan/laporan/2025-04?revisi=2"
    bad = client.post("/kepatuhan/laporan", data=form(csrf, month="April"))
    assert bad.status_code == 400 and "Bulan &#39;April&#39; tidak sah" in bad.text

    pdf = client.get("/kepatuhan/laporan/2025-04/unduh?format=pdf&revisi=1")
    assert pdf.content.startswith(b"%PDF") and "r1.pdf" in pdf.headers["content-disposition"]
    xlsx = client.get("/kepatuhan/laporan/2025-04/unduh?format=xlsx")
    names = [c.value for c in openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]["A"]]
    assert "r2.xlsx" in xlsx.headers["content-disposition"] and any(names)

    client.cookies.clear()
    sign_in(client, world["producer"])
    kept = client.get("/kepatuhan/laporan")
    assert kept.status_code == 200 and "2025-04/unduh?format=pdf&amp;revisi=2" in kept.text
    assert 'name="month"' not in kept.text  # only the walidata makes reports
    assert client.post("/kepatuhan/laporan", data=form(csrf_of(kept.text), month="2025-05")
                       ).status_code == 403  # fmt: skip
