"""Type decisions from a column's values and name; codes stay strings."""

from __future__ import annotations

from typing import Any

import duckdb
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from satudata.tableschema.infer import (
    DEFAULT_MISSING,
    ColumnProfile,
    infer_field,
    infer_schema,
    profile_columns,
)
from satudata.tableschema.model import Field, TableSchema
from satudata.tableschema.parsing import typed_sql


def profile(
    name: str, values: list[str | None], *, sample_rows: int | None = None
) -> ColumnProfile:
    con = duckdb.connect()
    con.register("t", pa.table({name: pa.array(values, type=pa.string())}))
    (result,) = profile_columns(con, "t", [name], DEFAULT_MISSING, sample_rows=sample_rows)
    return result


def infer(name: str, values: list[str | None], *, codes: float = 0.0, names: float = 0.0) -> Field:
    return infer_field(profile(name, values), name, lambda _: codes, lambda _: names)


def described(f: Field) -> tuple[Any, ...]:
    return (f.type, f.format, f.dimension, f.decimal_char, f.group_char, f.code_like)


@pytest.mark.parametrize(
    ("name", "values", "expected"),
    [
        ("tahun", ["2019", "2020", "2021"], ("year", "default", "period", None, None, False)),
        ("tahun", ["2019.0", "2020.0"], ("year", "default", "period", None, None, False)),
        ("jumlah", ["1.234", "5"], ("integer", "default", None, None, ".", False)),
        ("jumlah", ["1.234.567", "12", "-"], ("integer", "default", None, None, ".", False)),
        ("jumlah", ["1.234", "5,5"], ("number", "default", None, ",", ".", False)),
        ("persen", ["12,5", "7"], ("number", "default", None, ",", ".", False)),
        ("jumlah", ["12.5", "3"], ("number", "default", None, None, None, False)),
        ("jumlah", ["1,234,567", "12"], ("integer", "default", None, None, ",", False)),
        ("jumlah", ["1,234.5", "12"], ("number", "default", None, None, ",", False)),
        ("jumlah", ["1", "2", "-", "", None], ("integer", "default", None, None, None, False)),
        ("jumlah", ["1", "abc"], ("string", "default", None, None, None, False)),
        ("aktif", ["Ya", "tidak", "YA"], ("boolean", "default", None, None, None, False)),
        ("aktif", ["1", "0"], ("integer", "default", None, None, None, False)),
        ("tanggal", ["45657", "45323"], ("date", "excel-serial", "period", None, None, False)),
        ("jumlah", ["45657", "45323"], ("integer", "default", None, None, None, False)),
        ("tgl_lapor", ["31/12/2024", "1/2/2024"],
         ("date", "%d/%m/%Y", "period", None, None, False)),
        ("kejadian", ["2024-12-31"], ("date", "default", None, None, None, False)),
        ("hari", ["17 Agustus 2024"], ("date", "id-day-month-year", None, None, None, False)),
        ("periode", ["Desember 2024", "Jan 2025"],
         ("yearmonth", "id-month-year", "period", None, None, False)),
        ("bulan", ["2024-12"], ("yearmonth", "default", "period", None, None, False)),
        ("bulan", ["1", "2", "12"], ("integer", "default", None, None, None, False)),
        ("waktu", ["2024-12-31 10:00"], ("datetime", "default", "period", None, None, False)),
        ("semester", ["Semester 1", "Semester 2"],
         ("string", "default", "period", None, None, False)),
        ("catatan", [None, "", "-", "—"], ("string", "default", None, None, None, False)),
        ("no_urut", ["0123", "0456"], ("string", "default", None, None, None, True)),
        ("kode_sekolah", ["101", "202"], ("string", "default", None, None, None, True)),
        ("npsn", ["20512345", "20533821"], ("string", "default", None, None, None, True)),
        ("nik", ["3507123456780001"], ("string", "default", None, None, None, True)),
        ("id_desa", ["1", "2"], ("string", "default", None, None, None, True)),
        ("versi", ["35.07", "35.07.01"], ("string", "default", None, None, None, True)),
    ],
)  # fmt: skip
def test_type_is_decided_from_values_and_name(
    name: str, values: list[str | None], expected: tuple[Any, ...]
) -> None:
    assert described(infer(name, values)) == expected


def test_dotted_region_codes_are_the_region_dimension_kemendagri_style() -> None:
    field = infer("kode_wilayah", ["35.07", "35.73", "35.07.01"], codes=1.0)

    assert described(field) == ("string", "default", "region_code", None, None, True)
    assert field.region_code_style == "kemendagri"


