"""CSV and other delimited text: encoding and delimiter detection, reading into a Grid."""

from __future__ import annotations

import codecs
import csv
import io
from dataclasses import dataclass
from pathlib import Path

from charset_normalizer import from_bytes
from charset_normalizer.utils import is_multi_byte_encoding

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
        if exc.reason == "unexpected end of data":  # a character cut by the sample's end
            return "utf-8"
    best = from_bytes(sample).best()
    name = (best.encoding if best else "cp1252").lower().replace("_", "-")
    # Office on Windows writes cp1252. On a short sample charset-normalizer may guess cp1250,
    # cp850 or even cp932 (one high byte reads as katakana): unless the guess reads byte
    # pairs as characters (real CJK text), bytes that fit cp1252 are cp1252.
    if _fits(sample, "cp1252") and not _reads_byte_pairs(sample, name):
        return "cp1252"
    return name


def _fits(sample: bytes, encoding: str) -> bool:
    try:
        sample.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _reads_byte_pairs(sample: bytes, encoding: str) -> bool:
    if not is_multi_byte_encoding(encoding):
        return False
    return len(sample.decode(encoding, errors="replace")) < len(sample)


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
    """Read a whole delimited text file into a Grid; rows keep the line they start on."""
    dialect = sniff_text(path)
    try:
        text = path.read_text(encoding=dialect.encoding)
    except UnicodeDecodeError:
        text = path.read_bytes().decode("cp1252", errors="replace")
        dialect = TextDialect("cp1252", dialect.delimiter)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=dialect.delimiter)
    rows: list[list[str | None]] = []
    starts: list[int] = []  # a quoted field may span lines: a row is cited by its first line
    line = 0
    try:
        for record in reader:
            starts.append(line + 1)
            rows.append([c if c.strip() else None for c in record])
            line = reader.line_num
    except csv.Error as exc:
        raise IngestError(
            f"Berkas '{filename}' tidak dapat dibaca sebagai CSV: {exc}.",
            f"The file '{filename}' could not be read as CSV: {exc}.",
            type="unreadable-csv",
        ) from exc
    return Grid(rows=rows, line_numbers=starts), dialect
