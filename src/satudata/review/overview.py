"""What a reviewer sees of one version: state, checklist, reasons, comments, the report and
the difference from the published version."""

from __future__ import annotations

from typing import Any

import duckdb
from sqlalchemy import select
from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.catalog.service import get_dataset_row, get_version_row
from satudata.db.workflow import Comment, Review
from satudata.lake.engine import connect
from satudata.lake.store import Lake
from satudata.review.checklist import build_checklist
from satudata.review.diff import diff_versions


def review_overview(session: Session, lake: Lake, *, actor: Actor, slug: str, number: int,
                    con: duckdb.DuckDBPyConnection | None = None) -> dict[str, Any]:  # fmt: skip
    """Return everything a review needs about a version the actor may see.

    `con`: a DuckDB cursor for the diff (a server passes one of its query engine's; opening
    a database costs more than the diff of a small table); without it one is opened.
    """
    dataset = get_dataset_row(session, slug, actor=actor)
    version = get_version_row(dataset, number, actor=actor)
    published = dataset.current_version
    reviews = session.scalars(
        select(Review).where(Review.version_id == version.id).order_by(Review.id)
    ).all()
    comments = session.scalars(
        select(Comment).where(Comment.version_id == version.id).order_by(Comment.id)
    ).all()
    open_review = next((r for r in reversed(reviews) if r.status == "open" and r.checklist), None)
    checklist = open_review.checklist if open_review else build_checklist(
        dataset, version, published if published is not None and published.id != version.id
        else None)  # fmt: skip
    diff = None
    if published is not None and published.id != version.id:
        cur = con if con is not None else connect(memory_limit="256MB", threads=2)
        try:
            diff = diff_versions(cur, lake.path(version.parquet_path), version.table_schema,
                                 lake.path(published.parquet_path), published.table_schema,
                                 new_stats=version.column_stats,
                                 old_stats=published.column_stats)  # fmt: skip
        finally:
            if con is None:
                cur.close()
    return {
        "dataset": dataset.slug, "version": version.number, "state": version.state,
        "priority": dataset.priority, "organization": dataset.organization.code,
        "published_version": published.number if published else None,
        "checklist": checklist,
        "reviews": [{"stage": r.stage, "status": r.status, "reviewer": r.reviewer,
                     "reasons": r.reasons, "checklist": r.checklist, "decided_at": r.decided_at}
                    for r in reviews],
        "comments": [{"author": c.author, "body": c.body, "created_at": c.created_at}
                     for c in comments],
        "validation": version.validation or {},
        "diff": diff,
    }  # fmt: skip
