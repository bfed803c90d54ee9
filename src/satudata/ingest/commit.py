"""Record the outcome of an ingest: the new version, or the rejected upload."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import publishes_on_upload, require_write
from satudata.catalog.schema import DatasetCreate
from satudata.catalog.service import (
    create_dataset,
    dataset_public,
    get_organization_row,
    make_current,
)
from satudata.db.models import Dataset, Organization, SourceFile, Upload, Version
from satudata.db.session import session_scope
from satudata.errors import ConflictError, IngestError, invalid_input
from satudata.ingest.prepare import Prepared
from satudata.ingest.request import IngestRequest, IngestResult
from satudata.lake.store import Lake, StoredFile, sha256_file


def prepare_dataset(session: Session, actor: Actor, req: IngestRequest) -> Dataset:
    dataset = session.scalar(select(Dataset).where(Dataset.slug == req.dataset))
    org = get_organization_row(session, req.organization)
    require_write(actor, organization=org.code)
    if dataset is None:
        meta = {"title": req.dataset.replace("-", " ").capitalize(), **req.metadata}
        try:
            data = DatasetCreate(slug=req.dataset, organization=org.code, **meta)
        except ValidationError as exc:  # recorded as a rejected upload, like any bad input
            raise invalid_input(exc, cls=IngestError, type="invalid-metadata") from exc
        return create_dataset(session, actor=actor, data=data)
    if dataset.organization_id != org.id:
        raise ConflictError(
            f"Dataset '{req.dataset}' milik OPD lain ({dataset.organization.code}).",
            f"Dataset '{req.dataset}' belongs to another organization.",
            type="dataset-organization-mismatch",
        )
    return dataset


def record_rejection(factory: sessionmaker[Session], stored: StoredFile | None, req: IngestRequest,
                      dataset_slug: str, error: IngestError) -> None:  # fmt: skip
    if stored is None:
        return
    with session_scope(factory) as session:
        source_file = source_file_row(session, stored)
        dataset_id = session.scalar(select(Dataset.id).where(Dataset.slug == dataset_slug))
        org_id = session.scalar(select(Organization.id).where(
            Organization.code == req.organization))  # fmt: skip
        upload = Upload(dataset_id=dataset_id, organization_id=org_id, source_file=source_file,
                        filename=req.filename, sheet=req.sheet, status="rejected",
                        report=error.as_dict())  # fmt: skip
        session.add(upload)
        session.flush()
        error.details["upload_id"] = upload.id  # where the report and annotated copy are


def source_file_row(session: Session, stored: StoredFile) -> SourceFile:
    row = session.scalar(select(SourceFile).where(SourceFile.sha256 == stored.sha256))
    if row is None:
        row = SourceFile(sha256=stored.sha256, size=stored.size, stored_path=stored.relative_path)
        session.add(row)
        session.flush()
    return row


def commit_version(factory: sessionmaker[Session], lake: Lake, actor: Actor, req: IngestRequest,
                    stored: StoredFile, out: Path, prepared: Prepared,
                    stats: dict[str, Any], notes: dict[str, Any]) -> IngestResult:  # fmt: skip
    schema, rows = prepared.schema, prepared.rows
    report = prepared.report.as_dict()
    content_hash = sha256_file(out)
    byte_size = out.stat().st_size
    relative: str | None = None
    try:
        with session_scope(factory) as session:
            dataset = prepare_dataset(session, actor, req)
            if dataset.table_schema is None:
                dataset.table_schema = schema.to_descriptor()
            number = 1 + max((v.number for v in dataset.versions), default=0)
            relative = lake.publish_version(out, dataset.id, number)
            version = Version(
                dataset=dataset, number=number, parquet_path=relative, content_hash=content_hash,
                row_count=rows, byte_size=byte_size, table_schema=schema.to_descriptor(),
                column_stats=stats, ingest_notes=notes, validation=report,
                warning_count=report["warning_count"],
                source_file=source_file_row(session, stored), source_filename=req.filename,
                state="draft", uploaded_by_id=actor.user_id,
            )  # fmt: skip
            session.add(version)
            session.flush()
            where: dict[str, Any] = {
                "target": f"{dataset.slug}@v{number}",
                "organization_id": dataset.organization_id,
                "dataset_id": dataset.id,
                "version_id": version.id,
            }
            record(session, actor, "version.uploaded", **where,
                   after={"rows": rows, "file": req.filename, "sha256": stored.sha256,
                          "warnings": report["warning_count"]})  # fmt: skip
            if publishes_on_upload(actor):
                # An administrator's upload (the server's shell, the demo loader) is
                # published at once, and the log says so; an agency's is a draft for review.
                make_current(dataset, version)
                record(session, actor, "version.publish", **where,
                       before={"state": "draft"}, after={"state": "published", "direct": True})  # fmt: skip
            upload = Upload(dataset_id=dataset.id, organization_id=dataset.organization_id,
                            source_file_id=version.source_file_id,
                            filename=req.filename, sheet=req.sheet, status="accepted",
                            version_id=version.id, report=notes)  # fmt: skip
            session.add(upload)
            session.flush()
            public = dataset_public(dataset, actor=actor)
    except BaseException:
        if relative is not None:
            lake.remove(relative)  # the database never saw it: no half version stays
        raise
    return IngestResult(dataset=public, version=number, row_count=rows,
                        table_schema=schema.to_descriptor(), notes=notes,
                        upload_id=upload.id, validation=report)  # fmt: skip
