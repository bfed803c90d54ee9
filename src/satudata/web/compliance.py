"""The compliance pages (`/kepatuhan/…`): the board, an OPD's gaps, the Daftar Data, reports.

Every page calls `satudata.compliance` with the signed-in actor; the services check who
may see and change what (an OPD sees its own items; the walidata keeps the list and makes
the reports). Forms post back here and go on with a notice, or show the form again with
the reason naming the field and the value.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.datastructures import UploadFile as StarletteUploadFile

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.api.errors import status_of
from satudata.auth.policy import (
    can_maintain_data_list,
    can_read_organization_items,
    require_board_reader,
)
from satudata.catalog.periods import today_wib
from satudata.catalog.service import list_organizations
from satudata.compliance import board as boards
from satudata.compliance import daftar, report, sheet
from satudata.compliance.report_files import MEDIA_TYPES, report_file
from satudata.compliance.schema import DataListItemCreate, DataListItemUpdate, TrendPoint
from satudata.errors import ConflictError, InvalidInputError, SatudataError
from satudata.lake.store import too_large
from satudata.runtime import Runtime
from satudata.web.desk import FIELD_LABELS
from satudata.web.i18n import N_
from satudata.web.page import FormDep, Page, PageDep, form_text

router = APIRouter(include_in_schema=False)
K = "/kepatuhan"
RULES = {
    ("GET", K): "signed-in",
    ("GET", f"{K}/opd/{{code}}"): "reader",
    ("GET", f"{K}/daftar"): "signed-in",
    ("POST", f"{K}/daftar"): "reviewer",
    ("GET", f"{K}/daftar.xlsx"): "signed-in",
    ("POST", f"{K}/daftar/impor"): "reviewer",
    ("GET", f"{K}/daftar/{{item_id}}"): "signed-in",
    ("POST", f"{K}/daftar/{{item_id}}"): "reviewer",
    ("POST", f"{K}/daftar/{{item_id}}/hapus"): "reviewer",
    ("GET", f"{K}/laporan"): "signed-in",
    ("POST", f"{K}/laporan"): "reviewer",
    ("GET", f"{K}/laporan/{{month}}"): "signed-in",
    ("GET", f"{K}/laporan/{{month}}/unduh"): "signed-in",
}
FREQUENCIES = {"tahunan": N_("Tahunan"), "semesteran": N_("Semesteran"),
               "triwulanan": N_("Triwulanan"), "bulanan": N_("Bulanan"),
               "mingguan": N_("Mingguan"), "harian": N_("Harian")}  # fmt: skip
COVERAGES = {"kabupaten_kota": N_("38 kabupaten/kota"), "kecamatan": N_("Semua kecamatan"),
             "provinsi": N_("Provinsi saja")}  # fmt: skip
ITEM_FIELDS = {
    "organization": N_("Perangkat daerah (OPD)"), "title": N_("Judul data"),
    "dataset": N_("Dataset tertaut"), "frequency": N_("Frekuensi"),
    "region_level": N_("Cakupan wilayah"), "priority": N_("Data prioritas"),
    "sector": N_("Sektor"), "start_date": N_("Berlaku sejak"), "end_date": N_("Berakhir"),
    "due_months": N_("Tenggat: bulan setelah periode"), "due_day": N_("Tenggat: tanggal"),
    "due_days": N_("Tenggat: tambahan hari"), "notes": N_("Keterangan"),
}  # fmt: skip
TEXT_FIELDS = ("organization", "title", "dataset", "frequency", "region_level", "sector",
               "start_date", "end_date", "due_months", "due_day", "due_days", "notes")  # fmt: skip
OPTIONAL = ("dataset", "end_date", "due_months", "due_day", "due_days")
LABELS = {"frequencies": FREQUENCIES, "coverages": COVERAGES, "fields": ITEM_FIELDS,
          "metadata": FIELD_LABELS}  # fmt: skip
SPARK = (120, 28)  # width, height of a trend line in pixels


def _as_of(page: Page) -> tuple[date | None, str]:
    """Read `?tanggal=` (the date to look back to); return it and what was typed."""
    typed = page.request.query_params.get("tanggal", "").strip()
    if not typed:
        return None, ""
    try:
        return date.fromisoformat(typed), typed
    except ValueError:
        raise InvalidInputError(
            f"Tanggal '{typed}' tidak sah; tulis seperti {today_wib().isoformat()}.",
            f"Invalid date '{typed}'; write it like {today_wib().isoformat()}.",
            type="invalid-date",
            details={"field": "tanggal", "value": typed},
        ) from None


def sparkline(trend: list[TrendPoint]) -> str:
    """Return the SVG polyline points of a monthly score trend (0–100), months with a score."""
    width, height = SPARK
    step = width / max(len(trend) - 1, 1)
    return " ".join(f"{i * step:.1f},{height - 2 - (p.score or 0) * (height - 4) / 100:.1f}"
                    for i, p in enumerate(trend) if p.score is not None)  # fmt: skip


# --- the board ----------------------------------------------------------------------


@router.get(K)
def board_page(page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """Every OPD ranked by its score at a date, with its trend; filters by sector and priority."""
    require_board_reader(page.actor)
    params = page.request.query_params
    entered = {"sektor": params.get("sektor", ""), "prioritas": params.get("prioritas", "")}
    priority = {"ya": True, "tidak": False}.get(entered["prioritas"])
    error, status = "", 200
    try:
        as_of, entered["tanggal"] = _as_of(page)
    except InvalidInputError as exc:
        as_of, entered["tanggal"] = None, params.get("tanggal", "")
        error, status = page.message(exc), status_of(exc)
    result = boards.board(session, runtime.lake, actor=page.actor, as_of=as_of,
                          sector=entered["sektor"] or None, priority=priority,
                          cache=runtime.compliance_cache)  # fmt: skip
    return page.render("compliance/board.html", {
        "board": result, "entered": entered, "error": error,
        "sectors": daftar.sectors(session), "spark": SPARK, "sparkline": sparkline,
        "opens": lambda code: can_read_organization_items(page.actor, code),
        "maintainer": can_maintain_data_list(page.actor),
    }, status_code=status)  # fmt: skip


@router.get(f"{K}/opd/{{code}}")
def organization_page(code: str, page: PageDep, session: SessionDep,
                      runtime: RuntimeDep) -> Response:  # fmt: skip
    """One OPD: its score, trend, and each item with its periods and exact gaps."""
    error, status = "", 200
    try:
        as_of, typed = _as_of(page)
    except InvalidInputError as exc:
        as_of, typed = None, page.request.query_params.get("tanggal", "")
        error, status = page.message(exc), status_of(exc)
    detail = boards.organization_detail(session, runtime.lake, actor=page.actor, code=code,
                                        as_of=as_of, cache=runtime.compliance_cache)  # fmt: skip
    return page.render("compliance/organization.html", {
        "detail": detail, "o": detail.organization, "tanggal": typed, "error": error,
        "labels": LABELS, "spark": SPARK, "sparkline": sparkline,
        "maintainer": can_maintain_data_list(page.actor),
    }, status_code=status)  # fmt: skip


# --- the Daftar Data --------------------------------------------------------------------


def _list_page(page: Page, session: Session, *, entered: dict[str, Any] | None = None,
               error: SatudataError | None = None, failed: str = "") -> Response:  # fmt: skip
    params = page.request.query_params
    filters = {"opd": params.get("opd", ""), "sektor": params.get("sektor", "")}
    items = daftar.list_items(session, actor=page.actor, organization=filters["opd"] or None,
                              sector=filters["sektor"] or None)  # fmt: skip
    blank = {"frequency": "tahunan", "region_level": "kabupaten_kota",
             "start_date": f"{today_wib().year}-01-01", "organization": filters["opd"]}  # fmt: skip
    problems = error.details.get("errors", []) if error else []
    return page.render("compliance/daftar.html", {
        "items": items, "filters": filters, "sectors": daftar.sectors(session),
        "organizations": list_organizations(session, actor=page.actor),
        "maintainer": can_maintain_data_list(page.actor), "labels": LABELS,
        "values": {**blank, **(entered or {})}, "failed": failed, "problems": problems[:50],
        "more_problems": max(0, len(problems) - 50),
        "error": page.message(error) if error else "",
        "error_field": error.details.get("field", "") if error else "",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{K}/daftar")
def list_page(page: PageDep, session: SessionDep) -> Response:
    """The Daftar Data: every item the actor may see; the walidata adds, imports, exports."""
    return _list_page(page, session)


def _entered(form: FormData) -> dict[str, Any]:
    """Return what was typed into an item form."""
    return {**{name: form_text(form, name).strip() for name in TEXT_FIELDS},
            "priority": form_text(form, "priority") == "ya"}  # fmt: skip


def _item_values(entered: dict[str, Any], *, with_organization: bool) -> dict[str, Any]:
    """Turn the typed values into the model's fields (empty optional fields are none)."""
    values = {k: (None if k in OPTIONAL and v == "" else v) for k, v in entered.items()}
    if not with_organization:
        values.pop("organization")
    if values.get("dataset") is None and not with_organization:
        values["dataset"] = ""  # an emptied link unlinks the dataset
    return values


