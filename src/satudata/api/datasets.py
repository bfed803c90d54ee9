"""REST v1: datasets, their rows, aggregates, downloads and new versions."""

from __future__ import annotations

import shutil
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from satudata.api.deps import ActorDep, RuntimeDep, SessionDep
from satudata.catalog import data, service
from satudata.catalog.schema import DatasetList, DatasetPublic, DatasetUpdate, OrganizationPublic
from satudata.catalog.search import FACETS, SearchQuery, search_datasets
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.query import Filter, RowsQuery, parse_param

router = APIRouter(prefix="/api/v1", tags=["datasets"])
RESERVED = {"limit", "offset", "sort", "columns", "version", "group_by", "measure", "format"}


@router.get("/organizations", response_model=list[OrganizationPublic])
def list_organizations(session: SessionDep, actor: ActorDep) -> list[OrganizationPublic]:
    """List the agencies (OPD) and how many datasets of each you can see."""
    return service.list_organizations(session, actor=actor)


@router.get("/datasets", response_model=DatasetList)
def list_datasets(
    request: Request,
    session: SessionDep,
    actor: ActorDep,
    q: str = "",
    sort: str = "relevance",
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    offset: Annotated[int, Query(ge=0)] = 0,
) -> DatasetList:
    """Search datasets. Facet filters: organization, sector, tag, frequency, region_level, year
    (repeat a parameter for several values)."""
    filters = {f: request.query_params.getlist(f) for f in FACETS if f in request.query_params}
    query = SearchQuery(q=q, filters=filters, sort=sort, limit=limit, offset=offset)
    return search_datasets(session, actor=actor, query=query)


@router.get("/datasets/{slug}", response_model=DatasetPublic)
def get_dataset(slug: str, session: SessionDep, actor: ActorDep) -> DatasetPublic:
    """Return a dataset's metadata, Table Schema and version history."""
    return service.get_dataset(session, actor=actor, slug=slug)


@router.patch("/datasets/{slug}", response_model=DatasetPublic)
def update_dataset(slug: str, body: DatasetUpdate, session: SessionDep,
                   actor: ActorDep) -> DatasetPublic:  # fmt: skip
    """Change a dataset's metadata."""
    return service.update_dataset(session, actor=actor, slug=slug, data=body)


def _filters(request: Request) -> list[Filter]:
    return [parse_param(k, v) for k, v in request.query_params.multi_items() if k not in RESERVED]


@router.get("/datasets/{slug}/rows", response_model=data.RowsResult)
def get_rows(
    slug: str,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ActorDep,
    limit: Annotated[int, Query(ge=0)] = 100,
    offset: Annotated[int, Query(ge=0)] = 0,
    sort: str = "",
    columns: str = "",
    version: int | None = None,
) -> data.RowsResult:
    """Rows of the current (or a numbered) version. Filter with `column=value` or
    `column__op=value` where op is eq, ne, gt, gte, lt, lte, in (a,b), between (a,b),
    contains, null, notnull. Sort with `sort=tahun,-jumlah`."""
    query = RowsQuery(
        filters=_filters(request),
        sort=[s for s in sort.split(",") if s],
        limit=min(limit, runtime.settings.max_page_size),
        offset=offset,
        columns=[c for c in columns.split(",") if c] or None,
    )
    return data.query_rows(session, runtime.lake, runtime.query_engine, actor=actor, slug=slug,
                           query=query, version=version)  # fmt: skip


@router.get("/datasets/{slug}/aggregate", response_model=data.RowsResult)
def get_aggregate(
    slug: str,
    request: Request,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ActorDep,
    group_by: str = "",
    measure: Annotated[list[str], Query()] = [],  # noqa: B006
    version: int | None = None,
) -> data.RowsResult:
    """Aggregates grouped by columns: `group_by=kode_wilayah,tahun&measure=sum:jumlah`
    (functions count, sum, avg, min, max; `count` alone counts rows)."""
    measures = []
    for m in measure:
        func, _, column = m.partition(":")
        measures.append((func, column or "*"))
    return data.aggregate_rows(
        session, runtime.lake, runtime.query_engine, actor=actor, slug=slug,
        group_by=[g for g in group_by.split(",") if g], measures=measures,
        filters=_filters(request), version=version,
    )  # fmt: skip


@router.get("/datasets/{slug}/download", response_model=None)
def download(slug: str, session: SessionDep, runtime: RuntimeDep, actor: ActorDep,
             format: str = "csv", version: int | None = None) -> Any:  # fmt: skip
    """Download a version as csv, xlsx, parquet or json (streamed)."""
    dl = data.export_version(session, runtime.lake, runtime.query_engine, actor=actor, slug=slug,
                             fmt=format, version=version)  # fmt: skip
    headers = {"Content-Disposition": f'attachment; filename="{dl.filename}"'}
    if dl.stream is not None:
        return StreamingResponse(dl.stream, media_type=dl.media_type, headers=headers)
    assert dl.path is not None
    cleanup = BackgroundTask(dl.path.unlink, missing_ok=True) if dl.remove_after else None
    return FileResponse(dl.path, media_type=dl.media_type, filename=dl.filename,
                        background=cleanup)  # fmt: skip


@router.post("/datasets/{slug}/versions", status_code=201)
def upload_version(
    slug: str,
    session: SessionDep,
    runtime: RuntimeDep,
    actor: ActorDep,
    file: Annotated[UploadFile, File(description="CSV, XLSX, XLS, ODS, HTML table or JSON")],
    organization: Annotated[str | None, Form()] = None,
    sheet: Annotated[str | None, Form()] = None,
    reshape: Annotated[str | None, Form()] = None,
    title: Annotated[str | None, Form()] = None,
) -> dict[str, Any]:
    """Upload a file as the next version of a dataset (created on first upload when
    `organization` is given). Returns the new version, or the errors."""
    filename = file.filename or "upload"
    work = runtime.lake.receive(file.file, max_bytes=runtime.settings.max_upload_bytes,
                                filename=filename)  # fmt: skip
    try:
        if organization is None:
            organization = service.get_dataset_row(session, slug, actor=actor).organization.code
        session.close()
        result = ingest_file(
            runtime.sessions, runtime.settings, actor=actor,
            request=IngestRequest(path=work, organization=organization, dataset=slug,
                                  filename=filename, sheet=sheet, reshape=reshape,
                                  metadata={"title": title} if title else {}),
        )  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True) if work.is_dir() else work.unlink(missing_ok=True)
    return {
        "dataset": slug,
        "version": result.version,
        "row_count": result.row_count,
        "table_schema": result.table_schema,
        "notes": result.notes,
        "upload_id": result.upload_id,
        "validation": result.validation,
    }
