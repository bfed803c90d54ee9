"""The agency workspace through its pages: Data Saya, the upload wizard, a dataset's page.

The journey of an operator who lives in Excel: a messy workbook → the report with its
cells → the annotated copy → the fixed file → a draft version → submitted. Jobs run at
once in tests (`jobs_url="immediate"`), so every job page shows its result.
"""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from fastapi.testclient import TestClient
from openpyxl import Workbook, load_workbook
from tests.web.conftest import form, sign_in

from satudata.auth import SYSTEM
from satudata.catalog.service import get_dataset
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.people.service import actor_for_user, get_user
from satudata.review.service import return_version, take_version
from satudata.review.states import STATE_NAMES_ID
from satudata.runtime import Runtime
from satudata.web.i18n import TRANSLATIONS_DIR
from satudata.web.workspace import STATE_LABELS

SLUG = "jumlah-tenaga-kesehatan"
TITLE = "Jumlah Tenaga Kesehatan"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ROWS_2024 = [("35.01", "Kabupaten Pacitan", "1.234"), ("35.02", "Kabupaten Ponorogo", "2.345"),
             ("35.03", "Kabupaten Trenggalek", "1.100"), ("35.04", "Kabupaten Tulungagung", "987"),
             ("35.05", "Kabupaten Blitar", "3.210"), ("35.06", "Kabupaten Kediri", "4.321"),
             ("35.07", "Kabupaten Malang", "5.432"), ("35.78", "Kota Surabaya", "9.876")]  # fmt: skip


def workbook(rows: list[tuple[str, str, Any]], *, year: int = 2024, sheets: int = 1) -> bytes:
    """An agency workbook: merged title rows, a header on row 4, Indonesian numbers as text,
    a footnote, and a notes sheet (or one table sheet per year)."""
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Data" if sheets == 1 else str(year)
    for number in range(sheets):
        if number:
            ws = book.create_sheet(str(year + number))
        ws["A1"] = "JUMLAH TENAGA KESEHATAN MENURUT KABUPATEN/KOTA DI JAWA TIMUR"
        ws.merge_cells("A1:D1")
        ws["A2"] = f"Tahun {year + number}"
        ws.merge_cells("A2:D2")
        ws.append([])
        ws.append(["Kode Wilayah", "Kabupaten/Kota", "Tahun", "Jumlah Tenaga"])
        for code, name, value in rows:
            ws.append([code, name, year + number, value])
        ws.append(["Sumber: Dinas Kesehatan Provinsi Jawa Timur"])
    if sheets == 1:
        book.create_sheet("Catatan")["A1"] = "Diisi oleh operator"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def messy() -> bytes:
    """The 2024 workbook with a wrong kode wilayah (A7) and a word in a number cell (D8)."""
    rows = list(ROWS_2024)
    rows[2] = ("35.99", "Kabupaten Trenggalek", "1.100")
    rows[3] = ("35.04", "Kabupaten Tulungagung", "tidak ada")
    return workbook(rows)


