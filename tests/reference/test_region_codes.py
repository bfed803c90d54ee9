"""Code lookups: dotted, compact and spreadsheet-mangled codes."""

from __future__ import annotations

import pyarrow as pa
import pytest

from satudata.reference import Region, RegionIndex, get_region_index
from satudata.reference.regions import to_dotted_code


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("35", "Jawa Timur", "province", None),
        ("35.07", "Kabupaten Malang", "regency", "35"),
        ("35.73", "Kota Malang", "city", "35"),
        ("35.78", "Kota Surabaya", "city", "35"),
        ("35.79", "Kota Batu", "city", "35"),
        ("35.07.01", "Donomulyo", "district", "35.07"),
        ("35.29.22", "Ra'as", "district", "35.29"),
        ("35.07.01.2001", "Tulungrejo", "village", "35.07.01"),
        ("35.78.05.1002", "Dr. Soetomo", "village", "35.78.05"),
    ],
)
def test_code_gives_name_level_and_parent(
    code: str, name: str, level: str, parent: str | None
) -> None:
    region = get_region_index().get(code)
    assert region == Region(code, name, level, parent)  # type: ignore[arg-type]
    assert get_region_index().level_of(code) == level


@pytest.mark.parametrize(
    ("raw", "dotted"),
    [
        ("35.07", "35.07"),
        ("3507", "35.07"),
        ("350701", "35.07.01"),
        ("3507012001", "35.07.01.2001"),
        (" 3507\n", "35.07"),
        ("\u00a035.07 ", "35.07"),
        ("'3507", "35.07"),
        ("3507.0", "35.07"),
        ("350701.00", "35.07.01"),
        ("35.0", "35"),
        (3507, "35.07"),
        (3507.0, "35.07"),
        (3507012001.0, "35.07.01.2001"),
        ("3.507012001E+09", "35.07.01.2001"),
        (35.1, "35.10"),  # "35.10" typed into a spreadsheet cell becomes the number 35.1
        ("35.2", "35.20"),
    ],
)
def test_compact_and_spreadsheet_codes_normalize_to_dotted(raw: str | float, dotted: str) -> None:
    assert to_dotted_code(raw) == dotted
    assert get_region_index().normalize_code(raw) == dotted
    region = get_region_index().get(raw)
    assert region is not None and region.code == dotted


@pytest.mark.parametrize(
    "raw", ["", "3", "350", "35070", "3507010", "35.7", "35.07.1", "3507.5", "kode", True, 35.07001]
)
def test_malformed_codes_give_none(raw: str | float) -> None:
    assert get_region_index().get(raw) is None
    assert get_region_index().normalize_code(raw) is None


@pytest.mark.parametrize("raw", ["36", "35.30", "3599", "35.07.99", "3507010001"])
def test_well_formed_but_unknown_codes_give_none(raw: str) -> None:
    index = get_region_index()
    assert to_dotted_code(raw) is not None
    assert index.get(raw) is None and index.normalize_code(raw) is None
    assert index.level_of(raw) is None and raw not in index


def test_regencies_are_the_38_kab_kota_in_code_order() -> None:
    regencies = get_region_index().regencies()
    codes = [r.code for r in regencies]
    assert len(regencies) == 38
    assert codes == sorted(codes)
    assert codes[0] == "35.01" and codes[28] == "35.29"
    assert codes[29:] == [f"35.{n}" for n in range(71, 80)]


def test_children_are_direct_and_sorted() -> None:
    index = get_region_index()
    kecamatan = index.children("3579")
    assert [r.name for r in kecamatan] == ["Batu", "Bumiaji", "Junrejo"]
    assert all(r.parent_code == "35.79" for r in kecamatan)
    assert len(index.children("35")) == 38
    assert len(index.children("35.07")) == 33
    assert index.children("35.07.01.2001") == []
    assert index.children("99") == [] and index.children("nonsense") == []


@pytest.mark.parametrize(
    ("code", "short_name", "bps_code"),
    [
        ("35", "Jawa Timur", "35"),
        ("35.07", "Malang", "3507"),
        ("35.73", "Malang", "3573"),
        ("35.29.01", "Kota Sumenep", "352901"),  # a kecamatan keeps "Kota" in its name
        ("35.07.01.2001", "Tulungrejo", "3507012001"),
    ],
)
def test_short_name_and_compact_code(code: str, short_name: str, bps_code: str) -> None:
    region = get_region_index().get(code)
    assert region is not None
    assert region.short_name == short_name
    assert region.bps_code == bps_code


def test_as_arrow_has_one_row_per_region() -> None:
    index = get_region_index()
    table = index.as_arrow()
    assert table.column_names == ["kode", "nama", "level", "parent"]
    assert table.num_rows == len(index)
    assert all(table.schema.field(n).type == pa.string() for n in table.column_names)
    first = table.slice(0, 2).to_pylist()
    assert first == [
        {"kode": "35", "nama": "Jawa Timur", "level": "province", "parent": None},
        {"kode": "35.01", "nama": "Kabupaten Pacitan", "level": "regency", "parent": "35"},
    ]


def test_index_is_built_once() -> None:
    assert get_region_index() is get_region_index()


def test_alias_for_unknown_code_is_rejected() -> None:
    region = Region("35", "Jawa Timur", "province", None)
    with pytest.raises(ValueError, match="unknown region code"):
        RegionIndex([region], aliases=[("35.99", "Nowhere")])


def test_index_orders_regions_by_code_whatever_the_input_order() -> None:
    regions = [
        Region("35.73", "Kota Malang", "city", "35"),
        Region("35.07", "Kabupaten Malang", "regency", "35"),
        Region("35", "Jawa Timur", "province", None),
    ]
    index = RegionIndex(regions)
    assert [r.code for r in index] == ["35", "35.07", "35.73"]
    assert [r.code for r in index.regencies()] == ["35.07", "35.73"]
    assert index.match_name("Malang").status == "ambiguous"
