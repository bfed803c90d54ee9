"""The agency workspace ("Data Saya", `/saya/…`): an OPD's datasets, the inbox, one dataset.

The upload wizard is `web/upload.py`. What each page shows comes from
`review.agency` (datasets, versions, reviews, due dates) and `notify.service` (inbox);
every action is a form post to a domain service with the signed-in actor, then a
redirect with a notice. The services check every permission again.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, BackgroundTasks
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.api.errors import status_of
from satudata.catalog.schema import DatasetPublic, DatasetUpdate
from satudata.catalog.service import get_dataset, update_dataset
from satudata.errors import ConflictError, InvalidInputError, SatudataError
from satudata.notify.mail import send_pending_email
from satudata.notify.service import list_inbox, mark_read
from satudata.review import service
from satudata.review.agency import (
    agency_dataset,
    agency_datasets,
    returned_version_reasons,
    workspace_organizations,
)
from satudata.review.checklist import ITEMS
from satudata.web.i18n import N_
from satudata.web.page import FormDep, Page, PageDep, form_text

router = APIRouter(include_in_schema=False)
D = "/saya/dataset/{slug}"
V = f"{D}/versi/{{number}}"
RULES = {
    ("GET", "/saya"): "signed-in",
    ("POST", "/saya/kotak-masuk/{notification_id}/baca"): "signed-in",
    ("GET", D): "org-write",
    ("POST", f"{D}/metadata"): "org-write",
    ("POST", f"{V}/ajukan"): "org-write",
    ("POST", f"{V}/tarik"): "org-write",
    ("POST", f"{V}/komentar"): "commenter",
}
# Names of the states as review/states.py gives them (STATE_NAMES_ID), to translate.
STATE_LABELS = {
    "draft": N_("draf"), "submitted": N_("diajukan"), "in_review": N_("diperiksa"),
    "returned": N_("dikembalikan"), "approved": N_("disetujui"),
    "pembina_review": N_("diperiksa pembina"), "published": N_("terbit"),
    "superseded": N_("digantikan"), "unpublished": N_("diturunkan"), "withdrawn": N_("ditarik"),
}  # fmt: skip
FREQUENCY_LABELS = {
    "": N_("belum diisi"), "tahunan": N_("tahunan"), "semesteran": N_("semesteran"),
    "triwulanan": N_("triwulanan"), "bulanan": N_("bulanan"), "mingguan": N_("mingguan"),
    "harian": N_("harian"), "sewaktu-waktu": N_("sewaktu-waktu"),
}  # fmt: skip
REGION_LEVEL_LABELS = {
    "": N_("belum diisi"), "provinsi": N_("provinsi"), "kabupaten_kota": N_("kabupaten/kota"),
    "kecamatan": N_("kecamatan"), "desa": N_("desa/kelurahan"),
}  # fmt: skip
ACCESS_LABELS = {"terbuka": N_("terbuka (publik)"),
                 "terbatas": N_("terbatas (pegawai pemerintah yang masuk)"),
                 "tertutup": N_("tertutup (OPD pemilik, walidata, pimpinan)")}  # fmt: skip
ITEM_LABELS = {"umum": N_("Catatan umum")}
# The SDI metadata the agency edits (catalog.schema.DatasetUpdate), in the form's order.
TEXT_FIELDS = {
    "title": N_("Judul"), "description": N_("Deskripsi"), "sector": N_("Sektor/urusan"),
    "concept": N_("Konsep"), "definition": N_("Definisi"), "classification": N_("Klasifikasi"),
    "measure": N_("Ukuran"), "unit": N_("Satuan"), "period_coverage": N_("Cakupan periode"),
    "source": N_("Sumber data"), "producer": N_("Produsen data"),
    "release_schedule": N_("Jadwal rilis"), "license": N_("Lisensi"),
    "bps_indicator_code": N_("Kode indikator BPS"), "kode_dssd": N_("Kode DSSD"),
}  # fmt: skip
LONG_FIELDS = frozenset({"description", "concept", "definition", "classification"})
CHOICE_FIELDS = {"frequency": (N_("Frekuensi"), FREQUENCY_LABELS),
                 "region_level": (N_("Tingkat penyajian"), REGION_LEVEL_LABELS),
                 "access_level": (N_("Tingkat akses"), ACCESS_LABELS)}  # fmt: skip
FIELD_LABELS = {**TEXT_FIELDS, **{k: v[0] for k, v in CHOICE_FIELDS.items()},
                "tags": N_("Kata kunci"), "priority": N_("Data prioritas")}  # fmt: skip
LABELS = {"states": STATE_LABELS, "frequencies": FREQUENCY_LABELS, "items": ITEM_LABELS,
          "region_levels": REGION_LEVEL_LABELS, "access": ACCESS_LABELS,
          "fields": FIELD_LABELS}  # fmt: skip


# --- Data Saya: the OPD's datasets and the inbox -----------------------------------------


@router.get("/saya")
def overview(page: PageDep, session: SessionDep, opd: str = "") -> Response:
    """The OPD's datasets with their state and next due date, and the inbox."""
    organizations = workspace_organizations(session, actor=page.actor)
    codes = [o.code for o in organizations]
    if opd in codes:
        chosen = [opd]
    elif page.actor.is_admin:  # every OPD: one at a time
        chosen = codes[:1]
    else:
        chosen = codes
    groups = agency_datasets(session, actor=page.actor, organizations=chosen)
    inbox = list_inbox(session, actor=page.actor, limit=10) if page.actor.user_id else None
    return page.render("workspace/overview.html", {
        "organizations": organizations, "groups": groups, "chosen": opd if opd in codes else "",
        "inbox": inbox, "labels": LABELS, "items": ITEMS,
    })  # fmt: skip