def text(response: Any) -> str:
    """The page's visible text, tags removed and spaces squeezed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.text)).split())


def job_of(response: Any) -> str:
    assert response.status_code == 303, response.text[:800]
    found = re.fullmatch(r"/saya/unggah/([0-9a-f]{32})", response.headers["location"])
    assert found, response.headers["location"]
    return found.group(1)


@pytest.fixture
def world(runtime: Runtime, people: dict[str, str], tmp_path: Path) -> Runtime:
    """DINKES has SLUG with version 1 (2023) published by the system."""
    path = tmp_path / "nakes-2023.xlsx"
    path.write_bytes(workbook(ROWS_2024, year=2023))
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization="DINKES", dataset=SLUG, filename=path.name,
        metadata={"title": TITLE, "frequency": "tahunan", "unit": "orang"}))  # fmt: skip
    return runtime


def send(client: TestClient, csrf: str, data: bytes, name: str = "nakes-2024.xlsx",
         url: str = "/saya/unggah/berkas", **fields: Any) -> Any:  # fmt: skip
    return client.post(url, data=form(csrf, **fields), files={"file": (name, data, XLSX)})


def states(runtime: Runtime, slug: str = SLUG) -> dict[int, str]:
    with session_scope(runtime.sessions) as session:
        return {v.number: v.state for v in get_dataset(session, actor=SYSTEM, slug=slug).versions}


def test_state_names_are_those_of_the_workflow() -> None:
    assert STATE_LABELS == STATE_NAMES_ID


def test_a_messy_workbook_is_reported_annotated_fixed_uploaded_and_submitted(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    overview = client.get("/saya")
    assert overview.status_code == 200
    row = re.search(rf'<a href="/saya/dataset/{SLUG}">.*?</tr>', overview.text, re.S)
    assert row, overview.text[:2000]
    shown = " ".join(unescape(re.sub(r"<[^>]+>", " ", row.group(0))).split())
    # 2023 data is there: 2024 is due on 31 March 2025 (long past: overdue).
    assert "versi 1: terbit" in shown and "31/03/2025" in shown and "(2024)" in shown
    assert "terlambat" in shown

    choose = client.get("/saya/unggah")
    assert f'value="{SLUG}"' in choose.text
    page = client.get(f"/saya/unggah/berkas?dataset={SLUG}")
    assert page.status_code == 200 and TITLE in page.text and 'type="file"' in page.text

    # 1. The messy workbook: checked, nothing stored.
    check = job_of(send(client, csrf, messy(), dataset=SLUG))
    report_page = client.get(f"/saya/unggah/{check}")
    assert report_page.status_code == 200
    body = text(report_page)
    assert "2 kesalahan harus diperbaiki" in body
    assert "Judul kolom dibaca dari baris 4." in body and "Data mulai baris 5." in body
    assert '<option value="Data" selected>' in report_page.text
    assert '<option value="Catatan">' in report_page.text
    findings = re.findall(r'<tr class="sev-error">(.*?)</tr>', report_page.text, re.S)
    cells = [" ".join(unescape(re.sub(r"<[^>]+>", " ", f)).split()) for f in findings]
    assert any("7 Data!A7 35.99" in c and "tidak dikenal" in c for c in cells), cells
    assert any("8 Data!D8 tidak ada" in c for c in cells), cells
    assert "Kolom 'Kode Wilayah': 1 kesalahan" in body
    assert "Kolom 'Jumlah Tenaga': 1 kesalahan" in body
    assert f"/saya/unggah/{check}/simpan" not in report_page.text  # errors: no upload
    assert states(world) == {1: "published"}
    # A reload shows the same page, from the job record.
    assert text(client.get(f"/saya/unggah/{check}")) == body
    refused = client.post(f"/saya/unggah/{check}/simpan", data=form(csrf))
    assert refused.status_code == 409 and "masih memuat 2 kesalahan" in text(refused)

    # 2. The annotated copy: comments at the faulty cells, a summary sheet first.
    download = client.get(f"/saya/unggah/{check}/unduh-bertanda")
    assert download.status_code == 200
    assert download.headers["content-type"] == XLSX
    assert "nakes-2024-ditandai.xlsx" in download.headers["content-disposition"]
    book = load_workbook(io.BytesIO(download.content))
    assert book.sheetnames[0] == "Ringkasan" and "Data" in book.sheetnames
    data = book["Data"]
    assert data["A7"].comment is not None and "35.99" in data["A7"].comment.text
    assert data["D8"].comment is not None
    assert data["B7"].comment is None and data["D9"].comment is None

    # 3. The fixed file, for the same dataset: clean, then uploaded as a draft.
    fixed = job_of(send(client, csrf, workbook(ROWS_2024), "nakes-2024-perbaikan.xlsx",
                        url=f"/saya/unggah/{check}/ulang"))  # fmt: skip
    clean = client.get(f"/saya/unggah/{fixed}")
    assert "Tidak ada kesalahan" in text(clean)
    assert f"/saya/unggah/{fixed}/simpan" in clean.text
    ingest = job_of(client.post(f"/saya/unggah/{fixed}/simpan", data=form(csrf)))
    done = client.get(f"/saya/unggah/{ingest}")
    assert "Versi 2 dibuat sebagai draf" in text(done) and "8 baris tersimpan" in text(done)
    assert f'action="/saya/dataset/{SLUG}/versi/2/ajukan"' in done.text
    assert states(world) == {1: "published", 2: "draft"}
    assert client.get(f"/saya/unggah/{ingest}").text == done.text  # the reload
    # Sending the same check twice leads to the same upload, not a second version.
    again = client.post(f"/saya/unggah/{fixed}/simpan", data=form(csrf))
    assert again.status_code in (303, 409)
    assert states(world) == {1: "published", 2: "draft"}

    # 4. Submit: the version goes to the walidata.
    moved = client.post(f"/saya/dataset/{SLUG}/versi/2/ajukan", data=form(csrf))
    assert moved.status_code == 303 and moved.headers["location"] == f"/saya/dataset/{SLUG}#versi"
    assert states(world) == {1: "published", 2: "submitted"}
    page = client.get(f"/saya/dataset/{SLUG}")
    assert "Versi 2 diajukan ke walidata" in unescape(page.text)
    version_row = re.search(r'<a href="#versi-2">2</a>.*?</tr>', page.text, re.S)
    assert version_row and "diajukan" in version_row.group(0)
    assert "/versi/2/tarik" in version_row.group(0)


def test_a_new_dataset_is_described_then_created_by_its_first_file(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    assert client.get("/saya/unggah/baru").status_code == 200
    query = "baru=1&opd=DINKES&judul=Jumlah+Bidan+Desa&frekuensi=tahunan&tingkat=kabupaten_kota"
    page = client.get(f"/saya/unggah/berkas?{query}")
    assert page.status_code == 200 and "Jumlah Bidan Desa" in page.text
    rows = list(ROWS_2024)
    rows[5] = ("35.06", "Kabupaten Kediri", "belum ada")
    check = job_of(send(client, csrf, workbook(rows), "bidan.xlsx", baru="1", opd="DINKES",
                        judul="Jumlah Bidan Desa", frekuensi="tahunan", tingkat="kabupaten_kota"))  # fmt: skip
    body = text(client.get(f"/saya/unggah/{check}"))
    assert "A Kode Wilayah kode_wilayah teks kode wilayah" in body
    assert "Tahun tahun tahun periode" in body
    # One word made the number column text: the page names the cell to fix.
    assert "Kolom 'Jumlah Tenaga' berisi 7 angka dan 1 teks" in body and "Data!D10" in body
    with session_scope(world.sessions) as session:
        assert get_dataset(session, actor=SYSTEM, slug=SLUG)  # the only dataset so far
    ingest = job_of(client.post(f"/saya/unggah/{check}/simpan", data=form(csrf)))
    assert "Versi 1 dibuat sebagai draf" in text(client.get(f"/saya/unggah/{ingest}"))
    with session_scope(world.sessions) as session:
        made = get_dataset(session, actor=SYSTEM, slug="jumlah-bidan-desa")
        assert (made.title, made.frequency, made.region_level) == (
            "Jumlah Bidan Desa", "tahunan", "kabupaten_kota")  # fmt: skip
        assert made.organization.code == "DINKES" and made.versions[0].state == "draft"


def test_a_new_dataset_without_a_title_is_asked_for_it(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    sign_in(client, people["producer"])
    page = client.get("/saya/unggah/berkas?baru=1&opd=DINKES&judul=ab")
    assert page.status_code == 400
    assert "Judul dataset wajib diisi, paling sedikit 3 huruf." in text(page)
    assert 'aria-invalid="true"' in page.text and 'value="ab"' in page.text
    english = client.get("/saya/unggah/berkas?baru=1&opd=DINKES&judul=ab&lang=en")
    assert "The dataset title is required: at least 3 characters." in text(english)


def test_another_sheet_is_checked_on_request(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    check = job_of(send(client, csrf, workbook(ROWS_2024, year=2024, sheets=2), dataset=SLUG))
    first = client.get(f"/saya/unggah/{check}")
    assert '<option value="2024" selected>' in first.text
    other = job_of(client.post(f"/saya/unggah/{check}/lembar", data=form(csrf, sheet="2025")))
    assert other != check
    page = client.get(f"/saya/unggah/{other}")
    assert '<option value="2025" selected>' in page.text
    missing = client.post(f"/saya/unggah/{check}/lembar", data=form(csrf, sheet="Tidak Ada"))
    body = text(client.get(f"/saya/unggah/{job_of(missing)}"))
    assert "Lembar 'Tidak Ada' tidak ada" in body


def test_a_refused_upload_shows_its_report_and_annotated_copy(
    client: TestClient, world: Runtime, people: dict[str, str], tmp_path: Path
) -> None:  # fmt: skip
    """An upload the checks refuse (here queued directly, as the API's clients may)."""
    csrf = sign_in(client, people["producer"])
    with session_scope(world.sessions) as session:
        actor = actor_for_user(session, get_user(session, people["producer"]))
    queue = client.app.state.jobs  # type: ignore[attr-defined]
    staged = queue.stage(io.BytesIO(messy()), "nakes-2024.xlsx")
    job = queue.submit(actor=actor, kind="ingest", params={
        "path": str(staged), "filename": "nakes-2024.xlsx", "dataset": SLUG,
        "organization": "DINKES", "title": TITLE, "remove_after": True})  # fmt: skip
    page = client.get(f"/saya/unggah/{job}")
    body = text(page)
    assert "Berkas sedang" not in body
    assert "2 kesalahan harus diperbaiki" in body and "Data!A7" in body and "Data!D8" in body
    download = client.get(f"/saya/unggah/{job}/unduh-bertanda")
    assert download.status_code == 200
    assert load_workbook(io.BytesIO(download.content))["Data"]["D8"].comment is not None
    assert f"/saya/unggah/{job}/ulang" in page.text
    dataset_page = client.get(f"/saya/dataset/{SLUG}")
    upload_link = re.search(r"/saya/unggahan/(\d+)/unduh-bertanda", dataset_page.text)
    assert upload_link and "Berkas yang ditolak" in dataset_page.text
    assert client.get(upload_link.group(0)).status_code == 200
    fixed = job_of(send(client, csrf, workbook(ROWS_2024), url=f"/saya/unggah/{job}/ulang"))
    assert "Tidak ada kesalahan" in text(client.get(f"/saya/unggah/{fixed}"))


def test_a_producer_of_another_opd_gets_nothing(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    check = job_of(send(client, csrf, messy(), dataset=SLUG))
    client.post("/keluar", data=form(csrf))
    other = sign_in(client, people["other_producer"])
    overview = client.get("/saya")
    assert overview.status_code == 200 and SLUG not in overview.text
    assert "Dinas Pendidikan" in overview.text
    assert client.get(f"/saya/dataset/{SLUG}").status_code in (403, 404)
    assert client.get(f"/saya/unggah/berkas?dataset={SLUG}").status_code in (403, 404)
    assert send(client, other, messy(), dataset=SLUG).status_code in (403, 404)
    assert send(client, other, messy(), baru="1", opd="DINKES",
                judul="Data Orang Lain").status_code == 403  # fmt: skip
    assert client.get(f"/saya/unggah/{check}").status_code == 404
    assert client.get(f"/saya/unggah/{check}/unduh-bertanda").status_code == 404
    for action in ("lembar", "simpan", "ulang"):
        assert client.post(f"/saya/unggah/{check}/{action}", data=form(other)).status_code == 404
    for action in ("ajukan", "tarik"):
        response = client.post(f"/saya/dataset/{SLUG}/versi/1/{action}", data=form(other))
        assert response.status_code in (403, 404)
    assert client.post(f"/saya/dataset/{SLUG}/metadata",
                       data=form(other, title="Diubah")).status_code in (403, 404)  # fmt: skip
    assert states(world) == {1: "published"}


def test_an_anonymous_visitor_is_sent_to_sign_in(client: TestClient, world: Runtime) -> None:
    for path in ("/saya", "/saya/unggah", f"/saya/dataset/{SLUG}"):
        response = client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/masuk?next=")


def test_every_form_needs_its_csrf_token(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    check = job_of(send(client, csrf, workbook(ROWS_2024), dataset=SLUG))
    posts = [("/saya/unggah/berkas", {"dataset": SLUG}), (f"/saya/unggah/{check}/lembar", {}),
             (f"/saya/unggah/{check}/simpan", {}), (f"/saya/unggah/{check}/ulang", {}),
             (f"/saya/dataset/{SLUG}/metadata", {"title": "Judul Lain"}),
             (f"/saya/dataset/{SLUG}/versi/1/ajukan", {}),
             (f"/saya/dataset/{SLUG}/versi/1/tarik", {}),
             (f"/saya/dataset/{SLUG}/versi/1/komentar", {"body": "Halo"}),
             ("/saya/kotak-masuk/1/baca", {})]  # fmt: skip
    for url, fields in posts:
        response = client.post(url, data=fields, files={"file": ("a.csv", b"a,b\n1,2\n")})
        assert response.status_code == 403, url
        assert "Token CSRF" in text(response)
    assert states(world) == {1: "published"}
    with session_scope(world.sessions) as session:
        assert get_dataset(session, actor=SYSTEM, slug=SLUG).title == TITLE
    for page in ("/saya", "/saya/unggah", f"/saya/unggah/{check}", f"/saya/dataset/{SLUG}",
                 f"/saya/unggah/berkas?dataset={SLUG}", "/saya/unggah/baru"):  # fmt: skip
        html = client.get(page).text
        forms = re.findall(r'<form method="post".*?</form>', html, re.S)
        assert all('name="csrf_token"' in f for f in forms), page


def test_the_pages_speak_english_too(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    check = job_of(send(client, csrf, messy(), dataset=SLUG))
    page = text(client.get(f"/saya/unggah/{check}?lang=en"))
    assert "Check report" in page and "Errors to fix before the file can be uploaded: 2." in page
    assert "region code '35.99' is not in the Kemendagri list" in page
    assert "tidak dikenal dalam daftar" not in page
    assert "Column titles were read from row 4." in page
    assert "Download the marked copy (.xlsx)" in page
    overview = text(client.get("/saya?lang=en"))
    assert "Next due date" in overview and "published" in overview
    dataset = text(client.get(f"/saya/dataset/{SLUG}?lang=en"))
    assert "Upload a new version" in dataset and "Version 1: review and comments" in dataset
    leftovers = english_leftovers()
    assert len(leftovers) > 100
    for path in ("/saya", "/saya/unggah", "/saya/unggah/baru", f"/saya/unggah/{check}",
                 f"/saya/unggah/berkas?dataset={SLUG}", f"/saya/dataset/{SLUG}"):  # fmt: skip
        shown = text(client.get(path + ("&" if "?" in path else "?") + "lang=en"))
        assert [s for s in leftovers if s in shown] == [], path


def english_leftovers() -> list[str]:
    """Indonesian strings of the workspace catalog whose English differs (they must not show)."""
    with (TRANSLATIONS_DIR / "en" / "workspace.po").open("rb") as handle:
        catalog = read_po(handle, locale="en")
    found = []
    for message in catalog:
        source = message.id if isinstance(message.id, str) else ""
        if source and message.string and message.string != source and " " in source.strip():
            found.extend(p.strip() for p in re.split(r"%\([a-z_]+\)[sd]", source))
    return [part for part in found if len(part) > 8]


def test_a_published_dataset_s_metadata_change_waits_for_the_walidata(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    page = client.get(f"/saya/dataset/{SLUG}")
    fields = dict(re.findall(r'<input id="m-[a-z_]+" name="([a-z_]+)" value="([^"]*)"', page.text))
    assert fields["title"] == TITLE and fields["unit"] == "orang"
    fields.update(unit="jiwa", frequency="tahunan", region_level="", access_level="terbuka")
    saved = client.post(f"/saya/dataset/{SLUG}/metadata", data=form(csrf, **fields))
    assert saved.status_code == 303
    with session_scope(world.sessions) as session:
        now = get_dataset(session, actor=SYSTEM, slug=SLUG)
    assert now.unit == "orang" and now.pending_changes == {"unit": "jiwa"}
    body = text(client.get(f"/saya/dataset/{SLUG}"))
    assert "Perubahan metadata menunggu persetujuan walidata." in body and "Satuan: jiwa" in body
    assert "perubahan metadata menunggu walidata" in text(client.get("/saya"))
    bad = client.post(f"/saya/dataset/{SLUG}/metadata", data=form(csrf, **{**fields, "title": "x"}))
    assert bad.status_code == 400 and "Isian 'Judul' tidak sah" in text(bad)


def test_a_returned_version_shows_the_reasons_per_item_and_takes_comments(
    client: TestClient, world: Runtime, people: dict[str, str], tmp_path: Path
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    check = job_of(send(client, csrf, workbook(ROWS_2024), dataset=SLUG))
    job_of(client.post(f"/saya/unggah/{check}/simpan", data=form(csrf)))
    client.post(f"/saya/dataset/{SLUG}/versi/2/ajukan", data=form(csrf))
    with session_scope(world.sessions) as session:
        walidata = actor_for_user(session, get_user(session, people["custodian"]))
        take_version(session, actor=walidata, slug=SLUG, number=2)
        return_version(session, actor=walidata, slug=SLUG, number=2, settings=world.settings,
                       reasons=[{"item": "metadata", "note": "Definisi operasional belum diisi."}])  # fmt: skip
    overview = client.get("/saya")
    body = text(overview)
    assert "versi 2: dikembalikan" in body
    assert "Metadata standar Satu Data lengkap: Definisi operasional belum diisi." in body
    notice = re.search(r'action="(/saya/kotak-masuk/\d+/baca)"', overview.text)
    assert notice and "1 belum dibaca" in body
    assert client.post(notice.group(1), data=form(csrf)).status_code == 303
    assert "belum dibaca" not in text(client.get("/saya"))
    page = text(client.get(f"/saya/dataset/{SLUG}"))
    assert "Versi 2 dikembalikan walidata. Alasannya:" in page
    said = client.post(f"/saya/dataset/{SLUG}/versi/2/komentar",
                       data=form(csrf, body="Definisi sudah kami lengkapi."))  # fmt: skip
    assert said.status_code == 303
    assert "Definisi sudah kami lengkapi." in text(client.get(f"/saya/dataset/{SLUG}"))
    empty = client.post(f"/saya/dataset/{SLUG}/versi/2/komentar", data=form(csrf, body=" "))
    assert empty.status_code == 400 and "Komentar kosong." in text(empty)
    again = client.post(f"/saya/dataset/{SLUG}/versi/2/ajukan", data=form(csrf))
    assert again.status_code == 303 and states(world)[2] == "submitted"
    withdrawn = client.post(f"/saya/dataset/{SLUG}/versi/2/tarik", data=form(csrf))
    assert withdrawn.status_code == 303 and states(world)[2] == "withdrawn"
    stale = client.post(f"/saya/dataset/{SLUG}/versi/2/tarik", data=form(csrf))
    assert stale.status_code == 409 and "berstatus 'ditarik'" in text(stale)


def test_a_file_over_the_size_limit_or_no_file_is_refused_clearly(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    csrf = sign_in(client, people["producer"])
    world.settings.max_upload_mb = 0.001
    big = send(client, csrf, messy(), dataset=SLUG)
    assert big.status_code == 413
    assert "melebihi batas ukuran unggahan" in text(big) and 'type="file"' in big.text
    none = client.post("/saya/unggah/berkas", data=form(csrf, dataset=SLUG),
                       files={"file": ("", b"", "application/octet-stream")})  # fmt: skip
    assert none.status_code == 400 and "Pilih berkas yang akan diunggah." in text(none)
    assert not list((world.settings.resolved_data_dir / "staging").glob("*/*.xlsx"))


def test_a_running_job_shows_its_progress_and_survives_a_reload(
    client: TestClient, world: Runtime, people: dict[str, str]
) -> None:  # fmt: skip
    sign_in(client, people["producer"])
    with session_scope(world.sessions) as session:
        from satudata.jobs.service import create_job

        actor = actor_for_user(session, get_user(session, people["producer"]))
        job = create_job(session, actor=actor, kind="check", params={
            "path": "/tmp/nowhere/nakes.xlsx", "filename": "nakes.xlsx", "dataset": SLUG,
            "organization": "DINKES", "title": TITLE})  # fmt: skip
    for _ in range(2):  # a reload shows the same
        page = client.get(f"/saya/unggah/{job}")
        assert page.status_code == 200
        assert (
            f'data-job="{job}"' in page.text
            and f'data-job-done-url="/saya/unggah/{job}"' in page.text
        )
        assert '<progress id="bar-' in page.text and "Menunggu giliran" in page.text
