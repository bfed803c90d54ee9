"""The exact gaps of an item, in words the walidata reads out at the coordination meeting.

"Dinas Kesehatan: Jumlah Puskesmas 2024 — belum dikirim, terlambat 47 hari";
"Dinas Kesehatan: Jumlah Puskesmas 2023 — 35 dari 38 kab/kota, belum ada: Sampang,
Sumenep, Kota Batu". Each gap has an Indonesian and an English message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel

if TYPE_CHECKING:
    from satudata.compliance.history import ItemFacts
    from satudata.compliance.scores import ItemScore

GapKind = Literal["no-dataset", "missing", "partial", "returned", "awaiting-review",
                  "unpublished", "metadata"]  # fmt: skip
MAX_NAMED = 12
LEVEL_ID = {"provinsi": "provinsi", "kabupaten_kota": "kab/kota", "kecamatan": "kecamatan"}
LEVEL_EN = {"provinsi": "province", "kabupaten_kota": "regencies/cities",
            "kecamatan": "districts"}  # fmt: skip


class Gap(BaseModel):
    """One thing an item still lacks."""

    kind: GapKind
    item_id: int
    period: str | None
    days_late: int
    missing_regions: list[str]
    message: str
    message_en: str


def _names(names: list[str], more_id: str, more_en: str) -> tuple[str, str]:
    shown = ", ".join(names[:MAX_NAMED])
    extra = len(names) - MAX_NAMED
    if extra <= 0:
        return shown, shown
    return f"{shown} {more_id.format(extra)}", f"{shown} {more_en.format(extra)}"


def item_gaps_of(item: ItemFacts, score: ItemScore,
                 sent_states: dict[str, list[str]]) -> list[Gap]:  # fmt: skip
    """Return the gaps of an item scored at a date, period by period, then its metadata."""
    who = f"{item.organization_short}: {item.title}"
    gaps: list[Gap] = []

    def add(kind: GapKind, period: str | None, msg_id: str, msg_en: str, days: int = 0,
            missing: list[str] | None = None) -> None:  # fmt: skip
        gaps.append(Gap(kind=kind, item_id=item.id, period=period, days_late=days,
                        missing_regions=missing or [], message=msg_id, message_en=msg_en))  # fmt: skip

    if item.dataset is None:
        add("no-dataset", None, f"{who} — belum ada dataset terkait di katalog",
            f"{who} — no linked dataset in the catalogue yet")  # fmt: skip
    for p in score.periods:
        head_id, head_en = f"{who} {p.label}", f"{who} {p.label_en}"
        if p.delivered_on is None:
            add("missing", p.period, f"{head_id} — belum dikirim, terlambat {p.days_late} hari",
                f"{head_en} — not delivered, {p.days_late} days late", p.days_late)  # fmt: skip
            continue
        if p.missing_regions:
            names_id, names_en = _names(p.missing_regions, "dan {} lainnya", "and {} more")
            level_id = LEVEL_ID.get(item.region_level, item.region_level)
            level_en = LEVEL_EN.get(item.region_level, item.region_level)
            add("partial", p.period,
                f"{head_id} — {p.regions_present} dari {p.regions_expected} {level_id}, "
                f"belum ada: {names_id}",
                f"{head_en} — {p.regions_present} of {p.regions_expected} {level_en}, "
                f"missing: {names_en}", missing=p.missing_regions)  # fmt: skip
        if not p.valid:
            if "returned" in sent_states.get(p.period, []):
                add("returned", p.period, f"{head_id} — dikembalikan walidata, perlu diperbaiki",
                    f"{head_en} — returned by the custodian, needs a fix")  # fmt: skip
            else:
                add("awaiting-review", p.period, f"{head_id} — menunggu pemeriksaan walidata",
                    f"{head_en} — awaiting the custodian's review")  # fmt: skip
        elif not p.published:
            add("unpublished", p.period, f"{head_id} — disetujui, belum terbit",
                f"{head_en} — approved, not yet published")  # fmt: skip
    if item.dataset is not None and score.metadata_missing:
        names = ", ".join(score.metadata_missing)
        add("metadata", None, f"{who} — metadata belum lengkap: {names}",
            f"{who} — metadata incomplete: {names}")  # fmt: skip
    return gaps
