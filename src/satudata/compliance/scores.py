"""Scores of one Daftar Data item at a date, and of an OPD from its items.

Per item, over the E periods due by the date (due date passed, see `catalog.periods`):

- delivered D = periods sent to the walidata (a version holding the period was
  submitted, or published directly) / E;
- on time T = periods first sent on or before their due date / E (days late are counted
  from the due date to the first delivery, or to the date for periods still missing);
- valid V = periods in a version the walidata approved (approved, with the pembina,
  published or superseded since) / E;
- published P = periods in the publication of that date / E;
- freshness F = 1 / (1 + lag), lag = how many periods the latest period delivered lies
  behind the latest period due (0 when nothing was delivered);
- coverage C = region × period cells present / expected, over the delivered due periods
  (38 kab/kota per period for kab/kota data, every kecamatan for kecamatan data, one cell
  for province data; 0 when nothing was delivered); missing regions are named;
- metadata M = required SDI metadata fields filled / required (review.checklist: ten
  fields, twelve for priority data; 0 without a linked dataset).

    item score = 100 × (0.30 D + 0.15 T + 0.10 V + 0.10 P + 0.15 F + 0.10 C + 0.10 M)

An item with nothing due yet has no score. The OPD score is the mean of its items'
scores, priority items counting twice; an OPD with nothing due has no score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from pydantic import BaseModel

from satudata.catalog.periods import (
    Period,
    due_date,
    end_of_day,
    owed_periods,
    period_from_ordinal,
    period_key_of_value,
    period_of,
    read_period_value,
    wib_date,
)
from satudata.compliance.gaps import Gap, item_gaps_of
from satudata.compliance.history import VALID_STATES, ItemFacts, VersionFacts
from satudata.reference import Region, get_region_index

WEIGHTS = {"delivered": 0.30, "on_time": 0.15, "valid": 0.10, "published": 0.10,
           "freshness": 0.15, "coverage": 0.10, "metadata": 0.10}  # fmt: skip
PRIORITY_WEIGHT = 2
FORMULA = ("skor item = 100 × (0,30 dikirim + 0,15 tepat waktu + 0,10 sah + 0,10 terbit + "
           "0,15 kemutakhiran + 0,10 kelengkapan wilayah + 0,10 metadata); skor OPD = rata-rata "
           "skor item, data prioritas berbobot 2")  # fmt: skip
FORMULA_EN = ("item score = 100 × (0.30 delivered + 0.15 on time + 0.10 valid + 0.10 published "
              "+ 0.15 freshness + 0.10 region coverage + 0.10 metadata); OPD score = mean of "
              "item scores, priority data weighted 2")  # fmt: skip
REGION_LEVELS = {"provinsi": ("province",), "kabupaten_kota": ("regency", "city"),
                 "kecamatan": ("district",)}  # fmt: skip


class PeriodStatus(BaseModel):
    """One due period of an item at the date."""

    period: str  # key: 2024, 2024-Q1, 2024-03
    label: str
    label_en: str
    due: date
    delivered_on: date | None
    days_late: int  # to the delivery, or to the date while still missing
    on_time: bool
    valid: bool
    published: bool
    regions_expected: int
    regions_present: int
    missing_regions: list[str]  # names, as people say them: Sampang, Kota Batu


class ItemScore(BaseModel):
    """An item's state at a date: counts, the seven parts, the score and the gaps."""

    item_id: int
    title: str
    organization: str
    organization_name: str
    frequency: str
    priority: bool
    sector: str
    dataset: str | None
    expected: int
    delivered: int
    on_time: int
    late: int
    valid: int
    published: int
    latest_period: str | None
    due_period: str | None
    lag: int | None
    freshness: float
    cells_expected: int
    cells_present: int
    coverage: float
    metadata: float
    metadata_missing: list[str]
    score: float | None
    next_due: date | None
    next_period: str | None
    periods: list[PeriodStatus]
    gaps: list[Gap]


