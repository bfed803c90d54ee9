"""The ingest pipeline: one function used by the CLI, the API and (later) connectors.

file → original kept → table found → schema inferred once (or checked) → typed Parquet
written to a work file → statistics → atomic rename → database commit. Any failure
leaves the previous state as it was; the rejection and its report are recorded.
"""

from __future__ import annotations

import contextlib
import shutil
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb
from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import publishes_on_upload, require_write
from satudata.catalog.schema import DatasetCreate, DatasetPublic
from satudata.catalog.service import (
    create_dataset,
    dataset_public,
    get_dataset_row,
    get_organization_row,
    make_current,
)
from satudata.config import Settings
from satudata.db.models import Dataset, Organization, SourceFile, Upload, Version
from satudata.db.session import session_scope
from satudata.errors import (
    ConflictError,
    IngestError,
    InvalidInputError,
    NotFoundError,
    invalid_input,
)
from satudata.ingest.checking import (
    DatasetState,
    check_rows,
    check_structure,
    context_for,
    load_dataset_state,
    rejection,
)
from satudata.ingest.layout import is_total_label
from satudata.ingest.memory import validation_memory
from satudata.ingest.refused import Merged, merge_refused
from satudata.ingest.reshape import reshape_long, wide_table_note
from satudata.ingest.source import RawSource, open_source
from satudata.ingest.typing import (
    CLUSTER_MIN_BYTES,
    native_type,
    sort_version,
    write_lenient_parquet,
    write_typed_parquet,
)
from satudata.lake.engine import connect
from satudata.lake.stats import column_stats
from satudata.lake.store import Lake, StoredFile, sha256_file, too_large
from satudata.reference import get_region_index
from satudata.tableschema.infer import infer_schema, profile_columns
from satudata.tableschema.model import TableSchema
from satudata.validate import Finding, Report

INFER_SAMPLE_ROWS = 20_000  # a streamed file's schema is guessed from its head


@dataclass
class IngestRequest:
    """What to ingest, into which dataset, and how."""

    path: Path
    organization: str
    dataset: str
    filename: str = ""
    sheet: str | None = None
    reshape: str | None = None  # "long" turns year columns into rows
    metadata: dict[str, Any] = field(default_factory=dict)  # used when the dataset is new
    progress: Callable[[str, float | None], None] | None = None  # (phase, percent)


@dataclass
class IngestResult:
    """The new version and the dataset it belongs to."""

    dataset: DatasetPublic
    version: int
    row_count: int
    table_schema: dict[str, Any]
    notes: dict[str, Any]
    upload_id: int = 0
    validation: dict[str, Any] = field(default_factory=dict)  # the report (warnings only)


def _region_code_share(samples: list[str]) -> float:
    index = get_region_index()
    values = [s for s in samples if s]
    return sum(index.get(s) is not None for s in values) / len(values) if values else 0.0


def _region_name_share(samples: list[str]) -> float:
    index = get_region_index()
    values = [s for s in samples[:200] if s and not s[:1].isdigit()]
    if not values:
        return 0.0
    hits = sum(index.match_name(s, suggest=False).status != "not_found" for s in values)
    return hits / len(values)


def infer_source_schema(
    con: duckdb.DuckDBPyConnection, source: RawSource, *, names: list[str] | None = None
) -> TableSchema:
    """Infer the Table Schema of a source from its values.

    A streamed file is inferred from its first rows; `names` re-infers only those columns
    from every row (for the columns whose later rows did not fit the first guess).
    """
    missing = ["", "-", "--", "—"]
    sample = None if source.has_row_numbers or names else INFER_SAMPLE_ROWS
    profiles = profile_columns(con, source.from_sql, names or source.names, missing,
                               sample_rows=sample)  # fmt: skip
    return infer_schema(
        profiles,
        {c.name: c.title for c in source.columns},
        region_codes=_region_code_share,
        region_names=_region_name_share,
        missing_values=missing,
    )


