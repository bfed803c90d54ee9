"""CLI fixtures: run `satudata` in-process on a fresh data directory and database."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from satudata.cli.main import cli  # importing satudata.cli registers every command

Run = Callable[..., Result]


@pytest.fixture
def data_path(tmp_path: Path) -> Path:
    """The data directory the CLI is pointed at."""
    return tmp_path / "data"


@pytest.fixture
def run(data_path: Path, database_url: str) -> Run:
    """Run `satudata --data-dir … --database-url … ARGS…`; the exit code is checked by tests."""
    runner = CliRunner()
    base = ["--data-dir", str(data_path), "--database-url", database_url]

    def invoke(*args: str | Path) -> Result:
        return runner.invoke(cli, [*base, *map(str, args)])

    return invoke


@pytest.fixture
def ready(run: Run) -> Run:
    """A `run` whose data directory is initialised and has the OPD DINKES."""
    assert run("init").exit_code == 0
    assert run("orgs", "add", "DINKES", "--name", "Dinas Kesehatan Provinsi Jawa Timur",
               "--short-name", "Dinas Kesehatan").exit_code == 0  # fmt: skip
    return run
