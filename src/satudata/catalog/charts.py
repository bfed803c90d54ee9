"""Chart data of a dataset: what can be charted, and the series a chart request asks for.

The numbers come from the aggregate service (`catalog.data.aggregate_rows`), so charts
respect the same access rules as the API. A chart is grouped by region (`wilayah`: the
column with dimension region_code) or by period (`tahun`: the column with dimension
period); its measure is a numeric column, summed or averaged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.catalog.data import aggregate_rows, open_version
from satudata.errors import InvalidInputError
from satudata.lake.query import Filter, QueryEngine
from satudata.lake.store import Lake
from satudata.reference.index import get_region_index
from satudata.reference.regions import Region

KINDS = ("bar", "line")
GROUPINGS = ("wilayah", "tahun")
AGGREGATES = ("sum", "avg", "min", "max")
KABKOTA_LEVELS = ("regency", "city")
MAX_LINES = 5
# Row-number columns of agency workbooks are numbers but not measures.
NOT_MEASURES = frozenset({"no", "nomor", "no_urut", "nomor_urut"})


@dataclass(frozen=True)
class Measure:
    """A numeric column that a chart can show."""

    name: str
    label: str
    type: str
    unit: str
    default_aggregate: str


@dataclass(frozen=True)
class Choice:
    """A value a filter can take (a period or a region code) and how it is shown."""

    value: str
    label: str


@dataclass
class ChartOptions:
    """What a dataset's current version offers to the chart builder."""

    slug: str
    version: int
    title: str
    unit: str  # the dataset's unit text (may name several units: "Orang; persen")
    region_field: str | None
    period_field: str | None
    period_type: str  # the period column's Table Schema type ("year", "yearmonth", ...)
    measures: list[Measure]
    periods: list[Choice]  # in time order
    regions: list[Choice]  # in code order, the regions the chart draws
    kabkota: bool  # the regions are kab/kota (so a map can be drawn)

    @property
    def chartable(self) -> bool:
        """Return whether there is anything to chart."""
        return bool(self.measures) and bool(self.region_field or self.period_field)

    def measure(self, name: str) -> Measure:
        """Return the measure called `name`, or raise naming the choices."""
        for m in self.measures:
            if m.name == name:
                return m
        choices = ", ".join(m.name for m in self.measures) or "-"
        raise _invalid("ukuran", name, f"Ukuran '{name}' tidak ada. Pilihan: {choices}.",
                       f"Unknown measure '{name}'. Choose one of: {choices}.")  # fmt: skip


@dataclass(frozen=True)
class ChartRequest:
    """A chart as asked (GET parameters); empty values take the defaults."""

    kind: str = ""
    by: str = ""
    measure: str = ""
    aggregate: str = ""
    period: str = ""
    regions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Point:
    """One value: its key (region code or period), label and value (None: no data)."""

    key: str
    label: str
    value: float | None


@dataclass
class Series:
    """One bar set or line."""

    key: str
    label: str
    points: list[Point]


@dataclass
class Chart:
    """A resolved chart: the choices made and the series to draw."""

    options: ChartOptions
    kind: str
    by: str
    measure: Measure
    aggregate: str
    period: str  # the period shown ("" when the chart runs over periods)
    regions: list[str]  # the regions asked for ([] = all)
    series: list[Series]
    missing: list[Choice] = field(default_factory=list)  # regions without a value

    @property
    def period_label(self) -> str:
        """Return the label of the period shown, or ''."""
        return next((c.label for c in self.options.periods if c.value == self.period), "")

    @property
    def values(self) -> list[float]:
        """Return every value drawn."""
        return [p.value for s in self.series for p in s.points if p.value is not None]


def _invalid(parameter: str, value: Any, message_id: str, message_en: str) -> InvalidInputError:
    return InvalidInputError(message_id, message_en, type="invalid-chart",
                             details={"parameter": parameter, "value": value})  # fmt: skip


def region_label(region: Region) -> str:
    """Return a short label: "Kab. Malang", "Kota Malang", or the name."""
    if region.level == "regency":
        return f"Kab. {region.short_name}"
    return region.name


def period_label(value: Any, field_type: str) -> str:
    """Return how a period value is shown ("2024"; a month as "2024-01")."""
    text = str(value)
    return text[:7] if field_type == "yearmonth" else text


def _humanize(name: str) -> str:
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _measures(schema_fields: list[Any], dataset_unit: str) -> list[Measure]:
    single_unit = dataset_unit if ";" not in dataset_unit else ""
    out = []
    for f in schema_fields:
        if f.type not in ("integer", "number") or f.dimension or f.code_like:
            continue
        if f.name.lower() in NOT_MEASURES:
            continue
        extra = f.model_extra or {}
        unit = str(extra.get("unit") or single_unit)
        label = f.title if f.title and f.title != f.name else _humanize(f.name)
        out.append(Measure(f.name, label, f.type, unit,
                           "sum" if f.type == "integer" else "avg"))  # fmt: skip
    return out


