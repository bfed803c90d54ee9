"""The upload wizard's jobs: check a staged file, check it again on another sheet, ingest it.

The wizard keeps its state in job records, so that a page can be reloaded at any step:
a "check" job's params name the staged file, the dataset it is for (an existing one, or
a new one with its metadata) and the sheet; "check again" and "ingest" start new jobs on
the same staged file with the same params. The ingest job removes the staged folder when
it ends. Permissions are the services' own: `auth.policy.require_write` for the OPD, and
a job is only its owner's (`jobs.service.get_job`).
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.auth.policy import require_write
from satudata.catalog.schema import DatasetMetadata
from satudata.catalog.service import get_dataset_row, get_organization_row
from satudata.catalog.text import slugify
from satudata.db.models import Dataset
from satudata.errors import ConflictError, IngestError, InvalidInputError, NotFoundError
from satudata.ingest.annotate import annotate_file
from satudata.ingest.service import report_of_error
from satudata.ingest.uploads import upload_file
from satudata.jobs.queue import JobQueue
from satudata.jobs.service import JobPublic, get_job, job_record
from satudata.lake.store import Lake, too_large

# Metadata a new dataset can be given in the wizard (the rest on its page afterwards).
NEW_DATASET_FIELDS = ("title", "description", "sector", "frequency", "region_level",
                      "access_level", "unit", "source")  # fmt: skip
INGEST_MARK = ".ingest-job"  # in the staged folder: the ingest job started from it


@dataclass(frozen=True)
class UploadTarget:
    """Where a file goes: an existing dataset, or a new one with its metadata."""

    dataset: str  # the slug (a new dataset's is free when chosen)
    organization: str
    title: str
    new: bool = False
    metadata: dict[str, Any] | None = None  # a new dataset's

    def params(self) -> dict[str, Any]:
        """Return the job params that name this target."""
        return {"dataset": self.dataset, "organization": self.organization, "title": self.title,
                "new": self.new, "metadata": dict(self.metadata or {})}  # fmt: skip

    @classmethod
    def of_params(cls, params: dict[str, Any]) -> UploadTarget:
        """Return the target a job's params name."""
        return cls(dataset=params["dataset"], organization=params.get("organization") or "",
                   title=params.get("title") or params["dataset"], new=bool(params.get("new")),
                   metadata=params.get("metadata") or {})  # fmt: skip


def existing_target(session: Session, *, actor: Actor, slug: str) -> UploadTarget:
    """Return an existing dataset of the actor's OPD as the target of an upload."""
    dataset = get_dataset_row(session, slug, actor=actor)
    require_write(actor, organization=dataset.organization.code)
    return UploadTarget(dataset=dataset.slug, organization=dataset.organization.code,
                        title=dataset.title)  # fmt: skip


def free_slug(session: Session, title: str) -> str:
    """Return a slug made of `title` that no dataset has yet (adding -2, -3 … if needed)."""
    base = slugify(title)[:100].strip("-") or "dataset"
    taken = set(session.scalars(select(Dataset.slug).where(Dataset.slug.startswith(base))))
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def new_target(session: Session, *, actor: Actor, organization: str,
               metadata: dict[str, Any]) -> UploadTarget:  # fmt: skip
    """Return a new dataset of `organization` as the target (created by the first ingest).

    Raises InvalidInputError naming the field (details["field"]) for a bad value.
    """
    if not organization:
        raise InvalidInputError("Pilih perangkat daerah pemilik dataset.",
                                "Choose the agency that owns the dataset.",
                                type="organization-required", details={"field": "organization"})  # fmt: skip
    org = get_organization_row(session, organization)
    require_write(actor, organization=org.code)
    clean = {k: (v.strip() if isinstance(v, str) else v) for k, v in metadata.items()
             if k in NEW_DATASET_FIELDS and v not in (None, "")}  # fmt: skip
    title = str(clean.get("title", ""))
    if len(title) < 3:
        raise InvalidInputError("Judul dataset wajib diisi, paling sedikit 3 huruf.",
                                "The dataset title is required: at least 3 characters.",
                                type="invalid-metadata", details={"field": "title"})  # fmt: skip
    try:
        checked = DatasetMetadata.model_validate(clean)
    except ValidationError as exc:
        name = str(exc.errors()[0]["loc"][0]) if exc.errors() else "title"
        raise InvalidInputError(
            f"Isian '{name}' tidak sah: {clean.get(name, '')!s}. Pilih dari daftar yang tersedia.",
            f"The field '{name}' is invalid: {clean.get(name, '')!s}. Choose from the list.",
            type="invalid-metadata", details={"field": name},
        ) from exc  # fmt: skip
    kept = checked.model_dump(include=set(clean))
    return UploadTarget(dataset=free_slug(session, title), organization=org.code, title=title,
                        new=True, metadata=kept)  # fmt: skip


