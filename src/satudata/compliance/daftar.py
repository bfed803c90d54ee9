"""The Daftar Data: the items each OPD must supply, kept by the walidata.

Reading is for those `auth.policy` allows (an OPD sees its own items); changes are
the walidata's and administrators', and every change is in the audit log. Spreadsheet
import and export are in `compliance.sheet`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from satudata.audit.service import record
from satudata.auth.actor import Actor
from satudata.auth.policy import (
    can_read_organization_items,
    reads_every_organization,
    require_board_reader,
    require_data_list_maintainer,
)
from satudata.catalog.periods import FREQUENCY_EN, rule_for
from satudata.catalog.service import get_organization_row
from satudata.compliance.schema import DataListItemCreate, DataListItemPublic, DataListItemUpdate
from satudata.db.compliance import ComplianceReminder, DataListItem
from satudata.db.models import Dataset, Organization
from satudata.errors import ConflictError, InvalidInputError, not_found

FIELDS = ("title", "frequency", "due_months", "due_day", "due_days", "region_level", "priority",
          "sector", "start_date", "end_date", "notes")  # fmt: skip


def rule_words(item: DataListItem) -> tuple[str, str]:
    """Return the item's effective due rule in words: (Indonesian, English)."""
    rule = rule_for(item.frequency, months=item.due_months, day=item.due_day, days=item.due_days)
    words_id, words_en = [], []
    if rule.months or rule.day is not None:
        last = rule.day in (None, 31)
        words_id.append(("akhir bulan" if last else f"tanggal {rule.day}")
                        + f", {rule.months} bulan setelah periode berakhir")  # fmt: skip
        words_en.append(("the last day" if last else f"day {rule.day}")
                        + f" of the month {rule.months} month(s) after the period ends")  # fmt: skip
    if rule.days:
        words_id.append(f"+{rule.days} hari" if words_id
                        else f"{rule.days} hari setelah periode berakhir")  # fmt: skip
        words_en.append(f"+{rule.days} days" if words_en
                        else f"{rule.days} days after the period ends")  # fmt: skip
    return ("; ".join(words_id) or "hari terakhir periode",
            "; ".join(words_en) or "the last day of the period")  # fmt: skip


def rule_text(item: DataListItem) -> str:
    """Return the item's effective due rule in Indonesian words."""
    return rule_words(item)[0]


def item_public(item: DataListItem) -> DataListItemPublic:
    """Convert an item row to its public form."""
    return DataListItemPublic(
        id=item.id, organization=item.organization.code,
        organization_name=item.organization.short_name or item.organization.name,
        title=item.title, dataset=item.dataset.slug if item.dataset else None,
        frequency=item.frequency, due_months=item.due_months, due_day=item.due_day,
        due_days=item.due_days, due_rule=rule_words(item)[0],
        due_rule_en=rule_words(item)[1], region_level=item.region_level,
        priority=item.priority, sector=item.sector, start_date=item.start_date,
        end_date=item.end_date, notes=item.notes, created_at=item.created_at,
        updated_at=item.updated_at,
    )  # fmt: skip


def item_rows(session: Session, *, actor: Actor, organization: str | None = None,
              sector: str | None = None, priority: bool | None = None) -> list[DataListItem]:  # fmt: skip
    """Return the items `actor` may see, by OPD and title, filtered."""
    require_board_reader(actor)
    stmt = (select(DataListItem).join(Organization)
            .options(selectinload(DataListItem.organization), selectinload(DataListItem.dataset))
            .order_by(Organization.name, DataListItem.title))  # fmt: skip
    if not reads_every_organization(actor):
        stmt = stmt.where(Organization.code.in_(sorted(actor.organizations)))
    if organization:
        stmt = stmt.where(Organization.code == organization)
    if sector:
        stmt = stmt.where(DataListItem.sector == sector)
    if priority is not None:
        stmt = stmt.where(DataListItem.priority.is_(priority))
    return list(session.scalars(stmt))


def list_items(session: Session, *, actor: Actor, organization: str | None = None,
               sector: str | None = None, priority: bool | None = None) -> list[DataListItemPublic]:  # fmt: skip
    """List the Daftar Data items `actor` may see."""
    return [item_public(i) for i in item_rows(session, actor=actor, organization=organization,
                                              sector=sector, priority=priority)]  # fmt: skip


def get_item_row(session: Session, *, actor: Actor, item_id: int) -> DataListItem:
    """Return one item `actor` may see; one it may not is reported as not found."""
    item = session.get(DataListItem, item_id)
    if item is None or not can_read_organization_items(actor, item.organization.code):
        raise not_found("Butir Daftar Data", "Daftar Data item", str(item_id))
    return item


