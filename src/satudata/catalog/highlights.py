"""Headline indicators for the portal's home page, picked from the catalogue by one rule.

The rule: take the datasets presented at province level (tingkat penyajian "provinsi")
that the visitor may read and that have a published version, data prioritas first, then
the most recently updated. Such a dataset has one row per period; each of its numeric
columns that is not a dimension is an indicator, shown with its value in the latest
period and, for comparison, in the period before. A dataset with no period column, or
with several rows in its latest period, gives no indicator.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from satudata.auth.actor import Actor
from satudata.catalog.service import visible_to
from satudata.db.models import Dataset
from satudata.lake.query import QueryEngine, RowsQuery
from satudata.lake.store import Lake
from satudata.tableschema.model import TableSchema

HEADLINE_LEVEL = "provinsi"
HEADLINE_DATASETS = 3  # datasets read, at most
HEADLINE_LIMIT = 6  # indicators shown, at most
NUMERIC_TYPES = ("integer", "number")


class Headline(BaseModel):
    """One indicator: a numeric column's value in the latest period of a dataset."""

    dataset: str  # slug
    dataset_title: str
    column: str
    label: str
    value: float | int
    period: str
    previous_value: float | int | None = None
    previous_period: str | None = None

    @property
    def change(self) -> float | None:
        """Return the change since the previous period (None without one)."""
        if self.previous_value is None:
            return None
        return round(float(self.value) - float(self.previous_value), 10)


def column_label(name: str, title: str = "") -> str:
    """Return a readable label for a column: its title, else its name in words."""
    if title and title != name:
        return title
    words = name.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def _candidates(session: Session, actor: Actor) -> list[Dataset]:
    return list(
        session.scalars(
            select(Dataset)
            .where(
                visible_to(actor, publications=True),
                Dataset.region_level == HEADLINE_LEVEL,
                Dataset.current_version_id.is_not(None),
            )
            .options(selectinload(Dataset.current_version))
            .order_by(Dataset.priority.desc(), Dataset.updated_at.desc(), Dataset.id.desc())
            .limit(HEADLINE_DATASETS)
        )
    )


def _indicators(dataset: Dataset, lake: Lake, engine: QueryEngine) -> list[Headline]:
    version = dataset.current_version
    if version is None:
        return []
    schema = TableSchema.from_descriptor(version.table_schema)
    period = schema.dimension("period")
    measures = [f for f in schema.fields if f.type in NUMERIC_TYPES and f.dimension is None]
    if period is None or not measures:
        return []
    page = engine.rows(lake.path(version.parquet_path), schema,
                       RowsQuery(sort=[f"-{period.name}"], limit=2))  # fmt: skip
    rows: list[dict[str, Any]] = page.rows
    if not rows or rows[0][period.name] is None:
        return []
    latest = rows[0]
    previous = rows[1] if len(rows) > 1 else None
    if previous is not None and previous[period.name] == latest[period.name]:
        return []  # several rows per period: not a single-figure dataset
    found = []
    for field in measures:
        value = latest[field.name]
        if value is None:
            continue
        before = previous[field.name] if previous is not None else None
        found.append(Headline(
            dataset=dataset.slug, dataset_title=dataset.title, column=field.name,
            label=column_label(field.name, field.title), value=value,
            period=str(latest[period.name]), previous_value=before,
            previous_period=str(previous[period.name]) if previous is not None and
            before is not None else None,
        ))  # fmt: skip
    return found


def headline_indicators(session: Session, lake: Lake, engine: QueryEngine, *, actor: Actor,
                        limit: int = HEADLINE_LIMIT) -> list[Headline]:  # fmt: skip
    """Return up to `limit` headline indicators the actor may see (the rule: module doc)."""
    found: list[Headline] = []
    for dataset in _candidates(session, actor):
        found += _indicators(dataset, lake, engine)
        if len(found) >= limit:
            break
    return found[:limit]
