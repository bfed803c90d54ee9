"""Portal pages: home with search and facets, dataset page with preview and downloads."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from satudata.api.deps import ActorDep, RuntimeDep, SessionDep
from satudata.catalog import data, service
from satudata.catalog.search import FACETS, SearchQuery, search_datasets
from satudata.errors import NotFoundError
from satudata.lake.query import RowsQuery

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
STATIC_DIR = Path(__file__).parent / "static"
FACET_LABELS = {"organization": "OPD", "sector": "Sektor", "tag": "Kata kunci",
                "frequency": "Frekuensi", "region_level": "Tingkat penyajian",
                "year": "Tahun"}  # fmt: skip


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep, actor: ActorDep, q: str = "",
         page: int = 1) -> HTMLResponse:  # fmt: skip
    """Search page with facets."""
    filters = {f: request.query_params.getlist(f) for f in FACETS if f in request.query_params}
    page = max(1, page)
    result = search_datasets(session, actor=actor, query=SearchQuery(
        q=q, filters=filters, limit=20, offset=(page - 1) * 20))  # fmt: skip
    return templates.TemplateResponse(request, "home.html", {
        "result": result, "q": q, "filters": filters, "facet_labels": FACET_LABELS,
        "page": page,
    })  # fmt: skip


@router.get("/dataset/{slug}", response_class=HTMLResponse)
def dataset_page(slug: str, request: Request, session: SessionDep, runtime: RuntimeDep,
                 actor: ActorDep) -> HTMLResponse:  # fmt: skip
    """A dataset's metadata, a preview of its rows, versions and downloads."""
    try:
        dataset = service.get_dataset(session, actor=actor, slug=slug)
    except NotFoundError:
        return templates.TemplateResponse(request, "not_found.html", {"slug": slug},
                                          status_code=404)  # fmt: skip
    preview = None
    if dataset.current_version is not None:
        preview = data.query_rows(session, runtime.lake, runtime.query_engine, actor=actor,
                                  slug=slug, query=RowsQuery(limit=20))  # fmt: skip
    return templates.TemplateResponse(request, "dataset.html", {
        "d": dataset, "preview": preview,
        "base_url": str(request.base_url).rstrip("/"),
    })  # fmt: skip