def _dataset_id(session: Session, slug: str | None, organization: Organization) -> int | None:
    if not slug:
        return None
    dataset = session.scalar(select(Dataset).where(Dataset.slug == slug))
    if dataset is None:
        raise not_found("Dataset", "Dataset", slug)
    if dataset.organization_id != organization.id:
        raise ConflictError(
            f"Dataset '{slug}' milik OPD lain, bukan {organization.code}.",
            f"Dataset '{slug}' belongs to another organization, not {organization.code}.",
            type="dataset-of-other-organization",
        )  # fmt: skip
    return dataset.id


def _duplicate(organization: str, title: str) -> ConflictError:
    return ConflictError(f"{organization} sudah punya butir Daftar Data '{title}'.",
                         f"{organization} already has a Daftar Data item '{title}'.",
                         type="duplicate-data-list-item")  # fmt: skip


def _find(session: Session, organization_id: int, title: str) -> DataListItem | None:
    return session.scalar(select(DataListItem).where(
        DataListItem.organization_id == organization_id, DataListItem.title == title))  # fmt: skip


def _snapshot(item: DataListItem) -> dict[str, Any]:
    return {**{f: getattr(item, f) for f in FIELDS},
            "dataset": item.dataset.slug if item.dataset else None}  # fmt: skip


def create_item(session: Session, *, actor: Actor, data: DataListItemCreate) -> DataListItemPublic:
    """Add an item to an OPD's Daftar Data."""
    require_data_list_maintainer(actor)
    org = get_organization_row(session, data.organization)
    if _find(session, org.id, data.title) is not None:
        raise _duplicate(org.code, data.title)
    item = DataListItem(organization=org, dataset_id=_dataset_id(session, data.dataset, org),
                        **data.model_dump(include=set(FIELDS)))  # fmt: skip
    session.add(item)
    session.flush()
    session.refresh(item)
    record(session, actor, "data_list.created", target=f"{org.code}: {item.title}",
           organization_id=org.id, dataset_id=item.dataset_id, after=_snapshot(item))  # fmt: skip
    return item_public(item)


def update_item(session: Session, *, actor: Actor, item_id: int,
                data: DataListItemUpdate) -> DataListItemPublic:  # fmt: skip
    """Change an item; fields left out stay as they are."""
    require_data_list_maintainer(actor)
    item = get_item_row(session, actor=actor, item_id=item_id)
    before = _snapshot(item)
    changes = data.model_dump(exclude_unset=True)
    if "dataset" in changes:
        item.dataset_id = _dataset_id(session, changes.pop("dataset"), item.organization)
    title = changes.get("title")
    if title and title != item.title and _find(session, item.organization_id, title):
        raise _duplicate(item.organization.code, title)
    for key, value in changes.items():
        if value is not None or key in ("end_date", "due_months", "due_day", "due_days"):
            setattr(item, key, value)
    if item.end_date is not None and item.end_date < item.start_date:
        raise InvalidInputError(
            f"Tanggal berakhir {item.end_date} sebelum tanggal mulai {item.start_date}.",
            f"The end date {item.end_date} is before the start date {item.start_date}.",
            type="invalid-input", details={"field": "end_date"})  # fmt: skip
    session.flush()
    session.refresh(item)
    record(session, actor, "data_list.updated", target=f"{item.organization.code}: {item.title}",
           organization_id=item.organization_id, dataset_id=item.dataset_id, before=before,
           after=_snapshot(item))  # fmt: skip
    return item_public(item)


def delete_item(session: Session, *, actor: Actor, item_id: int) -> None:
    """Remove an item (and its reminders); to keep it in the history, end it instead."""
    require_data_list_maintainer(actor)
    item = get_item_row(session, actor=actor, item_id=item_id)
    record(session, actor, "data_list.deleted", target=f"{item.organization.code}: {item.title}",
           organization_id=item.organization_id, dataset_id=item.dataset_id,
           before=_snapshot(item))  # fmt: skip
    for reminder in session.scalars(select(ComplianceReminder).where(
            ComplianceReminder.item_id == item.id)):  # fmt: skip
        session.delete(reminder)
    session.delete(item)
    session.flush()


def sectors(session: Session) -> list[str]:
    """Return the sectors the Daftar Data names, for filters."""
    return sorted(s for s in session.scalars(select(DataListItem.sector).distinct()) if s)


def frequency_words(frequency: str) -> tuple[str, str]:
    """Return the frequency as shown: ("Tahunan", "annual")."""
    return frequency.capitalize(), FREQUENCY_EN.get(frequency, frequency)
