"""The review checklist: the Satu Data principles as items, pre-filled from what is known.

One item per principle, in this order: `data-standard` (schema and types), `metadata`
(the required SDI metadata filled in), `reference-codes` (kode wilayah and region names),
`interoperability` (consistent with the previous version). An item:
    {"item", "title", "title_en", "auto": "ok" | "perlu-dicek",
     "evidence": ["short Indonesian line with counts", ...], "ok": None, "note": ""}
`auto` and `evidence` come from the version's validation report, its schema and notes,
and the dataset's metadata; the reviewer sets `ok` and `note`. Value changes and lost
periods are those the report found against the version current at upload time; the
schema is compared with `previous` itself.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from satudata.db.models import Dataset, Version
from satudata.review.diff import schema_changes
from satudata.tableschema.model import TYPE_NAMES_ID, TableSchema

OK, CHECK = "ok", "perlu-dicek"
# item -> (title, English title), in the order the reviewer goes through them
ITEMS = {
    "data-standard": ("Standar data: skema dan tipe kolom",
                      "Data standard: schema and column types"),
    "metadata": ("Metadata standar Satu Data lengkap", "Standard Satu Data metadata complete"),
    "reference-codes": ("Kode referensi (kode wilayah) valid",
                        "Reference codes (region codes) valid"),
    "interoperability": ("Interoperabilitas: konsisten dengan versi sebelumnya",
                         "Interoperability: consistent with the previous version"),
}  # fmt: skip

# The metadata Satu Data Indonesia requires of every dataset (Perpres 39/2019 and the
# BPS metadata statistik), as (fields any of which fills it, its Indonesian name).
REQUIRED_METADATA: list[tuple[tuple[str, ...], str]] = [
    (("title",), "judul"),
    (("description",), "deskripsi"),
    (("producer", "organization_id"), "produsen data"),  # the owning OPD counts
    (("sector",), "sektor/urusan"),
    (("frequency",), "frekuensi"),
    (("unit", "measure"), "satuan/ukuran"),
    (("region_level",), "tingkat penyajian"),
    (("period_coverage",), "cakupan periode"),
    (("source",), "sumber data"),
    (("license",), "lisensi"),
]
# Priority data also passes the pembina (BPS), whose metadata statistik defines it.
PRIORITY_METADATA: list[tuple[tuple[str, ...], str]] = [
    (("concept",), "konsep"),
    (("definition",), "definisi"),
]
# Findings against a field's declared constraints (only warnings reach a version).
CONSTRAINT_CHECKS = ("required-value", "unique-value", "enum-value", "value-range",
                     "value-pattern", "value-length", "primary-key", "duplicate-key")  # fmt: skip
REGION_LEVEL_NAMES = {"provinsi": "provinsi", "kabupaten_kota": "kabupaten/kota",
                      "kecamatan": "kecamatan", "desa": "desa/kelurahan"}  # fmt: skip
MAX_NAMED = 5  # columns or periods named in one evidence line
NO_REPORT = "Versi ini tidak memiliki laporan validasi."


def build_checklist(
    dataset: Dataset, version: Version, previous: Version | None
) -> list[dict[str, Any]]:
    """Return the checklist of a version, pre-filled; `previous` is the version before it."""
    schema = TableSchema.from_descriptor(version.table_schema)
    report = _Report(version.validation or {})
    found = {
        "data-standard": _data_standard(version, schema, report),
        "metadata": _metadata(dataset),
        "reference-codes": _reference_codes(dataset, schema, report),
        "interoperability": _interoperability(schema, report, previous),
    }
    return [{"item": item, "title": ITEMS[item][0], "title_en": ITEMS[item][1],
             "auto": OK if all(fine for fine, _ in lines) else CHECK,
             "evidence": [text for _, text in lines], "ok": None, "note": ""}
            for item, lines in found.items()]  # fmt: skip


class _Report:
    """Read access to a stored validation report (see `validate.report`)."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.present = bool(data.get("checks") or data.get("by_type"))

    def count(self, *types: str) -> int:
        """Return the findings (errors and warnings) of these check types."""
        by_type = self.data.get("by_type", {})
        return sum(by_type.get(t, {}).get("errors", 0) + by_type.get(t, {}).get("warnings", 0)
                   for t in types)  # fmt: skip

    def ran(self, type_: str) -> bool:
        """Did this check run for the version?"""
        return any(c.get("type") == type_ for c in self.data.get("checks", []))

    def params(self, type_: str) -> dict[str, Any]:
        """Return the parameters the check ran with."""
        for check in self.data.get("checks", []):
            if check.get("type") == type_:
                return dict(check.get("params", {}))
        return {}

    def entries(self, type_: str) -> list[dict[str, Any]]:
        """Return the listed findings of a check type."""
        return [e for e in self.data.get("errors", []) + self.data.get("warnings", [])
                if e.get("type") == type_]  # fmt: skip

    def columns(self, type_: str) -> list[str]:
        """Return the column titles the listed findings of a check type are in."""
        return list(dict.fromkeys(str(e.get("column") or e.get("field"))
                                  for e in self.entries(type_) if e.get("field")))  # fmt: skip


