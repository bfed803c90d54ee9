"""Match free-text region names ("Kab. Malang", "Kodya Malang") to regions."""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Literal

from satudata.reference.regions import Region

MatchStatus = Literal["exact", "alias", "ambiguous", "not_found"]
Reading = tuple[str, frozenset[str] | None]
Allowed = Callable[[Region, frozenset[str] | None], bool]

# Words in front of a name that say its level. "Kota" also starts two kecamatan names
# ("Kota", "Kota Sumenep"), so a query is always tried with and without its prefix.
_PREFIXES: dict[tuple[str, ...], frozenset[str]] = {
    ("provinsi",): frozenset({"province"}),
    ("propinsi",): frozenset({"province"}),
    ("prov",): frozenset({"province"}),
    ("prop",): frozenset({"province"}),
    ("kabupaten",): frozenset({"regency"}),
    ("kab",): frozenset({"regency"}),
    ("kota", "madya"): frozenset({"city"}),
    ("kotamadya",): frozenset({"city"}),
    ("kodya",): frozenset({"city"}),
    ("kota",): frozenset({"city"}),
    ("kecamatan",): frozenset({"district"}),
    ("kec",): frozenset({"district"}),
    ("kelurahan",): frozenset({"village"}),
    ("kel",): frozenset({"village"}),
    ("desa",): frozenset({"village"}),
    ("ds",): frozenset({"village"}),
}
# BPS-style suffixes: "Malang (Kota)", "Malang (Kab.)".
_SUFFIX = re.compile(r"^(?P<name>.+?)\s*\(\s*(?P<kind>kabupaten|kab|kota)\s*\.?\s*\)$")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_APOSTROPHES = re.compile(r"['’‘`´]")
# Larger regions win when a name exists at several levels: "Sidoarjo" is the kabupaten,
# not the kecamatan of the same name.
_TIER = {"province": 0, "regency": 1, "city": 1, "district": 2, "village": 3}
_SUGGESTIONS = 5
_SUGGESTION_CUTOFF = 0.75


@dataclass(frozen=True, slots=True)
class NameMatch:
    """Outcome of matching a name: one region, several candidates, or suggestions."""

    status: MatchStatus
    region: Region | None = None
    candidates: list[Region] = field(default_factory=list)

    @property
    def code(self) -> str | None:
        """Return the matched region's code, or None unless the status is exact or alias."""
        return self.region.code if self.region else None


def _words(text: str) -> list[str]:
    """Return lower-case ASCII words, with apostrophes dropped ("Ra'as" -> ["raas"])."""
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = _APOSTROPHES.sub("", text.casefold())
    return _NON_ALNUM.sub(" ", text).split()


def name_key(text: str) -> str:
    """Return the comparison key of a name: lower-case letters and digits only."""
    return "".join(_words(text))


def query_keys(text: str) -> list[Reading]:
    """Return (key, levels the key may have) readings of a query; None means any level."""
    cleaned = unicodedata.normalize("NFKC", text).strip().casefold()
    if suffix := _SUFFIX.match(cleaned):
        levels = frozenset({"city"} if suffix["kind"] == "kota" else {"regency"})
        return [(name_key(suffix["name"]), levels)]
    words = _words(cleaned)
    readings: list[Reading] = [("".join(words), None)]
    for prefix, levels in _PREFIXES.items():
        if len(words) > len(prefix) and tuple(words[: len(prefix)]) == prefix:
            readings.append(("".join(words[len(prefix) :]), levels))
            break
    return readings


class NameIndex:
    """Regions by name key, including kab/kota short names and alias spellings."""

    def __init__(self, regions: Iterable[Region], aliases: Iterable[tuple[Region, str]]) -> None:
        """Index official names, kab/kota short names and (region, alias) pairs."""
        self._official: dict[str, list[Region]] = {}
        self._alias: dict[str, list[Region]] = {}
        for region in regions:
            self._add(self._official, name_key(region.name), region)
            if region.level in ("regency", "city"):
                self._add(self._official, name_key(region.short_name), region)
        for region, alias in aliases:
            self._add(self._alias, name_key(alias), region)

    @staticmethod
    def _add(table: dict[str, list[Region]], key: str, region: Region) -> None:
        entries = table.setdefault(key, [])
        if all(entry is not region for entry in entries):
            entries.append(region)

    def match(
        self, name: str, *, level: str | None, parent: str | None, suggest: bool = True
    ) -> NameMatch:
        """Match a name, optionally only at one level and inside one parent code."""

        def allowed(region: Region, levels: frozenset[str] | None) -> bool:
            return (
                (levels is None or region.level in levels)
                and (level is None or region.level == level)
                and (parent is None or region.code.startswith(parent + "."))
            )

        readings = query_keys(name)
        official = {
            r.code: r for key, lv in readings for r in self._official.get(key, ()) if allowed(r, lv)
        }
        alias = {
            r.code: r for key, lv in readings for r in self._alias.get(key, ()) if allowed(r, lv)
        }
        if not official and not alias:
            candidates = self._suggest(readings, allowed) if suggest else []
            return NameMatch("not_found", candidates=candidates)
        top = min(_TIER[r.level] for r in [*official.values(), *alias.values()])
        hits = [r for r in official.values() if _TIER[r.level] == top]
        status: MatchStatus = "exact"
        if not hits:
            hits = [r for r in alias.values() if _TIER[r.level] == top]
            status = "alias"
        if len(hits) == 1:
            return NameMatch(status, region=hits[0])
        return NameMatch("ambiguous", candidates=sorted(hits, key=lambda r: r.code))

    def _suggest(self, readings: list[Reading], allowed: Allowed) -> list[Region]:
        """Return regions with names close to the query (typos): closest, then largest, first."""
        best: dict[str, tuple[float, Region]] = {}
        matcher = difflib.SequenceMatcher()
        for key, levels in readings:
            matcher.set_seq2(key)
            for table in (self._official, self._alias):
                for other, regions in table.items():
                    matcher.set_seq1(other)
                    if (
                        matcher.real_quick_ratio() < _SUGGESTION_CUTOFF
                        or matcher.quick_ratio() < _SUGGESTION_CUTOFF
                    ):
                        continue
                    score = matcher.ratio()
                    if score < _SUGGESTION_CUTOFF:
                        continue
                    for region in regions:
                        if allowed(region, levels) and score > best.get(region.code, (0.0,))[0]:
                            best[region.code] = (score, region)
        ranked = sorted(best.values(), key=lambda s: (-s[0], _TIER[s[1].level], s[1].code))
        return [region for _, region in ranked[:_SUGGESTIONS]]
