"""The demo's Daftar Data: twelve OPDs and what they owe, with a believable history.

The sample versions are loaded today; here each gets the dates an agency would have sent
it (dated workflow events in the audit log, the version's own date moved back), following
a habit per dataset: early, on time, late or very late. Some datasets get a 2025 version
(one missing Sampang, Sumenep and Kota Batu); others never do, and four OPDs owe data they
have not sent at all. So the board shows a mix of on-time, late, partial and missing.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from tempfile import TemporaryDirectory

from sqlalchemy import select

from satudata.auth import SYSTEM
from satudata.catalog.periods import WIB, due_date, period_of, read_period_value, rule_for
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.compliance.report import generate_report, previous_month
from satudata.db.compliance import ComplianceReport, DataListItem
from satudata.db.models import Dataset, Organization, Version
from satudata.db.session import session_scope
from satudata.db.workflow import AuditEvent
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.engine import connect
from satudata.runtime import Runtime
from satudata.tableschema.model import TableSchema

PARTIAL_MISSING = ("35.27", "35.29", "35.79")  # Sampang, Sumenep, Kota Batu


@dataclass(frozen=True)
class Habit:
    """How an OPD sends one dataset: days after the due date, per version (negative: early)."""

    slug: str
    title: str
    offsets: tuple[int, ...]
    next_year: str | None = None  # "full" or "partial": a 2025 version is sent
    next_offset: int = 0


HABITS = (
    Habit("jumlah-sekolah-dan-siswa-sma-smk-per-kabkota", "Jumlah Sekolah dan Siswa SMA/SMK",
          (-12, -9, -15), "full", -10),
    Habit("angka-partisipasi-sekolah-per-kabkota", "Angka Partisipasi Sekolah", (-5, -3), "full", 4),
    Habit("jumlah-puskesmas-dan-tenaga-kesehatan-per-kabkota", "Jumlah Puskesmas dan Tenaga "
          "Kesehatan", (-2, 10, -1), "partial", 6),
    Habit("prevalensi-balita-stunting-per-kabkota", "Prevalensi Balita Stunting", (-8, -6, -4),
          "full", 50),
    Habit("pdrb-adhb-adhk-per-kabkota", "PDRB ADHB dan ADHK", (45, 30), "full", 62),
    Habit("indikator-makro-pembangunan-jawa-timur", "Indikator Makro Pembangunan", (20,)),
    Habit("nilai-ekspor-nonmigas-bulanan-per-kabkota", "Nilai Ekspor Nonmigas Bulanan",
          (5, 12, 20)),
    Habit("jumlah-penduduk-menurut-jenis-kelamin-per-kabkota", "Jumlah Penduduk Menurut Jenis "
          "Kelamin", (-20, -18, -25), "full", -21),
    Habit("jumlah-dan-persentase-penduduk-miskin-per-kabkota", "Jumlah dan Persentase Penduduk "
          "Miskin", (60, 75)),
    Habit("jumlah-kpm-bantuan-sosial-per-kabkota", "Jumlah KPM Bantuan Sosial", (3, -2), "full", 1),
    Habit("tingkat-pengangguran-terbuka-per-kabkota", "Tingkat Pengangguran Terbuka", (-1, -3),
          "full", -2),
)  # fmt: skip
# OPDs with obligations and nothing sent: (code, name, short, item, frequency, start, level)
NEW_OPDS = (
    ("DISHUB", "Dinas Perhubungan Provinsi Jawa Timur", "Dinas Perhubungan",
     "Jumlah Kendaraan Bermotor Menurut Kabupaten/Kota", "tahunan", "2024-01-01",
     "kabupaten_kota", "perhubungan"),
    ("DLH", "Dinas Lingkungan Hidup Provinsi Jawa Timur", "Dinas Lingkungan Hidup",
     "Indeks Kualitas Lingkungan Hidup", "tahunan", "2024-01-01", "kabupaten_kota",
     "lingkungan hidup"),
    ("BPBD", "Badan Penanggulangan Bencana Daerah Provinsi Jawa Timur", "BPBD",
     "Kejadian Bencana Menurut Kabupaten/Kota", "bulanan", "2026-07-01", "kabupaten_kota",
     "kebencanaan"),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika Provinsi Jawa Timur", "Diskominfo",
     "Indeks SPBE Provinsi", "tahunan", "2025-01-01", "provinsi", "komunikasi dan informatika"),
)  # fmt: skip


def _moment(day: date, hours: int = 10) -> datetime:
    return datetime.combine(day, time(hours), tzinfo=WIB)


def _last_period(version: Version, frequency: str) -> date:
    """Return the first day of the latest period a version holds."""
    values = [v for f, s in version.column_stats.items() for v in s.get("values", [])
              if f == _period_field(version)]  # fmt: skip
    days = [read[1] for v in values if (read := read_period_value(str(v)))]
    return max(days) if days else date(2024, 1, 1)


def _period_field(version: Version) -> str:
    field = TableSchema.from_descriptor(version.table_schema).dimension("period")
    return field.name if field else ""


def _backdate(session: object, dataset: Dataset, version: Version, sent: date) -> None:
    version.created_at = _moment(sent - timedelta(days=1))
    steps = [("submit", "submitted", 0), ("take", "in_review", 1), ("approve", "approved", 2),
             ("publish", "published", 3)]  # fmt: skip
    before = "draft"
    for action, state, days in steps:
        session.add(AuditEvent(  # type: ignore[attr-defined]
            at=_moment(sent + timedelta(days=days)), actor="walidata@demo.satudata.id",
            action=f"version.{action}", organization_id=dataset.organization_id,
            dataset_id=dataset.id, version_id=version.id, target=f"{dataset.slug}@v{version.number}",
            before={"state": before}, after={"state": state, "demo_history": True}))  # fmt: skip
        before = state
    version.published_at = _moment(sent + timedelta(days=3))


ROW_NUMBER_COLUMNS = frozenset({"no", "nomor", "no_urut"})  # a workbook's "No." column


def _scaled(values: dict[str, object], schema: TableSchema, factor: float) -> None:
    """Scale the measures of one row in place (counts stay whole numbers)."""
    for f in schema.fields:
        v = values[f.name]
        if f.dimension or f.code_like or f.name in ROW_NUMBER_COLUMNS:
            continue
        if f.type == "integer" and isinstance(v, int):
            values[f.name] = round(v * factor)
        elif f.type == "number" and isinstance(v, float):
            values[f.name] = round(v * factor, 2)


def revised_file(runtime: Runtime, version: Version, folder: Path, *, next_year: bool = True,
                 partial: bool = False, factor: float = 1.03) -> Path:  # fmt: skip
    """Write a version's rows as an agency's next file, as CSV with the column titles.

    `next_year`: the latest year's rows once more, one year on and scaled by `factor`
    (`partial`: without a few kab/kota). Otherwise the latest year's rows are revised in
    place by `factor`, as when a survey's final figures replace the preliminary ones.
    """
    schema = TableSchema.from_descriptor(version.table_schema)
    period = schema.dimension("period")
    code = schema.dimension("region_code")
    assert period is not None
    con = connect(memory_limit="256MB", threads=1)
    try:
        src = f"read_parquet('{runtime.lake.path(version.parquet_path).as_posix()}')"
        kept = con.execute(f"SELECT * FROM {src}").fetchall()
        latest = con.execute(f'SELECT max("{period.name}") FROM {src}').fetchone()
    finally:
        con.close()
    names = schema.field_names
    latest_value = latest[0] if latest else None
    out = folder / f"{version.dataset_id}-{'next' if next_year else 'revised'}.csv"
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow([f.title or f.name for f in schema.fields])
        added = []
        for row in kept:
            values = dict(zip(names, row, strict=True))
            if values[period.name] == latest_value:
                if next_year:
                    if not (
                        partial and code is not None and values.get(code.name) in PARTIAL_MISSING
                    ):
                        added.append({**values, period.name: int(values[period.name]) + 1})
                else:
                    _scaled(values, schema, factor)
            writer.writerow(["" if values[n] is None else values[n] for n in names])
        for values in added:
            _scaled(values, schema, factor)
            writer.writerow(["" if values[n] is None else values[n] for n in names])
    return out


def load_demo_daftar(runtime: Runtime, *, log: Callable[[str], None] = lambda _m: None) -> int:
    """Create the demo Daftar Data and its history once; return the number of items."""
    with session_scope(runtime.sessions) as session:
        if session.scalar(select(DataListItem.id).limit(1)) is not None:
            log("  Daftar Data sudah ada")
            return 0
        known = set(session.scalars(select(Organization.code)))
        for code, name, short, *_ in NEW_OPDS:
            if code not in known:
                create_organization(session, actor=SYSTEM,
                                    data=OrganizationCreate(code=code, name=name, short_name=short))  # fmt: skip
    with TemporaryDirectory() as tmp:
        for habit in HABITS:
            if habit.next_year:
                with session_scope(runtime.sessions) as session:
                    dataset = session.scalar(select(Dataset).where(Dataset.slug == habit.slug))
                    if dataset is None or dataset.current_version is None:
                        continue
                    path = revised_file(runtime, dataset.current_version, Path(tmp),
                                        partial=habit.next_year == "partial")  # fmt: skip
                    org = dataset.organization.code
                ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
                    path=path, organization=org, dataset=habit.slug))  # fmt: skip
    count = 0
    with session_scope(runtime.sessions) as session:
        for habit in HABITS:
            dataset = session.scalar(select(Dataset).where(Dataset.slug == habit.slug))
            if dataset is None:
                continue
            frequency = (
                dataset.frequency if dataset.frequency in ("tahunan", "bulanan") else "tahunan"
            )
            rule = rule_for(frequency)
            offsets = (*habit.offsets, habit.next_offset)
            for version, offset in zip(dataset.versions, offsets, strict=False):
                due = due_date(period_of(frequency, _last_period(version, frequency)), rule)
                _backdate(session, dataset, version, due + timedelta(days=offset))
            session.add(DataListItem(
                organization_id=dataset.organization_id, dataset_id=dataset.id, title=habit.title,
                frequency=frequency, region_level=dataset.region_level or "kabupaten_kota",
                priority=dataset.priority, sector=dataset.sector,
                start_date=date(2024, 1, 1) if frequency == "bulanan" else date(2022, 1, 1),
                notes="(data contoh)"))  # fmt: skip
            count += 1
        orgs = {o.code: o for o in session.scalars(select(Organization))}
        for code, _name, _short, title, frequency, start, level, sector in NEW_OPDS:
            session.add(DataListItem(organization_id=orgs[code].id, title=title,
                                     frequency=frequency, region_level=level, sector=sector,
                                     start_date=date.fromisoformat(start), notes="(data contoh)"))  # fmt: skip
            count += 1
    log(f"  Daftar Data: {count} butir")
    return count


def load_demo_report(runtime: Runtime, *, log: Callable[[str], None] = lambda _m: None) -> str:
    """Make last month's coordination report once, so the report pages have one to show."""
    month = previous_month()
    with session_scope(runtime.sessions) as session:
        if session.scalar(select(ComplianceReport.id).where(ComplianceReport.month == month)):
            return month
        generate_report(session, runtime.lake, actor=SYSTEM, month=month)
    log(f"  laporan koordinasi {month}")
    return month
