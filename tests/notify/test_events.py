"""Who hears of each workflow event, and what the in-app row and the e-mail say."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select
from tests.notify.conftest import PEOPLE, PUBLIC_URL, SmtpServer, World, actor_of, add_user

from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.db.workflow import Notification, Review
from satudata.notify.service import notify_version_event, send_pending_email
from satudata.runtime import Runtime

WALIDATA = "walidata@kominfo.jatimprov.go.id"
PENDUKUNG = "pendukung@kominfo.jatimprov.go.id"
PEMBINA = "pembina@bps.go.id"
OPERATOR = "operator@dinkes.jatimprov.go.id"
KEPALA = "kepala@dinkes.jatimprov.go.id"
UPLOADER = "pengunggah@dinkes.jatimprov.go.id"
LINK = f"{PUBLIC_URL}/dataset/jumlah-puskesmas?versi=3"
REASONS = [
    {"item": "metadata", "note": "Satuan kolom jumlah belum diisi."},
    {"item": "kode-referensi", "note": "Kode 35.99 bukan kode wilayah Jawa Timur."},
]


def notify(runtime: Runtime, settings: Settings, world: World, kind: str, actor: Any,
           reasons: list[dict[str, Any]] | None = None) -> list[int]:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        dataset, version = world.load(session)
        notes = notify_version_event(session, settings, kind=kind, dataset=dataset,
                                     version=version, actor=actor, reasons=reasons)  # fmt: skip
        return [n.user_id for n in notes]


CASES = [  # kind, actor, recipients, subject, words of the body
    ("submitted", OPERATOR, {WALIDATA, PENDUKUNG},
     "Versi 3 'Jumlah Puskesmas' diajukan untuk diperiksa",
     ["Dinas Kesehatan mengajukan versi 3 dataset 'Jumlah Puskesmas'", f"oleh {OPERATOR}",
      "English: version 3 of 'Jumlah Puskesmas' was submitted"]),
    ("pembina_review", WALIDATA, {PEMBINA},
     "Versi 3 'Jumlah Puskesmas' menunggu telaah pembina data",
     ["Walidata menyetujui versi 3 dataset prioritas 'Jumlah Puskesmas' (Dinas Kesehatan)",
      "English: the custodian approved version 3"]),
    ("returned", WALIDATA, {OPERATOR, KEPALA, UPLOADER},
     "Versi 3 'Jumlah Puskesmas' dikembalikan oleh walidata: Satuan kolom jumlah belum diisi. "
     "(+1 alasan lain)",
     [f"Walidata ({WALIDATA}) mengembalikan versi 3 dataset 'Jumlah Puskesmas' dengan alasan "
      "berikut:\n- metadata: Satuan kolom jumlah belum diisi.\n"
      "- kode-referensi: Kode 35.99 bukan kode wilayah Jawa Timur.\n",
      "English: version 3 of 'Jumlah Puskesmas' was returned by the custodian (walidata) "
      "with 2 reason(s)"]),
    ("approved", WALIDATA, {OPERATOR, KEPALA},
     "Versi 3 'Jumlah Puskesmas' disetujui",
     ["Walidata (walidata@kominfo.jatimprov.go.id) menyetujui versi 3",
      "English: version 3 of 'Jumlah Puskesmas' was approved"]),
    ("published", WALIDATA, {OPERATOR, KEPALA},
     "Versi 3 'Jumlah Puskesmas' terbit",
     ["Versi 3 dataset 'Jumlah Puskesmas' telah diterbitkan walidata",
      "English: version 3 of 'Jumlah Puskesmas' was published"]),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "by", "recipients", "subject", "words"), CASES,
                         ids=[c[0] for c in CASES])  # fmt: skip
def test_each_event_reaches_its_people_in_the_inbox_and_by_email(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer, kind: str,
    by: str, recipients: set[str], subject: str, words: list[str],
) -> None:  # fmt: skip
    reasons = REASONS if kind == "returned" else None
    user_ids = notify(runtime, mail_settings, world, kind, world.actor(by), reasons)

    assert smtp.handler.received == []  # nothing leaves before send_pending_email
    assert sorted(user_ids) == sorted(world.users[r] for r in recipients)
    with session_scope(runtime.sessions) as session:
        rows = session.scalars(select(Notification)).all()
        assert {(n.kind, n.title, n.link, n.dataset_id, n.version_id) for n in rows} == {
            (kind, subject, LINK, world.dataset_id, world.version_id)}  # fmt: skip
        assert all(n.emailed_at is None and n.read_at is None for n in rows)

    outcome = send_pending_email(runtime.sessions, mail_settings)

    assert (outcome.sent, outcome.refused, outcome.error) == (len(recipients), 0, "")
    mails = smtp.handler.by_recipient()
    assert set(mails) == recipients
    for address, mail in mails.items():
        assert mail.mail_from == "satudata@localhost"
        assert mail.message["Subject"] == subject
        assert mail.message["From"] == "Satu Data Jatim <satudata@localhost>"
        assert mail.message["To"].addresses[0].addr_spec == address
        assert mail.message["Auto-Submitted"] == "auto-generated"
        text = mail.text
        assert text.startswith(f"Yth. {address.split('@')[0].capitalize()},\n\n")
        assert f"Buka / Open: {LINK}\n" in text
        assert "Automatic message from Satu Data Jawa Timur" in text
        for word in words:
            assert word in text
        # Indonesian first, then the English line.
        assert text.index(words[0]) < text.index("English:")


def test_nobody_else_hears_of_an_event(runtime: Runtime, world: World,
                                       mail_settings: Settings) -> None:  # fmt: skip
    """Not leaders, admins, other OPDs or deactivated walidata; the pembina only for its turn."""
    everyone: set[int] = set()
    for kind, by, *_ in CASES:
        everyone |= set(notify(runtime, mail_settings, world, kind, world.actor(by), REASONS))
    never = {"pimpinan@jatimprov.go.id", "admin@jatimprov.go.id",
             "operator@disdik.jatimprov.go.id", "pensiun@kominfo.jatimprov.go.id"}  # fmt: skip
    assert everyone.isdisjoint(world.users[e] for e in never)
    assert everyone == {world.users[e] for e in PEOPLE} - {world.users[e] for e in never}


def test_the_actor_who_caused_the_event_is_not_notified(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    """A walidata pendukung inside DINKES submits its own OPD's version, then publishes."""
    grants: list[tuple[str, str | None]] = [("custodian_delegate", None), ("producer", "DINKES")]
    with session_scope(runtime.sessions) as session:
        both = add_user(session, "pendukung@dinkes.jatimprov.go.id", *grants).id
    actor = actor_of(both, "pendukung@dinkes.jatimprov.go.id", grants)

    submitted = notify(runtime, mail_settings, world, "submitted", actor)
    published = notify(runtime, mail_settings, world, "published", actor)
    send_pending_email(runtime.sessions, mail_settings)

    assert both not in submitted and both not in published
    assert sorted(submitted) == sorted(world.users[e] for e in (WALIDATA, PENDUKUNG))
    assert sorted(published) == sorted(world.users[e] for e in (OPERATOR, KEPALA))
    assert "pendukung@dinkes.jatimprov.go.id" not in {
        r.rcpt_tos[0] for r in smtp.handler.received}  # fmt: skip


