"""The Daftar Data as a spreadsheet: import the walidata's workbook, export the list.

The reader is liberal: the header row may sit below title rows, headers are matched in
Indonesian or English whatever their case and punctuation ("Kode OPD", "Nama Data",
"Frekuensi", "Tingkat Penyajian", "Prioritas", "Berlaku Mulai"), frequencies may be
written "Tahunan", "1 tahun sekali", "Triwulan", "quarterly", dates as Excel dates,
31/12/2024, 2024-12-31 or a bare year. The OPD is found by code or by (short) name.
Nothing is written unless every row reads: otherwise each bad cell is reported with its
row, column and value. Rows are matched to items by OPD and title: a known item is
updated, a new one added; items missing from the file are left alone.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import xlsxwriter
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import require_data_list_maintainer
from satudata.catalog.text import fold
from satudata.compliance.daftar import FIELDS, _dataset_id, _find, item_rows
from satudata.compliance.schema import DataListItemCreate, ImportResult, RowProblem
from satudata.db.compliance import DataListItem
from satudata.db.models import Organization
from satudata.errors import InvalidInputError, SatudataError

# field -> header spellings (folded: lower case, no punctuation)
HEADERS: dict[str, tuple[str, ...]] = {
    "organization": (
        "kode opd",
        "opd",
        "perangkat daerah",
        "organisasi",
        "instansi",
        "produsen data",
        "nama opd",
        "organization",
        "agency",
        "kode",
    ),
    "title": (
        "judul",
        "nama data",
        "judul data",
        "data",
        "nama dataset",
        "uraian data",
        "jenis data",
        "title",
        "dataset title",
    ),
    "dataset": ("dataset", "slug", "slug dataset", "dataset terkait", "tautan dataset"),
    "frequency": ("frekuensi", "frekuensi pembaruan", "periodisitas", "frequency", "periode"),
    "due_months": ("tenggat bulan", "jatuh tempo bulan", "due months"),
    "due_day": ("tenggat tanggal", "jatuh tempo tanggal", "due day"),
    "due_days": ("tenggat hari", "jatuh tempo hari", "due days"),
    "region_level": (
        "tingkat penyajian",
        "cakupan wilayah",
        "cakupan",
        "level wilayah",
        "coverage",
        "region level",
    ),
    "priority": ("prioritas", "data prioritas", "priority"),
    "sector": ("sektor", "urusan", "bidang", "sector"),
    "start_date": ("berlaku mulai", "mulai", "tanggal mulai", "sejak", "start", "start date"),
    "end_date": ("berakhir", "berlaku sampai", "sampai", "selesai", "end", "end date"),
    "notes": ("keterangan", "catatan", "notes"),
}
EXPORT_HEADERS = {"organization": "Kode OPD", "organization_name": "Nama OPD", "title": "Judul",
                  "dataset": "Dataset", "frequency": "Frekuensi", "due_months": "Tenggat (bulan)",
                  "due_day": "Tenggat (tanggal)", "due_days": "Tenggat (hari)",
                  "region_level": "Tingkat Penyajian", "priority": "Prioritas",
                  "sector": "Sektor", "start_date": "Berlaku Mulai", "end_date": "Berakhir",
                  "notes": "Keterangan", "due_rule": "Aturan Tenggat"}  # fmt: skip
FREQUENCY_WORDS = {
    "tahunan": ("tahunan", "tahun", "1 tahun sekali", "per tahun", "setahun sekali", "annual",
                "annually", "yearly"),
    "semesteran": ("semesteran", "semester", "enam bulanan", "6 bulanan", "per semester",
                   "half yearly", "semiannual", "semi annual"),
    "triwulanan": ("triwulanan", "triwulan", "kuartal", "kuartalan", "3 bulanan", "tiga bulanan",
                   "per triwulan", "quarterly"),
    "bulanan": ("bulanan", "bulan", "per bulan", "tiap bulan", "monthly"),
    "mingguan": ("mingguan", "minggu", "per minggu", "weekly"),
    "harian": ("harian", "hari", "per hari", "setiap hari", "daily"),
}  # fmt: skip
LEVEL_WORDS = {
    "provinsi": ("provinsi", "prov", "province", "jawa timur"),
    "kabupaten_kota": ("kabupaten kota", "kab kota", "kabkota", "kabupaten", "kota", "regency",
                       "38 kab kota", "regency city"),
    "kecamatan": ("kecamatan", "kec", "district"),
}  # fmt: skip
YES = {"ya", "y", "yes", "1", "true", "x", "v", "✓", "✔", "prioritas", "benar"}
NO = {"tidak", "t", "no", "n", "0", "false", "", "bukan", "-"}
_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")


def _key(text: object) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold(str(text or ""))).split())


def _lookup(words: dict[str, tuple[str, ...]], value: str) -> str | None:
    k = _key(value)
    return next((name for name, spellings in words.items() if k in spellings), None)


class _Problems:
    def __init__(self) -> None:
        self.items: list[RowProblem] = []

    def add(self, row: int, column: str, value: object, msg_id: str, msg_en: str) -> None:
        text = str(value if value is not None else "")
        value_id, value_en = (f", nilai '{text}'", f", value '{text}'") if text else ("", "")
        self.items.append(RowProblem(row=row, column=column, value=text,
                                     message=f"Baris {row}, kolom '{column}'{value_id}: {msg_id}",
                                     message_en=f"Row {row}, column '{column}'{value_en}: {msg_en}"))  # fmt: skip


def read_rows(content: bytes, filename: str) -> list[tuple[int, list[Any]]]:
    """Return the (row number, cells) of a workbook's first sheet or a CSV file."""
    if Path(filename).suffix.lower() in (".csv", ".txt"):
        text = content.decode("utf-8-sig", errors="replace")
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t") if text.strip() else "excel"
        return [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)]
    try:
        book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as exc:  # not a workbook openpyxl can read
        raise InvalidInputError(
            f"Berkas '{filename}' bukan lembar kerja XLSX atau CSV yang dapat dibaca.",
            f"'{filename}' is not a readable XLSX or CSV file.", type="unreadable-file",
            details={"reason": str(exc)[:200]},
        ) from exc  # fmt: skip
    sheet = book.worksheets[0]
    rows = [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    book.close()
    return rows


def _header(rows: list[tuple[int, list[Any]]]) -> tuple[int, dict[str, int], list[str]]:
    for position, (_, cells) in enumerate(rows[:15]):
        found: dict[str, int] = {}
        for col, cell in enumerate(cells):
            field = _lookup(HEADERS, str(cell or ""))
            if field and field not in found:
                found[field] = col
        if "title" in found and "organization" in found:
            return position, found, [str(c or "") for c in cells]
    raise InvalidInputError(
        "Baris judul kolom tidak ditemukan: perlu paling sedikit kolom 'Kode OPD' (atau 'OPD') "
        "dan 'Judul' (atau 'Nama Data').",
        "No header row found: at least the columns 'Kode OPD' (or 'OPD') and 'Judul' (or "
        "'Nama Data') are needed.", type="invalid-data-list",
    )  # fmt: skip


def _date(value: Any) -> date | None:
    if value is None or str(value).strip() in ("", "-"):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and 20000 < value < 80000:  # an Excel serial
        return date(1899, 12, 30) + timedelta(days=int(value))
    text = str(value).strip()
    if re.fullmatch(r"\d{4}(\.0)?", text):
        return date(int(text[:4]), 1, 1)
    if m := _DMY.fullmatch(text):
        return date(int(m[3]), int(m[2]), int(m[1]))
    return date.fromisoformat(text[:10])


def _int(value: Any) -> int | None:
    if value is None or str(value).strip() in ("", "-"):
        return None
    number = float(str(value).strip().replace(",", "."))
    if number != int(number):
        raise ValueError(value)
    return int(number)


def _organizations(session: Session) -> dict[str, Organization]:
    known: dict[str, Organization] = {}
    for org in session.scalars(select(Organization)):
        for name in (org.code, org.name, org.short_name):
            if name:
                known.setdefault(_key(name), org)
    return known


def _read_row(number: int, cells: list[Any], columns: dict[str, int], titles: list[str],
              orgs: dict[str, Organization], problems: _Problems) -> dict[str, Any] | None:  # fmt: skip
    def cell(field: str) -> Any:
        col = columns.get(field)
        return cells[col] if col is not None and col < len(cells) else None

    def bad(field: str, msg_id: str, msg_en: str) -> None:
        problems.add(number, titles[columns[field]], cell(field), msg_id, msg_en)

    values: dict[str, Any] = {}
    org = orgs.get(_key(cell("organization")))
    if org is None:
        bad("organization", "OPD tidak dikenal (tulis kodenya, mis. DINKES).",
            "unknown organization (write its code, e.g. DINKES).")  # fmt: skip
    else:
        values["organization"] = org.code
    values["title"] = " ".join(str(cell("title") or "").split())
    if "frequency" not in columns:
        problems.add(number, "Frekuensi", "", "kolom frekuensi tidak ada.",
                     "the frequency column is missing.")  # fmt: skip
    else:
        frequency = _lookup(FREQUENCY_WORDS, str(cell("frequency") or ""))
        if frequency is None:
            bad("frequency", "frekuensi tidak dikenal (tahunan, semesteran, triwulanan, bulanan, "
                "mingguan, harian).", "unknown frequency (annual, half-yearly, quarterly, "
                "monthly, weekly, daily).")  # fmt: skip
        values["frequency"] = frequency
    if "region_level" in columns and str(cell("region_level") or "").strip():
        level = _lookup(LEVEL_WORDS, str(cell("region_level")))
        if level is None:
            bad("region_level", "tingkat penyajian tidak dikenal (provinsi, kab/kota, kecamatan).",
                "unknown coverage (province, regency/city, district).")  # fmt: skip
        values["region_level"] = level
    if "priority" in columns:
        flag = _key(cell("priority")) if cell("priority") not in ("✓", "✔") else "v"
        if flag not in YES | NO:
            bad("priority", "tulis Ya atau Tidak.", "write Ya (yes) or Tidak (no).")
        values["priority"] = flag in YES
    for field in ("start_date", "end_date"):
        if field in columns:
            try:
                values[field] = _date(cell(field))
            except ValueError:
                bad(field, "tanggal tidak dapat dibaca (mis. 01/01/2024 atau 2024).",
                    "unreadable date (e.g. 01/01/2024 or 2024).")  # fmt: skip
    if values.get("start_date") is None and not any(p.row == number for p in problems.items):
        values["start_date"] = date(date.today().year, 1, 1)
    for field in ("due_months", "due_day", "due_days"):
        if field in columns:
            try:
                values[field] = _int(cell(field))
            except ValueError:
                bad(field, "harus bilangan bulat.", "must be a whole number.")
    for field in ("dataset", "sector", "notes"):
        if field in columns:
            text = str(cell(field) or "").strip()
            values[field] = text or (None if field == "dataset" else "")
    return values


def parse_data_list(session: Session, content: bytes, filename: str
                    ) -> tuple[list[tuple[int, DataListItemCreate]], list[RowProblem]]:  # fmt: skip
    """Read a Daftar Data spreadsheet into items, with the problems of its bad cells."""
    rows = read_rows(content, filename)
    position, columns, titles = _header(rows)
    orgs = _organizations(session)
    problems = _Problems()
    items: list[tuple[int, DataListItemCreate]] = []
    for number, cells in rows[position + 1 :]:
        if not any(str(c or "").strip() for c in cells):
            continue
        values = _read_row(number, cells, columns, titles, orgs, problems)
        if values is None or any(p.row == number for p in problems.items):
            continue
        try:
            items.append((number, DataListItemCreate(**values)))
        except ValidationError as exc:
            for error in exc.errors():
                field = str(error["loc"][0]) if error["loc"] else "title"
                column = titles[columns[field]] if field in columns else field
                problems.add(number, column, values.get(field), error["msg"], error["msg"])
    return items, problems.items


def import_data_list(session: Session, *, actor: Actor, content: bytes,
                     filename: str) -> ImportResult:  # fmt: skip
    """Add and update Daftar Data items from a spreadsheet; all rows, or none."""
    require_data_list_maintainer(actor)
    items, problems = parse_data_list(session, content, filename)
    seen: dict[tuple[str, str], int] = {}
    for number, data in items:
        key = (data.organization, _key(data.title))
        if key in seen:
            problems.append(RowProblem(row=number, column="Judul", value=data.title,
                message=f"Baris {number}, kolom 'Judul': sama dengan baris {seen[key]}.",
                message_en=f"Row {number}, column 'Judul': the same as row {seen[key]}."))  # fmt: skip
        seen[key] = number
    orgs = {o.code: o for o in session.scalars(select(Organization))}
    links: dict[int, int | None] = {}
    for number, data in items:
        try:
            links[number] = _dataset_id(session, data.dataset, orgs[data.organization])
        except SatudataError as error:
            problems.append(RowProblem(row=number, column="Dataset", value=data.dataset or "",
                                       message=f"Baris {number}, kolom 'Dataset': {error.message_id}",
                                       message_en=f"Row {number}, column 'Dataset': {error.message_en}"))  # fmt: skip
    if problems:
        problems.sort(key=lambda p: p.row)
        raise InvalidInputError(
            f"Daftar Data tidak diimpor: {len(problems)} sel tidak dapat dibaca. "
            + problems[0].message,
            f"The Daftar Data was not imported: {len(problems)} cell(s) could not be read. "
            + problems[0].message_en,
            type="invalid-data-list",
            details={"errors": [p.model_dump() for p in problems]},
        )  # fmt: skip
    created = updated = unchanged = 0
    for number, data in items:
        org = orgs[data.organization]
        values = {**data.model_dump(include=set(FIELDS), exclude_unset=True),
                  "dataset_id": links[number]}  # fmt: skip
        item = _find(session, org.id, data.title)
        if item is None:
            defaults = data.model_dump(include=set(FIELDS))
            session.add(DataListItem(organization=org, **{**defaults, **values}))
            created += 1
            continue
        changed = {k: v for k, v in values.items() if getattr(item, k) != v}
        if not changed:
            unchanged += 1
            continue
        for field, new in changed.items():
            setattr(item, field, new)
        updated += 1
    session.flush()
    result = ImportResult(created=created, updated=updated, unchanged=unchanged, rows=len(items))
    record(session, actor, "data_list.imported", target=filename, after=result.model_dump())
    return result


def export_data_list(session: Session, *, actor: Actor) -> bytes:
    """Return the Daftar Data the actor may see as an XLSX workbook (importable again)."""
    from satudata.compliance.daftar import item_public

    items = [item_public(i) for i in item_rows(session, actor=actor)]
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    sheet = book.add_worksheet("Daftar Data")
    bold = book.add_format({"bold": True, "bg_color": "#DDEBF7", "border": 1})
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    columns = list(EXPORT_HEADERS)
    for col, field in enumerate(columns):
        sheet.write(0, col, EXPORT_HEADERS[field], bold)
    for row, item in enumerate(items, 1):
        data = item.model_dump()
        for col, field in enumerate(columns):
            value = data[field]
            if field == "priority":
                sheet.write(row, col, "Ya" if value else "Tidak")
            elif field == "frequency":
                sheet.write(row, col, str(value).capitalize())
            elif isinstance(value, date):
                sheet.write_datetime(row, col, datetime.combine(value, datetime.min.time()), day)
            elif value is None:
                sheet.write_blank(row, col, None)
            else:
                sheet.write(row, col, value)
    sheet.set_column(0, 1, 18)
    sheet.set_column(2, 2, 50)
    sheet.set_column(3, len(columns) - 1, 16)
    sheet.freeze_panes(1, 0)
    book.close()
    return out.getvalue()
