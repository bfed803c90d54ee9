"""The walidata desk through its pages: queue, review, return, fix, approve, publish, rollback."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import form, sign_in

from satudata.audit.service import dataset_history
from satudata.auth import SYSTEM
from satudata.auth.actor import Actor
from satudata.catalog.schema import DatasetUpdate
from satudata.catalog.service import get_dataset, update_dataset
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.people.service import actor_for_user, get_user
from satudata.review.overview import review_overview
from satudata.review.service import submit_version
from satudata.runtime import Runtime

HEALTH, SCHOOLS = "jumlah-puskesmas", "jumlah-sekolah"
CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,{a}\n35.73,Kota Malang,2024,{b}\n"
PAGE = "/walidata/dataset/{slug}/versi/{number}"


class World:
    """Two OPDs' datasets, each with version 1 published by the system, and their people."""

    def __init__(self, runtime: Runtime, people: dict[str, str], tmp_path: Path) -> None:
        self.runtime, self.people, self.tmp_path = runtime, people, tmp_path

    def actor(self, role: str) -> Actor:
        with session_scope(self.runtime.sessions) as session:
            return actor_for_user(session, get_user(session, self.people[role]))

    def upload(self, role: str | None, slug: str, a: int, b: int = 10) -> int:
        """Upload a version as a person (None: the system, which publishes at once)."""
        org = "DINKES" if slug == HEALTH else "DISDIK"
        path = self.tmp_path / f"{slug}-{a}-{b}.csv"
        path.write_text(CSV.format(a=a, b=b), encoding="utf-8")
        actor = SYSTEM if role is None else self.actor(role)
        request = IngestRequest(path=path, organization=org, dataset=slug,
                                metadata={"title": slug.replace("-", " ").title()})  # fmt: skip
        return ingest_file(self.runtime.sessions, self.runtime.settings, actor=actor,
                           request=request).version  # fmt: skip

    def submit(self, role: str, slug: str, number: int) -> None:
        with session_scope(self.runtime.sessions) as session:
            submit_version(session, actor=self.actor(role), slug=slug, number=number,
                           settings=self.runtime.settings)  # fmt: skip

    def states(self, slug: str) -> tuple[int | None, dict[int, str]]:
        with session_scope(self.runtime.sessions) as session:
            d = get_dataset(session, actor=SYSTEM, slug=slug)
        return d.current_version, {v.number: v.state for v in d.versions}

    def overview(self, role: str, slug: str, number: int) -> dict[str, Any]:
        with session_scope(self.runtime.sessions) as session:
            return review_overview(session, self.runtime.lake, actor=self.actor(role), slug=slug,
                                   number=number)  # fmt: skip


@pytest.fixture
def world(runtime: Runtime, people: dict[str, str], tmp_path: Path) -> World:
    """DINKES v2 (submitted first) and DISDIK v2 (prioritas, submitted second) wait."""
    w = World(runtime, people, tmp_path)
    w.upload(None, HEALTH, a=39)
    w.upload(None, SCHOOLS, a=500)
    with session_scope(runtime.sessions) as session:
        update_dataset(session, actor=SYSTEM, slug=SCHOOLS, data=DatasetUpdate(priority=True))
    assert w.upload("producer", HEALTH, a=45) == 2
    w.submit("producer", HEALTH, 2)
    assert w.upload("other_producer", SCHOOLS, a=510) == 2
    w.submit("other_producer", SCHOOLS, 2)
    return w


def counts(html: str) -> dict[str, int]:
    """Return the queue's count per state (from the state tabs)."""
    found = re.findall(r'href="/walidata\?status=(\w+)[^"]*"[^>]*>\s*[^<]*<span class="count">(\d+)'
                       , html)  # fmt: skip
    return {state: int(n) for state, n in found}


def listed(html: str) -> list[tuple[str, int]]:
    """Return the (dataset, version) rows of the queue table, in order."""
    table = html.split('class="desk-queue"', 1)[1].split("</table>", 1)[0] \
        if 'class="desk-queue"' in html else ""  # fmt: skip
    return [
        (s, int(n)) for s, n in re.findall(r'href="/walidata/dataset/([^/]+)/versi/(\d+)"', table)
    ]


