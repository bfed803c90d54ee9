"""REST v1: the review workflow, comments, the review queue and the audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Body
from fastapi.responses import StreamingResponse

from satudata.api.deps import ActorDep, RuntimeDep, SessionDep
from satudata.audit.schema import AuditEventPublic, AuditList
from satudata.audit.service import dataset_history, export_events_csv, search_events
from satudata.notify.mail import send_pending_email
from satudata.review import service
from satudata.review.overview import review_overview
from satudata.review.service import Moved

router = APIRouter(prefix="/api/v1", tags=["review"])
Reasons = Annotated[list[dict[str, Any]], Body(embed=True)]


@router.post("/datasets/{slug}/versions/{number}/submit")
def submit(slug: str, number: int, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
           mail: BackgroundTasks) -> Moved:  # fmt: skip
    """Send a draft (or a fixed, returned version) to the walidata."""
    moved = service.submit_version(session, actor=actor, slug=slug, number=number,
                                   settings=runtime.settings)  # fmt: skip
    _mail_after_commit(session, runtime, mail)
    return moved


@router.post("/datasets/{slug}/versions/{number}/withdraw")
def withdraw(slug: str, number: int, session: SessionDep, actor: ActorDep) -> Moved:
    """Take a submission back before it is decided."""
    return service.withdraw_version(session, actor=actor, slug=slug, number=number)


@router.post("/datasets/{slug}/versions/{number}/take")
def take(slug: str, number: int, session: SessionDep, actor: ActorDep) -> Moved:
    """Start reviewing a submission (walidata)."""
    return service.take_version(session, actor=actor, slug=slug, number=number)


@router.post("/datasets/{slug}/versions/{number}/return")
def return_(slug: str, number: int, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
            reasons: Reasons, mail: BackgroundTasks,
            marks: Annotated[list[dict[str, Any]] | None, Body(embed=True)] = None) -> Moved:  # fmt: skip
    """Return a version with a reason per item: [{"item": "metadata", "note": "…"}]."""
    moved = service.return_version(session, actor=actor, slug=slug, number=number,
                                   reasons=reasons, marks=marks, settings=runtime.settings)  # fmt: skip
    _mail_after_commit(session, runtime, mail)
    return moved


@router.post("/datasets/{slug}/versions/{number}/approve")
def approve(slug: str, number: int, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
            mail: BackgroundTasks,
            marks: Annotated[list[dict[str, Any]] | None, Body(embed=True)] = None) -> Moved:  # fmt: skip
    """Approve (walidata; then pembina for priority data)."""
    moved = service.approve_version(session, actor=actor, slug=slug, number=number, marks=marks,
                                    settings=runtime.settings)  # fmt: skip
    _mail_after_commit(session, runtime, mail)
    return moved


@router.post("/datasets/{slug}/versions/{number}/publish")
def publish(slug: str, number: int, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
            mail: BackgroundTasks) -> Moved:  # fmt: skip
    """Publish an approved version (walidata)."""
    moved = service.publish_version(session, actor=actor, slug=slug, number=number,
                                    settings=runtime.settings)  # fmt: skip
    _mail_after_commit(session, runtime, mail)
    return moved


def _mail_after_commit(session: Any, runtime: Any, mail: BackgroundTasks) -> None:
    """Commit now, so that the notices are there; e-mail them after the response."""
    session.commit()
    mail.add_task(send_pending_email, runtime.sessions, runtime.settings)


@router.post("/datasets/{slug}/versions/{number}/republish")
def republish(slug: str, number: int, session: SessionDep, actor: ActorDep) -> Moved:
    """Bring an earlier publication back (rollback)."""
    return service.republish_version(session, actor=actor, slug=slug, number=number)


@router.post("/datasets/{slug}/versions/{number}/unpublish")
def unpublish(slug: str, number: int, session: SessionDep, actor: ActorDep,
              reason: Annotated[str, Body(embed=True)]) -> Moved:  # fmt: skip
    """Withdraw a publication, with a reason."""
    return service.unpublish_version(session, actor=actor, slug=slug, number=number,
                                     reason=reason)  # fmt: skip


@router.get("/datasets/{slug}/versions/{number}/review")
def overview(slug: str, number: int, session: SessionDep, runtime: RuntimeDep,
             actor: ActorDep) -> dict[str, Any]:  # fmt: skip
    """The review page's data: state, checklist, reasons, comments, report, diff."""
    return review_overview(session, runtime.lake, actor=actor, slug=slug, number=number,
                           con=runtime.query_engine.cursor())  # fmt: skip


@router.post("/datasets/{slug}/versions/{number}/comments")
def comment(slug: str, number: int, session: SessionDep, actor: ActorDep,
            body: Annotated[str, Body(embed=True)]) -> dict[str, Any]:  # fmt: skip
    """Add a comment to a version."""
    return service.comment_version(session, actor=actor, slug=slug, number=number, body=body)


@router.post("/datasets/{slug}/metadata/approve")
def approve_metadata(slug: str, session: SessionDep, actor: ActorDep) -> dict[str, Any]:
    """Apply an agency's pending metadata change of a published dataset (walidata)."""
    return service.review_metadata(session, actor=actor, slug=slug, approve=True)


@router.post("/datasets/{slug}/metadata/refuse")
def refuse_metadata(slug: str, session: SessionDep, actor: ActorDep,
                    reason: Annotated[str, Body(embed=True)]) -> dict[str, Any]:  # fmt: skip
    """Refuse an agency's pending metadata change, with a reason (walidata)."""
    return service.review_metadata(session, actor=actor, slug=slug, approve=False,
                                   reason=reason)  # fmt: skip


@router.get("/review/queue")
def queue(session: SessionDep, actor: ActorDep, state: str = "submitted",
          organization: str = "", priority: bool | None = None,
          older_than_days: int | None = None) -> list[dict[str, Any]]:  # fmt: skip
    """The walidata's queue: versions in a state, oldest first, by OPD, priority and age."""
    return service.review_queue(session, actor=actor, state=state, organization=organization,
                                priority=priority, older_than_days=older_than_days)  # fmt: skip


@router.get("/audit", response_model=AuditList)
def audit(session: SessionDep, actor: ActorDep, q: str = "", action: str = "",
          organization: str = "", dataset: str = "", since: datetime | None = None,
          until: datetime | None = None, limit: int = 50, offset: int = 0) -> AuditList:  # fmt: skip
    """Search the audit log (walidata and administrators)."""
    return search_events(session, actor=actor, limit=min(limit, 500), offset=offset, q=q,
                         action=action, organization=organization, dataset=dataset,
                         since=since, until=until)  # fmt: skip


@router.get("/audit.csv", response_model=None)
def audit_csv(session: SessionDep, actor: ActorDep, q: str = "", action: str = "",
              organization: str = "", dataset: str = "") -> StreamingResponse:  # fmt: skip
    """Export the matching audit events as CSV."""
    rows = list(export_events_csv(session, actor=actor, q=q, action=action,
                                  organization=organization, dataset=dataset))  # fmt: skip
    return StreamingResponse(iter(rows), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="audit.csv"'})  # fmt: skip


@router.get("/datasets/{slug}/history", response_model=list[AuditEventPublic])
def history(slug: str, session: SessionDep, actor: ActorDep) -> list[AuditEventPublic]:
    """A dataset's history as the audit log tells it, oldest first."""
    return dataset_history(session, actor=actor, slug=slug)
