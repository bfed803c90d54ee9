"""Workflow use cases: each moves one version, checks the policy, and is audited.

Permissions come from `auth.policy`: producers of the owning OPD submit and withdraw,
the walidata takes, returns, approves and publishes, the pembina approves priority data.
A producer cannot publish by any route: only `publish_version` publishes, and it asks
`require_publisher`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import (
    require_commenter,
    require_publisher,
    require_reviewer,
    require_steward,
    require_write,
)
from satudata.catalog.service import (
    apply_metadata,
    get_dataset_row,
    get_version_row,
    make_current,
)
from satudata.config import Settings
from satudata.db.base import utcnow
from satudata.db.models import Dataset, Organization, Version
from satudata.db.workflow import Comment, Review
from satudata.errors import ConflictError, InvalidInputError
from satudata.notify.service import notify_version_event
from satudata.review.checklist import build_checklist
from satudata.review.states import MOVES, STATE_NAMES_ID


@dataclass
class Moved:
    """A version after a move: its dataset, number and new state."""

    dataset: str
    version: int
    state: str
    previous_state: str


def _load(session: Session, actor: Actor, slug: str, number: int | None) -> tuple[Dataset, Version]:
    dataset = get_dataset_row(session, slug, actor=actor)
    if number is None:  # the newest version
        if not dataset.versions:
            return dataset, get_version_row(dataset, None)  # raises not found
        return dataset, dataset.versions[-1]
    return dataset, get_version_row(dataset, number)


def _move(session: Session, actor: Actor, dataset: Dataset, version: Version, action: str, *,
          to: str | None = None, details: dict[str, Any] | None = None) -> Moved:  # fmt: skip
    starts, default_to = MOVES[action]
    if version.state not in starts:
        allowed = ", ".join(STATE_NAMES_ID[s] for s in sorted(starts))
        raise ConflictError(
            f"Versi {version.number} dari '{dataset.slug}' berstatus "
            f"'{STATE_NAMES_ID.get(version.state, version.state)}'; tindakan ini hanya untuk "
            f"status: {allowed}.",
            f"Version {version.number} of '{dataset.slug}' is '{version.state}'; this action "
            f"needs one of: {', '.join(sorted(starts))}.",
            type="invalid-state", details={"state": version.state, "action": action},
        )  # fmt: skip
    before = version.state
    version.state = to or default_to
    record(session, actor, f"version.{action}", target=f"{dataset.slug}@v{version.number}",
           organization_id=dataset.organization_id, dataset_id=dataset.id,
           version_id=version.id, before={"state": before},
           after={"state": version.state, **(details or {})})  # fmt: skip
    session.flush()
    return Moved(dataset.slug, version.number, version.state, before)


def _open_review(session: Session, version: Version, stage: str) -> Review | None:
    return session.scalar(
        select(Review)
        .where(Review.version_id == version.id, Review.stage == stage, Review.status == "open")
        .order_by(Review.id.desc())
    )


def _tell(
    session: Session,
    settings: Settings | None,
    kind: str,
    dataset: Dataset,
    version: Version,
    actor: Actor,
    reasons: list[dict[str, Any]] | None = None,
) -> None:
    """Leave the in-app notices of a move (e-mail follows the commit: notify.mail)."""
    if settings is not None:
        notify_version_event(session, settings, kind=kind, dataset=dataset, version=version,
                             actor=actor, reasons=reasons)  # fmt: skip


def submit_version(session: Session, *, actor: Actor, slug: str, number: int | None = None,
                   settings: Settings | None = None) -> Moved:  # fmt: skip
    """Send a draft (or a returned version after its fix) to the walidata ("ajukan")."""
    dataset, version = _load(session, actor, slug, number)
    require_write(actor, organization=dataset.organization.code)
    moved = _move(session, actor, dataset, version, "submit")
    _tell(session, settings, "submitted", dataset, version, actor)
    return moved


def withdraw_version(session: Session, *, actor: Actor, slug: str, number: int) -> Moved:
    """Take a submission back before it is decided ("tarik")."""
    dataset, version = _load(session, actor, slug, number)
    require_write(actor, organization=dataset.organization.code)
    return _move(session, actor, dataset, version, "withdraw")


def take_version(session: Session, *, actor: Actor, slug: str, number: int,
                 checklist: list[dict[str, Any]] | None = None) -> Moved:  # fmt: skip
    """Start reviewing a submission ("periksa"); its checklist is opened."""
    require_reviewer(actor)
    dataset, version = _load(session, actor, slug, number)
    moved = _move(session, actor, dataset, version, "take")
    published = dataset.current_version
    previous = published if published is not None and published.id != version.id else None
    items = checklist or build_checklist(dataset, version, previous)  # pre-filled from the report
    session.add(Review(version_id=version.id, stage="walidata", reviewer_id=actor.user_id,
                       reviewer=actor.label, checklist=items))  # fmt: skip
    session.flush()
    return moved


def _reviewer_for(actor: Actor, version: Version) -> str:
    """Check the actor may decide at the version's stage; return the stage."""
    if version.state == "pembina_review":
        require_steward(actor)
        return "pembina"
    require_reviewer(actor)
    return "walidata"


