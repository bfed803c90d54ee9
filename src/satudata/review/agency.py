"""The agency's own view of its datasets ("Data Saya"): where each stands and what is next.

For every dataset of the OPDs an operator works for: the state of its newest version,
the published version, the last file sent, the walidata's reasons when it came back,
and the next due date (`catalog.schedule`). For one dataset: every version with the
moves the agency may make (submit, withdraw), the reviews with their reasons per
checklist item, the comments, the rejected uploads and a pending metadata change.
Only producers of the owning OPD (and administrators) see it: `auth.policy.require_write`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from satudata.auth.actor import Actor
from satudata.auth.policy import require_write
from satudata.catalog.schedule import Due, last_day_covered, next_due, today_wib
from satudata.catalog.schema import DatasetPublic, OrganizationPublic
from satudata.catalog.service import dataset_public, get_dataset_row, get_organization_row
from satudata.db.models import Dataset, Organization, Upload
from satudata.db.workflow import Comment, Review
from satudata.errors import PermissionDeniedError
from satudata.review.states import MOVES

AGENCY_MOVES = ("submit", "withdraw")  # what an agency may do to its versions
QUIET_STATES = frozenset({"withdrawn", "unpublished"})  # versions that deliver nothing


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def workspace_organizations(session: Session, *, actor: Actor) -> list[OrganizationPublic]:
    """Return the OPDs whose datasets the actor works on (administrators: every OPD)."""
    if actor.kind != "user" and not actor.is_admin:
        raise PermissionDeniedError("Masuk dulu untuk membuka Data Saya.",
                                    "Sign in to open My Data.", type="sign-in-required")  # fmt: skip
    stmt = select(Organization).order_by(Organization.name)
    if not actor.is_admin:
        stmt = stmt.where(Organization.code.in_(sorted(actor.organizations)))
    return [OrganizationPublic(code=o.code, name=o.name, short_name=o.short_name)
            for o in session.scalars(stmt)]  # fmt: skip


@dataclass(frozen=True)
class AgencyDataset:
    """One dataset as its agency follows it."""

    slug: str
    title: str
    organization: str
    frequency: str
    access_level: str
    latest_version: int | None
    latest_state: str | None
    published_version: int | None
    last_upload_at: datetime | None
    last_upload_status: str | None  # accepted | rejected
    return_reasons: list[dict[str, Any]]  # the walidata's, when the newest came back
    due: Due | None
    pending_metadata: bool


@dataclass(frozen=True)
class AgencyOrganization:
    """An OPD and its datasets, by title."""

    code: str
    name: str
    datasets: list[AgencyDataset]


def _due(dataset: Dataset, today: date) -> Due | None:
    delivered = [v for v in dataset.versions if v.state not in QUIET_STATES]
    last = None
    if delivered:
        newest = delivered[-1]
        last = last_day_covered(newest.table_schema, newest.column_stats)
        if last is None and dataset.years:
            last = date(max(y.year for y in dataset.years), 12, 31)
    return next_due(dataset.frequency, last, today=today)


def _latest_returns(session: Session, version_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """Return {version id: reasons} of each version's latest return."""
    if not version_ids:
        return {}
    rows = session.execute(
        select(Review.version_id, Review.reasons)
        .where(Review.version_id.in_(version_ids), Review.status == "returned")
        .order_by(Review.decided_at, Review.id)
    ).all()
    return {vid: list(reasons or []) for vid, reasons in rows}


def _last_uploads(session: Session, dataset_ids: list[int]) -> dict[int, tuple[datetime, str]]:
    if not dataset_ids:
        return {}
    newest = (select(Upload.dataset_id, func.max(Upload.id).label("id"))
              .where(Upload.dataset_id.in_(dataset_ids)).group_by(Upload.dataset_id).subquery())  # fmt: skip
    stmt = select(Upload.dataset_id, Upload.created_at, Upload.status)
    rows = session.execute(stmt.join(newest, newest.c.id == Upload.id)).all()
    return {did: (at, status) for did, at, status in rows if did is not None}


