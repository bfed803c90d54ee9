"""Journeys 2 and 3: an agency operator sends a messy workbook and fixes it; the walidata
returns it, the operator corrects and resubmits, the walidata approves and publishes, and
the public sees the new version.

Each journey creates its own dataset, so they run in any order on the shared demo server.
"""

from __future__ import annotations

import re
import uuid
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import Browser, Page, expect
from tests.browser.conftest import shot, sign_in

from satudata.reference.index import get_region_index

OPERATOR = "operator.dinkes@demo.satudata.id"
WALIDATA = "walidata@demo.satudata.id"
TITLE_ROWS = [["JUMLAH POSYANDU AKTIF MENURUT KABUPATEN/KOTA DI JAWA TIMUR"],
              ["Sumber: Dinas Kesehatan Provinsi Jawa Timur"], []]  # fmt: skip
HEADER = ["Kode Wilayah", "Nama Kabupaten/Kota", "Tahun", "Jumlah Posyandu"]


def workbook(path: Path, *, year: int = 2024, faults: bool = False, extra: int = 0) -> Path:
    """An agency workbook: title rows, then a table of the 38 kab/kota.

    `faults` plants two region problems at known cells: an unknown code at row 7
    (C... the 3rd data row) and a name that belongs to another code at row 8.
    """
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Posyandu"
    for row in TITLE_ROWS:
        sheet.append(row)
    sheet.append(HEADER)
    for i, region in enumerate(get_region_index().regencies()):
        code, name = region.code, region.name
        if faults and i == 2:
            code = "35.99"  # no such kab/kota
        if faults and i == 3:
            name = "Kota Surabaya"  # beside another region's code
        sheet.append([code, name, year, 1000 + 17 * i + extra])
    book.save(path)
    return path


def new_dataset(page: Page, title: str) -> None:
    page.goto("/saya")
    page.get_by_role("link", name=re.compile("Unggah")).first.click()
    page.get_by_role("link", name="Buat dataset baru").click()
    page.get_by_label("Judul dataset (wajib)").fill(title)
    page.get_by_label("Tingkat penyajian").select_option("kabupaten_kota")
    page.get_by_label("Tingkat akses").select_option("terbuka")
    page.get_by_label("Satuan").fill("unit")
    page.get_by_role("button", name="Lanjut: pilih berkas").click()


def wait_for_job(page: Page) -> None:
    """The progress bar polls the job; wait until its result is on the page."""
    expect(page.locator("[data-job]")).to_have_count(0, timeout=60_000)


def send_and_upload(page: Page, path: Path, *, label: str = "Berkas data") -> None:
    """Send a file, wait for its check, and upload it as a new draft version."""
    page.get_by_label(label).set_input_files(str(path))
    page.get_by_role("button", name="Kirim dan periksa").click()
    wait_for_job(page)
    expect(page.get_by_text("kesalahan harus diperbaiki")).to_have_count(0)
    page.get_by_role("button", name="Unggah sebagai versi baru").click()
    wait_for_job(page)
    expect(
        page.get_by_role("heading", name=re.compile(r"Versi \d+ dibuat sebagai draf"))
    ).to_be_visible()


