"""What was true at a moment: versions, their states and the dataset's metadata, replayed.

Compliance is computed from timestamps only, never from the current state: a version
counts from the audit events of its workflow (`version.submit`, `version.approve`,
`version.publish`, …, each with `after.state`), a dataset's metadata is the current one
with every later change (`dataset.updated`, `dataset.change_approved`) undone from the
audit log. So the board as of any past date is the board that date would have shown
(with today's Daftar Data: its start and end dates say what was owed).

The (period × region) cells of a version are read once from the lake and kept
(`compliance_version_cells`): versions never change, so neither do their cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.catalog.periods import DueRule, rule_for
from satudata.db.compliance import DataListItem, VersionCells
from satudata.db.models import Dataset, Version
from satudata.db.workflow import AuditEvent
from satudata.lake.engine import connect
from satudata.lake.store import Lake
from satudata.reference import get_region_index
from satudata.tableschema.model import TableSchema
from satudata.tableschema.parsing import quote_ident, sql_str

# A version in one of these states has been sent to the walidata ("dikirim").
DELIVERED_STATES = frozenset({"submitted", "in_review", "returned", "approved", "pembina_review",
                              "published", "superseded", "unpublished"})  # fmt: skip
# … and in one of these it passed the walidata's review ("sah").
VALID_STATES = frozenset({"approved", "pembina_review", "published", "superseded"})
METADATA_ACTIONS = ("dataset.updated", "dataset.change_approved")


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass
class VersionFacts:
    """A version with the dated events of its workflow and its cells."""

    id: int
    number: int
    created_at: datetime
    events: list[tuple[datetime, str, str]]  # (at, action, state after), in order
    cells: dict[str, list[str]]
    # period keys of the cells, by (frequency, day sent): scores read them at many dates
    keys_seen: dict[tuple[str, date | None], dict[str, set[str]]] = field(
        default_factory=dict, repr=False, compare=False)  # fmt: skip

    def state_at(self, cutoff: datetime) -> str | None:
        """Return the state before `cutoff` (None: the version did not exist yet)."""
        if self.created_at >= cutoff:
            return None
        state = "draft"
        for at, _action, after in self.events:
            if at >= cutoff:
                break
            state = after
        return state

    def delivered_at(self, cutoff: datetime) -> datetime | None:
        """Return when the version was first sent, if before `cutoff` and not withdrawn since."""
        state = self.state_at(cutoff)
        if state not in DELIVERED_STATES:
            return None
        first = next((at for at, _a, after in self.events if after in DELIVERED_STATES), None)
        return first if first is not None and first < cutoff else self.created_at

    def published_since(self, cutoff: datetime) -> datetime | None:
        """Return when it became the publication, if it still was just before `cutoff`."""
        since = None
        for at, action, _after in self.events:
            if at >= cutoff:
                break
            if action in ("version.publish", "version.republish"):
                since = at
            elif action == "version.unpublish":
                since = None
        return since


@dataclass
class DatasetFacts:
    """A linked dataset: its versions and the history of its metadata."""

    id: int
    slug: str
    priority: bool
    created_at: datetime
    metadata: dict[str, Any]  # current values of the metadata fields
    changes: list[tuple[datetime, dict[str, Any]]]  # (at, values before), in order
    versions: list[VersionFacts] = field(default_factory=list)

    def metadata_at(self, cutoff: datetime) -> dict[str, Any] | None:
        """Return the metadata as it was just before `cutoff` (None: no dataset yet)."""
        if self.created_at >= cutoff:
            return None
        values = dict(self.metadata)
        for at, before in reversed(self.changes):
            if at < cutoff:
                break
            values.update(before)
        return values

    def publication_at(self, cutoff: datetime) -> VersionFacts | None:
        """Return the version that was the publication just before `cutoff`."""
        best: tuple[datetime, int, VersionFacts] | None = None
        for version in self.versions:
            since = version.published_since(cutoff)
            if since is not None and (best is None or (since, version.number) > best[:2]):
                best = (since, version.number, version)
        return best[2] if best else None


@dataclass
class ItemFacts:
    """One Daftar Data item with its OPD and the facts of its linked dataset."""

    id: int
    title: str
    organization: str  # code
    organization_name: str
    organization_short: str
    frequency: str
    rule: DueRule
    region_level: str
    priority: bool
    sector: str
    start_date: date
    end_date: date | None
    dataset: DatasetFacts | None


def _metadata_fields() -> list[str]:
    from satudata.review.checklist import PRIORITY_METADATA, REQUIRED_METADATA

    return sorted({f for fields, _ in REQUIRED_METADATA + PRIORITY_METADATA for f in fields})


def version_cells(lake: Lake, version: Version, *, memory_limit: str = "256MB"
                  ) -> dict[str, list[str]]:  # fmt: skip
    """Read a version's periods and the region codes present in each from its Parquet file."""
    schema = TableSchema.from_descriptor(version.table_schema)
    period = schema.dimension("period")
    code_field = schema.dimension("region_code")
    region = code_field or schema.dimension("region_name")
    p_sql = f"CAST({quote_ident(period.name)} AS VARCHAR)" if period else "''"
    r_sql = f"CAST({quote_ident(region.name)} AS VARCHAR)" if region else "NULL"
    src = f"read_parquet({sql_str(lake.path(version.parquet_path).as_posix())})"
    con = connect(memory_limit=memory_limit, threads=1)
    try:
        rows = con.execute(f"SELECT DISTINCT {p_sql}, {r_sql} FROM {src} "
                           f"WHERE {p_sql} IS NOT NULL").fetchall()  # fmt: skip
    finally:
        con.close()
    index = get_region_index()
    cells: dict[str, set[str]] = defaultdict(set)
    for raw_period, raw_region in rows:
        codes = cells[str(raw_period)]
        if raw_region is None:
            continue
        if code_field is not None:
            found = index.get(raw_region)
            code = found.code if found else None
        else:
            code = index.match_name(raw_region, suggest=False).code
        if code:
            codes.add(code)
    return {k: sorted(v) for k, v in sorted(cells.items())}