def chart_options(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor,
                  slug: str) -> ChartOptions:  # fmt: skip
    """Return what the current version of a dataset offers to charts."""
    vf = open_version(session, lake, actor=actor, slug=slug)
    schema = vf.schema
    region = schema.dimension("region_code")
    period = schema.dimension("period")
    unit = vf.dataset.unit or ""
    options = ChartOptions(
        slug=slug, version=vf.version.number, title=vf.dataset.title, unit=unit,
        region_field=region.name if region else None, period_field=period.name if period else None,
        period_type=period.type if period else "", measures=_measures(schema.fields, unit), periods=[], regions=[], kabkota=False,
    )  # fmt: skip
    groups = [f for f in (options.region_field, options.period_field) if f]
    if not groups or not options.measures:
        return options
    combos = aggregate_rows(session, lake, engine, actor=actor, slug=slug, group_by=groups,
                            measures=[("count", "*")], filters=[]).data  # fmt: skip
    if period is not None:
        values = sorted({row[period.name] for row in combos if row[period.name] is not None})
        options.periods = [Choice(str(v), period_label(v, period.type)) for v in values]
    if region is not None:
        options.regions, options.kabkota = _regions([row[region.name] for row in combos])
    return options


def _regions(values: list[Any]) -> tuple[list[Choice], bool]:
    """Return the regions to chart and whether they are kab/kota.

    When the data has kab/kota rows, only those are charted: a province total row beside
    them would dwarf every bar and be counted twice in a sum.
    """
    index = get_region_index()
    known: dict[str, Region] = {}
    for value in values:
        if value is None:
            continue
        found = index.get(value)
        if found is not None:
            known[str(value)] = found
    kabkota = {v: r for v, r in known.items() if r.level in KABKOTA_LEVELS}
    chosen = kabkota or known
    choices = [
        Choice(v, region_label(r)) for v, r in sorted(chosen.items(), key=lambda i: i[1].code)
    ]
    return choices, bool(kabkota)


def resolve(options: ChartOptions, request: ChartRequest) -> ChartRequest:
    """Fill in the defaults of a request and check every value against the options."""
    if not options.chartable:
        raise _invalid("ukuran", "", "Dataset ini tidak punya kolom angka dengan wilayah atau "
                       "periode untuk digrafikkan.",
                       "This dataset has no numeric column with a region or period to chart.")  # fmt: skip
    by = request.by or ("wilayah" if options.region_field and len(options.regions) > 1 else "tahun")
    if by not in GROUPINGS:
        raise _invalid("menurut", by, f"Pengelompokan '{by}' tidak dikenal. Pilihan: wilayah, tahun.",
                       f"Unknown grouping '{by}'. Choose one of: wilayah, tahun.")  # fmt: skip
    if by == "wilayah" and not options.region_field:
        raise _invalid("menurut", by, "Dataset ini tidak punya kolom kode wilayah.",
                       "This dataset has no region code column.")  # fmt: skip
    if by == "tahun" and not options.period_field:
        raise _invalid("menurut", by, "Dataset ini tidak punya kolom periode (tahun).",
                       "This dataset has no period (year) column.")  # fmt: skip
    kind = request.kind or ("bar" if by == "wilayah" or len(options.periods) < 3 else "line")
    if kind not in KINDS:
        raise _invalid("jenis", kind, f"Jenis grafik '{kind}' tidak dikenal. Pilihan: bar, line.",
                       f"Unknown chart type '{kind}'. Choose one of: bar, line.")  # fmt: skip
    if kind == "line" and not options.period_field:
        raise _invalid("jenis", kind, "Grafik garis memerlukan kolom periode (tahun).",
                       "A line chart needs a period (year) column.")  # fmt: skip
    measure = options.measure(request.measure or options.measures[0].name)
    aggregate = request.aggregate or measure.default_aggregate
    if aggregate not in AGGREGATES:
        raise _invalid("agregasi", aggregate,
                       f"Agregasi '{aggregate}' tidak dikenal. Pilihan: {', '.join(AGGREGATES)}.",
                       f"Unknown aggregation '{aggregate}'. Choose one of: {', '.join(AGGREGATES)}.")  # fmt: skip
    period = request.period
    if period and period not in {c.value for c in options.periods}:
        labels = ", ".join(c.label for c in options.periods) or "-"
        raise _invalid("periode", period, f"Periode '{period}' tidak ada dalam data. Pilihan: {labels}.",
                       f"Period '{period}' is not in the data. Choose one of: {labels}.")  # fmt: skip
    if by == "wilayah" and kind == "bar" and not period and options.periods:
        period = options.periods[-1].value  # one bar per region: the latest period
    regions = tuple(dict.fromkeys(_region_value(options, r) for r in request.regions if r))
    if by == "wilayah" and kind == "line" and len(regions) > MAX_LINES:
        raise _invalid("wilayah", list(regions),
                       f"Grafik garis menurut wilayah memuat paling banyak {MAX_LINES} wilayah; "
                       f"dipilih {len(regions)}.",
                       f"A line chart by region holds at most {MAX_LINES} regions; "
                       f"{len(regions)} were chosen.")  # fmt: skip
    return ChartRequest(kind, by, measure.name, aggregate, period, regions)


