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
from jatim_csv import cached_csv, count_rows, head_csv  # bench/ is on sys.path when run

from satudata.auth import SYSTEM
from satudata.catalog.schema import OrganizationCreate
from satudata.catalog.service import create_organization
from satudata.config import Settings
from satudata.db import create_db_engine, make_session_factory, migrate, session_scope
from satudata.ingest import inference, prepare, typed_write
from satudata.ingest import service as ingest_service
from satudata.ingest.service import IngestRequest, ingest_file

TARGET_FRICTIONLESS_RATIO = 12.0  # frictionless time / ours, at least
TARGET_DUCKDB_RATIO = 1.6  # ours / bare DuckDB copy, at most
TARGET_BIG_RSS_MB = 1536.0  # peak RSS of our ingest on the big file, at most
FRICTIONLESS_MAX_FULL_SECONDS = 120.0
# Phases of an ingest, timed by wrapping these names in the modules that call them.
PHASE_MODULES = [ingest_service, prepare, typed_write, inference]
PHASES = [
    "keep_original",
    "open_source",
    "infer_source_schema",
    "check_columns",
    "write_typed_parquet",
    "_type_errors",  # the second scan that lists misfits: should not run on clean data
    "structure_errors",
    "column_stats",
    "commit_version",
]


# --- the three contenders ----------------------------------------------------------------


@contextlib.contextmanager
def phase_timer() -> Iterator[dict[str, float]]:
    """Time the phases of one ingest by wrapping names in the modules of satudata.ingest."""
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
    wrapped: dict[tuple[Any, str], Any] = {}
    for module in PHASE_MODULES:
        for name in PHASES[1:]:
            if hasattr(module, name):  # renamed or gone in this version
                wrapped[(module, name)] = getattr(module, name)
                setattr(module, name, wrap(name, wrapped[(module, name)]))
    try:
        yield times
    finally:
        lake_cls.keep_original = saved.pop("keep_original")  # type: ignore[method-assign]
        for (module, name), fn in wrapped.items():
            setattr(module, name, fn)


@contextlib.contextmanager
def fresh_library(data_dir: Path, **overrides: Any) -> Iterator[tuple[Any, Settings]]:
    """Yield (session factory, settings) of an empty satudata with one organization."""
    settings = Settings(data_dir=data_dir, **overrides)
    engine = create_db_engine(settings.resolved_database_url)
    try:
        migrate(engine)
        factory = make_session_factory(engine)
        with session_scope(factory) as s:
            create_organization(
                s, actor=SYSTEM, data=OrganizationCreate(code="BPS", name="Badan Pusat Statistik")
            )
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
                out[f"{case}_rows"] = result.row_count
                out["table_schema"] = result.table_schema
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    return out


def frictionless_schema(descriptor: dict[str, Any]) -> dict[str, Any]:
    """Return our Table Schema with only the properties the Frictionless spec defines."""
    keep = {
        "name",
        "title",
        "type",
        "format",
        "decimalChar",
        "groupChar",
        "bareNumber",
        "trueValues",
        "falseValues",
        "constraints",
    }
    fields = [{k: v for k, v in f.items() if k in keep} for f in descriptor["fields"]]
    schema: dict[str, Any] = {"fields": fields}
    if "missingValues" in descriptor:
        schema["missingValues"] = descriptor["missingValues"]
    return schema


def frictionless_once(csv_path: Path, schema: dict[str, Any] | None) -> tuple[float, int, bool]:
    """Validate with frictionless' Python API; return (seconds, rows, valid)."""
    import frictionless

    # Frictionless refuses absolute paths as unsafe: give it a name and a base path.
    # Without a schema it infers one from a sample, as `frictionless validate FILE` does.
    started = time.perf_counter()
    resource = frictionless.Resource(path=csv_path.name, basepath=str(csv_path.parent))
    if schema is not None:
        resource.schema = frictionless.Schema.from_descriptor(schema)
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
    con = duckdb.connect(
        ":memory:",
        config={"threads": settings.query_threads, "memory_limit": settings.query_memory_limit},
    )
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