def _cells(
    session: Session, lake: Lake | None, versions: list[Version]
) -> dict[int, dict[str, list[str]]]:
    ids = [v.id for v in versions]
    known = {c.version_id: c.cells for c in
             session.scalars(select(VersionCells).where(VersionCells.version_id.in_(ids)))}  # fmt: skip
    for version in versions:
        if version.id in known or lake is None:
            continue
        cells = version_cells(lake, version)
        session.add(VersionCells(version_id=version.id, cells=cells))
        known[version.id] = cells
    if len(known) > 0:
        session.flush()
    return known


def load_facts(session: Session, lake: Lake | None, items: list[DataListItem]) -> list[ItemFacts]:
    """Gather everything the scores of `items` need, in a few queries."""
    dataset_ids = sorted({i.dataset_id for i in items if i.dataset_id is not None})
    datasets = {
        d.id: d for d in session.scalars(select(Dataset).where(Dataset.id.in_(dataset_ids)))
    }
    versions = list(session.scalars(select(Version).where(Version.dataset_id.in_(dataset_ids))
                                    .order_by(Version.dataset_id, Version.number)))  # fmt: skip
    cells = _cells(session, lake, versions)
    events: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    for version_id, at, action, after in session.execute(
        select(AuditEvent.version_id, AuditEvent.at, AuditEvent.action, AuditEvent.after)
        .where(AuditEvent.version_id.in_([v.id for v in versions]),
               AuditEvent.action.startswith("version."))
        .order_by(AuditEvent.at, AuditEvent.id)
    ):  # fmt: skip
        state = (after or {}).get("state")
        if version_id is not None and state:
            events[version_id].append((_aware(at), action, str(state)))
    changes: dict[int, list[tuple[datetime, dict[str, Any]]]] = defaultdict(list)
    for dataset_id, at, before in session.execute(
        select(AuditEvent.dataset_id, AuditEvent.at, AuditEvent.before)
        .where(AuditEvent.dataset_id.in_(dataset_ids), AuditEvent.action.in_(METADATA_ACTIONS))
        .order_by(AuditEvent.at, AuditEvent.id)
    ):  # fmt: skip
        if dataset_id is not None:
            changes[dataset_id].append((_aware(at), dict(before or {})))
    fields = _metadata_fields()
    facts_of: dict[int, DatasetFacts] = {}
    for d in datasets.values():
        facts_of[d.id] = DatasetFacts(
            id=d.id, slug=d.slug, priority=d.priority, created_at=_aware(d.created_at),
            metadata={f: getattr(d, f, None) for f in fields}, changes=changes[d.id])  # fmt: skip
    for v in versions:
        if not events[v.id] and v.state != "draft":  # older than the workflow: as it is now
            action = (
                "version.publish" if v.state in ("published", "superseded") else "version.legacy"
            )
            events[v.id].append((_aware(v.created_at), action, v.state))
        facts_of[v.dataset_id].versions.append(VersionFacts(
            id=v.id, number=v.number, created_at=_aware(v.created_at), events=events[v.id],
            cells=cells.get(v.id, {})))  # fmt: skip
    return [
        ItemFacts(
            id=i.id, title=i.title, organization=i.organization.code,
            organization_name=i.organization.name,
            organization_short=i.organization.short_name or i.organization.name,
            frequency=i.frequency,
            rule=rule_for(i.frequency, months=i.due_months, day=i.due_day, days=i.due_days),
            region_level=i.region_level, priority=i.priority, sector=i.sector,
            start_date=i.start_date, end_date=i.end_date,
            dataset=facts_of.get(i.dataset_id) if i.dataset_id is not None else None,
        )
        for i in items
    ]  # fmt: skip
