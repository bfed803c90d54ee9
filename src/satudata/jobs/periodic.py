"""Periodic tasks on the job queue: the daily Daftar Data reminders, and the removal of
files left in the upload wizard.

The consumer that runs periodic tasks (`satudata worker`, or the web process's worker
threads) starts them at the hour set by `compliance_remind_hour` (WIB). Several consumers
may run it: the reminders record what they sent, so nobody hears the same thing twice.
"""

from __future__ import annotations

import logging
import shutil
import time
from pathlib import Path

from huey import Huey, crontab

from satudata.compliance.reminders import send_reminders
from satudata.runtime import Runtime

log = logging.getLogger(__name__)
REMIND_TASK = "satudata.compliance_remind"
SWEEP_TASK = "satudata.staging_sweep"


def staging_dir(runtime: Runtime) -> Path:
    """Where files sent to the upload wizard wait for their jobs (a folder each)."""
    return runtime.settings.resolved_data_dir / "staging"


def sweep_staging(folder: Path, *, keep_hours: int, now: float | None = None) -> int:
    """Remove staged folders nothing touched for `keep_hours`; return how many went.

    A folder's age is that of its newest entry, so a file being checked again, or one
    an ingest started from (it leaves a mark there), is kept while in use.
    """
    if not folder.is_dir():
        return 0
    limit = (now if now is not None else time.time()) - keep_hours * 3600
    removed = 0
    for staged in folder.iterdir():
        if not staged.is_dir():
            continue
        newest = max([staged.stat().st_mtime, *(p.stat().st_mtime for p in staged.iterdir())])
        if newest < limit:
            shutil.rmtree(staged, ignore_errors=True)
            removed += 1
    return removed


def remind(runtime: Runtime) -> dict[str, object]:
    """Send the reminders due now; return what was done."""
    outcome = send_reminders(runtime.sessions, runtime.settings, runtime.lake)
    log.info("compliance reminders %s: %d notices, quiet=%s", outcome.as_of,
             len(outcome.notices), outcome.quiet)  # fmt: skip
    return {"as_of": outcome.as_of.isoformat(), "notices": len(outcome.notices),
            "quiet": outcome.quiet}  # fmt: skip


def register_periodic(huey: Huey, runtime: Runtime) -> None:
    """Register the daily reminders (their hour in WIB) and the six-hourly staging sweep."""
    hour = runtime.settings.compliance_remind_hour
    if huey.utc:  # huey matches crontabs against UTC; WIB is UTC+7 all year
        hour = (hour - 7) % 24

    @huey.periodic_task(crontab(minute="0", hour=str(hour)), name=REMIND_TASK)
    def _remind() -> None:
        remind(runtime)

    @huey.periodic_task(crontab(minute="20", hour="*/6"), name=SWEEP_TASK)
    def _sweep() -> None:
        removed = sweep_staging(
            staging_dir(runtime), keep_hours=runtime.settings.staging_keep_hours
        )
        log.info("staging sweep: %d abandoned uploads removed", removed)
