"""The walidata desk's domain: the queue with counts and paging, next item, allowed actions,
the checklist form's rules, pending metadata changes and a version's history."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.auth.actor import Actor
from satudata.catalog.schema import DatasetUpdate, OrganizationCreate
from satudata.catalog.service import create_organization, update_dataset
from satudata.db.models import Version
from satudata.db.session import session_scope
from satudata.errors import InvalidInputError, PermissionDeniedError
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.review import desk
from satudata.review.desk import Mark, QueueQuery
from satudata.review.service import approve_version, submit_version, take_version
from satudata.runtime import Runtime

DINKES = Actor(kind="user", name="op@dinkes", organizations=frozenset({"DINKES"}))
DISDIK = Actor(kind="user", name="op@disdik", organizations=frozenset({"DISDIK"}))
CUSTODIAN = Actor(kind="user", name="walidata@kominfo", roles=frozenset({"custodian"}))
DELEGATE = Actor(kind="user", name="staf@kominfo", roles=frozenset({"custodian_delegate"}))
STEWARD = Actor(kind="user", name="pembina@bps", roles=frozenset({"steward"}))
LEADER = Actor(kind="user", name="sekda@jatim", roles=frozenset({"leader"}))
CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,2024,{n}\n"


@pytest.fixture
def world(runtime: Runtime, tmp_path: Path) -> Runtime:
    """Five datasets, v1 published each; v2 submitted by the agency, oldest first:
    DINKES a, b (b prioritas), DISDIK c (prioritas), d, e."""
    with session_scope(runtime.sessions) as session:
        create_organization(session, actor=SYSTEM, data=OrganizationCreate(
            code="DISDIK", name="Dinas Pendidikan"))  # fmt: skip
    plan = [("data-a", "DINKES", False), ("data-b", "DINKES", True), ("data-c", "DISDIK", True),
            ("data-d", "DISDIK", False), ("data-e", "DISDIK", False)]  # fmt: skip
    for slug, org, priority in plan:
        for n, actor in ((1, SYSTEM), (2, DINKES if org == "DINKES" else DISDIK)):
            path = tmp_path / f"{slug}{n}.csv"
            path.write_text(CSV.format(n=n), encoding="utf-8")
            ingest_file(runtime.sessions, runtime.settings, actor=actor, request=IngestRequest(
                path=path, organization=org, dataset=slug))  # fmt: skip
        with session_scope(runtime.sessions) as session:
            update_dataset(session, actor=SYSTEM, slug=slug, data=DatasetUpdate(priority=priority))
            submit_version(session, actor=DINKES if org == "DINKES" else DISDIK, slug=slug,
                           number=2)  # fmt: skip
    return runtime


def queue(runtime: Runtime, actor: Actor = CUSTODIAN, **query: Any) -> desk.Queue:
    with session_scope(runtime.sessions) as session:
        return desk.desk_queue(session, actor=actor, query=QueueQuery(**query))


def shown(q: desk.Queue) -> list[str]:
    return [f"{i.dataset[-1]}{i.version}" for i in q.items]


def test_the_queue_is_oldest_first_with_exact_counts_and_pages(world: Runtime) -> None:
    q = queue(world)
    assert shown(q) == ["a2", "b2", "c2", "d2", "e2"]
    assert (q.total, q.counts["submitted"], q.counts["published"], q.counts["in_review"]) == (
        5, 5, 5, 0)  # fmt: skip
    page2 = queue(world, page=2, page_size=2)
    assert (shown(page2), page2.total, page2.pages) == (["c2", "d2"], 5, 3)
    assert shown(queue(world, page=4, page_size=2)) == []


@pytest.mark.parametrize(("query", "expected", "submitted"), [
    ({"organization": "DISDIK"}, ["c2", "d2", "e2"], 3),
    ({"priority": True}, ["b2", "c2"], 2),
    ({"organization": "DISDIK", "priority": True}, ["c2"], 1),
    ({"organization": "DINKES", "priority": False}, ["a2"], 1),
    ({"older_than_days": 2}, [], 0),
    ({"state": "published", "organization": "DINKES"}, ["a1", "b1"], 2),
])  # fmt: skip
def test_filters_combine_and_the_counts_follow_them(
    query: dict[str, Any], expected: list[str], submitted: int, world: Runtime
) -> None:  # fmt: skip
    q = queue(world, **query)
    assert (shown(q), q.counts["submitted"]) == (expected, submitted)


def test_age_counts_from_the_upload(world: Runtime) -> None:
    with session_scope(world.sessions) as session:
        for v in session.scalars(select(Version).where(Version.number == 2)).all():
            v.created_at = v.created_at - timedelta(days=10 if v.dataset.slug == "data-d" else 1)
    q = queue(world, older_than_days=5)
    assert [(i.dataset, i.age_days) for i in q.items] == [("data-d", 10)]
    assert queue(world).items[0].dataset == "data-d"  # now the oldest


def test_the_pembina_sees_only_what_waits_for_them(world: Runtime) -> None:
    with session_scope(world.sessions) as session:
        take_version(session, actor=CUSTODIAN, slug="data-c", number=2)
        approve_version(session, actor=CUSTODIAN, slug="data-c", number=2)
    q = queue(world, STEWARD, state="submitted")  # asked for more: given their own
    assert (q.query.state, q.states, shown(q), q.counts) == (
        "pembina_review", ("pembina_review",), ["c2"], {"pembina_review": 1})  # fmt: skip
    with session_scope(world.sessions) as session:
        assert desk.next_in_queue(session, actor=STEWARD, after=("data-c", 2)) is None
        following = desk.next_in_queue(session, actor=CUSTODIAN, after=("data-a", 2))
        assert following is not None and (following.dataset, following.version) == ("data-b", 2)


@pytest.mark.parametrize("actor", [DINKES, LEADER, Actor(kind="anonymous")])
def test_the_desk_is_closed_to_others(actor: Actor, world: Runtime) -> None:
    with pytest.raises(PermissionDeniedError):
        queue(world, actor)
    with session_scope(world.sessions) as session, pytest.raises(PermissionDeniedError):
        desk.pending_changes(session, actor=actor)


@pytest.mark.parametrize(("actor", "state", "expected"), [
    (CUSTODIAN, "submitted", {"take"}), (DELEGATE, "submitted", {"take"}),
    (CUSTODIAN, "in_review", {"return", "approve"}), (STEWARD, "in_review", set()),
    (STEWARD, "pembina_review", {"return", "approve"}), (CUSTODIAN, "pembina_review", set()),
    (CUSTODIAN, "approved", {"publish"}), (DELEGATE, "approved", set()),
    (CUSTODIAN, "published", {"unpublish"}), (CUSTODIAN, "superseded", {"republish"}),
    (CUSTODIAN, "returned", set()), (DINKES, "approved", set()), (SYSTEM, "published", {"unpublish"}),
])  # fmt: skip
def test_the_actions_shown_follow_the_state_and_the_policy(
    actor: Actor, state: str, expected: set[str]
) -> None:  # fmt: skip
    assert desk.allowed_actions(actor, state) == expected


def test_a_return_needs_a_reason_for_each_item_marked_not_fine() -> None:
    with pytest.raises(InvalidInputError) as none:
        desk.return_reasons([Mark("metadata", True), Mark("data-standard")])
    assert none.value.type == "reasons-required"
    with pytest.raises(InvalidInputError) as unnamed:
        desk.return_reasons([Mark("metadata", False, " ")])
    assert unnamed.value.message_id == (
        "Butir 'Metadata standar Satu Data lengkap' ditandai tidak sesuai: tulis alasannya."
    )
    assert unnamed.value.details["field"] == "note-metadata"
    reasons = desk.return_reasons([Mark("data-standard", True, "Rapi"), Mark("metadata", False,
                                   "Satuan belum diisi"), Mark("reference-codes", None, "Cek 35.99")],
                                  general=" Periksa lagi ")  # fmt: skip
    assert reasons == [{"item": "metadata", "note": "Satuan belum diisi"},
                       {"item": "reference-codes", "note": "Cek 35.99"},
                       {"item": "umum", "note": "Periksa lagi"}]  # fmt: skip
    assert desk.return_reasons([], general="Salah berkas") == [
        {"item": "umum", "note": "Salah berkas"}
    ]


def test_an_item_marked_not_fine_blocks_the_approval() -> None:
    desk.check_approval([Mark("metadata", True), Mark("data-standard", None)])
    with pytest.raises(InvalidInputError) as caught:
        desk.check_approval([Mark("metadata", False, "x"), Mark("interoperability", False)])
    assert caught.value.message_en.startswith(
        "Cannot approve: item Standard Satu Data metadata complete, Interoperability"
    )


@pytest.mark.parametrize(("fields", "message"), [
    ({"state": "draft"}, "Status 'draft' tidak dikenal"),
    ({"priority": "kadang"}, "Prioritas 'kadang' tidak dikenal"),
    ({"older_than_days": "-1"}, "Umur (hari): '-1' bukan bilangan bulat 0 atau lebih."),
    ({"page": "0"}, "Halaman: '0' bukan bilangan bulat 1 atau lebih."),
])  # fmt: skip
def test_a_bad_queue_filter_names_itself(fields: dict[str, str], message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        desk.queue_query(**fields)
    assert message in caught.value.message_id


def test_queue_filters_read_from_text() -> None:
    assert desk.queue_query(state="approved", organization=" DINKES ", priority="ya",
                            older_than_days="7", page="2") == QueueQuery(
        state="approved", organization="DINKES", priority=True, older_than_days=7, page=2)  # fmt: skip
    assert desk.queue_query() == QueueQuery()


def test_a_pending_change_shows_each_value_now_and_proposed(world: Runtime) -> None:
    with session_scope(world.sessions) as session:
        update_dataset(session, actor=DINKES, slug="data-a", data=DatasetUpdate(unit="unit",
                                                                           tags=["sehat"]))  # fmt: skip
    with session_scope(world.sessions) as session:
        listed = desk.pending_changes(session, actor=CUSTODIAN)
        assert [(c.dataset, [f.field for f in c.fields]) for c in listed] == [
            ("data-a", ["tags", "unit"])]  # fmt: skip
        assert desk.pending_changes(session, actor=CUSTODIAN, organization="DISDIK") == []
        change = desk.pending_change(session, actor=CUSTODIAN, slug="data-a")
        assert [(f.field, f.before, f.after) for f in change.fields] == [
            ("tags", [], ["sehat"]), ("unit", "", "unit")]  # fmt: skip
        assert change.proposed_by == ["op@dinkes"]
        with pytest.raises(PermissionDeniedError):
            desk.pending_change(session, actor=STEWARD, slug="data-a")


def test_the_history_of_one_version_is_for_audit_readers(world: Runtime) -> None:
    with session_scope(world.sessions) as session:
        events = desk.version_history(session, actor=CUSTODIAN, slug="data-a", number=2)
        assert events is not None
        assert [e.action for e in events] == ["version.uploaded", "version.submit"]
        assert desk.version_history(session, actor=STEWARD, slug="data-a", number=2) is None
