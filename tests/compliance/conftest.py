"""Compliance fixtures: a seeder that writes OPDs, datasets, versions with dated workflow
events and their (period × region) cells straight into the models, so every timestamp is
the test's own and every score can be computed by hand."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, datetime, time
from typing import Any

import pytest
from sqlalchemy.orm import Session

from satudata.catalog.periods import WIB
from satudata.db.compliance import DataListItem, VersionCells
from satudata.db.models import Dataset, Organization, SourceFile, Version
from satudata.db.session import session_scope
from satudata.db.workflow import AuditEvent
from satudata.reference import get_region_index
from satudata.runtime import Runtime

ALL_KABKOTA = [r.code for r in get_region_index().regencies()]
FULL_METADATA = {
    "description": "Data contoh.", "producer": "OPD", "sector": "kesehatan",
    "frequency": "tahunan", "unit": "unit", "region_level": "kabupaten_kota",
    "period_coverage": "2023-2024", "source": "OPD", "license": "CC-BY-4.0",
    "concept": "Konsep.", "definition": "Definisi.",
}  # fmt: skip
# action -> state after, as review.service records them
STATES = {"submit": "submitted", "take": "in_review", "return": "returned",
          "approve": "approved", "publish": "published", "withdraw": "withdrawn",
          "unpublish": "unpublished", "pembina": "pembina_review"}  # fmt: skip


def at(day: str, hour: int = 10) -> datetime:
    """Return a moment of a WIB day ("2025-03-20" at 10:00 WIB)."""
    return datetime.combine(date.fromisoformat(day), time(hour), tzinfo=WIB)


class Seeder:
    """Writes the world of a compliance test."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.orgs: dict[str, Organization] = {}

    def org(self, code: str, short: str) -> Organization:
        org = self.session.query(Organization).filter_by(code=code).one_or_none()
        if org is None:
            org = Organization(code=code, name=f"{short} Provinsi Jawa Timur", short_name=short)
            self.session.add(org)
            self.session.flush()
        self.orgs[code] = org
        return org

    def dataset(self, code: str, slug: str, *, created: str = "2023-01-01",
                priority: bool = False, **metadata: Any) -> Dataset:  # fmt: skip
        values = {**FULL_METADATA, **metadata}
        dataset = Dataset(slug=slug, organization=self.orgs[code], title=slug.replace("-", " "),
                          priority=priority, created_at=at(created), **values)  # fmt: skip
        self.session.add(dataset)
        self.session.flush()
        return dataset

    def version(self, dataset: Dataset, cells: dict[str, list[str]],
                events: list[tuple[str, str]], *, created: str | None = None) -> Version:  # fmt: skip
        """Add the next version; `events` are (action, WIB day) in order."""
        number = 1 + len(dataset.versions)
        sha = hashlib.sha256(f"{dataset.slug}{number}".encode()).hexdigest()
        source = SourceFile(sha256=sha, size=1, stored_path=f"originals/{sha}")
        first = created or (events[0][1] if events else "2020-01-01")
        version = Version(dataset=dataset, number=number, parquet_path=f"x/{sha}.parquet",
                          content_hash=sha, row_count=1, byte_size=1,
                          table_schema={"fields": []}, source_file=source, state="draft",
                          created_at=at(first, 8))  # fmt: skip
        self.session.add(version)
        self.session.flush()
        self.session.add(VersionCells(version_id=version.id, cells=cells))
        state = "draft"
        for action, day in events:
            before, state = state, STATES[action]
            self.session.add(AuditEvent(
                at=at(day), actor="seed", action=f"version.{action}",
                organization_id=dataset.organization_id, dataset_id=dataset.id,
                version_id=version.id, before={"state": before}, after={"state": state}))  # fmt: skip
        version.state = state
        self.session.flush()
        return version

    def metadata_change(self, dataset: Dataset, day: str, before: dict[str, Any]) -> None:
        """Record that `before` values were changed on `day` (the dataset holds the new ones)."""
        self.session.add(AuditEvent(at=at(day), actor="seed", action="dataset.updated",
                                    organization_id=dataset.organization_id,
                                    dataset_id=dataset.id, before=before, after={}))  # fmt: skip
        self.session.flush()

    def item(self, code: str, title: str, frequency: str, start: str, *,
             dataset: Dataset | None = None, level: str = "kabupaten_kota",
             priority: bool = False, sector: str = "", **rule: int) -> DataListItem:  # fmt: skip
        item = DataListItem(organization=self.orgs[code], title=title, frequency=frequency,
                            start_date=date.fromisoformat(start), dataset=dataset,
                            region_level=level, priority=priority, sector=sector, notes="",
                            **rule)  # fmt: skip
        self.session.add(item)
        self.session.flush()
        return item


@pytest.fixture
def seed(runtime: Runtime) -> Iterator[Seeder]:
    """A seeder whose writes are committed at the end of the test's `with` block."""
    with session_scope(runtime.sessions) as session:
        yield Seeder(session)


def kabkota(*missing: str) -> list[str]:
    """Return every kab/kota code but the missing ones."""
    return [c for c in ALL_KABKOTA if c not in missing]


@pytest.fixture
def world_session(runtime: Runtime) -> Iterator[Session]:
    """A session on the hand-computed eleven-OPD world of world.py."""
    from tests.compliance.world import build_world  # world.py imports this module

    with session_scope(runtime.sessions) as s:
        build_world(Seeder(s))
    session = runtime.sessions()
    yield session
    session.close()
