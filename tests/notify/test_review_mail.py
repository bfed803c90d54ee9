"""The review flow from the CLI sends its e-mails to a real local SMTP server."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.notify.conftest import SmtpServer, add_user

from satudata.auth.actor import Actor
from satudata.cli.main import cli
from satudata.config import Settings
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,{year},{n}\n"


def test_submit_return_approve_publish_mail_the_right_people(
    runtime: Runtime, settings: Settings, smtp: SmtpServer, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        walidata = add_user(session, "walidata@kominfo.jatimprov.go.id", ("custodian", None))
        operator = add_user(session, "operator@dinkes.jatimprov.go.id", ("producer", "DINKES"))
        producer = Actor(kind="user", name=operator.email, user_id=operator.id,
                         organizations=frozenset({"DINKES"}))  # fmt: skip
        walidata_email = walidata.email
    for year, actor in [(2023, None), (2024, producer)]:
        path = tmp_path / f"{year}.csv"
        path.write_text(CSV.format(year=year, n=year - 1980), encoding="utf-8")
        from satudata.auth import SYSTEM

        ingest_file(runtime.sessions, runtime.settings, actor=actor or SYSTEM, request=IngestRequest(
            path=path, organization="DINKES", dataset="jumlah-puskesmas"))  # fmt: skip
    monkeypatch.setenv("SATUDATA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SATUDATA_SMTP_PORT", str(smtp.port))
    runner = CliRunner()
    base = ["--data-dir", str(settings.data_dir), "--database-url", settings.resolved_database_url]

    def review(*args: str) -> None:
        result = runner.invoke(cli, [*base, "review", *args, "jumlah-puskesmas", "--version", "2"])
        assert result.exit_code == 0, (result.stdout, result.stderr)

    review("submit")
    assert [r.rcpt_tos for r in smtp.handler.received] == [[walidata_email]]
    review("take")
    review("return", "--reason", "metadata=Satuan belum diisi")
    returned = smtp.handler.received[-1]
    assert returned.rcpt_tos == [operator.email]
    assert "Satuan belum diisi" in returned.text
    assert "dikembalikan" in returned.message["Subject"]
    review("submit")
    review("take")
    review("approve")
    review("publish")
    kinds = [r.message["Subject"] for r in smtp.handler.received]
    assert len(kinds) == 5  # submitted, returned, submitted, approved, published
    assert [r.rcpt_tos[0] for r in smtp.handler.received] == [
        walidata_email, operator.email, walidata_email, operator.email, operator.email]  # fmt: skip
    assert "diterbitkan" in kinds[-1] or "terbit" in kinds[-1]


def test_review_mail_sends_what_waited_for_a_dead_server(
    runtime: Runtime, settings: Settings, smtp: SmtpServer, monkeypatch: pytest.MonkeyPatch
) -> None:  # fmt: skip
    from sqlalchemy import select

    from satudata.auth import SYSTEM
    from satudata.db.models import Dataset
    from satudata.notify.service import notify_version_event

    with session_scope(runtime.sessions) as session:
        walidata = add_user(session, "walidata@kominfo.jatimprov.go.id", ("custodian", None))
    path = Path(settings.data_dir) / "v.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CSV.format(year=2024, n=1), encoding="utf-8")
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization="DINKES", dataset="jumlah-puskesmas"))  # fmt: skip
    with session_scope(runtime.sessions) as session:
        dataset = session.scalar(select(Dataset))
        assert dataset is not None
        notify_version_event(session, settings, kind="submitted", dataset=dataset,
                             version=dataset.versions[0], actor=SYSTEM)  # fmt: skip
    base = ["--data-dir", str(settings.data_dir), "--database-url", settings.resolved_database_url]
    runner = CliRunner()
    monkeypatch.setenv("SATUDATA_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("SATUDATA_SMTP_PORT", "1")  # nothing listens there
    dead = runner.invoke(cli, [*base, "review", "mail"])
    assert dead.exit_code == 1 and smtp.handler.received == []
    monkeypatch.setenv("SATUDATA_SMTP_PORT", str(smtp.port))
    sent = runner.invoke(cli, [*base, "review", "mail"])
    assert sent.exit_code == 0, sent.stderr
    assert [r.rcpt_tos for r in smtp.handler.received] == [[walidata.email]]
    again = runner.invoke(cli, [*base, "review", "mail"])
    assert again.stderr.startswith("E-mail terkirim: 0")
