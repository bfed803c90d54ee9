"""Public portal pages: home with search and facets, dataset page with preview and downloads."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.catalog import data, service
from satudata.catalog.search import FACETS, SearchQuery, search_datasets
from satudata.lake.query import RowsQuery
from satudata.web.i18n import N_
from satudata.web.page import PageDep

router = APIRouter(include_in_schema=False)
RULES = {("GET", "/"): "anyone", ("GET", "/dataset/{slug}"): "reader"}
FACET_LABELS = {"organization": N_("Perangkat daerah"), "sector": N_("Sektor"),
                "tag": N_("Kata kunci"), "frequency": N_("Frekuensi"),
                "region_level": N_("Tingkat penyajian"), "year": N_("Tahun")}  # fmt: skip


@router.get("/")
def home(page: PageDep, session: SessionDep, q: str = "", page_number: int = 1) -> Response:
    """Search page with facets."""
    request = page.request
    filters = {f: request.query_params.getlist(f) for f in FACETS if f in request.query_params}
    number = max(1, page_number)
    result = search_datasets(session, actor=page.actor, query=SearchQuery(
        q=q, filters=filters, limit=20, offset=(number - 1) * 20))  # fmt: skip
    return page.render("home.html", {"result": result, "q": q, "filters": filters,
                                     "facet_labels": FACET_LABELS, "page": number})  # fmt: skip


@router.get("/dataset/{slug}")
def dataset_page(slug: str, page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """A dataset's metadata, a preview of its rows, versions and downloads."""
    dataset = service.get_dataset(session, actor=page.actor, slug=slug)
    preview = None
    if dataset.current_version is not None:
        preview = data.query_rows(session, runtime.lake, runtime.query_engine, actor=page.actor,
                                  slug=slug, query=RowsQuery(limit=20))  # fmt: skip
    return page.render("dataset.html", {
        "d": dataset, "preview": preview, "base_url": str(page.request.base_url).rstrip("/")})  # fmt: skip