def notice(client: TestClient, response: Any) -> str:
    """Return the one-time notice a redirect leaves."""
    return unquote(
        response.cookies.get("satudata_notice") or client.cookies.get("satudata_notice") or ""
    )


def text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", html))


def test_the_queue_lists_submissions_oldest_first_with_counts_and_combined_filters(
    client: TestClient, world: World
) -> None:  # fmt: skip
    sign_in(client, world.people["custodian"])
    page = client.get("/walidata")
    assert page.status_code == 200
    assert listed(page.text) == [(HEALTH, 2), (SCHOOLS, 2)]  # oldest first
    assert counts(page.text)["submitted"] == 2
    assert counts(page.text)["published"] == 2 and counts(page.text)["in_review"] == 0
    assert listed(client.get("/walidata?opd=DISDIK").text) == [(SCHOOLS, 2)]
    assert listed(client.get("/walidata?prioritas=ya").text) == [(SCHOOLS, 2)]
    assert listed(client.get("/walidata?prioritas=tidak&opd=DINKES").text) == [(HEALTH, 2)]
    both = client.get("/walidata?prioritas=ya&opd=DINKES")
    assert listed(both.text) == [] and counts(both.text)["submitted"] == 0
    assert counts(both.text)["published"] == 0  # the counts follow the filters too
    assert 'href="/walidata?status=published&amp;opd=DINKES&amp;prioritas=ya"' in both.text
    assert listed(client.get("/walidata?umur=3").text) == []  # nothing is 3 days old yet
    assert listed(client.get("/walidata?status=published").text) == [(HEALTH, 1), (SCHOOLS, 1)]
    paged = client.get("/walidata?halaman=2")
    assert listed(paged.text) == []


@pytest.mark.parametrize(("query", "message"), [
    ("umur=abc", "Umur (hari): 'abc' bukan bilangan bulat 0 atau lebih."),
    ("status=entah", "Status 'entah' tidak dikenal"),
    ("prioritas=mungkin", "Prioritas 'mungkin' tidak dikenal"),
    ("halaman=0", "Halaman: '0' bukan bilangan bulat 1 atau lebih."),
])  # fmt: skip
def test_a_bad_filter_is_named_and_the_queue_still_shows(
    query: str, message: str, client: TestClient, world: World
) -> None:  # fmt: skip
    sign_in(client, world.people["custodian"])
    page = client.get(f"/walidata?{query}")
    assert page.status_code == 400
    assert message in text(page.text) and 'role="alert"' in page.text
    assert listed(page.text) == [(HEALTH, 2), (SCHOOLS, 2)]


