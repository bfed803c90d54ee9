"""REST v1: a background job's state, progress and result (the page polls it)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from satudata.api.deps import ActorDep, SessionDep
from satudata.jobs import service
from satudata.jobs.queue import JobQueue
from satudata.jobs.service import JobPublic

router = APIRouter(prefix="/api/v1", tags=["jobs"])


def get_jobs(request: Request) -> JobQueue:
    """Return the app's job queue."""
    queue: JobQueue = request.app.state.jobs
    return queue


JobsDep = Annotated[JobQueue, Depends(get_jobs)]


@router.get("/jobs/{job_id}", response_model=JobPublic)
def get_job(job_id: str, session: SessionDep, actor: ActorDep) -> JobPublic:
    """Return one of your jobs: state, phase, progress (0–100), result or error."""
    return service.get_job(session, actor=actor, job_id=job_id)
