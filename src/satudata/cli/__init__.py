"""The `satudata` command line: a thin shell over the library."""

from satudata.cli.main import main

__all__ = ["main"]