def test_return_fix_resubmit_approve_publish_and_the_public_sees_it(
    client: TestClient, world: World
) -> None:  # fmt: skip
    csrf = sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=HEALTH, number=2)
    page = client.get(url)
    assert page.status_code == 200
    shown = text(page.text)
    assert "Periksa versi ini" in shown and 'name="mark-metadata"' not in page.text
    assert "Baris berubah" in shown and "jumlah: 39 → 45" in shown  # the diff, by key
    assert "Perbandingan dengan versi terbit (versi 1)" in shown
    assert "Laporan validasi" in shown

    taken = client.post(f"{url}/ambil", data=form(csrf))
    assert (taken.status_code, taken.headers["location"]) == (303, f"{url}#periksa")
    assert world.states(HEALTH)[1][2] == "in_review"
    page = client.get(url)
    assert "sedang Anda periksa" in text(page.text)  # the notice
    assert (
        'name="mark-metadata"' in page.text and 'formaction="' + url + '/kembalikan"' in page.text
    )
    # Pre-filled from the report: a clean data standard is ticked already.
    assert re.search(r'id="mark-data-standard-ok"[^>]*checked', page.text)

    # No reason at all: refused, the page says why, nothing moves.
    bare = client.post(f"{url}/kembalikan", data=form(csrf, **{"mark-metadata": "ok"}))
    assert bare.status_code == 400
    assert "tandai paling sedikit satu butir 'tidak sesuai'" in text(bare.text)
    assert re.search(r'id="note-umum"[^>]*aria-invalid="true"', bare.text)
    # An item marked not fine without its reason: that item is named.
    unnamed = client.post(f"{url}/kembalikan", data=form(csrf, **{"mark-metadata": "tidak"}))
    assert unnamed.status_code == 400
    assert "Butir 'Metadata standar Satu Data lengkap' ditandai tidak sesuai" in text(unnamed.text)
    assert re.search(r'id="note-metadata"[^>]*aria-invalid="true"', unnamed.text)
    assert re.search(r'id="mark-metadata-tidak"[^>]*checked', unnamed.text)  # kept as entered
    assert world.states(HEALTH)[1][2] == "in_review"

    returned = client.post(f"{url}/kembalikan", data=form(
        csrf, **{"mark-data-standard": "ok", "mark-metadata": "tidak",
                 "note-metadata": "Satuan belum diisi", "note-umum": "Cek angka Kota Malang"}))  # fmt: skip
    assert returned.status_code == 303
    # On to the next version waiting: the DISDIK one.
    assert returned.headers["location"] == PAGE.format(slug=SCHOOLS, number=2)
    said = notice(client, returned)
    assert "Versi 2 dari Jumlah Puskesmas dikembalikan ke DINKES." in said
    assert "Berikutnya dalam antrean: Jumlah Sekolah, versi 2." in said

    # The agency reads the reasons, item by item, and the marks are kept.
    seen = world.overview("producer", HEALTH, 2)
    assert seen["state"] == "returned"
    assert seen["reviews"][-1]["reasons"] == [
        {"item": "metadata", "note": "Satuan belum diisi"},
        {"item": "umum", "note": "Cek angka Kota Malang"}]  # fmt: skip
    marks = {i["item"]: i["ok"] for i in seen["reviews"][-1]["checklist"]}
    assert marks == {"data-standard": True, "metadata": False, "reference-codes": None,
                     "interoperability": None}  # fmt: skip
    assert "Satuan belum diisi" in text(client.get(url).text)  # the decision on the page

    # The fix: version 3, submitted by the producer.
    assert world.upload("producer", HEALTH, a=41) == 3
    world.submit("producer", HEALTH, 3)
    url3 = PAGE.format(slug=HEALTH, number=3)
    assert listed(client.get("/walidata").text) == [(SCHOOLS, 2), (HEALTH, 3)]
    client.post(f"{url3}/ambil", data=form(csrf))
    refused = client.post(f"{url3}/setujui", data=form(csrf, **{"mark-metadata": "tidak",
                                                                 "note-metadata": "x"}))  # fmt: skip
    assert refused.status_code == 400 and "Tidak dapat disetujui" in text(refused.text)
    approved = client.post(f"{url3}/setujui", data=form(csrf, **{
        f"mark-{i}": "ok" for i in ("data-standard", "metadata", "reference-codes",
                                    "interoperability")}))  # fmt: skip
    assert (approved.status_code, approved.headers["location"]) == (303, f"{url3}#tindakan")
    assert "disetujui dan siap diterbitkan" in notice(client, approved)
    assert world.states(HEALTH) == (1, {3: "approved", 2: "returned", 1: "published"})
    assert 'action="' + url3 + '/terbitkan"' in client.get(url3).text

    published = client.post(f"{url3}/terbitkan", data=form(csrf))
    assert published.status_code == 303
    assert "terbit dan kini tampil untuk publik" in notice(client, published)
    assert world.states(HEALTH) == (3, {3: "published", 2: "returned", 1: "superseded"})

    public = TestClient(client.app)
    rows = public.get(f"/api/v1/datasets/{HEALTH}/rows").json()
    assert rows["version"] == 3
    assert [(r["nama_wilayah"], r["jumlah"]) for r in rows["data"]] == [
        ("Kabupaten Malang", 41), ("Kota Malang", 10)]  # fmt: skip
    dataset_page = public.get(f"/dataset/{HEALTH}")
    assert dataset_page.status_code == 200
    assert re.search(r"<td[^>]*>\s*41\s*</td>", dataset_page.text)
    assert not re.search(r"<td[^>]*>\s*(39|45)\s*</td>", dataset_page.text)

    history = text(client.get(url3).text).split("Riwayat versi", 1)[1]
    assert [h in history for h in ("diunggah", "diajukan", "mulai diperiksa", "diterbitkan")] \
        == [True] * 4  # fmt: skip