def _form_error(page: Page, exc: ValidationError, entered: dict[str, Any]) -> InvalidInputError:
    """Name the first field the form got wrong, with the value typed."""
    first = exc.errors()[0]
    name = str(first["loc"][0]) if first["loc"] else ""
    if name not in ITEM_FIELDS:  # a rule across fields: the end before the start
        name = "end_date"
    label = ITEM_FIELDS[name]
    value = entered.get(name, "")
    return InvalidInputError(
        f"Isian '{label}' tidak sah: '{value}'. Periksa lalu simpan lagi.",
        f"The field '{page.gettext(label)}' is invalid: '{value}'. Check it and save again.",
        type="invalid-input", details={"field": name, "value": value},
    )  # fmt: skip


@router.post(f"{K}/daftar")
def add_item(page: PageDep, session: SessionDep, form: FormDep) -> Response:
    """Add an item to an OPD's Daftar Data (the walidata)."""
    entered = _entered(form)
    try:
        data = DataListItemCreate(**_item_values(entered, with_organization=True))
        item = daftar.create_item(session, actor=page.actor, data=data)
    except ValidationError as exc:
        return _list_page(page, session, entered=entered, error=_form_error(page, exc, entered),
                          failed="add")  # fmt: skip
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _list_page(page, session, entered=entered, error=exc, failed="add")
    return page.redirect(f"{K}/daftar?opd={item.organization}#butir-{item.id}",
                         notice=page.gettext("Butir '%(title)s' ditambahkan ke Daftar Data "
                                             "%(org)s.", title=item.title,
                                             org=item.organization_name))  # fmt: skip


