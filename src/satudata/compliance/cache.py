"""Keeping the board's work between views while nothing it reads has changed.

Scoring every item at seven dates is the board's whole cost, and it grows with the
Daftar Data (a province of 50 OPDs owes hundreds of items). Everything the scores read
changes only together with one of a few facts: a new audit event (every upload, workflow
move, metadata and Daftar Data change is one), a new version, a new OPD, or an item added
or changed. `stamp` reads those facts in a few cheap queries; a cached result is used
only under the same stamp, so a view never shows a state older than the database's.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from satudata.db.compliance import DataListItem
from satudata.db.models import Organization, Version
from satudata.db.workflow import AuditEvent

T = TypeVar("T")


def stamp(session: Session) -> tuple[Any, ...]:
    """Return what changes whenever anything the compliance scores read changes."""
    items = session.execute(select(func.count(DataListItem.id), func.max(DataListItem.id),
                                   func.max(DataListItem.updated_at))).one()  # fmt: skip
    return (
        session.scalar(select(func.max(AuditEvent.id))),
        session.scalar(select(func.max(Version.id))),
        session.scalar(select(func.max(Organization.id))),
        *items,
    )


class ComplianceCache:
    """A small thread-safe LRU of computed results, keyed by stamp and arguments.

    Results are shared between requests: callers must not change what they get.
    """

    def __init__(self, size: int = 64) -> None:
        self._size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """Return the result kept under `key`, computing and keeping it when there is none."""
        with self._lock:
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]
        value = compute()
        with self._lock:
            self._entries[key] = value
            while len(self._entries) > self._size:
                self._entries.popitem(last=False)
        return value
