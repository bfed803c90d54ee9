"""The reminder job sends exactly the expected e-mails to a real SMTP server, none twice."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

import pytest
from sqlalchemy import func, select
from tests.compliance.conftest import Seeder
from tests.compliance.world import AS_OF, build_world
from tests.notify.conftest import add_user

from satudata.catalog.periods import WIB
from satudata.compliance.reminders import in_quiet_hours, send_reminders
from satudata.config import Settings
from satudata.db.compliance import ComplianceReminder
from satudata.db.session import session_scope
from satudata.db.workflow import Notification
from satudata.runtime import Runtime

# 15 May 2025 at 09:00 WIB
NINE = datetime.combine(AS_OF, time(9), tzinfo=WIB)


@pytest.fixture
def mail_runtime(runtime: Runtime, smtp: Any) -> Runtime:
    runtime.settings = runtime.settings.model_copy(update={
        "smtp_host": "127.0.0.1", "smtp_port": smtp.port, "compliance_quiet_hours": "21-6",
        "compliance_due_soon_days": 14, "compliance_repeat_days": 7})  # fmt: skip
    with session_scope(runtime.sessions) as session:
        build_world(Seeder(session))
        add_user(session, "op@dinkes.go.id", ("producer", "DINKES"), name="Operator Dinkes")
        add_user(session, "kepala@dinkes.go.id", ("org_admin", "DINKES"))
        add_user(session, "lama@dinkes.go.id", ("producer", "DINKES"), active=False)
        add_user(session, "op@dinsos.go.id", ("producer", "DINSOS"))
        add_user(session, "op@bpbd.go.id", ("producer", "BPBD"))
        add_user(session, "op@dindik.go.id", ("producer", "DINDIK"))  # nothing due or late
        add_user(session, "walidata@kominfo.go.id", ("custodian", None))
        add_user(session, "sekda@jatim.go.id", ("leader", None))
    return runtime


def run(rt: Runtime, moment: datetime, **kw: Any) -> Any:
    return send_reminders(rt.sessions, rt.settings, None, now=moment, **kw)


def subjects(smtp: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for received in smtp.handler.received:
        for to in received.rcpt_tos:
            out.setdefault(to, []).append(str(received.message["Subject"]))
    return out


def test_the_reminder_job_sends_exactly_the_expected_mail_and_none_twice(
    mail_runtime: Runtime, smtp: Any
) -> None:  # fmt: skip
    first = run(mail_runtime, NINE)
    assert first.email is not None and first.email.sent == 5
    assert subjects(smtp) == {
        "op@dinkes.go.id": ["Pengingat Daftar Data Dinas Kesehatan: 1 terlambat"],
        "kepala@dinkes.go.id": ["Pengingat Daftar Data Dinas Kesehatan: 1 terlambat"],
        "op@dinsos.go.id": ["Pengingat Daftar Data Dinas Sosial: 1 terlambat"],
        "op@bpbd.go.id": ["Pengingat Daftar Data BPBD: 1 terlambat, 1 segera jatuh tempo"],
        "walidata@kominfo.go.id": ["Ringkasan Daftar Data 15 Mei 2025: 3 OPD terlambat"],
    }  # fmt: skip
    body = next(r for r in smtp.handler.received if "op@dinkes.go.id" in r.rcpt_tos).text
    assert "- Jumlah Puskesmas 2024: terlambat 45 hari (tenggat 31 Maret 2025)" in body
    assert "English: Daftar Data reminder for Dinas Kesehatan: 1 period(s) overdue" in body
    bpbd = next(r for r in smtp.handler.received if "op@bpbd.go.id" in r.rcpt_tos).text
    assert "- Kejadian Bencana Harian 14 Mei 2025: tenggat 15 Mei 2025 (0 hari lagi)" in bpbd

    again = run(mail_runtime, NINE.replace(hour=15))  # the same day: nothing new
    assert again.notices == [] and again.email is not None and again.email.sent == 0
    assert len(smtp.handler.received) == 5

    # The next day: BPBD's 14 May is now overdue and 15 May due; the walidata's digest.
    run(mail_runtime, NINE.replace(day=16))
    assert {k: v for k, v in subjects(smtp).items() if len(v) > 1} == {
        "op@bpbd.go.id": ["Pengingat Daftar Data BPBD: 1 terlambat, 1 segera jatuh tempo"] * 2,
        "walidata@kominfo.go.id": ["Ringkasan Daftar Data 15 Mei 2025: 3 OPD terlambat",
                                   "Ringkasan Daftar Data 16 Mei 2025: 3 OPD terlambat"],
    }  # fmt: skip
    assert len(smtp.handler.received) == 7

    # 19 May: Puskesmas 2024 is 49 days late, the 7th week: reminded once more.
    run(mail_runtime, NINE.replace(day=19))
    assert len(subjects(smtp)["op@dinkes.go.id"]) == 2
    with session_scope(mail_runtime.sessions) as session:
        inbox = session.scalar(select(func.count()).select_from(Notification)) or 0
        sent = session.scalar(select(func.count()).select_from(ComplianceReminder)) or 0
    assert inbox == len(smtp.handler.received)  # each notice e-mailed once, in-app as well
    assert sent > inbox  # one record per period reminded


def test_quiet_hours_and_a_dry_run_send_nothing(mail_runtime: Runtime, smtp: Any) -> None:
    quiet = run(mail_runtime, NINE.replace(hour=22))
    assert quiet.quiet and quiet.notices == []
    dry = run(mail_runtime, NINE, dry_run=True)
    assert len(dry.notices) == 5 and dry.email is None
    assert smtp.handler.received == []
    with session_scope(mail_runtime.sessions) as session:
        assert session.scalar(select(func.count()).select_from(ComplianceReminder)) == 0
    assert run(mail_runtime, NINE).email.sent == 5  # the dry run did not use them up


@pytest.mark.parametrize(("hours", "hour", "quiet"), [
    ("21-6", 22, True), ("21-6", 5, True), ("21-6", 6, False), ("21-6", 12, False),
    ("12-14", 13, True), ("12-14", 14, False), ("", 3, False),
])  # fmt: skip
def test_quiet_hours_wrap_around_midnight(settings: Settings, hours: str, hour: int,
                                          quiet: bool) -> None:  # fmt: skip
    s = settings.model_copy(update={"compliance_quiet_hours": hours})
    assert in_quiet_hours(s, datetime.combine(AS_OF, time(hour), tzinfo=WIB)) is quiet