def test_priority_data_goes_to_the_pembina_before_it_is_published(
    client: TestClient, world: World
) -> None:  # fmt: skip
    csrf = sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=SCHOOLS, number=2)
    client.post(f"{url}/ambil", data=form(csrf))
    approved = client.post(f"{url}/setujui", data=form(csrf))
    assert approved.status_code == 303
    assert "diteruskan ke pembina data" in notice(client, approved)
    assert approved.headers["location"] == PAGE.format(slug=HEALTH, number=2)  # next waiting
    assert world.states(SCHOOLS)[1][2] == "pembina_review"
    assert counts(client.get("/walidata").text)["pembina_review"] == 1

    steward = TestClient(client.app, follow_redirects=False)
    scsrf = sign_in(steward, world.people["steward"])
    queue = steward.get("/walidata")
    assert queue.status_code == 200
    assert counts(queue.text) == {"pembina_review": 1}  # only what waits for the pembina
    assert listed(queue.text) == [(SCHOOLS, 2)]
    assert 'id="metadata"' not in queue.text  # metadata changes are the walidata's
    assert listed(steward.get("/walidata?status=submitted").text) == [(SCHOOLS, 2)]
    page = steward.get(url)
    assert page.status_code == 200 and "Setujui sebagai pembina" in page.text
    assert "Riwayat versi" not in page.text  # the audit log is not the pembina's
    assert steward.post(f"{PAGE.format(slug=HEALTH, number=2)}/ambil",
                        data=form(scsrf)).status_code == 403  # fmt: skip
    done = steward.post(f"{url}/setujui", data=form(scsrf))
    assert (done.status_code, done.headers["location"]) == (303, "/walidata")
    assert "Tidak ada lagi versi yang menunggu." in notice(steward, done)
    assert steward.post(f"{url}/terbitkan", data=form(scsrf)).status_code == 403
    assert world.states(SCHOOLS)[1][2] == "approved"

    assert client.post(f"{url}/terbitkan", data=form(csrf)).status_code == 303
    assert world.states(SCHOOLS) == (2, {2: "published", 1: "superseded"})


def test_the_pembina_can_return_priority_data_with_reasons(
    client: TestClient, world: World
) -> None:
    csrf = sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=SCHOOLS, number=2)
    client.post(f"{url}/ambil", data=form(csrf))
    client.post(f"{url}/setujui", data=form(csrf))
    steward = TestClient(client.app, follow_redirects=False)
    scsrf = sign_in(steward, world.people["steward"])
    back = steward.post(f"{url}/kembalikan", data=form(scsrf, **{
        "mark-metadata": "tidak", "note-metadata": "Definisi operasional belum sesuai BPS"}))  # fmt: skip
    assert back.status_code == 303
    seen = world.overview("other_producer", SCHOOLS, 2)
    assert (seen["state"], seen["reviews"][-1]["stage"], seen["reviews"][-1]["reasons"]) == (
        "returned", "pembina", [{"item": "metadata", "note": "Definisi operasional belum sesuai BPS"}])  # fmt: skip


