"""Tell what kind of file an upload is from its bytes, not its name."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from satudata.errors import IngestError

FileKind = Literal["csv", "xlsx", "ods", "xls", "html", "json"]

_SNIFF_BYTES = 64 * 1024


def detect_kind(path: Path, filename: str = "") -> FileKind:
    """Return the file's kind; raise IngestError for an empty or binary non-table file."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF_BYTES)
    if not head.strip(b" \t\r\n\x00\xef\xbb\xbf"):
        raise IngestError(
            "Berkas kosong: tidak ada isi yang dapat dibaca.",
            "The file is empty.",
            type="empty-file",
            details={"filename": filename},
        )
    if head.startswith(b"PK\x03\x04"):
        return "ods" if b"mimetypeapplication/vnd.oasis.opendocument" in head[:200] else "xlsx"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "xls"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if text.startswith((b"<", b"\xff\xfe<", b"\xfe\xff\x00<")) and b"<table" in head.lower():
        return "html"
    if text.startswith((b"[", b"{")):
        return "json"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise IngestError(
            f"Berkas '{filename}' bukan tabel teks (CSV) maupun buku kerja: isinya biner.",
            f"The file '{filename}' is neither a text table (CSV) nor a workbook: it is binary.",
            type="binary-file",
            details={"filename": filename},
        )
    return "csv"
