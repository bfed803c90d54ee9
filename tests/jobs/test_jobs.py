"""Background jobs: recorded, run by a real worker, progress kept, outcome shown to its owner only."""

from __future__ import annotations

import io
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from tests.conftest import REQUIRE_SERVERS

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.db.people import User
from satudata.db.session import session_scope
from satudata.errors import NotFoundError, PermissionDeniedError
from satudata.jobs import service
from satudata.jobs.queue import JobQueue
from satudata.runtime import Runtime

CSV = b"kode_wilayah,nama_wilayah,tahun,jumlah\n35.01,Kabupaten Pacitan,2024,39\n35.78,Kota Surabaya,2024,63\n"


@pytest.fixture
def people(runtime: Runtime) -> dict[str, Actor]:
    with session_scope(runtime.sessions) as session:
        a, b = User(email="a@dinkes", name="A"), User(email="b@dinkes", name="B")
        session.add_all([a, b])
        session.flush()
        return {
            "a": Actor(kind="user", name="A", user_id=a.id, organizations=frozenset({"DINKES"})),
            "b": Actor(kind="user", name="B", user_id=b.id, organizations=frozenset({"DINKES"})),
        }


def wait_for(runtime: Runtime, job_id: str, seconds: float = 30) -> service.JobPublic:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with session_scope(runtime.sessions) as session:
            job = service.get_job(session, actor=SYSTEM, job_id=job_id)
        if job.finished:
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish: {job}")


@pytest.fixture
def threaded(runtime: Runtime) -> Iterator[JobQueue]:
    """A queue on the embedded SQLite huey with one worker thread, as `satudata serve` runs it."""
    settings = runtime.settings.model_copy(update={"jobs_url": None})
    queue = JobQueue(Runtime(settings))
    queue.runtime = runtime  # the same database and lake as the test's runtime
    queue.start_workers(1)
    yield queue
    queue.stop_workers()


def test_a_worker_thread_ingests_a_staged_file_and_records_progress(
    runtime: Runtime, threaded: JobQueue
) -> None:  # fmt: skip
    path = threaded.stage(io.BytesIO(CSV), "puskesmas.csv")
    job_id = threaded.submit(actor=SYSTEM, kind="ingest", params={
        "path": str(path), "organization": "DINKES", "dataset": "jumlah-puskesmas",
        "filename": "puskesmas.csv", "remove_after": True})  # fmt: skip
    job = wait_for(runtime, job_id)
    assert job.state == "done", job.error
    assert job.progress == 100.0
    assert job.result is not None
    assert (job.result["dataset"], job.result["version"], job.result["row_count"]) == (
        "jumlah-puskesmas",
        1,
        2,
    )
    assert not path.parent.exists()  # the staged copy goes once the lake has the original


def test_a_failed_ingest_keeps_the_domain_error_with_its_report(runtime: Runtime) -> None:
    queue = JobQueue(runtime)  # immediate: runs in the caller
    path = queue.stage(io.BytesIO(b"kode_wilayah,tahun,jumlah\n35.01,2024,39\n35.99,2024,x\n"),
                       "salah.csv")  # fmt: skip
    job_id = queue.submit(actor=SYSTEM, kind="ingest", params={
        "path": str(path), "organization": "DINKES", "dataset": "salah"})  # fmt: skip
    with session_scope(runtime.sessions) as session:
        job = service.get_job(session, actor=SYSTEM, job_id=job_id)
    assert job.state == "failed"
    assert job.error is not None and job.error["type"] == "validation-errors"
    assert job.error["details"]["upload_id"] > 0  # the report and annotated copy stay reachable


def test_a_job_is_visible_to_its_owner_and_administrators_only(
    runtime: Runtime, people: dict[str, Actor]
) -> None:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        job_id = service.create_job(session, actor=people["a"], kind="check", params={})
    with session_scope(runtime.sessions) as session:
        assert service.get_job(session, actor=people["a"], job_id=job_id).state == "queued"
        assert service.get_job(session, actor=SYSTEM, job_id=job_id).kind == "check"
        for other in (people["b"], ANONYMOUS):
            with pytest.raises(NotFoundError):
                service.get_job(session, actor=other, job_id=job_id)
        with pytest.raises(PermissionDeniedError):
            service.create_job(session, actor=ANONYMOUS, kind="check", params={})


def test_progress_maps_phases_onto_one_bar_that_never_goes_back(
    runtime: Runtime, people: dict[str, Actor]
) -> None:  # fmt: skip
    with session_scope(runtime.sessions) as session:
        job_id = service.create_job(session, actor=people["a"], kind="check", params={})
    record = service.progress_recorder(runtime.sessions, job_id)
    seen = []
    for phase, pct in [("infer", None), ("infer", 100.0), ("check", 50.0), ("write", 0.0),
                       ("check", 10.0), ("write", 100.0)]:  # fmt: skip
        record(phase, pct)
        with session_scope(runtime.sessions) as session:
            job = service.get_job(session, actor=SYSTEM, job_id=job_id)
        seen.append((job.phase, job.progress))
    assert seen == [("infer", 0.0), ("infer", 30.0), ("check", 45.0), ("write", 60.0),
                    ("check", 60.0), ("write", 95.0)]  # fmt: skip


def test_the_job_of_a_deactivated_user_does_not_run(
    runtime: Runtime, people: dict[str, Actor], tmp_path: Path
) -> None:  # fmt: skip
    queue = JobQueue(runtime)
    with session_scope(runtime.sessions) as session:
        job_id = service.create_job(session, actor=people["a"], kind="check", params={
            "path": str(tmp_path / "x.csv"), "dataset": "x"})  # fmt: skip
        user = session.get(User, people["a"].user_id)
        assert user is not None
        user.is_active = False
    queue.run(job_id)
    with session_scope(runtime.sessions) as session:
        job = service.get_job(session, actor=SYSTEM, job_id=job_id)
    assert (job.state, job.error and job.error["type"]) == ("failed", "inactive-user")


def test_jobs_run_through_redis_when_configured(runtime: Runtime) -> None:
    """Production: the queue on Redis, a worker consuming it (skipped without a Redis server)."""
    url = os.environ.get("SATUDATA_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError as exc:
        if REQUIRE_SERVERS:
            raise
        pytest.skip(f"Redis at {url} is not reachable: {exc}")
    settings = runtime.settings.model_copy(update={"jobs_url": url})
    queue = JobQueue(Runtime(settings))
    queue.runtime = runtime
    assert type(queue.huey).__name__ == "RedisHuey"
    queue.huey.flush()
    queue.start_workers(1)
    try:
        path = queue.stage(io.BytesIO(CSV), "puskesmas.csv")
        job_id = queue.submit(actor=SYSTEM, kind="check", params={
            "path": str(path), "organization": "DINKES", "dataset": "jumlah-puskesmas"})  # fmt: skip
        job = wait_for(runtime, job_id)
    finally:
        queue.stop_workers()
        queue.huey.flush()
    assert job.state == "done", job.error
    assert job.result is not None and job.result["row_count"] == 2 and job.result["valid"] is True
