"""Files in the lake: originals kept by content hash, versions written then renamed.

Layout under the lake folder:
  originals/ab/<sha256>     every uploaded file, accepted or not
  versions/d<id>/v<n>-<uid>.parquet  immutable typed versions
  tmp/                      work files; a crash leaves only files here, never a half version
"""

from __future__ import annotations

import hashlib
import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from satudata.errors import IngestError

_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class StoredFile:
    """An original file in the lake."""

    sha256: str
    size: int
    relative_path: str


class Lake:
    """The lake folder and the few operations that write to it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.tmp = root / "tmp"
        for sub in ("originals", "versions", "tmp"):
            (root / sub).mkdir(parents=True, exist_ok=True)

    def path(self, relative: str) -> Path:
        """Return the absolute path of a lake-relative path."""
        return self.root / relative

    def temp_path(self, suffix: str = "") -> Path:
        """Return a fresh path in the work folder."""
        return self.tmp / f"{uuid.uuid4().hex}{suffix}"

    def receive(self, stream: BinaryIO, *, max_bytes: int, filename: str) -> Path:
        """Copy an upload stream to a work file, refusing it past `max_bytes`."""
        target = self.temp_path(".upload")
        size = 0
        try:
            with target.open("wb") as out:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    if size > max_bytes:
                        raise too_large(filename, max_bytes)
                    out.write(chunk)
        except BaseException:  # too large, or the client went away: leave no partial file
            target.unlink(missing_ok=True)
            raise
        return target

    def keep_original(self, source: Path) -> StoredFile:
        """Store a copy of `source` under its SHA-256 (once per distinct content)."""
        with source.open("rb") as fh:
            known = hashlib.file_digest(fh, "sha256").hexdigest()
        if self.path(_original(known)).exists():  # the same file again: nothing to write
            return StoredFile(sha256=known, size=source.stat().st_size,
                              relative_path=_original(known))  # fmt: skip
        digest = hashlib.sha256()
        work = self.temp_path(".orig")
        size = 0
        with source.open("rb") as src, work.open("wb") as out:
            while chunk := src.read(_CHUNK):
                digest.update(chunk)  # of what was copied, should the source change meanwhile
                size += len(chunk)
                out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        sha = digest.hexdigest()
        final = self.path(_original(sha))
        if final.exists():
            work.unlink()
        else:
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(work, final)
        return StoredFile(sha256=sha, size=size, relative_path=_original(sha))

    def publish_version(self, work_file: Path, dataset_id: int, number: int) -> str:
        """Move a finished version file to its final place atomically; return its path."""
        # A unique suffix: two uploads racing for the same number never share a file.
        relative = f"versions/d{dataset_id}/v{number}-{uuid.uuid4().hex[:12]}.parquet"
        final = self.path(relative)
        final.parent.mkdir(parents=True, exist_ok=True)
        with work_file.open("rb") as fh:
            os.fsync(fh.fileno())
        os.replace(work_file, final)
        return relative

    def remove(self, relative: str) -> None:
        """Delete a lake file (used to undo a version whose database commit failed)."""
        self.path(relative).unlink(missing_ok=True)

    def clean_tmp(self) -> None:
        """Remove work files left by an interrupted ingest."""
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp.mkdir(parents=True, exist_ok=True)


def sha256_file(path: Path) -> str:
    """Return the SHA-256 of a file."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def too_large(filename: str, max_bytes: int) -> IngestError:
    """Build the error for a file over the upload size limit."""
    limit_mb = max_bytes / (1024 * 1024)
    return IngestError(
        f"Berkas '{filename}' melebihi batas ukuran unggahan ({limit_mb:,.0f} MiB).",
        f"The file '{filename}' exceeds the upload size limit ({limit_mb:,.0f} MiB).",
        type="file-too-large",
        details={"max_bytes": max_bytes},
    )


def _original(sha: str) -> str:
    return f"originals/{sha[:2]}/{sha}"
