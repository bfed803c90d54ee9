"""The public portal pages: home, search with facets, dataset page, OPD pages, in both languages.

The world: DINKES owns an open dataset (12 rows, a draft v2 of its own) and a tertutup
one; DISDIK owns an open and a tertutup one; BAPPEDA-like province indicators belong to
DINKES too. What an anonymous visitor or another OPD's producer must never see is the
other OPD's tertutup dataset: not in a list, not in a count.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from html import unescape
from typing import Any

import pytest
from fastapi.testclient import TestClient
from tests.conftest import TEST_DB_URL, _postgres_database
from tests.web.conftest import PASSWORD, PEOPLE, sign_in

from satudata.app import create_app
from satudata.auth import SYSTEM
from satudata.auth.actor import Actor
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.export import FORMATS
from satudata.people.service import create_user
from satudata.runtime import Runtime
from satudata.web import public
from satudata.web.i18n import catalogs

REGIONS = [("35.01", "Kabupaten Pacitan"), ("35.07", "Kabupaten Malang"),
           ("35.73", "Kota Malang"), ("35.78", "Kota Surabaya")]  # fmt: skip
YEARS = (2022, 2023, 2024)
SLUG = "balita-gizi-kabkota"


def jumlah(i: int, year: int) -> int:
    """The value of region i in a year: distinct, so sorting is checkable."""
    return 100 * (i + 1) + (year - 2020) * 7


def table(rows: list[tuple[Any, ...]], header: str) -> str:
    return header + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows)


GIZI = table([(code, name, year, jumlah(i, year)) for year in YEARS
              for i, (code, name) in enumerate(REGIONS)], "kode_wilayah,nama_wilayah,tahun,jumlah")  # fmt: skip
DATASETS = [  # slug, OPD, CSV, metadata
    (SLUG, "DINKES", GIZI, {"title": "Balita Gizi Kurang per Kabupaten/Kota", "sector": "kesehatan",
     "tags": ["gizi", "balita"], "frequency": "tahunan", "region_level": "kabupaten_kota",
     "concept": "Status gizi balita yang diukur.", "unit": "Anak"}),
    ("rahasia-dinkes", "DINKES", GIZI, {"title": "Kasus Rahasia Dinkes", "sector": "kesehatan",
     "access_level": "tertutup"}),
    ("sekolah-disdik", "DISDIK", GIZI, {"title": "Jumlah Sekolah Dasar", "sector": "pendidikan",
     "tags": ["sekolah"]}),
    ("rahasia-disdik", "DISDIK", GIZI, {"title": "Nilai Rahasia Disdik", "sector": "pendidikan",
     "access_level": "tertutup"}),
    ("indikator-provinsi", "DINKES",
     "kode_wilayah,nama_wilayah,tahun,angka_harapan_hidup\n35,Jawa Timur,2023,71.5\n35,Jawa Timur,2024,71.9\n",
     {"title": "Indikator Kesehatan Provinsi", "sector": "kesehatan", "region_level": "provinsi",
      "priority": True}),
]  # fmt: skip


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Runtime]:
    """One runtime for the module (the pages only read): OPDs, people of every role, datasets.

    The datasets are published; DINKES's operator also uploaded a draft v2 of the open one.
    """
    folder = tmp_path_factory.mktemp("public")
    databases = _postgres_database() if TEST_DB_URL else iter([f"sqlite:///{folder / 'm.db'}"])
    runtime = Runtime(Settings(data_dir=folder / "data", database_url=next(databases),
                               admin_token="rahasia-uji", jobs_url="immediate"))  # fmt: skip
    runtime.init()
    with session_scope(runtime.sessions) as session:
        for code, name, short in [
            ("DINKES", "Dinas Kesehatan Provinsi Jawa Timur", "Dinas Kesehatan"),
            ("DISDIK", "Dinas Pendidikan Provinsi Jawa Timur", "Dinas Pendidikan"),
        ]:
            create_organization(session, actor=SYSTEM, data=OrganizationCreate(
                code=code, name=name, short_name=short))  # fmt: skip
        for role in ("producer", "other_producer", "custodian"):
            email, grant, org = PEOPLE[role]
            create_user(session, actor=SYSTEM, email=email, name=role, password=PASSWORD,
                        role=grant, organization=org)  # fmt: skip
    for slug, org, text, metadata in DATASETS:
        path = folder / f"{slug}.csv"
        path.write_text(text, encoding="utf-8")
        ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
            path=path, organization=org, dataset=slug, metadata=metadata))  # fmt: skip
    draft = folder / "draft.csv"
    draft.write_text(GIZI + "35.79,Kota Batu,2024,5\n", encoding="utf-8")
    producer = Actor(kind="user", name="operator", organizations=frozenset({"DINKES"}))
    ingest_file(runtime.sessions, runtime.settings, actor=producer, request=IngestRequest(
        path=draft, organization="DINKES", dataset=SLUG))  # fmt: skip
    yield runtime
    runtime.engine.dispose()
    for _ in databases:  # drops a PostgreSQL test database
        pass


@pytest.fixture
def client(site: Runtime) -> TestClient:
    """A fresh browser (no cookies) on the module's site."""
    return TestClient(create_app(runtime=site), follow_redirects=False)


