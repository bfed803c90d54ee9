"""Journey 1, a citizen: search → facet → dataset → chart → map → download CSV."""

from __future__ import annotations

import csv
import io
import re

import httpx
import pytest
from playwright.sync_api import Page, expect
from tests.browser.conftest import shot

SLUG = "prevalensi-balita-stunting-per-kabkota"


def found_count(page: Page) -> int:
    """The number of datasets the search page says it found ("Ditemukan: 3 dataset.")."""
    text = page.get_by_role("status").first.inner_text()
    match = re.search(r"(\d+)", text)
    assert match, text
    return int(match.group(1))


@pytest.mark.slow
def test_a_citizen_finds_charts_maps_and_downloads_stunting_data(page: Page, base_url: str) -> None:
    api = httpx.get(f"{base_url}/api/v1/datasets/{SLUG}/rows", params={"limit": 1}).json()
    page.goto("/")
    page.get_by_role("searchbox").fill("balita")
    page.get_by_role("button", name="Cari", exact=True).click()
    expect(page).to_have_url(re.compile(r"/cari\?q=balita"))
    everything = found_count(page)
    assert everything >= 1
    shot(page, "journey-public-1-search")

    # A facet narrows the results, and says so.
    facet = page.locator("li[data-facet][data-value='kesehatan']").first
    facet_count = int(re.sub(r"\D", "", facet.locator(".count [aria-hidden]").inner_text()))
    facet.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sektor=kesehatan"))
    assert found_count(page) == facet_count <= everything
    expect(page.get_by_role("link", name=re.compile("Sektor: Kesehatan"))).to_be_visible()
    shot(page, "journey-public-2-facet")

    page.get_by_role("link", name="Prevalensi Balita Stunting", exact=False).first.click()
    expect(page).to_have_url(re.compile(rf"/dataset/{SLUG}"))
    expect(page.locator("h1")).to_contain_text("Stunting")
    preview = page.locator("table.preview tbody tr")
    assert preview.count() >= 10
    expect(page.locator("#preview-caption")).to_contain_text(f"{api['count']:,}".replace(",", "."))
    shot(page, "journey-public-3-dataset")

    # The chart builder: the prevalence per year, one bar per year.
    page.get_by_role("link", name="Buka pembuat grafik di halaman sendiri").click()
    page.get_by_label("Jenis grafik", exact=True).select_option("bar")
    page.get_by_label("Menurut", exact=True).select_option("tahun")
    page.get_by_label("Ukuran", exact=True).select_option("prevalensi_stunting")
    page.get_by_role("button", name="Tampilkan grafik").click()
    chart = page.locator("svg.chart").first
    expect(chart).to_be_visible()
    years = httpx.get(f"{base_url}/api/v1/datasets/{SLUG}/aggregate",
                      params={"group_by": "tahun", "measure": "count"}).json()["data"]  # fmt: skip
    assert chart.locator("g.bars rect").count() == len(years) >= 3
    shot(page, "journey-public-4-chart")

    # The map: one bubble per kab/kota (no boundaries imported in the demo).
    page.goto(f"/dataset/{SLUG}/peta")
    regions = page.locator("svg.map [data-kode]")
    expect(regions.first).to_be_visible()
    assert regions.count() == 38
    shot(page, "journey-public-5-map")

    page.goto(f"/dataset/{SLUG}")
    with page.expect_download() as caught:
        page.locator("ul.downloads a", has_text="CSV").first.click()
    content = caught.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["kode_wilayah", "nama_wilayah", "tahun"]
    assert len(rows) - 1 == api["count"]
    shot(page, "journey-public-6-download")