def start_check(queue: JobQueue, *, actor: Actor, target: UploadTarget, source: IO[bytes],
                filename: str, sheet: str | None = None) -> str:  # fmt: skip
    """Stage an uploaded file and queue its check; return the job id.

    Raises InvalidInputError without a file, IngestError for a file over the size limit.
    """
    name = Path(filename or "").name
    if not name:
        raise InvalidInputError("Pilih berkas yang akan diunggah.",
                                "Choose the file to upload.", type="file-required",
                                details={"field": "file"})  # fmt: skip
    path = queue.stage(source, name)
    limit = queue.runtime.settings.max_upload_bytes
    if path.stat().st_size > limit:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise too_large(name, limit)
    params = {"path": str(path), "filename": name, "sheet": sheet, **target.params()}
    return queue.submit(actor=actor, kind="check", params=params)


@dataclass(frozen=True)
class UploadJob:
    """A job of the wizard as its page shows it."""

    job: JobPublic
    target: UploadTarget
    filename: str
    sheet: str | None
    staged: Path
    check_job: str | None  # for an ingest job: the check it followed

    @property
    def staged_exists(self) -> bool:
        """Is the staged file still there (to check again or ingest)?"""
        return self.staged.is_file()

    @property
    def report(self) -> dict[str, Any] | None:
        """Return the validation report the job produced, if any.

        A check's result; or, for an ingest the checks refused, the report in its error.
        """
        if self.job.kind == "check" and self.job.result is not None:
            return self.job.result
        error = self.job.error or {}
        if self.job.kind == "ingest" and error.get("type") not in (None, "permission-denied",
                                                                   "not-found", "internal-error",
                                                                   "inactive-user"):  # fmt: skip
            details = error.get("details") or {}
            if "by_type" in details:
                return dict(details)
            return report_of_error(IngestError(error.get("message", ""),
                                               error.get("message_en", ""),
                                               type=str(error.get("type")), details=details))  # fmt: skip
        return None

    @property
    def upload_id(self) -> int | None:
        """Return the upload recorded for a refused ingest (its annotated copy is kept)."""
        found = ((self.job.error or {}).get("details") or {}).get("upload_id")
        return int(found) if found else None


def upload_job(session: Session, *, actor: Actor, job_id: str) -> UploadJob:
    """Return one of the actor's wizard jobs (someone else's is not found)."""
    job = get_job(session, actor=actor, job_id=job_id)
    record = job_record(session, job_id)
    params = dict(record.params) if record is not None else {}
    if job.kind not in ("check", "ingest") or "dataset" not in params or "path" not in params:
        raise NotFoundError(f"Unggahan '{job_id}' tidak ditemukan.",
                            f"Upload '{job_id}' was not found.", type="not-found",
                            details={"key": job_id})  # fmt: skip
    return UploadJob(job=job, target=UploadTarget.of_params(params),
                     filename=params.get("filename", ""), sheet=params.get("sheet"),
                     staged=Path(params["path"]), check_job=params.get("check_job"))  # fmt: skip


def _gone(filename: str) -> ConflictError:
    return ConflictError(
        f"Berkas sementara '{filename}' sudah tidak ada (sudah diproses atau kedaluwarsa). "
        "Unggah berkasnya lagi.",
        f"The staged file '{filename}' is gone (already processed or expired). Upload it again.",
        type="staged-file-gone",
    )  # fmt: skip


def _still_allowed(session: Session, actor: Actor, found: UploadJob) -> None:
    """Check again that the actor may upload to the target (memberships change)."""
    if found.target.new:
        require_write(actor, organization=get_organization_row(
            session, found.target.organization).code)  # fmt: skip
        if session.scalar(select(Dataset.id).where(Dataset.slug == found.target.dataset)):
            raise ConflictError(
                f"Alamat dataset '{found.target.dataset}' baru saja dipakai dataset lain. "
                "Mulai lagi dari pilihan dataset.",
                f"The dataset address '{found.target.dataset}' was just taken by another "
                "dataset. Start again from the dataset choice.", type="duplicate-dataset",
            )  # fmt: skip
    else:
        existing_target(session, actor=actor, slug=found.target.dataset)


