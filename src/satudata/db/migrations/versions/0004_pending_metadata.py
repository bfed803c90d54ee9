"""pending metadata: an agency's change to a published dataset waits for the walidata

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("dataset") as batch:
        batch.add_column(sa.Column("pending_changes", sa.JSON(), nullable=False,
                                   server_default="{}"))  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("dataset") as batch:
        batch.drop_column("pending_changes")
