"""Catalog use cases: organizations and datasets, read through the permission policy."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from sqlalchemy import ColumnElement, Select, and_, func, or_, select
from sqlalchemy.orm import Session, object_session, selectinload

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import (
    PEMBINA_STATE,
    can_read,
    can_read_version,
    is_reviewer,
    read_scope,
    reads_as_pembina,
    require_organization_creator,
    require_write,
)
from satudata.catalog.schema import (
    DatasetCreate,
    DatasetPublic,
    DatasetSummary,
    DatasetUpdate,
    OrganizationCreate,
    OrganizationPublic,
    VersionPublic,
)
from satudata.catalog.text import fold
from satudata.db.base import utcnow
from satudata.db.models import Dataset, DatasetTag, DatasetYear, Organization, Version
from satudata.db.workflow import Review
from satudata.errors import (
    ConflictError,
    InvalidInputError,
    invalid_input,
    not_found,
)
from satudata.lake.stats import years_covered
from satudata.tableschema.model import TableSchema

SEARCHED_FIELDS = ("title", "description", "sector", "concept", "definition", "measure", "unit",
                   "source", "producer", "classification")  # fmt: skip


def create_organization(
    session: Session, *, actor: Actor, data: OrganizationCreate
) -> OrganizationPublic:
    """Register an OPD."""
    require_organization_creator(actor)
    if session.scalar(select(Organization).where(Organization.code == data.code)):
        raise ConflictError(
            f"OPD dengan kode '{data.code}' sudah ada.",
            f"An organization with code '{data.code}' already exists.",
            type="duplicate-organization",
        )
    org = Organization(code=data.code, name=data.name, short_name=data.short_name or data.name)
    session.add(org)
    session.flush()
    record(session, actor, "organization.created", target=org.code, organization_id=org.id,
           after={"code": org.code, "name": org.name, "short_name": org.short_name})  # fmt: skip
    return OrganizationPublic.model_validate(org)


def get_organization_row(session: Session, code: str) -> Organization:
    """Return the OPD with this code."""
    org = session.scalar(select(Organization).where(Organization.code == code))
    if org is None:
        raise not_found("OPD", "Organization", code)
    return org


PEMBINA_STAGE = "pembina"  # Review.stage of the pembina's review of priority data


def versions_before_pembina() -> Select[Any]:
    """Return the ids of the versions put before the pembina: waiting for it, or decided."""
    reviewed = select(Review.version_id).where(Review.stage == PEMBINA_STAGE)
    return select(Version.id).where(or_(Version.state == PEMBINA_STATE, Version.id.in_(reviewed)))


def _before_pembina(dataset: Dataset, actor: Actor) -> frozenset[int]:
    """Return the ids of `dataset`'s versions before the pembina, when `actor` is the pembina."""
    session = object_session(dataset)
    if session is None or not reads_as_pembina(actor):
        return frozenset()
    ids = versions_before_pembina().where(Version.dataset_id == dataset.id)
    return frozenset(session.scalars(ids))


def visible_to(actor: Actor, *, publications: bool = False) -> ColumnElement[bool]:
    """Return the SQL condition on Dataset for the datasets `actor` may see (see can_read).

    With `publications`, only those whose current publication it may read too.
    """
    scope = read_scope(actor)
    clauses: list[ColumnElement[bool]] = [Dataset.access_level.in_(scope.levels)]
    if scope.tertutup_organizations:
        owners = select(Organization.id).where(Organization.code.in_(scope.tertutup_organizations))
        clauses.append(
            and_(Dataset.access_level == "tertutup", Dataset.organization_id.in_(owners))
        )
    if scope.tertutup_before_pembina:
        before = versions_before_pembina()
        reached = (Dataset.current_version_id.in_(before) if publications else
                   Dataset.id.in_(select(Version.dataset_id).where(Version.id.in_(before))))  # fmt: skip
        clauses.append(and_(Dataset.access_level == "tertutup", reached))
    return or_(*clauses)


def list_organizations(session: Session, *, actor: Actor) -> list[OrganizationPublic]:
    """List OPDs with the number of datasets the actor can see."""
    counts = dict(
        session.execute(
            select(Dataset.organization_id, func.count())
            .where(visible_to(actor))
            .group_by(Dataset.organization_id)
        ).all()
    )
    orgs = session.scalars(select(Organization).order_by(Organization.name)).all()
    return [
        OrganizationPublic(
            code=o.code, name=o.name, short_name=o.short_name, dataset_count=counts.get(o.id, 0)
        )
        for o in orgs
    ]