def _region_value(options: ChartOptions, given: str) -> str:
    """Return the data's value for a region code given in any accepted form."""
    index = get_region_index()
    wanted = index.normalize_code(given)
    for choice in options.regions:
        if wanted is not None and index.normalize_code(choice.value) == wanted:
            return choice.value
    raise _invalid("wilayah", given, f"Wilayah '{given}' tidak ada dalam data dataset ini.",
                   f"Region '{given}' is not in this dataset's data.")  # fmt: skip


def chart_data(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor, slug: str,
               request: ChartRequest, options: ChartOptions | None = None) -> Chart:  # fmt: skip
    """Return the chart a request asks for, with the values from the aggregate service."""
    options = options or chart_options(session, lake, engine, actor=actor, slug=slug)
    req = resolve(options, request)
    measure = options.measure(req.measure)
    chart = Chart(options=options, kind=req.kind, by=req.by, measure=measure,
                  aggregate=req.aggregate, period=req.period, regions=list(req.regions),
                  series=[])  # fmt: skip

    def fetch(group_by: list[str], filters: list[Filter]) -> list[dict[str, Any]]:
        return aggregate_rows(session, lake, engine, actor=actor, slug=slug, group_by=group_by,
                              measures=[(req.aggregate, measure.name)], filters=filters).data  # fmt: skip

    if req.by == "tahun":
        _by_period(chart, fetch)
    elif req.kind == "line":
        top = list(req.regions) or _top_regions(session, lake, engine, actor, options, req)
        _lines_by_region(chart, fetch, top)
    else:
        _bars_by_region(chart, fetch)
    return chart


Fetch = Callable[[list[str], list[Filter]], list[dict[str, Any]]]


def _value_column(chart: Chart) -> str:
    return f"{chart.aggregate}_{chart.measure.name}"  # the aggregate service's column name


def _by_period(chart: Chart, fetch: Fetch) -> None:
    """One series over the periods, aggregated over the chosen (or all charted) regions."""
    options, column = chart.options, _value_column(chart)
    period = options.period_field
    assert period
    rows = fetch([period], _scope(options, chart.regions))
    points = [Point(str(r[period]), period_label(r[period], options.period_type), _number(r[column]))
              for r in rows if r[period] is not None]  # fmt: skip
    chart.series.append(Series(chart.measure.name, chart.measure.label, points))


def _bars_by_region(chart: Chart, fetch: Fetch) -> None:
    """One bar per region with a value, highest first; the others are listed as missing."""
    options, column = chart.options, _value_column(chart)
    region = options.region_field
    assert region
    filters = _scope(options, chart.regions)
    if chart.period and options.period_field:
        filters.append(Filter(options.period_field, "eq", chart.period))
    labels = {c.value: c.label for c in options.regions}
    points = [Point(str(r[region]), labels[str(r[region])], _number(r[column]))
              for r in fetch([region], filters) if str(r[region]) in labels]  # fmt: skip
    points = [p for p in points if p.value is not None]
    points.sort(key=lambda p: (-(p.value or 0.0), p.label))
    shown = {p.key for p in points}
    chart.missing = [Choice(c, labels[c]) for c in chart.regions or labels if c not in shown]
    chart.series.append(Series(chart.measure.name, chart.measure.label, points))


def _lines_by_region(chart: Chart, fetch: Fetch, regions: list[str]) -> None:
    """One line over the periods per region."""
    options, column = chart.options, _value_column(chart)
    region, period = options.region_field, options.period_field
    assert region and period
    rows = fetch([region, period], _scope(options, regions))
    labels = {c.value: c.label for c in options.regions}
    for code in regions:
        points = [Point(str(r[period]), period_label(r[period], options.period_type),
                        _number(r[column])) for r in rows if str(r[region]) == code]  # fmt: skip
        chart.series.append(Series(code, labels.get(code, code), points))


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _scope(options: ChartOptions, regions: list[str]) -> list[Filter]:
    """Return the region filter: the regions asked for, else the charted regions if some
    rows fall outside them (a province total beside kab/kota)."""
    if not options.region_field:
        return []
    if regions:
        return [Filter(options.region_field, "in", ",".join(regions))]
    if options.kabkota:
        return [Filter(options.region_field, "in", ",".join(c.value for c in options.regions))]
    return []


def _top_regions(session: Session, lake: Lake, engine: QueryEngine, actor: Actor,
                 options: ChartOptions, req: ChartRequest) -> list[str]:  # fmt: skip
    """Return the regions with the highest values in the latest period (lines by region)."""
    assert options.region_field
    filters = _scope(options, [])
    if options.period_field and options.periods:
        filters.append(Filter(options.period_field, "eq", options.periods[-1].value))
    rows = aggregate_rows(session, lake, engine, actor=actor, slug=options.slug,
                          group_by=[options.region_field], measures=[(req.aggregate, req.measure)],
                          filters=filters).data  # fmt: skip
    column = f"{req.aggregate}_{req.measure}"
    ranked = sorted((r for r in rows if r[column] is not None), key=lambda r: -float(r[column]))
    return [str(r[options.region_field]) for r in ranked[:MAX_LINES]]