def _close(session: Session, actor: Actor, version: Version, stage: str, status: str,
           reasons: list[dict[str, Any]], marks: list[dict[str, Any]] | None) -> None:  # fmt: skip
    review = _open_review(session, version, stage)
    if review is None:
        review = Review(version_id=version.id, stage=stage, checklist=[])
        session.add(review)
    review.status = status
    review.reasons = reasons
    review.reviewer_id, review.reviewer = actor.user_id, actor.label
    if marks:
        by_item = {m["item"]: m for m in marks}
        review.checklist = [
            {**i, **by_item.get(i.get("item"), {})} for i in review.checklist
        ] or marks
    review.decided_at = utcnow()


def return_version(session: Session, *, actor: Actor, slug: str, number: int,
                   reasons: list[dict[str, Any]], marks: list[dict[str, Any]] | None = None,
                   settings: Settings | None = None) -> Moved:  # fmt: skip
    """Send a version back to the agency with a reason per item ("kembalikan")."""
    dataset, version = _load(session, actor, slug, number)
    stage = _reviewer_for(actor, version)
    clean = [{"item": str(r.get("item", "")), "note": str(r.get("note", "")).strip()}
             for r in reasons if str(r.get("note", "")).strip()]  # fmt: skip
    if not clean:
        raise InvalidInputError(
            "Sebutkan paling sedikit satu alasan pengembalian.",
            "Give at least one reason for returning the version.", type="reasons-required",
        )  # fmt: skip
    _close(session, actor, version, stage, "returned", clean, marks)
    moved = _move(session, actor, dataset, version, "return", details={"reasons": clean})
    _tell(session, settings, "returned", dataset, version, actor, clean)
    return moved


def approve_version(session: Session, *, actor: Actor, slug: str, number: int,
                    marks: list[dict[str, Any]] | None = None,
                    settings: Settings | None = None) -> Moved:  # fmt: skip
    """Approve ("setujui"): the walidata's approval, then the pembina's for priority data."""
    dataset, version = _load(session, actor, slug, number)
    stage = _reviewer_for(actor, version)
    _close(session, actor, version, stage, "approved", [], marks)
    if stage == "pembina":
        moved = _move(session, actor, dataset, version, "steward_approve")
        _tell(session, settings, "approved", dataset, version, actor)
        return moved
    if dataset.priority:  # prioritas: the standards body (pembina) looks next
        moved = _move(session, actor, dataset, version, "approve", to="pembina_review")
        session.add(
            Review(
                version_id=version.id,
                stage="pembina",
                checklist=build_checklist(dataset, version, dataset.current_version),
            )
        )
        session.flush()
        _tell(session, settings, "pembina_review", dataset, version, actor)
        return moved
    moved = _move(session, actor, dataset, version, "approve")
    _tell(session, settings, "approved", dataset, version, actor)
    return moved


def publish_version(session: Session, *, actor: Actor, slug: str, number: int,
                    settings: Settings | None = None) -> Moved:  # fmt: skip
    """Make an approved version the public one ("terbitkan")."""
    require_publisher(actor)
    dataset, version = _load(session, actor, slug, number)
    moved = _move(session, actor, dataset, version, "publish")
    make_current(dataset, version)
    _tell(session, settings, "published", dataset, version, actor)
    return moved


def republish_version(session: Session, *, actor: Actor, slug: str, number: int) -> Moved:
    """Bring back an older or withdrawn publication (a rollback)."""
    require_publisher(actor)
    dataset, version = _load(session, actor, slug, number)
    current = dataset.current_version
    moved = _move(session, actor, dataset, version, "republish",
                  details={"replaces": current.number if current else None})  # fmt: skip
    make_current(dataset, version)
    return moved


