"""The upload wizard (`/saya/unggah/…`): dataset → file → check → sheet, columns, report →
upload → submit.

Each step is its own page. Before the file is sent, the choice travels in the address
(`?dataset=slug`, or the new dataset's fields), so a reload loses nothing; from the file
on, everything lives in job records (`jobs.wizard`): the job page renders from the job,
whatever its state, and `portal.js` reloads it when a running job ends. All text is in
the templates (`templates/workspace/`); errors are the services' own, in both languages.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import IO, Any

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from sqlalchemy.orm import Session
from starlette.background import BackgroundTask
from starlette.datastructures import FormData, QueryParams
from starlette.datastructures import UploadFile as StarletteUploadFile

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.api.errors import status_of
from satudata.errors import SatudataError
from satudata.jobs.queue import JobQueue
from satudata.jobs.wizard import (
    NEW_DATASET_FIELDS,
    UploadJob,
    UploadTarget,
    annotated_copy,
    annotated_upload,
    existing_target,
    new_target,
    recheck,
    retry_target,
    start_check,
    start_ingest,
    upload_job,
)
from satudata.review.agency import agency_datasets, workspace_organizations
from satudata.tableschema.model import TYPE_NAMES_ID
from satudata.web.page import FormDep, Page, PageDep
from satudata.web.workspace import LABELS

router = APIRouter(include_in_schema=False)
U = "/saya/unggah"
J = f"{U}/{{job_id}}"
RULES = {
    ("GET", U): "signed-in",
    ("GET", f"{U}/baru"): "signed-in",
    ("GET", f"{U}/berkas"): "signed-in",
    ("POST", f"{U}/berkas"): "signed-in",
    ("GET", J): "signed-in",
    ("POST", f"{J}/lembar"): "signed-in",
    ("POST", f"{J}/simpan"): "signed-in",
    ("POST", f"{J}/ulang"): "signed-in",
    ("GET", f"{J}/unduh-bertanda"): "signed-in",
    ("GET", "/saya/unggahan/{upload_id}/unduh-bertanda"): "org-write",
}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ACCEPT = ".xlsx,.xls,.ods,.csv,.txt,.json,.html,.htm"
SHOWN_PER_COLUMN = 50  # findings listed per column on the page (totals stay exact)
# Form field names of a new dataset (Indonesian, as they show in the address).
NEW_FIELD_NAMES = {"title": "judul", "description": "deskripsi", "sector": "sektor",
                   "frequency": "frekuensi", "region_level": "tingkat", "access_level": "akses",
                   "unit": "satuan", "source": "sumber"}  # fmt: skip
assert set(NEW_FIELD_NAMES) == set(NEW_DATASET_FIELDS)


def _queue(page: Page) -> JobQueue:
    queue: JobQueue = page.request.app.state.jobs
    return queue


# --- step 1: which dataset ---------------------------------------------------------------


@router.get(U)
def choose_dataset(page: PageDep, session: SessionDep, dataset: str = "") -> Response:
    """Step 1: choose a dataset of your OPD, or start a new one."""
    organizations = workspace_organizations(session, actor=page.actor)
    codes = [o.code for o in organizations]
    shown = codes if not page.actor.is_admin else codes[:1]
    opd = page.request.query_params.get("opd", "")
    if opd in codes:
        shown = [opd]
    groups = agency_datasets(session, actor=page.actor, organizations=shown)
    return page.render("workspace/choose.html", {
        "organizations": organizations, "groups": groups, "selected": dataset, "opd": opd,
        "labels": LABELS})  # fmt: skip


def _new_values(params: QueryParams | FormData) -> dict[str, str]:
    return {field: str(params.get(name) or "") for field, name in NEW_FIELD_NAMES.items()}


def _new_form(page: Page, session: Session, values: dict[str, str], organization: str, *,
              error: SatudataError | None = None) -> Response:  # fmt: skip
    organizations = workspace_organizations(session, actor=page.actor)
    return page.render("workspace/new.html", {
        "organizations": organizations, "values": values, "organization": organization,
        "names": NEW_FIELD_NAMES, "labels": LABELS, "error": page.message(error) if error else "",
        "error_field": error.details.get("field", "") if error else "",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{U}/baru")
def new_dataset_form(page: PageDep, session: SessionDep) -> Response:
    """Step 1b: describe a new dataset (it is created with its first accepted file)."""
    params = page.request.query_params
    return _new_form(page, session, _new_values(params), params.get("opd", ""))


# --- step 2: the file ----------------------------------------------------------------------


def _target(page: Page, session: Session, source: QueryParams | FormData) -> UploadTarget:
    """Return the target the address or form names (checking the actor may upload to it)."""
    slug = str(source.get("dataset") or "")
    if slug:
        return existing_target(session, actor=page.actor, slug=slug)
    organizations = workspace_organizations(session, actor=page.actor)
    organization = str(source.get("opd") or "")
    if not organization and len(organizations) == 1:
        organization = organizations[0].code
    return new_target(session, actor=page.actor, organization=organization,
                      metadata=_new_values(source))  # fmt: skip


def _file_form(page: Page, target: UploadTarget, *, error: SatudataError | None = None) -> Response:
    settings = page.request.app.state.runtime.settings
    return page.render("workspace/file.html", {
        "target": target, "names": NEW_FIELD_NAMES, "accept": ACCEPT, "labels": LABELS,
        "max_mb": settings.max_upload_mb, "error": page.message(error) if error else "",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{U}/berkas")
def file_form(page: PageDep, session: SessionDep) -> Response:
    """Step 2: choose the file for the chosen (or new) dataset."""
    params = page.request.query_params
    if not params.get("dataset") and not params.get("baru"):
        return page.redirect(U)
    try:
        target = _target(page, session, params)
    except SatudataError as exc:
        if params.get("dataset") or status_of(exc) in (401, 403, 404):
            raise
        return _new_form(page, session, _new_values(params), params.get("opd", ""), error=exc)
    return _file_form(page, target)


def _file(form: FormData) -> tuple[IO[bytes], str]:
    """Return the posted file and its name (an empty one when none was chosen)."""
    value = form.get("file")
    if isinstance(value, StarletteUploadFile):
        return value.file, value.filename or ""
    return io.BytesIO(b""), ""


@router.post(f"{U}/berkas")
def send_file(page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Stage the file and start its check; go on to the job's page."""
    target = _target(page, session, form)
    session.close()  # the job writes from its own sessions
    try:
        source, filename = _file(form)
        job_id = start_check(_queue(page), actor=page.actor, target=target, source=source,
                             filename=filename)  # fmt: skip
    except SatudataError as exc:
        if status_of(exc) in (401, 403, 404):
            raise
        return _file_form(page, target, error=exc)
    return page.redirect(f"{U}/{job_id}")


