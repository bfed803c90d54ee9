"""Record what happened; search it, export it, and rebuild a dataset's history from it.

Every service that changes something calls `record` in the same transaction as the
change, so the log and the state cannot disagree. The database refuses updates and
deletes of audit rows (triggers added by migration 0003).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from satudata.audit.schema import AuditEventPublic, AuditList
from satudata.auth.actor import Actor
from satudata.auth.policy import require_audit_reader
from satudata.db.models import Dataset, Organization, Version
from satudata.db.workflow import AuditEvent

EXPORT_COLUMNS = ["id", "at", "actor", "action", "organization", "dataset", "version", "target",
                  "before", "after"]  # fmt: skip


def record(
    session: Session,
    actor: Actor,
    action: str,
    *,
    target: str = "",
    organization_id: int | None = None,
    dataset_id: int | None = None,
    version_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event: who (`actor`), what (`action`, e.g. "version.submitted"), on what."""
    event = AuditEvent(
        actor=actor.label, actor_user_id=actor.user_id, action=action, target=target,
        organization_id=organization_id, dataset_id=dataset_id, version_id=version_id,
        before=_plain(before or {}), after=_plain(after or {}),
    )  # fmt: skip
    session.add(event)
    session.flush()
    return event


def _plain(value: dict[str, Any]) -> dict[str, Any]:
    """Return JSON-safe data (dates as ISO text)."""
    loaded: dict[str, Any] = json.loads(json.dumps(value, default=str))
    return loaded


def _query(*, q: str = "", action: str = "", organization: str = "", dataset: str = "",
           since: datetime | None = None, until: datetime | None = None) -> Select[Any]:  # fmt: skip
    stmt: Any = (
        select(AuditEvent, Organization.code, Dataset.slug, Version.number)
        .outerjoin(Organization, Organization.id == AuditEvent.organization_id)
        .outerjoin(Dataset, Dataset.id == AuditEvent.dataset_id)
        .outerjoin(Version, Version.id == AuditEvent.version_id)
    )
    if q:
        like = f"%{q.lower()}%"
        stmt = stmt.where(or_(func.lower(AuditEvent.actor).like(like),
                              func.lower(AuditEvent.target).like(like),
                              func.lower(AuditEvent.action).like(like)))  # fmt: skip
    if action:
        stmt = stmt.where(AuditEvent.action.startswith(action))  # "version." gives all of them
    if organization:
        stmt = stmt.where(Organization.code == organization)
    if dataset:
        stmt = stmt.where(Dataset.slug == dataset)
    if since is not None:
        stmt = stmt.where(AuditEvent.at >= since)
    if until is not None:
        stmt = stmt.where(AuditEvent.at < until)
    return stmt


def _public(row: Any) -> AuditEventPublic:
    event, org, slug, number = row
    return AuditEventPublic(id=event.id, at=event.at, actor=event.actor, action=event.action,
                            organization=org, dataset=slug, version=number, target=event.target,
                            before=event.before or {}, after=event.after or {})  # fmt: skip


def search_events(session: Session, *, actor: Actor, limit: int = 50, offset: int = 0,
                  **filters: Any) -> AuditList:  # fmt: skip
    """Search the log (walidata and administrators): text, action prefix, OPD, dataset, time."""
    require_audit_reader(actor)
    stmt = _query(**filters)
    count = session.scalar(select(func.count()).select_from(stmt.subquery())) or 0
    rows = session.execute(stmt.order_by(AuditEvent.id.desc()).limit(limit).offset(offset)).all()
    return AuditList(data=[_public(r) for r in rows], count=int(count))


def export_events_csv(session: Session, *, actor: Actor, **filters: Any) -> Iterator[str]:
    """Yield the matching events as CSV text, oldest first, streamed in pages."""
    require_audit_reader(actor)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    last = 0
    while True:
        rows = session.execute(
            _query(**filters).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(1000)
        ).all()
        if not rows:
            break
        for row in rows:
            e = _public(row)
            writer.writerow([e.id, e.at.isoformat(), e.actor, e.action, e.organization or "",
                             e.dataset or "", e.version or "", e.target,
                             json.dumps(e.before, ensure_ascii=False),
                             json.dumps(e.after, ensure_ascii=False)])  # fmt: skip
        last = rows[-1][0].id
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def dataset_history(session: Session, *, actor: Actor, slug: str) -> list[AuditEventPublic]:
    """Return every event of a dataset, oldest first: its history as the log tells it."""
    require_audit_reader(actor)
    rows = session.execute(_query(dataset=slug).order_by(AuditEvent.id)).all()
    return [_public(r) for r in rows]
