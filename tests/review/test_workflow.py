"""The review workflow end to end at the service level, and the audit log that records it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, text

from satudata.audit.service import dataset_history
from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.catalog.data import open_version
from satudata.catalog.schema import DatasetUpdate
from satudata.catalog.service import get_dataset, update_dataset
from satudata.db.session import session_scope
from satudata.db.workflow import AuditEvent, Review
from satudata.errors import ConflictError, InvalidInputError, NotFoundError, PermissionDeniedError
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.review import service
from satudata.runtime import Runtime

PRODUCER = Actor(kind="user", name="operator@dinkes.jatimprov.go.id",
                 organizations=frozenset({"DINKES"}))  # fmt: skip
OTHER_OPD = Actor(kind="user", name="operator@disdik.jatimprov.go.id",
                  organizations=frozenset({"DISDIK"}))  # fmt: skip
CUSTODIAN = Actor(kind="user", name="walidata@kominfo.jatimprov.go.id",
                  roles=frozenset({"custodian"}))  # fmt: skip
DELEGATE = Actor(kind="user", name="staf@kominfo.jatimprov.go.id",
                 roles=frozenset({"custodian_delegate"}))  # fmt: skip
STEWARD = Actor(kind="user", name="pembina@bps.go.id", roles=frozenset({"steward"}))
CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,{year},{n}\n"


@pytest.fixture
def upload(runtime: Runtime, tmp_path: Path) -> Any:
    def run(actor: Actor, year: int = 2024, n: int = 39) -> int:
        path = tmp_path / f"puskesmas-{year}-{n}.csv"
        path.write_text(CSV.format(year=year, n=n), encoding="utf-8")
        request = IngestRequest(path=path, organization="DINKES", dataset="jumlah-puskesmas")
        return ingest_file(runtime.sessions, runtime.settings, actor=actor, request=request).version

    return run


def act(runtime: Runtime, name: str, actor: Actor, **kwargs: Any) -> service.Moved:
    with session_scope(runtime.sessions) as session:
        moved: service.Moved = getattr(service, f"{name}_version")(
            session, actor=actor, slug="jumlah-puskesmas", **kwargs)  # fmt: skip
        return moved


def state_of(runtime: Runtime, actor: Actor = SYSTEM) -> tuple[int | None, dict[int, str]]:
    with session_scope(runtime.sessions) as session:
        d = get_dataset(session, actor=actor, slug="jumlah-puskesmas")
    return d.current_version, {v.number: v.state for v in d.versions}


def test_an_agency_upload_is_a_draft_that_the_public_cannot_see(
    runtime: Runtime, upload: Any
) -> None:  # fmt: skip
    assert upload(SYSTEM) == 1  # the administrator's upload is published at once
    assert upload(PRODUCER, year=2025) == 2

    assert state_of(runtime) == (1, {2: "draft", 1: "published"})
    assert state_of(runtime, ANONYMOUS) == (1, {1: "published"})
    with session_scope(runtime.sessions) as session, pytest.raises(NotFoundError):
        open_version(session, runtime.lake, actor=ANONYMOUS, slug="jumlah-puskesmas", version=2)
    with session_scope(runtime.sessions) as session:
        assert open_version(session, runtime.lake, actor=PRODUCER, slug="jumlah-puskesmas",
                            version=2).version.number == 2  # fmt: skip


@pytest.mark.parametrize("action", ["publish", "take", "approve"])
def test_a_producer_cannot_publish_or_review_its_own_data(
    action: str, runtime: Runtime, upload: Any
) -> None:  # fmt: skip
    upload(SYSTEM)
    upload(PRODUCER, year=2025)
    act(runtime, "submit", PRODUCER, number=2)
    with pytest.raises(PermissionDeniedError):
        act(runtime, action, PRODUCER, number=2)
    assert state_of(runtime) == (1, {2: "submitted", 1: "published"})


def test_another_opd_cannot_submit_or_upload(runtime: Runtime, upload: Any) -> None:
    upload(SYSTEM)
    upload(PRODUCER, year=2025)
    with pytest.raises(PermissionDeniedError):
        act(runtime, "submit", OTHER_OPD, number=2)
    with pytest.raises(PermissionDeniedError):
        upload(OTHER_OPD, year=2026)


def test_the_full_flow_with_return_fix_resubmit_pembina_publish_and_rollback(
    runtime: Runtime, upload: Any
) -> None:  # fmt: skip
    upload(SYSTEM)
    with session_scope(runtime.sessions) as session:
        update_dataset(session, actor=SYSTEM, slug="jumlah-puskesmas",
                       data=DatasetUpdate(priority=True))  # fmt: skip
    upload(PRODUCER, year=2025, n=40)
    act(runtime, "submit", PRODUCER, number=2)
    act(runtime, "take", DELEGATE, number=2)
    with pytest.raises(InvalidInputError):
        act(runtime, "return", CUSTODIAN, number=2, reasons=[{"item": "metadata", "note": " "}])
    act(runtime, "return", CUSTODIAN, number=2,
        reasons=[{"item": "metadata", "note": "Satuan belum diisi"}])  # fmt: skip
    assert state_of(runtime)[1][2] == "returned"

    upload(PRODUCER, year=2025, n=41)  # the fix: version 3
    act(runtime, "submit", PRODUCER, number=3)
    act(runtime, "take", CUSTODIAN, number=3)
    assert act(runtime, "approve", CUSTODIAN, number=3).state == "pembina_review"  # prioritas
    with pytest.raises(PermissionDeniedError):
        act(runtime, "approve", CUSTODIAN, number=3)  # the pembina's turn, not the walidata's
    assert act(runtime, "approve", STEWARD, number=3).state == "approved"
    with pytest.raises(PermissionDeniedError):
        act(runtime, "publish", DELEGATE, number=3)  # a delegate reviews but does not publish
    act(runtime, "publish", CUSTODIAN, number=3)
    assert state_of(runtime) == (3, {3: "published", 2: "returned", 1: "superseded"})

    act(runtime, "republish", CUSTODIAN, number=1)  # rollback
    assert state_of(runtime) == (1, {3: "superseded", 2: "returned", 1: "published"})
    with pytest.raises(ConflictError):
        act(runtime, "publish", CUSTODIAN, number=2)  # a returned version is never published

    with session_scope(runtime.sessions) as session:
        reviews = session.scalars(select(Review).order_by(Review.id)).all()
        decided = [(r.stage, r.status, r.reviewer, r.reasons) for r in reviews]
        history = dataset_history(session, actor=CUSTODIAN, slug="jumlah-puskesmas")
    assert decided == [
        ("walidata", "returned", CUSTODIAN.name, [{"item": "metadata", "note": "Satuan belum diisi"}]),
        ("walidata", "approved", CUSTODIAN.name, []),
        ("pembina", "approved", STEWARD.name, []),
    ]  # fmt: skip
    # The log alone tells the whole story, version by version.
    story = [(e.version, e.action, e.after.get("state"), e.actor) for e in history]
    assert story == [
        (None, "dataset.created", None, "system"),
        (1, "version.uploaded", None, "system"), (1, "version.publish", "published", "system"),
        (None, "dataset.updated", None, "system"),
        (2, "version.uploaded", None, PRODUCER.name), (2, "version.submit", "submitted", PRODUCER.name),
        (2, "version.take", "in_review", DELEGATE.name), (2, "version.return", "returned", CUSTODIAN.name),
        (3, "version.uploaded", None, PRODUCER.name), (3, "version.submit", "submitted", PRODUCER.name),
        (3, "version.take", "in_review", CUSTODIAN.name),
        (3, "version.approve", "pembina_review", CUSTODIAN.name),
        (3, "version.steward_approve", "approved", STEWARD.name),
        (3, "version.publish", "published", CUSTODIAN.name),
        (1, "version.republish", "published", CUSTODIAN.name),
    ]  # fmt: skip
    rebuilt: dict[int, str] = {}
    for e in history:
        if e.version is not None and "state" in e.after:
            rebuilt[e.version] = e.after["state"]
    assert rebuilt == {1: "published", 2: "returned", 3: "published"}  # v3 superseded by rollback


def test_unpublish_brings_the_previous_publication_back(runtime: Runtime, upload: Any) -> None:
    upload(SYSTEM)
    upload(SYSTEM, year=2025)
    with pytest.raises(InvalidInputError):
        act(runtime, "unpublish", CUSTODIAN, number=2, reason="")
    act(runtime, "unpublish", CUSTODIAN, number=2, reason="Angka 2025 salah hitung")
    assert state_of(runtime) == (1, {2: "unpublished", 1: "published"})


def test_the_audit_log_refuses_changes(runtime: Runtime, upload: Any) -> None:
    upload(SYSTEM)
    with runtime.engine.connect() as conn:
        for sql in ("UPDATE audit_event SET actor = 'someone else'", "DELETE FROM audit_event"):
            with pytest.raises(Exception, match="append-only"):
                conn.execute(text(sql))
            conn.rollback()
    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(AuditEvent.actor)) == "system"


def test_only_the_walidata_reads_the_audit_log(runtime: Runtime, upload: Any) -> None:
    upload(SYSTEM)
    with session_scope(runtime.sessions) as session, pytest.raises(PermissionDeniedError):
        dataset_history(session, actor=PRODUCER, slug="jumlah-puskesmas")


def test_the_reviewer_sees_the_checklist_and_the_diff_against_the_publication(
    runtime: Runtime, upload: Any
) -> None:  # fmt: skip
    from satudata.review.overview import review_overview

    upload(SYSTEM, year=2024, n=39)
    upload(PRODUCER, year=2024, n=45)
    act(runtime, "submit", PRODUCER, number=2)
    act(runtime, "take", CUSTODIAN, number=2)
    act(runtime, "comment", CUSTODIAN, number=2, body="Mengapa naik 6?")

    with session_scope(runtime.sessions) as session:
        seen = review_overview(session, runtime.lake, actor=CUSTODIAN, slug="jumlah-puskesmas",
                               number=2)  # fmt: skip
    assert (seen["state"], seen["published_version"]) == ("in_review", 1)
    assert [i["item"] for i in seen["checklist"]] == [
        "data-standard", "metadata", "reference-codes", "interoperability"]  # fmt: skip
    assert seen["reviews"][0]["checklist"] == seen["checklist"]  # saved when the review opened
    assert [(c["author"], c["body"]) for c in seen["comments"]] == [
        (CUSTODIAN.name, "Mengapa naik 6?")]  # fmt: skip
    changed = seen["diff"]["changed"]
    assert changed["count"] == 1
    assert changed["examples"][0]["changes"] == [{"field": "jumlah", "old": 39, "new": 45}]
    with session_scope(runtime.sessions) as session, pytest.raises(NotFoundError):
        review_overview(session, runtime.lake, actor=ANONYMOUS, slug="jumlah-puskesmas", number=2)


@pytest.mark.parametrize(("actor", "allowed"), [
    (PRODUCER, True), (CUSTODIAN, True), (DELEGATE, True), (STEWARD, True), (SYSTEM, True),
    (OTHER_OPD, False), (ANONYMOUS, False),
    (replace(CUSTODIAN, scope="read"), False),  # a read-only token comments on nothing
    (replace(PRODUCER, scope="read"), False),
])  # fmt: skip
def test_who_may_comment_on_a_version(
    runtime: Runtime, upload: Any, actor: Actor, allowed: bool
) -> None:  # fmt: skip
    upload(SYSTEM)
    upload(PRODUCER, year=2025)
    with session_scope(runtime.sessions) as session:
        if not allowed:
            with pytest.raises(PermissionDeniedError):
                service.comment_version(session, actor=actor, slug="jumlah-puskesmas", number=2,
                                        body="Catatan")  # fmt: skip
            return
        comment = service.comment_version(session, actor=actor, slug="jumlah-puskesmas",
                                          number=2, body=" Catatan ")  # fmt: skip
    assert (comment["author"], comment["body"]) == (actor.label, "Catatan")


def test_the_queue_filters_by_age(runtime: Runtime, upload: Any) -> None:
    from fastapi.testclient import TestClient

    from satudata.api.deps import get_actor
    from satudata.app import create_app

    upload(SYSTEM)
    upload(PRODUCER, year=2025)
    act(runtime, "submit", PRODUCER, number=2)
    app = create_app(runtime=runtime)
    app.dependency_overrides[get_actor] = lambda: CUSTODIAN
    client = TestClient(app)
    fresh = client.get("/api/v1/review/queue").json()
    assert [(q["dataset"], q["version"], q["organization"]) for q in fresh] == [
        ("jumlah-puskesmas", 2, "DINKES")]  # fmt: skip
    assert client.get("/api/v1/review/queue?older_than_days=3").json() == []


def test_an_agency_change_to_published_metadata_waits_for_the_walidata(
    runtime: Runtime, upload: Any
) -> None:  # fmt: skip
    upload(SYSTEM)
    with session_scope(runtime.sessions) as session:
        shown = update_dataset(session, actor=PRODUCER, slug="jumlah-puskesmas",
                               data=DatasetUpdate(unit="unit", tags=["puskesmas"]))  # fmt: skip
    assert (shown.unit, shown.pending_changes) == ("", {"unit": "unit", "tags": ["puskesmas"]})

    with session_scope(runtime.sessions) as session, pytest.raises(PermissionDeniedError):
        service.review_metadata(session, actor=PRODUCER, slug="jumlah-puskesmas", approve=True)
    with session_scope(runtime.sessions) as session:
        done = service.review_metadata(session, actor=CUSTODIAN, slug="jumlah-puskesmas",
                                       approve=True)  # fmt: skip
        d = get_dataset(session, actor=SYSTEM, slug="jumlah-puskesmas")
    assert done["applied"] == {"unit": "unit", "tags": ["puskesmas"]}
    assert (d.unit, d.tags, d.pending_changes) == ("unit", ["puskesmas"], {})

    with session_scope(runtime.sessions) as session:
        update_dataset(session, actor=PRODUCER, slug="jumlah-puskesmas",
                       data=DatasetUpdate(unit="buah"))  # fmt: skip
        with pytest.raises(InvalidInputError):
            service.review_metadata(session, actor=CUSTODIAN, slug="jumlah-puskesmas",
                                    approve=False)  # fmt: skip
    with session_scope(runtime.sessions) as session:
        service.review_metadata(session, actor=CUSTODIAN, slug="jumlah-puskesmas",
                                approve=False, reason="Satuan baku: unit")  # fmt: skip
        d = get_dataset(session, actor=SYSTEM, slug="jumlah-puskesmas")
        actions = [e.action for e in dataset_history(session, actor=CUSTODIAN,
                                                      slug="jumlah-puskesmas")]  # fmt: skip
    assert (d.unit, d.pending_changes) == ("unit", {})
    assert actions[-4:] == ["dataset.change_proposed", "dataset.change_approved",
                            "dataset.change_proposed", "dataset.change_refused"]  # fmt: skip