@pytest.mark.slow
def test_an_operator_fixes_a_messy_workbook_from_its_annotated_copy(
    page: Page, tmp_path: Path
) -> None:
    title = f"Jumlah Posyandu Aktif {uuid.uuid4().hex[:6]}"
    sign_in(page, OPERATOR)
    new_dataset(page, title)
    page.get_by_label("Berkas data").set_input_files(str(workbook(tmp_path / "posyandu.xlsx",
                                                                  faults=True)))  # fmt: skip
    page.get_by_role("button", name="Kirim dan periksa").click()
    shot(page, "journey-operator-1-checking")
    wait_for_job(page)

    # The report names each problem with its row and cell, as in the operator's own file.
    expect(page.get_by_role("heading", name="Laporan pemeriksaan")).to_be_visible()
    expect(page.locator("p.error").first).to_contain_text("kesalahan harus diperbaiki")
    findings = page.locator("table.ws-findings tbody tr")
    cells = {findings.nth(i).locator("td").nth(2).inner_text() for i in range(findings.count())}
    assert {"Posyandu!A7", "Posyandu!B8"} <= cells, cells
    expect(page.locator("table.ws-findings code", has_text="35.99").first).to_be_visible()
    expect(page.get_by_role("button", name="Unggah sebagai versi baru")).to_have_count(0)
    shot(page, "journey-operator-2-report")

    with page.expect_download() as caught:
        page.get_by_role("link", name="Unduh salinan bertanda (.xlsx)").click()
    assert caught.value.suggested_filename.endswith(".xlsx")
    caught.value.save_as(tmp_path / "bertanda.xlsx")
    marked = openpyxl.load_workbook(tmp_path / "bertanda.xlsx")
    data = marked["Posyandu"]
    assert data["A7"].comment is not None and "35.99" in str(data["A7"].value)
    assert data["B8"].comment is not None
    commented = {c.coordinate for row in data.iter_rows() for c in row if c.comment}
    assert {"A7", "B8"} <= commented
    assert len(marked.sheetnames) >= 2  # the summary sheet

    # The fixed file is sent again from the same page, passes, and is uploaded.
    send_and_upload(
        page, workbook(tmp_path / "posyandu-benar.xlsx"), label=re.compile("Berkas untuk")
    )
    shot(page, "journey-operator-3-uploaded")
    page.get_by_role("button", name="Ajukan ke walidata").first.click()
    expect(page.get_by_text(re.compile("diajukan", re.I)).first).to_be_visible()
    shot(page, "journey-operator-4-submitted")


def _as(browser: Browser, base_url: str, email: str | None) -> Page:
    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900},
                                  accept_downloads=True)  # fmt: skip
    context.set_default_timeout(15_000)
    tab = context.new_page()
    if email:
        sign_in(tab, email)
    return tab


def _open_review(desk: Page, title: str) -> None:
    desk.goto("/walidata")
    desk.get_by_role("link", name=title).first.click()
    expect(desk.get_by_role("heading", level=1)).to_contain_text(title)


@pytest.mark.slow
def test_a_returned_version_is_fixed_approved_published_and_public(
    page: Page, browser: Browser, base_url: str, tmp_path: Path
) -> None:
    title = f"Jumlah Posyandu Purnama {uuid.uuid4().hex[:6]}"
    sign_in(page, OPERATOR)
    new_dataset(page, title)
    send_and_upload(page, workbook(tmp_path / "v1.xlsx"))
    page.get_by_role("button", name="Ajukan ke walidata").first.click()
    slug = re.search(r"/saya/dataset/([^/?#]+)", page.url)
    assert slug, page.url

    desk = _as(browser, base_url, WALIDATA)
    _open_review(desk, title)
    desk.get_by_role("button", name="Periksa versi ini").click()
    desk.locator("#mark-metadata-tidak").check()
    desk.locator("#note-metadata").fill("Satuan 'unit' terlalu umum; tulis 'pos'.")
    shot(desk, "journey-walidata-1-review")
    desk.get_by_role("button", name="Kembalikan dengan alasan").click()
    expect(desk.get_by_text(re.compile("dikembalikan", re.I)).first).to_be_visible()
    shot(desk, "journey-walidata-2-returned")

    # The operator sees the reason, sends a corrected file and submits it.
    page.goto(f"/saya/dataset/{slug.group(1)}")
    expect(page.get_by_text("terlalu umum").first).to_be_visible()
    shot(page, "journey-walidata-3-operator-sees-reason")
    page.get_by_role("link", name="Unggah versi baru").click()
    send_and_upload(page, workbook(tmp_path / "v2.xlsx", extra=5))
    page.get_by_role("button", name="Ajukan ke walidata").first.click()

    _open_review(desk, title)
    desk.get_by_role("button", name="Periksa versi ini").click()
    for mark in desk.locator("input[type=radio][value=ok]").all():
        mark.check()
    desk.get_by_role("button", name="Setujui", exact=True).click()
    desk.get_by_role("button", name="Terbitkan versi ini").click()
    expect(desk.get_by_text(re.compile("terbit", re.I)).first).to_be_visible()
    shot(desk, "journey-walidata-4-published")

    public = _as(browser, base_url, None)
    public.goto(f"/dataset/{slug.group(1)}")
    expect(public.locator("#preview-caption")).to_contain_text("versi 2")
    first_value = public.locator("table.preview tbody tr").first.locator("td").last.inner_text()
    assert first_value.replace(".", "") == str(1000 + 5)
    shot(public, "journey-walidata-5-public")
    for tab in (desk, public):
        tab.context.close()