def _busy_seconds() -> float:
    """Return the CPU seconds all processes of this machine have used (Linux; else 0)."""
    try:
        ticks = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    except (OSError, ValueError):
        return 0.0
    idle = ticks[3] + (ticks[4] if len(ticks) > 4 else 0)  # idle + iowait
    return (sum(ticks[:8]) - idle) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def others_cpu() -> Iterator[dict[str, float]]:
    """Measure the share of the machine's CPU that other processes used meanwhile.

    The bench machine may be shared (tests, type checkers); a busy neighbour slows the
    two-thread DuckDB work most, so every timing carries this share to judge it by.
    """
    out: dict[str, float] = {}
    busy, own, started = _busy_seconds(), sum(os.times()[:4]), time.perf_counter()
    yield out
    wall = time.perf_counter() - started
    foreign = (_busy_seconds() - busy) - (sum(os.times()[:4]) - own)
    out["share"] = max(0.0, foreign / (wall * (os.cpu_count() or 1))) if wall else 0.0


def summary(times: list[float], shares: list[float]) -> dict[str, Any]:
    return {
        "seconds": statistics.median(times),
        "runs": times,
        "others_cpu_max": max(shares, default=0.0),
    }


def bench_small(
    csv_path: Path, rows: int, args: argparse.Namespace, work_root: Path
) -> dict[str, Any]:
    """Run the three contenders round by round, so a busy spell hits them alike."""
    log("warm-up ingest (not counted) ...")
    warm = ours_once(csv_path, work_root)
    schema = (
        frictionless_schema(warm["table_schema"]) if args.frictionless_schema == "ours" else None
    )
    sample = head_csv(csv_path, min(args.frictionless_rows, rows))
    sample_n = count_rows(sample)
    seconds, _, _ = frictionless_once(sample, schema)  # calibration, not counted
    predicted = seconds * rows / sample_n
    full = predicted <= FRICTIONLESS_MAX_FULL_SECONDS
    fl_path, fl_rows = (csv_path, rows) if full else (sample, sample_n)
    log(
        f"frictionless: {sample_n} rows in {seconds:.1f} s -> full run predicted "
        f"{predicted:.0f} s; running {'the full file' if full else 'the sample'}"
    )
    settings = Settings()
    ours_runs: list[dict[str, Any]] = []
    fl_times: list[float] = []
    dk_times: list[float] = []
    shares: dict[str, list[float]] = {"ours": [], "frictionless": [], "duckdb": []}
    fl_valid, fl_checked, dk_rows = True, 0, 0
    for i in range(args.runs):
        with others_cpu() as cpu:
            r = ours_once(csv_path, work_root)
        ours_runs.append(r)
        shares["ours"].append(cpu["share"])
        with others_cpu() as cpu:
            s, fl_checked, ok = frictionless_once(fl_path, schema)
        fl_times.append(s)
        fl_valid = fl_valid and ok
        shares["frictionless"].append(cpu["share"])
        with others_cpu() as cpu:
            d, dk_rows = duckdb_once(csv_path, work_root, settings)
        dk_times.append(d)
        shares["duckdb"].append(cpu["share"])
        log(
            f"round {i + 1}/{args.runs}: ours first {r['first']:.2f} s, later {r['later']:.2f} s;"
            f" frictionless {s:.2f} s ({fl_checked} rows, valid={ok}); duckdb {d:.2f} s;"
            f" others' CPU {max(x[-1] for x in shares.values()):.0%}"
        )
    ours: dict[str, Any] = {"table_schema": warm["table_schema"]}
    for case in ("first", "later"):
        ours[case] = summary([r[case] for r in ours_runs], shares["ours"])
        ours[case]["rows"] = min(r[f"{case}_rows"] for r in ours_runs)
        ours[case]["phases"] = {
            p: statistics.median(r[f"{case}_phases"].get(p, 0.0) for r in ours_runs) for p in PHASES
        }
    fl = summary(fl_times, shares["frictionless"])
    fl.update(
        {
            "measured_seconds": fl["seconds"],
            "measured_rows": fl_rows,
            "rows_checked": fl_checked,
            "extrapolated": not full,
            "valid": fl_valid,
            "api": "frictionless.Resource.validate()",
            "schema": "ours (equivalent)" if schema is not None else "frictionless-inferred",
        }
    )
    fl["seconds"] = fl["seconds"] * rows / fl_rows
    duck = summary(dk_times, shares["duckdb"]) | {"rows": dk_rows}
    return {"ours": ours, "frictionless": fl, "duckdb": duck}


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
        with (
            fresh_library(data_dir, max_upload_mb=size_mb + 1) as (factory, settings),
            phase_timer() as phases,
        ):
            request = IngestRequest(path=csv_path, organization="BPS", dataset="big")
            started = time.perf_counter()
            try:
                out["rows"] = ingest_file(
                    factory, settings, actor=SYSTEM, request=request
                ).row_count
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
        with others_cpu() as cpu:
            result, rss = run_child(["--child", kind, "--csv", str(path), "--work", str(work_root)])
        out[kind] = {**result, "peak_rss_mb": rss, "others_cpu": cpu["share"]}
        log(
            f"big file: {kind}: {result.get('seconds', 0):.1f} s, peak RSS {rss:.0f} MB, "
            f"others' CPU {cpu['share']:.0%}"
            + (f", ERROR {result['error']}" if "error" in result else "")
        )
    return out


