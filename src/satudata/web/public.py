"""The public portal: home, search with facets, dataset pages and the OPD pages.

Routes read the request and call the catalog services with the visitor (`page.actor`):
what a visitor may see is decided there, so a hidden dataset shows in no list and no
count. Search and preview parameters are Indonesian (`/cari?q=…&sektor=…&urut=terbaru`,
`/dataset/{slug}?kolom=tahun&op=eq&nilai=2024&urut=-tahun&halaman=2`); docs/portal-public.md
lists them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter
from fastapi.responses import Response
from sqlalchemy.orm import Session

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.catalog import data, service
from satudata.catalog.highlights import column_label, headline_indicators
from satudata.catalog.organizations import get_organization
from satudata.catalog.preview import (
    PAGE_SIZES,
    PREVIEW_OPS,
    PreviewRequest,
    read_preview_params,
)
from satudata.catalog.schema import DatasetList
from satudata.catalog.search import SearchQuery, search_datasets
from satudata.errors import InvalidInputError
from satudata.lake.export import FORMATS
from satudata.runtime import Runtime
from satudata.web.i18n import N_
from satudata.web.page import Page, PageDep
from satudata.web.visual import panels

router = APIRouter(include_in_schema=False)
RULES = {
    ("GET", "/"): "anyone",
    ("GET", "/cari"): "anyone",
    ("GET", "/dataset/{slug}"): "reader",
    ("GET", "/opd"): "anyone",
    ("GET", "/opd/{code}"): "anyone",
}
PER_PAGE = 20  # search results and datasets of an OPD
RECENT = 6  # recently updated datasets on the home page
FACET_PARAMS = {"organization": "opd", "sector": "sektor", "tag": "tag", "frequency": "frekuensi",
                "region_level": "tingkat", "year": "tahun"}  # fmt: skip
FACET_LABELS = {"organization": N_("Perangkat daerah"), "sector": N_("Sektor"),
                "tag": N_("Kata kunci"), "frequency": N_("Frekuensi"),
                "region_level": N_("Tingkat penyajian"), "year": N_("Tahun")}  # fmt: skip
PREVIEW_PARAMS = ("kolom", "op", "nilai", "urut", "halaman", "per")
FACET_SHOWN = 8  # values of a facet shown before "more"
SORTS = {"relevansi": ("relevance", N_("Paling cocok")), "terbaru": ("updated", N_("Terbaru")),
         "judul": ("title", N_("Judul A–Z"))}  # fmt: skip
VALUE_LABELS: dict[str, dict[str, str]] = {
    "sector": {
        "ekonomi": N_("Ekonomi"), "kesehatan": N_("Kesehatan"), "pendidikan": N_("Pendidikan"),
        "sosial": N_("Sosial"), "kependudukan": N_("Kependudukan"),
        "ketenagakerjaan": N_("Ketenagakerjaan"), "perdagangan": N_("Perdagangan"),
        "pertanian": N_("Pertanian"), "infrastruktur": N_("Infrastruktur"),
        "lingkungan hidup": N_("Lingkungan hidup"), "pariwisata": N_("Pariwisata"),
        "perhubungan": N_("Perhubungan"), "keuangan": N_("Keuangan"),
    },
    "frequency": {
        "tahunan": N_("Tahunan"), "semesteran": N_("Semesteran"), "triwulanan": N_("Triwulanan"),
        "bulanan": N_("Bulanan"), "mingguan": N_("Mingguan"), "harian": N_("Harian"),
        "sewaktu-waktu": N_("Sewaktu-waktu"),
    },
    "region_level": {
        "provinsi": N_("Provinsi"), "kabupaten_kota": N_("Kabupaten/kota"),
        "kecamatan": N_("Kecamatan"), "desa": N_("Desa/kelurahan"),
    },
    "access_level": {"terbuka": N_("Terbuka"), "terbatas": N_("Terbatas"),
                     "tertutup": N_("Tertutup")},
    "state": {
        "draft": N_("draf"), "submitted": N_("diajukan"), "in_review": N_("diperiksa"),
        "returned": N_("dikembalikan"), "approved": N_("disetujui"),
        "pembina_review": N_("telaah pembina"), "published": N_("terbit"),
        "superseded": N_("digantikan"), "unpublished": N_("diturunkan"),
        "withdrawn": N_("ditarik"),
    },
    "type": {
        "string": N_("Teks"), "integer": N_("Bilangan bulat"), "number": N_("Angka"),
        "year": N_("Tahun"), "date": N_("Tanggal"), "datetime": N_("Waktu"),
        "boolean": N_("Ya/tidak"),
    },
    "op": {"contains": N_("memuat (teks)"), "eq": N_("= (sama dengan)"),
           "ne": N_("≠ (tidak sama dengan)"), "gt": N_("> (lebih dari)"),
           "gte": N_("≥ (paling kecil)"), "lt": N_("< (kurang dari)"),
           "lte": N_("≤ (paling besar)")},
}  # fmt: skip


# --- small helpers for links and numbers --------------------------------------------------


def href(path: str, items: Iterable[tuple[str, str]]) -> str:
    """Return a link to `path` with these query parameters."""
    query = urlencode(list(items))
    return f"{path}?{query}" if query else path


def _items(page: Page, *, drop: Iterable[str] = ()) -> list[tuple[str, str]]:
    dropped = {"lang", *drop}
    return [(k, v) for k, v in page.request.query_params.multi_items() if k not in dropped]


def page_links(page: Page, current: int, total: int, per_page: int,
               drop: Iterable[str] = ()) -> dict[str, Any]:  # fmt: skip
    """Return the pager of a list: previous, next and a window of page numbers."""
    last = max(1, -(-total // per_page))
    base = _items(page, drop=["halaman", *drop])
    link = {n: href(page.request.url.path, [*base, ("halaman", str(n))]) for n in
            {1, last, *range(max(1, current - 2), min(last, current + 2) + 1)}}  # fmt: skip
    return {"current": current, "last": last, "links": sorted(link.items()),
            "previous": link.get(current - 1) if current > 1 else None,
            "next": link.get(current + 1) if current < last else None}  # fmt: skip


def number_formatter(lang: str) -> Any:
    """Return a function writing numbers the page language's way (1.234,5 or 1,234.5)."""

    def write(value: Any, digits: int | None = None) -> str:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return "" if value is None else str(value)
        if digits is None:  # as many decimals as the value has: up to 2 (4 below 1)
            shown = 0 if float(value).is_integer() else 2 if abs(value) >= 1 else 4
            text = f"{value:,.{shown}f}"
            text = text.rstrip("0").rstrip(".") if shown else text
        else:
            text = f"{value:,.{digits}f}"
        return text if lang == "en" else text.translate(str.maketrans(",.", ".,"))

    return write


