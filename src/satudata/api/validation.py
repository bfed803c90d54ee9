"""REST v1: validation — the checks, a dry run of a file, check settings, uploads' reports."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Form, UploadFile
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from satudata.api.deps import ActorDep, RuntimeDep, SessionDep
from satudata.catalog import service
from satudata.catalog.schema import DatasetPublic
from satudata.ingest.schema import UploadPublic
from satudata.ingest.service import IngestRequest, check_file
from satudata.ingest.uploads import get_upload, upload_file
from satudata.validate.service import list_checks, set_check_config

router = APIRouter(prefix="/api/v1", tags=["validation"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("/checks")
def checks() -> list[dict[str, Any]]:
    """List the validation checks (built-in and plugins) with their parameters."""
    return list_checks()


@router.post("/datasets/{slug}/validate", response_model=None)
def validate_file(
    slug: str,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ActorDep,
    file: Annotated[UploadFile, File(description="CSV, XLSX, XLS, ODS, HTML table or JSON")],
    organization: Annotated[str, Form()] = "",
    sheet: Annotated[str | None, Form()] = None,
    annotated: bool = False,
) -> Any:
    """Check a file against a dataset without adding a version ("periksa dulu").

    Returns the report; with `?annotated=true`, the file itself as a workbook with every
    problem marked and a summary sheet.
    """
    filename = file.filename or "upload"
    work = runtime.lake.receive(file.file, max_bytes=runtime.settings.max_upload_bytes,
                                filename=filename)  # fmt: skip
    session.close()
    try:
        report = check_file(runtime.sessions, runtime.settings, actor=actor,
                            request=IngestRequest(path=work, organization=organization,
                                                  dataset=slug, filename=filename, sheet=sheet))  # fmt: skip
        if not annotated:
            return report
        return _annotated(runtime, work, report, filename, sheet)
    finally:
        work.unlink(missing_ok=True)


def _annotated(runtime: Any, original: Path, report: dict[str, Any], filename: str,
               sheet: str | None) -> FileResponse:  # fmt: skip
    from satudata.ingest.annotate import annotate_file

    out = runtime.lake.temp_path(".xlsx")
    annotate_file(original, report, out, filename=filename, sheet=sheet)
    name = f"{Path(filename).stem}-ditandai.xlsx"
    return FileResponse(out, media_type=XLSX, filename=name,
                        background=BackgroundTask(out.unlink, missing_ok=True))  # fmt: skip


@router.put("/datasets/{slug}/checks/{check_type}")
def set_check(slug: str, check_type: str, session: SessionDep, actor: ActorDep,
              change: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:  # fmt: skip
    """Switch a check on or off for a dataset, or set its severity and parameters
    (body: {"enabled": false} or {"severity": "warning", "factor": 5}; {} resets it)."""
    return set_check_config(session, actor=actor, slug=slug, check_type=check_type,
                            change=change)  # fmt: skip


@router.put("/datasets/{slug}/schema", response_model=DatasetPublic)
def set_schema(slug: str, session: SessionDep, actor: ActorDep,
               descriptor: Annotated[dict[str, Any], Body()]) -> DatasetPublic:  # fmt: skip
    """Replace a dataset's Table Schema (constraints, primary key, or an accepted proposal)."""
    return service.set_table_schema(session, actor=actor, slug=slug, descriptor=descriptor)


@router.get("/uploads/{upload_id}", response_model=UploadPublic)
def upload(upload_id: int, session: SessionDep, actor: ActorDep) -> UploadPublic:
    """Return an upload (accepted or refused) and its validation report."""
    return get_upload(session, actor=actor, upload_id=upload_id)


@router.get("/uploads/{upload_id}/annotated", response_model=None)
def upload_annotated(upload_id: int, session: SessionDep, runtime: RuntimeDep,
                     actor: ActorDep) -> FileResponse:  # fmt: skip
    """Download the uploaded file as a workbook with every problem marked."""
    kept = upload_file(session, runtime.lake, actor=actor, upload_id=upload_id)
    work = runtime.lake.temp_path(Path(kept.filename).suffix or ".bin")
    shutil.copyfile(kept.path, work)  # the kept original is never opened for writing
    try:
        return _annotated(runtime, work, kept.report, kept.filename, kept.sheet)
    finally:
        work.unlink(missing_ok=True)
