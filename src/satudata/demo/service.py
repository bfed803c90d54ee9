"""Load the generated sample data into a data directory, one version per file."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.db.models import Dataset, Organization
from satudata.db.session import session_scope
from satudata.demo.daftar import load_demo_daftar, load_demo_report
from satudata.demo.people import DEMO_PASSWORD, load_demo_people
from satudata.demo.queue import load_demo_queue
from satudata.demo.sample import generate_sample
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime


def load_demo(runtime: Runtime, *, log: Callable[[str], None] = lambda _m: None) -> int:
    """Create the sample OPDs and datasets; skip what is already there. Return dataset count."""
    with tempfile.TemporaryDirectory() as tmp:
        orgs, datasets = generate_sample(Path(tmp))
        with session_scope(runtime.sessions) as session:
            existing = set(session.scalars(select(Organization.code)))
            for org in orgs:
                if org.code not in existing:
                    create_organization(session, actor=SYSTEM, data=OrganizationCreate(
                        code=org.code, name=org.name, short_name=org.short_name))  # fmt: skip
            loaded = set(session.scalars(select(Dataset.slug)))
            for email in load_demo_people(session):
                log(f"  akun contoh: {email} (kata sandi {DEMO_PASSWORD})")
        for ds in datasets:
            if ds.slug in loaded:
                log(f"  sudah ada: {ds.slug}")
                continue
            for path in ds.files:
                result = ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM,
                                     request=IngestRequest(path=path, organization=ds.org_code,
                                                           dataset=ds.slug, sheet=ds.sheet,
                                                           metadata=dict(ds.metadata)))  # fmt: skip
                log(f"  {ds.slug} v{result.version}: {result.row_count} baris")
    load_demo_daftar(runtime, log=log)
    load_demo_queue(runtime, log=log)
    load_demo_report(runtime, log=log)
    return len(datasets)