def _shown(region: Region) -> str:
    return region.short_name if region.level == "regency" else region.name


@cache
def expected_codes(level: str) -> frozenset[str]:
    """Return the codes of `expected_regions(level)`."""
    return frozenset(r.code for r in expected_regions(level))


@cache
def expected_regions(level: str) -> tuple[Region, ...]:
    """Return the regions a delivery at this tingkat penyajian must list (read once)."""
    levels = REGION_LEVELS.get(level, ("province",))
    return tuple(r for r in get_region_index() if r.level in levels)


@dataclass
class _Sent:
    version: VersionFacts
    at: date
    state: str
    keys: dict[str, set[str]]  # period key -> region codes


def _keys(version: VersionFacts, frequency: str, sent_on: date) -> dict[str, set[str]]:
    """Return period key -> region codes of a version's cells (do not change the result)."""
    memo = (frequency, sent_on if "" in version.cells else None)
    if memo not in version.keys_seen:
        version.keys_seen[memo] = _read_keys(version, frequency, sent_on)
    return version.keys_seen[memo]


def _read_keys(version: VersionFacts, frequency: str, sent_on: date) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for raw, codes in version.cells.items():
        if raw == "":  # no period column: it reports on the last period ended when sent
            key: str | None = period_from_ordinal(
                frequency, period_of(frequency, sent_on).ordinal - 1).key  # fmt: skip
        else:
            key = period_key_of_value(raw, frequency)
        if key is not None:
            out.setdefault(key, set()).update(codes)
    return out


def _metadata(item: ItemFacts, cutoff_values: dict[str, object] | None) -> tuple[float, list[str]]:
    from satudata.review.checklist import PRIORITY_METADATA, REQUIRED_METADATA

    dataset = item.dataset
    required = REQUIRED_METADATA + (PRIORITY_METADATA if item.priority or
                                    (dataset is not None and dataset.priority) else [])  # fmt: skip
    if cutoff_values is None:
        return 0.0, [name for _, name in required]
    missing = [name for fields, name in required
               if not any(str(cutoff_values.get(f) or "").strip() for f in fields)]  # fmt: skip
    return (len(required) - len(missing)) / len(required), missing