def date_formatter(lang: str) -> Any:
    """Return a function writing dates: 28/11/2026 in Indonesian, 2026-11-28 in English."""
    return lambda value: value.strftime("%Y-%m-%d" if lang == "en" else "%d/%m/%Y")


def _render(page: Page, template: str, values: dict[str, Any], status: int = 200) -> Response:
    common = {"labels": VALUE_LABELS, "facet_labels": FACET_LABELS, "num": number_formatter(page.lang),
              "date": date_formatter(page.lang)}  # fmt: skip
    return page.render(template, {**common, **values}, status_code=status)


# --- home -----------------------------------------------------------------------------


@router.get("/")
def home(page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """The home page: search box, headline indicators, sectors and recently updated data."""
    recent = search_datasets(session, actor=page.actor,
                             query=SearchQuery(sort="updated", limit=RECENT))  # fmt: skip
    headlines = headline_indicators(session, runtime.lake, runtime.query_engine, actor=page.actor)
    return _render(page, "public/home.html", {"recent": recent, "headlines": headlines,
                                              "sectors": recent.facets["sector"]})  # fmt: skip


# --- search -----------------------------------------------------------------------------


def _search_request(page: Page) -> tuple[SearchQuery, list[str]]:
    """Read /cari's parameters; return the query and what was wrong with them."""
    params = page.request.query_params
    problems = []
    filters = {facet: [v for v in params.getlist(name) if v.strip()]
               for facet, name in FACET_PARAMS.items()}  # fmt: skip
    bad_years = [y for y in filters["year"] if not (y.isdigit() and len(y) == 4)]
    if bad_years:
        problems.append(page.gettext("Tahun '%(value)s' tidak sah: tulis empat angka, mis. 2024.",
                                     value=bad_years[0]))  # fmt: skip
        filters["year"] = [y for y in filters["year"] if y not in bad_years]
    sort = params.get("urut", "") or "relevansi"
    if sort not in SORTS:
        problems.append(page.gettext("Urutan '%(value)s' tidak dikenal. Pilihan: %(choices)s.",
                                     value=sort, choices=", ".join(SORTS)))  # fmt: skip
        sort = "relevansi"
    number = 1
    try:
        number = read_preview_params({"halaman": params.getlist("halaman")}).page
    except InvalidInputError as exc:
        problems.append(page.message(exc))
    query = SearchQuery(q=params.get("q", "").strip(),
                        filters={k: v for k, v in filters.items() if v}, sort=SORTS[sort][0],
                        limit=PER_PAGE, offset=(number - 1) * PER_PAGE)  # fmt: skip
    return query, problems


def value_label(page: Page, facet: str, value: str, fallback: str = "") -> str:
    """Return a facet value as the visitor reads it (a sector's name, an OPD's short name)."""
    known = VALUE_LABELS.get(facet, {}).get(value)
    return page.gettext(known) if known else (fallback or value)


def _facets(page: Page, result: DatasetList, query: SearchQuery) -> list[dict[str, Any]]:
    base = _items(page, drop=["halaman"])
    shown = []
    for facet, name in FACET_PARAMS.items():
        chosen = query.filters.get(facet, [])
        values = []
        for v in result.facets.get(facet, []):
            selected = v.value in chosen
            items = (
                [i for i in base if i != (name, v.value)] if selected else [*base, (name, v.value)]
            )
            values.append({"value": v.value, "label": value_label(page, facet, v.value, v.label),
                           "count": v.count, "selected": selected, "href": href("/cari", items)})  # fmt: skip
        if values:
            shown.append({"name": facet, "label": FACET_LABELS[facet], "values": values})
    return shown


def _active(page: Page, query: SearchQuery, result: DatasetList) -> list[dict[str, str]]:
    base = _items(page, drop=["halaman"])
    labels = {(f, v.value): v.label for f, values in result.facets.items() for v in values}
    return [{"facet": FACET_LABELS[facet], "label": value_label(page, facet, value,
                                                                labels.get((facet, value), "")),
             "href": href("/cari", [i for i in base if i != (FACET_PARAMS[facet], value)])}
            for facet, values in query.filters.items() for value in values]  # fmt: skip


@router.get("/cari")
def search_page(page: PageDep, session: SessionDep) -> Response:
    """Search results with facets and counts, filters to add and remove, sorting and pages."""
    query, problems = _search_request(page)
    result = search_datasets(session, actor=page.actor, query=query)
    suggestions = None
    if result.count == 0:  # what there is, to start again from
        suggestions = search_datasets(session, actor=page.actor, query=SearchQuery(limit=0))
    sort_base = _items(page, drop=["halaman", "urut"])
    sorts = [{"label": label, "href": href("/cari", [*sort_base, ("urut", key)]),
              "selected": value == query.sort} for key, (value, label) in SORTS.items()]  # fmt: skip
    number = query.offset // PER_PAGE + 1
    return _render(page, "public/search.html", {
        "result": result, "q": query.q, "facets": _facets(page, result, query),
        "active": _active(page, query, result), "sorts": sorts, "problems": problems,
        "pager": page_links(page, number, result.count, PER_PAGE),
        "without_filters": href("/cari", [("q", query.q)] if query.q else []),
        "suggestions": suggestions, "hidden": _items(page, drop=["q", "halaman"]),
        "facet_shown": FACET_SHOWN,
        "value_label": lambda facet, value, label="": value_label(page, facet, value, label),
    }, 400 if problems else 200)  # fmt: skip


# --- the dataset page -------------------------------------------------------------------


def _preview_filters(page: Page, request: PreviewRequest) -> list[dict[str, str]]:
    """Return the active preview filters with a link that removes each."""
    items = _items(page, drop=["kolom", "op", "nilai", "halaman"])
    kept = [[("kolom", f.field), ("op", f.op), ("nilai", f.value)] for f in request.filters]
    return [{"column": f.field, "op": f.op, "value": f.value,
             "href": href(page.request.url.path,
                          [*items, *(p for j, ps in enumerate(kept) if j != i for p in ps)])}
            for i, f in enumerate(request.filters)]  # fmt: skip


def api_query(request: PreviewRequest) -> str:
    """Return the REST API query string of the rows the preview shows."""
    items = [(f.field if f.op == "eq" else f"{f.field}__{f.op}", f.value) for f in request.filters]
    if request.sort:
        items.append(("sort", request.sort))
    if request.version:
        items.append(("version", str(request.version)))
    items += [
        ("limit", str(request.per_page)),
        ("offset", str((request.page - 1) * request.per_page)),
    ]
    return urlencode(items)


def _preview(page: Page, session: Session, runtime: Runtime, slug: str,
             request: PreviewRequest) -> tuple[data.RowsResult, PreviewRequest, str]:  # fmt: skip
    """Read the preview's rows; a bad filter or sort shows the unfiltered rows and the reason."""
    try:
        rows = data.query_rows(session, runtime.lake, runtime.query_engine, actor=page.actor,
                               slug=slug, query=request.rows_query(), version=request.version)  # fmt: skip
        return rows, request, ""
    except InvalidInputError as exc:
        plain = PreviewRequest(per_page=request.per_page, version=request.version)
        rows = data.query_rows(session, runtime.lake, runtime.query_engine, actor=page.actor,
                               slug=slug, query=plain.rows_query(), version=plain.version)  # fmt: skip
        return rows, plain, page.message(exc)


@router.get("/dataset/{slug}")
def dataset_page(slug: str, page: PageDep, session: SessionDep, runtime: RuntimeDep) -> Response:
    """A dataset: metadata in plain words, versions, a preview, charts, downloads and the API."""
    dataset = service.get_dataset(session, actor=page.actor, slug=slug)
    params = page.request.query_params
    problem = ""
    try:
        request = read_preview_params({k: params.getlist(k) for k in params})
    except InvalidInputError as exc:
        request, problem = PreviewRequest(), page.message(exc)
    preview = None
    if dataset.current_version is not None or request.version is not None:
        preview, request, failed = _preview(page, session, runtime, slug, request)
        problem = problem or failed
    fields = (dataset.table_schema or {}).get("fields", [])
    ignored = PREVIEW_PARAMS if problem else ()  # after a bad parameter, links start afresh
    shown = next((v for v in dataset.versions if preview and v.number == preview.version), None)
    version_items = [("version", str(request.version))] if request.version else []
    return _render(page, "public/dataset.html", {
        "d": dataset, "preview": preview, "req": request, "problem": problem, "shown": shown,
        "columns": [{**f, "label": column_label(f["name"], f.get("title", "")),
                     "numeric": f.get("type") in ("integer", "number")} for f in fields],
        "filters": _preview_filters(page, request), "ops": PREVIEW_OPS, "page_sizes": PAGE_SIZES,
        "pager": page_links(page, request.page, preview.count, request.per_page, ignored)
        if preview else None,
        "sort_base": _items(page, drop=["urut", "halaman", *ignored]),
        "downloads": [(fmt, href(f"/api/v1/datasets/{slug}/download", [("format", fmt),
                                                                       *version_items]))
                      for fmt in FORMATS],
        "base_url": str(page.request.base_url).rstrip("/"), "api_query": api_query(request),
        "visual": panels(page, session, runtime, dataset), "href": href,
    }, 400 if problem else 200)  # fmt: skip


# --- the OPD pages ------------------------------------------------------------------------


@router.get("/opd")
def organizations_page(page: PageDep, session: SessionDep) -> Response:
    """Every OPD with the number of its datasets the visitor may see."""
    organizations = service.list_organizations(session, actor=page.actor)
    return _render(page, "public/organizations.html", {"organizations": organizations})


@router.get("/opd/{code}")
def organization_page(code: str, page: PageDep, session: SessionDep) -> Response:
    """An OPD: who it is, its sectors and its datasets (those the visitor may see)."""
    organization = get_organization(session, actor=page.actor, code=code)
    problem, number = "", 1
    try:
        number = read_preview_params({"halaman": page.request.query_params.getlist("halaman")}).page
    except InvalidInputError as exc:
        problem = page.message(exc)
    result = search_datasets(session, actor=page.actor, query=SearchQuery(
        filters={"organization": [code]}, sort="title", limit=PER_PAGE,
        offset=(number - 1) * PER_PAGE))  # fmt: skip
    sectors = [{"label": value_label(page, "sector", v.value), "count": v.count,
                "href": href("/cari", [("opd", code), ("sektor", v.value)])}
               for v in result.facets["sector"]]  # fmt: skip
    return _render(page, "public/organization.html", {
        "org": organization, "result": result, "sectors": sectors, "problem": problem,
        "pager": page_links(page, number, result.count, PER_PAGE),
    }, 400 if problem else 200)  # fmt: skip
