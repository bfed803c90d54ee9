"""JSON: an array of objects (or {"data": [...]}) becomes a Grid with a header row."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from satudata.errors import IngestError
from satudata.ingest.grid import Grid, cell_text


def read_json_grid(path: Path, filename: str) -> Grid:
    """Read a JSON array of objects into a Grid; keys become the header."""
    try:
        doc: Any = json.loads(path.read_bytes().decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:  # deep nesting
        raise IngestError(
            f"Berkas JSON '{filename}' tidak sah: {exc}.",
            f"The JSON file '{filename}' is not valid: {exc}.",
            type="unreadable-json",
        ) from exc
    if isinstance(doc, dict):
        doc = next((v for v in doc.values() if isinstance(v, list)), None)
    if not isinstance(doc, list) or not all(isinstance(r, dict) for r in doc):
        raise IngestError(
            f"Berkas JSON '{filename}' harus berupa larik objek, misalnya "
            '[{"kode_wilayah": "35.07", "tahun": 2024}].',
            f"The JSON file '{filename}' must be an array of objects.",
            type="unsupported-json",
        )
    keys: dict[str, None] = {}
    for record in doc:
        keys.update(dict.fromkeys(record))
    header = list(keys)
    rows: list[list[str | None]] = [list(header)]
    for record in doc:
        rows.append([_json_cell(record.get(k)) for k in header])
    return Grid(rows=rows)


def _json_cell(value: Any) -> str | None:
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return cell_text(value)
