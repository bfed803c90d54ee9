"""Headline indicators: province-level datasets the visitor may read, priority first."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from satudata.auth import SYSTEM
from satudata.auth.actor import ANONYMOUS, Actor
from satudata.catalog.highlights import column_label, headline_indicators
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

PROVINCE = "kode_wilayah,nama_wilayah,tahun,ipm,tpt\n35,Jawa Timur,2023,73.45,4.88\n35,Jawa Timur,2024,74.09,4.52\n"


def add(runtime: Runtime, tmp: Path, slug: str, text: str, **metadata: Any) -> None:
    path = tmp / f"{slug}.csv"
    path.write_text(text, encoding="utf-8")
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization="DINKES", dataset=slug, metadata=metadata))  # fmt: skip


def headlines(runtime: Runtime, actor: Actor = ANONYMOUS) -> list[tuple[str, str, Any, Any]]:
    with session_scope(runtime.sessions) as session:
        found = headline_indicators(session, runtime.lake, runtime.query_engine, actor=actor)
    return [(h.dataset, h.column, h.value, h.previous_value) for h in found]


def test_a_province_dataset_gives_each_numeric_column_latest_and_previous(
    runtime: Runtime, tmp_path: Path
) -> None:  # fmt: skip
    add(runtime, tmp_path, "makro", PROVINCE, region_level="provinsi", title="Indikator makro")
    with session_scope(runtime.sessions) as session:
        first = headline_indicators(session, runtime.lake, runtime.query_engine,
                                    actor=ANONYMOUS)[0]  # fmt: skip
    assert (first.label, first.value, first.period) == ("Ipm", 74.09, "2024")
    assert (first.previous_value, first.previous_period, first.change) == (73.45, "2023", 0.64)
    assert headlines(runtime) == [("makro", "ipm", 74.09, 73.45), ("makro", "tpt", 4.52, 4.88)]


def test_priority_comes_first_and_other_levels_and_hidden_data_give_nothing(
    runtime: Runtime, tmp_path: Path
) -> None:  # fmt: skip
    add(runtime, tmp_path, "biasa", PROVINCE.replace("ipm,tpt", "a,b"), region_level="provinsi")
    add(runtime, tmp_path, "utama", PROVINCE.replace("ipm,tpt", "c,d"), region_level="provinsi",
        priority=True)  # fmt: skip
    add(runtime, tmp_path, "kabkota", "kode_wilayah,tahun,x\n35.07,2024,1\n35.73,2024,2\n",
        region_level="kabupaten_kota")  # fmt: skip
    add(runtime, tmp_path, "rahasia", PROVINCE.replace("ipm,tpt", "e,f"), region_level="provinsi",
        priority=True, access_level="tertutup")  # fmt: skip
    assert [c for _, c, _, _ in headlines(runtime)] == ["c", "d", "a", "b"]
    leader = Actor(kind="user", roles=frozenset({"leader"}))
    assert {d for d, _, _, _ in headlines(runtime, leader)} == {"rahasia", "utama", "biasa"}


def test_several_rows_in_the_latest_period_give_no_indicator(
    runtime: Runtime, tmp_path: Path
) -> None:  # fmt: skip
    text = "kategori,tahun,nilai\nL,2024,1\nP,2024,2\n"
    add(runtime, tmp_path, "per-kategori", text, region_level="provinsi")
    add(runtime, tmp_path, "tanpa-periode", "kategori,nilai\nL,1\n", region_level="provinsi")
    assert headlines(runtime) == []


def test_a_column_label_is_its_title_or_its_name_in_words() -> None:
    assert column_label("laju_pertumbuhan_ekonomi") == "Laju pertumbuhan ekonomi"
    assert column_label("ipm", "Indeks Pembangunan Manusia") == "Indeks Pembangunan Manusia"
    assert column_label("ipm", "ipm") == "Ipm"
