"""Catalogue search: folded-text matching over metadata, ranking, and facet counts.

Matching is done in SQL with substring tests on a folded search text, which suits
Indonesian affixes ("didik" finds "pendidikan") and runs the same on SQLite and
PostgreSQL. Facet counts are computed over the datasets the actor may see, so a hidden
dataset never shows in a count.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from satudata.auth.actor import Actor
from satudata.catalog.schema import DatasetList, FacetValue
from satudata.catalog.service import dataset_summary, visible_to
from satudata.catalog.text import fold, query_terms
from satudata.db.models import Dataset, DatasetTag, DatasetYear, Organization, Version

FACETS = ("organization", "sector", "tag", "frequency", "region_level", "year")
SORTS = ("relevance", "title", "updated", "created")


@dataclass
class SearchQuery:
    """What a person searches for: text, facet filters, order and page."""

    q: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)
    sort: str = "relevance"
    limit: int = 20
    offset: int = 0


def _filter(stmt: Select[Any], name: str, values: list[str]) -> Select[Any]:
    if not values:
        return stmt
    if name == "organization":
        ids = select(Organization.id).where(Organization.code.in_(values))
        return stmt.where(Dataset.organization_id.in_(ids))
    if name == "tag":
        for tag in values:  # every chosen tag must be present
            stmt = stmt.where(
                Dataset.id.in_(select(DatasetTag.dataset_id).where(DatasetTag.tag == tag))
            )
        return stmt
    if name == "year":
        years = [int(v) for v in values if v.isdigit() and len(v) <= 4]  # fits any INTEGER
        return stmt.where(
            Dataset.id.in_(select(DatasetYear.dataset_id).where(DatasetYear.year.in_(years)))
        )
    return stmt.where(getattr(Dataset, name).in_(values))


def _matching_ids(session: Session, actor: Actor, query: SearchQuery) -> Select[Any]:
    stmt = select(Dataset.id).where(visible_to(actor))
    for term in query_terms(query.q):
        stmt = stmt.where(Dataset.search_text.contains(term, autoescape=True))
    for name, values in query.filters.items():
        stmt = _filter(stmt, name, values)
    return stmt


def _score(dataset: Dataset, terms: list[str]) -> float:
    title = fold(dataset.title)
    tags = " ".join(t.tag for t in dataset.tags)
    score = 0.0
    for term in terms:
        score += (
            3.0 * (term in title) + 2.0 * (term in tags) + dataset.search_text.count(term) * 0.1
        )
        if f" {term}" in f" {title}":
            score += 1.0
    return score


def _facet_counts(session: Session, ids: Select[Any]) -> dict[str, list[FacetValue]]:
    sub = ids.subquery()
    facets: dict[str, list[FacetValue]] = {}
    org_rows = session.execute(
        select(Organization.code, Organization.short_name, func.count())
        .join(Dataset, Dataset.organization_id == Organization.id)
        .where(Dataset.id.in_(select(sub.c.id)))
        .group_by(Organization.code, Organization.short_name)
    ).all()
    facets["organization"] = [FacetValue(value=c, label=n, count=k) for c, n, k in org_rows]
    for name in ("sector", "frequency", "region_level"):
        column = getattr(Dataset, name)
        rows = session.execute(
            select(column, func.count())
            .where(Dataset.id.in_(select(sub.c.id)), column != "")
            .group_by(column)
        ).all()
        facets[name] = [FacetValue(value=v, label=v, count=k) for v, k in rows]
    tag_rows = session.execute(
        select(DatasetTag.tag, func.count())
        .where(DatasetTag.dataset_id.in_(select(sub.c.id)))
        .group_by(DatasetTag.tag)
    ).all()
    facets["tag"] = [FacetValue(value=t, label=t, count=k) for t, k in tag_rows]
    year_rows = session.execute(
        select(DatasetYear.year, func.count())
        .where(DatasetYear.dataset_id.in_(select(sub.c.id)))
        .group_by(DatasetYear.year)
    ).all()
    facets["year"] = [FacetValue(value=str(y), label=str(y), count=k) for y, k in year_rows]
    for name, values in facets.items():
        if name == "year":
            values.sort(key=lambda f: f.value, reverse=True)
        else:
            values.sort(key=lambda f: (-f.count, f.label))
    return facets


def search_datasets(session: Session, *, actor: Actor, query: SearchQuery) -> DatasetList:
    """Find datasets the actor may see, with facet counts over the whole result."""
    ids = _matching_ids(session, actor, query)
    datasets = session.scalars(
        select(Dataset)
        .where(Dataset.id.in_(ids))
        .options(
            selectinload(Dataset.organization),
            selectinload(Dataset.tags),
            selectinload(Dataset.years),
            selectinload(Dataset.versions).selectinload(Version.source_file),
            selectinload(Dataset.current_version),
        )
    ).all()
    terms = query_terms(query.q)
    if query.sort == "title":
        ordered = sorted(datasets, key=lambda d: fold(d.title))
    elif query.sort == "created":
        ordered = sorted(datasets, key=lambda d: d.created_at, reverse=True)
    elif query.sort == "updated" or not terms:
        ordered = sorted(datasets, key=lambda d: (d.updated_at, d.id), reverse=True)
    else:
        ordered = sorted(datasets, key=lambda d: (-_score(d, terms), fold(d.title)))
    page = ordered[query.offset : query.offset + query.limit]
    return DatasetList(
        data=[dataset_summary(d) for d in page],
        count=len(ordered),
        facets=_facet_counts(session, ids),
    )
