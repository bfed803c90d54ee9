"""Top-level commands: init, serve, demo, ingest, rows, export."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from satudata.auth import SYSTEM
from satudata.catalog import data
from satudata.cli.main import Context, cli, emit_json, pass_ctx
from satudata.db.session import session_scope
from satudata.ingest.service import IngestRequest, ingest_file
from satudata.lake.query import RowsQuery, parse_where

PHASES = {"infer": "Mengenali tipe kolom", "write": "Menulis versi"}


@cli.command()
@pass_ctx
def init(ctx: Context) -> None:
    """Create the data directory and the metadata database (safe to run again)."""
    ctx.runtime.init()
    click.echo(f"Direktori data siap: {ctx.runtime.settings.resolved_data_dir}", err=True)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@pass_ctx
def serve(ctx: Context, host: str, port: int) -> None:
    """Serve the portal and the API."""
    import uvicorn

    from satudata.app import create_app

    ctx.runtime.init()
    click.echo(f"Portal dan API: http://{host}:{port}  (dokumentasi API: /docs)", err=True)
    uvicorn.run(create_app(runtime=ctx.runtime), host=host, port=port, log_level="info")


@cli.command()
@click.option("--workers", default=2, type=int, show_default=True, help="Worker threads.")
@pass_ctx
def worker(ctx: Context, workers: int) -> None:
    """Run background jobs (ingests, checks) until stopped: for SATUDATA_JOBS_URL=redis://….

    With the default embedded queue the web server runs its own workers
    (SATUDATA_JOB_WORKERS); this command adds more, for example on another machine.
    """
    from satudata.jobs.queue import JobQueue

    ctx.runtime.init()
    queue = JobQueue(ctx.runtime)
    if queue.huey.immediate:
        raise click.UsageError("SATUDATA_JOBS_URL=immediate runs jobs at once: no worker needed.")
    click.echo(f"Pekerja latar: {workers} thread, antrean {type(queue.huey).__name__}.", err=True)
    queue.consumer(workers).run()


@cli.command()
@click.option("--serve/--no-serve", "then_serve", default=False, help="Serve after loading.")
@click.option("--port", default=8000, type=int)
@pass_ctx
def demo(ctx: Context, then_serve: bool, port: int) -> None:
    """Load the sample East Java data (marked as sample) into the data directory."""
    from satudata.demo.service import load_demo

    ctx.runtime.init()
    loaded = load_demo(ctx.runtime, log=lambda m: click.echo(m, err=True))
    click.echo(f"Data contoh dimuat: {loaded} dataset.", err=True)
    if then_serve:
        click.get_current_context().invoke(serve, port=port)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--org", "organization", required=True, help="OPD code that owns the dataset.")
@click.option("--dataset", "slug", required=True, help="Dataset slug (created on first use).")
@click.option("--sheet", default=None, help="Workbook sheet to read (default: the first table).")
@click.option("--title", default=None, help="Title of a new dataset.")
@click.option("--reshape", type=click.Choice(["long"]), default=None,
              help="Turn one-column-per-year tables into (tahun, nilai) rows.")  # fmt: skip
@click.option("--json", "as_json", is_flag=True, help="Print the new version as JSON.")
@pass_ctx
def ingest(ctx: Context, path: Path, organization: str, slug: str, sheet: str | None,
           title: str | None, reshape: str | None, as_json: bool) -> None:  # fmt: skip
    """Add the file at PATH as a new version of a dataset."""
    ctx.runtime.init()
    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.percentage:>3.0f}%"),
                  TimeElapsedColumn(), console=console, transient=True,
                  disable=not console.is_terminal) as progress:  # fmt: skip
        tasks: dict[str, Any] = {}

        def report(phase: str, pct: float | None) -> None:
            if phase not in tasks:
                tasks[phase] = progress.add_task(PHASES.get(phase, phase), total=100)
            if pct is not None:
                progress.update(tasks[phase], completed=pct)

        result = ingest_file(ctx.runtime.sessions, ctx.runtime.settings, actor=SYSTEM,
                             request=IngestRequest(path=path, organization=organization,
                                                   dataset=slug, sheet=sheet, reshape=reshape,
                                                   metadata={"title": title} if title else {},
                                                   progress=report))  # fmt: skip
    if as_json:
        emit_json({"dataset": slug, "version": result.version, "row_count": result.row_count,
                   "table_schema": result.table_schema, "notes": result.notes})  # fmt: skip
        return
    click.echo(f"Versi {result.version} dari '{slug}': {result.row_count:,} baris.".replace(",", "."),
               err=True)  # fmt: skip
    for aside in result.notes.get("set_aside", []):
        click.echo(
            f"  baris {aside['row']} dilewati ({aside['reason']}): {aside['text']}", err=True
        )


@cli.command()
@click.argument("slug")
@click.option("--where", "conditions", multiple=True,
              help="Condition such as tahun>=2020, kode_wilayah=35.07, nama~malang.")  # fmt: skip
@click.option("--sort", default="", help="Columns, '-' for descending: tahun,-jumlah.")
@click.option("--limit", default=20, show_default=True, type=int)
@click.option("--offset", default=0, type=int)
@click.option("--version", "version", default=None, type=int, help="Version number.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@pass_ctx
def rows(ctx: Context, slug: str, conditions: tuple[str, ...], sort: str, limit: int, offset: int,
         version: int | None, as_json: bool) -> None:  # fmt: skip
    """Show rows of a dataset's current (or a numbered) version."""
    rt = ctx.runtime
    query = RowsQuery(filters=[parse_where(c) for c in conditions],
                      sort=[s for s in sort.split(",") if s], limit=limit, offset=offset)  # fmt: skip
    with session_scope(rt.sessions) as session:
        page = data.query_rows(session, rt.lake, rt.query_engine, actor=SYSTEM, slug=slug,
                               query=query, version=version)  # fmt: skip
    if as_json:
        emit_json(page.model_dump())
        return
    table = Table(title=f"{slug} v{page.version}: {page.count} baris")
    for c in page.columns:
        table.add_column(c)
    for r in page.data:
        table.add_row(*("" if r[c] is None else str(r[c]) for c in page.columns))
    Console().print(table)


@cli.command()
@click.argument("slug")
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "json"]),
              default="csv", show_default=True)  # fmt: skip
@click.option("--output", type=click.Path(path_type=Path), default=None,
              help="File to write (default: stdout for csv/json, slug-vN.ext otherwise).")  # fmt: skip
@click.option("--version", "version", default=None, type=int)
@pass_ctx
def export(ctx: Context, slug: str, fmt: str, output: Path | None, version: int | None) -> None:
    """Export a dataset version as CSV, XLSX, Parquet or JSON."""
    rt = ctx.runtime
    with session_scope(rt.sessions) as session:
        dl = data.export_version(session, rt.lake, rt.query_engine, actor=SYSTEM, slug=slug,
                                 fmt=fmt, version=version)  # fmt: skip
    if output is None and dl.stream is not None:
        for chunk in dl.stream:
            sys.stdout.buffer.write(chunk)
        return
    target = output or Path(dl.filename)
    if dl.stream is not None:
        with target.open("wb") as fh:
            for chunk in dl.stream:
                fh.write(chunk)
    else:
        assert dl.path is not None
        (shutil.move if dl.remove_after else shutil.copyfile)(dl.path, target)
    click.echo(f"Ditulis: {target}", err=True)