# --- report ----------------------------------------------------------------------------


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def mb(n: float) -> float:
    return n / 1024 / 1024


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def _runs_note(r: dict[str, Any], expected: int | None = None) -> str:
    note = f"runs {fmt_runs(r['runs'])}; others' CPU ≤ {r['others_cpu_max']:.0%}"
    if expected is not None and r.get("rows", expected) != expected:
        note = f"**ROWS LOST: kept {r['rows']:,} of {expected:,}**; " + note
    return note


def _big_lines(big: dict[str, Any]) -> list[str]:
    lines = [
        "",
        f"Big file: {big.get('rows', 0):,} rows, {big.get('bytes', 0) / 1e9:.2f} GB",
        "",
        "| contender | seconds | rows/s | peak RSS (MB) | note |",
        "|---|---:|---:|---:|---|",
    ]
    for kind, label in (("ours", "satudata ingest, first upload"), ("duckdb", "DuckDB bare copy")):
        r = big.get(kind)
        if not r:
            lines.append(f"| {label} | – | – | – | {big.get('error', '')} |")
            continue
        s = r.get("seconds") or 0.0
        note = f"ERROR: {r['error'][:300]}; " if "error" in r else ""
        note += f"others' CPU {r.get('others_cpu', 0.0):.0%}; "
        if kind == "ours":
            ok = "error" not in r and r["peak_rss_mb"] <= TARGET_BIG_RSS_MB
            note += f"target ≤ {TARGET_BIG_RSS_MB:g} MB: {verdict(ok)}"
            phases = r.get("phases") or {}
            if phases:
                top = sorted(phases.items(), key=lambda kv: -kv[1])[:3]
                note += "; phases: " + ", ".join(f"{k} {v:.0f} s" for k, v in top)
        if "rows" in r and r["rows"] != big.get("rows"):
            note = f"**ROWS LOST: kept {r['rows']:,} of {big.get('rows', 0):,}**; " + note
        rate = f"{r['rows'] / s:,.0f}" if s and "rows" in r else "–"
        lines.append(
            f"| {label} | {s:.1f} | {rate} | {r['peak_rss_mb']:.0f} | {note.strip('; ')} |"
        )
    return lines


