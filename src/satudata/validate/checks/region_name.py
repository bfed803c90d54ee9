"""region-name: a region name agrees with its code, or is matched to exactly one code.

"35.07" beside "Kota Malang" is an error suggesting "Kabupaten Malang". In a column of
names alone, each name must match one region (aliases such as "Kab. Malang" are fine);
"Malang" alone is ambiguous and reported with its candidates, never guessed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pyarrow as pa

from satudata.reference import NameMatch, Region
from satudata.tableschema.parsing import quote_ident, sql_str
from satudata.validate.checks.regions import expected_levels
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding, FindingQuery

BAD_NAMES = "telaah_nama_salah"  # (code, name, message, message_en, suggestion)
# An annotation after the name: "Kota Malang – Klojen", "Kab. Pamekasan - Madura",
# "Kota Batu (Kota Wisata)"; the name before it is what must match.
_ANNOTATION = re.compile(r"\s+[–—-]\s+.*$|\s*\(.*\)\s*$|\s*,.*$")


def _names_fit(match: NameMatch, region: Region) -> bool:
    if match.region is not None:
        return match.region.code == region.code
    return any(c.code == region.code for c in match.candidates)


class RegionNameCheck(Check):
    type = "region-name"
    title = "Nama wilayah sesuai kodenya atau dikenali"
    title_en = "Region names agree with their codes, or are recognised"

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[FindingQuery]:
        name_field = ctx.schema.dimension("region_name")
        if name_field is None:
            return
        code_field = ctx.schema.dimension("region_code")
        name = quote_ident(name_field.name)
        if code_field is not None:
            code = quote_ident(code_field.name)
            pairs = ctx.con.execute(
                f"SELECT DISTINCT CAST({code} AS VARCHAR), {name} FROM {ctx.table} "
                f"WHERE {code} IS NOT NULL AND {name} IS NOT NULL"
            ).fetchall()
            bad = [row for c, n in pairs if (row := self._beside_code(ctx, c, n)) is not None]
            join = f"CAST(t.{code} AS VARCHAR) = b.code AND t.{name} = b.name"
        else:
            names = ctx.con.execute(
                f"SELECT DISTINCT {name} FROM {ctx.table} WHERE {name} IS NOT NULL"
            ).fetchall()
            bad = [row for (n,) in names if (row := self._alone(ctx, n)) is not None]
            join = f"t.{name} = b.name"
        if not bad:
            return
        columns = ["code", "name", "message", "message_en", "suggestion"]
        table = pa.table({k: pa.array([b[i] for b in bad], pa.string())
                          for i, k in enumerate(columns)})  # fmt: skip
        ctx.con.register("telaah_nama_arrow", table)
        ctx.con.execute(
            f"CREATE OR REPLACE TEMP TABLE {BAD_NAMES} AS SELECT * FROM telaah_nama_arrow"
        )
        ctx.con.unregister("telaah_nama_arrow")
        sql = (
            f"SELECT t._ord, {sql_str(name_field.name)} AS field, t.{name} AS value, b.message, "
            f"b.message_en, b.suggestion FROM {ctx.table} t JOIN {BAD_NAMES} b ON {join}"
        )

        def build(r: dict[str, Any]) -> Finding:
            return Finding(type=self.type, field=name_field.name,
                           column=ctx.title(name_field.name), value=r["value"],
                           message=r["message"], message_en=r["message_en"],
                           suggestion=r["suggestion"])  # fmt: skip

        yield FindingQuery(sql, build)

    @staticmethod
    def _beside_code(ctx: CheckContext, code: str, name: str) -> tuple[str | None, ...] | None:
        region = ctx.regions.get(code)
        if region is None:
            return None  # the region-code check reports the code
        for candidate in dict.fromkeys([name, _ANNOTATION.sub("", name)]):
            # At the code's own level and place: kecamatan "Pacitan" in Kabupaten Pacitan.
            match = ctx.regions.match_name(candidate, level=region.level,
                                           parent=region.parent_code, suggest=False)  # fmt: skip
            if candidate and _names_fit(match, region):
                return None
        return (code, name,
                f"nama '{name}' tidak sesuai dengan kode {code} ({region.name}).",
                f"name '{name}' does not match code {code} ({region.name}).",
                region.name)  # fmt: skip

    @staticmethod
    def _alone(ctx: CheckContext, name: str) -> tuple[str | None, ...] | None:
        levels = expected_levels(ctx) or (None,)
        found: list[Region] = []
        for level in levels:  # a kab/kota list allows two levels: "Malang" may be either
            match = ctx.regions.match_name(name, level=level, suggest=False)
            found += [match.region] if match.region else match.candidates
        if len(found) == 1:
            return None
        if found:
            listed = ", ".join(f"{c.name} ({c.code})" for c in found[:6])
            return (None, name, f"nama '{name}' ambigu: bisa {listed}. Tulis nama lengkapnya "
                    "atau tambahkan kolom kode wilayah.",
                    f"name '{name}' is ambiguous: it may be {listed}. Write the full name or "
                    "add a region code column.", None)  # fmt: skip
        close = ctx.regions.match_name(name)  # now with suggestions of close names
        allowed = expected_levels(ctx)
        suggestion = next((c.name for c in close.candidates
                           if not allowed or c.level in allowed), None)  # fmt: skip
        hint_id = f" Maksudnya '{suggestion}'?" if suggestion else ""
        hint_en = f" Did you mean '{suggestion}'?" if suggestion else ""
        return (None, name, f"nama wilayah '{name}' tidak dikenali.{hint_id}",
                f"region name '{name}' is not recognised.{hint_en}", suggestion)  # fmt: skip