def _named(names: list[str]) -> str:
    shown = ", ".join(names[:MAX_NAMED])
    return shown + (f" dan {len(names) - MAX_NAMED} lainnya" if len(names) > MAX_NAMED else "")


def _counted(count: int, label: str, columns: list[str] | None = None) -> tuple[bool, str]:
    where = f" (kolom {_named(columns)})" if count and columns else ""
    return count == 0, f"{label}: {count}{where}"


def _data_standard(
    version: Version, schema: TableSchema, report: _Report
) -> list[tuple[bool, str]]:
    """Schema and types: no type errors, no schema drift, every column typed."""
    types = Counter(TYPE_NAMES_ID.get(f.type, f.type) for f in schema.fields)
    shown = ", ".join(f"{n} {name}" for name, n in types.items())
    lines = [(True, f"{len(schema.fields)} kolom dengan tipe: {shown}")]
    if not report.present:
        return [*lines, (False, NO_REPORT)]
    lines.append(_counted(report.count("type-error"), "Nilai yang tidak sesuai tipe kolomnya",
                          report.columns("type-error")))  # fmt: skip
    lines.append(_counted(report.count("schema-drift"), "Kolom yang berbeda dari skema dataset",
                          report.columns("schema-drift")))  # fmt: skip
    titles = {f.name: f.title or f.name for f in schema.fields}
    notes = (version.ingest_notes or {}).get("notes", [])
    widened = [titles.get(n, n) for note in notes if note.get("type") == "widened"
               for n in note.get("fields", [])]  # fmt: skip
    if widened:
        lines.append((False, f"Kolom yang terpaksa dijadikan teks karena nilainya tidak "
                             f"seragam: {len(widened)} ({_named(widened)})"))  # fmt: skip
    stats = version.column_stats or {}
    empty = [titles[f.name] for f in schema.fields if stats.get(f.name, {}).get("count") == 0]
    if empty:
        lines.append((False, f"Kolom yang seluruhnya kosong: {len(empty)} ({_named(empty)})"))
    constraints = report.count(*CONSTRAINT_CHECKS)
    if constraints:
        named = [t for t in CONSTRAINT_CHECKS if report.count(t)]
        lines.append((False, f"Temuan atas batasan kolom ({', '.join(named)}): {constraints}"))
    return lines


def _metadata(dataset: Dataset) -> list[tuple[bool, str]]:
    """The required SDI metadata filled in; the missing ones named."""
    required = REQUIRED_METADATA + (PRIORITY_METADATA if dataset.priority else [])

    def filled(fields: tuple[str, ...]) -> bool:
        return any(str(getattr(dataset, f, "") or "").strip() for f in fields)

    missing = [name for fields, name in required if not filled(fields)]
    which = "metadata wajib" + (" (data prioritas: termasuk konsep dan definisi)"
                                if dataset.priority else "")  # fmt: skip
    lines = [(not missing, f"{len(required) - len(missing)} dari {len(required)} {which} terisi")]
    if missing:
        lines.append((False, f"Belum diisi: {', '.join(missing)}"))
    return lines