def score_item(item: ItemFacts, as_of: date) -> ItemScore:
    """Return the item's state and score at the end of `as_of` (WIB)."""
    cutoff = end_of_day(as_of)
    owed = owed_periods(item.frequency, item.rule, start=item.start_date, end=item.end_date,
                        until=as_of - timedelta(days=1))  # fmt: skip
    sent: list[_Sent] = []
    publication: VersionFacts | None = None
    meta_values = None
    if item.dataset is not None:
        for version in item.dataset.versions:
            at = version.delivered_at(cutoff)
            state = version.state_at(cutoff)
            if at is not None and state is not None:
                day = wib_date(at)
                sent.append(_Sent(version, day, state, _keys(version, item.frequency, day)))
        publication = item.dataset.publication_at(cutoff)
        meta_values = item.dataset.metadata_at(cutoff)
    published_keys = set()
    if publication is not None:
        on = wib_date(publication.delivered_at(cutoff) or publication.created_at)
        published_keys = set(_keys(publication, item.frequency, on))
    regions = expected_regions(item.region_level)
    periods = [_period_status(item, p, due, as_of, sent, published_keys, regions)
               for p, due in owed]  # fmt: skip
    metadata, metadata_missing = _metadata(item, meta_values)
    delivered = [p for p in periods if p.delivered_on is not None]
    latest = max((period_key_ordinal(item.frequency, k) for s in sent for k in s.keys),
                 default=None)  # fmt: skip
    due_now = owed[-1][0] if owed else None
    lag = None if latest is None or due_now is None else max(0, due_now.ordinal - latest)
    cells_expected = sum(p.regions_expected for p in delivered)
    cells_present = sum(p.regions_present for p in delivered)
    parts = {
        "delivered": len(delivered), "on_time": sum(p.on_time for p in periods),
        "valid": sum(p.valid for p in periods), "published": sum(p.published for p in periods),
    }  # fmt: skip
    freshness = 1 / (1 + lag) if lag is not None else 0.0
    coverage = cells_present / cells_expected if cells_expected else 0.0
    score = None
    if periods:
        n = len(periods)
        total = (sum(WEIGHTS[k] * v / n for k, v in parts.items())
                 + WEIGHTS["freshness"] * freshness + WEIGHTS["coverage"] * coverage
                 + WEIGHTS["metadata"] * metadata)  # fmt: skip
        score = round(100 * total, 2)
    next_period = period_from_ordinal(item.frequency, (owed[-1][0].ordinal + 1) if owed
                                      else period_of(item.frequency, item.start_date).ordinal)  # fmt: skip
    ended = item.end_date is not None and next_period.start > item.end_date
    result = ItemScore(
        item_id=item.id, title=item.title, organization=item.organization,
        organization_name=item.organization_short, frequency=item.frequency,
        priority=item.priority, sector=item.sector,
        dataset=item.dataset.slug if item.dataset else None, expected=len(periods),
        delivered=parts["delivered"], on_time=parts["on_time"],
        late=sum(1 for p in periods if p.days_late > 0), valid=parts["valid"],
        published=parts["published"],
        latest_period=period_from_ordinal(item.frequency, latest).key if latest is not None else None,
        due_period=due_now.key if due_now else None, lag=lag, freshness=round(freshness, 4),
        cells_expected=cells_expected, cells_present=cells_present,
        coverage=round(coverage, 4), metadata=round(metadata, 4),
        metadata_missing=metadata_missing, score=score,
        next_due=None if ended else due_date(next_period, item.rule),
        next_period=None if ended else next_period.key, periods=periods, gaps=[],
    )  # fmt: skip
    result.gaps = item_gaps_of(item, result, sent_states={p: [s.state for s in sent if p in s.keys]
                                                          for p in (x.period for x in periods)})  # fmt: skip
    return result


@cache
def period_key_ordinal(frequency: str, key: str) -> int:
    """Return the ordinal of a period key of `frequency` (keys come from `Period.key`)."""
    value = read_period_value(key)
    assert value is not None, key
    return period_of(frequency, value[1]).ordinal


def _period_status(item: ItemFacts, period: Period, due: date, as_of: date, sent: list[_Sent],
                   published_keys: set[str], regions: tuple[Region, ...]) -> PeriodStatus:  # fmt: skip
    holding = [s for s in sent if period.key in s.keys]
    first = min((s.at for s in holding), default=None)
    days_late = max(0, ((first or as_of) - due).days)
    present: set[str] = set()
    missing: list[str] = []
    if holding:
        newest = max(holding, key=lambda s: s.version.number)
        if item.region_level == "provinsi":
            present = {r.code for r in regions}
        else:
            present = newest.keys[period.key] & expected_codes(item.region_level)
        missing = [_shown(r) for r in regions if r.code not in present]
    return PeriodStatus(
        period=period.key, label=period.label("id"), label_en=period.label("en"), due=due,
        delivered_on=first, days_late=days_late, on_time=first is not None and days_late == 0,
        valid=any(s.state in VALID_STATES for s in holding),
        published=period.key in published_keys,
        regions_expected=len(regions), regions_present=len(present) if holding else 0,
        missing_regions=missing,
    )  # fmt: skip


def organization_score(scores: list[ItemScore]) -> float | None:
    """Return the OPD's score: its items' mean, priority items counting twice."""
    weighted = [(s.score, PRIORITY_WEIGHT if s.priority else 1) for s in scores
                if s.score is not None]  # fmt: skip
    if not weighted:
        return None
    return round(sum(v * w for v, w in weighted) / sum(w for _, w in weighted), 1)
