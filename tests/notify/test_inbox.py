"""The in-app inbox: each user sees and marks only their own notifications."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from tests.notify.conftest import PUBLIC_URL, World

from satudata.api.deps import get_actor
from satudata.app import create_app
from satudata.auth.actor import ANONYMOUS, SYSTEM, Actor
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.errors import NotFoundError, PermissionDeniedError
from satudata.notify.service import list_inbox, mark_read, notify_version_event
from satudata.runtime import Runtime

OPERATOR = "operator@dinkes.jatimprov.go.id"
KEPALA = "kepala@dinkes.jatimprov.go.id"
WALIDATA = "walidata@kominfo.jatimprov.go.id"


@pytest.fixture
def inbox(runtime: Runtime, world: World, settings: Settings) -> World:
    """The operator hears of a return, then an approval; the walidata of a submission."""
    events = [("submitted", OPERATOR), ("returned", WALIDATA), ("approved", WALIDATA)]
    for kind, by in events:
        with session_scope(runtime.sessions) as session:
            dataset, version = world.load(session)
            notify_version_event(session, settings, kind=kind, dataset=dataset, version=version,
                                 actor=world.actor(by),
                                 reasons=[{"item": "metadata", "note": "Satuan kosong."}])  # fmt: skip
    return world


def test_the_inbox_lists_your_own_notifications_newest_first(runtime: Runtime,
                                                             inbox: World) -> None:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        mine = list_inbox(session, actor=inbox.actor(OPERATOR))
        theirs = list_inbox(session, actor=inbox.actor(WALIDATA))
        page = list_inbox(session, actor=inbox.actor(OPERATOR), limit=1, offset=1)

    assert (mine.count, mine.unread) == (2, 2)
    assert [(n.kind, n.dataset, n.version) for n in mine.data] == [
        ("approved", "jumlah-puskesmas", 3), ("returned", "jumlah-puskesmas", 3)]  # fmt: skip
    assert mine.data[1].title == (
        "Versi 3 'Jumlah Puskesmas' dikembalikan oleh walidata: Satuan kosong.")  # fmt: skip
    assert mine.data[0].link == "http://127.0.0.1:8000/dataset/jumlah-puskesmas?versi=3"
    assert [n.kind for n in theirs.data] == ["submitted"]
    assert {n.id for n in mine.data}.isdisjoint(n.id for n in theirs.data)
    assert (page.count, [n.kind for n in page.data]) == (2, ["returned"])


def test_mark_read_is_yours_alone_and_keeps_the_first_time(runtime: Runtime,
                                                           inbox: World) -> None:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        first, second = list_inbox(session, actor=inbox.actor(OPERATOR)).data
        walidata_note = list_inbox(session, actor=inbox.actor(WALIDATA)).data[0]
    with session_scope(runtime.sessions) as session:
        read = mark_read(session, actor=inbox.actor(OPERATOR), notification_id=second.id)
    with session_scope(runtime.sessions) as session:
        again = mark_read(session, actor=inbox.actor(OPERATOR), notification_id=second.id)
        unread = list_inbox(session, actor=inbox.actor(OPERATOR), unread_only=True)
        # The OPD's other member got the same news in their own row, still unread.
        kepala = list_inbox(session, actor=inbox.actor(KEPALA))

    assert read.read_at is not None and again.read_at == read.read_at
    assert ([n.id for n in unread.data], unread.count, unread.unread) == ([first.id], 1, 1)
    assert kepala.unread == 2
    for other in (inbox.actor(KEPALA), inbox.actor(WALIDATA)):
        with pytest.raises(NotFoundError), session_scope(runtime.sessions) as session:
            mark_read(session, actor=other, notification_id=first.id)
    with pytest.raises(NotFoundError), session_scope(runtime.sessions) as session:
        mark_read(session, actor=inbox.actor(OPERATOR), notification_id=walidata_note.id)
    with session_scope(runtime.sessions) as session:
        assert list_inbox(session, actor=inbox.actor(OPERATOR)).unread == 1


@pytest.mark.parametrize("actor", [ANONYMOUS, SYSTEM], ids=["anonymous", "system"])
def test_only_a_signed_in_person_has_an_inbox(runtime: Runtime, inbox: World,
                                              actor: Actor) -> None:  # fmt: skip
    with pytest.raises(PermissionDeniedError), session_scope(runtime.sessions) as session:
        list_inbox(session, actor=actor)
    with pytest.raises(PermissionDeniedError), session_scope(runtime.sessions) as session:
        mark_read(session, actor=actor, notification_id=1)


def test_a_read_only_token_cannot_mark_read(runtime: Runtime, inbox: World) -> None:
    reader = inbox.actor(OPERATOR, scope="read")
    with session_scope(runtime.sessions) as session:
        note = list_inbox(session, actor=reader).data[0]
    with pytest.raises(PermissionDeniedError), session_scope(runtime.sessions) as session:
        mark_read(session, actor=reader, notification_id=note.id)


def test_the_inbox_over_http(runtime: Runtime, inbox: World) -> None:
    app = create_app(runtime=runtime)
    client = TestClient(app)
    as_who: dict[str, Actor] = {"actor": inbox.actor(OPERATOR)}
    app.dependency_overrides[get_actor] = lambda: as_who["actor"]

    listed = client.get("/api/v1/inbox")
    assert listed.status_code == 200, listed.text
    body = listed.json()
    assert (body["count"], body["unread"], len(body["data"])) == (2, 2, 2)
    assert body["data"][0]["link"].startswith("http://127.0.0.1:8000/dataset/")
    newest = body["data"][0]["id"]

    read = client.post(f"/api/v1/inbox/{newest}/read")
    assert read.status_code == 200 and read.json()["read_at"] is not None
    unread = client.get("/api/v1/inbox", params={"unread_only": "true"}).json()
    assert [n["id"] for n in unread["data"]] == [body["data"][1]["id"]]

    as_who["actor"] = inbox.actor(WALIDATA)
    refused = client.post(f"/api/v1/inbox/{body['data'][1]['id']}/read")
    assert refused.status_code == 404
    assert refused.json()["error"]["type"] == "not-found"
    assert client.get("/api/v1/inbox", params={"limit": 0}).status_code == 422

    as_who["actor"] = ANONYMOUS
    anonymous = client.get("/api/v1/inbox")
    assert anonymous.status_code == 403
    assert anonymous.json()["error"]["type"] == "sign-in-required"


def test_links_follow_the_public_url(runtime: Runtime, world: World, settings: Settings) -> None:
    public = settings.model_copy(update={"public_url": PUBLIC_URL + "/"})
    with session_scope(runtime.sessions) as session:
        dataset, version = world.load(session)
        notes = notify_version_event(session, public, kind="published", dataset=dataset,
                                     version=version, actor=world.actor(WALIDATA))  # fmt: skip
        assert {n.link for n in notes} == {f"{PUBLIC_URL}/dataset/jumlah-puskesmas?versi=3"}
