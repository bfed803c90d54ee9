"""Chart and map data: options of a dataset, series by region or period, defaults and errors."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy.orm import Session
from tests.catalog.chart_data import SLUG, ingest_csv

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS
from satudata.catalog import charts
from satudata.catalog.charts import ChartRequest, chart_data, chart_options
from satudata.catalog.maps import class_of, classify, map_data
from satudata.db.session import session_scope
from satudata.errors import InvalidInputError, NotFoundError
from satudata.reference.boundaries import import_boundaries
from satudata.runtime import Runtime


@dataclass
class Ctx:
    runtime: Runtime
    session: Session

    def options(self, slug: str = SLUG, actor: Any = SYSTEM) -> charts.ChartOptions:
        rt = self.runtime
        return chart_options(self.session, rt.lake, rt.query_engine, actor=actor, slug=slug)

    def chart(self, slug: str = SLUG, **asked: Any) -> charts.Chart:
        rt = self.runtime
        return chart_data(self.session, rt.lake, rt.query_engine, actor=SYSTEM, slug=slug,
                          request=ChartRequest(**asked))  # fmt: skip

    def map(self, **asked: Any) -> Any:
        rt = self.runtime
        return map_data(self.session, rt.lake, rt.query_engine, actor=SYSTEM, slug=SLUG,
                        request=ChartRequest(**asked), data_dir=rt.settings.resolved_data_dir)  # fmt: skip


@pytest.fixture
def ctx(runtime: Runtime, tmp_path: Path) -> Iterator[Ctx]:
    ingest_csv(runtime, tmp_path)
    with session_scope(runtime.sessions) as session:
        yield Ctx(runtime, session)


def values(chart: charts.Chart, series: int = 0) -> list[tuple[str, float | None]]:
    return [(p.key, p.value) for p in chart.series[series].points]


def test_options_name_measures_periods_and_only_the_kabkota(ctx: Ctx) -> None:
    o = ctx.options()
    assert (o.region_field, o.period_field, o.period_type) == ("kode_wilayah", "tahun", "year")
    assert [(m.name, m.label, m.type, m.default_aggregate, m.unit) for m in o.measures] == [
        ("jumlah_balita", "Jumlah balita", "integer", "sum", ""),
        ("prevalensi", "Prevalensi", "number", "avg", ""),
    ]
    assert o.unit == "anak; persen"
    assert [c.value for c in o.periods] == ["2022", "2023"]
    assert [(c.value, c.label) for c in o.regions] == [
        ("35.01", "Kab. Pacitan"), ("35.07", "Kab. Malang"), ("35.09", "Kab. Jember"),
        ("35.73", "Kota Malang"), ("35.78", "Kota Surabaya")]  # fmt: skip
    assert o.kabkota and o.chartable


def test_the_default_chart_is_bars_by_region_for_the_latest_period_sorted(ctx: Ctx) -> None:
    chart = ctx.chart()
    assert (chart.kind, chart.by, chart.measure.name, chart.aggregate, chart.period) == (
        "bar", "wilayah", "jumlah_balita", "sum", "2023")  # fmt: skip
    assert values(chart) == [("35.07", 500), ("35.09", 400), ("35.78", 300), ("35.73", 100)]
    assert [p.label for p in chart.series[0].points][:2] == ["Kab. Malang", "Kab. Jember"]
    assert [(c.value, c.label) for c in chart.missing] == [("35.01", "Kab. Pacitan")]


def test_by_period_sums_the_kabkota_without_the_province_row(ctx: Ctx) -> None:
    chart = ctx.chart(by="tahun")
    assert chart.kind == "bar"  # two periods: bars, not a line
    assert values(chart) == [("2022", 1250), ("2023", 1300)]
    line = ctx.chart(by="tahun", kind="line", measure="prevalensi", regions=("3507", "35.09"))
    assert line.aggregate == "avg" and line.regions == ["35.07", "35.09"]
    assert values(line) == [("2022", 26.875), ("2023", 25.375)]


def test_lines_by_region_follow_the_top_regions_or_the_chosen_ones(ctx: Ctx) -> None:
    top = ctx.chart(by="wilayah", kind="line")
    assert [s.key for s in top.series] == ["35.07", "35.09", "35.78", "35.73"]
    assert values(top, 0) == [("2022", 450), ("2023", 500)]
    chosen = ctx.chart(by="wilayah", kind="line", regions=("35.01", "35.78"))
    assert [(s.key, s.label) for s in chosen.series] == [("35.01", "Kab. Pacitan"),
                                                         ("35.78", "Kota Surabaya")]  # fmt: skip
    assert values(chosen, 0) == [("2022", 50)]


def test_a_chosen_period_and_aggregate_are_used(ctx: Ctx) -> None:
    chart = ctx.chart(period="2022", measure="prevalensi", aggregate="max")
    assert chart.period == "2022" and chart.period_label == "2022"
    assert values(chart)[0] == ("35.09", 31.25)
    assert chart.missing == []


@pytest.mark.parametrize(
    ("asked", "parameter", "message"),
    [
        ({"measure": "tinggi"}, "ukuran",
         "Ukuran 'tinggi' tidak ada. Pilihan: jumlah_balita, prevalensi."),
        ({"aggregate": "median"}, "agregasi",
         "Agregasi 'median' tidak dikenal. Pilihan: sum, avg, min, max."),
        ({"by": "opd"}, "menurut", "Pengelompokan 'opd' tidak dikenal. Pilihan: wilayah, tahun."),
        ({"kind": "pie"}, "jenis", "Jenis grafik 'pie' tidak dikenal. Pilihan: bar, line."),
        ({"period": "2019"}, "periode", "Periode '2019' tidak ada dalam data. Pilihan: 2022, 2023."),
        ({"regions": ("35.99",)}, "wilayah", "Wilayah '35.99' tidak ada dalam data dataset ini."),
    ],
)  # fmt: skip
def test_bad_choices_are_refused_with_the_parameter(
    ctx: Ctx, asked: dict[str, Any], parameter: str, message: str
) -> None:
    with pytest.raises(InvalidInputError) as caught:
        ctx.chart(**asked)
    assert caught.value.type == "invalid-chart"
    assert caught.value.details["parameter"] == parameter
    assert caught.value.message_id == message


def test_too_many_lines_are_refused(ctx: Ctx, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(charts, "MAX_LINES", 1)
    with pytest.raises(InvalidInputError, match="at most 1 regions; 2 were chosen"):
        ctx.chart(by="wilayah", kind="line", regions=("35.07", "35.09"))


def test_a_dataset_without_regions_charts_by_period_only(ctx: Ctx, tmp_path: Path) -> None:
    ingest_csv(ctx.runtime, tmp_path, slug="pendapatan-daerah",
               text="tahun,pendapatan\n2021,10.5\n2022,12.25\n2023,11\n")  # fmt: skip
    o = ctx.options("pendapatan-daerah")
    assert o.region_field is None and not o.kabkota
    chart = ctx.chart("pendapatan-daerah")
    assert (chart.by, chart.kind) == ("tahun", "line")
    assert values(chart) == [("2021", 10.5), ("2022", 12.25), ("2023", 11.0)]
    with pytest.raises(InvalidInputError, match="no region code column"):
        ctx.chart("pendapatan-daerah", by="wilayah")


def test_a_dataset_without_periods_charts_bars_by_region_only(ctx: Ctx, tmp_path: Path) -> None:
    ingest_csv(ctx.runtime, tmp_path, slug="luas-wilayah",
               text="kode_wilayah,luas_km2\n35.07,3473.75\n35.78,338.05\n")  # fmt: skip
    chart = ctx.chart("luas-wilayah")
    assert (chart.by, chart.kind, chart.period) == ("wilayah", "bar", "")
    assert values(chart) == [("35.07", 3473.75), ("35.78", 338.05)]
    with pytest.raises(InvalidInputError, match="A line chart needs a period"):
        ctx.chart("luas-wilayah", kind="line")


def test_restricted_data_stays_restricted(ctx: Ctx, tmp_path: Path) -> None:
    ingest_csv(ctx.runtime, tmp_path, slug="gizi-terbatas", access_level="terbatas")
    with pytest.raises(NotFoundError):
        ctx.options("gizi-terbatas", actor=ANONYMOUS)
    assert ctx.options("gizi-terbatas").measures  # who may read it gets the chart


def test_the_map_is_bubbles_until_boundaries_are_imported(ctx: Ctx, shared_geo: Path) -> None:
    bubbles = ctx.map()
    assert bubbles.mode == "bubble" and bubbles.boundaries is None and bubbles.classes == []
    assert len(bubbles.regions) == 38
    assert [(r.code, r.value) for r in bubbles.with_data] == [
        ("35.07", 500), ("35.09", 400), ("35.73", 100), ("35.78", 300)]  # fmt: skip
    surabaya = next(r for r in bubbles.regions if r.code == "35.78")
    assert (surabaya.lat, surabaya.lon, surabaya.shape) == (-7.25889, 112.74704, None)
    import_boundaries(ctx.runtime.settings.resolved_data_dir,
                      shared_geo / "jatim_kabkota_boundaries.geojson")  # fmt: skip
    choropleth = ctx.map(measure="prevalensi", period="2022")
    assert choropleth.mode == "choropleth" and choropleth.boundaries.number == 1
    assert all(r.shape is not None for r in choropleth.regions)
    assert len(choropleth.with_data) == 5 and len(choropleth.without_data) == 33
    classes = choropleth.classes
    assert classes[0][0] == 11.0 and classes[-1][1] == 31.25
    klass = {r.code: r.klass for r in choropleth.regions}
    assert klass["35.73"] == 0 and klass["35.09"] == len(classes) - 1 and klass["35.02"] is None


def test_a_province_level_dataset_has_no_map(ctx: Ctx, tmp_path: Path) -> None:
    ingest_csv(ctx.runtime, tmp_path, slug="indikator-provinsi",
               text="kode_wilayah,tahun,ipm\n35,2022,72.75\n35,2023,73.38\n")  # fmt: skip
    rt = ctx.runtime
    assert map_data(ctx.session, rt.lake, rt.query_engine, actor=SYSTEM,
                    slug="indikator-provinsi", request=ChartRequest(),
                    data_dir=rt.settings.resolved_data_dir) is None  # fmt: skip


def test_classes_split_values_into_quantiles() -> None:
    assert classify([]) == []
    assert classify([5.0, 5.0]) == [(5.0, 5.0)]
    assert classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]) == [(1, 3), (3, 5), (5, 7), (7, 9), (9, 10)]
    assert classify([1.0, 1.0, 1.0, 9.0]) == [(1.0, 9.0)]
    classes = classify([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    assert [class_of(v, classes) for v in (1, 3, 3.5, 10)] == [0, 0, 1, 4]