def _reinfer(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema,
             counts: dict[str, int]) -> TableSchema:  # fmt: skip
    """Re-infer the fields whose later rows did not fit, from all of their values."""
    names = [f.name for f in schema.fields if counts.get(f.name)]
    again = {f.name: f for f in infer_source_schema(con, source, names=names).fields}
    fields = [again[f.name].model_copy(update={"dimension": f.dimension})
              if f.name in again else f for f in schema.fields]  # fmt: skip
    return schema.model_copy(update={"fields": fields})


def _widen(schema: TableSchema, counts: dict[str, int]) -> TableSchema:
    """Turn fields whose values still do not fit into text (a last resort)."""
    fields = [
        f.model_copy(update={"type": "string", "format": "default", "decimal_char": None,
                             "group_char": None}) if counts.get(f.name) else f
        for f in schema.fields
    ]  # fmt: skip
    return schema.model_copy(update={"fields": fields})


def _cast_rejects(con: duckdb.DuckDBPyConnection, source: RawSource) -> int:
    """Count cells DuckDB's CSV reader could not parse as their column's type."""
    if source.typed_scan is None:
        return 0
    try:
        row = con.execute("SELECT count(*) FROM rejects WHERE error_type = 'CAST'").fetchone()
    except duckdb.Error:
        return 0
    return int(row[0]) if row else 0


def _native_without_rejects(con: duckdb.DuckDBPyConnection, source: RawSource,
                            schema: TableSchema) -> dict[str, str]:  # fmt: skip
    """Return the natively readable fields in which DuckDB's reader refused no cell."""
    if source.typed_scan is None:
        return {}
    try:
        refused = {str(r[0]) for r in con.execute(
            "SELECT DISTINCT column_name FROM rejects WHERE error_type = 'CAST'").fetchall()}  # fmt: skip
    except duckdb.Error:
        return {}
    raw = {c.name: f"c{c.index}" for c in source.columns}
    return {f.name: t for f in schema.fields
            if (t := native_type(f)) is not None and raw.get(f.name) not in refused}  # fmt: skip


