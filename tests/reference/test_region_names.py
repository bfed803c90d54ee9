"""Name matching: Kab./Kota pairs, ambiguity, aliases, typos, parent restriction."""

from __future__ import annotations

import pytest

from satudata.reference import get_region_index

# The seven names that are both a kabupaten and a kota in Jawa Timur.
PAIRS = [
    ("Kediri", "35.06", "35.71"),
    ("Blitar", "35.05", "35.72"),
    ("Malang", "35.07", "35.73"),
    ("Probolinggo", "35.13", "35.74"),
    ("Pasuruan", "35.14", "35.75"),
    ("Mojokerto", "35.16", "35.76"),
    ("Madiun", "35.19", "35.77"),
]
REGENCY_FORMS = ["Kab. {}", "Kab {}", "Kabupaten {}", "KABUPATEN {}", "kab.{}", "{} (Kab.)"]
CITY_FORMS = ["Kota {}", "Kodya {}", "Kotamadya {}", "Kota Madya {}", "KOTA {}", "{} (Kota)"]


@pytest.mark.parametrize(("name", "regency", "city"), PAIRS)
@pytest.mark.parametrize("form", REGENCY_FORMS)
def test_kabupaten_forms_match_the_regency(name: str, regency: str, city: str, form: str) -> None:
    match = get_region_index().match_name(form.format(name))
    assert match.status == "exact" and match.code == regency


@pytest.mark.parametrize(("name", "regency", "city"), PAIRS)
@pytest.mark.parametrize("form", CITY_FORMS)
def test_kota_forms_match_the_city(name: str, regency: str, city: str, form: str) -> None:
    match = get_region_index().match_name(form.format(name))
    assert match.status == "exact" and match.code == city


@pytest.mark.parametrize(("name", "regency", "city"), PAIRS)
def test_bare_pair_name_is_ambiguous_never_guessed(name: str, regency: str, city: str) -> None:
    match = get_region_index().match_name(name)
    assert match.status == "ambiguous" and match.region is None
    assert [r.code for r in match.candidates] == [regency, city]


@pytest.mark.parametrize(("name", "regency", "city"), PAIRS)
def test_level_settles_a_pair(name: str, regency: str, city: str) -> None:
    index = get_region_index()
    assert index.match_name(name, level="regency").code == regency
    assert index.match_name(name, level="city").code == city


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Surabaya", "35.78"),
        ("Kota Surabaya", "35.78"),
        ("  kota   SURABAYA ", "35.78"),
        ("Batu", "35.79"),  # also a kecamatan in Kota Batu: the larger region wins
        ("Kota Batu", "35.79"),
        ("Sidoarjo", "35.15"),
        ("Kab. Sidoarjo", "35.15"),
        ("Ponorogo", "35.02"),
        ("Sumenep", "35.29"),
        ("Jawa Timur", "35"),
        ("Provinsi Jawa Timur", "35"),
        ("Prov. Jatim", "35"),
        ("Kota Sumenep", "35.29.01"),  # a kecamatan whose name starts with "Kota"
        ("Kec. Kota Sumenep", "35.29.01"),
        ("Kec. Madiun", "35.19.08"),
        ("Kec. Batu", "35.79.01"),
        ("Kepanjen", "35.07.13"),
        ("Ra'as", "35.29.22"),
        ("Raas", "35.29.22"),
        ("Ra’as", "35.29.22"),
        ("Guluk Guluk", "35.29.09"),
        ("Karangpilang", "35.78.01"),  # source: "Karang Pilang"
    ],
)
def test_names_match_regardless_of_case_spacing_and_punctuation(name: str, code: str) -> None:
    match = get_region_index().match_name(name)
    assert match.status in ("exact", "alias")
    assert match.code == code


@pytest.mark.parametrize(
    ("name", "code", "kwargs"),
    [
        ("Jatim", "35", {}),
        ("Surabaja", "35.78", {}),
        ("Pabean Cantikan", "35.78.12", {}),
        ("Singhasari", "35.07.24", {}),
        ("Pulau Mandangin", "35.27.03.2001", {}),
        ("Kota Kediri", "35.71.02", {"level": "district"}),
    ],
)
def test_alias_table_spellings_report_alias(name: str, code: str, kwargs: dict[str, str]) -> None:
    match = get_region_index().match_name(name, **kwargs)
    assert match.status == "alias" and match.code == code


def test_official_name_beats_an_alias_at_the_same_level() -> None:
    # "Kota Kediri" is an alias of kecamatan Kota, but at kab/kota level it is the city.
    assert get_region_index().match_name("Kota Kediri").code == "35.71"


def test_repeated_kecamatan_name_is_ambiguous_until_a_parent_is_given() -> None:
    index = get_region_index()
    match = index.match_name("Gondang")
    assert match.status == "ambiguous"
    assert [r.code for r in match.candidates] == ["35.04.09", "35.16.02", "35.18.17", "35.22.26"]
    for parent in ("35.04", "3504", 3504):
        within = index.match_name("Gondang", parent=parent)  # type: ignore[arg-type]
        assert within.status == "exact" and within.code == "35.04.09"


def test_village_restricted_by_kecamatan_and_by_kabupaten() -> None:
    index = get_region_index()
    assert index.match_name("Sukorejo", level="village").status == "ambiguous"
    in_kab = index.match_name("Desa Sukorejo", parent="35.07")
    assert in_kab.status == "ambiguous"
    assert [r.code for r in in_kab.candidates] == ["35.07.10.2005", "35.07.30.2007"]
    assert index.match_name("Sukorejo", parent="35.07.10").code == "35.07.10.2005"


def test_name_outside_the_parent_is_not_found() -> None:
    assert get_region_index().match_name("Kepanjen", parent="35.78").status == "not_found"


@pytest.mark.parametrize(
    ("typo", "expected"),
    [
        ("Surabya", ["35.78"]),
        ("Kab Malnag", ["35.07"]),
        ("Probolingo", ["35.13", "35.74"]),
        ("Mojokert", ["35.16", "35.76"]),
    ],
)
def test_typo_is_not_found_with_close_suggestions_first(typo: str, expected: list[str]) -> None:
    match = get_region_index().match_name(typo)
    assert match.status == "not_found" and match.region is None
    assert [r.code for r in match.candidates[: len(expected)]] == expected


def test_unknown_name_has_no_suggestions() -> None:
    match = get_region_index().match_name("Xyzzy Plugh")
    assert match.status == "not_found" and match.candidates == []


@pytest.mark.parametrize("name", ["", "   ", "Kabupaten", "Kab.", "Kec. "])
def test_empty_or_prefix_only_names_are_not_found(name: str) -> None:
    assert get_region_index().match_name(name).region is None


def test_bad_level_or_parent_is_rejected() -> None:
    index = get_region_index()
    with pytest.raises(ValueError, match="unknown level"):
        index.match_name("Malang", level="kabupaten")
    with pytest.raises(ValueError, match="unknown parent"):
        index.match_name("Malang", parent="99")


def test_kecamatan_named_kota_is_found_by_its_own_name() -> None:
    # Kota Kediri has a kecamatan called just "Kota"; the word is not only a prefix.
    assert get_region_index().match_name("Kota.").code == "35.71.02"


def test_a_bulk_check_can_skip_typo_suggestions() -> None:
    index = get_region_index()
    assert index.match_name("Surabya").candidates  # a typo gets suggestions by default
    quiet = index.match_name("Surabya", suggest=False)
    assert quiet.status == "not_found" and quiet.candidates == []
    assert index.match_name("Kota Surabaya", suggest=False).code == "35.78"
