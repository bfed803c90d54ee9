"""Validation ("telaah data"): pluggable checks over a typed table, and their report.

A check is one module in `checks/` with a stable kebab-case `type`. Built-in checks are
registered as entry points of the group `satudata.checks` in pyproject.toml, exactly as a
plugin package would register its own. The runner feeds each check a `CheckContext`
(the typed table as a DuckDB view, the schema, the previous version, the dataset's
settings) and collects what it finds into one `Report`.
"""

from satudata.validate.context import CheckContext, RowLocator
from satudata.validate.registry import Check, CheckConfig, available_checks
from satudata.validate.report import Finding, FindingQuery, Report
from satudata.validate.runner import run_checks

__all__ = [
    "Check",
    "CheckConfig",
    "CheckContext",
    "Finding",
    "FindingQuery",
    "Report",
    "RowLocator",
    "available_checks",
    "run_checks",
]