def _clear_rejects(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # no table when nothing was scanned yet
        con.execute("DELETE FROM rejects")


def _structure_errors(con: duckdb.DuckDBPyConnection, source: RawSource) -> list[dict[str, Any]]:
    """Rows of a streamed CSV with the wrong number of fields (footnotes are set aside)."""
    if source.has_row_numbers:
        return []
    try:
        rows = con.execute(
            # One report per line: DuckDB may reject the last line twice, with two messages.
            "SELECT line, min(csv_line), min(error_message) FROM rejects "
            "WHERE error_type <> 'CAST' GROUP BY line ORDER BY line LIMIT 1000"
        ).fetchall()
    except duckdb.Error:
        return []
    errors = []
    for line, text, message in rows:
        fields = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
        if len(fields) <= 1 or is_total_label(fields[0]):
            reason = "footnote" if len(fields) <= 1 else "total"
            source.set_aside.append({"row": int(line), "reason": reason, "text": text[:200]})
            continue
        errors.append({
            "type": "row-shape", "row": int(line), "value": text[:200],
            "message": f"Baris {line}: jumlah kolom tidak sesuai dengan judul kolom ({message}).",
            "message_en": f"Row {line}: wrong number of fields ({message}).",
        })  # fmt: skip
    return errors


def _prepare_dataset(session: Session, actor: Actor, req: IngestRequest) -> Dataset:
    dataset = session.scalar(select(Dataset).where(Dataset.slug == req.dataset))
    org = get_organization_row(session, req.organization)
    require_write(actor, organization=org.code)
    if dataset is None:
        meta = {"title": req.dataset.replace("-", " ").capitalize(), **req.metadata}
        try:
            data = DatasetCreate(slug=req.dataset, organization=org.code, **meta)
        except ValidationError as exc:  # recorded as a rejected upload, like any bad input
            raise invalid_input(exc, cls=IngestError, type="invalid-metadata") from exc
        return create_dataset(session, actor=actor, data=data)
    if dataset.organization_id != org.id:
        raise ConflictError(
            f"Dataset '{req.dataset}' milik OPD lain ({dataset.organization.code}).",
            f"Dataset '{req.dataset}' belongs to another organization.",
            type="dataset-organization-mismatch",
        )
    return dataset


def _record_rejection(factory: sessionmaker[Session], stored: StoredFile | None, req: IngestRequest,
                      dataset_slug: str, error: IngestError) -> None:  # fmt: skip
    if stored is None:
        return
    with session_scope(factory) as session:
        source_file = _source_file_row(session, stored)
        dataset_id = session.scalar(select(Dataset.id).where(Dataset.slug == dataset_slug))
        org_id = session.scalar(select(Organization.id).where(
            Organization.code == req.organization))  # fmt: skip
        upload = Upload(dataset_id=dataset_id, organization_id=org_id, source_file=source_file,
                        filename=req.filename, sheet=req.sheet, status="rejected",
                        report=error.as_dict())  # fmt: skip
        session.add(upload)
        session.flush()
        error.details["upload_id"] = upload.id  # where the report and annotated copy are


def _source_file_row(session: Session, stored: StoredFile) -> SourceFile:
    row = session.scalar(select(SourceFile).where(SourceFile.sha256 == stored.sha256))
    if row is None:
        row = SourceFile(sha256=stored.sha256, size=stored.size, stored_path=stored.relative_path)
        session.add(row)
        session.flush()
    return row


def ingest_file(
    factory: sessionmaker[Session], settings: Settings, *, actor: Actor, request: IngestRequest
) -> IngestResult:
    """Turn a file into a new immutable version of a dataset, or raise IngestError."""
    req = request
    req.filename = req.filename or req.path.name
    if req.path.stat().st_size > settings.max_upload_bytes:
        raise too_large(req.filename, settings.max_upload_bytes)
    lake = Lake(settings.resolved_lake_dir)
    with session_scope(factory) as session:  # refused before anything is stored
        require_write(actor, organization=get_organization_row(session, req.organization).code)
    # The original is copied and synced to disk while the file is read and typed: that
    # is mostly waiting for the disk. Every way out below waits for it to be kept.
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="keep-original") as pool:
        kept = pool.submit(lake.keep_original, req.path)
        try:
            with session_scope(factory) as session:  # fail early on a wrong org or dataset
                _prepare_dataset(session, actor, req)
                session.rollback()
            return _ingest(factory, settings, lake, actor, req, kept.result)
        except IngestError as error:
            _record_rejection(factory, kept.result(), req, req.dataset, error)
            raise