def test_the_uploader_hears_of_a_return_once_even_as_a_producer(
    runtime: Runtime, world: World, mail_settings: Settings
) -> None:
    with session_scope(runtime.sessions) as session:
        _, version = world.load(session)
        version.uploaded_by_id = world.users[OPERATOR]

    user_ids = notify(runtime, mail_settings, world, "returned", world.actor(WALIDATA), REASONS)

    assert sorted(user_ids) == sorted(world.users[e] for e in (OPERATOR, KEPALA))


def test_a_return_by_the_pembina_says_so(runtime: Runtime, world: World,
                                         mail_settings: Settings) -> None:  # fmt: skip
    """The closed review's stage tells who decided, even when an admin acts as pembina."""
    with session_scope(runtime.sessions) as session:
        session.add(Review(version_id=world.version_id, stage="walidata", status="approved"))
        session.add(Review(version_id=world.version_id, stage="pembina", status="returned",
                           reasons=REASONS[:1]))  # fmt: skip

    notify(runtime, mail_settings, world, "returned", world.actor("admin@jatimprov.go.id"),
           REASONS[:1])  # fmt: skip

    with session_scope(runtime.sessions) as session:
        note = session.scalars(select(Notification)).first()
        assert note is not None
        assert note.title == ("Versi 3 'Jumlah Puskesmas' dikembalikan oleh pembina data: "
                              "Satuan kolom jumlah belum diisi.")  # fmt: skip
        assert note.body.startswith("Pembina data (admin@jatimprov.go.id) mengembalikan")
        assert "returned by the data steward (pembina data) with 1 reason(s)" in note.body


def test_notifications_roll_back_with_the_change_they_tell_of(
    runtime: Runtime, world: World, mail_settings: Settings, smtp: SmtpServer
) -> None:
    class Refused(Exception):
        pass

    with pytest.raises(Refused), session_scope(runtime.sessions) as session:
        dataset, version = world.load(session)
        notes = notify_version_event(session, mail_settings, kind="submitted", dataset=dataset,
                                     version=version, actor=world.actor(OPERATOR))  # fmt: skip
        assert len(notes) == 2
        # Uncommitted rows are not e-mailed, even by a sender running meanwhile.
        assert send_pending_email(runtime.sessions, mail_settings).sent == 0
        raise Refused

    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0
    assert send_pending_email(runtime.sessions, mail_settings).sent == 0
    assert smtp.handler.received == []


def test_an_event_only_the_actor_would_hear_of_adds_nothing(
    runtime: Runtime, world: World, settings: Settings
) -> None:
    assert notify(runtime, settings, world, "pembina_review", world.actor(PEMBINA)) == []
    with session_scope(runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(Notification)) == 0


def test_an_unknown_kind_is_a_programming_error(runtime: Runtime, world: World,
                                                settings: Settings) -> None:  # fmt: skip
    with pytest.raises(ValueError, match="unknown notification kind 'deleted'"):
        notify(runtime, settings, world, "deleted", world.actor(WALIDATA))
