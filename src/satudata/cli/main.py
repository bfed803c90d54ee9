"""The `satudata` command group and its global options."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click
from pydantic import ValidationError
from sqlalchemy.exc import SQLAlchemyError

from satudata.config import ConfigError, get_settings
from satudata.errors import SatudataError, invalid_input
from satudata.runtime import Runtime


class Context:
    """What every command gets: the runtime for the chosen data directory."""

    def __init__(self, data_dir: Path | None, database_url: str | None) -> None:
        self.runtime = Runtime(get_settings(data_dir=data_dir, database_url=database_url))


pass_ctx = click.make_pass_decorator(Context)


def emit_json(value: Any) -> None:
    """Print a value as JSON on stdout."""
    click.echo(json.dumps(value, ensure_ascii=False, indent=2, default=str))


def fail(error: SatudataError, as_json: bool) -> None:
    """Report a domain error (stdout as JSON with --json, else stderr) and exit 1."""
    if as_json:
        emit_json({"error": error.as_dict()})
    else:
        click.secho(f"Galat ({error.type}): {error.message_id}", fg="red", err=True)
        for item in (error.details or {}).get("errors", [])[:20]:
            click.echo(f"  - {item.get('message', item)}", err=True)
    sys.exit(1)


def database_error(error: SQLAlchemyError) -> SatudataError:
    """Explain a failing metadata database (not initialised, unreachable) in one line."""
    cause = str(getattr(error, "orig", None) or error).strip().splitlines()[0][:300]
    return SatudataError(
        f"Basis data metadata tidak dapat dipakai ({cause}). Sudahkah `satudata init` dijalankan?",
        f"The metadata database cannot be used ({cause}). Has `satudata init` been run?",
        type="database-error",
    )


class SatudataGroup(click.Group):
    """A group that turns domain errors into clean messages instead of tracebacks."""

    def invoke(self, ctx: click.Context) -> Any:
        # The subcommand's arguments, read before invoking consumes them (not sys.argv:
        # the CLI also runs in-process, under a test runner or another program).
        as_json = "--json" in ctx.args
        try:
            return super().invoke(ctx)
        except SatudataError as error:
            fail(error, as_json)
        except ValidationError as error:
            fail(invalid_input(error), as_json)
        except SQLAlchemyError as error:
            fail(database_error(error), as_json)
        except ConfigError as error:
            fail(SatudataError(f"Konfigurasi tidak dapat dibaca: {error}",
                               f"The configuration cannot be read: {error}",
                               type="config-error"), as_json)  # fmt: skip


@click.group(cls=SatudataGroup)
@click.option("--data-dir", type=click.Path(path_type=Path), envvar="SATUDATA_DATA_DIR",
              help="Data directory (default ./satudata-data).")  # fmt: skip
@click.option("--database-url", envvar="SATUDATA_DATABASE_URL", default=None,
              help="Metadata database URL (default SQLite in the data directory).")  # fmt: skip
@click.version_option(package_name="satudata")
@click.pass_context
def cli(ctx: click.Context, data_dir: Path | None, database_url: str | None) -> None:
    """satudata — Satu Data platform: ingest, catalogue, query and publish agency data."""
    ctx.obj = Context(data_dir, database_url)


def main() -> None:
    """Run the CLI (the package's __init__ has registered every command)."""
    cli()