def test_unpublish_with_a_reason_then_republish(client: TestClient, world: World) -> None:
    world.upload(None, HEALTH, a=60)  # version 3, published by the system; v1 superseded
    csrf = sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=HEALTH, number=3)
    page = client.get(url)
    assert 'action="' + url + '/turunkan"' in page.text
    assert 'action="' + PAGE.format(slug=HEALTH, number=1) + '/terbitkan-ulang"' in page.text

    empty = client.post(f"{url}/turunkan", data=form(csrf, reason="  "))
    assert empty.status_code == 400 and "Sebutkan alasan penurunan." in text(empty.text)
    assert re.search(r'id="alasan-turun"[^>]*aria-invalid="true"', empty.text)
    assert world.states(HEALTH)[0] == 3

    down = client.post(f"{url}/turunkan", data=form(csrf, reason="Angka 2024 salah hitung"))
    assert (down.status_code, down.headers["location"]) == (303, url)
    assert "versi 1 kembali tampil" in notice(client, down)
    assert world.states(HEALTH) == (1, {3: "unpublished", 2: "submitted", 1: "published"})
    assert "Angka 2024 salah hitung" in text(client.get(url).text)  # in the version's history

    again = client.post(f"{url}/terbitkan-ulang", data=form(csrf))
    assert again.status_code == 303
    assert world.states(HEALTH) == (3, {3: "published", 2: "submitted", 1: "superseded"})
    rows = TestClient(client.app).get(f"/api/v1/datasets/{HEALTH}/rows").json()
    assert (rows["version"], rows["data"][0]["jumlah"]) == (3, 60)
    twice = client.post(f"{url}/terbitkan-ulang", data=form(csrf))
    assert twice.status_code == 409 and "berstatus 'terbit'" in text(twice.text)


def test_metadata_changes_are_approved_or_refused_side_by_side(
    client: TestClient, world: World
) -> None:  # fmt: skip
    def propose(**changes: Any) -> None:
        with session_scope(world.runtime.sessions) as session:
            update_dataset(session, actor=world.actor("producer"), slug=HEALTH,
                           data=DatasetUpdate(**changes))  # fmt: skip

    propose(unit="unit", tags=["puskesmas", "kesehatan"])
    csrf = sign_in(client, world.people["custodian"])
    queue = client.get("/walidata")
    assert f'href="/walidata/dataset/{HEALTH}/metadata"' in queue.text
    assert "Usulan perubahan metadata: 1" in text(queue.text)
    page = client.get(f"/walidata/dataset/{HEALTH}/metadata")
    assert page.status_code == 200
    cells = re.findall(r'<tr><th scope="row">([^<]+)</th>\s*<td>(.*?)</td><td class="desk-changed">(.*?)</td>',
                       page.text)  # fmt: skip
    assert [(label, re.sub("<[^>]+>", "", before), after) for label, before, after in cells] == [
        ("Kata kunci", "(kosong)", "puskesmas, kesehatan"), ("Satuan", "(kosong)", "unit")]  # fmt: skip
    assert world.people["producer"] in page.text  # who proposed it

    ok = client.post(f"/walidata/dataset/{HEALTH}/metadata/setujui", data=form(csrf))
    assert (ok.status_code, ok.headers["location"]) == (303, "/walidata#metadata")
    with session_scope(world.runtime.sessions) as session:
        d = get_dataset(session, actor=SYSTEM, slug=HEALTH)
    assert (d.unit, d.tags, d.pending_changes) == ("unit", ["kesehatan", "puskesmas"], {})

    propose(unit="buah")
    bare = client.post(f"/walidata/dataset/{HEALTH}/metadata/tolak", data=form(csrf, reason=""))
    assert bare.status_code == 400 and "Sebutkan alasan penolakan." in text(bare.text)
    no = client.post(f"/walidata/dataset/{HEALTH}/metadata/tolak",
                     data=form(csrf, reason="Satuan baku: unit"))  # fmt: skip
    assert no.status_code == 303 and "ditolak" in notice(client, no)
    with session_scope(world.runtime.sessions) as session:
        d = get_dataset(session, actor=SYSTEM, slug=HEALTH)
        refused = [e.after for e in dataset_history(session, actor=SYSTEM, slug=HEALTH)
                   if e.action == "dataset.change_refused"]  # fmt: skip
    assert (d.unit, d.pending_changes, refused) == ("unit", {}, [{"reason": "Satuan baku: unit"}])
    assert "Dataset ini tidak punya usulan" in text(
        client.get(f"/walidata/dataset/{HEALTH}/metadata").text
    )


