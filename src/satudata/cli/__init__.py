"""The `satudata` command line: a thin shell over the library."""

from satudata.cli import checks, commands, compliance, datasets, orgs, reference, review, users  # noqa: F401  (register commands)
from satudata.cli.main import main

__all__ = ["main"]