def search_text(dataset: Dataset) -> str:
    """Return the folded text a dataset is found by."""
    parts = [getattr(dataset, f) or "" for f in SEARCHED_FIELDS]
    parts += [t.tag for t in dataset.tags]
    parts += [dataset.slug.replace("-", " ")]
    if dataset.organization is not None:
        parts += [dataset.organization.name, dataset.organization.short_name]
    return " " + fold(" ".join(parts)) + " "


def _set_tags(dataset: Dataset, tags: list[str]) -> None:
    clean = sorted({" ".join(t.lower().split()) for t in tags if t.strip()})
    dataset.tags = [DatasetTag(tag=t[:64]) for t in clean]


def create_dataset(session: Session, *, actor: Actor, data: DatasetCreate) -> Dataset:
    """Create a dataset of an OPD (no version yet)."""
    org = get_organization_row(session, data.organization)
    require_write(actor, organization=org.code)
    if session.scalar(select(Dataset.id).where(Dataset.slug == data.slug)):
        raise ConflictError(
            f"Dataset '{data.slug}' sudah ada.", f"Dataset '{data.slug}' already exists.",
            type="duplicate-dataset",
        )  # fmt: skip
    fields = data.model_dump(exclude={"organization", "tags", "slug"})
    dataset = Dataset(slug=data.slug, organization=org, **fields)
    _set_tags(dataset, data.tags)
    dataset.search_text = search_text(dataset)
    session.add(dataset)
    session.flush()
    record(session, actor, "dataset.created", target=dataset.slug,
           organization_id=dataset.organization_id, dataset_id=dataset.id,
           after=data.model_dump(mode="json"))  # fmt: skip
    return dataset


def update_dataset(
    session: Session, *, actor: Actor, slug: str, data: DatasetUpdate
) -> DatasetPublic:
    """Change a dataset's metadata.

    Once a dataset is published, an agency's change waits for the walidata
    (`pending_changes`, see `review_metadata`); the walidata's and administrators' own
    changes apply at once. Either way the log records it.
    """
    dataset = get_dataset_row(session, slug, actor=actor)
    require_write(actor, organization=dataset.organization.code)
    changes = data.model_dump(mode="json", exclude_unset=True, exclude_none=True)  # null: keep
    if dataset.current_version is not None and not is_reviewer(actor):
        dataset.pending_changes = {**(dataset.pending_changes or {}), **changes}
        record(session, actor, "dataset.change_proposed", target=dataset.slug,
               organization_id=dataset.organization_id, dataset_id=dataset.id,
               before=_current_values(dataset, changes), after=changes)  # fmt: skip
        session.flush()
        return dataset_public(dataset, actor=actor)
    apply_metadata(session, actor, dataset, changes, action="dataset.updated")
    return dataset_public(dataset, actor=actor)


def _current_values(dataset: Dataset, changes: dict[str, Any]) -> dict[str, Any]:
    return {k: ([t.tag for t in dataset.tags] if k == "tags" else getattr(dataset, k))
            for k in changes}  # fmt: skip


def apply_metadata(session: Session, actor: Actor, dataset: Dataset, changes: dict[str, Any],
                   *, action: str) -> None:  # fmt: skip
    """Set metadata fields (and tags) of a dataset, and record it under `action`."""
    before = _current_values(dataset, changes)
    fields = dict(changes)
    tags = fields.pop("tags", None)
    for key, value in fields.items():
        setattr(dataset, key, value)
    if tags is not None:
        _set_tags(dataset, tags)
    dataset.search_text = search_text(dataset)
    record(session, actor, action, target=dataset.slug, organization_id=dataset.organization_id,
           dataset_id=dataset.id, before=before, after=changes)  # fmt: skip
    session.flush()


def set_table_schema(
    session: Session, *, actor: Actor, slug: str, descriptor: dict[str, Any]
) -> DatasetPublic:
    """Replace a dataset's Table Schema (constraints, keys, an accepted schema change).

    Later uploads are checked against it; existing versions keep the schema they were
    written with.
    """
    dataset = get_dataset_row(session, slug, actor=actor)
    require_write(actor, organization=dataset.organization.code)
    try:
        schema = TableSchema.from_descriptor(descriptor)
    except ValidationError as exc:
        raise invalid_input(exc, type="invalid-schema") from exc
    names = schema.field_names
    unknown = [n for n in schema.primary_key if n not in names]
    if len(set(names)) != len(names) or unknown:
        raise InvalidInputError(
            "Skema tidak sah: nama kolom harus unik dan kunci utama harus memakai kolom yang ada.",
            "Invalid schema: field names must be unique and the primary key must use them.",
            type="invalid-schema", details={"unknown_key_fields": unknown},
        )  # fmt: skip
    dataset.table_schema = schema.to_descriptor()
    session.flush()
    return dataset_public(dataset)


