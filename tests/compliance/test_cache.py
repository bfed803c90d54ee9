"""The board is computed once per state of the database, and never shown stale."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from tests.compliance.conftest import Seeder
from tests.compliance.world import AS_OF, EXPECTED

from satudata.auth import SYSTEM
from satudata.compliance.board import board, organization_detail
from satudata.compliance.cache import ComplianceCache, stamp
from satudata.compliance.daftar import list_items, update_item
from satudata.compliance.schema import DataListItemUpdate
from satudata.db.session import session_scope
from satudata.runtime import Runtime


@pytest.fixture
def session(world_session: Session) -> Session:
    return world_session


def scores(result: object) -> dict[str, float | None]:
    return {o.code: o.score for o in result.organizations}  # type: ignore[attr-defined]


def test_an_unchanged_database_reuses_the_board_and_a_change_recomputes_it(
    session: Session,
) -> None:
    cache = ComplianceCache()
    first = board(session, None, actor=SYSTEM, as_of=AS_OF, cache=cache)
    assert scores(first) == {code: score for code, (score, _) in EXPECTED.items()}
    assert board(session, None, actor=SYSTEM, as_of=AS_OF, cache=cache) is first
    other_day = board(session, None, actor=SYSTEM, as_of=date(2025, 4, 30), cache=cache)
    assert other_day is not first and other_day.as_of == date(2025, 4, 30)
    health = board(session, None, actor=SYSTEM, as_of=AS_OF, sector="kesehatan", cache=cache)
    assert [o.code for o in health.organizations] == ["DINKES"]

    # The walidata moves Diskominfo's item back to 2023: it now owes two years, sent none.
    (spbe,) = list_items(session, actor=SYSTEM, organization="DISKOMINFO")
    before = stamp(session)
    update_item(session, actor=SYSTEM, item_id=spbe.id,
                data=DataListItemUpdate(start_date=date(2023, 1, 1)))  # fmt: skip
    session.commit()
    assert stamp(session) != before
    after = board(session, None, actor=SYSTEM, as_of=AS_OF, cache=cache)
    assert after is not first
    assert scores(after)["DISKOMINFO"] == 0.0 and scores(first)["DISKOMINFO"] is None
    detail = organization_detail(session, None, actor=SYSTEM, code="DISKOMINFO", as_of=AS_OF,
                                 cache=cache)  # fmt: skip
    assert detail.organization.rank == next(
        o.rank for o in after.organizations if o.code == "DISKOMINFO")  # fmt: skip


def test_an_item_written_without_an_audit_event_still_changes_the_stamp(
    runtime: Runtime, session: Session
) -> None:  # fmt: skip
    cache = ComplianceCache()
    first = board(session, None, actor=SYSTEM, as_of=AS_OF, cache=cache)
    with session_scope(runtime.sessions) as other:
        seeder = Seeder(other)
        seeder.org("DINSOS", "Dinas Sosial")
        seeder.item("DINSOS", "Jumlah Panti Sosial", "tahunan", "2023-01-01")
    session.expire_all()
    after = board(session, None, actor=SYSTEM, as_of=AS_OF, cache=cache)
    assert after is not first
    dinsos = next(o for o in after.organizations if o.code == "DINSOS")
    assert dinsos.items == 1 + next(o.items for o in first.organizations if o.code == "DINSOS")
