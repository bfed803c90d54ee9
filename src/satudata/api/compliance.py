"""REST v1: the Daftar Data, the compliance board, the OPD drill-down and monthly reports."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, File, Query, Response, UploadFile

from satudata.api.deps import ActorDep, RuntimeDep, SessionDep
from satudata.compliance import board as boards
from satudata.compliance import daftar, report, sheet
from satudata.compliance.report_files import report_file
from satudata.compliance.schema import (
    Board,
    DataListItemCreate,
    DataListItemPublic,
    DataListItemUpdate,
    ImportResult,
    OrganizationDetail,
)
from satudata.compliance.scores import ItemScore
from satudata.lake.store import too_large

router = APIRouter(prefix="/api/v1", tags=["compliance"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
AsOf = Annotated[date | None, Query(description="The date to look back to (default today, WIB).")]


@router.get("/daftar-data")
def list_items(session: SessionDep, actor: ActorDep, organization: str | None = None,
               sector: str | None = None,
               priority: bool | None = None) -> list[DataListItemPublic]:  # fmt: skip
    """List the Daftar Data items the caller may see (an OPD: its own)."""
    return daftar.list_items(session, actor=actor, organization=organization, sector=sector,
                             priority=priority)  # fmt: skip


@router.post("/daftar-data", status_code=201)
def create_item(data: DataListItemCreate, session: SessionDep,
                actor: ActorDep) -> DataListItemPublic:  # fmt: skip
    """Add an item to an OPD's Daftar Data (walidata)."""
    return daftar.create_item(session, actor=actor, data=data)


@router.patch("/daftar-data/{item_id}")
def update_item(item_id: int, data: DataListItemUpdate, session: SessionDep,
                actor: ActorDep) -> DataListItemPublic:  # fmt: skip
    """Change an item (walidata); `"dataset": ""` unlinks the dataset."""
    return daftar.update_item(session, actor=actor, item_id=item_id, data=data)


@router.delete("/daftar-data/{item_id}", status_code=204)
def delete_item(item_id: int, session: SessionDep, actor: ActorDep) -> Response:
    """Remove an item (walidata); set an end date instead to keep it in the history."""
    daftar.delete_item(session, actor=actor, item_id=item_id)
    return Response(status_code=204)


@router.get("/daftar-data/{item_id}/gaps")
def item_gaps(item_id: int, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
              as_of: AsOf = None) -> ItemScore:  # fmt: skip
    """Return an item's periods, score and exact gaps."""
    return boards.item_gaps(session, runtime.lake, actor=actor, item_id=item_id, as_of=as_of)


@router.get("/daftar-data.xlsx")
def export_items(session: SessionDep, actor: ActorDep) -> Response:
    """Download the Daftar Data the caller may see as a workbook (importable again)."""
    content = sheet.export_data_list(session, actor=actor)
    return Response(content, media_type=XLSX,
                    headers={"Content-Disposition": 'attachment; filename="daftar-data.xlsx"'})  # fmt: skip


@router.post("/daftar-data/import")
async def import_items(file: Annotated[UploadFile, File(description="XLSX or CSV")],
                       session: SessionDep, runtime: RuntimeDep,
                       actor: ActorDep) -> ImportResult:  # fmt: skip
    """Add and update items from the walidata's spreadsheet: every row, or none."""
    limit = runtime.settings.max_upload_bytes
    content = await file.read(limit + 1)
    if len(content) > limit:
        raise too_large(file.filename or "", limit)
    return sheet.import_data_list(session, actor=actor, content=content,
                                  filename=file.filename or "daftar-data.xlsx")  # fmt: skip


@router.get("/compliance/board")
def board(session: SessionDep, runtime: RuntimeDep, actor: ActorDep, as_of: AsOf = None,
          sector: str | None = None, priority: bool | None = None,
          months: Annotated[int, Query(ge=0, le=24)] = boards.TREND_MONTHS) -> Board:  # fmt: skip
    """Rank every OPD at a date, with its monthly trend (sector and priority filters)."""
    return boards.board(session, runtime.lake, actor=actor, as_of=as_of, sector=sector,
                        priority=priority, months=months,
                        cache=runtime.compliance_cache)  # fmt: skip


@router.get("/compliance/organizations/{code}")
def organization(code: str, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
                 as_of: AsOf = None) -> OrganizationDetail:  # fmt: skip
    """One OPD's items, their periods and exact gaps (the OPD itself, walidata, leaders)."""
    return boards.organization_detail(session, runtime.lake, actor=actor, code=code,
                                      as_of=as_of, cache=runtime.compliance_cache)  # fmt: skip


@router.get("/compliance/reports")
def list_reports(session: SessionDep, actor: ActorDep) -> list[report.ReportSummary]:
    """List the kept monthly reports, every revision."""
    return report.list_reports(session, actor=actor)


@router.post("/compliance/reports", status_code=201)
def generate_report(session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
                    month: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$")] = None,
                    replace: bool = False) -> report.ReportPublic:  # fmt: skip
    """Make the report of a month (default: the previous one); again only with replace."""
    return report.generate_report(session, runtime.lake, actor=actor,
                                  month=month or report.previous_month(), replace=replace)  # fmt: skip


@router.get("/compliance/reports/{month}")
def get_report(month: str, session: SessionDep, actor: ActorDep,
               revision: int | None = None) -> report.ReportPublic:  # fmt: skip
    """Return a kept report (the latest revision unless one is named)."""
    return report.get_report(session, actor=actor, month=month, revision=revision)


@router.get("/compliance/reports/{month}/download")
def download_report(month: str, session: SessionDep, actor: ActorDep,
                    format: Literal["pdf", "xlsx"] = "pdf",
                    revision: int | None = None) -> Response:  # fmt: skip
    """Download a kept report as PDF or XLSX."""
    kept = report.get_report(session, actor=actor, month=month, revision=revision)
    content, media_type, name = report_file(kept.data, format, month=kept.month,
                                            revision=kept.revision)  # fmt: skip
    return Response(content, media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})  # fmt: skip