def unpublish_version(session: Session, *, actor: Actor, slug: str, number: int,
                      reason: str) -> Moved:  # fmt: skip
    """Withdraw a publication with a reason; the previous publication, if any, comes back."""
    require_publisher(actor)
    if not reason.strip():
        raise InvalidInputError("Sebutkan alasan penurunan.", "Give a reason for unpublishing.",
                                type="reasons-required")  # fmt: skip
    dataset, version = _load(session, actor, slug, number)
    moved = _move(session, actor, dataset, version, "unpublish", details={"reason": reason})
    earlier = [v for v in dataset.versions if v.state == "superseded" and v.id != version.id]
    if dataset.current_version_id == version.id:
        dataset.current_version = None
        if earlier:
            previous = max(earlier, key=lambda v: v.number)
            previous.state = "published"
            dataset.current_version = previous
    session.flush()
    return moved


def comment_version(session: Session, *, actor: Actor, slug: str, number: int,
                    body: str) -> dict[str, Any]:  # fmt: skip
    """Add a remark to a version (the agency or a reviewer)."""
    dataset, version = _load(session, actor, slug, number)
    require_commenter(actor, organization=dataset.organization.code)
    if not body.strip():
        raise InvalidInputError("Komentar kosong.", "The comment is empty.", type="empty-comment")
    comment = Comment(version_id=version.id, author_id=actor.user_id, author=actor.label,
                      body=body.strip())  # fmt: skip
    session.add(comment)
    record(session, actor, "version.commented", target=f"{slug}@v{version.number}",
           organization_id=dataset.organization_id, dataset_id=dataset.id,
           version_id=version.id, after={"body": body.strip()})  # fmt: skip
    session.flush()
    return {"id": comment.id, "author": comment.author, "body": comment.body,
            "created_at": comment.created_at}  # fmt: skip


def review_metadata(session: Session, *, actor: Actor, slug: str, approve: bool,
                    reason: str = "") -> dict[str, Any]:  # fmt: skip
    """Accept or refuse an agency's pending metadata change of a published dataset."""
    require_reviewer(actor)
    dataset = get_dataset_row(session, slug, actor=actor)
    pending = dict(dataset.pending_changes or {})
    if not pending:
        raise ConflictError(f"Dataset '{slug}' tidak punya usulan perubahan metadata.",
                            f"Dataset '{slug}' has no pending metadata change.",
                            type="no-pending-change")  # fmt: skip
    if approve:
        apply_metadata(session, actor, dataset, pending, action="dataset.change_approved")
    else:
        if not reason.strip():
            raise InvalidInputError("Sebutkan alasan penolakan.", "Give a reason for refusing.",
                                    type="reasons-required")  # fmt: skip
        record(session, actor, "dataset.change_refused", target=slug,
               organization_id=dataset.organization_id, dataset_id=dataset.id,
               before=pending, after={"reason": reason})  # fmt: skip
    dataset.pending_changes = {}
    session.flush()
    return {"dataset": slug, "applied": pending if approve else {}, "refused": {} if approve
            else pending}  # fmt: skip


def review_queue(session: Session, *, actor: Actor, state: str = "submitted",
                 organization: str = "", priority: bool | None = None,
                 older_than_days: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """Return the versions in `state`, oldest first, by OPD, priority and age (walidata)."""
    require_reviewer(actor)
    stmt = (select(Version, Dataset.slug, Dataset.title, Dataset.priority, Organization.code)
            .join(Dataset, Dataset.id == Version.dataset_id)
            .join(Organization, Organization.id == Dataset.organization_id)
            .where(Version.state == state).order_by(Version.created_at))  # fmt: skip
    if organization:
        stmt = stmt.where(Organization.code == organization)
    if priority is not None:
        stmt = stmt.where(Dataset.priority.is_(priority))
    if older_than_days is not None:
        stmt = stmt.where(Version.created_at <= utcnow() - timedelta(days=older_than_days))
    return [{"dataset": slug, "title": title, "organization": org, "priority": prio,
             "version": v.number, "state": v.state, "created_at": v.created_at,
             "warning_count": v.warning_count, "row_count": v.row_count}
            for v, slug, title, prio, org in session.execute(stmt).all()]  # fmt: skip
