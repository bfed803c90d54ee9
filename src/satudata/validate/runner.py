"""Run the enabled checks of a stage and gather one report."""

from __future__ import annotations

from typing import Any

from satudata.validate.context import CheckContext, RowLocator
from satudata.validate.registry import CheckConfig, Stage, available_checks
from satudata.validate.report import (
    MAX_LISTED,
    Finding,
    FindingQuery,
    Report,
    SchemaProposal,
    Severity,
)

FOUND = "telaah_temuan"  # one check query's findings, while they are counted and listed


def run_checks(
    ctx: CheckContext,
    *,
    config: CheckConfig | None = None,
    locator: RowLocator | None = None,
    stage: Stage = "rows",
    report: Report | None = None,
) -> Report:
    """Run every enabled check of `stage` against the context; add to `report`."""
    config = config or CheckConfig()
    report = report if report is not None else Report()
    for cls in available_checks().values():
        if cls.stage != stage or not config.enabled(cls):
            continue
        severity = config.severity(cls)
        params = config.params(cls)
        count = 0
        for item in cls().run(ctx, params):
            if isinstance(item, SchemaProposal):
                report.proposal = item.as_dict()
            elif isinstance(item, FindingQuery):
                count += _run_query(ctx, item, severity, locator, report)
            else:
                item.severity = severity
                _place(item, item.row, locator)
                report.add(item)
                count += 1
        report.checks.append({"type": cls.type, "severity": severity, "params": params,
                              "count": count})  # fmt: skip
    return report


def _run_query(ctx: CheckContext, query: FindingQuery, severity: str,
               locator: RowLocator | None, report: Report) -> int:  # fmt: skip
    """Count a query's findings exactly, and list the first MAX_LISTED of them."""
    pos = "_row" if query.source_rows else "_ord"
    con = ctx.con
    # The findings are computed once; counting and listing read them back.
    con.execute(f"CREATE OR REPLACE TEMP TABLE {FOUND} AS {query.sql}")
    try:
        per_field = con.execute(f"SELECT field, count(*) FROM {FOUND} GROUP BY field").fetchall()
        total = sum(int(n) for _, n in per_field)
        if not total:
            return 0
        cur = con.execute(f"SELECT * FROM {FOUND} ORDER BY {pos}, field LIMIT {MAX_LISTED}")
        names = [d[0] for d in cur.description]
        records: list[dict[str, Any]] = [dict(zip(names, r, strict=True)) for r in cur.fetchall()]
    finally:
        con.execute(f"DROP TABLE IF EXISTS {FOUND}")
    if total > len(records):
        report.truncated = True
    _add_source_rows(records, locator, skip=query.source_rows)
    kind: Severity = "warning" if severity == "warning" else "error"
    type_ = ""
    for record in records:
        finding = query.build(record)
        finding.severity = kind
        _place(finding, record["_row"], locator)
        report.add(finding, counted=False)
        type_ = finding.type
    for fld, n in per_field:
        report.count(type_, kind, None if fld is None or " + " in str(fld) else str(fld), int(n))
    return total


def _add_source_rows(records: list[dict[str, Any]], locator: RowLocator | None, *,
                     skip: bool) -> None:  # fmt: skip
    """Give every `_ord…` column of the records its source row as `_row…`."""
    if skip:
        return
    keys = [k for k in (records[0] if records else {}) if k.startswith("_ord")]
    wanted = sorted({int(r[k]) for r in records for k in keys if r[k] is not None})
    rows = locator.rows(wanted) if locator is not None else {}
    for record in records:
        for k in keys:
            o = record[k]
            record["_row" + k[4:]] = None if o is None else rows.get(int(o), int(o) + 1)


def _place(finding: Finding, row: int | None, locator: RowLocator | None) -> None:
    """Set the finding's row and cell, and say where it is at the start of its messages."""
    finding.row = row
    if row is not None and finding.field and locator is not None and not finding.cell:
        finding.cell = locator.cell(finding.field, row)
    if finding.where == "none":
        return
    column = f"kolom '{finding.column}'" if finding.column and finding.where == "cell" else ""
    column_en = f"column '{finding.column}'" if column else ""
    if row is not None:
        where_id = f"Baris {row}" + (f", {column}" if column else "")
        where_en = f"Row {row}" + (f", {column_en}" if column_en else "")
    elif column:
        where_id, where_en = column[0].upper() + column[1:], column_en[0].upper() + column_en[1:]
    else:
        return
    finding.message = f"{where_id}: {finding.message}"
    finding.message_en = f"{where_en}: {finding.message_en}"
