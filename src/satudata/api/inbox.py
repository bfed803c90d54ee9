"""REST v1: the signed-in user's notifications (the in-app inbox)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from satudata.api.deps import ActorDep, SessionDep
from satudata.notify import service
from satudata.notify.schema import NotificationList, NotificationPublic

router = APIRouter(prefix="/api/v1", tags=["inbox"])


@router.get("/inbox", response_model=NotificationList)
def list_inbox(
    session: SessionDep,
    actor: ActorDep,
    unread_only: bool = False,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> NotificationList:
    """Your notifications, newest first, with the total and how many are unread."""
    return service.list_inbox(session, actor=actor, unread_only=unread_only, limit=limit,
                              offset=offset)  # fmt: skip


@router.post("/inbox/{notification_id}/read", response_model=NotificationPublic)
def mark_read(notification_id: int, session: SessionDep, actor: ActorDep) -> NotificationPublic:
    """Mark one of your notifications read."""
    return service.mark_read(session, actor=actor, notification_id=notification_id)
