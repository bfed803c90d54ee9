"""Job records: create, read, and the worker's progress and outcome."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel
from sqlalchemy.orm import Session, sessionmaker

from satudata.auth.actor import Actor
from satudata.auth.policy import can_see_job, require_signed_in
from satudata.db.base import utcnow
from satudata.db.jobs import Job
from satudata.db.session import session_scope
from satudata.errors import not_found

JobState = Literal["queued", "running", "done", "failed"]
PROGRESS_INTERVAL = 0.5  # seconds between progress writes within one phase
# Where each ingest phase sits on the whole job's bar (percent from, to).
PHASE_SPANS = {"infer": (0.0, 30.0), "check": (30.0, 60.0), "write": (60.0, 95.0)}


class JobPublic(BaseModel):
    """A job as pages and the API show it."""

    id: str
    kind: str
    state: JobState
    phase: str
    progress: float
    result: dict[str, Any] | None
    error: dict[str, Any] | None
    created_at: datetime
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def finished(self) -> bool:
        """Has the job ended, well or badly?"""
        return self.state in ("done", "failed")


def _public(job: Job) -> JobPublic:
    return JobPublic.model_validate(job, from_attributes=True)


def create_job(session: Session, *, actor: Actor, kind: str, params: dict[str, Any],
               job_id: str | None = None) -> str:  # fmt: skip
    """Record a queued job of a signed-in user (or the system) and return its id."""
    require_signed_in(actor, to_id="menjalankan pekerjaan", to_en="run a job")
    job = Job(id=job_id or uuid.uuid4().hex, kind=kind, state="queued", phase="",
              progress=0.0, params=params, user_id=actor.user_id)  # fmt: skip
    session.add(job)
    session.flush()
    return job.id


def _job_row(session: Session, actor: Actor, job_id: str) -> Job:
    job = session.get(Job, job_id)
    # Someone else's job is "not found": its id says nothing about it.
    if job is None or not can_see_job(actor, owner_id=job.user_id):
        raise not_found("Pekerjaan", "Job", job_id)
    return job


def get_job(session: Session, *, actor: Actor, job_id: str) -> JobPublic:
    """Return a job of the actor's (administrators: any job)."""
    return _public(_job_row(session, actor, job_id))


def job_record(session: Session, job_id: str) -> Job | None:
    """Return the stored job for the worker (no permission check: the worker runs it)."""
    return session.get(Job, job_id)


def mark_running(factory: sessionmaker[Session], job_id: str) -> None:
    """The worker took the job."""
    with session_scope(factory) as session:
        job = session.get(Job, job_id)
        if job is not None:
            job.state, job.started_at, job.phase = "running", utcnow(), "mulai"


def finish(factory: sessionmaker[Session], job_id: str, *, result: dict[str, Any] | None = None,
           error: dict[str, Any] | None = None) -> None:  # fmt: skip
    """Record the job's outcome: a result, or the error a user sees."""
    with session_scope(factory) as session:
        job = session.get(Job, job_id)
        if job is None:
            return
        job.state = "failed" if error is not None else "done"
        job.result, job.error, job.finished_at = result, error, utcnow()
        if error is None:
            job.progress = 100.0


def progress_recorder(factory: sessionmaker[Session],
                      job_id: str) -> Callable[[str, float | None], None]:  # fmt: skip
    """Return a callback (phase, percent of the phase) that writes the job's overall progress.

    It writes at most twice a second within a phase, and the bar never goes back.
    """
    last: dict[str, Any] = {"phase": None, "at": 0.0, "percent": 0.0}

    def record(phase: str, percent: float | None) -> None:
        now = time.monotonic()
        if phase == last["phase"] and now - last["at"] < PROGRESS_INTERVAL and percent != 100.0:
            return
        start, end = PHASE_SPANS.get(phase, (last["percent"], last["percent"]))
        share = min(100.0, max(0.0, percent or 0.0)) / 100.0
        value = max(last["percent"], start + (end - start) * share)
        last.update(phase=phase, at=now, percent=value)
        with session_scope(factory) as session:
            job = session.get(Job, job_id)
            if job is not None:
                job.phase, job.progress = phase[:64], value

    return record