@router.post("/saya/kotak-masuk/{notification_id}/baca")
def read_notice(notification_id: int, page: PageDep, session: SessionDep) -> Response:
    """Mark one of the inbox's notices read."""
    mark_read(session, actor=page.actor, notification_id=notification_id)
    return page.redirect("/saya#kotak-masuk", notice=page.gettext("Pemberitahuan ditandai dibaca."))


# --- one dataset: versions, reviews, comments, metadata ------------------------------------


def _dataset_page(page: Page, session: Session, slug: str, *, error: SatudataError | None = None,
                  failed: str = "", entered: dict[str, Any] | None = None) -> Response:  # fmt: skip
    view = agency_dataset(session, actor=page.actor, slug=slug)
    d = view.dataset
    values = {name: getattr(d, name) for name in [*TEXT_FIELDS, *CHOICE_FIELDS]}
    values["tags"] = ", ".join(d.tags)
    values["priority"] = d.priority
    return page.render("workspace/dataset.html", {
        "view": view, "d": d, "labels": LABELS, "items": ITEMS,
        "text_fields": TEXT_FIELDS, "long_fields": LONG_FIELDS, "choice_fields": CHOICE_FIELDS,
        "values": {**values, **(entered or {})}, "returned": returned_version_reasons(view),
        "error": page.message(error) if error else "", "failed": failed,
        "error_field": (error.details.get("field", "") if error else ""),
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(D)
def dataset_page(slug: str, page: PageDep, session: SessionDep) -> Response:
    """A dataset of the OPD: its versions and their state, reviews, comments and metadata."""
    return _dataset_page(page, session, slug)


def _metadata_change(page: Page, form: FormData, current: DatasetPublic) -> tuple[
        DatasetUpdate | None, dict[str, Any], SatudataError | None]:  # fmt: skip
    """Read the metadata form: the fields that changed (or the error naming the field),
    and what was typed."""
    entered: dict[str, Any] = {name: form_text(form, name).strip()
                               for name in [*TEXT_FIELDS, *CHOICE_FIELDS, "tags"]}  # fmt: skip
    entered["priority"] = form_text(form, "priority") == "ya"
    change: dict[str, Any] = {k: v for k, v in entered.items() if k != "tags"}
    change["tags"] = sorted({" ".join(t.lower().split()) for t in entered["tags"].split(",")
                             if t.strip()})  # fmt: skip
    now = {name: getattr(current, name) for name in change}
    now["tags"] = sorted(current.tags)
    change = {k: v for k, v in change.items() if v != now[k]}
    try:
        return DatasetUpdate(**change), entered, None
    except ValidationError as exc:
        first = exc.errors()[0]
        name = str(first["loc"][0]) if first["loc"] else ""
        label = FIELD_LABELS.get(name, name)
        limit = (first.get("ctx") or {}).get("min_length") or (first.get("ctx") or {}).get(
            "max_length")  # fmt: skip
        error = InvalidInputError(
            f"Isian '{label}' tidak sah" + (f" (panjang {limit} huruf atau sesuai batas)"
                                            if limit else "") + ": periksa lalu simpan lagi.",
            f"The field '{page.gettext(label)}' is invalid"
            + (f" (length limit {limit})" if limit else "") + ": check it and save again.",
            type="invalid-metadata", details={"field": name},
        )  # fmt: skip
        return None, entered, error


@router.post(f"{D}/metadata")
def edit_metadata(slug: str, page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Change the dataset's metadata (after publication the walidata approves it first)."""
    current = get_dataset(session, actor=page.actor, slug=slug)
    change, entered, error = _metadata_change(page, form, current)
    if change is None:
        return _dataset_page(page, session, slug, error=error, failed="metadata", entered=entered)
    if not change.model_fields_set:
        return page.redirect(f"/saya/dataset/{slug}#metadata",
                             notice=page.gettext("Tidak ada perubahan metadata."))  # fmt: skip
    try:
        updated = update_dataset(session, actor=page.actor, slug=slug, data=change)
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _dataset_page(page, session, slug, error=exc, failed="metadata", entered=entered)
    notice = (page.gettext("Perubahan metadata dikirim ke walidata; berlaku setelah disetujui.")
              if updated.pending_changes else page.gettext("Metadata tersimpan."))  # fmt: skip
    return page.redirect(f"/saya/dataset/{slug}#metadata", notice=notice)


def _move(page: Page, session: Session, slug: str, act: Any, notice: str, anchor: str,
          mail: BackgroundTasks | None = None, settings: Any = None) -> Response:  # fmt: skip
    try:
        act()
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _dataset_page(page, session, slug, error=exc, failed=anchor)
    if mail is not None:
        session.commit()
        mail.add_task(send_pending_email, page.request.app.state.runtime.sessions, settings)
    return page.redirect(f"/saya/dataset/{slug}#{anchor}", notice=notice)


@router.post(f"{V}/ajukan")
def submit(slug: str, number: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
           mail: BackgroundTasks) -> Response:  # fmt: skip
    """Send a draft (or a fixed returned version) to the walidata."""
    return _move(page, session, slug, lambda: service.submit_version(
        session, actor=page.actor, slug=slug, number=number, settings=runtime.settings),
        page.gettext("Versi %(number)s diajukan ke walidata. Anda akan diberi tahu hasil "
                     "pemeriksaannya.", number=number), "versi", mail, runtime.settings)  # fmt: skip


@router.post(f"{V}/tarik")
def withdraw(slug: str, number: int, page: PageDep, session: SessionDep) -> Response:
    """Take a submission back before the walidata decides."""
    return _move(page, session, slug, lambda: service.withdraw_version(
        session, actor=page.actor, slug=slug, number=number),
        page.gettext("Pengajuan versi %(number)s ditarik.", number=number), "versi")  # fmt: skip


@router.post(f"{V}/komentar")
def comment(slug: str, number: int, page: PageDep, session: SessionDep,
            form: FormDep) -> Response:  # fmt: skip
    """Add a comment to a version (for the walidata to read)."""
    return _move(page, session, slug, lambda: service.comment_version(
        session, actor=page.actor, slug=slug, number=number, body=form_text(form, "body")),
        page.gettext("Komentar tersimpan."), f"komentar-{number}")  # fmt: skip