@router.get(f"{K}/daftar.xlsx")
def export_list(page: PageDep, session: SessionDep) -> Response:
    """Download the Daftar Data the actor may see as a workbook (importable again)."""
    content = sheet.export_data_list(session, actor=page.actor)
    return Response(content, media_type=MEDIA_TYPES["xlsx"],
                    headers={"Content-Disposition": 'attachment; filename="daftar-data.xlsx"'})  # fmt: skip


def _upload(form: FormData, runtime: Runtime) -> tuple[bytes, str]:
    """Return the posted spreadsheet and its name; refuse one over the upload limit."""
    value = form.get("file")
    if not isinstance(value, StarletteUploadFile) or not value.filename:
        raise InvalidInputError("Pilih berkas Daftar Data (XLSX atau CSV) lebih dulu.",
                                "Choose a Daftar Data file (XLSX or CSV) first.",
                                type="no-file", details={"field": "file"})  # fmt: skip
    limit = runtime.settings.max_upload_bytes
    content = value.file.read(limit + 1)
    if len(content) > limit:
        raise too_large(value.filename, limit)
    return content, value.filename


@router.post(f"{K}/daftar/impor")
def import_list(page: PageDep, session: SessionDep, runtime: RuntimeDep,
                form: FormDep) -> Response:  # fmt: skip
    """Add and update items from the walidata's spreadsheet: every row, or none."""
    try:
        content, filename = _upload(form, runtime)
        result = sheet.import_data_list(session, actor=page.actor, content=content,
                                        filename=filename)  # fmt: skip
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _list_page(page, session, error=exc, failed="import")
    return page.redirect(f"{K}/daftar", notice=page.gettext(
        "Daftar Data diimpor dari %(file)s: %(created)s butir baru, %(updated)s diubah, "
        "%(unchanged)s tetap.", file=filename, created=result.created, updated=result.updated,
        unchanged=result.unchanged))  # fmt: skip


