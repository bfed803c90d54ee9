"""Every score of the seeded world equals the hand-computed one (see world.py)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy.orm import Session
from tests.compliance.world import AS_OF, EXPECTED

from satudata.auth import SYSTEM
from satudata.compliance.board import board, organization_detail
from satudata.compliance.scores import ItemScore


@pytest.fixture
def session(world_session: Session) -> Session:
    return world_session


def item(session: Session, code: str, title: str, as_of: date = AS_OF) -> ItemScore:
    detail = organization_detail(session, None, actor=SYSTEM, code=code, as_of=as_of)
    return next(i for i in detail.items if i.title == title)


def test_every_opd_score_and_rank_is_the_hand_computed_one(session: Session) -> None:
    result = board(session, None, actor=SYSTEM, as_of=AS_OF)
    got = {o.code: (o.score, o.rank) for o in result.organizations}
    assert got == EXPECTED
    assert [o.code for o in result.organizations][-1] == "DISKOMINFO"  # no score: last


@pytest.mark.parametrize(("code", "title", "expected"), [
    # (E, D, T, late, V, P, lag, cells present/expected, metadata, score)
    ("DINKES", "Jumlah Puskesmas", (2, 1, 1, 1, 1, 1, 1, (38, 38), 1.0, 60.0)),
    ("DINKES", "Prevalensi Balita Stunting", (1, 1, 1, 0, 1, 1, 0, (38, 38), 1.0, 100.0)),
    ("DINDIK", "Jumlah Sekolah", (2, 2, 2, 0, 2, 2, 0, (76, 76), 1.0, 100.0)),
    ("BAPPEDA", "PDRB", (2, 2, 0, 2, 2, 0, 0, (76, 76), 1.0, 75.0)),
    ("DISPERINDAG", "Nilai Ekspor Bulanan", (4, 4, 2, 2, 2, 2, 0, (152, 152), 1.0, 82.5)),
    ("DISPENDUKCAPIL", "Jumlah Penduduk", (1, 1, 1, 0, 1, 1, 0, (35, 38), 1.0, 99.21)),
    ("DINSOS", "Jumlah Penduduk Miskin", (1, 0, 0, 1, 0, 0, None, (0, 0), 0.0, 0.0)),
    ("DISNAKERTRANS", "Tingkat Pengangguran Terbuka", (1, 1, 1, 0, 0, 0, 0, (38, 38), 0.8, 78.0)),
    ("DISHUB", "Jumlah Penumpang Angkutan Umum", (3, 3, 1, 2, 3, 3, 0, (3, 3), 1.0, 90.0)),
    ("DLH", "Indeks Kualitas Udara", (2, 2, 1, 1, 1, 1, 0, (2, 2), 1.0, 82.5)),
    ("BPBD", "Kejadian Bencana Harian", (4, 3, 2, 2, 3, 3, 1, (3, 3), 1.0, 72.5)),
    ("DISKOMINFO", "Indeks SPBE", (0, 0, 0, 0, 0, 0, None, (0, 0), 0.0, None)),
])  # fmt: skip
def test_item_parts_equal_the_hand_computed_ones(session: Session, code: str, title: str,
                                                 expected: tuple) -> None:  # fmt: skip
    s = item(session, code, title)
    got = (s.expected, s.delivered, s.on_time, s.late, s.valid, s.published, s.lag,
           (s.cells_present, s.cells_expected), s.metadata, s.score)  # fmt: skip
    assert got == expected


def test_days_late_are_counted_from_the_due_date(session: Session) -> None:
    late = {p.period: (p.due, p.delivered_on, p.days_late) for p in
            item(session, "BAPPEDA", "PDRB").periods}  # fmt: skip
    assert late == {"2023": (date(2024, 3, 31), date(2025, 4, 20), 385),
                    "2024": (date(2025, 3, 31), date(2025, 4, 20), 20)}  # fmt: skip
    monthly = {p.period: (p.due, p.days_late) for p in
               item(session, "DISPERINDAG", "Nilai Ekspor Bulanan").periods}  # fmt: skip
    assert monthly == {"2025-01": (date(2025, 2, 10), 23), "2025-02": (date(2025, 3, 10), 0),
                       "2025-03": (date(2025, 4, 10), 29), "2025-04": (date(2025, 5, 10), 0)}  # fmt: skip


def test_leap_day_due_date_and_month_end_dates(session: Session) -> None:
    periods = item(session, "DISHUB", "Jumlah Penumpang Angkutan Umum").periods
    assert [(p.period, p.due, p.days_late) for p in periods] == [
        ("2023-S2", date(2024, 2, 29), 0), ("2024-S1", date(2024, 8, 31), 2),
        ("2024-S2", date(2025, 2, 28), 1)]  # fmt: skip


def test_an_item_added_mid_year_owes_only_from_its_start(session: Session) -> None:
    s = item(session, "DLH", "Indeks Kualitas Udara")
    assert [p.period for p in s.periods] == ["2025-03", "2025-04"]
    assert s.next_period == "2025-05" and s.next_due == date(2025, 6, 10)
    daily = item(session, "BPBD", "Kejadian Bencana Harian")
    assert [p.period for p in daily.periods] == ["2025-05-10", "2025-05-11", "2025-05-12",
                                                  "2025-05-13"]  # fmt: skip


def test_gaps_name_the_missing_period_and_the_missing_regions(session: Session) -> None:
    puskesmas = item(session, "DINKES", "Jumlah Puskesmas")
    assert [(g.kind, g.message) for g in puskesmas.gaps] == [
        ("missing", "Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 45 hari")
    ]
    assert puskesmas.gaps[0].message_en == (
        "Dinas Kesehatan: Jumlah Puskesmas 2024 — not delivered, 45 days late"
    )
    penduduk = item(session, "DISPENDUKCAPIL", "Jumlah Penduduk")
    assert [g.message for g in penduduk.gaps] == [
        "Dispendukcapil: Jumlah Penduduk 2024 — 35 dari 38 kab/kota, belum ada: Sampang, "
        "Sumenep, Kota Batu"]  # fmt: skip
    assert penduduk.gaps[0].message_en.endswith(
        "2024 — 35 of 38 regencies/cities, missing: Sampang, Sumenep, Kota Batu"
    )
    kinds = [g.kind for g in item(session, "DISNAKERTRANS", "Tingkat Pengangguran Terbuka").gaps]
    assert kinds == ["returned", "metadata"]
    assert [g.kind for g in item(session, "DINSOS", "Jumlah Penduduk Miskin").gaps] == [
        "no-dataset",
        "missing",
    ]
    assert [g.kind for g in item(session, "BAPPEDA", "PDRB").gaps] == ["unpublished"] * 2


def test_the_past_is_computed_from_timestamps_not_from_now(session: Session) -> None:
    # 25 March 2024: 2023 not due yet (31 March): nothing owed, no score.
    assert item(session, "DINKES", "Jumlah Puskesmas", date(2024, 3, 25)).score is None
    # 5 April 2024: 2023 delivered on time and published; the source field was still
    # empty (filled on 1 June 2024): M = 9/10 → 30+15+10+10+15+10+9 = 99.0.
    early = item(session, "DINKES", "Jumlah Puskesmas", date(2024, 4, 5))
    assert (early.expected, early.metadata, early.metadata_missing, early.score) == (
        1,
        0.9,
        ["sumber data"],
        99.0,
    )
    # 1 April 2025, BAPPEDA had sent nothing yet: E=2, all missing, M=1 → 10.0.
    assert item(session, "BAPPEDA", "PDRB", date(2025, 4, 1)).score == 10.0
    # the board of 31 March 2025 ranks what was known then
    then = board(session, None, actor=SYSTEM, as_of=date(2025, 3, 31))
    assert {o.code: o.score for o in then.organizations}["DISPERINDAG"] == pytest.approx(
        100 * (0.3 * 2 / 2 + 0.15 * 1 / 2 + 0.1 + 0.1 + 0.15 + 0.1 + 0.1), abs=0.05
    )


def test_trend_gives_one_score_per_month_end(session: Session) -> None:
    result = board(session, None, actor=SYSTEM, as_of=AS_OF, months=3)
    assert result.months == ["2025-03", "2025-04", "2025-05"]
    dinkes = next(o for o in result.organizations if o.code == "DINKES")
    # 31 Mar 2025: puskesmas 2023 done, 2024 due that day (not yet owed) → 100; stunting
    # 2024 on time → 100. 30 Apr: puskesmas 2024 missing, 30 days late → 60; → 86.7.
    assert [(t.month, t.score) for t in dinkes.trend] == [
        ("2025-03", 100.0),
        ("2025-04", 86.7),
        ("2025-05", 86.7),
    ]