@contextmanager
def _reporting(con: duckdb.DuckDBPyConnection, req: IngestRequest, phase: str) -> Iterator[None]:
    """Report a phase, and DuckDB's own progress of its query while it runs."""
    report = req.progress
    if report is None:
        yield
        return
    report(phase, None)
    done = threading.Event()

    def poll() -> None:
        while not done.wait(0.25):
            try:
                pct = con.query_progress()
            except duckdb.Error:
                return
            if pct is not None and pct >= 0:
                report(phase, float(pct))

    thread = threading.Thread(target=poll, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        report(phase, 100.0)


@dataclass
class Prepared:
    """A file read, typed and checked: everything but the commit."""

    schema: TableSchema
    typed: Path  # the typed Parquet work file (all its rows when the report is valid)
    rows: int
    report: Report
    notes: dict[str, Any]


def _ingest(factory: sessionmaker[Session], settings: Settings, lake: Lake, actor: Actor,
            req: IngestRequest, kept: Callable[[], StoredFile]) -> IngestResult:  # fmt: skip
    with _workspace(lake, settings) as (con, work):
        with session_scope(factory) as session:
            state = load_dataset_state(session, lake, req.dataset)
        prepared = _prepare(con, work, req, state, settings)
        if not prepared.report.valid:
            raise rejection(prepared.report, req.filename)
        notes = prepared.notes
        out = prepared.typed
        if req.path.stat().st_size >= CLUSTER_MIN_BYTES:
            out = sort_version(con, prepared.typed, work / "sorted.parquet", prepared.schema,
                               row_group_size=settings.row_group_size)  # fmt: skip
        stats = column_stats(con, out, prepared.schema)
        return _commit_version(factory, lake, actor, req, kept(), out, prepared, stats, notes)


def check_file(factory: sessionmaker[Session], settings: Settings, *, actor: Actor,
               request: IngestRequest) -> dict[str, Any]:  # fmt: skip
    """Validate a file against a dataset without creating a version ("periksa dulu").

    Return the report (see `validate.report`); a file that cannot be read at all gives
    a report with that one error. Nothing is stored.
    """
    req = request
    req.filename = req.filename or req.path.name
    if req.path.stat().st_size > settings.max_upload_bytes:
        raise too_large(req.filename, settings.max_upload_bytes)
    lake = Lake(settings.resolved_lake_dir)
    with session_scope(factory) as session:
        dataset = session.scalar(select(Dataset).where(Dataset.slug == req.dataset))
        if dataset is not None:
            owner = get_dataset_row(session, req.dataset, actor=actor).organization.code
            require_write(actor, organization=owner)  # agencies check their own files
        elif not req.organization:
            raise InvalidInputError(
                f"Dataset '{req.dataset}' belum ada: sebutkan OPD pemiliknya.",
                f"Dataset '{req.dataset}' does not exist yet: name its organization.",
                type="organization-required",
            )  # fmt: skip
        else:
            require_write(actor, organization=get_organization_row(session, req.organization).code)
        state = load_dataset_state(session, lake, req.dataset)
    with _workspace(lake, settings) as (con, work):
        try:
            prepared = _prepare(con, work, req, state, settings)
        except IngestError as error:  # the same keys as a full report, for API and CLI users
            return {**report_of_error(error), "table_schema": None, "row_count": None,
                    "notes": {}}  # fmt: skip
        data = prepared.report.as_dict()
        data["table_schema"] = prepared.schema.to_descriptor()
        data["row_count"] = prepared.rows
        data["notes"] = prepared.notes
        return data


def report_of_error(error: IngestError) -> dict[str, Any]:
    """Return a report for a file refused before its rows could be checked."""
    if "by_type" in error.details:
        return dict(error.details)
    report = Report()
    entries = error.details.get("errors") or [{}]
    for entry in entries:
        report.add(Finding(type=entry.get("type", error.type), row=entry.get("row"),
                           value=entry.get("value"),
                           message=entry.get("message", error.message_id),
                           message_en=entry.get("message_en", error.message_en)))  # fmt: skip
    return report.as_dict()


@contextmanager
def _workspace(lake: Lake, settings: Settings) -> Iterator[tuple[duckdb.DuckDBPyConnection, Path]]:
    """Yield a DuckDB connection and a work folder, both gone afterwards."""
    work = lake.temp_path(".work")
    work.mkdir()
    con = connect(memory_limit=settings.query_memory_limit, threads=settings.query_threads,
                  temp_dir=work / "spill")  # fmt: skip
    try:
        yield con, work
    finally:
        con.close()
        shutil.rmtree(work, ignore_errors=True)


def _prepare(con: duckdb.DuckDBPyConnection, work: Path, req: IngestRequest,
             state: DatasetState, settings: Settings) -> Prepared:  # fmt: skip
    """Read, type and check a file; raise IngestError when it cannot be read at all."""
    if state.schema is None and not state.region_level:  # a new dataset: its metadata to be
        state.region_level = str(req.metadata.get("region_level") or "")
    source = open_source(con, req.path, filename=req.filename, sheet=req.sheet, work_dir=work)
    notes: dict[str, Any] = {"kind": source.kind, "sheet": source.sheet,
                             "notes": list(source.notes)}  # fmt: skip
    wide = wide_table_note(source)
    if req.reshape == "long":
        source = reshape_long(source)
        notes["notes"] = list(source.notes)  # says which year columns became rows
    elif wide:
        notes["notes"].append(wide)
    first = state.schema is None
    if state.schema is None:
        with _reporting(con, req, "infer"):
            schema = infer_source_schema(con, source)
    else:
        schema = state.schema
        ctx = context_for(con, source, schema, state, req.filename)
        if source.names != schema.field_names:  # the drift check proposes inferred types
            ctx.extra["inferred"] = infer_source_schema(con, source)
        drift = check_structure(ctx, state)
        if not drift.valid:
            raise rejection(drift, req.filename)
    out = work / "version.parquet"
    size = req.path.stat().st_size
    with validation_memory(con, settings.query_memory_limit, size):
        written = _write(con, source, schema, out, req, settings, notes, first=first)
    schema, rows, bad = written.schema, written.rows, written.bad
    structure = _structure_errors(con, source)
    if structure:
        raise IngestError(
            f"{len(structure)} baris di '{req.filename}' memiliki jumlah kolom yang salah. "
            f"Contoh: {structure[0]['message']}",
            f"{len(structure)} rows of '{req.filename}' have a wrong number of fields.",
            type="row-shape-errors", details={"errors": structure},
        )  # fmt: skip
    if rows == 0:
        raise IngestError(
            f"Berkas '{req.filename}' tidak memuat baris data.",
            f"The file '{req.filename}' has no data rows.", type="no-data-rows",
            details={"columns": source.names},
        )  # fmt: skip
    notes["set_aside"] = source.set_aside
    ctx = context_for(con, source, schema, state, req.filename)
    with _reporting(con, req, "check"), validation_memory(con, settings.query_memory_limit, size):
        report = check_rows(ctx, source, out, state, has_bad_cells=bool(bad), report=Report(),
                            merged=written.merged)  # fmt: skip
    notes["validation"] = {"error_count": report.total("error"),
                           "warning_count": report.total("warning")}  # fmt: skip
    return Prepared(schema=schema, typed=out, rows=rows, report=report, notes=notes)


@dataclass
class Written:
    """The typed work file: the schema used, its rows, and the misfits per field."""

    schema: TableSchema
    rows: int
    bad: dict[str, int]
    merged: Merged | None = None  # the refused lines put back, when the file lacks them


def _write(con: duckdb.DuckDBPyConnection, source: RawSource, schema: TableSchema, out: Path,
           req: IngestRequest, settings: Settings, notes: dict[str, Any], *,
           first: bool) -> Written:  # fmt: skip
    """Write the typed file; return the schema used, the row count and misfits per field.

    A first streamed file whose later rows do not fit the guess from its head gets those
    columns inferred again from all their values, and only if that fails too, text. Any
    other misfit is listed (for the type-error check), so that every other check still
    sees the rest of the file: from the few lines DuckDB's reader refused when they can
    be put back in place (`ingest.refused`), else by writing the whole file leniently.
    """
    size = settings.row_group_size
    for attempt in range(3):
        strict: int | None = None  # the rows written strictly, when the write went through
        try:
            with _reporting(con, req, "write"):
                strict = write_typed_parquet(con, source, schema, out, row_group_size=size)
            if not _cast_rejects(con, source):
                return Written(schema, strict, {})
        except duckdb.Error as exc:
            if "satudata:type-error" not in str(exc):
                raise IngestError(
                    f"Berkas '{req.filename}' tidak dapat dibaca: {str(exc)[:300]}",
                    f"The file '{req.filename}' could not be read: {str(exc)[:300]}",
                    type="unreadable-file",
                ) from exc
        native = _native_without_rejects(con, source, schema)
        merged = None
        if strict is not None:
            merged = merge_refused(con, source, schema, out, strict, native, out.parent)
        if merged is not None:
            # The refused lines are typed: their misfits listed, the rows merged for the
            # checks. The reader's casts are dealt with; its refusals of shape stay.
            con.execute("DELETE FROM rejects WHERE error_type = 'CAST'")
            rows, bad = merged.rows, merged.bad
        else:
            # Some value did not fit (or DuckDB's reader refused a row that is no error: a
            # footnote in a number column, " - " as missing) and the refused lines could
            # not be put back by position. Write every row again, misfits listed beside
            # it, so that no row is lost and every check still runs. Columns whose cells
            # all parsed are read natively again; if the reader still refuses a row,
            # every column is read from text.
            _clear_rejects(con)
            with _reporting(con, req, "write"):
                rows, bad = write_lenient_parquet(con, source, schema, out, row_group_size=size,
                                                  native=native)  # fmt: skip
            if native and _cast_rejects(con, source):
                _clear_rejects(con)
                with _reporting(con, req, "write"):
                    rows, bad = write_lenient_parquet(con, source, schema, out,
                                                      row_group_size=size)  # fmt: skip
        if not bad:  # only set-aside rows or missing values were refused: the version, as text
            with _reporting(con, req, "write"):
                rows = write_typed_parquet(con, source, schema, out, native_scan=False,
                                           row_group_size=size)  # fmt: skip
            return Written(schema, rows, {})
        if first and attempt < 2 and not source.has_row_numbers:
            schema = _reinfer(con, source, schema, bad) if attempt == 0 else _widen(schema, bad)
            notes["notes"].append({"type": "reinferred" if attempt == 0 else "widened",
                                   "fields": sorted(bad)})  # fmt: skip
            continue
        return Written(schema, rows, bad, merged)
    raise AssertionError("unreachable: the third attempt returns")


def _commit_version(factory: sessionmaker[Session], lake: Lake, actor: Actor, req: IngestRequest,
                    stored: StoredFile, out: Path, prepared: Prepared,
                    stats: dict[str, Any], notes: dict[str, Any]) -> IngestResult:  # fmt: skip
    schema, rows = prepared.schema, prepared.rows
    report = prepared.report.as_dict()
    content_hash = sha256_file(out)
    byte_size = out.stat().st_size
    relative: str | None = None
    try:
        with session_scope(factory) as session:
            dataset = _prepare_dataset(session, actor, req)
            if dataset.table_schema is None:
                dataset.table_schema = schema.to_descriptor()
            number = 1 + max((v.number for v in dataset.versions), default=0)
            relative = lake.publish_version(out, dataset.id, number)
            version = Version(
                dataset=dataset, number=number, parquet_path=relative, content_hash=content_hash,
                row_count=rows, byte_size=byte_size, table_schema=schema.to_descriptor(),
                column_stats=stats, ingest_notes=notes, validation=report,
                warning_count=report["warning_count"],
                source_file=_source_file_row(session, stored), source_filename=req.filename,
                state="draft", uploaded_by_id=actor.user_id,
            )  # fmt: skip
            session.add(version)
            session.flush()
            where: dict[str, Any] = {
                "target": f"{dataset.slug}@v{number}",
                "organization_id": dataset.organization_id,
                "dataset_id": dataset.id,
                "version_id": version.id,
            }
            record(session, actor, "version.uploaded", **where,
                   after={"rows": rows, "file": req.filename, "sha256": stored.sha256,
                          "warnings": report["warning_count"]})  # fmt: skip
            if publishes_on_upload(actor):
                # An administrator's upload (the server's shell, the demo loader) is
                # published at once, and the log says so; an agency's is a draft for review.
                make_current(dataset, version)
                record(session, actor, "version.publish", **where,
                       before={"state": "draft"}, after={"state": "published", "direct": True})  # fmt: skip
            upload = Upload(dataset_id=dataset.id, organization_id=dataset.organization_id,
                            source_file_id=version.source_file_id,
                            filename=req.filename, sheet=req.sheet, status="accepted",
                            version_id=version.id, report=notes)  # fmt: skip
            session.add(upload)
            session.flush()
            public = dataset_public(dataset, actor=actor)
    except BaseException:
        if relative is not None:
            lake.remove(relative)  # the database never saw it: no half version stays
        raise
    return IngestResult(dataset=public, version=number, row_count=rows,
                        table_schema=schema.to_descriptor(), notes=notes,
                        upload_id=upload.id, validation=report)  # fmt: skip


__all__ = ["IngestRequest", "IngestResult", "NotFoundError", "check_file", "ingest_file"]
