"""region-coverage: every region of the dataset's level appears in each period.

A kab/kota dataset lists all 38 kab/kota for each year; the missing ones are named:
"2023: 35 dari 38 kabupaten/kota; tidak ada: Sampang, Sumenep, Kota Batu".
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from satudata.reference import Region
from satudata.tableschema.parsing import quote_ident
from satudata.validate.checks.regions import LEVELS, PRESENTATION_EN, PRESENTATION_ID
from satudata.validate.context import CheckContext
from satudata.validate.registry import Check
from satudata.validate.report import Finding

MAX_NAMED = 12


def _shown(region: Region) -> str:
    return region.short_name if region.level == "regency" else region.name


class RegionCoverageCheck(Check):
    type = "region-coverage"
    title = "Semua wilayah ada di setiap periode"
    title_en = "Every region present in each period"
    severity = "warning"
    params: ClassVar[dict[str, Any]] = {"levels": ["kabupaten_kota", "kecamatan"]}

    def run(self, ctx: CheckContext, params: dict[str, Any]) -> Iterator[Finding]:
        level = ctx.region_level
        if level not in LEVELS or level not in params["levels"]:
            return
        code_field = ctx.schema.dimension("region_code")
        name_field = ctx.schema.dimension("region_name")
        region_field = code_field or name_field
        if region_field is None:
            return
        every = [r for r in ctx.regions if r.level in LEVELS[level]]
        period = ctx.schema.dimension("period")
        period_sql = f"CAST({quote_ident(period.name)} AS VARCHAR)" if period else "NULL"
        groups = ctx.con.execute(
            f"SELECT {period_sql} AS p, list(DISTINCT CAST({quote_ident(region_field.name)} "
            f"AS VARCHAR)) FROM {ctx.table} GROUP BY p ORDER BY p"
        ).fetchall()
        # The same regions recur in every period: each value is looked up once.
        codes: dict[str, str | None] = {}
        for period_value, values in groups:
            present: set[str] = set()
            for v in values:
                if v is not None and v not in codes:
                    codes[v] = self._code(ctx, v, by_name=code_field is None)
                if v is not None and (code := codes[v]):
                    present.add(code)
            expected = every
            if level != "kabupaten_kota":  # the kecamatan of the kab/kota the file covers
                parents = {code.rsplit(".", 1)[0] for code in present}
                expected = [r for r in every if r.parent_code in parents]
            missing = [r for r in expected if r.code not in present]
            if not missing or (period_value is None and period is not None):
                continue
            yield self._finding(ctx, region_field.name, period_value, expected, missing)

    @staticmethod
    def _code(ctx: CheckContext, value: str, *, by_name: bool) -> str | None:
        if not by_name:
            region = ctx.regions.get(value)
            return region.code if region else None
        match = ctx.regions.match_name(value, suggest=False)
        return match.region.code if match.region else None

    def _finding(self, ctx: CheckContext, field: str, period: str | None,
                 expected: list[Region], missing: list[Region]) -> Finding:  # fmt: skip
        names = ", ".join(_shown(r) for r in missing[:MAX_NAMED])
        more_id = f" dan {len(missing) - MAX_NAMED} lainnya" if len(missing) > MAX_NAMED else ""
        more_en = f" and {len(missing) - MAX_NAMED} more" if len(missing) > MAX_NAMED else ""
        have = len(expected) - len(missing)
        level_id, level_en = PRESENTATION_ID[ctx.region_level], PRESENTATION_EN[ctx.region_level]
        when_id = f"Periode {period}: " if period is not None else ""
        when_en = f"Period {period}: " if period is not None else ""
        return Finding(
            type=self.type, field=field, column=ctx.title(field), value=period, where="none",
            message=f"{when_id}{have} dari {len(expected)} {level_id}; tidak ada: {names}{more_id}.",
            message_en=f"{when_en}{have} of {len(expected)} ({level_en}); missing: "
            f"{names}{more_en}.",
            details={"period": period, "present": have, "expected": len(expected),
                     "missing": [r.code for r in missing]},
        )  # fmt: skip