# --- the job page: progress, then sheet, columns, report, and the next step ----------------


def _groups(report: dict[str, Any], fields: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group a report's findings by column, in the table's order, with exact counts.

    Findings about no column (the whole table, a row's shape) form the first group.
    """
    by_column = report.get("by_column") or {}
    listed = [*(report.get("errors") or []), *(report.get("warnings") or [])]
    titles = {f["name"]: f.get("title") or f["name"] for f in fields}
    order = [f["name"] for f in fields] + sorted(set(by_column) - set(titles))
    groups = []
    table_errors = int(report.get("error_count") or 0) - sum(
        int(c.get("errors", 0)) for c in by_column.values())  # fmt: skip
    table_warnings = int(report.get("warning_count") or 0) - sum(
        int(c.get("warnings", 0)) for c in by_column.values())  # fmt: skip
    general = [f for f in listed if not f.get("field")]
    if general or table_errors or table_warnings:
        groups.append({"field": "", "title": "", "errors": max(table_errors, 0),
                       "warnings": max(table_warnings, 0), "findings": general[:SHOWN_PER_COLUMN],
                       "listed": len(general)})  # fmt: skip
    for name in order:
        counts = by_column.get(name)
        if not counts or not (counts.get("errors") or counts.get("warnings")):
            continue
        mine = [f for f in listed if f.get("field") == name]
        groups.append({"field": name, "title": titles.get(name, name),
                       "errors": int(counts.get("errors", 0)),
                       "warnings": int(counts.get("warnings", 0)),
                       "findings": mine[:SHOWN_PER_COLUMN], "listed": len(mine)})  # fmt: skip
    return groups


def _job_page(page: Page, found: UploadJob, *, error: SatudataError | None = None) -> Response:
    report = found.report
    result = found.job.result or {}
    schema = (result.get("table_schema") if found.job.kind == "check" else None) or {}
    fields = schema.get("fields") or []
    settings = page.request.app.state.runtime.settings
    return page.render("workspace/job.html", {
        "u": found, "job": found.job, "report": report, "result": result,
        "outline": result.get("outline") or {}, "fields": fields,
        "groups": _groups(report, fields) if report else [],
        "type_names": TYPE_NAMES_ID, "labels": LABELS, "accept": ACCEPT,
        "max_mb": settings.max_upload_mb, "shown_per_column": SHOWN_PER_COLUMN,
        "error": page.message(error) if error else "",
        "base": f"{U}/{found.job.id}",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(J)
def job_page(job_id: str, page: PageDep, session: SessionDep) -> Response:
    """A file's check or upload: progress while it runs, then its result."""
    return _job_page(page, upload_job(session, actor=page.actor, job_id=job_id))


def _retry(page: Page, session: Session, job_id: str, exc: SatudataError) -> Response:
    if status_of(exc) in (401, 403, 404):
        raise exc
    session.rollback()
    return _job_page(page, upload_job(session, actor=page.actor, job_id=job_id), error=exc)


@router.post(f"{J}/lembar")
def choose_sheet(job_id: str, page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Check the same file again, reading another sheet."""
    sheet = form.get("sheet")
    try:
        new_id = recheck(_queue(page), session, actor=page.actor, job_id=job_id,
                         sheet=sheet if isinstance(sheet, str) else "")  # fmt: skip
    except SatudataError as exc:
        return _retry(page, session, job_id, exc)
    return page.redirect(f"{U}/{new_id}")


@router.post(f"{J}/simpan")
def save(job_id: str, page: PageDep, session: SessionDep) -> Response:
    """Upload the checked file: it becomes a new draft version of the dataset."""
    try:
        new_id = start_ingest(_queue(page), session, actor=page.actor, job_id=job_id)
    except SatudataError as exc:
        return _retry(page, session, job_id, exc)
    return page.redirect(f"{U}/{new_id}")


@router.post(f"{J}/ulang")
def send_again(job_id: str, page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Send a (fixed) file again for the same dataset; it is checked first."""
    try:
        target = retry_target(session, actor=page.actor, job_id=job_id)
        session.close()
        source, filename = _file(form)
        new_id = start_check(_queue(page), actor=page.actor, target=target, source=source,
                             filename=filename)  # fmt: skip
    except SatudataError as exc:
        return _retry(page, session, job_id, exc)
    return page.redirect(f"{U}/{new_id}")


def _download(path: Path, name: str) -> FileResponse:
    return FileResponse(path, media_type=XLSX, filename=name,
                        background=BackgroundTask(path.unlink, missing_ok=True))  # fmt: skip


@router.get(f"{J}/unduh-bertanda")
def annotated(job_id: str, page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """Download your file with every problem marked at its cell, and a summary sheet."""
    out = runtime.lake.temp_path(".xlsx")
    try:
        name = annotated_copy(session, runtime.lake, actor=page.actor, job_id=job_id, out=out)
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return _download(out, name)


@router.get("/saya/unggahan/{upload_id}/unduh-bertanda")
def annotated_refused(upload_id: int, page: PageDep, session: SessionDep,
                      runtime: RuntimeDep) -> Response:  # fmt: skip
    """Download a refused upload of your OPD, marked with its report."""
    out = runtime.lake.temp_path(".xlsx")
    try:
        name = annotated_upload(session, runtime.lake, actor=page.actor, upload_id=upload_id,
                                out=out)  # fmt: skip
    except BaseException:
        out.unlink(missing_ok=True)
        raise
    return _download(out, name)
