"""Benchmark our validation (the dry run `check_file`) against frictionless-py.

    .venv/bin/python bench/validate.py [--rows 1000000] [--runs 3] [--json out.json]
    .venv/bin/python bench/validate.py --big-rows 5000000   # also: peak RSS at 5M rows

Both tools validate the same generated CSV (bench/jatim_csv.py's East Java kecamatan ×
month × commodity rows) into which errors of known kinds are planted deterministically,
about --error-rate of the rows, one error per row: unknown and badly written kode
wilayah, a wrong kecamatan name, negative luas, bulan 13-24, an unknown komoditas, a
repeated key, an empty required cell and a bad number. Both get the equivalent Table
Schema: required, enum, minimum/maximum, pattern, a primary key and, for frictionless,
a foreign key from kode_wilayah to the East Java kecamatan list (ours: the region-code
check against the Kemendagri reference, with the dataset presented per kecamatan).
The bench counts what each tool found per rule and checks it against what was planted,
row by row. Each timing is the median of --runs runs. Nothing here is an assertion: the
targets are printed as PASS/FAIL for a human to read (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb
from jatim_csv import (
    COMMODITIES,
    VERSION,
    _hash,
    _sql_list,
    cached_csv,
    count_rows,
    districts,
    head_csv,
    rows_sql,
    write_csv,
)
from sqlalchemy import select

from ingest import (  # bench/ is on sys.path when run
    fmt_runs,
    fresh_library,
    frictionless_schema,
    log,
    machine,
    mb,
    others_cpu,
    summary,
    verdict,
)
from satudata.auth import SYSTEM
from satudata.catalog.service import set_table_schema
from satudata.config import Settings
from satudata.db import session_scope
from satudata.db.models import Dataset
from satudata.ingest import inference, prepare, typed_write
from satudata.ingest import service as ingest_service
from satudata.ingest.service import IngestRequest, check_file, ingest_file
from satudata.reference import get_region_index
from satudata.validate.registry import available_checks
from satudata.validate.report import Report

TARGET_FRICTIONLESS_RATIO = 25.0  # frictionless time / ours, at least (1M rows)
TARGET_BIG_RSS_MB = 512.0  # peak RSS of our dry run on the big file, at most (MiB)
MIN_CHECKS = 8  # our checks that must find work to do (run a query or report)
FRICTIONLESS_MAX_FULL_SECONDS = 150.0
FRICTIONLESS_LIMIT_ERRORS = 10**9  # its default (1000) would stop the run early
HEAD_ROWS = 10_000  # the clean head the dataset is created from; no errors planted there
ERRORS_VERSION = 2  # bump when the planted errors change, so stale files are not reused
DATASET = "telaah-jatim"
PRIMARY_KEY = ["kode_wilayah", "tahun", "bulan", "komoditas"]
KODE_PATTERN = r"\d{2}\.\d{2}\.\d{2}"

# The planted kinds: (name, what the row gets). One kind per planted row.
KINDS: list[tuple[str, str]] = [
    ("unknown_code", "kode wilayah of no region: province 39 ('39.07.01')"),
    ("code_format", "kode wilayah without dots ('350701'): pattern and reference both fail"),
    ("wrong_name", "nama_wilayah of another kecamatan beside a valid code"),
    ("negative_luas", "luas_panen_ha negative"),
    ("bulan_13", "bulan + 12 (13-24)"),
    ("unknown_komoditas", "komoditas in capitals ('JAGUNG'): not in the enum"),
    ("duplicate_key", "komoditas of the row before: the primary key repeats that row's"),
    ("empty_required", "komoditas empty (a required cell of the key)"),
    ("bad_number", "produksi_ton '3995.18.5': not a number"),
]
KIND_NAMES = [k for k, _ in KINDS]

# Rules both tools check, as (rule, our check, frictionless error, planted kinds ours should
# report under it, planted kinds frictionless should report under it, note). A kind
# listed for one tool only is a difference of rules, not a bug of either.
RULES: list[tuple[str, str, str, list[str], list[str], str]] = [
    ("type (number)", "type-error", "type-error", ["bad_number"], ["bad_number"], ""),
    (
        "required",
        "required-value",
        "constraint-error required",
        ["empty_required"],
        ["empty_required"],
        "",
    ),
    (
        "enum",
        "enum-value",
        "constraint-error enum",
        ["unknown_komoditas"],
        ["unknown_komoditas"],
        "",
    ),
    (
        "minimum / maximum",
        "value-range",
        "constraint-error minimum/maximum",
        ["negative_luas", "bulan_13"],
        ["negative_luas", "bulan_13"],
        "",
    ),
    ("pattern", "value-pattern", "constraint-error pattern", ["code_format"], ["code_format"], ""),
    (
        "primary key repeated",
        "primary-key (repeat)",
        "primary-key",
        ["duplicate_key"],
        ["duplicate_key"],
        "",
    ),
    (
        "primary key part empty",
        "primary-key (empty part)",
        "–",
        [],
        [],
        "ours: reported once, under required-value; frictionless flags a key only when "
        "all its cells are empty",
    ),
    (
        "kode wilayah foreign key",
        "region-code",
        "foreign-key",
        ["unknown_code", "code_format"],
        ["unknown_code", "code_format"],
        "",
    ),
    (
        "region name beside code",
        "region-name",
        "–",
        ["wrong_name"],
        [],
        "no frictionless rule: the schema has no name reference",
    ),
]
# Phases of check_file, timed by wrapping these names in the modules that call them.
PHASE_MODULES = [ingest_service, prepare, typed_write, inference]
PHASES = [
    "load_dataset_state",
    "open_source",
    "infer_source_schema",  # for the schema-drift check of a later upload
    "check_structure",
    "write_typed_parquet",
    "cast_rejects",
    "merge_refused",  # the refused lines typed alone and put back (ingest.refused)
    "write_lenient_parquet",  # the whole file again, when they cannot be put back
    "structure_errors",
    "check_rows",
]


# --- data: the planted file, the clean head, the reference list -------------------------


def _h(expr: str, salt: int) -> str:
    """A deterministic pseudo-random integer of `expr`, below 2**32.

    jatim_csv._hash is affine in the index, so its multiples come at a fixed spacing;
    squaring it modulo the same prime breaks that pattern.
    """
    affine = _hash(salt).replace("(i +", f"(({expr}) +", 1)
    return f"CAST(CAST({affine} AS HUGEINT) * {affine} % 4294967291 AS BIGINT)"


def _wrong_names() -> list[str]:
    """For each kecamatan (in row order) the name of another one that does not fit its code."""
    index = get_region_index()
    found = districts()
    out = []
    for d, (code, _) in enumerate(found):
        for step in range(7, 7 + len(found)):
            name = found[(d + step) % len(found)][1]
            match = index.match_name(name, suggest=False)
            fits = (match.region is not None and match.region.code == code) or any(
                c.code == code for c in match.candidates
            )
            if not fits:
                out.append(name)
                break
    return out


def planted_sql(rows: int, rate: float) -> tuple[str, str]:
    """Return (SELECT of the CSV's rows with errors planted, SELECT of the planted (i, kind))."""
    period = max(2, round(1 / rate))
    n_com, n_dist, n_kinds = len(COMMODITIES), len(districts()), len(KINDS)
    raw = f"({_h('i', 7)} % {period} = 0)"
    raw_before = f"({_h('i - 1', 7)} % {period} = 0)"
    dup, empty = KIND_NAMES.index("duplicate_key"), KIND_NAMES.index("empty_required")
    # Never two planted rows in a row, so a repeated key copies a clean row; a repeat needs
    # a row before it of the same kecamatan and month (not the first commodity).
    kind = (
        f"CASE WHEN {_h('i', 8)} % {n_kinds} = {dup} AND i % {n_com} = 0 THEN {empty} "
        f"ELSE {_h('i', 8)} % {n_kinds} END"
    )
    marked = (
        f"SELECT *, CASE WHEN i >= {HEAD_ROWS} AND {raw} AND NOT {raw_before} THEN {kind} "
        f"END AS k FROM ({rows_sql(rows)})"
    )
    wrong = _sql_list(_wrong_names())
    district = f"(i // {n_com}) % {n_dist} + 1"
    k = {name: i for i, name in enumerate(KIND_NAMES)}
    text = "CAST({} AS VARCHAR)".format
    data = f"""
        SELECT
          CASE k WHEN {k["unknown_code"]} THEN '39' || kode_wilayah[3:]
                 WHEN {k["code_format"]} THEN replace(kode_wilayah, '.', '')
                 ELSE kode_wilayah END AS kode_wilayah,
          CASE WHEN k = {k["wrong_name"]} THEN {wrong}[{district}]
               ELSE nama_wilayah END AS nama_wilayah,
          tahun,
          CASE WHEN k = {k["bulan_13"]} THEN bulan + 12 ELSE bulan END AS bulan,
          CASE k WHEN {k["unknown_komoditas"]} THEN upper(komoditas)
                 WHEN {k["duplicate_key"]} THEN {_sql_list(COMMODITIES)}[(i - 1) % {n_com} + 1]
                 WHEN {k["empty_required"]} THEN NULL
                 ELSE komoditas END AS komoditas,
          CASE WHEN k = {k["negative_luas"]} THEN -luas_panen_ha
               ELSE luas_panen_ha END AS luas_panen_ha,
          CASE WHEN k = {k["bad_number"]} THEN {text("produksi_ton")} || '.5'
               ELSE {text("produksi_ton")} END AS produksi_ton,
          jumlah_petani, jumlah_kelompok_tani, jumlah_penyuluh
        FROM ({marked})
    """
    return data, f"SELECT i, k FROM ({marked}) WHERE k IS NOT NULL ORDER BY i"


def planted_csv(cache: Path, rows: int, rate: float) -> tuple[Path, list[tuple[int, str]]]:
    """Return the cached CSV with planted errors, and the planted (CSV line, kind) pairs."""
    cache.mkdir(parents=True, exist_ok=True)
    stem = f"jatim-v{VERSION}-errors-v{ERRORS_VERSION}-{rows}-{rate:g}"
    path, listing = cache / f"{stem}.csv", cache / f"{stem}.planted.json"
    if not path.exists():
        started = time.perf_counter()
        write_csv(path, planted_sql(rows, rate)[0])
        log(
            f"generated {path} ({mb(path.stat().st_size):.0f} MB) in "
            f"{time.perf_counter() - started:.1f} s"
        )
    if not listing.exists():
        con = duckdb.connect(":memory:", config={"threads": 2})
        try:
            found = con.execute(planted_sql(rows, rate)[1]).fetchall()
        finally:
            con.close()
        # Line 1 is the header, so row i is on line i + 2 (how both tools number rows).
        listing.write_text(json.dumps([[int(i) + 2, KIND_NAMES[int(k)]] for i, k in found]))
    return path, [(int(r), str(k)) for r, k in json.loads(listing.read_text())]


def reference_csv(cache: Path) -> Path:
    """Write the East Java kecamatan codes and names (the dataset's level) for frictionless."""
    path = cache / "wilayah-jatim-kecamatan.csv"
    if not path.exists():
        regions = [r for r in get_region_index() if r.level == "district"]
        with path.open("w", newline="", encoding="utf-8") as fh:
            writer = csv.writer(fh)
            writer.writerow(["kode", "nama"])
            writer.writerows([r.code, r.name] for r in regions)
    return path


# --- the schema --------------------------------------------------------------------------


def constrained_schema(inferred: dict[str, Any]) -> dict[str, Any]:
    """Return our inferred schema with the constraints and primary key of the bench."""
    constraints: dict[str, dict[str, Any]] = {
        "kode_wilayah": {"required": True, "pattern": KODE_PATTERN},
        "tahun": {"required": True},
        "bulan": {"required": True, "minimum": 1, "maximum": 12},
        "komoditas": {"required": True, "enum": list(COMMODITIES)},
        "luas_panen_ha": {"minimum": 0},
        "produksi_ton": {"minimum": 0},
    }
    descriptor = json.loads(json.dumps(inferred))
    for f in descriptor["fields"]:
        f["constraints"] = {**f.get("constraints", {}), **constraints.get(f["name"], {})}
    descriptor["primaryKey"] = list(PRIMARY_KEY)
    return descriptor


def frictionless_descriptor(ours: dict[str, Any]) -> dict[str, Any]:
    """Return the equivalent frictionless schema: ours, the primary key and the foreign key."""
    schema = frictionless_schema(ours)
    schema["primaryKey"] = list(PRIMARY_KEY)
    schema["foreignKeys"] = [
        {"fields": ["kode_wilayah"], "reference": {"resource": "wilayah", "fields": ["kode"]}}
    ]
    return schema


# --- ours: the dry run ---------------------------------------------------------------------


@contextlib.contextmanager
def phase_timer() -> Iterator[dict[str, Any]]:
    """Time check_file's phases, each check, and the report (wrapped names, restored after)."""
    times: dict[str, float] = {}
    calls: Counter[str] = Counter()
    checks: dict[str, float] = {}
    active: list[str] = []
    saved: dict[tuple[Any, str], Any] = {}

    current: list[str] = []  # the phases running now, innermost last (for RssSampler)

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            current.append(name)
            try:
                return fn(*args, **kwargs)
            finally:
                current.pop()
                times[name] = times.get(name, 0.0) + time.perf_counter() - started
                calls[name] += 1

        return timed

    def wrap_check(cls: Any, run: Callable[..., Any]) -> Callable[..., Any]:
        # The runner consumes each item (runs its queries) before asking for the next,
        # so the time from the first call to the end is the check's whole cost.
        def timed(self: Any, ctx: Any, params: Any) -> Iterator[Any]:
            started = time.perf_counter()
            current.append(f"check {cls.type}")
            try:
                for n, item in enumerate(run(self, ctx, params)):
                    if n == 0 and ctx.has_table:
                        active.append(cls.type)
                    yield item
            finally:
                current.pop()
                checks[cls.type] = checks.get(cls.type, 0.0) + time.perf_counter() - started

        return timed

    for module in PHASE_MODULES:
        for name in PHASES:
            if hasattr(module, name):  # renamed or gone in this version
                saved[(module, name)] = getattr(module, name)
                setattr(module, name, wrap(name, saved[(module, name)]))
    as_dict = Report.as_dict
    Report.as_dict = wrap("report", as_dict)  # type: ignore[method-assign]
    classes = list(available_checks().values())
    runs = {cls: cls.run for cls in classes}
    for cls in classes:
        cls.run = wrap_check(cls, cls.run)  # type: ignore[method-assign]
    out: dict[str, Any] = {
        "phases": times,
        "calls": calls,
        "checks": checks,
        "active": active,
        "current": current,
    }
    try:
        yield out
    finally:
        Report.as_dict = as_dict  # type: ignore[method-assign]
        for cls, run in runs.items():
            cls.run = run  # type: ignore[method-assign]
        for (module, name), fn in saved.items():
            setattr(module, name, fn)


@contextlib.contextmanager
def our_dataset(head: Path, work_root: Path, **overrides: Any) -> Iterator[tuple[Any, Settings]]:
    """Yield a library whose dataset was created from `head`, with the bench's schema."""
    data_dir = Path(tempfile.mkdtemp(prefix="ours-", dir=work_root))
    try:
        with fresh_library(data_dir, **overrides) as (factory, settings):
            request = IngestRequest(
                path=head,
                organization="BPS",
                dataset=DATASET,
                metadata={"region_level": "kecamatan"},
            )
            result = ingest_file(factory, settings, actor=SYSTEM, request=request)
            with session_scope(factory) as s:
                set_table_schema(
                    s,
                    actor=SYSTEM,
                    slug=DATASET,
                    descriptor=constrained_schema(result.table_schema),
                )
            yield factory, settings
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


class RssSampler:
    """Sample this process' RSS every few milliseconds; keep the peak per running phase."""

    def __init__(self, current: list[str], every: float = 0.02) -> None:
        self.current, self.every = current, every
        self.peaks: dict[str, float] = {}
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.page_mb = os.sysconf("SC_PAGE_SIZE") / 1024 / 1024

    def _run(self) -> None:
        while not self.done.wait(self.every):
            try:
                pages = int(Path("/proc/self/statm").read_text().split()[1])
            except (OSError, ValueError, IndexError):
                return
            phase = self.current[-1] if self.current else "(between phases)"
            self.peaks[phase] = max(self.peaks.get(phase, 0.0), pages * self.page_mb)

    def __enter__(self) -> RssSampler:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.done.set()
        self.thread.join()


def ours_once(
    factory: Any, settings: Settings, csv_path: Path, *, sample_rss: bool = False
) -> dict[str, Any]:
    """Dry-run `csv_path` against the dataset: seconds, the report, and the phase times."""
    request = IngestRequest(path=csv_path, organization="BPS", dataset=DATASET)
    with phase_timer() as timing:
        sampler = RssSampler(timing["current"]) if sample_rss else None
        with sampler or contextlib.nullcontext():
            started = time.perf_counter()
            report = check_file(factory, settings, actor=SYSTEM, request=request)
            seconds = time.perf_counter() - started
    timing.pop("current")
    rss = dict(sorted(sampler.peaks.items(), key=lambda kv: -kv[1])) if sampler else {}
    return {
        "seconds": seconds,
        "report": report,
        **timing,
        "calls": dict(timing["calls"]),
        "rss_by_phase": rss,
    }


# --- frictionless --------------------------------------------------------------------------


def frictionless_once(csv_path: Path, ref: Path, schema: dict[str, Any]) -> dict[str, Any]:
    """Validate the data and reference as a package, so the foreign key is checked."""
    import frictionless

    # Frictionless refuses absolute paths as unsafe: give it names and a base path.
    started = time.perf_counter()
    data = frictionless.Resource(
        name="data", path=csv_path.name, schema=frictionless.Schema.from_descriptor(schema)
    )
    wilayah = frictionless.Resource(
        name="wilayah",
        path=ref.name,
        schema=frictionless.Schema.from_descriptor(
            {
                "fields": [{"name": "kode", "type": "string"}, {"name": "nama", "type": "string"}],
                "primaryKey": ["kode"],
            }
        ),
    )
    package = frictionless.Package(resources=[data, wilayah], basepath=str(csv_path.parent))
    report = package.validate(name="data", limit_errors=FRICTIONLESS_LIMIT_ERRORS)
    seconds = time.perf_counter() - started
    task = next(t for t in report.tasks if t.name == "data")
    errors = [
        {
            "type": e.type,
            "row": getattr(e, "row_number", None),
            "field": getattr(e, "field_name", None),
            "note": e.note,
        }
        for e in task.errors
    ]
    if report.errors:  # package-level errors: the descriptor itself was refused
        errors += [
            {"type": e.type, "row": None, "field": None, "note": e.note} for e in report.errors
        ]
    return {"seconds": seconds, "rows": int(task.stats.get("rows") or 0), "errors": errors}


# --- what each tool found, against what was planted ----------------------------------------

_CONSTRAINT = re.compile(r'constraint "(\w+)"')


def _ours_rule(entry: dict[str, Any]) -> str:
    """Return the rule of one of our report entries (see RULES)."""
    t = entry["type"]
    if t == "primary-key":
        return "primary key part empty" if entry.get("field") else "primary key repeated"
    by_check = {r[1]: r[0] for r in RULES}
    return by_check.get(t, f"other: {t}")


def _fl_rule(error: dict[str, Any]) -> str:
    """Return the rule of one frictionless error (see RULES)."""
    t = error["type"]
    if t == "constraint-error":
        found = _CONSTRAINT.search(error.get("note") or "")
        name = found.group(1) if found else "?"
        return {
            "required": "required",
            "enum": "enum",
            "minimum": "minimum / maximum",
            "maximum": "minimum / maximum",
            "pattern": "pattern",
        }.get(name, f"other: constraint {name}")
    return {
        "type-error": "type (number)",
        "primary-key": "primary key repeated",
        "foreign-key": "kode wilayah foreign key",
    }.get(t, f"other: {t}")


def expected_ours(planted: list[tuple[int, str]]) -> int:
    """Return how many errors our report should hold for these planted rows (see RULES)."""
    return sum(sum(1 for rule in RULES if kind in rule[3]) for _, kind in planted)


def compare(
    planted: list[tuple[int, str]], ours: dict[str, Any], fl: dict[str, Any], fl_rows: int
) -> dict[str, Any]:
    """Count per rule what was planted and what each tool found, and where."""
    by_kind: dict[str, set[int]] = {k: set() for k in KIND_NAMES}
    for row, kind in planted:
        by_kind[kind].add(row)
    last_fl_row = fl_rows + 1  # a head sample when frictionless was extrapolated
    ours_found: dict[str, list[int | None]] = {}
    for e in ours["errors"]:
        ours_found.setdefault(_ours_rule(e), []).append(e["row"])
    fl_found: dict[str, list[int | None]] = {}
    for e in fl["errors"]:
        fl_found.setdefault(_fl_rule(e), []).append(e["row"])
    table = []
    for rule, our_check, fl_error, our_kinds, fl_kinds, note in RULES:
        want_ours = set().union(*(by_kind[k] for k in our_kinds)) if our_kinds else set()
        want_fl = {r for k in fl_kinds for r in by_kind[k] if r <= last_fl_row}
        got_ours, got_fl = ours_found.pop(rule, []), fl_found.pop(rule, [])
        table.append(
            {
                "rule": rule,
                "ours_check": our_check,
                "frictionless_error": fl_error,
                "planted_ours": len(want_ours),
                "planted_frictionless": len(want_fl),
                "ours": len(got_ours),
                "frictionless": len(got_fl),
                "ours_rows_match": sorted(r for r in got_ours if r is not None)
                == sorted(want_ours),
                "frictionless_rows_match": sorted(r for r in got_fl if r is not None)
                == sorted(want_fl),
                "note": note,
            }
        )
    for rule, rows in sorted(ours_found.items()):
        table.append(
            {
                "rule": rule,
                "ours_check": rule,
                "frictionless_error": "",
                "ours": len(rows),
                "frictionless": 0,
                "planted_ours": 0,
                "planted_frictionless": 0,
                "ours_rows_match": False,
                "frictionless_rows_match": True,
                "note": "not planted: unexpected",
            }
        )
    for rule, rows in sorted(fl_found.items()):
        table.append(
            {
                "rule": rule,
                "ours_check": "",
                "frictionless_error": rule,
                "ours": 0,
                "frictionless": len(rows),
                "planted_ours": 0,
                "planted_frictionless": 0,
                "ours_rows_match": True,
                "frictionless_rows_match": False,
                "note": "not planted: unexpected",
            }
        )
    unlocated = sum(1 for e in ours["errors"] if e["row"] is None)
    listed_all = ours["error_count"] == len(ours["errors"])
    return {
        "rules": table,
        "planted": {k: len(v) for k, v in by_kind.items()},
        "ours_unlocated_errors": unlocated,
        "ours_listed_all": listed_all,
        "ours_all_located": unlocated == 0
        and listed_all
        and all(r["ours_rows_match"] for r in table),
        "frictionless_all_located": all(r["frictionless_rows_match"] for r in table),
    }


# --- runs and medians ----------------------------------------------------------------------


def bench_main(
    csv_path: Path,
    head: Path,
    ref: Path,
    rows: int,
    args: argparse.Namespace,
    work_root: Path,
    planted: list[tuple[int, str]],
) -> dict[str, Any]:
    """Run both contenders round by round, so a busy spell hits them alike."""
    out: dict[str, Any] = {}
    with our_dataset(head, work_root) as (factory, settings):
        with session_scope(factory) as s:
            stored = s.scalar(select(Dataset).where(Dataset.slug == DATASET))
            assert stored is not None and stored.table_schema is not None
            schema = dict(stored.table_schema)
            out["region_level"] = stored.region_level
        fl_schema = frictionless_descriptor(schema)
        out["schema"], out["frictionless_schema"] = schema, fl_schema
        log("warm-up dry run (not counted) ...")
        ours_once(factory, settings, csv_path)
        sample = head_csv(csv_path, min(args.frictionless_rows, rows))
        sample_n = count_rows(sample)
        calib = frictionless_once(sample, ref, fl_schema)  # not counted
        predicted = calib["seconds"] * rows / sample_n
        full = predicted <= FRICTIONLESS_MAX_FULL_SECONDS
        fl_path, fl_rows = (csv_path, rows) if full else (sample, sample_n)
        log(
            f"frictionless: {sample_n} rows in {calib['seconds']:.1f} s -> full run predicted "
            f"{predicted:.0f} s; running {'the full file' if full else 'the sample'}"
        )
        ours_runs: list[dict[str, Any]] = []
        fl_runs: list[dict[str, Any]] = []
        shares: dict[str, list[float]] = {"ours": [], "frictionless": []}
        for i in range(args.runs):
            with others_cpu() as cpu:
                r = ours_once(factory, settings, csv_path)
            ours_runs.append(r)
            shares["ours"].append(cpu["share"])
            with others_cpu() as cpu:
                f = frictionless_once(fl_path, ref, fl_schema)
            fl_runs.append(f)
            shares["frictionless"].append(cpu["share"])
            log(
                f"round {i + 1}/{args.runs}: ours {r['seconds']:.2f} s "
                f"({r['report'].get('error_count')} errors); frictionless {f['seconds']:.2f} s "
                f"({f['rows']} rows, {len(f['errors'])} errors); "
                f"others' CPU {max(x[-1] for x in shares.values()):.0%}"
            )
    last = ours_runs[-1]["report"]
    ours = summary([r["seconds"] for r in ours_runs], shares["ours"])
    ours.update(
        {
            "rows": last.get("row_count"),
            "error_count": last.get("error_count"),
            "warning_count": last.get("warning_count"),
            "truncated": last.get("truncated"),
            "by_type": last.get("by_type"),
            "checks_run": [c["type"] for c in last.get("checks", [])],
            "checks_active": ours_runs[-1]["active"],
            "phases": {
                p: statistics.median(r["phases"].get(p, 0.0) for r in ours_runs)
                for p in [*PHASES, "report"]
            },
            "calls": ours_runs[-1]["calls"],
            "check_seconds": {
                c: statistics.median(r["checks"].get(c, 0.0) for r in ours_runs)
                for c in ours_runs[-1]["checks"]
            },
            "warnings": Counter(w["type"] for w in last.get("warnings", [])),
        }
    )
    fl = summary([f["seconds"] for f in fl_runs], shares["frictionless"])
    fl_types = Counter(e["type"] for e in fl_runs[-1]["errors"])
    fl.update(
        {
            "measured_seconds": fl["seconds"],
            "measured_rows": fl_rows,
            "rows_checked": fl_runs[-1]["rows"],
            "extrapolated": not full,
            "error_count": len(fl_runs[-1]["errors"]),
            "by_type": dict(fl_types),
            "api": "frictionless.Package([data, wilayah]).validate(name='data')",
        }
    )
    fl["seconds"] = fl["seconds"] * rows / fl_rows
    out["ours"], out["frictionless"] = ours, fl
    out["comparison"] = compare(planted, last, fl_runs[-1], fl_rows)
    out["ours_errors_sample"] = last.get("errors", [])[:3]
    out["frictionless_errors_sample"] = fl_runs[-1]["errors"][:3]
    return out


# --- the big file: peak memory in a child process ----------------------------------------


def run_child(args: list[str], env: dict[str, str]) -> tuple[dict[str, Any], float]:
    """Run this script as a child in `env`; return (its JSON result, its peak RSS in MiB)."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, env=env)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    code = os.waitstatus_to_exitcode(status)
    rss = usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux (see bench_big)
    if code != 0:
        return {"error": f"exit code {code}", "output": output.decode()[-2000:]}, rss
    return json.loads(output), rss


def _status_mb(key: str) -> float:
    """Return a size from /proc/self/status (VmRSS, VmHWM) in MiB; 0 where unknown."""
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def child_main(csv_path: Path, head: Path, work_root: Path) -> None:
    """Dry-run the big file in this process and print the result as JSON."""
    out: dict[str, Any] = {}
    with our_dataset(head, work_root) as (factory, settings):
        out["query_memory_limit"] = settings.query_memory_limit
        # Creating the dataset is not part of the dry run: say what it left behind.
        out["before_rss_mb"], out["before_peak_rss_mb"] = _status_mb("VmRSS"), _status_mb("VmHWM")
        try:
            r = ours_once(factory, settings, csv_path, sample_rss=True)
            report = r["report"]
            out.update(
                {
                    "seconds": r["seconds"],
                    "rows": report.get("row_count"),
                    "error_count": report.get("error_count"),
                    "warning_count": report.get("warning_count"),
                    "by_type": report.get("by_type"),
                    "phases": r["phases"],
                    "check_seconds": r["checks"],
                    "rss_by_phase_mb": r["rss_by_phase"],
                }
            )
        except Exception as exc:  # report it, do not hide it: the parent prints it
            out["error"] = f"{type(exc).__name__}: {str(exc)[:1500]}"
    out["peak_rss_mb"] = _status_mb("VmHWM")  # this process' own peak, since its start
    print(json.dumps(out))


def bench_big(args: argparse.Namespace, head: Path, work_root: Path) -> dict[str, Any]:
    path, planted = planted_csv(args.cache_dir, args.big_rows, args.error_rate)
    rows = count_rows(path)
    out: dict[str, Any] = {
        "rows": rows,
        "bytes": path.stat().st_size,
        "csv": str(path),
        "planted": len(planted),
        "expected_errors": expected_ours(planted),
        "runs": [],
    }
    limits = [""] + ([args.low_memory_limit] if args.low_memory_limit else [])
    for limit in limits:
        within = out["runs"] and out["runs"][-1]["peak_rss_mb"] <= TARGET_BIG_RSS_MB
        if limit and within and not args.always_low:
            break  # the default is within the target: no need for a lower limit
        env = {k: v for k, v in os.environ.items() if k != "SATUDATA_QUERY_MEMORY_LIMIT"}
        if limit:
            env["SATUDATA_QUERY_MEMORY_LIMIT"] = limit
        log(f"big file: ours, memory limit {limit or 'default'} ...")
        with others_cpu() as cpu:
            result, rss = run_child(
                ["--child", "--csv", str(path), "--head", str(head), "--work", str(work_root)],
                env,
            )
        # The child's own high-water mark (VmHWM). Its ru_maxrss also counts the memory of
        # this parent when the child was spawned: Linux keeps the larger of the two across
        # exec, so after the 1M-row rounds it read 665 MiB where the child peaked at 458.
        result.update(
            {
                "peak_rss_mb": result.get("peak_rss_mb") or rss,
                "ru_maxrss_mb": rss,
                "others_cpu": cpu["share"],
                "memory_limit_env": limit or None,
            }
        )
        out["runs"].append(result)
        log(
            f"big file: {result.get('seconds', 0):.1f} s, peak RSS {result['peak_rss_mb']:.0f} "
            f"MiB (ru_maxrss {rss:.0f}), "
            f"{result.get('error_count')} errors, others' CPU {cpu['share']:.0%}"
            + (f", ERROR {result['error']}" if "error" in result else "")
        )
    return out


# --- report ----------------------------------------------------------------------------------


def _runs_note(r: dict[str, Any]) -> str:
    return f"runs {fmt_runs(r['runs'])}; others' CPU ≤ {r['others_cpu_max']:.0%}"


def report(results: dict[str, Any]) -> str:
    """Return the results as Markdown tables."""
    rows = results["rows"]
    ours, fl, cmp = results["ours"], results["frictionless"], results["comparison"]
    m = results["machine"]
    dirty = " + uncommitted src changes" if m["src_uncommitted_changes"] else ""
    lines = [
        f"Machine: {m['cores']} cores {m['cpu']}, Python {m['python']}, DuckDB {m['duckdb']}, "
        f"frictionless {m['frictionless']}; satudata {m['commit']}{dirty}; {m['date']}",
        f"CSV: {rows:,} rows, {results['csv_mb']:.0f} MB, {results['csv']}; "
        f"{sum(cmp['planted'].values()):,} rows with a planted error "
        f"(rate {results['error_rate']:g}, none in the first {HEAD_ROWS:,} rows)",
        f"Our checks that ran a query or reported ({len(ours['checks_active'])}): "
        + ", ".join(ours["checks_active"]),
        "",
        "| contender | seconds (median) | rows/s | errors | note |",
        "|---|---:|---:|---:|---|",
    ]
    note = _runs_note(ours)
    if ours["rows"] != rows:
        note = f"**ROWS: checked {ours['rows']} of {rows:,}**; " + note
    lines.append(
        f"| satudata check_file (dry run) | {ours['seconds']:.2f} | "
        f"{rows / ours['seconds']:,.0f} | {ours['error_count']:,} | {note} |"
    )
    note = f"package with the kode wilayah reference; {_runs_note(fl)}"
    if fl["extrapolated"]:
        note += (
            f"; EXTRAPOLATED linearly from {fl['measured_rows']:,} rows "
            f"({fl['measured_seconds']:.2f} s)"
        )
    lines.append(
        f"| frictionless validate (Python API) | {fl['seconds']:.2f} | "
        f"{rows / fl['seconds']:,.0f} | {fl['error_count']:,} | {note} |"
    )
    ratio = results["ratio"]
    lines += [
        "",
        "| target | measured | verdict |",
        "|---|---:|---|",
        f"| frictionless / ours ≥ {TARGET_FRICTIONLESS_RATIO:g}× | "
        f"{ratio['frictionless_over_ours']:.1f}× | {verdict(ratio['pass'])} |",
        f"| every error located by row (ours) | {cmp['ours_unlocated_errors']} without a row; "
        f"listed {'all' if cmp['ours_listed_all'] else 'NOT all'} | "
        f"{verdict(cmp['ours_all_located'])} |",
        f"| ≥ {MIN_CHECKS} of our checks at work, region-code among them | "
        f"{len(ours['checks_active'])} | {verdict(results['checks_pass'])} |",
        "",
        "What was planted, and found (rows: the tool's rows equal the planted rows):",
        "",
        "| rule | our check | frictionless error | planted | ours | rows | frictionless | rows "
        "| note |",
        "|---|---|---|---:|---:|---|---:|---|---|",
    ]
    for r in cmp["rules"]:
        planted = str(r["planted_ours"])
        if r["planted_frictionless"] != r["planted_ours"]:
            planted += f" / {r['planted_frictionless']}"
        ok_o = "ok" if r["ours_rows_match"] else "**MISMATCH**"
        ok_f = "ok" if r["frictionless_rows_match"] else "**MISMATCH**"
        if r["ours"] == r["planted_ours"] == 0:
            ok_o = "–"
        if r["frictionless"] == r["planted_frictionless"] == 0:
            ok_f = "–"
        lines.append(
            f"| {r['rule']} | {r['ours_check']} | {r['frictionless_error']} | {planted} "
            f"| {r['ours']} | {ok_o} | {r['frictionless']} | {ok_f} | {r['note']} |"
        )
    lines += [
        "",
        "Planted per kind: " + ", ".join(f"{k} {n}" for k, n in cmp["planted"].items()),
        f"Our warnings (not compared): {dict(ours['warnings']) or 'none'}",
        "",
        "Phases of our dry run (median seconds; check_rows holds the checks below):",
        "",
        "| phase | seconds | calls |",
        "|---|---:|---:|",
    ]
    for p, s in ours["phases"].items():
        lines.append(f"| {p} | {s:.2f} | {ours['calls'].get(p, 0)} |")
    lines += ["", "| check | seconds |", "|---|---:|"]
    for c, s in sorted(ours["check_seconds"].items(), key=lambda kv: -kv[1]):
        lines.append(f"| {c} | {s:.3f} |")
    if results.get("big"):
        lines += _big_lines(results["big"])
    return "\n".join(lines)


def _big_lines(big: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"Big file: {big.get('rows', 0):,} rows, {mb(big.get('bytes', 0)):.0f} MB, "
        f"{big.get('planted', 0):,} rows with a planted error "
        f"({big.get('expected_errors', 0):,} errors expected in our report)",
        "",
        "| memory limit | seconds | rows/s | errors | peak RSS (MiB, VmHWM) | note |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for r in big.get("runs", []):
        s = r.get("seconds") or 0.0
        ok = "error" not in r and r["peak_rss_mb"] <= TARGET_BIG_RSS_MB
        note = f"ERROR: {r['error'][:300]}; " if "error" in r else ""
        if "rows" in r and r["rows"] != big["rows"]:
            note += f"**ROWS: checked {r['rows']} of {big['rows']:,}**; "
        if "error_count" in r and r["error_count"] != big["expected_errors"]:
            note += f"**ERRORS: {r['error_count']:,}, planted {big['expected_errors']:,}**; "
        note += f"others' CPU {r['others_cpu']:.0%}; target ≤ {TARGET_BIG_RSS_MB:g} MiB: "
        note += verdict(ok)
        phases = r.get("phases") or {}
        if phases:
            top = sorted(phases.items(), key=lambda kv: -kv[1])[:3]
            note += "; phases: " + ", ".join(f"{k} {v:.1f} s" for k, v in top)
        if "before_peak_rss_mb" in r:
            note += (
                f"; before the dry run (dataset created): RSS {r['before_rss_mb']:.0f}, "
                f"peak {r['before_peak_rss_mb']:.0f}"
            )
        if r.get("ru_maxrss_mb"):
            note += f"; ru_maxrss {r['ru_maxrss_mb']:.0f} (counts the parent at spawn)"
        peaks = list((r.get("rss_by_phase_mb") or {}).items())[:3]
        if peaks:
            note += "; RSS peaks (sampled): " + ", ".join(f"{k} {v:.0f}" for k, v in peaks)
        label = r.get("query_memory_limit") or "?"
        label += (
            f" (SATUDATA_QUERY_MEMORY_LIMIT={r['memory_limit_env']})"
            if r.get("memory_limit_env")
            else " (default)"
        )
        rate = f"{r['rows'] / s:,.0f}" if s and r.get("rows") else "–"
        lines.append(
            f"| {label} | {s:.1f} | {rate} | {r.get('error_count', '–')} | "
            f"{r['peak_rss_mb']:.0f} | {note} |"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--error-rate", type=float, default=0.001, help="share of rows given one planted error"
    )
    parser.add_argument(
        "--frictionless-rows",
        type=int,
        default=100_000,
        help="sample used to calibrate frictionless, and to extrapolate "
        f"only if a full run would take > {FRICTIONLESS_MAX_FULL_SECONDS:g} s",
    )
    parser.add_argument(
        "--big-rows",
        type=int,
        default=0,
        help="also measure peak RSS of our dry run on this many rows (off: 0)",
    )
    parser.add_argument(
        "--low-memory-limit",
        default="256MB",
        help="if the big run exceeds the RSS target with the default memory limit, run it "
        "again with SATUDATA_QUERY_MEMORY_LIMIT set to this ('' to skip)",
    )
    parser.add_argument(
        "--always-low",
        action="store_true",
        help="run the big file with --low-memory-limit even if the default fits",
    )
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/satudata-bench"))
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--head", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.csv, args.head, args.work)
        return

    csv_path, planted = planted_csv(args.cache_dir, args.rows, args.error_rate)
    head = cached_csv(args.cache_dir, HEAD_ROWS)  # the same rows, clean
    ref = reference_csv(args.cache_dir)
    rows = count_rows(csv_path)
    work_root = Path(tempfile.mkdtemp(prefix="work-", dir=args.cache_dir))
    try:
        results: dict[str, Any] = {
            "machine": machine(),
            "csv": str(csv_path),
            "rows": rows,
            "csv_mb": mb(csv_path.stat().st_size),
            "runs": args.runs,
            "error_rate": args.error_rate,
            "head_rows": HEAD_ROWS,
            "kinds": dict(KINDS),
        }
        results.update(bench_main(csv_path, head, ref, rows, args, work_root, planted))
        fl_ratio = results["frictionless"]["seconds"] / results["ours"]["seconds"]
        results["ratio"] = {
            "frictionless_over_ours": fl_ratio,
            "pass": fl_ratio >= TARGET_FRICTIONLESS_RATIO,
        }
        active = results["ours"]["checks_active"]
        results["checks_pass"] = len(active) >= MIN_CHECKS and "region-code" in active
        if args.big_rows > 0:
            results["big"] = bench_big(args, head, work_root)
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
