"""CSV and other delimited text: encoding and delimiter detection, reading into a Grid."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes

from satudata.errors import IngestError
from satudata.ingest.grid import Grid

DELIMITERS = [",", ";", "\t", "|"]
_SAMPLE_BYTES = 256 * 1024
csv.field_size_limit(16 * 1024 * 1024)


@dataclass(frozen=True)
class TextDialect:
    """How a delimited text file is written."""

    encoding: str  # a Python codec name: utf-8, utf-8-sig, cp1252, utf-16
    delimiter: str


def detect_encoding(sample: bytes) -> str:
    """Return the codec of a text sample: UTF-8 (with or without BOM), UTF-16 or Windows-1252."""
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        if exc.start > len(sample) - 4:  # a multi-byte character cut by the sample's end
            return "utf-8"
    best = from_bytes(sample).best()
    name = (best.encoding if best else "cp1252").lower().replace("_", "-")
    # Office on Windows writes cp1252; latin-1 guesses are almost always that.
    return "cp1252" if name in {"latin-1", "iso8859-1", "iso-8859-1", "ascii"} else name


def detect_delimiter(text: str) -> str:
    """Return the delimiter giving the most rows with the same, plural, number of fields."""
    lines = text.splitlines()[:200]
    best, best_score = ",", -1.0
    for delim in DELIMITERS:
        counts = [len(r) for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delim) if r]
        if not counts:
            continue
        common = max(set(counts), key=counts.count)
        if common < 2:
            continue
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


def sniff_text(path: Path) -> TextDialect:
    """Detect the encoding and delimiter of a delimited text file from its head."""
    with path.open("rb") as fh:
        sample = fh.read(_SAMPLE_BYTES)
    encoding = detect_encoding(sample)
    text = sample.decode(encoding, errors="replace")
    return TextDialect(encoding=encoding, delimiter=detect_delimiter(text))


def read_text_grid(path: Path, filename: str) -> tuple[Grid, TextDialect]:
    """Read a whole delimited text file into a Grid; rows keep their record numbers."""
    dialect = sniff_text(path)
    try:
        text = path.read_text(encoding=dialect.encoding)
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
        dialect = TextDialect("cp1252", dialect.delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    try:
        rows: list[list[str | None]] = [[c if c.strip() else None for c in r] for r in reader]
    except csv.Error as exc:
        raise IngestError(
            f"Berkas '{filename}' tidak dapat dibaca sebagai CSV: {exc}.",
            f"The file '{filename}' could not be read as CSV: {exc}.",
            type="unreadable-csv",
        ) from exc
    return Grid(rows=rows), dialect
