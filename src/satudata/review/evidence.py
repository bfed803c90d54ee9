"""The checklist's evidence lines in English.

`review.checklist` writes each item's evidence as short Indonesian lines with counts, and
reviews keep them as written. An English page shows them through `evidence_en`, which
knows every line the checklist writes (tests build real checklists and check that no
line is left in Indonesian). Column titles and period values are data and stay as they
are; a line it does not know comes back unchanged.
"""

from __future__ import annotations

import re

from satudata.tableschema.model import TYPE_NAMES_ID

TYPE_NAMES_EN = {
    "integer": "whole number", "number": "number", "boolean": "yes/no", "date": "date",
    "datetime": "date and time", "year": "year", "yearmonth": "month and year", "string": "text",
}  # fmt: skip
_TYPES = {TYPE_NAMES_ID[t]: TYPE_NAMES_EN[t] for t in TYPE_NAMES_ID}
METADATA_NAMES_EN = {
    "judul": "title", "deskripsi": "description", "produsen data": "data producer",
    "sektor/urusan": "sector", "frekuensi": "frequency", "satuan/ukuran": "unit/measure",
    "tingkat penyajian": "level of presentation", "cakupan periode": "period covered",
    "sumber data": "data source", "lisensi": "licence", "konsep": "concept",
    "definisi": "definition",
}  # fmt: skip
LEVELS_EN = {"provinsi": "province", "kabupaten/kota": "regency/city", "kecamatan": "district",
             "desa/kelurahan": "village"}  # fmt: skip

# (Indonesian line as a pattern, English template); tried in order, the first match wins.
_LINES: list[tuple[str, str]] = [
    (r"(?P<n>\d+) kolom dengan tipe: (?P<types>.*)", "{n} columns of type: {types}"),
    (r"Versi ini tidak memiliki laporan validasi\.", "This version has no validation report."),
    (r"Nilai yang tidak sesuai tipe kolomnya: (?P<rest>.*)", "Values that do not fit their "
     "column's type: {rest}"),
    (r"Kolom yang berbeda dari skema dataset: (?P<rest>.*)", "Columns that differ from the "
     "dataset's schema: {rest}"),
    (r"Kolom yang terpaksa dijadikan teks karena nilainya tidak seragam: (?P<rest>.*)",
     "Columns made text because their values are mixed: {rest}"),
    (r"Kolom yang seluruhnya kosong: (?P<rest>.*)", "Columns that are entirely empty: {rest}"),
    (r"Temuan atas batasan kolom \((?P<types>[^)]*)\): (?P<n>\d+)",
     "Findings against column constraints ({types}): {n}"),
    (r"(?P<a>\d+) dari (?P<b>\d+) metadata wajib \(data prioritas: termasuk konsep dan "
     r"definisi\) terisi", "{a} of {b} required metadata filled in (priority data: concept "
     "and definition included)"),
    (r"(?P<a>\d+) dari (?P<b>\d+) metadata wajib terisi", "{a} of {b} required metadata "
     "filled in"),
    (r"Belum diisi: (?P<names>.*)", "Not filled in: {names}"),
    (r"Tidak ada kolom kode atau nama wilayah \(data tingkat provinsi\)\.",
     "No region code or name column (province-level data)."),
    (r"Tingkat penyajian (?P<level>.*), tetapi tidak ada kolom kode atau nama wilayah\.",
     "Level of presentation {level}, but no region code or name column."),
    (r"Pemeriksaan (?P<check>\S+) tidak dijalankan untuk dataset ini\.",
     "The {check} check did not run for this dataset."),
    (r"Kode wilayah yang salah, tidak dikenal atau di luar tingkat penyajian: (?P<n>\d+)",
     "Region codes wrong, unknown or outside the level of presentation: {n}"),
    (r"Nama wilayah yang tidak sesuai kode atau tidak dikenal: (?P<n>\d+)",
     "Region names that do not match their code or are unknown: {n}"),
    (r"Periode dengan wilayah yang tidak lengkap: (?P<n>\d+)",
     "Periods with regions missing: {n}"),
    (r"Periode (?P<p>.*): (?P<a>\d+) dari (?P<b>\d+) wilayah ada, (?P<c>\d+) tidak ada",
     "Period {p}: {a} of {b} regions present, {c} missing"),
    (r"Versi pertama: belum ada versi sebelumnya untuk dibandingkan\.",
     "First version: no previous version to compare with."),
    (r"Kolom dan tipenya sama dengan versi (?P<v>\d+) \((?P<n>\d+) kolom\)",
     "Same columns and types as version {v} ({n} columns)"),
    (r"Kolom baru dibanding versi (?P<v>\d+): (?P<rest>.*)",
     "New columns against version {v}: {rest}"),
    (r"Kolom versi (?P<v>\d+) yang tidak ada lagi: (?P<rest>.*)",
     "Columns of version {v} no longer there: {rest}"),
    (r"Tipe kolom berubah: (?P<rest>.*)", "Column types changed: {rest}"),
    (r"Format kode wilayah berubah: (?P<rest>.*)", "Region code format changed: {rest}"),
    (r"Nilai yang berubah lebih dari (?P<f>\S+) kali dibanding versi sebelumnya: (?P<rest>.*)",
     "Values that changed more than {f} times against the previous version: {rest}"),
    (r"Periode versi sebelumnya yang hilang: (?P<rest>.*)",
     "Periods of the previous version that are gone: {rest}"),
]  # fmt: skip
_COMPILED = [(re.compile(f"^{pattern}$"), template) for pattern, template in _LINES]


def _words(text: str, *, types: bool = False) -> str:
    """Translate the fixed words inside a line's variable part (lists; with `types`, types)."""
    text = re.sub(r" dan (\d+) lainnya", r" and \1 more", text)
    text = re.sub(r"\(kolom ", "(columns ", text)
    if not types:
        return text
    for name_id, name_en in sorted(_TYPES.items(), key=lambda kv: -len(kv[0])):
        text = re.sub(rf"(?<![\w/]){re.escape(name_id)}(?![\w/])", name_en, text)
    return text


def evidence_en(line: str) -> str:
    """Return one evidence line of the checklist in English (unknown: unchanged)."""
    for pattern, template in _COMPILED:
        found = pattern.match(line)
        if found is None:
            continue
        parts = dict(found.groupdict())
        if "names" in parts:
            parts["names"] = ", ".join(METADATA_NAMES_EN.get(n, n)
                                       for n in parts["names"].split(", "))  # fmt: skip
        if "level" in parts:
            parts["level"] = LEVELS_EN.get(parts["level"], parts["level"])
        for key in ("types", "rest"):
            if key in parts:  # type names are translated in the lines that name types
                parts[key] = _words(
                    parts[key],
                    types=key == "types"
                    or "{types}" in template
                    or template.startswith("Column types"),
                )
        return template.format(**parts)
    return line
