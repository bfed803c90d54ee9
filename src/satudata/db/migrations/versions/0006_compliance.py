"""compliance: the Daftar Data, reminders sent, monthly reports, cells of each version

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "data_list_item",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("frequency", sa.String(16), nullable=False),
        sa.Column("due_months", sa.Integer(), nullable=True),
        sa.Column("due_day", sa.Integer(), nullable=True),
        sa.Column("due_days", sa.Integer(), nullable=True),
        sa.Column("region_level", sa.String(32), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("sector", sa.String(64), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("updated_at", TZ, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"],
                                name=op.f("fk_data_list_item_organization_id_organization")),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"],
                                name=op.f("fk_data_list_item_dataset_id_dataset")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_data_list_item")),
        sa.UniqueConstraint("organization_id", "title",
                            name=op.f("uq_data_list_item_organization_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_data_list_item_organization_id"), "data_list_item",
                    ["organization_id"])  # fmt: skip
    op.create_index(op.f("ix_data_list_item_dataset_id"), "data_list_item", ["dataset_id"])
    op.create_table(
        "compliance_reminder",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(200), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=True),
        sa.Column("period", sa.String(16), nullable=False),
        sa.Column("notification_id", sa.Integer(), nullable=True),
        sa.Column("sent_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_compliance_reminder_user_id_user_account")),
        sa.ForeignKeyConstraint(["item_id"], ["data_list_item.id"], ondelete="CASCADE",
                                name=op.f("fk_compliance_reminder_item_id_data_list_item")),
        sa.ForeignKeyConstraint(["notification_id"], ["notification.id"],
                                name=op.f("fk_compliance_reminder_notification_id_notification")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_reminder")),
        sa.UniqueConstraint("user_id", "key", name=op.f("uq_compliance_reminder_user_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_compliance_reminder_user_id"), "compliance_reminder", ["user_id"])
    op.create_index(op.f("ix_compliance_reminder_item_id"), "compliance_reminder", ["item_id"])
    op.create_table(
        "compliance_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("as_of", sa.Date(), nullable=False),
        sa.Column("created_by", sa.String(320), nullable=False),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_compliance_report")),
        sa.UniqueConstraint("month", "revision", name=op.f("uq_compliance_report_month")),
    )  # fmt: skip
    op.create_index(op.f("ix_compliance_report_month"), "compliance_report", ["month"])
    op.create_table(
        "compliance_version_cells",
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("cells", sa.JSON(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"],
                                name=op.f("fk_compliance_version_cells_version_id_version")),
        sa.PrimaryKeyConstraint("version_id", name=op.f("pk_compliance_version_cells")),
    )  # fmt: skip


def downgrade() -> None:
    op.drop_table("compliance_version_cells")
    op.drop_table("compliance_report")
    op.drop_table("compliance_reminder")
    op.drop_table("data_list_item")