def test_comments_are_listed_and_an_empty_one_is_refused(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=HEALTH, number=2)
    said = client.post(f"{url}/komentar", data=form(csrf, body="Mengapa naik 6?"))
    assert (said.status_code, said.headers["location"]) == (303, f"{url}#komentar")
    assert world.overview("producer", HEALTH, 2)["comments"][0]["body"] == "Mengapa naik 6?"
    assert "Mengapa naik 6?" in client.get(url).text
    empty = client.post(f"{url}/komentar", data=form(csrf, body=" "))
    assert empty.status_code == 400 and "Komentar kosong." in empty.text
    assert re.search(r'id="komentar-baru"[^>]*aria-invalid="true"', empty.text)


@pytest.mark.parametrize(("role", "queue", "review"), [
    ("custodian", 200, 200), ("admin", 200, 200), ("steward", 200, 404),  # v2 is not the pembina's yet
    ("producer", 403, 403), ("other_producer", 403, 403), ("leader", 403, 403),
])  # fmt: skip
def test_only_the_walidata_and_the_pembina_use_the_desk(
    role: str, queue: int, review: int, client: TestClient, world: World
) -> None:  # fmt: skip
    sign_in(client, world.people[role])
    assert client.get("/walidata").status_code == queue
    assert client.get(PAGE.format(slug=HEALTH, number=2)).status_code == review
    metadata = client.get(f"/walidata/dataset/{HEALTH}/metadata").status_code
    assert metadata == (200 if role in ("custodian", "admin") else 403)


@pytest.mark.parametrize("role", ["producer", "leader", "steward"])
def test_no_one_but_the_walidata_moves_a_version_from_the_desk(
    role: str, client: TestClient, world: World
) -> None:  # fmt: skip
    csrf = sign_in(client, world.people[role])
    url = PAGE.format(slug=HEALTH, number=2)
    for action in ("ambil", "kembalikan", "setujui", "terbitkan"):
        response = client.post(f"{url}/{action}", data=form(csrf, **{"note-umum": "x"}))
        assert response.status_code in (403, 404), (action, response.status_code)
    assert client.post(f"/walidata/dataset/{HEALTH}/metadata/setujui",
                       data=form(csrf)).status_code == 403  # fmt: skip
    assert world.states(HEALTH)[1][2] == "submitted"


def test_an_anonymous_visitor_is_sent_to_sign_in(client: TestClient, world: World) -> None:
    for url in ("/walidata", PAGE.format(slug=HEALTH, number=2)):
        response = client.get(url)
        assert response.status_code == 303
        assert response.headers["location"] == "/masuk?next=" + url.replace("/", "%2F")


def test_a_form_without_the_csrf_token_moves_nothing(client: TestClient, world: World) -> None:
    sign_in(client, world.people["custodian"])
    url = PAGE.format(slug=HEALTH, number=2)
    for data in ({}, {"csrf_token": "palsu"}):
        response = client.post(f"{url}/ambil", data=data)
        assert response.status_code == 403 and "CSRF" in response.text
    assert world.states(HEALTH)[1][2] == "submitted"


def test_the_desk_speaks_english_when_asked(client: TestClient, world: World) -> None:
    csrf = sign_in(client, world.people["custodian"])
    client.get("/bahasa/en?next=/walidata")
    queue = text(client.get("/walidata").text)
    assert "Custodian Desk" in queue and "Apply" in queue and "submitted" in queue
    assert "Terapkan" not in queue and "Meja Walidata" not in queue
    url = PAGE.format(slug=HEALTH, number=2)
    client.post(f"{url}/ambil", data=form(csrf))
    page = text(client.get(url).text)
    assert "Return with reasons" in page and "Checklist" in page and "Rows changed" in page
    assert "Standard Satu Data metadata complete" in page  # the item's English title
    assert "Kembalikan dengan alasan" not in page
    bare = client.post(f"{url}/kembalikan", data=form(csrf))
    assert "To return the version, mark at least one item 'not fine'" in text(bare.text)
    bad = text(client.get("/walidata?umur=abc").text)
    assert "Age (days): 'abc' is not a whole number of 0 or more." in bad
