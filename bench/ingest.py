"""Benchmark our CSV ingest against `frictionless validate` and a bare DuckDB copy.

    .venv/bin/python bench/ingest.py [--rows 1000000] [--runs 3] [--json out.json]
    .venv/bin/python bench/ingest.py --big-gb 5      # also: peak memory on a ~5 GB CSV

All three tools read the same generated CSV: realistic East Java agency data (district
codes and names from the reference index, year, month, commodity, integer and decimal
measures), deterministic, generated once into --cache-dir and reused. Each measurement
is the median of --runs runs. Nothing here is an assertion: the targets are printed as
PASS/FAIL for a human to read (see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db import create_db_engine, make_session_factory, migrate, session_scope
from satudata.ingest import service as ingest_service
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.reference import get_region_index

TARGET_FRICTIONLESS_RATIO = 12.0  # frictionless time / ours, at least
TARGET_DUCKDB_RATIO = 1.6  # ours / bare DuckDB copy, at most
TARGET_BIG_RSS_MB = 1536.0  # peak RSS of our ingest on the big file, at most
FRICTIONLESS_MAX_FULL_SECONDS = 120.0
COMMODITIES = [
    "Padi sawah", "Padi ladang", "Jagung", "Kedelai", "Kacang tanah", "Kacang hijau",
    "Ubi kayu", "Ubi jalar", "Cabai besar", "Cabai rawit", "Bawang merah", "Kentang", "Tebu",
]  # fmt: skip
# Phases of satudata.ingest.service timed by wrapping its module-level names.
PHASES = ["keep_original", "open_source", "infer_source_schema", "check_columns",
          "write_typed_parquet", "column_stats", "_commit_version"]  # fmt: skip


# --- the data --------------------------------------------------------------------------


def _sql_list(values: list[str]) -> str:
    return "[" + ", ".join("'" + v.replace("'", "''") + "'" for v in values) + "]"


def generate_csv(path: Path, rows: int, threads: int = 2) -> None:
    """Write `rows` rows of district x month x commodity data; same rows for the same N."""
    index = get_region_index()
    districts = [d for r in index.regencies() for d in index.children(r.code)]
    codes, names = [d.code for d in districts], [d.name for d in districts]
    n_dist, n_com = len(districts), len(COMMODITIES)

    def h(salt: int) -> str:  # multiplicative hash: deterministic, no RNG state
        return f"(((i + {salt * 1_000_003}) * 2654435761) % 4294967291)"

    luas = f"round(({h(1)} % 500000) / 100.0 + 0.5, 2)"
    sql = f"""
        COPY (
          SELECT
            {_sql_list(codes)}[(i // {n_com}) % {n_dist} + 1] AS kode_wilayah,
            {_sql_list(names)}[(i // {n_com}) % {n_dist} + 1] AS nama_wilayah,
            2015 + ((i // {n_com * n_dist}) // 12) % 10 AS tahun,
            (i // {n_com * n_dist}) % 12 + 1 AS bulan,
            {_sql_list(COMMODITIES)}[i % {n_com} + 1] AS komoditas,
            CAST({luas} AS DECIMAL(12, 2)) AS luas_panen_ha,
            CAST(round({luas} * (30 + {h(2)} % 50) / 10.0, 2) AS DECIMAL(14, 2)) AS produksi_ton,
            CAST({h(3)} % 5000 AS INTEGER) AS jumlah_petani,
            CAST({h(4)} % 120 AS INTEGER) AS jumlah_kelompok_tani,
            CASE WHEN {h(5)} % 100 = 0 THEN NULL
                 ELSE CAST({h(6)} % 15 AS INTEGER) END AS jumlah_penyuluh
          FROM range({rows}) AS r(i)
        ) TO '{path.as_posix()}' (FORMAT csv, HEADER, DELIMITER ',')
    """
    tmp = path.with_suffix(".partial")
    con = duckdb.connect(":memory:", config={"threads": threads, "preserve_insertion_order": True})
    try:
        con.execute(sql.replace(f"'{path.as_posix()}'", f"'{tmp.as_posix()}'"))
    finally:
        con.close()
    tmp.rename(path)


def cached_csv(cache: Path, rows: int) -> Path:
    """Return the cached CSV of `rows` rows, generating it first if absent."""
    cache.mkdir(parents=True, exist_ok=True)
    path = cache / f"jatim-{rows}.csv"
    if not path.exists():
        started = time.perf_counter()
        generate_csv(path, rows)
        log(f"generated {path} ({mb(path.stat().st_size):.0f} MB) "
            f"in {time.perf_counter() - started:.1f} s")  # fmt: skip
    return path


def head_csv(source: Path, rows: int) -> Path:
    """Return a file with the header and the first `rows` data rows of `source`."""
    out = source.with_name(f"{source.stem}-head{rows}.csv")
    if not out.exists():
        with source.open("rb") as src, out.open("wb") as dst:
            for _ in range(rows + 1):
                line = src.readline()
                if not line:
                    break
                dst.write(line)
    return out


def count_rows(path: Path) -> int:
    """Return the number of data rows (lines minus the header)."""
    with path.open("rb") as fh:
        return sum(chunk.count(b"\n") for chunk in iter(lambda: fh.read(1 << 24), b"")) - 1


# --- the three contenders ----------------------------------------------------------------


@contextlib.contextmanager
def phase_timer() -> Iterator[dict[str, float]]:
    """Time the phases of one ingest by wrapping names in satudata.ingest.service."""
    times: dict[str, float] = {}
    saved: dict[str, Any] = {}

    def wrap(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                times[name] = times.get(name, 0.0) + time.perf_counter() - started

        return timed

    lake_cls = ingest_service.Lake
    saved["keep_original"] = lake_cls.keep_original
    lake_cls.keep_original = wrap("keep_original", lake_cls.keep_original)  # type: ignore[method-assign]
    for name in PHASES[1:]:
        saved[name] = getattr(ingest_service, name)
        setattr(ingest_service, name, wrap(name, saved[name]))
    try:
        yield times
    finally:
        lake_cls.keep_original = saved.pop("keep_original")  # type: ignore[method-assign]
        for name, fn in saved.items():
            setattr(ingest_service, name, fn)


@contextlib.contextmanager
def fresh_library(data_dir: Path, **overrides: Any) -> Iterator[tuple[Any, Settings]]:
    """Yield (session factory, settings) of an empty satudata with one organization."""
    settings = Settings(data_dir=data_dir, **overrides)
    engine = create_db_engine(settings.resolved_database_url)
    try:
        migrate(engine)
        factory = make_session_factory(engine)
        with session_scope(factory) as s:
            create_organization(s, actor=SYSTEM,
                                data=OrganizationCreate(code="BPS", name="Badan Pusat Statistik"))  # fmt: skip
        yield factory, settings
    finally:
        engine.dispose()


def ours_once(csv_path: Path, work_root: Path) -> dict[str, Any]:
    """Ingest `csv_path` twice into a fresh data dir: first upload, then a later upload."""
    data_dir = Path(tempfile.mkdtemp(prefix="ours-", dir=work_root))
    out: dict[str, Any] = {}
    try:
        with fresh_library(data_dir) as (factory, settings):
            for case in ("first", "later"):
                request = IngestRequest(path=csv_path, organization="BPS", dataset="bench")
                with phase_timer() as phases:
                    started = time.perf_counter()
                    result = ingest_file(factory, settings, actor=SYSTEM, request=request)
                    out[case] = time.perf_counter() - started
                out[f"{case}_phases"] = phases
                out["rows"] = result.row_count
                out["table_schema"] = result.table_schema
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return out


def frictionless_schema(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Return our Table Schema with only the properties the Frictionless spec defines."""
    keep = {"name", "title", "type", "format", "decimalChar", "groupChar", "bareNumber",
            "trueValues", "falseValues", "constraints"}  # fmt: skip
    fields = [{k: v for k, v in f.items() if k in keep} for f in descriptor["fields"]]
    schema: dict[str, Any] = {"fields": fields}
    if "missingValues" in descriptor:
        schema["missingValues"] = descriptor["missingValues"]
    return schema


def frictionless_once(csv_path: Path, schema: dict[str, Any] | None) -> tuple[float, int, bool]:
    """Validate with frictionless' Python API; return (seconds, rows, valid)."""
    import frictionless

    # Frictionless refuses absolute paths as unsafe: give it a name and a base path.
    where = {"path": csv_path.name, "basepath": str(csv_path.parent)}
    started = time.perf_counter()
    if schema is None:
        report = frictionless.validate(**where)
    else:
        resource = frictionless.Resource(**where, schema=frictionless.Schema.from_descriptor(schema))
        report = resource.validate()
    seconds = time.perf_counter() - started
    task = report.tasks[0]
    if not report.valid:
        first = report.flatten(["rowNumber", "fieldName", "type", "note"])[:3]
        log(f"frictionless: INVALID ({task.stats.get('errors')} errors), first: {first}")
    return seconds, int(task.stats.get("rows") or 0), bool(report.valid)


def duckdb_once(csv_path: Path, work_root: Path, settings: Settings) -> tuple[float, int]:
    """Copy the CSV to Parquet with a fresh DuckDB: (seconds, rows)."""
    out = work_root / f"duckdb-{os.getpid()}-{time.monotonic_ns()}.parquet"
    con = duckdb.connect(":memory:", config={"threads": settings.query_threads,
                                             "memory_limit": settings.query_memory_limit})  # fmt: skip
    try:
        started = time.perf_counter()
        row = con.execute(
            f"COPY (SELECT * FROM read_csv_auto('{csv_path.as_posix()}')) "
            f"TO '{out.as_posix()}' (FORMAT parquet)"
        ).fetchone()
        seconds = time.perf_counter() - started
    finally:
        con.close()
        out.unlink(missing_ok=True)
    return seconds, int(row[0]) if row else 0


# --- runs and medians ----------------------------------------------------------------


def bench_ours(csv_path: Path, runs: int, work_root: Path) -> dict[str, Any]:
    results = []
    for i in range(runs):
        r = ours_once(csv_path, work_root)
        log(f"ours run {i + 1}/{runs}: first {r['first']:.2f} s, later {r['later']:.2f} s")
        results.append(r)
    out: dict[str, Any] = {"rows": results[-1]["rows"], "table_schema": results[-1]["table_schema"]}
    for case in ("first", "later"):
        out[case] = {
            "seconds": statistics.median(r[case] for r in results),
            "runs": [r[case] for r in results],
            "phases": {p: statistics.median(r[f"{case}_phases"].get(p, 0.0) for r in results)
                       for p in PHASES},
        }  # fmt: skip
    return out


def bench_frictionless(csv_path: Path, rows: int, runs: int, sample_rows: int,
                       schema: dict[str, Any] | None) -> dict[str, Any]:  # fmt: skip
    """Median frictionless time for the full file, or extrapolated from a head sample."""
    sample = head_csv(csv_path, min(sample_rows, rows))
    sample_n = count_rows(sample)
    seconds, _, _ = frictionless_once(sample, schema)  # calibration run, not counted
    predicted = seconds * rows / sample_n
    full = predicted <= FRICTIONLESS_MAX_FULL_SECONDS
    target, target_n = (csv_path, rows) if full else (sample, sample_n)
    log(f"frictionless: {sample_n} rows in {seconds:.1f} s -> full run predicted "
        f"{predicted:.0f} s; running {'the full file' if full else 'the sample'}")  # fmt: skip
    times, valid, checked = [], True, 0
    for i in range(runs):
        s, checked, ok = frictionless_once(target, schema)
        valid = valid and ok
        times.append(s)
        log(f"frictionless run {i + 1}/{runs}: {s:.2f} s ({checked} rows, valid={ok})")
    median = statistics.median(times)
    return {
        "seconds": median if full else median * rows / target_n,
        "measured_seconds": median, "measured_rows": target_n, "rows_checked": checked,
        "runs": times, "extrapolated": not full, "valid": valid,
        "schema": "ours (equivalent)" if schema is not None else "frictionless-inferred",
    }  # fmt: skip


def bench_duckdb(csv_path: Path, runs: int, work_root: Path, settings: Settings) -> dict[str, Any]:
    times, rows = [], 0
    for i in range(runs):
        s, rows = duckdb_once(csv_path, work_root, settings)
        times.append(s)
        log(f"duckdb run {i + 1}/{runs}: {s:.2f} s")
    return {"seconds": statistics.median(times), "runs": times, "rows": rows}


# --- the big file: peak memory in a child process -------------------------------------


def run_child(args: list[str]) -> tuple[dict[str, Any], float]:
    """Run this script as a child; return (its JSON result, its peak RSS in MB)."""
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE)
    assert proc.stdout is not None
    output = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        return {"error": f"exit code {proc.returncode}", "output": output.decode()[-2000:]}, (
            usage.ru_maxrss / 1024
        )
    return json.loads(output), usage.ru_maxrss / 1024  # ru_maxrss is in KiB on Linux


def child_main(kind: str, csv_path: Path, work_root: Path) -> None:
    """Do one big-file job and print its result as JSON (the parent reads the peak RSS)."""
    if kind == "duckdb":
        seconds, rows = duckdb_once(csv_path, work_root, Settings(data_dir=work_root))
        print(json.dumps({"seconds": seconds, "rows": rows}))
        return
    data_dir = Path(tempfile.mkdtemp(prefix="big-ours-", dir=work_root))
    size_mb = mb(csv_path.stat().st_size)
    out: dict[str, Any] = {}
    try:
        # The default upload limit (max_upload_mb=1024) would refuse a 5 GB file.
        with fresh_library(data_dir, max_upload_mb=size_mb + 1) as (factory, settings),\
                phase_timer() as phases:  # fmt: skip
            request = IngestRequest(path=csv_path, organization="BPS", dataset="big")
            started = time.perf_counter()
            try:
                out["rows"] = ingest_file(factory, settings, actor=SYSTEM,
                                          request=request).row_count  # fmt: skip
            except Exception as exc:  # report it, do not hide it: the parent prints it
                out["error"] = f"{type(exc).__name__}: {str(exc)[:1500]}"
            out["seconds"] = time.perf_counter() - started
            out["phases"] = dict(phases)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    print(json.dumps(out))


def bench_big(cache: Path, gb: float, bytes_per_row: float, work_root: Path) -> dict[str, Any]:
    rows = int(gb * 1e9 / bytes_per_row)
    need = gb * 1e9 * 2.6  # the CSV, the original kept in the lake, the Parquet outputs
    free = shutil.disk_usage(cache).free
    if free < need:
        return {"error": f"not enough disk: {free / 1e9:.1f} GB free, ~{need / 1e9:.0f} GB needed"}
    path = cached_csv(cache, rows)
    out: dict[str, Any] = {"rows": rows, "bytes": path.stat().st_size}
    for kind in ("ours", "duckdb"):
        log(f"big file: {kind} ...")
        result, rss = run_child(["--child", kind, "--csv", str(path), "--work", str(work_root)])
        out[kind] = {**result, "peak_rss_mb": rss}
        log(f"big file: {kind}: {result.get('seconds', 0):.1f} s, peak RSS {rss:.0f} MB"
            + (f", ERROR {result['error']}" if "error" in result else ""))  # fmt: skip
    return out


# --- report ----------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def mb(n: float) -> float:
    return n / 1024 / 1024


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(results: dict[str, Any]) -> str:
    """Return the results as Markdown tables."""
    rows = results["rows"]
    ours, fl, dk = results["ours"], results["frictionless"], results["duckdb"]
    lines = [
        f"CSV: {rows:,} rows, {results['csv_mb']:.0f} MB, {results['csv']}",
        "",
        "| contender | seconds (median) | rows/s | note |",
        "|---|---:|---:|---|",
    ]
    for case, label in (("first", "satudata ingest, first upload (schema inferred)"),
                        ("later", "satudata ingest, later upload (schema checked)")):  # fmt: skip
        s = ours[case]["seconds"]
        lines.append(f"| {label} | {s:.2f} | {rows / s:,.0f} | runs {fmt_runs(ours[case]['runs'])} |")
    note = f"schema: {fl['schema']}; runs {fmt_runs(fl['runs'])}"
    if fl["extrapolated"]:
        note += f"; EXTRAPOLATED from {fl['measured_rows']:,} rows ({fl['measured_seconds']:.1f} s)"
    if not fl["valid"]:
        note += "; REPORT INVALID: timing not comparable"
    lines.append(f"| frictionless validate (Python API) | {fl['seconds']:.2f} | "
                 f"{rows / fl['seconds']:,.0f} | {note} |")  # fmt: skip
    lines.append(f"| DuckDB bare CSV→Parquet copy | {dk['seconds']:.2f} | "
                 f"{rows / dk['seconds']:,.0f} | runs {fmt_runs(dk['runs'])} |")  # fmt: skip
    lines += ["", "| ratio | first upload | later upload | target |", "|---|---:|---:|---|"]
    for key, label, target in (
        ("frictionless_over_ours", "frictionless / ours", f"≥ {TARGET_FRICTIONLESS_RATIO:g}×"),
        ("ours_over_duckdb", "ours / DuckDB", f"≤ {TARGET_DUCKDB_RATIO:g}×"),
    ):
        cells = [f"{results['ratios'][c][key]:.2f}× {verdict(results['ratios'][c][key + '_pass'])}"
                 for c in ("first", "later")]  # fmt: skip
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    lines += ["", "Phases of our ingest (median seconds):", "",
              "| phase | first upload | later upload |", "|---|---:|---:|"]  # fmt: skip
    for p in PHASES:
        lines.append(f"| {p} | {ours['first']['phases'][p]:.2f} | {ours['later']['phases'][p]:.2f} |")
    big = results.get("big")
    if big:
        lines += ["", f"Big file: {big.get('rows', 0):,} rows, {big.get('bytes', 0) / 1e9:.2f} GB",
                  "", "| contender | seconds | rows/s | peak RSS (MB) | note |",
                  "|---|---:|---:|---:|---|"]  # fmt: skip
        for kind, label in (("ours", "satudata ingest, first upload"),
                            ("duckdb", "DuckDB bare copy")):  # fmt: skip
            r = big.get(kind)
            if not r:
                lines.append(f"| {label} | – | – | – | {big.get('error', '')} |")
                continue
            s = r.get("seconds") or 0.0
            note = f"ERROR: {r['error'][:200]}" if "error" in r else ""
            if kind == "ours":
                note += f" target ≤ {TARGET_BIG_RSS_MB:g} MB: "
                note += verdict("error" not in r and r["peak_rss_mb"] <= TARGET_BIG_RSS_MB)
            rate = f"{r.get('rows', 0) / s:,.0f}" if s and "error" not in r else "–"
            lines.append(f"| {label} | {s:.1f} | {rate} | {r['peak_rss_mb']:.0f} | {note.strip()} |")
    return "\n".join(lines)


def fmt_runs(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


def machine() -> dict[str, Any]:
    import frictionless

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next((line.split(":", 1)[1].strip() for line in
                    Path("/proc/cpuinfo").read_text().splitlines()
                    if line.startswith("model name")), "")  # fmt: skip
    return {"cores": os.cpu_count(), "cpu": cpu, "python": platform.python_version(),
            "duckdb": duckdb.__version__, "frictionless": frictionless.__version__,
            "date": time.strftime("%Y-%m-%d")}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--frictionless-rows", type=int, default=100_000,
                        help="sample used to calibrate frictionless, and to extrapolate "
                             f"only if a full run would take > {FRICTIONLESS_MAX_FULL_SECONDS:g} s")  # fmt: skip
    parser.add_argument("--frictionless-schema", choices=["ours", "inferred"], default="ours",
                        help="validate against our inferred schema (equivalent), or let "
                             "frictionless infer its own")  # fmt: skip
    parser.add_argument("--big-gb", type=float, default=0.0,
                        help="also measure peak RSS on a CSV of about this many GB (off: 0)")
    parser.add_argument("--cache-dir", type=Path, default=Path("/tmp/satudata-bench"))
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument("--child", choices=["ours", "duckdb"], help=argparse.SUPPRESS)
    parser.add_argument("--csv", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--work", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_main(args.child, args.csv, args.work)
        return

    csv_path = cached_csv(args.cache_dir, args.rows)
    rows = count_rows(csv_path)
    work_root = Path(tempfile.mkdtemp(prefix="work-", dir=args.cache_dir))
    try:
        results: dict[str, Any] = {"machine": machine(), "csv": str(csv_path), "rows": rows,
                                   "csv_mb": mb(csv_path.stat().st_size), "runs": args.runs}  # fmt: skip
        results["ours"] = bench_ours(csv_path, args.runs, work_root)
        if results["ours"]["rows"] != rows:
            log(f"WARNING: ours wrote {results['ours']['rows']} rows, the CSV has {rows}")
        schema = (frictionless_schema(results["ours"]["table_schema"])
                  if args.frictionless_schema == "ours" else None)  # fmt: skip
        results["frictionless"] = bench_frictionless(csv_path, rows, args.runs,
                                                     args.frictionless_rows, schema)  # fmt: skip
        results["duckdb"] = bench_duckdb(csv_path, args.runs, work_root, Settings())
        results["ratios"] = {}
        for case in ("first", "later"):
            s = results["ours"][case]["seconds"]
            fl_ratio = results["frictionless"]["seconds"] / s
            dk_ratio = s / results["duckdb"]["seconds"]
            results["ratios"][case] = {
                "frictionless_over_ours": fl_ratio,
                "frictionless_over_ours_pass": fl_ratio >= TARGET_FRICTIONLESS_RATIO,
                "ours_over_duckdb": dk_ratio,
                "ours_over_duckdb_pass": dk_ratio <= TARGET_DUCKDB_RATIO,
            }
        if args.big_gb > 0:
            results["big"] = bench_big(args.cache_dir, args.big_gb,
                                       csv_path.stat().st_size / rows, work_root)  # fmt: skip
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