def _reference_codes(dataset: Dataset, schema: TableSchema,
                     report: _Report) -> list[tuple[bool, str]]:  # fmt: skip
    """Region codes and names valid, every region present in each period."""
    code, name = schema.dimension("region_code"), schema.dimension("region_name")
    level = dataset.region_level
    if code is None and name is None:
        if level in ("", "provinsi"):
            return [(True, "Tidak ada kolom kode atau nama wilayah (data tingkat provinsi).")]
        return [(False, f"Tingkat penyajian {REGION_LEVEL_NAMES.get(level, level)}, tetapi "
                        "tidak ada kolom kode atau nama wilayah.")]  # fmt: skip
    if not report.present:
        return [(False, NO_REPORT)]
    lines: list[tuple[bool, str]] = []
    checks = [("region-code", "Kode wilayah yang salah, tidak dikenal atau di luar tingkat "
               "penyajian"), ("region-name", "Nama wilayah yang tidak sesuai kode atau tidak "
               "dikenal"), ("region-coverage", "Periode dengan wilayah yang tidak lengkap")]  # fmt: skip
    for type_, label in checks:
        if not report.ran(type_):
            lines.append((False, f"Pemeriksaan {type_} tidak dijalankan untuk dataset ini."))
            continue
        lines.append((report.count(type_) == 0, f"{label}: {report.count(type_)}"))
    for entry in report.entries("region-coverage")[:MAX_NAMED]:
        d = entry.get("details", {})
        if "present" in d:
            lines.append((False, f"Periode {d.get('period') or '-'}: {d['present']} dari "
                                 f"{d['expected']} wilayah ada, {len(d['missing'])} tidak ada"))  # fmt: skip
    return lines


def _interoperability(schema: TableSchema, report: _Report,
                      previous: Version | None) -> list[tuple[bool, str]]:  # fmt: skip
    """Same columns, types and code formats as the previous version; values and periods kept."""
    if previous is None:
        return [(True, "Versi pertama: belum ada versi sebelumnya untuk dibandingkan.")]
    changes = schema_changes(schema, previous.table_schema)
    lines: list[tuple[bool, str]] = []
    before = f"versi {previous.number}"
    if not any(changes.values()):
        lines.append((True, f"Kolom dan tipenya sama dengan {before} ({len(schema.fields)} kolom)"))
    if changes["added"]:
        added = [c["title"] for c in changes["added"]]
        lines.append((False, f"Kolom baru dibanding {before}: {len(added)} ({_named(added)})"))
    if changes["removed"]:
        gone = [c["title"] for c in changes["removed"]]
        lines.append((False, f"Kolom {before} yang tidak ada lagi: {len(gone)} ({_named(gone)})"))
    if changes["type_changed"]:
        shown = [f"{c['title']} {TYPE_NAMES_ID[c['old']]} → {TYPE_NAMES_ID[c['new']]}"
                 for c in changes["type_changed"]]  # fmt: skip
        lines.append((False, f"Tipe kolom berubah: {len(shown)} ({_named(shown)})"))
    if changes["format_changed"]:
        shown = [f"{c['title']} {c['old'] or '-'} → {c['new'] or '-'}"
                 for c in changes["format_changed"]]  # fmt: skip
        lines.append((False, f"Format kode wilayah berubah: {len(shown)} ({_named(shown)})"))
    if not report.present:
        return [*lines, (False, NO_REPORT)]
    if report.ran("value-change"):
        factor = float(report.params("value-change").get("factor", 10))
        lines.append(_counted(report.count("value-change"),
                              f"Nilai yang berubah lebih dari {factor:g} kali dibanding versi "
                              "sebelumnya", report.columns("value-change")))  # fmt: skip
    else:
        lines.append((False, "Pemeriksaan value-change tidak dijalankan untuk dataset ini."))
    if report.ran("period-vanished"):
        gone = [str(e.get("value")) for e in report.entries("period-vanished")]
        count = report.count("period-vanished")
        lines.append((count == 0, f"Periode versi sebelumnya yang hilang: {count}"
                                  + (f" ({_named(gone)})" if gone else "")))  # fmt: skip
    else:
        lines.append((False, "Pemeriksaan period-vanished tidak dijalankan untuk dataset ini."))
    return lines
