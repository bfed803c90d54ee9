"""Reading a dataset page's preview parameters: filters, sort, page, page size, version."""

from __future__ import annotations

import pytest

from satudata.catalog.preview import PreviewRequest, read_preview_params
from satudata.errors import InvalidInputError
from satudata.lake.query import Filter


def test_filters_sort_and_page_become_a_rows_query() -> None:
    request = read_preview_params({
        "kolom": ["tahun", "nama_wilayah", "jumlah"], "op": ["eq", "", "gte"],
        "nilai": ["2024", "malang", ""], "urut": ["-jumlah"], "halaman": ["3"], "per": ["50"],
        "versi": ["2"],
    })  # fmt: skip
    assert request.filters == [Filter("tahun", "eq", "2024"),
                               Filter("nama_wilayah", "contains", "malang")]  # fmt: skip
    assert (request.sort_column, request.descending, request.version) == ("jumlah", True, 2)
    query = request.rows_query()
    assert (query.sort, query.limit, query.offset) == (["-jumlah"], 50, 100)


def test_no_parameters_give_the_first_page_unsorted() -> None:
    query = read_preview_params({}).rows_query()
    assert (query.filters, query.sort, query.limit, query.offset) == ([], [], 20, 0)
    assert read_preview_params({}) == PreviewRequest()


@pytest.mark.parametrize(("params", "says_id", "says_en"), [
    ({"halaman": ["0"]}, "Parameter 'halaman' bernilai '0'", "whole number from 1"),
    ({"halaman": ["dua"]}, "harus bilangan bulat 1 sampai", "Parameter 'halaman' is 'dua'"),
    ({"per": ["7"]}, "harus salah satu dari 10, 20, 50, 100", "Parameter 'per' is '7'"),
    ({"versi": ["-1"]}, "Parameter 'versi' bernilai '-1'", "whole number"),
    ({"kolom": ["tahun"], "op": ["like"], "nilai": ["2"]}, "Operator saringan 'like'",
     "Unknown filter operator 'like'"),
])  # fmt: skip
def test_bad_parameters_are_named_in_both_languages(
    params: dict[str, list[str]], says_id: str, says_en: str
) -> None:  # fmt: skip
    with pytest.raises(InvalidInputError) as caught:
        read_preview_params(params)
    assert says_id in caught.value.message_id and says_en in caught.value.message_en
    assert caught.value.type == "invalid-preview-parameter"
