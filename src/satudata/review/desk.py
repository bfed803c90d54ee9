"""The walidata desk: a reviewer's work list, what each may do next, and the review form's rules.

The moves themselves are `review.service`; who may make them is `auth.policy`. This module
adds what a person working through hundreds of submissions needs around them: the queue
with paging and counts per state (the walidata sees every state; the pembina only the
priority versions waiting for them), the next item after a decision, the actions the
actor may take on a version in its state, the rules of the checklist form (an item marked
"not fine" needs a reason; a version with such an item cannot be approved), agencies'
pending metadata changes with the values they would replace, and a version's history.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session

from satudata.audit.schema import AuditEventPublic
from satudata.audit.service import dataset_history, search_events
from satudata.auth.actor import Actor
from satudata.auth.policy import (
    require_audit_reader,
    require_desk_user,
    require_publisher,
    require_reviewer,
    require_steward,
)
from satudata.catalog.service import get_dataset_row, visible_to
from satudata.db.base import utcnow
from satudata.db.models import Dataset, Organization, Version
from satudata.errors import InvalidInputError, PermissionDeniedError
from satudata.review.checklist import ITEMS
from satudata.review.states import MOVES, STATE_NAMES_ID

# The states the queue lists (drafts stay the agency's own business), in the order shown.
QUEUE_STATES = ("submitted", "in_review", "pembina_review", "approved", "returned",
                "published", "superseded", "unpublished", "withdrawn")  # fmt: skip
REVIEWER_STATE = "submitted"  # what waits for the walidata
STEWARD_STATE = "pembina_review"  # what waits for the pembina
PAGE_SIZE = 25
MAX_PAGE_SIZE = 200
GENERAL_ITEM = "umum"  # a reason that belongs to no checklist item


@dataclass(frozen=True)
class DeskRoles:
    """What the actor is at the desk: the walidata, a publisher, the pembina."""

    reviewer: bool
    publisher: bool
    steward: bool

    @property
    def any(self) -> bool:
        """May the actor use the desk at all?"""
        return self.reviewer or self.steward


def _passes(check: Callable[[Actor], None], actor: Actor) -> bool:
    try:
        check(actor)
    except PermissionDeniedError:
        return False
    return True


def desk_roles(actor: Actor) -> DeskRoles:
    """Return the actor's desk roles, as the policy's own checks answer them."""
    return DeskRoles(reviewer=_passes(require_reviewer, actor),
                     publisher=_passes(require_publisher, actor),
                     steward=_passes(require_steward, actor))  # fmt: skip


def require_desk(actor: Actor) -> DeskRoles:
    """Raise unless `actor` is the walidata or the pembina; return their desk roles."""
    require_desk_user(actor)
    return desk_roles(actor)


def allowed_actions(actor: Actor, state: str) -> frozenset[str]:
    """Return the moves `actor` may make on a version in `state` (to show their buttons).

    take, return, approve, publish, unpublish, republish; the services check again.
    """
    roles = desk_roles(actor)
    found = set()
    if roles.reviewer and state in MOVES["take"][0]:
        found.add("take")
    deciding = (state == "in_review" and roles.reviewer) or (
        state == STEWARD_STATE and roles.steward)  # fmt: skip
    if deciding:
        found |= {"return", "approve"}
    for move in ("publish", "unpublish", "republish"):
        if roles.publisher and state in MOVES[move][0]:
            found.add(move)
    return frozenset(found)


@dataclass(frozen=True)
class QueueQuery:
    """Which versions the queue shows: a state, OPD, priority, a minimum age and a page."""

    state: str = REVIEWER_STATE
    organization: str = ""
    priority: bool | None = None
    older_than_days: int | None = None
    page: int = 1
    page_size: int = PAGE_SIZE


def queue_query(*, state: str = "", organization: str = "", priority: str = "",
                older_than_days: str = "", page: str = "") -> QueueQuery:  # fmt: skip
    """Build a queue query from text (a form's fields), naming the field that is wrong."""
    state = state.strip() or REVIEWER_STATE
    if state not in QUEUE_STATES:
        shown = ", ".join(f"{s} ({STATE_NAMES_ID[s]})" for s in QUEUE_STATES)
        raise InvalidInputError(f"Status '{state}' tidak dikenal; pilih salah satu: {shown}.",
                                f"Unknown state '{state}'; choose one of: "
                                f"{', '.join(QUEUE_STATES)}.", type="invalid-filter",
                                details={"field": "state", "value": state})  # fmt: skip
    flags = {"": None, "ya": True, "yes": True, "true": True, "1": True,
             "tidak": False, "no": False, "false": False, "0": False}  # fmt: skip
    if priority.strip().lower() not in flags:
        raise InvalidInputError(f"Prioritas '{priority}' tidak dikenal; isi 'ya' atau 'tidak'.",
                                f"Unknown priority '{priority}'; use 'ya' (yes) or 'tidak' (no).",
                                type="invalid-filter",
                                details={"field": "priority", "value": priority})  # fmt: skip
    return QueueQuery(state=state, organization=organization.strip(),
                      priority=flags[priority.strip().lower()],
                      older_than_days=_whole(older_than_days, "older_than_days", "Umur (hari)",
                                             "Age (days)"),
                      page=_whole(page, "page", "Halaman", "Page", minimum=1) or 1)  # fmt: skip


def _whole(text: str, name: str, label_id: str, label_en: str, *, minimum: int = 0) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not text.isdigit() or int(text) < minimum:
        raise InvalidInputError(
            f"{label_id}: '{text}' bukan bilangan bulat {minimum} atau lebih.",
            f"{label_en}: '{text}' is not a whole number of {minimum} or more.",
            type="invalid-filter", details={"field": name, "value": text},
        )  # fmt: skip
    return int(text)


@dataclass(frozen=True)
class QueueItem:
    """One version in the queue."""

    dataset: str
    title: str
    organization: str
    organization_name: str
    priority: bool
    version: int
    state: str
    created_at: datetime
    age_days: int
    warning_count: int
    row_count: int


@dataclass(frozen=True)
class Queue:
    """A page of the queue, oldest first, with the exact total and the count of every state."""

    query: QueueQuery
    items: list[QueueItem]
    total: int
    counts: dict[str, int]
    states: tuple[str, ...]  # the states this actor may list

    @property
    def pages(self) -> int:
        """Return how many pages the queue has (at least one)."""
        return max(1, -(-self.total // self.query.page_size))


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _filtered(actor: Actor, query: QueueQuery, columns: Sequence[Any]) -> Select[Any]:
    stmt = (select(*columns).join(Dataset, Dataset.id == Version.dataset_id)
            .join(Organization, Organization.id == Dataset.organization_id)
            .where(visible_to(actor)))  # fmt: skip
    if query.organization:
        stmt = stmt.where(Organization.code == query.organization)
    if query.priority is not None:
        stmt = stmt.where(Dataset.priority.is_(query.priority))
    if query.older_than_days is not None:
        stmt = stmt.where(Version.created_at <= utcnow() - timedelta(days=query.older_than_days))
    return stmt


def desk_queue(session: Session, *, actor: Actor, query: QueueQuery) -> Queue:
    """Return the actor's queue: the walidata any state, the pembina what waits for them."""
    roles = require_desk(actor)
    states = QUEUE_STATES if roles.reviewer else (STEWARD_STATE,)
    if query.state not in states:
        query = replace(query, state=states[0])
    counted = _filtered(actor, query, [Version.state, func.count()]).where(
        Version.state.in_(states)).group_by(Version.state)  # fmt: skip
    counts = dict.fromkeys(states, 0) | {s: int(n) for s, n in session.execute(counted).all()}
    size = max(1, min(query.page_size, MAX_PAGE_SIZE))
    stmt = (_filtered(actor, query, [Version, Dataset.slug, Dataset.title, Dataset.priority,
                                     Organization.code, Organization.short_name])
            .where(Version.state == query.state)
            .order_by(Version.created_at, Version.id)
            .limit(size).offset((query.page - 1) * size))  # fmt: skip
    now = utcnow()
    items = [QueueItem(dataset=slug, title=title, organization=code, organization_name=org_name,
                       priority=bool(prio), version=v.number, state=v.state,
                       created_at=_aware(v.created_at),
                       age_days=(now - _aware(v.created_at)).days,
                       warning_count=v.warning_count or 0, row_count=v.row_count)
             for v, slug, title, prio, code, org_name in session.execute(stmt).all()]  # fmt: skip
    return Queue(query=query, items=items, total=counts[query.state], counts=counts,
                 states=states)  # fmt: skip


def next_in_queue(session: Session, *, actor: Actor, after: tuple[str, int] | None = None,
                  organization: str = "") -> QueueItem | None:  # fmt: skip
    """Return the oldest version waiting for this actor, other than `after` (slug, number)."""
    roles = desk_roles(actor)
    if not roles.any:
        return None
    state = REVIEWER_STATE if roles.reviewer else STEWARD_STATE
    queue = desk_queue(session, actor=actor, query=QueueQuery(
        state=state, organization=organization, page_size=2))  # fmt: skip
    return next((i for i in queue.items if (i.dataset, i.version) != after), None)


# --- the checklist form --------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    """A reviewer's mark on one checklist item: fine (True), not fine (False) or unmarked."""

    item: str
    ok: bool | None = None
    note: str = ""

    def as_dict(self) -> dict[str, Any]:
        """Return the mark as the review service stores it."""
        return {"item": self.item, "ok": self.ok, "note": self.note}


def _title(item: str) -> tuple[str, str]:
    return ITEMS.get(item, (item, item))


def return_reasons(marks: list[Mark], general: str = "") -> list[dict[str, str]]:
    """Return the reasons to send a version back: each item marked not fine, with its note.

    An item marked not fine needs a note (so does an unmarked item with a note: the note
    is its reason); at least one reason or a general note is needed. Raises
    InvalidInputError naming the item.
    """
    reasons = []
    for mark in marks:
        note = mark.note.strip()
        if mark.ok is False and not note:
            title_id, title_en = _title(mark.item)
            raise InvalidInputError(
                f"Butir '{title_id}' ditandai tidak sesuai: tulis alasannya.",
                f"Item '{title_en}' is marked not fine: write the reason.",
                type="reason-missing", details={"field": f"note-{mark.item}", "item": mark.item},
            )  # fmt: skip
        if mark.ok is False or (note and mark.ok is None):
            reasons.append({"item": mark.item, "note": note})
    if general.strip():
        reasons.append({"item": GENERAL_ITEM, "note": general.strip()})
    if not reasons:
        raise InvalidInputError(
            "Untuk mengembalikan, tandai paling sedikit satu butir 'tidak sesuai' dan tulis "
            "alasannya, atau isi catatan umum.",
            "To return the version, mark at least one item 'not fine' and write the reason, "
            "or fill in the general note.", type="reasons-required",
            details={"field": f"note-{GENERAL_ITEM}"},
        )  # fmt: skip
    return reasons


def check_approval(marks: list[Mark]) -> None:
    """Raise unless the marks allow approving: no item may be marked not fine."""
    bad = [m.item for m in marks if m.ok is False]
    if bad:
        shown_id = ", ".join(_title(i)[0] for i in bad)
        shown_en = ", ".join(_title(i)[1] for i in bad)
        raise InvalidInputError(
            f"Tidak dapat disetujui: butir {shown_id} ditandai tidak sesuai. Kembalikan versi "
            "ini, atau ubah tandanya.",
            f"Cannot approve: item {shown_en} is marked not fine. Return the version, or "
            "change the mark.", type="checklist-not-fine",
            details={"field": f"mark-{bad[0]}", "items": bad},
        )  # fmt: skip


# --- metadata changes waiting for the walidata ---------------------------------------


@dataclass(frozen=True)
class FieldChange:
    """One metadata field: its value now and the value the agency proposes."""

    field: str
    before: Any
    after: Any


@dataclass
class PendingChange:
    """An agency's proposed metadata change of a published dataset."""

    dataset: str
    title: str
    organization: str
    fields: list[FieldChange]
    proposed_by: list[str] = field(default_factory=list)
    proposed_at: datetime | None = None


def pending_changes(session: Session, *, actor: Actor,
                    organization: str = "") -> list[PendingChange]:  # fmt: skip
    """List the published datasets with a metadata change waiting, longest waiting first."""
    require_reviewer(actor)
    stmt = (select(Dataset.slug, Dataset.title, Organization.code, Dataset.pending_changes,
                   Dataset.updated_at)
            .join(Organization, Organization.id == Dataset.organization_id)
            .where(Dataset.current_version_id.is_not(None), visible_to(actor))
            .order_by(Dataset.updated_at))  # fmt: skip
    if organization:
        stmt = stmt.where(Organization.code == organization)
    return [PendingChange(dataset=slug, title=title, organization=code,
                          fields=[FieldChange(k, None, v) for k, v in changes.items()],
                          proposed_at=_aware(updated))
            for slug, title, code, changes, updated in session.execute(stmt).all()
            if changes]  # fmt: skip


def pending_change(session: Session, *, actor: Actor, slug: str) -> PendingChange:
    """Return a dataset's pending change, each field's value now beside the proposal."""
    require_reviewer(actor)
    dataset = get_dataset_row(session, slug, actor=actor)
    changes = dict(dataset.pending_changes or {})

    def now(name: str) -> Any:
        return [t.tag for t in dataset.tags] if name == "tags" else getattr(dataset, name, None)

    proposed = [e for e in search_events(session, actor=actor, dataset=slug, limit=20,
                                         action="dataset.change_proposed").data
                if set(e.after) & set(changes)]  # fmt: skip
    return PendingChange(dataset=slug, title=dataset.title, organization=dataset.organization.code,
                         fields=[FieldChange(k, now(k), v) for k, v in changes.items()],
                         proposed_by=list(dict.fromkeys(e.actor for e in proposed)),
                         proposed_at=_aware(proposed[0].at) if proposed else None)  # fmt: skip


def version_history(session: Session, *, actor: Actor, slug: str,
                    number: int) -> list[AuditEventPublic] | None:  # fmt: skip
    """Return the audit events of one version, oldest first (None: not for this actor)."""
    if not _passes(require_audit_reader, actor):
        return None
    return [e for e in dataset_history(session, actor=actor, slug=slug) if e.version == number]
