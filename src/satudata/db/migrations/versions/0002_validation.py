"""validation: a dataset's check settings, a version's validation report, an upload's OPD

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dataset") as batch:
        batch.add_column(sa.Column("checks", sa.JSON(), nullable=False, server_default="{}"))
    with op.batch_alter_table("upload") as batch:
        batch.add_column(sa.Column("organization_id", sa.Integer(), nullable=True))
        batch.create_index(op.f("ix_upload_organization_id"), ["organization_id"])
        batch.create_foreign_key(op.f("fk_upload_organization_id_organization"),
                                 "organization", ["organization_id"], ["id"])  # fmt: skip
    with op.batch_alter_table("version") as batch:
        batch.add_column(sa.Column("validation", sa.JSON(), nullable=False, server_default="{}"))
        batch.add_column(
            sa.Column("warning_count", sa.Integer(), nullable=False, server_default="0")
        )


def downgrade() -> None:
    with op.batch_alter_table("upload") as batch:
        batch.drop_constraint(op.f("fk_upload_organization_id_organization"), type_="foreignkey")
        batch.drop_index(op.f("ix_upload_organization_id"))
        batch.drop_column("organization_id")
    with op.batch_alter_table("version") as batch:
        batch.drop_column("warning_count")
        batch.drop_column("validation")
    with op.batch_alter_table("dataset") as batch:
        batch.drop_column("checks")