def agency_datasets(session: Session, *, actor: Actor, organizations: list[str],
                    today: date | None = None) -> list[AgencyOrganization]:  # fmt: skip
    """Return the datasets of these OPDs, each OPD's by title (the actor must work for each)."""
    today = today or today_wib()
    orgs = []
    for code in organizations:
        org = get_organization_row(session, code)
        require_write(actor, organization=org.code)
        orgs.append(org)
    datasets = session.scalars(
        select(Dataset)
        .where(Dataset.organization_id.in_([o.id for o in orgs]))
        .options(selectinload(Dataset.versions), selectinload(Dataset.years),
                 selectinload(Dataset.current_version))
        .order_by(Dataset.title)
    ).all()  # fmt: skip
    newest = {d.id: d.versions[-1] for d in datasets if d.versions}
    returns = _latest_returns(session, [v.id for v in newest.values() if v.state == "returned"])
    uploads = _last_uploads(session, [d.id for d in datasets])
    by_org: dict[int, list[AgencyDataset]] = {o.id: [] for o in orgs}
    for d in datasets:
        latest = newest.get(d.id)
        upload = uploads.get(d.id)
        by_org[d.organization_id].append(AgencyDataset(
            slug=d.slug, title=d.title, organization=next(
                o.code for o in orgs if o.id == d.organization_id),
            frequency=d.frequency, access_level=d.access_level,
            latest_version=latest.number if latest else None,
            latest_state=latest.state if latest else None,
            published_version=d.current_version.number if d.current_version else None,
            last_upload_at=_aware(upload[0]) if upload else None,
            last_upload_status=upload[1] if upload else None,
            return_reasons=returns.get(latest.id, []) if latest else [],
            due=_due(d, today), pending_metadata=bool(d.pending_changes),
        ))  # fmt: skip
    return [AgencyOrganization(code=o.code, name=o.name, datasets=by_org[o.id]) for o in orgs]


@dataclass(frozen=True)
class VersionReview:
    """A reviewer's decision (or open review) on a version."""

    stage: str  # walidata | pembina
    status: str  # open | approved | returned
    reviewer: str
    reasons: list[dict[str, Any]]
    decided_at: datetime | None


@dataclass(frozen=True)
class VersionComment:
    """A remark on a version."""

    author: str
    body: str
    created_at: datetime


@dataclass
class AgencyVersion:
    """A version with its reviews, comments and the moves the agency may make."""

    number: int
    state: str
    created_at: datetime
    row_count: int
    warning_count: int
    source_filename: str
    is_current: bool
    actions: list[str]
    reviews: list[VersionReview] = field(default_factory=list)
    comments: list[VersionComment] = field(default_factory=list)


@dataclass(frozen=True)
class RejectedUpload:
    """A file the platform refused, whose annotated copy the agency can download."""

    id: int
    filename: str
    created_at: datetime
    error_count: int


@dataclass
class AgencyDatasetView:
    """Everything the agency's page of one dataset shows."""

    dataset: DatasetPublic
    versions: list[AgencyVersion]
    rejected: list[RejectedUpload]
    due: Due | None


def agency_actions(state: str) -> list[str]:
    """Return the moves an agency may make on a version in `state` (submit, withdraw)."""
    return [move for move in AGENCY_MOVES if state in MOVES[move][0]]


def agency_dataset(session: Session, *, actor: Actor, slug: str, today: date | None = None,
                   rejected_limit: int = 5) -> AgencyDatasetView:  # fmt: skip
    """Return one dataset of the actor's OPD with its versions, reviews and comments."""
    row = get_dataset_row(session, slug, actor=actor)
    require_write(actor, organization=row.organization.code)
    ids = [v.id for v in row.versions]
    reviews: dict[int, list[VersionReview]] = {}
    for r in session.scalars(select(Review).where(Review.version_id.in_(ids))
                             .order_by(Review.id)):  # fmt: skip
        reviews.setdefault(r.version_id, []).append(VersionReview(
            stage=r.stage, status=r.status, reviewer=r.reviewer, reasons=list(r.reasons or []),
            decided_at=_aware(r.decided_at)))  # fmt: skip
    comments: dict[int, list[VersionComment]] = {}
    for c in session.scalars(select(Comment).where(Comment.version_id.in_(ids))
                             .order_by(Comment.id)):  # fmt: skip
        comments.setdefault(c.version_id, []).append(VersionComment(
            author=c.author, body=c.body, created_at=_aware(c.created_at) or c.created_at))  # fmt: skip
    versions = [
        AgencyVersion(number=v.number, state=v.state, created_at=_aware(v.created_at) or v.created_at,
                      row_count=v.row_count, warning_count=v.warning_count or 0,
                      source_filename=v.source_filename, is_current=v.id == row.current_version_id,
                      actions=agency_actions(v.state), reviews=reviews.get(v.id, []),
                      comments=comments.get(v.id, []))
        for v in reversed(row.versions)
    ]  # fmt: skip
    rejected = [
        RejectedUpload(id=u.id, filename=u.filename, created_at=_aware(u.created_at) or u.created_at,
                       error_count=int(((u.report or {}).get("details") or {}).get(
                           "error_count") or 0))
        for u in session.scalars(select(Upload).where(
            Upload.dataset_id == row.id, Upload.status == "rejected")
            .order_by(Upload.id.desc()).limit(rejected_limit))
    ]  # fmt: skip
    return AgencyDatasetView(dataset=dataset_public(row, actor=actor), versions=versions,
                             rejected=rejected, due=_due(row, today or today_wib()))  # fmt: skip


def returned_version_reasons(view: AgencyDatasetView) -> list[dict[str, Any]]:
    """Return the reasons of the newest version's latest return (empty if not returned)."""
    if not view.versions or view.versions[0].state != "returned":
        return []
    returned = [r for r in view.versions[0].reviews if r.status == "returned"]
    return returned[-1].reasons if returned else []