def retry_target(session: Session, *, actor: Actor, job_id: str) -> UploadTarget:
    """Return the target of a job, to send a fixed file for the same dataset.

    The previous check's staged file goes (unless an upload was started from it).
    """
    found = upload_job(session, actor=actor, job_id=job_id)
    _still_allowed(session, actor, found)
    mark = found.staged.parent / INGEST_MARK
    if found.job.kind == "check" and found.job.finished and not mark.exists():
        shutil.rmtree(found.staged.parent, ignore_errors=True)
    return found.target


def recheck(queue: JobQueue, session: Session, *, actor: Actor, job_id: str,
            sheet: str) -> str:  # fmt: skip
    """Check the same staged file again on another sheet; return the new job id."""
    found = upload_job(session, actor=actor, job_id=job_id)
    if found.job.kind != "check" or not found.staged_exists:
        raise _gone(found.filename)
    _still_allowed(session, actor, found)
    session.close()  # the job writes from its own sessions (SQLite: no lock held here)
    params = {"path": str(found.staged), "filename": found.filename, "sheet": sheet or None,
              **found.target.params()}  # fmt: skip
    return queue.submit(actor=actor, kind="check", params=params)


def start_ingest(queue: JobQueue, session: Session, *, actor: Actor, job_id: str) -> str:
    """Turn a checked file without errors into a new draft version; return the job id.

    Sending the same check twice leads to the same ingest job.
    """
    found = upload_job(session, actor=actor, job_id=job_id)
    if found.job.kind != "check" or found.job.state != "done":
        raise ConflictError("Berkas ini belum selesai diperiksa.",
                            "This file has not been checked yet.", type="not-checked")  # fmt: skip
    errors = int((found.report or {}).get("error_count") or 0)
    if errors:
        raise ConflictError(
            f"Berkas ini masih memuat {errors} kesalahan. Perbaiki di Excel lalu unggah lagi.",
            f"This file still has {errors} errors. Fix them in Excel and upload it again.",
            type="file-has-errors", details={"error_count": errors},
        )  # fmt: skip
    mark = found.staged.parent / INGEST_MARK
    if mark.is_file() and mark.read_text().strip():
        return mark.read_text().strip()
    if not found.staged_exists:
        raise _gone(found.filename)
    _still_allowed(session, actor, found)
    session.close()
    try:
        fd = os.open(mark, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
    except FileExistsError:  # a second click while the first is being queued
        raise ConflictError("Berkas ini sedang diunggah.", "This file is being uploaded.",
                            type="ingest-started") from None  # fmt: skip
    params = {"path": str(found.staged), "filename": found.filename, "sheet": found.sheet,
              "remove_after": True, "check_job": found.job.id, **found.target.params()}  # fmt: skip
    try:
        with os.fdopen(fd, "w") as out:
            new_id = queue.submit(actor=actor, kind="ingest", params=params)
            if found.staged.parent.is_dir():
                out.write(new_id)
    except BaseException:
        mark.unlink(missing_ok=True)
        raise
    return new_id


def _annotated_name(filename: str) -> str:
    return f"{Path(filename).stem or 'berkas'}-ditandai.xlsx"


def annotated_upload(session: Session, lake: Lake, *, actor: Actor, upload_id: int,
                     out: Path) -> str:  # fmt: skip
    """Write a recorded upload's kept original, annotated with its report, to `out`.

    Only its OPD (and the walidata) may: `ingest.uploads.upload_file` checks.
    """
    kept = upload_file(session, lake, actor=actor, upload_id=upload_id)
    work = lake.temp_path(Path(kept.filename).suffix or ".bin")
    shutil.copyfile(kept.path, work)  # the kept original is never opened for writing
    try:
        annotate_file(work, kept.report, out, filename=kept.filename, sheet=kept.sheet)
    finally:
        work.unlink(missing_ok=True)
    return _annotated_name(kept.filename)


def annotated_copy(session: Session, lake: Lake, *, actor: Actor, job_id: str,
                   out: Path) -> str:  # fmt: skip
    """Write the job's file, annotated with its report, to `out`; return a download name.

    A check: the staged file with the check's report. A refused ingest: the kept original
    of the recorded upload with its report.
    """
    found = upload_job(session, actor=actor, job_id=job_id)
    if found.upload_id is not None:
        return annotated_upload(session, lake, actor=actor, upload_id=found.upload_id, out=out)
    name = _annotated_name(found.filename)
    report = found.report
    if found.job.kind != "check" or report is None:
        raise NotFoundError("Belum ada laporan untuk ditandai pada berkas ini.",
                            "There is no report to mark on this file yet.", type="not-found",
                            details={"key": job_id})  # fmt: skip
    if not found.staged_exists:
        raise _gone(found.filename)
    annotate_file(found.staged, report, out, filename=found.filename, sheet=found.sheet)
    return name
