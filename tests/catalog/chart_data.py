"""A small kab/kota dataset for chart and map tests (values chosen so sums are easy to check)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from satudata.auth import SYSTEM
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

SLUG = "gizi-balita"
# 2023: four kab/kota (Pacitan has only 2022); the province row 35 must never be charted.
CSV = """kode_wilayah,nama_wilayah,tahun,jumlah_balita,prevalensi
35,Jawa Timur,2022,99999,19.5
35.01,Kabupaten Pacitan,2022,50,12.5
35.07,Kabupaten Malang,2022,450,22.5
35.09,Kabupaten Jember,2022,380,31.25
35.73,Kota Malang,2022,90,11.0
35.78,Kota Surabaya,2022,280,16.0
35,Jawa Timur,2023,99999,18.5
35.07,Kabupaten Malang,2023,500,20.5
35.09,Kabupaten Jember,2023,400,30.25
35.73,Kota Malang,2023,100,10.0
35.78,Kota Surabaya,2023,300,15.0
"""


def ingest_csv(runtime: Runtime, folder: Path, *, slug: str = SLUG, text: str = CSV,
               **metadata: Any) -> None:  # fmt: skip
    """Ingest CSV text as the next (published) version of a DINKES dataset."""
    path = folder / f"{slug}.csv"
    path.write_text(text, encoding="utf-8")
    meta = {"title": "Gizi Balita per Kabupaten/Kota", "unit": "anak; persen", **metadata}
    ingest_file(runtime.sessions, runtime.settings, actor=SYSTEM, request=IngestRequest(
        path=path, organization="DINKES", dataset=slug, metadata=meta))  # fmt: skip
