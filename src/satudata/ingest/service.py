"""The ingest pipeline: one function used by the CLI, the API and (later) connectors.

file → original kept → table found → schema inferred once (or checked) → typed Parquet
written to a work file → statistics → atomic rename → database commit. Any failure
leaves the previous state as it was; the rejection and its report are recorded.

The steps live in modules named for them: `request` (what is asked), `prepare` (read,
type and check in a work folder), `inference`, `typed_write`, `commit` (the version or
the rejected upload). `check_file` is the dry run: the same steps without the commit.
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from satudata.auth.actor import Actor
from satudata.auth.policy import require_write
from satudata.catalog.service import get_dataset_row, get_organization_row
from satudata.config import Settings
from satudata.db.models import Dataset
from satudata.db.session import session_scope
from satudata.errors import IngestError, InvalidInputError, NotFoundError
from satudata.ingest.checking import load_dataset_state, rejection
from satudata.ingest.commit import commit_version, prepare_dataset, record_rejection
from satudata.ingest.prepare import prepare, workspace
from satudata.ingest.request import IngestRequest, IngestResult
from satudata.ingest.typing import CLUSTER_MIN_BYTES, sort_version
from satudata.lake.stats import column_stats
from satudata.lake.store import Lake, StoredFile, too_large
from satudata.validate import Finding, Report


def ingest_file(
    factory: sessionmaker[Session], settings: Settings, *, actor: Actor, request: IngestRequest
) -> IngestResult:
    """Turn a file into a new immutable version of a dataset, or raise IngestError."""
    req = request
    req.filename = req.filename or req.path.name
    if req.path.stat().st_size > settings.max_upload_bytes:
        raise too_large(req.filename, settings.max_upload_bytes)
    lake = Lake(settings.resolved_lake_dir)
    with session_scope(factory) as session:  # refused before anything is stored
        require_write(actor, organization=get_organization_row(session, req.organization).code)
    # The original is copied and synced to disk while the file is read and typed: that
    # is mostly waiting for the disk. Every way out below waits for it to be kept.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-original") as pool:
        kept = pool.submit(lake.keep_original, req.path)
        try:
            with session_scope(factory) as session:  # fail early on a wrong org or dataset
                prepare_dataset(session, actor, req)
                session.rollback()
            return _ingest(factory, settings, lake, actor, req, kept.result)
        except IngestError as error:
            record_rejection(factory, kept.result(), req, req.dataset, error)
            raise


def _ingest(factory: sessionmaker[Session], settings: Settings, lake: Lake, actor: Actor,
            req: IngestRequest, kept: Callable[[], StoredFile]) -> IngestResult:  # fmt: skip
    with workspace(lake, settings) as (con, work):
        with session_scope(factory) as session:
            state = load_dataset_state(session, lake, req.dataset)
        prepared = prepare(con, work, req, state, settings)
        if not prepared.report.valid:
            raise rejection(prepared.report, req.filename)
        notes = prepared.notes
        out = prepared.typed
        if req.path.stat().st_size >= CLUSTER_MIN_BYTES:
            out = sort_version(con, prepared.typed, work / "sorted.parquet", prepared.schema,
                               row_group_size=settings.row_group_size)  # fmt: skip
        stats = column_stats(con, out, prepared.schema)
        return commit_version(factory, lake, actor, req, kept(), out, prepared, stats, notes)


def check_file(factory: sessionmaker[Session], settings: Settings, *, actor: Actor,
               request: IngestRequest) -> dict[str, Any]:  # fmt: skip
    """Validate a file against a dataset without creating a version ("periksa dulu").

    Return the report (see `validate.report`); a file that cannot be read at all gives
    a report with that one error. Nothing is stored.
    """
    req = request
    req.filename = req.filename or req.path.name
    if req.path.stat().st_size > settings.max_upload_bytes:
        raise too_large(req.filename, settings.max_upload_bytes)
    lake = Lake(settings.resolved_lake_dir)
    with session_scope(factory) as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == req.dataset))
        if dataset is not None:
            owner = get_dataset_row(session, req.dataset, actor=actor).organization.code
            require_write(actor, organization=owner)  # agencies check their own files
        elif not req.organization:
            raise InvalidInputError(
                f"Dataset '{req.dataset}' belum ada: sebutkan OPD pemiliknya.",
                f"Dataset '{req.dataset}' does not exist yet: name its organization.",
                type="organization-required",
            )  # fmt: skip
        else:
            require_write(actor, organization=get_organization_row(session, req.organization).code)
        state = load_dataset_state(session, lake, req.dataset)
    with workspace(lake, settings) as (con, work):
        try:
            prepared = prepare(con, work, req, state, settings)
        except IngestError as error:  # the same keys as a full report, for API and CLI users
            return {**report_of_error(error), "table_schema": None, "row_count": None,
                    "notes": {}}  # fmt: skip
        data = prepared.report.as_dict()
        data["table_schema"] = prepared.schema.to_descriptor()
        data["row_count"] = prepared.rows
        data["notes"] = prepared.notes
        return data


def report_of_error(error: IngestError) -> dict[str, Any]:
    """Return a report for a file refused before its rows could be checked."""
    if "by_type" in error.details:
        return dict(error.details)
    report = Report()
    entries = error.details.get("errors") or [{}]
    for entry in entries:
        report.add(Finding(type=entry.get("type", error.type), row=entry.get("row"),
                           value=entry.get("value"),
                           message=entry.get("message", error.message_id),
                           message_en=entry.get("message_en", error.message_en)))  # fmt: skip
    return report.as_dict()


__all__ = [
    "IngestRequest",
    "IngestResult",
    "NotFoundError",
    "check_file",
    "ingest_file",
    "report_of_error",
]
