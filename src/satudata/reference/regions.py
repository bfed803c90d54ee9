"""The Region record and parsing of Kemendagri region codes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

RegionLevel = Literal["province", "regency", "city", "district", "village"]

REGION_LEVELS: tuple[RegionLevel, ...] = ("province", "regency", "city", "district", "village")

_DOTTED = re.compile(r"\d{2}(?:\.\d{2}(?:\.\d{2}(?:\.\d{4})?)?)?")
_COMPACT = re.compile(r"\d{2}|\d{4}|\d{6}|\d{10}")
_FLOAT_ARTEFACT = re.compile(r"(\d+)\.0+")  # 3507.0 -> 3507
_SHORT_FRACTION = re.compile(r"\d{2}\.\d")  # 35.1 (a number) was "35.10" (text)
_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+?\d+")  # 3.507012001E+09
_NAME_PREFIX = {"regency": "Kabupaten ", "city": "Kota "}


@dataclass(frozen=True, slots=True)
class Region:
    """One Kemendagri region: the province, a kab/kota, a kecamatan or a desa/kelurahan."""

    code: str
    name: str
    level: RegionLevel
    parent_code: str | None

    @property
    def short_name(self) -> str:
        """Return a kab/kota name without "Kabupaten "/"Kota " ("Malang"); other names as is."""
        prefix = _NAME_PREFIX.get(self.level)
        if prefix and self.name.startswith(prefix):
            return self.name[len(prefix) :]
        return self.name

    @property
    def bps_code(self) -> str:
        """Return the code without dots ("35.07" -> "3507", "35.07.01" -> "350701").

        This equals BPS's code for the province and kab/kota only. BPS numbers kecamatan
        (7 digits) and desa (10 digits) its own way; that numbering is not covered here.
        """
        return self.code.replace(".", "")


def to_dotted_code(value: str | int | float) -> str | None:
    """Return a code in dotted form ("3507" -> "35.07"), or None if it is not shaped like one.

    Accepts dotted and compact codes, surrounding whitespace, a leading apostrophe and
    spreadsheet artefacts: ``3507.0``, ``3.507012001E+09`` and ``35.1`` (a number that was
    the text "35.10"). Only the shape is checked, not whether the region exists.
    """
    if isinstance(value, bool):
        return None
    text = str(value).strip().lstrip("'").strip()
    if artefact := _FLOAT_ARTEFACT.fullmatch(text):
        text = artefact.group(1)
    elif _SHORT_FRACTION.fullmatch(text):
        text += "0"
    elif _SCIENTIFIC.fullmatch(text):
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
        if number != number.to_integral_value():
            return None
        text = str(int(number))
    if _DOTTED.fullmatch(text):
        return text
    if _COMPACT.fullmatch(text):
        return ".".join(p for p in (text[0:2], text[2:4], text[4:6], text[6:10]) if p)
    return None
