"""One OPD as the portal shows it: who it is and how many of its datasets a visitor may see."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from satudata.auth.actor import Actor
from satudata.catalog.schema import OrganizationPublic
from satudata.catalog.service import get_organization_row, visible_to
from satudata.db.models import Dataset


def get_organization(session: Session, *, actor: Actor, code: str) -> OrganizationPublic:
    """Return an OPD with the number of its datasets the actor may see (NotFoundError if none)."""
    org = get_organization_row(session, code)
    count = session.scalar(
        select(func.count()).select_from(Dataset)
        .where(Dataset.organization_id == org.id, visible_to(actor))
    )  # fmt: skip
    return OrganizationPublic(code=org.code, name=org.name, short_name=org.short_name,
                              dataset_count=count or 0)  # fmt: skip
