"""Infer a Table Schema once, from the values of a dataset's first file.

Counts of value shapes per column are taken by DuckDB in one aggregate query; the type
decision is made here, in plain Python, so it is easy to read and test. Codes stay
strings: values with leading zeros or region-code dots, and columns named like codes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import duckdb

from satudata.tableschema.model import Field, TableSchema
from satudata.tableschema.parsing import (
    DAY_MONTH_YEAR_RE,
    DECIMAL_COMMA_RE,
    DECIMAL_DOT_RE,
    FALSE_VALUES,
    GROUPED_COMMA_RE,
    GROUPED_DOT_RE,
    INT_RE,
    MONTH_ALIASES,
    MONTHS_ID,
    REGION_CODE_RE,
    TRUE_VALUES,
    missing_sql,
    quote_ident,
    sql_str,
)

DEFAULT_MISSING = ["", "-", "--", "—"]
CODE_NAME = re.compile(
    r"^(kode|kd|id|no_?id|nik|nip|npsn|nib|npwp|nisn|nuptk|nomor_induk|kodepos|kode_pos)(_|$)"
    r"|_(kode|kd|id|nik|nip|npsn|nib|code)$|^(nik|nip|npsn|nib|npwp|nisn)$"
)
REGION_CODE_NAME = re.compile(
    r"^(kode_?(wilayah|wil|kab|kabupaten|kota|kabkota|kab_kota|kec|kecamatan|desa|kel|kelurahan|"
    r"prov|provinsi|bps|daerah|kemendagri)\w*|kd_?(wil|kab|kec|desa|prov)\w*|bps_?kode\w*|"
    r"kode_?bps\w*|region_?code|kode)$"
)
REGION_NAME_NAME = re.compile(
    r"^(nama_?)?(wilayah|kab|kabupaten|kota|kab_?kota|kabupaten_?kota|kabupaten_kota|"
    r"kecamatan|desa|kelurahan|desa_?kelurahan|daerah|kab_kota|region)(_?nama)?$"
)
YEAR_NAME = re.compile(r"^(tahun|thn|th|year|tahun_data|periode_tahun)$")
PERIOD_NAME = re.compile(
    r"^(periode|period|bulan|bulan_tahun|tanggal|tgl|date|semester|triwulan|kuartal|"
    r"tahun_bulan|waktu)(_\w+)?$"
)
DATE_NAME = re.compile(r"(^|_)(tanggal|tgl|date)(_|$)")
_MONTH_WORDS = "|".join([*MONTHS_ID, *MONTH_ALIASES])

# (profile key, predicate over the trimmed value `v`)
_SHAPES: list[tuple[str, str]] = [
    ("int", f"regexp_full_match($V, '{INT_RE}')"),
    ("lead0", r"regexp_full_match($V, '0\d+')"),
    ("grp_dot", f"regexp_full_match($V, '{GROUPED_DOT_RE}')"),
    ("grp_dot_multi", r"regexp_full_match($V, '[-+]?\d{1,3}(\.\d{3}){2,}')"),
    ("dec_comma", f"regexp_full_match($V, '{DECIMAL_COMMA_RE}')"),
    ("dec_dot", f"regexp_full_match($V, '{DECIMAL_DOT_RE}') AND "
     f"NOT regexp_full_match($V, '{GROUPED_DOT_RE}')"),
    ("grp_comma", f"regexp_full_match($V, '{GROUPED_COMMA_RE}(\\.\\d+)?')"),
    ("en_full", r"regexp_full_match($V, '[-+]?\d{1,3}(,\d{3})+\.\d+')"),
    ("region_code", f"regexp_full_match($V, '{REGION_CODE_RE}')"),
    ("iso_date", r"regexp_full_match($V, '\d{4}-\d{1,2}-\d{1,2}')"),
    ("dmy", r"regexp_full_match($V, '\d{1,2}[/.-]\d{1,2}[/.-]\d{4}')"),
    ("dmy_name", f"regexp_full_match(lower($V), '{DAY_MONTH_YEAR_RE}') AND "
     f"regexp_matches(lower($V), '\\s({_MONTH_WORDS})\\.?\\s')"),
    ("month_year", f"regexp_full_match(lower($V), '({_MONTH_WORDS})\\.?\\s+\\d{{4}}')"),
    ("yearmonth", r"regexp_full_match($V, '\d{4}-\d{1,2}')"),
    ("datetime", r"regexp_full_match($V, '\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(:\d{2})?')"),
    ("bool", "lower($V) IN (" + ", ".join(sql_str(b) for b in TRUE_VALUES + FALSE_VALUES
                                         if b not in ("0", "1")) + ")"),
    ("year_like", r"regexp_full_match($V, '(19|20)\d{2}(\.0+)?')"),
    ("excel_serial", r"regexp_full_match($V, '[2-6]\d{4}')"),
]  # fmt: skip


@dataclass
class ColumnProfile:
    """Counts of value shapes in one column, and a few distinct values."""

    name: str
    n: int
    counts: dict[str, int]
    samples: list[str]

    def all(self, *keys: str) -> bool:
        """Are all non-missing values of one of these shapes (and at least one value)?"""
        return self.n > 0 and sum(self.counts[k] for k in keys) >= self.n

    def share(self, key: str) -> float:
        """Return the share of non-missing values of this shape."""
        return self.counts[key] / self.n if self.n else 0.0


def profile_columns(
    con: duckdb.DuckDBPyConnection,
    from_sql: str,
    names: Sequence[str],
    missing_values: list[str],
    *,
    sample_rows: int | None = None,
) -> list[ColumnProfile]:
    """Count value shapes for every column of `from_sql` in one query.

    The columns are stacked into (column, value) pairs and counted per distinct value
    first, so each shape's pattern runs once per distinct value, not once per cell.
    """
    if not names:
        return []
    limit = f" LIMIT {sample_rows}" if sample_rows else ""
    index = ", ".join(str(i) for i in range(len(names)))
    cells = ", ".join(f"CAST({quote_ident(n)} AS VARCHAR)" for n in names)
    v = f"CASE WHEN {missing_sql('raw', missing_values)} THEN NULL ELSE trim(raw) END"
    shapes = ", ".join(
        f"coalesce(sum(CASE WHEN {pred.replace('$V', 'v')} THEN c END), 0)" for _, pred in _SHAPES
    )
    sql = (
        f"SELECT i, coalesce(sum(c) FILTER (WHERE v IS NOT NULL), 0), {shapes}, "
        f"(list(v ORDER BY c DESC, v) FILTER (WHERE v IS NOT NULL))[1:400] "
        f"FROM (SELECT i, v, count(*) AS c FROM (SELECT i, {v} AS v FROM ("
        f"SELECT unnest([{index}]) AS i, unnest([{cells}]) AS raw "
        f"FROM (SELECT * FROM {from_sql}{limit}))) GROUP BY i, v) GROUP BY i"
    )
    found = {row[0]: row for row in con.execute(sql).fetchall()}
    profiles = []
    for i, name in enumerate(names):
        row = found.get(i)
        if row is None:  # no rows at all
            profiles.append(ColumnProfile(name=name, n=0, counts=dict.fromkeys(
                (k for k, _ in _SHAPES), 0), samples=[]))  # fmt: skip
            continue
        counts = {key: int(row[2 + j]) for j, (key, _) in enumerate(_SHAPES)}
        samples = row[-1] or []  # the 400 most frequent distinct values
        profiles.append(ColumnProfile(name=name, n=int(row[1]), counts=counts, samples=samples))
    return profiles


RegionCheck = Callable[[list[str]], float]


def _number_field(p: ColumnProfile, base: Field) -> Field | None:
    c = p.counts
    if p.all("int", "grp_dot", "dec_comma", "dec_dot"):  # shapes are disjoint
        if c["dec_comma"] or (c["grp_dot"] and not c["dec_dot"]):
            if not c["dec_comma"] and c["grp_dot"] + c["int"] >= p.n:
                return base.model_copy(update={"type": "integer", "group_char": "."})
            return base.model_copy(
                update={"type": "number", "decimal_char": ",", "group_char": "."}
            )
        if c["dec_dot"]:
            if c["grp_dot_multi"]:  # "1.234.567" beside "12.5": two conventions, keep text
                return None
            return base.model_copy(update={"type": "number"})
        return base.model_copy(update={"type": "integer"})
    if p.all("int", "grp_comma", "dec_dot") and (c["en_full"] or c["grp_comma"]):
        kind = "number" if c["dec_dot"] or c["en_full"] else "integer"
        return base.model_copy(update={"type": kind, "group_char": ","})
    return None


def infer_field(
    p: ColumnProfile, title: str, region_codes: RegionCheck, region_names: RegionCheck
) -> Field:
    """Decide one field's type, format and dimension from its profile."""
    base = Field(name=p.name, title=title)
    name = p.name
    if p.n == 0:
        return base
    code_share = region_codes(p.samples)
    looks_region = REGION_CODE_NAME.match(name) or (
        p.all("int", "region_code") and code_share >= 0.9
    )
    if looks_region and code_share >= 0.5:
        style = "kemendagri" if p.share("region_code") >= 0.5 else "bps"
        return base.model_copy(
            update={"dimension": "region_code", "region_code_style": style, "code_like": True}
        )
    if CODE_NAME.search(name) or p.counts["lead0"]:
        return Field(name=name, title=title, codeLike=True)
    if p.all("region_code") and not p.all("dec_dot"):
        return Field(name=name, title=title, codeLike=True)
    if YEAR_NAME.match(name) and p.all("year_like"):
        return base.model_copy(update={"type": "year", "dimension": "period"})
    period = "period" if (PERIOD_NAME.match(name) or YEAR_NAME.match(name)) else None
    if p.all("datetime"):
        return base.model_copy(update={"type": "datetime", "dimension": period})
    for key, kind, fmt in [
        ("iso_date", "date", "default"),
        ("dmy", "date", "%d/%m/%Y"),
        ("dmy_name", "date", "id-day-month-year"),
        ("month_year", "yearmonth", "id-month-year"),
        ("yearmonth", "yearmonth", "default"),
    ]:
        if p.all(key):
            return base.model_copy(update={"type": kind, "format": fmt, "dimension": period})
    if DATE_NAME.search(name) and p.all("excel_serial"):
        return base.model_copy(
            update={"type": "date", "format": "excel-serial", "dimension": period}
        )
    if p.all("bool"):
        return base.model_copy(update={"type": "boolean"})
    number = _number_field(p, base)
    if number is not None:
        if period and number.type == "integer" and p.all("year_like"):
            return base.model_copy(update={"type": "year", "dimension": "period"})
        return number
    if period and not p.all("int"):
        return base.model_copy(update={"dimension": period})
    name_share = region_names(p.samples)
    if (REGION_NAME_NAME.match(name) or name_share >= 0.8) and name_share >= 0.5:
        return base.model_copy(update={"dimension": "region_name"})
    return base


def infer_schema(
    profiles: list[ColumnProfile],
    titles: dict[str, str],
    *,
    region_codes: RegionCheck,
    region_names: RegionCheck,
    missing_values: list[str] | None = None,
) -> TableSchema:
    """Infer a schema from column profiles; region checks score sample values 0..1."""
    fields = [
        infer_field(p, titles.get(p.name, p.name), region_codes, region_names) for p in profiles
    ]
    seen: set[str] = set()
    for f in fields:  # one field per dimension; later ones stay plain columns
        if f.dimension in seen:
            f.dimension = None
        elif f.dimension:
            seen.add(f.dimension)
    return TableSchema(fields=fields, missingValues=missing_values or list(DEFAULT_MISSING))
