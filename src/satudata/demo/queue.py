"""Work waiting at the walidata desk, so that the desk and "Data Saya" show real cases.

Agencies send revised figures for their latest year (final survey results replacing the
preliminary ones, 2% higher). Each case is left at one step of the review: one waits for
the walidata, one is being checked, one went back to its agency with reasons, and a
priority one waits for the pembina. Nothing here is published: the public portal shows
the same data before and after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import select

from satudata.auth.actor import Actor
from satudata.db.models import Dataset, Version
from satudata.db.session import session_scope
from satudata.demo.daftar import revised_file
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.people.service import actor_for_user, get_user
from satudata.review.service import (
    approve_version,
    comment_version,
    return_version,
    submit_version,
    take_version,
)
from satudata.runtime import Runtime

WALIDATA = "walidata@demo.satudata.id"


@dataclass(frozen=True)
class Case:
    """One revised version and the review step it is left at."""

    slug: str
    operator: str
    step: str  # submitted, in_review, returned or pembina_review
    note: str  # the agency's comment, or the walidata's reason when returned


CASES = (
    Case("jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota", "operator.dinkes@demo.satudata.id",
         "submitted", "Angka tenaga kesehatan tahun terakhir diperbarui dari SISDMK."),
    Case("angka-partisipasi-sekolah-per-kabkota", "operator.dindik@demo.satudata.id",
         "in_review", "Angka final Susenas menggantikan angka sementara."),
    Case("jumlah-sekolah-dan-siswa-sma-smk-per-kabkota", "operator.dindik@demo.satudata.id",
         "returned", "Jumlah siswa naik 2% di semua kab/kota sekaligus; mohon lampirkan "
         "sumber Dapodik dan jelaskan perubahannya."),
    Case("prevalensi-balita-stunting-per-kabkota", "operator.dinkes@demo.satudata.id",
         "pembina_review", "Hasil e-PPGBM bulan Agustus menggantikan bulan Februari."),
)  # fmt: skip


def _actor(runtime: Runtime, email: str) -> Actor:
    with session_scope(runtime.sessions) as session:
        return actor_for_user(session, get_user(session, email))


def _advance(runtime: Runtime, case: Case, number: int) -> None:
    operator, walidata = _actor(runtime, case.operator), _actor(runtime, WALIDATA)
    with session_scope(runtime.sessions) as session:
        slug = case.slug
        if case.step != "returned":
            comment_version(session, actor=operator, body=case.note, slug=slug, number=number)
        submit_version(session, actor=operator, slug=slug, number=number)
        if case.step == "submitted":
            return
        take_version(session, actor=walidata, slug=slug, number=number)
        if case.step == "returned":
            return_version(session, actor=walidata, reasons=[
                {"item": "interoperability", "note": case.note}], slug=slug, number=number)  # fmt: skip
        elif case.step == "pembina_review":
            approve_version(session, actor=walidata, slug=slug, number=number)


def load_demo_queue(runtime: Runtime, *, log: Callable[[str], None] = lambda _m: None) -> int:
    """Send the demo's revised versions and leave each at its step; return how many."""
    sent = 0
    with TemporaryDirectory() as tmp:
        for case in CASES:
            with session_scope(runtime.sessions) as session:
                dataset = session.scalar(select(Dataset).where(Dataset.slug == case.slug))
                if dataset is None or dataset.current_version is None:
                    continue
                newest = max(v.number for v in dataset.versions)
                if newest != dataset.current_version.number:  # sent on an earlier run
                    continue
                current: Version = dataset.current_version
                path = revised_file(runtime, current, Path(tmp), next_year=False, factor=1.02)
                org = dataset.organization.code
            result = ingest_file(runtime.sessions, runtime.settings,
                                 actor=_actor(runtime, case.operator),
                                 request=IngestRequest(path=path, organization=org,
                                                       dataset=case.slug))  # fmt: skip
            _advance(runtime, case, result.version)
            log(f"  {case.slug} v{result.version}: {case.step}")
            sent += 1
    return sent
