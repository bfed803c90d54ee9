"""`satudata review …` and `satudata audit …` from the server's shell (acting as admin)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.cli.test_cli_commands import Run, as_json, failed, ok

from satudata.auth.actor import Actor
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.runtime import Runtime

CSV = "kode_wilayah,nama_wilayah,tahun,jumlah\n35.07,Kabupaten Malang,{year},{n}\n"
PRODUCER = Actor(kind="user", name="operator@dinkes", organizations=frozenset({"DINKES"}))


def agency_upload(
    ready: Run, tmp_path: Path, data_path: Path, database_url: str, year: int
) -> None:
    """An agency's upload (a draft), as the API would make it."""
    from satudata.config import get_settings

    runtime = Runtime(get_settings(data_dir=data_path, database_url=database_url))
    path = tmp_path / f"v{year}.csv"
    path.write_text(CSV.format(year=year, n=year - 1980), encoding="utf-8")
    ingest_file(runtime.sessions, runtime.settings, actor=PRODUCER, request=IngestRequest(
        path=path, organization="DINKES", dataset="jumlah-puskesmas"))  # fmt: skip
    runtime.engine.dispose()


def states(ready: Run) -> dict[int, str]:
    shown = as_json(ready("datasets", "show", "jumlah-puskesmas", "--json"))
    return {v["number"]: v["state"] for v in shown["versions"]}


def test_the_whole_review_from_the_shell(
    ready: Run, tmp_path: Path, data_path: Path, database_url: str
) -> None:  # fmt: skip
    first = tmp_path / "v1.csv"
    first.write_text(CSV.format(year=2023, n=40), encoding="utf-8")
    ok(ready("ingest", first, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))
    agency_upload(ready, tmp_path, data_path, database_url, 2024)
    assert states(ready) == {2: "draft", 1: "published"}

    result = ok(ready("review", "submit", "jumlah-puskesmas"))
    assert result.stderr == "jumlah-puskesmas v2: draf → diajukan\n"
    ok(ready("review", "take", "jumlah-puskesmas", "--version", "2"))
    ok(ready("review", "return", "jumlah-puskesmas", "--reason", "metadata=Satuan belum diisi"))
    assert states(ready) == {2: "returned", 1: "published"}
    result = failed(ready("review", "publish", "jumlah-puskesmas", "--version", "2"))
    assert result.stderr.startswith("Galat (invalid-state): Versi 2 dari 'jumlah-puskesmas'")

    agency_upload(ready, tmp_path, data_path, database_url, 2025)
    for step in ("submit", "take", "approve", "publish"):
        ok(ready("review", step, "jumlah-puskesmas", "--version", "3"))
    assert states(ready) == {3: "published", 2: "returned", 1: "superseded"}
    ok(ready("review", "republish", "jumlah-puskesmas", "--version", "1"))
    assert states(ready) == {3: "superseded", 2: "returned", 1: "published"}

    history = ok(ready("audit", "history", "jumlah-puskesmas")).stdout.splitlines()
    actions = [line.split()[2] for line in history]
    assert actions == [
        "dataset.created", "version.uploaded", "version.publish", "version.uploaded",
        "version.submit", "version.take", "version.return", "version.uploaded",
        "version.submit", "version.take", "version.approve", "version.publish",
        "version.republish",
    ]  # fmt: skip
    exported = list(csv.DictReader(io.StringIO(ok(ready("audit", "export", "--dataset",
                                                        "jumlah-puskesmas")).stdout)))  # fmt: skip
    assert len(exported) == len(actions)
    assert exported[6]["action"] == "version.return"
    assert '"note": "Satuan belum diisi"' in exported[6]["after"]
    assert (exported[3]["actor"], exported[4]["actor"]) == ("operator@dinkes", "system")
    listed = as_json(ready("audit", "list", "--action", "version.publish", "--json"))
    assert listed["count"] == 2


