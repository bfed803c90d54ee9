"""The compliance board: every OPD ranked at a date, its trend, and the drill-down.

Pages and routes call these with the actor; each returns plain data. Given the runtime's
`ComplianceCache`, the board and the ranks are computed once per state of the database
(see `compliance.cache`).
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from datetime import date

from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.auth.policy import can_read_organization_items, require_board_reader
from satudata.catalog.periods import today_wib
from satudata.catalog.service import get_organization_row
from satudata.compliance.cache import ComplianceCache, stamp
from satudata.compliance.daftar import get_item_row, item_rows
from satudata.compliance.history import ItemFacts, load_facts
from satudata.compliance.schema import Board, OrganizationDetail, OrganizationStatus, TrendPoint
from satudata.compliance.scores import (
    FORMULA,
    FORMULA_EN,
    ItemScore,
    organization_score,
    score_item,
)
from satudata.db.compliance import DataListItem
from satudata.errors import not_found
from satudata.lake.store import Lake

TREND_MONTHS = 6


def month_key(day: date) -> str:
    """Return "2026-10" for a day of October 2026."""
    return f"{day.year}-{day.month:02d}"


def month_ends(as_of: date, months: int) -> list[tuple[str, date]]:
    """Return (month, its last day, or `as_of` for its own month) for the last `months` months."""
    out = []
    year, month = as_of.year, as_of.month
    for _ in range(months):
        last = date(year, month, calendar.monthrange(year, month)[1])
        out.append((f"{year}-{month:02d}", min(last, as_of)))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return list(reversed(out))


def status_of(code: str, name: str, short: str, scores: list[ItemScore],
              trend: list[TrendPoint]) -> OrganizationStatus:  # fmt: skip
    """Sum an OPD's item scores into its line on the board."""
    periods = [p for s in scores for p in s.periods]
    return OrganizationStatus(
        code=code, name=name, short_name=short, rank=None, score=organization_score(scores),
        items=len(scores), expected=len(periods),
        delivered=sum(s.delivered for s in scores), on_time=sum(s.on_time for s in scores),
        late=sum(s.late for s in scores), valid=sum(s.valid for s in scores),
        published=sum(s.published for s in scores),
        missing=sum(1 for p in periods if p.delivered_on is None),
        partial=sum(1 for p in periods if p.delivered_on is not None and p.missing_regions),
        trend=trend,
    )  # fmt: skip


def _by_organization(facts: list[ItemFacts]) -> dict[str, list[ItemFacts]]:
    groups: dict[str, list[ItemFacts]] = defaultdict(list)
    for item in facts:
        groups[item.organization].append(item)
    return groups


def rank(statuses: list[OrganizationStatus]) -> list[OrganizationStatus]:
    """Order OPDs best first (no score last) and number them; equal scores share a rank."""
    ordered = sorted(statuses, key=lambda s: (s.score is None, -(s.score or 0), s.name))
    previous: tuple[float | None, int] = (None, 0)
    for position, status in enumerate(ordered, 1):
        if status.score is None:
            continue
        status.rank = previous[1] if status.score == previous[0] else position
        previous = (status.score, status.rank)
    return ordered


def statuses_at(facts: list[ItemFacts], as_of: date, *,
                months: int = 0) -> list[OrganizationStatus]:  # fmt: skip
    """Return every OPD's status at `as_of`, ranked, with `months` of monthly trend."""
    ends = month_ends(as_of, months) if months else []
    out = []
    for items in _by_organization(facts).values():
        first = items[0]
        scores = [score_item(i, as_of) for i in items]
        out.append(status_of(first.organization, first.organization_name,
                             first.organization_short, scores, trend_of(items, ends, scores)))  # fmt: skip
    return rank(out)


def trend_of(items: list[ItemFacts], ends: list[tuple[str, date]],
             now: list[ItemScore]) -> list[TrendPoint]:  # fmt: skip
    """Return the OPD score at each month's end; `now`, the scores at the last one, are reused."""
    last = ends[-1][1] if ends else None
    return [TrendPoint(month=m, score=organization_score(
                now if day == last else [score_item(i, day) for i in items]))
            for m, day in ends]  # fmt: skip


def board(session: Session, lake: Lake | None, *, actor: Actor, as_of: date | None = None,
          sector: str | None = None, priority: bool | None = None,
          months: int = TREND_MONTHS, cache: ComplianceCache | None = None) -> Board:  # fmt: skip
    """Return the ranking of all OPDs at `as_of` (default today), with the trend by month."""
    require_board_reader(actor)
    day = as_of or today_wib()
    now = stamp(session) if cache is not None else None

    def compute() -> Board:
        facts = [f for f in _every_fact(session, lake, cache, now)
                 if (not sector or f.sector == sector)
                 and (priority is None or f.priority is priority)]  # fmt: skip
        ends = month_ends(day, months)
        return Board(as_of=day, sector=sector, priority=priority, formula=FORMULA,
                     formula_en=FORMULA_EN, months=[m for m, _ in ends],
                     organizations=statuses_at(facts, day, months=months))  # fmt: skip

    if cache is None:
        return compute()
    return cache.get(("board", now, day, sector or None, priority, months), compute)


def _every_fact(session: Session, lake: Lake | None, cache: ComplianceCache | None,
                now: tuple[object, ...] | None) -> list[ItemFacts]:  # fmt: skip
    """Return the facts of every Daftar Data item (kept in `cache` under the stamp `now`)."""
    if cache is None:
        return load_facts(session, lake, _all_items(session))
    return cache.get(("facts", now), lambda: load_facts(session, lake, _all_items(session)))


def _all_items(session: Session, *, sector: str | None = None, priority: bool | None = None,
               organization: str | None = None) -> list[DataListItem]:  # fmt: skip
    from satudata.auth.actor import SYSTEM

    return item_rows(session, actor=SYSTEM, organization=organization, sector=sector,
                     priority=priority)  # fmt: skip


def organization_detail(session: Session, lake: Lake | None, *, actor: Actor, code: str,
                        as_of: date | None = None, months: int = TREND_MONTHS,
                        cache: ComplianceCache | None = None) -> OrganizationDetail:  # fmt: skip
    """Return one OPD's status with every item, its periods and exact gaps."""
    require_board_reader(actor)
    org = get_organization_row(session, code)
    if not can_read_organization_items(actor, org.code):
        raise not_found("OPD", "Organization", code)
    day = as_of or today_wib()
    now = stamp(session) if cache is not None else None
    every = _every_fact(session, lake, cache, now)  # the rank needs every OPD
    facts = [i for i in every if i.organization == org.code]
    scores = [score_item(i, day) for i in facts]
    trend = trend_of(facts, month_ends(day, months), scores)
    status = status_of(org.code, org.name, org.short_name or org.name, scores, trend)

    def ranks() -> dict[str, int | None]:
        return {s.code: s.rank for s in statuses_at(every, day)}

    status.rank = (ranks() if cache is None else cache.get(("ranks", now, day), ranks)).get(
        org.code
    )
    return OrganizationDetail(as_of=day, organization=status, items=scores, formula=FORMULA,
                              formula_en=FORMULA_EN)  # fmt: skip


def item_gaps(session: Session, lake: Lake | None, *, actor: Actor, item_id: int,
              as_of: date | None = None) -> ItemScore:  # fmt: skip
    """Return one item's periods, score and exact gaps at `as_of`."""
    require_board_reader(actor)
    item = get_item_row(session, actor=actor, item_id=item_id)
    (facts,) = load_facts(session, lake, [item])
    return score_item(facts, as_of or today_wib())
