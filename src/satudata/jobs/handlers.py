"""What each kind of job does: the long calls of the domain services.

A handler takes the runtime, the actor who asked, the job's parameters and a progress
callback, and returns the result the page shows. Domain errors are the job's error.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from satudata.auth.actor import Actor
from satudata.ingest.outline import outline_file
from satudata.ingest.service import IngestRequest, check_file, ingest_file
from satudata.runtime import Runtime

Progress = Callable[[str, float | None], None]
Handler = Callable[[Runtime, Actor, dict[str, Any], Progress], dict[str, Any]]
HANDLERS: dict[str, Handler] = {}


def handler(kind: str) -> Callable[[Handler], Handler]:
    """Register a handler for a kind of job."""

    def register(func: Handler) -> Handler:
        HANDLERS[kind] = func
        return func

    return register


def _request(params: dict[str, Any], progress: Progress) -> IngestRequest:
    return IngestRequest(
        path=Path(params["path"]), organization=params.get("organization") or "",
        dataset=params["dataset"], filename=params.get("filename", ""),
        sheet=params.get("sheet"), reshape=params.get("reshape"),
        metadata=params.get("metadata") or {}, progress=progress,
    )  # fmt: skip


@handler("check")
def run_check(runtime: Runtime, actor: Actor, params: dict[str, Any],
              progress: Progress) -> dict[str, Any]:  # fmt: skip
    """Validate a staged file against a dataset, storing nothing ("periksa dulu").

    The result is the check's report (see `ingest.service.check_file`) with `outline`:
    the file's sheets, header rows and first data row (see `ingest.outline`).
    """
    request = _request(params, progress)
    report = check_file(runtime.sessions, runtime.settings, actor=actor, request=request)
    sheet = (report.get("notes") or {}).get("sheet") or params.get("sheet")
    report["outline"] = outline_file(request.path, filename=request.filename, sheet=sheet)
    return report


@handler("ingest")
def run_ingest(runtime: Runtime, actor: Actor, params: dict[str, Any],
               progress: Progress) -> dict[str, Any]:  # fmt: skip
    """Make a new version from a staged file; the staged copy goes once the lake has it."""
    try:
        result = ingest_file(runtime.sessions, runtime.settings, actor=actor,
                             request=_request(params, progress))  # fmt: skip
    finally:
        if params.get("remove_after"):
            shutil.rmtree(Path(params["path"]).parent, ignore_errors=True)
    return {"dataset": result.dataset.slug, "version": result.version,
            "row_count": result.row_count, "upload_id": result.upload_id,
            "validation": result.validation, "notes": result.notes}  # fmt: skip
