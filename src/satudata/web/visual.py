"""Charts and maps of a dataset: the chart builder and the kab/kota map (inline SVG).

`GET /dataset/{slug}/grafik` and `GET /dataset/{slug}/peta` are full pages; with
`?fragment=1` they return only the figure, which static/js/visual.js swaps in place when
the builder form changes. The dataset page shows `panels(...)` through visual/panels.html.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session

from satudata.api.deps import RuntimeDep, SessionDep
from satudata.catalog import service
from satudata.catalog.charts import (
    AGGREGATES,
    Chart,
    ChartOptions,
    ChartRequest,
    chart_data,
    chart_options,
)
from satudata.catalog.maps import RegionMap, build_map, can_map, map_data
from satudata.catalog.schema import DatasetPublic
from satudata.errors import InvalidInputError
from satudata.runtime import Runtime
from satudata.web.i18n import N_
from satudata.web.page import Page, PageDep
from satudata.web.svg import ChartLayout, format_number, layout_chart
from satudata.web.svg_map import MapLayout, layout_map, region_rows

router = APIRouter(include_in_schema=False)
RULES: dict[tuple[str, str], str] = {
    ("GET", "/dataset/{slug}/grafik"): "reader",
    ("GET", "/dataset/{slug}/peta"): "reader",
}
KIND_LABELS = {"bar": N_("Batang"), "line": N_("Garis")}
BY_LABELS = {"wilayah": N_("Wilayah"), "tahun": N_("Tahun / periode")}
AGGREGATE_LABELS = {"sum": N_("Total (jumlah)"), "avg": N_("Rata-rata"), "min": N_("Terkecil"),
                    "max": N_("Terbesar")}  # fmt: skip
# How the aggregation reads inside a chart title: "Prevalensi stunting menurut wilayah (rata-rata)".
TITLE_AGGREGATES = {"sum": N_("dijumlahkan"), "avg": N_("dirata-ratakan"),
                    "min": N_("nilai terkecil"), "max": N_("nilai terbesar")}  # fmt: skip
assert set(AGGREGATE_LABELS) == set(AGGREGATES) == set(TITLE_AGGREGATES)


@dataclass
class ChartView:
    """A chart ready for the templates: the data, its geometry and its table rows."""

    chart: Chart
    svg: ChartLayout | None
    rows: list[tuple[str, list[str]]]  # category label, one formatted value per series
    top: tuple[str, str] | None  # label and value of the highest bar
    bottom: tuple[str, str] | None


@dataclass
class MapView:
    """A map ready for the templates."""

    map: RegionMap
    svg: MapLayout
    rows: list[tuple[Any, str]]
    top: tuple[str, str] | None
    bottom: tuple[str, str] | None


def chart_view(chart: Chart, lang: str) -> ChartView:
    """Return what the chart templates need."""
    keys: list[str] = []
    labels: dict[str, str] = {}
    cells: dict[tuple[str, str], str] = {}
    for s in chart.series:
        for p in s.points:
            if p.key not in labels:
                keys.append(p.key)
                labels[p.key] = p.label
            cells[(s.key, p.key)] = format_number(p.value, lang) if p.value is not None else ""
    if chart.by == "tahun" or chart.kind == "line":
        keys.sort()
    rows = [(labels[k], [cells.get((s.key, k), "") for s in chart.series]) for k in keys]
    return ChartView(chart, layout_chart(chart, lang), rows, *_extremes(
        [(p.label, p.value) for s in chart.series[:1] for p in s.points], lang))  # fmt: skip


def map_view(rmap: RegionMap, lang: str) -> MapView:
    """Return what the map templates need."""
    return MapView(rmap, layout_map(rmap, lang), region_rows(rmap, lang),
                   *_extremes([(r.label, r.value) for r in rmap.regions], lang))  # fmt: skip


def _extremes(pairs: list[tuple[str, float | None]], lang: str) -> tuple[Any, Any]:
    known = [(label, value) for label, value in pairs if value is not None]
    if not known:
        return None, None
    high = max(known, key=lambda p: p[1])
    low = min(known, key=lambda p: p[1])
    return (high[0], format_number(high[1], lang)), (low[0], format_number(low[1], lang))


def read_request(request: Request) -> ChartRequest:
    """Read the builder's GET parameters."""
    q = request.query_params
    return ChartRequest(kind=q.get("jenis", ""), by=q.get("menurut", ""),
                        measure=q.get("ukuran", ""), aggregate=q.get("agregasi", ""),
                        period=q.get("periode", ""),
                        regions=tuple(v for v in q.getlist("wilayah") if v))  # fmt: skip


