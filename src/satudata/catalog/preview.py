"""The preview of a dataset page: which rows a visitor asked for, read from URL parameters.

Parameters (Indonesian, as the portal's addresses are): `kolom`, `op` and `nilai`, once per
filter (repeat them for several); `urut` (a column, `-column` for descending); `halaman`
(from 1); `per` (rows per page); `versi` (a version number). Bad values raise
InvalidInputError with a message naming the parameter and the value; unknown columns are
refused by the query engine, which lists the columns there are.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from satudata.errors import InvalidInputError
from satudata.lake.query import Filter, RowsQuery

PAGE_SIZES = (10, 20, 50, 100)
DEFAULT_PAGE_SIZE = 20
PREVIEW_OPS = ("contains", "eq", "ne", "gt", "gte", "lt", "lte")
DEFAULT_OP = "contains"
MAX_PAGE = 1_000_000  # keeps OFFSET within what any engine accepts


@dataclass
class PreviewRequest:
    """What a visitor asked the preview table for."""

    filters: list[Filter] = field(default_factory=list)
    sort: str = ""
    page: int = 1
    per_page: int = DEFAULT_PAGE_SIZE
    version: int | None = None

    def rows_query(self) -> RowsQuery:
        """Return the query of the requested page."""
        return RowsQuery(filters=list(self.filters), sort=[self.sort] if self.sort else [],
                         limit=self.per_page, offset=(self.page - 1) * self.per_page)  # fmt: skip

    @property
    def sort_column(self) -> str:
        """Return the sorted column's name (without the `-`)."""
        return self.sort.lstrip("-")

    @property
    def descending(self) -> bool:
        """Is the sort descending?"""
        return self.sort.startswith("-")


def _invalid(message_id: str, message_en: str, **details: str) -> InvalidInputError:
    return InvalidInputError(message_id, message_en, type="invalid-preview-parameter",
                             details=details)  # fmt: skip


def _whole(name: str, text: str, *, low: int, high: int) -> int:
    value = text.strip()
    if not value.isdigit() or not low <= int(value) <= high:
        raise _invalid(
            f"Parameter '{name}' bernilai '{text}': harus bilangan bulat {low} sampai {high}.",
            f"Parameter '{name}' is '{text}': it must be a whole number from {low} to {high}.",
            parameter=name, value=text,
        )  # fmt: skip
    return int(value)


def _filters(columns: Sequence[str], ops: Sequence[str], values: Sequence[str]) -> list[Filter]:
    found = []
    for i, column in enumerate(columns):
        op = ops[i].strip() if i < len(ops) and ops[i].strip() else DEFAULT_OP
        value = values[i] if i < len(values) else ""
        if op not in PREVIEW_OPS:
            raise _invalid(
                f"Operator saringan '{op}' tidak dikenal. Pilihan: {', '.join(PREVIEW_OPS)}.",
                f"Unknown filter operator '{op}'. Choose one of: {', '.join(PREVIEW_OPS)}.",
                parameter="op", value=op,
            )  # fmt: skip
        if not column.strip() or not value.strip():
            continue  # a filter row left empty in the form
        found.append(Filter(column.strip(), op, value.strip()))
    return found


def read_preview_params(params: Mapping[str, Sequence[str]]) -> PreviewRequest:
    """Read the preview parameters of a dataset page (each name maps to its values)."""

    def one(name: str) -> str:
        values = params.get(name) or [""]
        return values[0]

    request = PreviewRequest(
        filters=_filters(params.get("kolom", []), params.get("op", []), params.get("nilai", [])),
        sort=one("urut").strip(),
    )
    if one("halaman").strip():
        request.page = _whole("halaman", one("halaman"), low=1, high=MAX_PAGE)
    if one("per").strip():
        per = one("per").strip()
        if not per.isdigit() or int(per) not in PAGE_SIZES:
            sizes = ", ".join(map(str, PAGE_SIZES))
            raise _invalid(
                f"Parameter 'per' bernilai '{per}': baris per halaman harus salah satu dari {sizes}.",
                f"Parameter 'per' is '{per}': rows per page must be one of {sizes}.",
                parameter="per", value=per,
            )  # fmt: skip
        request.per_page = int(per)
    if one("versi").strip():
        request.version = _whole("versi", one("versi"), low=1, high=1_000_000)
    return request
