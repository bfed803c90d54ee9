"""Uploads: every file sent, with its report; and the operator's own file, annotated."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from satudata.auth.actor import Actor
from satudata.auth.policy import require_upload_reader
from satudata.db.models import Dataset, Organization, Upload, Version
from satudata.errors import IngestError, not_found
from satudata.ingest.schema import UploadPublic
from satudata.ingest.service import report_of_error
from satudata.lake.store import Lake


@dataclass
class UploadFile:
    """Where an upload's original file is kept, and what its report said."""

    path: Path
    filename: str
    sheet: str | None
    report: dict[str, Any]


def _upload_row(session: Session, actor: Actor, upload_id: int) -> Upload:
    upload = session.scalar(
        select(Upload).where(Upload.id == upload_id).options(selectinload(Upload.source_file))
    )
    if upload is None:
        raise not_found("Unggahan", "Upload", str(upload_id))
    org = session.get(Organization, upload.organization_id) if upload.organization_id else None
    require_upload_reader(actor, organization=org.code if org else None)
    return upload


def get_upload(session: Session, *, actor: Actor, upload_id: int) -> UploadPublic:
    """Return an upload and its report (the agency's own, or any for the walidata)."""
    upload = _upload_row(session, actor, upload_id)
    dataset = session.get(Dataset, upload.dataset_id) if upload.dataset_id else None
    org = session.get(Organization, upload.organization_id) if upload.organization_id else None
    version = session.get(Version, upload.version_id) if upload.version_id else None
    report = upload.report or {}
    if upload.status == "accepted" and version is not None:
        report = version.validation or {}
    elif "by_type" in report.get("details", {}):
        report = report["details"]  # a refusal: the error's details hold the report
    elif "type" in report:  # refused before its rows were checked (an empty file, …)
        report = report_of_error(IngestError(report.get("message", ""), report.get(
            "message_en", ""), type=report["type"], details=report.get("details", {})))  # fmt: skip
    return UploadPublic(
        id=upload.id, dataset=dataset.slug if dataset else None,
        organization=org.code if org else None, filename=upload.filename, sheet=upload.sheet,
        status=upload.status, version=version.number if version else None,
        created_at=upload.created_at, report=report,
    )  # fmt: skip


def upload_file(session: Session, lake: Lake, *, actor: Actor, upload_id: int) -> UploadFile:
    """Return the kept original of an upload with its report (for the annotated copy)."""
    public = get_upload(session, actor=actor, upload_id=upload_id)
    upload = _upload_row(session, actor, upload_id)
    return UploadFile(path=lake.path(upload.source_file.stored_path), filename=upload.filename,
                      sheet=upload.sheet, report=public.report)  # fmt: skip