def _form(options: ChartOptions, chart: Chart | None, asked: ChartRequest) -> dict[str, Any]:
    """Return the values the builder form shows (what was drawn, else what was asked)."""
    if chart is not None:
        return {"kind": chart.kind, "by": chart.by, "measure": chart.measure.name,
                "aggregate": chart.aggregate, "period": chart.period,
                "regions": chart.regions}  # fmt: skip
    return {"kind": asked.kind, "by": asked.by, "measure": asked.measure,
            "aggregate": asked.aggregate, "period": asked.period,
            "regions": list(asked.regions)}  # fmt: skip


def _labels() -> dict[str, Any]:
    return {"kind_labels": KIND_LABELS, "by_labels": BY_LABELS,
            "aggregate_labels": AGGREGATE_LABELS, "title_aggregates": TITLE_AGGREGATES}  # fmt: skip


def panels(
    page: Page, session: Session, runtime: Runtime, dataset: DatasetPublic
) -> dict[str, Any]:
    """Return the chart and map of a dataset page (default choices), or {} if none fit."""
    if dataset.current_version is None:
        return {}
    engine, lake = runtime.query_engine, runtime.lake
    try:
        options = chart_options(session, lake, engine, actor=page.actor, slug=dataset.slug)
        if not options.chartable:
            return {}
        chart = chart_data(session, lake, engine, actor=page.actor, slug=dataset.slug,
                           request=ChartRequest(), options=options)  # fmt: skip
        rmap = None
        if can_map(options):
            rmap = (build_map(chart, runtime.settings.resolved_data_dir) if chart.by == "wilayah"
                    else map_data(session, lake, engine, actor=page.actor, slug=dataset.slug,
                                  request=ChartRequest(), options=options,
                                  data_dir=runtime.settings.resolved_data_dir))  # fmt: skip
    except InvalidInputError:
        return {}
    return {"slug": dataset.slug, "options": options, "chart": chart_view(chart, page.lang),
            "map": map_view(rmap, page.lang) if rmap else None,
            "form": _form(options, chart, ChartRequest()), **_labels()}  # fmt: skip


@router.get("/dataset/{slug}/grafik")
def chart_page(slug: str, page: PageDep, session: SessionDep, runtime: RuntimeDep,
               fragment: bool = False) -> Response:  # fmt: skip
    """The chart builder: bar or line, by region or by period, a measure and filters."""
    dataset = service.get_dataset(session, actor=page.actor, slug=slug)
    options = chart_options(session, runtime.lake, runtime.query_engine, actor=page.actor,
                            slug=slug)  # fmt: skip
    asked = read_request(page.request)
    chart, error = None, ""
    try:
        chart = chart_data(session, runtime.lake, runtime.query_engine, actor=page.actor,
                           slug=slug, request=asked, options=options)  # fmt: skip
    except InvalidInputError as exc:
        error = page.message(exc)
    values = {"d": dataset, "slug": slug, "options": options, "error": error,
              "chart": chart_view(chart, page.lang) if chart else None,
              "form": _form(options, chart, asked), **_labels()}  # fmt: skip
    template = "visual/chart_fragment.html" if fragment else "visual/chart.html"
    return page.render(template, values, status_code=400 if error else 200)


@router.get("/dataset/{slug}/peta")
def map_page(slug: str, page: PageDep, session: SessionDep, runtime: RuntimeDep,
             fragment: bool = False) -> Response:  # fmt: skip
    """The kab/kota map of a measure: bubbles at shipped points, or a choropleth."""
    dataset = service.get_dataset(session, actor=page.actor, slug=slug)
    options = chart_options(session, runtime.lake, runtime.query_engine, actor=page.actor,
                            slug=slug)  # fmt: skip
    asked = read_request(page.request)
    rmap, error = None, ""
    try:
        rmap = map_data(session, runtime.lake, runtime.query_engine, actor=page.actor, slug=slug,
                        request=asked, options=options,
                        data_dir=runtime.settings.resolved_data_dir)  # fmt: skip
    except InvalidInputError as exc:
        error = page.message(exc)
    values = {"d": dataset, "slug": slug, "options": options, "error": error,
              "map": map_view(rmap, page.lang) if rmap else None, "mappable": can_map(options),
              "form": _form(options, rmap.chart if rmap else None, asked), **_labels()}  # fmt: skip
    template = "visual/map_fragment.html" if fragment else "visual/map.html"
    return page.render(template, values, status_code=400 if error else 200)