def _item_page(page: Page, session: Session, runtime: Runtime, item_id: int, *,
               entered: dict[str, Any] | None = None,
               error: SatudataError | None = None) -> Response:  # fmt: skip
    row = daftar.get_item_row(session, actor=page.actor, item_id=item_id)
    item = daftar.item_public(row)
    score = boards.item_gaps(session, runtime.lake, actor=page.actor, item_id=item_id)
    values = {**item.model_dump(), **{k: "" if v is None else str(v) for k, v in
                                      item.model_dump(include=set(TEXT_FIELDS)).items()}}  # fmt: skip
    return page.render("compliance/item.html", {
        "item": item, "score": score, "labels": LABELS,
        "maintainer": can_maintain_data_list(page.actor),
        "values": {**values, **(entered or {})},
        "error": page.message(error) if error else "",
        "error_field": error.details.get("field", "") if error else "",
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{K}/daftar/{{item_id}}")
def item_page(item_id: int, page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """One item: what it asks, its periods and gaps today; the walidata edits it here."""
    return _item_page(page, session, runtime, item_id)


@router.post(f"{K}/daftar/{{item_id}}")
def edit_item(item_id: int, page: PageDep, session: SessionDep, runtime: RuntimeDep,
              form: FormDep) -> Response:  # fmt: skip
    """Change an item (the walidata); every change is in the audit log."""
    entered = _entered(form)
    try:
        data = DataListItemUpdate(**_item_values(entered, with_organization=False))
        item = daftar.update_item(session, actor=page.actor, item_id=item_id, data=data)
    except ValidationError as exc:
        return _item_page(page, session, runtime, item_id, entered=entered,
                          error=_form_error(page, exc, entered))  # fmt: skip
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _item_page(page, session, runtime, item_id, entered=entered, error=exc)
    return page.redirect(f"{K}/daftar/{item_id}",
                         notice=page.gettext("Butir '%(title)s' tersimpan.", title=item.title))  # fmt: skip


@router.post(f"{K}/daftar/{{item_id}}/hapus")
def remove_item(item_id: int, page: PageDep, session: SessionDep) -> Response:
    """Remove an item (the walidata); ending it keeps it in the history instead."""
    item = daftar.item_public(daftar.get_item_row(session, actor=page.actor, item_id=item_id))
    daftar.delete_item(session, actor=page.actor, item_id=item_id)
    return page.redirect(f"{K}/daftar?opd={item.organization}", notice=page.gettext(
        "Butir '%(title)s' dihapus dari Daftar Data.", title=item.title))  # fmt: skip


# --- monthly reports ----------------------------------------------------------------------


def _reports_page(page: Page, session: Session, *, month: str = "", replace: bool = False,
                  error: SatudataError | None = None) -> Response:  # fmt: skip
    return page.render("compliance/reports.html", {
        "reports": report.list_reports(session, actor=page.actor),
        "maintainer": can_maintain_data_list(page.actor),
        "month": month or report.previous_month(), "replace": replace,
        "error": page.message(error) if error else "",
        "exists": bool(error and error.type == "report-exists"),
    }, status_code=status_of(error) if error else 200)  # fmt: skip


@router.get(f"{K}/laporan")
def reports_page(page: PageDep, session: SessionDep) -> Response:
    """The kept monthly coordination reports; the walidata makes a new one here."""
    return _reports_page(page, session)


@router.post(f"{K}/laporan")
def make_report(page: PageDep, session: SessionDep, runtime: RuntimeDep,
                form: FormDep) -> Response:  # fmt: skip
    """Make the report of a month (again only as a new revision)."""
    month, replace = form_text(form, "month"), form_text(form, "replace") == "ya"
    try:
        made = report.generate_report(session, runtime.lake, actor=page.actor, month=month,
                                      replace=replace)  # fmt: skip
    except (InvalidInputError, ConflictError) as exc:
        session.rollback()
        return _reports_page(page, session, month=month, replace=replace, error=exc)
    return page.redirect(f"{K}/laporan/{made.month}?revisi={made.revision}", notice=page.gettext(
        "Laporan %(month)s revisi %(revision)s dibuat.", month=made.month,
        revision=made.revision))  # fmt: skip


def _revision(page: Page) -> int | None:
    typed = page.request.query_params.get("revisi", "")
    return int(typed) if typed.isdigit() else None


@router.get(f"{K}/laporan/{{month}}")
def report_page(month: str, page: PageDep, session: SessionDep) -> Response:
    """A kept report as a page: totals, each OPD's status, change and action items."""
    kept = report.get_report(session, actor=page.actor, month=month, revision=_revision(page))
    revisions = [r for r in report.list_reports(session, actor=page.actor) if r.month == month]
    return page.render("compliance/report.html", {"r": kept, "data": kept.data,
                                                  "revisions": revisions})  # fmt: skip


@router.get(f"{K}/laporan/{{month}}/unduh")
def download_report(month: str, page: PageDep, session: SessionDep) -> Response:
    """Download a kept report as PDF (`?format=pdf`, the default) or XLSX."""
    kept = report.get_report(session, actor=page.actor, month=month, revision=_revision(page))
    content, media_type, name = report_file(kept.data, page.request.query_params.get("format", ""),
                                            month=kept.month, revision=kept.revision)  # fmt: skip
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
