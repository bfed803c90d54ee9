"""region-code: a kode wilayah exists, lies in Jawa Timur, and is at the dataset's level.

A kecamatan code (35.07.01) in a dataset presented per kabupaten/kota is an error, as is
a code from another province (33.01) or one Kemendagri does not know (35.99).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from satudata.reference.regions import to_dotted_code
from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.checks.regions import (
    LEVEL_NAMES_ID,
    PRESENTATION_EN,
    PRESENTATION_ID,
    ensure_reference,
    expected_levels,
)
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery

PROVINCE = "35"


class RegionCodeCheck(Check):
    type = "region-code"
    title = "Kode wilayah Kemendagri sah, di Jawa Timur, sesuai tingkat penyajian"
    title_en = "Kemendagri region codes exist, lie in East Java, at the dataset's level"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        field = ctx.schema.dimension("region_code")
        if field is None:
            return
        ref = ensure_reference(ctx)
        col = f"t.{quote_ident(field.name)}"
        bps = field.region_code_style == "bps"
        on = f"r.bps = {col}" if bps else f"r.kode = {col}"
        levels = expected_levels(ctx)
        wrong_level = ""
        if levels:
            wrong_level = f" OR r.level NOT IN ({', '.join(sql_str(v) for v in levels)})"
        # An empty code is a row without a region: often a province total ("Jawa Timur")
        # that would be added to the kab/kota again. Unless required-value or primary-key
        # reports it already.
        reported = field.constraints.get("required") or field.name in ctx.schema.primary_key
        empty = "" if reported else f" OR {col} IS NULL"
        sql = (
            f"SELECT t._ord, {sql_str(field.name)} AS field, CAST({col} AS VARCHAR) AS value, "
            f"r.level, r.nama FROM {ctx.table} t LEFT JOIN {ref} r ON {on} "
            f"WHERE ({col} IS NOT NULL AND (r.kode IS NULL{wrong_level})){empty}"
        )

        def build(r: dict[str, Any]) -> Finding:
            if r["value"] is None:
                return Finding(type=self.type, field=field.name, column=ctx.title(field.name),
                               message="kode wilayah kosong; setiap baris perlu kode wilayahnya "
                               "(baris total provinsi tidak dimasukkan).",
                               message_en="the region code is empty; every row needs its region "
                               "code (leave province totals out).")  # fmt: skip
            value = str(r["value"])
            base: dict[str, Any] = {"type": self.type, "field": field.name,
                                    "column": ctx.title(field.name), "value": value}  # fmt: skip
            if r["level"] is not None:  # known, but at another level
                shown_id = PRESENTATION_ID[ctx.region_level]
                return Finding(
                    **base,
                    message=f"'{value}' ({r['nama']}) adalah kode {LEVEL_NAMES_ID[r['level']]}, "
                    f"sedangkan dataset ini disajikan per {shown_id}.",
                    message_en=f"'{value}' ({r['nama']}) is a {r['level']} code, but this "
                    f"dataset is presented per {PRESENTATION_EN[ctx.region_level]}.",
                    details={"level": r["level"]},
                )  # fmt: skip
            dotted = to_dotted_code(value)
            if dotted is None:
                example = "3507" if bps else "35.07"
                return Finding(**base, message=f"'{value}' bukan kode wilayah (contoh: {example}).",
                               message_en=f"'{value}' is not a region code (e.g. {example}).")  # fmt: skip
            if not dotted.startswith(PROVINCE):
                return Finding(**base, message=f"kode wilayah '{value}' bukan wilayah Jawa Timur "
                               "(kode provinsi 35).", message_en=f"region code '{value}' is not "
                               "in East Java (province code 35).")  # fmt: skip
            known = ctx.regions.get(dotted)
            if known is not None:  # written in the other style: 3507 in a 35.07 column
                fix = known.bps_code if bps else known.code
                return Finding(
                    **base, suggestion=fix,
                    message=f"kode '{value}' ditulis dengan gaya lain; di kolom ini tulis '{fix}' "
                    f"({known.name}).",
                    message_en=f"code '{value}' is written in another style; write '{fix}' "
                    f"({known.name}) in this column.",
                )  # fmt: skip
            return Finding(**base, message=f"kode wilayah '{value}' tidak dikenal dalam daftar "
                           "Kemendagri.", message_en=f"region code '{value}' is not in the "
                           "Kemendagri list.")  # fmt: skip

        yield FindingQuery(sql, build)
