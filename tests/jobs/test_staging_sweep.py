"""Files left in the upload wizard are removed after a while; files in use are kept."""

from __future__ import annotations

import os
import time
from pathlib import Path

from satudata.jobs.periodic import sweep_staging

HOUR = 3600


def staged(folder: Path, name: str, age_hours: float, *, newer: float | None = None) -> Path:
    place = folder / name
    place.mkdir(parents=True)
    file = place / "laporan.xlsx"
    file.write_bytes(b"x")
    then = time.time() - age_hours * HOUR
    os.utime(file, (then, then))
    if newer is not None:  # a later touch inside the folder: checked again, or ingesting
        mark = place / ".ingest-job"
        mark.write_text("job")
        recent = time.time() - newer * HOUR
        os.utime(mark, (recent, recent))
    os.utime(place, (then, then))
    return place


def test_only_folders_untouched_for_the_keep_time_go(tmp_path: Path) -> None:
    old = staged(tmp_path, "a", 80)
    fresh = staged(tmp_path, "b", 10)
    in_use = staged(tmp_path, "c", 80, newer=1)
    (tmp_path / "stray.txt").write_text("not a staged folder")
    assert sweep_staging(tmp_path, keep_hours=72) == 1
    assert not old.exists()
    assert fresh.exists() and in_use.exists() and (tmp_path / "stray.txt").exists()
    assert sweep_staging(tmp_path, keep_hours=72, now=time.time() + 80 * HOUR) == 2


def test_no_staging_folder_yet_is_nothing_to_do(tmp_path: Path) -> None:
    assert sweep_staging(tmp_path / "staging", keep_hours=1) == 0