@pytest.fixture
def world() -> dict[str, str]:
    """Role -> e-mail of the people of the site."""
    return {role: email for role, (email, _, _) in PEOPLE.items()}


def text_of(html: str) -> str:
    """Return a page's visible text, roughly (tags dropped, entities decoded)."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", body)).split())


def facet_counts(html: str, facet: str) -> dict[str, int]:
    """Return {value: count} of one facet of the search page."""
    found = re.findall(rf'<li data-facet="{facet}" data-value="([^"]+)">.*?'
                       r'<span class="count"><span aria-hidden="true">([\d.,]+)', html, flags=re.S)  # fmt: skip
    return {unescape(v): int(c.replace(".", "").replace(",", "")) for v, c in found}


def preview_rows(html: str) -> list[list[str]]:
    """Return the cells of the preview table's body."""
    body = html.split('<table class="preview">', 1)[1].split("<tbody>", 1)[1].split("</tbody>")[0]
    return [[unescape(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, flags=re.S)]  # fmt: skip


def english_leftovers() -> list[str]:
    """Public strings (two words or more) whose English differs: they must not show in English."""
    found = []
    for catalog in catalogs("en"):
        for message in catalog:
            source = message.id if isinstance(message.id, str) else ""
            if source and message.string and message.string != source and " " in source.strip():
                found.append(re.sub(r"%\([a-z_]+\)[sd]", "", source).strip())
    return [text for text in found if len(text) > 8]


PAGES = ["/", "/cari", "/cari?q=gizi&sektor=kesehatan", f"/dataset/{SLUG}",
         f"/dataset/{SLUG}?kolom=tahun&op=eq&nilai=2024", "/opd", "/opd/DINKES", "/cari?q=zzzz"]  # fmt: skip
SAYS = {  # a phrase each page shows, in Indonesian and in English
    "/": ("Indikator utama", "Headline indicators"),
    "/cari": ("Saring hasil", "Filter results"),
    "/dataset": ("Pratinjau data", "Data preview"),
    "/opd": ("Organisasi perangkat daerah (OPD)", "The agencies (OPD)"),
}


@pytest.mark.parametrize("path", PAGES)
def test_every_public_page_renders_in_both_languages(
    client: TestClient, world: dict[str, str], path: str
) -> None:  # fmt: skip
    leftovers = english_leftovers()
    key = next(k for k in sorted(SAYS, key=len, reverse=True) if path.startswith(k))
    for lang, phrase in (("id", SAYS[key][0]), ("en", SAYS[key][1])):
        page = client.get(path + ("&" if "?" in path else "?") + f"lang={lang}")
        assert page.status_code == 200, (path, page.text[:300])
        assert f'<html lang="{lang}">' in page.text
        assert page.text.count("<h1") == 1
        if key != "/opd" or path == "/opd":
            assert phrase in text_of(page.text), (path, lang, phrase)
        if lang == "en":
            shown = text_of(page.text)
            left = [s for s in leftovers if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", shown)]
            assert left == [], (path, left)
        assert len(page.content) < 300_000


def test_home_has_search_sectors_recent_data_and_headline_indicators(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    html = client.get("/").text
    assert 'action="/cari"' in html and 'role="search"' in html
    text = text_of(html)
    assert "Angka harapan hidup 71,9 Tahun 2024 · naik 0,4 dari 2023" in text
    assert re.search(
        r'href="/cari\?sektor=kesehatan">Kesehatan</a>\s*<span class="count">2 dataset', html
    )  # the open one and the indicators; not DINKES's tertutup one
    assert re.search(r'href="/cari\?sektor=pendidikan">Pendidikan</a>\s*<span class="count">1 dataset',
                     html)  # fmt: skip
    assert "Kasus Rahasia Dinkes" not in html and "Nilai Rahasia Disdik" not in html
    assert "3 dataset dari 2 OPD." in text
    english = text_of(client.get("/?lang=en").text)
    assert (
        "Angka harapan hidup 71.9 Year 2024 · up 0.4 from 2023" in english
    )  # data keep their words
    assert "3 datasets from 2 agencies." in english


@pytest.mark.parametrize(("who", "dinkes", "disdik", "seen", "unseen"), [
    (None, 2, 1, [], ["Kasus Rahasia Dinkes", "Nilai Rahasia Disdik"]),
    ("other_producer", 2, 2, ["Nilai Rahasia Disdik"], ["Kasus Rahasia Dinkes"]),
    ("producer", 3, 1, ["Kasus Rahasia Dinkes"], ["Nilai Rahasia Disdik"]),
    ("custodian", 3, 2, ["Kasus Rahasia Dinkes", "Nilai Rahasia Disdik"], []),
])  # fmt: skip
def test_facet_counts_never_include_a_dataset_the_visitor_may_not_see(
    client: TestClient, world: dict[str, str], who: str | None, dinkes: int, disdik: int,
    seen: list[str], unseen: list[str],
) -> None:  # fmt: skip
    if who:
        sign_in(client, world[who])
    html = client.get("/cari").text
    assert facet_counts(html, "organization") == {"DINKES": dinkes, "DISDIK": disdik}
    assert f"Ditemukan: {dinkes + disdik} dataset." in text_of(html)
    assert all(t in html for t in seen) and not any(t in html for t in unseen)
    organizations = text_of(client.get("/opd").text)
    assert f"Dinas Kesehatan Provinsi Jawa Timur Dinas Kesehatan DINKES {dinkes}" in organizations
    assert f"Dinas Pendidikan Provinsi Jawa Timur Dinas Pendidikan DISDIK {disdik}" in organizations
    opd = client.get("/opd/DISDIK").text
    assert ("Nilai Rahasia Disdik" in opd) == ("Nilai Rahasia Disdik" in seen)
    hidden = client.get("/dataset/rahasia-disdik")
    assert hidden.status_code == (200 if "Nilai Rahasia Disdik" in seen else 404)


def test_search_combines_filters_removes_one_sorts_and_pages(
    client: TestClient, world: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    html = client.get("/cari?sektor=kesehatan&opd=DINKES&tag=gizi").text
    assert "Ditemukan: 1 dataset." in text_of(html) and f'href="/dataset/{SLUG}"' in html
    remove_tag = re.search(r'<a href="([^"]+)" class="chip">Kata kunci: gizi', html)
    assert remove_tag and unescape(remove_tag.group(1)) == "/cari?sektor=kesehatan&opd=DINKES"
    wider = client.get(unescape(remove_tag.group(1))).text
    assert "Ditemukan: 2 dataset." in text_of(wider)
    assert facet_counts(client.get("/cari?sektor=kesehatan&sektor=pendidikan").text,
                        "sector") == {"kesehatan": 2, "pendidikan": 1}  # fmt: skip
    titles = re.findall(r'<h3><a href="/dataset/([^"]+)">', client.get("/cari?urut=judul").text)
    assert titles == ["balita-gizi-kabkota", "indikator-provinsi", "sekolah-disdik"]
    monkeypatch.setattr(public, "PER_PAGE", 2)
    first = client.get("/cari?urut=judul").text
    second = client.get("/cari?urut=judul&halaman=2").text
    assert re.findall(r'<h3><a href="/dataset/([^"]+)">', first) == titles[:2]
    assert re.findall(r'<h3><a href="/dataset/([^"]+)">', second) == titles[2:]
    assert 'href="/cari?urut=judul&amp;halaman=2" rel="next"' in first
    assert (
        'rel="next"' not in second and 'href="/cari?urut=judul&amp;halaman=1" rel="prev"' in second
    )


def test_an_empty_search_suggests_what_to_do(client: TestClient, world: dict[str, str]) -> None:
    html = client.get("/cari?q=zzzz&sektor=kesehatan").text
    text = text_of(html)
    assert "Tidak ada dataset yang cocok." in text and "Periksa ejaan" in text
    assert 'href="/cari?q=zzzz">Cari “zzzz” tanpa saringan' in html
    assert re.search(r'href="/cari\?sektor=pendidikan">Pendidikan</a> <span class="count">1', html)


@pytest.mark.parametrize(("query", "message"), [
    ("urut=acak", "Urutan 'acak' tidak dikenal. Pilihan: relevansi, terbaru, judul."),
    ("halaman=0", "Parameter 'halaman' bernilai '0': harus bilangan bulat 1 sampai"),
    ("tahun=20x4", "Tahun '20x4' tidak sah: tulis empat angka, mis. 2024."),
])  # fmt: skip
def test_bad_search_parameters_are_explained(
    client: TestClient, world: dict[str, str], query: str, message: str
) -> None:  # fmt: skip
    page = client.get(f"/cari?{query}")
    assert page.status_code == 400 and message in unescape(page.text)
    assert 'role="alert"' in page.text and "Ditemukan: 3 dataset." in text_of(page.text)


def test_the_preview_filters_sorts_and_pages_on_the_server(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    page = client.get(f"/dataset/{SLUG}?kolom=tahun&op=eq&nilai=2024&urut=-jumlah")
    rows = preview_rows(page.text)
    assert [r[2] for r in rows] == ["2024"] * 4
    assert [int(r[3]) for r in rows] == sorted((jumlah(i, 2024) for i in range(4)), reverse=True)
    assert "Baris 1–4 dari 4, versi 1 (tersaring)." in text_of(page.text)
    assert 'aria-sort="descending"' in page.text
    malang = preview_rows(client.get(f"/dataset/{SLUG}?kolom=nama_wilayah&op=contains&nilai=malang"
                                     "&kolom=tahun&op=gte&nilai=2023&urut=kode_wilayah").text)  # fmt: skip
    assert [(r[0], r[2]) for r in malang] == [("35.07", "2023"), ("35.07", "2024"),
                                             ("35.73", "2023"), ("35.73", "2024")]  # fmt: skip
    second = client.get(f"/dataset/{SLUG}?urut=jumlah&per=10&halaman=2")
    values = [int(r[3]) for r in preview_rows(second.text)]
    every = sorted(jumlah(i, y) for i in range(4) for y in YEARS)
    assert values == every[10:] and "Baris 11–12 dari 12, versi 1" in text_of(second.text)
    assert 'aria-current="page"><span class="visually-hidden">Halaman </span>2</a>' in second.text
    past = client.get(f"/dataset/{SLUG}?halaman=9").text
    assert "Halaman 9 melewati halaman terakhir (1)." in text_of(past)
    none = client.get(f"/dataset/{SLUG}?kolom=tahun&op=eq&nilai=1999").text
    assert "Tidak ada baris yang cocok dengan saringan ini." in text_of(none)


def test_removing_one_preview_filter_keeps_the_others(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    html = client.get(f"/dataset/{SLUG}?kolom=tahun&op=eq&nilai=2024&kolom=nama_wilayah"
                      "&op=contains&nilai=kota&urut=-jumlah").text  # fmt: skip
    links = re.findall(r'<a class="chip" href="([^"]+)"', html)
    assert [unescape(link) for link in links] == [
        f"/dataset/{SLUG}?urut=-jumlah&kolom=nama_wilayah&op=contains&nilai=kota#pratinjau",
        f"/dataset/{SLUG}?urut=-jumlah&kolom=tahun&op=eq&nilai=2024#pratinjau",
    ]
    kept = preview_rows(client.get(unescape(links[0]).split("#")[0]).text)
    assert {r[1] for r in kept} == {"Kota Malang", "Kota Surabaya"} and len(kept) == 6


@pytest.mark.parametrize(("query", "id_message", "en_message"), [
    ("kolom=nope&nilai=1", "Kolom 'nope' tidak ada. Kolom yang ada: kode_wilayah, nama_wilayah",
     "Unknown column 'nope'."),
    ("kolom=tahun&op=eq&nilai=dua", "Nilai saringan 'dua' untuk kolom 'tahun' harus bilangan bulat",
     "Filter value 'dua' for column 'tahun' must be an integer."),
    ("kolom=tahun&op=like&nilai=1", "Operator saringan 'like' tidak dikenal.",
     "Unknown filter operator 'like'."),
    ("urut=-nope", "Kolom 'nope' tidak ada.", "Unknown column 'nope'."),
    ("halaman=abc", "Parameter 'halaman' bernilai 'abc'", "Parameter 'halaman' is 'abc'"),
    ("per=7", "baris per halaman harus salah satu dari 10, 20, 50, 100",
     "rows per page must be one of 10, 20, 50, 100"),
])  # fmt: skip
def test_bad_preview_parameters_are_explained_and_the_rows_still_show(
    client: TestClient, world: dict[str, str], query: str, id_message: str, en_message: str
) -> None:  # fmt: skip
    page = client.get(f"/dataset/{SLUG}?{query}")
    assert page.status_code == 400
    assert id_message in unescape(page.text) and 'class="error" role="alert"' in page.text
    assert len(preview_rows(page.text)) == 12  # the unfiltered preview
    assert "nope" not in "".join(
        re.findall(r'<th scope="col"[^>]*>\s*<a href="([^"]+)"', page.text)
    )
    assert en_message in unescape(client.get(f"/dataset/{SLUG}?{query}&lang=en").text)


def test_every_download_format_is_linked_and_the_csv_holds_the_rows(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    html = client.get(f"/dataset/{SLUG}").text
    links = [
        unescape(h)
        for h in re.findall(r'<a class="button secondary" href="([^"]+)" download>', html)
    ]
    assert links == [f"/api/v1/datasets/{SLUG}/download?format={fmt}" for fmt in FORMATS]
    for link in links:
        assert client.get(link).status_code == 200, link
    rows = list(csv.DictReader(io.StringIO(client.get(links[0]).content.decode("utf-8-sig"))))
    assert len(rows) == 12
    assert (rows[0]["kode_wilayah"], rows[0]["tahun"], rows[0]["jumlah"]) == (
        "35.01",
        "2022",
        "114",
    )


def test_the_api_panel_has_ready_curl_and_python_with_the_real_url(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    html = unescape(client.get(f"/dataset/{SLUG}?kolom=tahun&op=eq&nilai=2024&urut=-jumlah").text)
    url = f"http://testserver/api/v1/datasets/{SLUG}/rows?tahun=2024&sort=-jumlah&limit=20&offset=0"
    assert f"curl '{url}'" in html and f'url = "{url}"' in html
    assert f'pd.read_csv("http://testserver/api/v1/datasets/{SLUG}/download?format=csv")' in html
    assert "Authorization" not in html  # an open dataset needs no token
    answer = client.get(url.removeprefix("http://testserver")).json()
    assert answer["count"] == 4 and [r["jumlah"] for r in answer["data"]] == [
        jumlah(i, 2024) for i in (3, 2, 1, 0)]  # fmt: skip
    sign_in(client, world["producer"])
    closed = unescape(client.get("/dataset/rahasia-dinkes").text)
    assert (
        "curl -H 'Authorization: Bearer TOKEN_ANDA' 'http://testserver/api/v1/datasets/rahasia-dinkes/rows?"
        in closed
    )


def test_version_history_shows_drafts_only_to_those_allowed(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    anonymous = client.get(f"/dataset/{SLUG}").text
    assert re.findall(r'<th scope="row">(\d+)</th>', anonymous) == ["1"]
    assert "terkini" in anonymous and "sedang ditampilkan" in anonymous
    assert client.get(f"/dataset/{SLUG}?versi=2").status_code == 404
    sign_in(client, world["producer"])
    mine = client.get(f"/dataset/{SLUG}").text
    assert re.findall(r'<th scope="row">(\d+)</th>', mine) == ["2", "1"]
    assert f'href="/dataset/{SLUG}?versi=2#pratinjau">Lihat versi 2' in mine
    draft = client.get(f"/dataset/{SLUG}?versi=2&kolom=nama_wilayah&nilai=batu")
    assert [r[1] for r in preview_rows(draft.text)] == ["Kota Batu"]
    assert "Anda melihat versi 2 (draf), bukan versi terbit terkini." in text_of(draft.text)
    assert f"/api/v1/datasets/{SLUG}/download?format=csv&amp;version=2" in draft.text


def test_the_dataset_page_explains_its_metadata(client: TestClient, world: dict[str, str]) -> None:
    text = text_of(client.get(f"/dataset/{SLUG}").text)
    assert "Konsep Gagasan yang diukur oleh data ini. Status gizi balita yang diukur." in text
    assert "Frekuensi Seberapa sering data ini diperbarui. Tahunan" in text
    assert "Tingkat penyajian Wilayah terkecil yang disajikan. Kabupaten/kota" in text
    assert "Akses terbuka" in text and "Terbuka: siapa pun boleh melihat dan mengunduh." in text
    english = text_of(client.get(f"/dataset/{SLUG}?lang=en").text)
    assert "Frequency How often this data is updated. Annual" in english
    assert "Open: anyone may view and download it." in english


def test_organization_pages_list_their_visible_datasets(
    client: TestClient, world: dict[str, str]
) -> None:  # fmt: skip
    html = client.get("/opd/DINKES").text
    assert "<h1>Dinas Kesehatan Provinsi Jawa Timur</h1>" in html
    assert re.findall(r'<h3><a href="/dataset/([^"]+)">', html) == [SLUG, "indikator-provinsi"]
    assert "Menerbitkan 2 dataset yang dapat Anda lihat, di sektor Kesehatan." in text_of(html)
    assert 'href="/cari?opd=DINKES"' in html
    opds = client.get("/opd").text
    assert 'href="/opd/DINKES"' in opds and 'href="/opd/DISDIK"' in opds


@pytest.mark.parametrize("path", ["/dataset/tidak-ada", "/opd/TIDAKADA", "/dataset/rahasia-dinkes"])
def test_missing_or_hidden_things_are_404_pages(
    client: TestClient, world: dict[str, str], path: str
) -> None:  # fmt: skip
    page = client.get(path)
    assert page.status_code == 404 and "<h1>Tidak ditemukan</h1>" in page.text
    english = client.get(f"{path}?lang=en")
    assert english.status_code == 404 and "was not found" in unescape(english.text)
