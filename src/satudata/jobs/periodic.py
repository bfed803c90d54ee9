"""Periodic tasks on the job queue: the daily Daftar Data reminders.

The consumer that runs periodic tasks (`satudata worker`, or the web process's worker
threads) starts them at the hour set by `compliance_remind_hour` (WIB). Several consumers
may run it: the reminders record what they sent, so nobody hears the same thing twice.
"""

from __future__ import annotations

import logging

from huey import Huey, crontab

from satudata.compliance.reminders import send_reminders
from satudata.runtime import Runtime

log = logging.getLogger(__name__)
REMIND_TASK = "satudata.compliance_remind"


def remind(runtime: Runtime) -> dict[str, object]:
    """Send the reminders due now; return what was done."""
    outcome = send_reminders(runtime.sessions, runtime.settings, runtime.lake)
    log.info("compliance reminders %s: %d notices, quiet=%s", outcome.as_of,
             len(outcome.notices), outcome.quiet)  # fmt: skip
    return {"as_of": outcome.as_of.isoformat(), "notices": len(outcome.notices),
            "quiet": outcome.quiet}  # fmt: skip


def register_periodic(huey: Huey, runtime: Runtime) -> None:
    """Register the daily reminder task on `huey` (its schedule in WIB)."""
    hour = runtime.settings.compliance_remind_hour
    if huey.utc:  # huey matches crontabs against UTC; WIB is UTC+7 all year
        hour = (hour - 7) % 24

    @huey.periodic_task(crontab(minute="0", hour=str(hour)), name=REMIND_TASK)
    def _remind() -> None:
        remind(runtime)