def get_dataset_row(session: Session, slug: str, *, actor: Actor) -> Dataset:
    """Return a dataset the actor may read; a hidden one is reported as not found."""
    dataset = session.scalar(
        select(Dataset)
        .where(Dataset.slug == slug)
        .options(selectinload(Dataset.organization), selectinload(Dataset.tags))
    )
    if dataset is None or not can_read(
        actor,
        access_level=dataset.access_level,
        organization=dataset.organization.code,
        before_pembina=bool(_before_pembina(dataset, actor)),
    ):
        raise not_found("Dataset", "Dataset", slug)
    return dataset


def can_read_version_of(actor: Actor, dataset: Dataset, version: Version,
                        before_pembina: frozenset[int] | None = None) -> bool:  # fmt: skip
    """May `actor` read `version` of `dataset` (a dataset it may read)? See can_read_version."""
    before = _before_pembina(dataset, actor) if before_pembina is None else before_pembina
    return can_read_version(actor, state=version.state, organization=dataset.organization.code,
                            access_level=dataset.access_level,
                            before_pembina=version.id in before)  # fmt: skip


def get_dataset(session: Session, *, actor: Actor, slug: str) -> DatasetPublic:
    """Return a dataset's metadata, schema and versions."""
    return dataset_public(get_dataset_row(session, slug, actor=actor), actor=actor)


def get_version_row(dataset: Dataset, number: int | None, *, actor: Actor | None = None) -> Version:
    """Return the numbered version, or the current one; with `actor`, one it may read.

    A draft or a version under review the actor may not see is reported as not found.
    """
    if number is None:
        current = dataset.current_version
        if current is None or not (actor is None or can_read_version_of(actor, dataset, current)):
            raise not_found("Versi data", "Version", f"{dataset.slug}@current")
        return current
    for version in dataset.versions:
        if version.number == number and (actor is None or
                                         can_read_version_of(actor, dataset, version)):  # fmt: skip
            return version
    raise not_found("Versi data", "Version", f"{dataset.slug}@{number}")


def make_current(dataset: Dataset, version: Version) -> None:
    """Make `version` the dataset's public one; the one it replaces becomes superseded."""
    current = dataset.current_version
    if current is not None and current.id != version.id and current.state == "published":
        current.state = "superseded"
    version.state = "published"
    version.published_at = utcnow()
    dataset.current_version = version
    schema = TableSchema.from_descriptor(version.table_schema)
    dataset.years = [DatasetYear(year=y) for y in years_covered(schema, version.column_stats)]
    dataset.search_text = search_text(dataset)


def version_public(version: Version, current_id: int | None) -> VersionPublic:
    """Convert a version row to its public form."""
    return VersionPublic(
        number=version.number,
        created_at=version.created_at,
        row_count=version.row_count,
        byte_size=version.byte_size,
        content_hash=version.content_hash,
        source_filename=version.source_filename,
        source_sha256=version.source_file.sha256,
        column_stats=version.column_stats,
        ingest_notes=version.ingest_notes,
        state=version.state,
        validation=version.validation or {},
        warning_count=version.warning_count or 0,
        is_current=version.id == current_id,
    )


def dataset_summary(dataset: Dataset) -> DatasetSummary:
    """Convert a dataset row to its list form."""
    current = dataset.current_version
    org = dataset.organization
    return DatasetSummary(
        slug=dataset.slug,
        organization=OrganizationPublic(code=org.code, name=org.name, short_name=org.short_name),
        tags=[t.tag for t in dataset.tags],
        years=[y.year for y in dataset.years],
        row_count=current.row_count if current else None,
        version_count=len(dataset.versions),
        current_version=current.number if current else None,
        created_at=dataset.created_at,
        updated_at=dataset.updated_at,
        **{
            k: getattr(dataset, k)
            for k in DatasetSummary.model_fields
            if k
            not in {
                "slug",
                "organization",
                "tags",
                "years",
                "row_count",
                "version_count",
                "current_version",
                "created_at",
                "updated_at",
            }
        },
    )


def dataset_public(dataset: Dataset, *, actor: Actor | None = None) -> DatasetPublic:
    """Convert a dataset row to its full public form (the versions `actor` may see)."""
    summary = dataset_summary(dataset)
    current_id = dataset.current_version_id
    before = _before_pembina(dataset, actor) if actor is not None else frozenset()
    return DatasetPublic(
        **summary.model_dump(),
        table_schema=dataset.table_schema,
        checks=dataset.checks or {},
        pending_changes=dataset.pending_changes or {},
        versions=[
            version_public(v, current_id)
            for v in reversed(dataset.versions)
            if actor is None or can_read_version_of(actor, dataset, v, before)
        ],
    )