def report(results: dict[str, Any]) -> str:
    """Return the results as Markdown tables."""
    rows = results["rows"]
    ours, fl, dk = results["ours"], results["frictionless"], results["duckdb"]
    m = results["machine"]
    dirty = " + uncommitted src changes" if m["src_uncommitted_changes"] else ""
    lines = [
        f"Machine: {m['cores']} cores {m['cpu']}, Python {m['python']}, DuckDB {m['duckdb']}, "
        f"frictionless {m['frictionless']}; satudata {m['commit']}{dirty}; {m['date']}",
        f"CSV: {rows:,} rows, {results['csv_mb']:.0f} MB, {results['csv']}",
        "",
        "| contender | seconds (median) | rows/s | note |",
        "|---|---:|---:|---|",
    ]
    for case, label in (
        ("first", "satudata ingest, first upload (schema inferred)"),
        ("later", "satudata ingest, later upload (schema checked)"),
    ):
        s = ours[case]["seconds"]
        note = _runs_note(ours[case], rows)
        lines.append(f"| {label} | {s:.2f} | {rows / s:,.0f} | {note} |")
    note = f"schema: {fl['schema']}; {_runs_note(fl)}"
    if fl["extrapolated"]:
        note += (
            f"; EXTRAPOLATED linearly from {fl['measured_rows']:,} rows "
            f"({fl['measured_seconds']:.2f} s)"
        )
    if not fl["valid"]:
        note += "; REPORT INVALID: timing not comparable"
    lines.append(
        f"| frictionless validate (Python API) | {fl['seconds']:.2f} | "
        f"{rows / fl['seconds']:,.0f} | {note} |"
    )
    lines.append(
        f"| DuckDB bare CSV→Parquet copy | {dk['seconds']:.2f} | "
        f"{rows / dk['seconds']:,.0f} | {_runs_note(dk)} |"
    )
    lines += ["", "| ratio | first upload | later upload | target |", "|---|---:|---:|---|"]
    for key, label, target in (
        ("frictionless_over_ours", "frictionless / ours", f"≥ {TARGET_FRICTIONLESS_RATIO:g}×"),
        ("ours_over_duckdb", "ours / DuckDB", f"≤ {TARGET_DUCKDB_RATIO:g}×"),
    ):
        cells = [
            f"{results['ratios'][c][key]:.2f}× {verdict(results['ratios'][c][key + '_pass'])}"
            for c in ("first", "later")
        ]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    lines += [
        "",
        "Phases of our ingest (median seconds):",
        "",
        "| phase | first upload | later upload |",
        "|---|---:|---:|",
    ]
    for p in PHASES:
        first, later = ours["first"]["phases"][p], ours["later"]["phases"][p]
        lines.append(f"| {p} | {first:.2f} | {later:.2f} |")
    if results.get("big"):
        lines += _big_lines(results["big"])
    return "\n".join(lines)


def fmt_runs(runs: list[float]) -> str:
    return ", ".join(f"{r:.2f}" for r in runs)


def machine() -> dict[str, Any]:
    import frictionless

    cpu = ""
    with contextlib.suppress(OSError):
        cpu = next(
            (
                line.split(":", 1)[1].strip()
                for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")
            ),
            "",
        )
    import satudata

    repo = Path(__file__).resolve().parent.parent
    src = Path(satudata.__file__).resolve().parent
    commit, dirty = "", None
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        git = ["git", "-C", str(repo)]
        commit = subprocess.run(
            [*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run([*git, "diff", "--quiet", "HEAD", "--", "src"]).returncode != 0
    if not src.is_relative_to(repo):  # e.g. PYTHONPATH=<git archive export>/src
        commit, dirty = f"{src} (not this checkout)", None
    return {
        "commit": commit,
        "src_uncommitted_changes": dirty,
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "duckdb": duckdb.__version__,
        "frictionless": frictionless.__version__,
        "date": time.strftime("%Y-%m-%d"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--frictionless-rows",
        type=int,
        default=100_000,
        help="sample used to calibrate frictionless, and to extrapolate "
        f"only if a full run would take > {FRICTIONLESS_MAX_FULL_SECONDS:g} s",
    )
    parser.add_argument(
        "--frictionless-schema",
        choices=["ours", "inferred"],
        default="ours",
        help="validate against our inferred schema (equivalent), or let frictionless infer its own",
    )
    parser.add_argument(
        "--big-gb",
        type=float,
        default=0.0,
        help="also measure peak RSS on a CSV of about this many GB (off: 0)",
    )
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
        results: dict[str, Any] = {
            "machine": machine(),
            "csv": str(csv_path),
            "rows": rows,
            "csv_mb": mb(csv_path.stat().st_size),
            "runs": args.runs,
        }
        results.update(bench_small(csv_path, rows, args, work_root))
        for case in ("first", "later"):
            if results["ours"][case]["rows"] != rows:
                written = results["ours"][case]["rows"]
                log(f"WARNING: ours ({case} upload) kept {written} rows, the CSV has {rows}")
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
            results["big"] = bench_big(
                args.cache_dir, args.big_gb, csv_path.stat().st_size / rows, work_root
            )
    finally:
        shutil.rmtree(work_root, ignore_errors=True)
    print(report(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
        log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