def propose_metadata(data_path: Path, database_url: str, **changes: object) -> None:
    """The agency's metadata change of its published dataset, as the API would make it."""
    from satudata.catalog.schema import DatasetUpdate
    from satudata.catalog.service import update_dataset
    from satudata.config import get_settings
    from satudata.db.session import session_scope

    runtime = Runtime(get_settings(data_dir=data_path, database_url=database_url))
    with session_scope(runtime.sessions) as session:
        update_dataset(session, actor=PRODUCER, slug="jumlah-puskesmas",
                       data=DatasetUpdate.model_validate(changes))  # fmt: skip
    runtime.engine.dispose()


def published(ready: Run, tmp_path: Path) -> None:
    first = tmp_path / "v1.csv"
    first.write_text(CSV.format(year=2023, n=40), encoding="utf-8")
    ok(ready("ingest", first, "--org", "DINKES", "--dataset", "jumlah-puskesmas"))


def test_metadata_approve_applies_the_pending_change_and_is_audited(
    ready: Run, tmp_path: Path, data_path: Path, database_url: str
) -> None:  # fmt: skip
    published(ready, tmp_path)
    propose_metadata(data_path, database_url, unit="unit", source="Dinkes Jatim 2024")
    shown = as_json(ready("datasets", "show", "jumlah-puskesmas", "--json"))
    assert shown["pending_changes"] == {"unit": "unit", "source": "Dinkes Jatim 2024"}
    assert shown["unit"] != "unit"

    result = ok(ready("review", "metadata", "approve", "jumlah-puskesmas"))
    assert result.stderr == "jumlah-puskesmas: perubahan metadata diterapkan (source, unit)\n"
    shown = as_json(ready("datasets", "show", "jumlah-puskesmas", "--json"))
    assert (shown["unit"], shown["source"], shown["pending_changes"]) == (
        "unit", "Dinkes Jatim 2024", {})  # fmt: skip
    events = as_json(ready("audit", "list", "--action", "dataset.change", "--json"))["data"]
    assert [(e["action"], e["actor"]) for e in events] == [
        ("dataset.change_approved", "system"),
        ("dataset.change_proposed", "operator@dinkes"),
    ]
    assert events[0]["after"] == {"unit": "unit", "source": "Dinkes Jatim 2024"}

    # Nothing is pending any more: a second approval is refused cleanly.
    result = failed(ready("review", "metadata", "approve", "jumlah-puskesmas"))
    assert result.stderr.startswith("Galat (no-pending-change):")


def test_metadata_refuse_keeps_the_metadata_and_records_the_reason(
    ready: Run, tmp_path: Path, data_path: Path, database_url: str
) -> None:  # fmt: skip
    published(ready, tmp_path)
    before = as_json(ready("datasets", "show", "jumlah-puskesmas", "--json"))["title"]
    propose_metadata(data_path, database_url, title="Judul yang keliru")

    failed(ready("review", "metadata", "refuse", "jumlah-puskesmas", "--reason", " "))
    refused = as_json(ready("review", "metadata", "refuse", "jumlah-puskesmas", "--reason",
                            "Judul tidak sesuai Daftar Data", "--json"))  # fmt: skip
    assert refused == {"dataset": "jumlah-puskesmas", "applied": {},
                       "refused": {"title": "Judul yang keliru"}}  # fmt: skip
    shown = as_json(ready("datasets", "show", "jumlah-puskesmas", "--json"))
    assert (shown["title"], shown["pending_changes"]) == (before, {})
    events = as_json(ready("audit", "list", "--action", "dataset.change_refused", "--json"))
    assert events["count"] == 1
    event = events["data"][0]
    assert (event["actor"], event["target"]) == ("system", "jumlah-puskesmas")
    assert event["before"] == {"title": "Judul yang keliru"}
    assert event["after"] == {"reason": "Judul tidak sesuai Daftar Data"}