def test_compact_region_codes_are_found_by_value_even_without_a_code_name() -> None:
    field = infer("wilayah", ["3507", "3573", "3578"], codes=1.0)

    assert (field.type, field.dimension, field.region_code_style) == (
        "string",
        "region_code",
        "bps",
    )


def test_numbers_that_are_not_region_codes_stay_numbers() -> None:
    assert infer("wilayah", ["3507", "9999"], codes=0.5).type == "integer"
    assert infer("kode_wilayah", ["35.07", "99.99"], codes=0.4).dimension is None


def test_region_names_need_a_name_like_column_or_a_strong_match() -> None:
    names = ["Kabupaten Malang", "Kota Batu"]
    assert infer("kabupaten_kota", names, names=0.6).dimension == "region_name"
    assert infer("keterangan", names, names=0.9).dimension == "region_name"
    assert infer("keterangan", names, names=0.6).dimension is None
    assert infer("nama_wilayah", names, names=0.2).dimension is None


def test_schema_gives_each_dimension_to_its_first_field_only() -> None:
    profiles = [profile("kode_wilayah", ["35.07"]), profile("kode_bps", ["3507"]),
                profile("tahun", ["2024"]), profile("tahun_data", ["2023"])]  # fmt: skip

    known = {"35.07", "3507"}
    schema = infer_schema(profiles, {"kode_wilayah": "Kode Wilayah"},
                          region_codes=lambda s: sum(v in known for v in s) / len(s),
                          region_names=lambda _: 0.0)  # fmt: skip

    assert [(f.name, f.title, f.dimension) for f in schema.fields] == [
        ("kode_wilayah", "Kode Wilayah", "region_code"),
        ("kode_bps", "kode_bps", None),
        ("tahun", "tahun", "period"),
        ("tahun_data", "tahun_data", None),
    ]
    assert schema.missing_values == DEFAULT_MISSING


def test_profile_counts_shapes_and_keeps_distinct_samples() -> None:
    p = profile("x", ["1.234", "1.234", "12,5", "-", None, "0123", " 7 "])

    assert p.n == 5
    assert (p.counts["grp_dot"], p.counts["dec_comma"], p.counts["int"], p.counts["lead0"]) == (
        2, 1, 2, 1)  # fmt: skip
    assert sorted(p.samples) == ["0123", "1.234", "12,5", "7"]


def test_profile_can_look_at_the_first_rows_only() -> None:
    p = profile("x", ["1", "2", "abc"], sample_rows=2)

    assert (p.n, p.counts["int"]) == (2, 2)


def test_descriptor_round_trips_with_camel_case_keys() -> None:
    schema = TableSchema(fields=[
        Field(name="anggaran", title="Anggaran (Rp)", type="number", decimalChar=",",
              groupChar="."),
        Field(name="kode", codeLike=True, dimension="region_code", regionCodeStyle="bps"),
    ])  # fmt: skip

    descriptor = schema.to_descriptor()

    assert descriptor["fields"][0]["decimalChar"] == ","
    assert descriptor["fields"][1]["regionCodeStyle"] == "bps"
    assert descriptor["missingValues"] == ["", "-", "--", "—"]
    assert TableSchema.from_descriptor(descriptor) == schema
    assert schema.field("kode").storage_type == "VARCHAR"
    assert schema.dimension("region_code") == schema.fields[1]
    assert schema.dimension("period") is None


VALUES = st.one_of(
    st.sampled_from(["", "-", "0", "12", "0123", "1.234", "1.234.567", "12,5", "1.234,56",
                     "12.5", "1,234", "1,234.5", "2024", "2024.0", "45657", "35.07",
                     "31/12/2024", "2024-12-31", "2024-12", "Desember 2024", "17 Agustus 2024",
                     "ya", "tidak", "2024-12-31 10:00", "abc"]),
    st.from_regex(r"-?[0-9]{1,3}(\.[0-9]{3}){0,3}(,[0-9]{1,3})?", fullmatch=True),
    st.from_regex(r"-?[0-9]{1,3}(,[0-9]{3}){0,3}(\.[0-9]{1,3})?", fullmatch=True),
    st.text(max_size=6),
)  # fmt: skip


@settings(max_examples=80, deadline=None)
@given(
    name=st.sampled_from(["jumlah", "tahun", "tanggal", "periode", "kode", "nilai", "aktif"]),
    values=st.lists(VALUES, min_size=1, max_size=12),
)
def test_every_value_fits_the_type_inferred_from_it(name: str, values: list[str]) -> None:
    field = infer(name, values, codes=0.0, names=0.0)
    typed = typed_sql(field, "v", DEFAULT_MISSING, strict=True)

    # Raises on a value that does not fit.
    duckdb.execute(f"SELECT {typed} FROM unnest(?::VARCHAR[]) AS t(v)", [values]).fetchall()
