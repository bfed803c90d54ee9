"""The lake's files: originals by content hash, atomic versions, bounded uploads."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from satudata.errors import IngestError
from satudata.lake import store
from satudata.lake.store import Lake, sha256_file


@pytest.fixture
def lake(tmp_path: Path) -> Lake:
    return Lake(tmp_path / "lake")


def files_under(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def test_a_new_lake_has_its_three_folders(lake: Lake) -> None:
    assert sorted(p.name for p in lake.root.iterdir()) == ["originals", "tmp", "versions"]


def test_keep_original_is_content_addressed_and_stored_once(lake: Lake, tmp_path: Path) -> None:
    content = b"kode_wilayah,tahun\n35.07,2020\n"
    first, second, other = tmp_path / "a.csv", tmp_path / "salinan.csv", tmp_path / "b.csv"
    first.write_bytes(content)
    second.write_bytes(content)
    other.write_bytes(content + b"35.73,2021\n")
    a, b, c = (lake.keep_original(p) for p in (first, second, other))
    sha = hashlib.sha256(content).hexdigest()
    assert a == b
    assert (a.sha256, a.size, a.relative_path) == (sha, len(content), f"originals/{sha[:2]}/{sha}")
    assert c.sha256 != a.sha256
    assert files_under(lake.root / "originals") == sorted(
        [lake.path(a.relative_path), lake.path(c.relative_path)]
    )
    assert lake.path(a.relative_path).read_bytes() == content
    assert files_under(lake.tmp) == []  # the second copy's work file was dropped


def test_publish_version_moves_a_finished_file_into_place(lake: Lake) -> None:
    work = lake.temp_path(".parquet")
    work.write_bytes(b"PAR1 pretend parquet PAR1")
    relative = lake.publish_version(work, dataset_id=7, number=3)
    assert relative.startswith("versions/d7/v3-") and relative.endswith(".parquet")
    assert lake.path(relative).read_bytes() == b"PAR1 pretend parquet PAR1"
    assert not work.exists()
    again = lake.temp_path(".parquet")
    again.write_bytes(b"other")
    assert lake.publish_version(again, dataset_id=7, number=3) != relative  # never shared


def test_publish_version_is_one_rename_from_the_work_folder(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The final path is only ever created by os.replace of a complete, synced file."""
    work = lake.temp_path(".parquet")
    work.write_bytes(b"complete")
    seen: list[tuple[Path, Path, bool, bytes]] = []
    real_replace = os.replace

    def spy(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        seen.append((Path(src), Path(dst), Path(dst).exists(), Path(src).read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(store.os, "replace", spy)
    relative = lake.publish_version(work, dataset_id=1, number=1)
    assert seen == [(work, lake.path(relative), False, b"complete")]
    assert work.parent == lake.tmp  # same file system as versions/: the rename is atomic


def test_a_failed_publish_leaves_no_version_file(
    lake: Lake, monkeypatch: pytest.MonkeyPatch
) -> None:
    work = lake.temp_path(".parquet")
    work.write_bytes(b"complete")

    def broken(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(store.os, "replace", broken)
    with pytest.raises(OSError):
        lake.publish_version(work, dataset_id=1, number=1)
    assert files_under(lake.root / "versions") == []


def test_receive_copies_a_stream_within_the_limit(lake: Lake) -> None:
    data = b"x" * (3 * 1024 * 1024 + 5)  # more than one chunk
    path = lake.receive(io.BytesIO(data), max_bytes=len(data), filename="besar.csv")
    assert path.parent == lake.tmp
    assert path.read_bytes() == data


def test_receive_refuses_past_max_bytes_and_leaves_nothing(lake: Lake) -> None:
    data = b"x" * (2 * 1024 * 1024)
    with pytest.raises(IngestError) as info:
        lake.receive(io.BytesIO(data), max_bytes=1024 * 1024, filename="besar.csv")
    error = info.value
    assert error.type == "file-too-large"
    assert error.details == {"max_bytes": 1024 * 1024}
    assert error.message_id == "Berkas 'besar.csv' melebihi batas ukuran unggahan (1 MiB)."
    assert files_under(lake.tmp) == []


def test_receive_leaves_nothing_when_the_client_goes_away(lake: Lake) -> None:
    class Broken(io.RawIOBase):
        calls = 0

        def read(self, size: int = -1) -> bytes:
            self.calls += 1
            if self.calls > 1:
                raise ConnectionResetError("client went away")
            return b"x" * 100

    with pytest.raises(ConnectionResetError):
        lake.receive(Broken(), max_bytes=10_000, filename="putus.csv")  # type: ignore[arg-type]
    assert files_under(lake.tmp) == []


def test_clean_tmp_and_remove(lake: Lake) -> None:
    lake.temp_path(".work").write_bytes(b"left over")
    lake.clean_tmp()
    assert lake.tmp.is_dir() and files_under(lake.tmp) == []
    work = lake.temp_path()
    work.write_bytes(b"v")
    relative = lake.publish_version(work, dataset_id=2, number=1)
    lake.remove(relative)
    lake.remove(relative)  # removing twice is harmless
    assert not lake.path(relative).exists()


def test_sha256_file(tmp_path: Path) -> None:
    path = tmp_path / "f"
    path.write_bytes(b"satudata")
    assert sha256_file(path) == hashlib.sha256(b"satudata").hexdigest()
