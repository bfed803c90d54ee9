"""The job queue on huey: SQLite in the data folder, Redis in production, or immediate.

`JobQueue.submit` records a job and queues it; a worker (threads of the web process, or
`satudata worker`) runs its handler and records progress and outcome.
"""

from __future__ import annotations

import hashlib
import logging
import shutil
import uuid
from pathlib import Path
from typing import IO, Any

from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey
from huey.consumer import Consumer

from satudata.auth.actor import SYSTEM, Actor
from satudata.db.people import User
from satudata.db.session import session_scope
from satudata.errors import SatudataError
from satudata.jobs import service
from satudata.jobs.handlers import HANDLERS
from satudata.jobs.periodic import register_periodic, staging_dir
from satudata.people.service import actor_for_user
from satudata.runtime import Runtime

log = logging.getLogger(__name__)
TASK_NAME = "satudata.run_job"


def queue_name(runtime: Runtime) -> str:
    """Name the queue after the metadata database: web servers and workers share both."""
    digest = hashlib.sha1(runtime.settings.resolved_database_url.encode()).hexdigest()[:10]
    return f"satudata-{digest}"


def make_huey(runtime: Runtime) -> Huey:
    """Build the huey instance the settings ask for."""
    url = runtime.settings.jobs_url
    if url == "immediate":
        return MemoryHuey("satudata", immediate=True)
    if url and url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(queue_name(runtime), url=url)
    runtime.settings.resolved_data_dir.mkdir(parents=True, exist_ok=True)
    return SqliteHuey("satudata", filename=str(runtime.settings.resolved_data_dir / "jobs.sqlite3"))


class _QuietConsumer(Consumer):
    """A consumer inside another program: it leaves the program's signal handlers alone."""

    def _set_signal_handlers(self) -> None:
        pass


class JobQueue:
    """Queue jobs and run them for one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.huey = make_huey(runtime)
        self._task = self.huey.task(name=TASK_NAME)(self.run)
        register_periodic(self.huey, runtime)
        self._consumer: Consumer | None = None

    @property
    def staging_dir(self) -> Path:
        """Where files wait for their job."""
        return staging_dir(self.runtime)

    def stage(self, source: IO[bytes], filename: str) -> Path:
        """Keep an uploaded file for a job; return its path (its own folder)."""
        folder = self.staging_dir / uuid.uuid4().hex
        folder.mkdir(parents=True)
        target = folder / (Path(filename).name or "upload")
        with target.open("wb") as out:
            shutil.copyfileobj(source, out, length=1 << 20)
        return target

    def submit(self, *, actor: Actor, kind: str, params: dict[str, Any]) -> str:
        """Record a job and queue it; return its id."""
        if kind not in HANDLERS:
            raise ValueError(f"unknown job kind {kind!r}")
        with session_scope(self.runtime.sessions) as session:
            job_id = service.create_job(session, actor=actor, kind=kind, params=params)
        self._task(job_id)
        return job_id

    def _actor(self, user_id: int | None) -> Actor | None:
        if user_id is None:
            return SYSTEM
        with session_scope(self.runtime.sessions) as session:
            user = session.get(User, user_id)
            return actor_for_user(session, user) if user and user.is_active else None

    def run(self, job_id: str) -> None:
        """Run one job (the worker's side)."""
        factory = self.runtime.sessions
        with session_scope(factory) as session:
            job = service.job_record(session, job_id)
            if job is None or job.state != "queued":
                return
            kind, params, user_id = job.kind, dict(job.params), job.user_id
        actor = self._actor(user_id)
        if actor is None:
            service.finish(factory, job_id, error={
                "type": "inactive-user", "message": "Akun pemilik pekerjaan tidak aktif.",
                "message_en": "The job's owner account is not active."})  # fmt: skip
            return
        service.mark_running(factory, job_id)
        try:
            result = HANDLERS[kind](self.runtime, actor, params,
                                    service.progress_recorder(factory, job_id))  # fmt: skip
        except SatudataError as error:
            service.finish(factory, job_id, error=error.as_dict())
        except Exception:
            log.exception("job %s (%s) failed", job_id, kind)
            service.finish(factory, job_id, error={
                "type": "internal-error",
                "message": "Terjadi kesalahan di server; walidata sudah dapat melihat lognya.",
                "message_en": "The server failed; the log has the details."})  # fmt: skip
        else:
            service.finish(factory, job_id, result=result)

    def start_workers(self, workers: int) -> None:
        """Run jobs in threads of this process until `stop_workers`."""
        if workers <= 0 or self.huey.immediate or self._consumer is not None:
            return
        self._consumer = _QuietConsumer(self.huey, workers=workers, worker_type="thread",
                                        periodic=True, initial_delay=0.1, max_delay=1.0)  # fmt: skip
        self._consumer.start()

    def stop_workers(self) -> None:
        """Stop the worker threads after their current job."""
        if self._consumer is not None:
            self._consumer.stop(graceful=True)
            self._consumer = None

    def consumer(self, workers: int) -> Consumer:
        """Return a consumer for `satudata worker` (it handles signals itself)."""
        return self.huey.create_consumer(workers=workers, worker_type="thread",
                                         periodic=True, max_delay=1.0)  # fmt: skip
