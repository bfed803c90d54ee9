"""initial catalog schema

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "organization",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=255), nullable=False),
        sa.Column("short_name", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organization")),
        sa.UniqueConstraint("code", name=op.f("uq_organization_code")),
    )
    op.create_table(
        "source_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("stored_path", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_source_file")),
        sa.UniqueConstraint("sha256", name=op.f("uq_source_file_sha256")),
    )
    op.create_table(
        "dataset",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=128), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("sector", sa.String(length=64), nullable=False),
        sa.Column("license", sa.String(length=64), nullable=False),
        sa.Column("access_level", sa.String(length=16), nullable=False),
        sa.Column("concept", sa.Text(), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("classification", sa.Text(), nullable=False),
        sa.Column("measure", sa.String(length=255), nullable=False),
        sa.Column("unit", sa.String(length=128), nullable=False),
        sa.Column("frequency", sa.String(length=32), nullable=False),
        sa.Column("period_coverage", sa.String(length=128), nullable=False),
        sa.Column("region_level", sa.String(length=32), nullable=False),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.Column("producer", sa.String(length=255), nullable=False),
        sa.Column("release_schedule", sa.String(length=255), nullable=False),
        sa.Column("priority", sa.Boolean(), nullable=False),
        sa.Column("bps_indicator_code", sa.String(length=64), nullable=False),
        sa.Column("kode_dssd", sa.String(length=64), nullable=False),
        sa.Column("is_sample", sa.Boolean(), nullable=False),
        sa.Column("table_schema", sa.JSON(), nullable=True),
        sa.Column("current_version_id", sa.Integer(), nullable=True),
        sa.Column("search_text", sa.Text(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_version_id"],
            ["version.id"],
            name=op.f("fk_dataset_current_version_id_version"),
            use_alter=True,
        ),
        sa.ForeignKeyConstraint(
            ["organization_id"],
            ["organization.id"],
            name=op.f("fk_dataset_organization_id_organization"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dataset")),
        sa.UniqueConstraint("slug", name=op.f("uq_dataset_slug")),
    )
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_frequency"), ["frequency"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_dataset_organization_id"), ["organization_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_dataset_region_level"), ["region_level"], unique=False)
        batch_op.create_index(batch_op.f("ix_dataset_sector"), ["sector"], unique=False)

    op.create_table(
        "dataset_tag",
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"], ["dataset.id"], name=op.f("fk_dataset_tag_dataset_id_dataset")
        ),
        sa.PrimaryKeyConstraint("dataset_id", "tag", name=op.f("pk_dataset_tag")),
    )
    with op.batch_alter_table("dataset_tag", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_tag_tag"), ["tag"], unique=False)

    op.create_table(
        "dataset_year",
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"], ["dataset.id"], name=op.f("fk_dataset_year_dataset_id_dataset")
        ),
        sa.PrimaryKeyConstraint("dataset_id", "year", name=op.f("pk_dataset_year")),
    )
    with op.batch_alter_table("dataset_year", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_dataset_year_year"), ["year"], unique=False)

    op.create_table(
        "version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("parquet_path", sa.String(length=500), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("row_count", sa.BigInteger(), nullable=False),
        sa.Column("byte_size", sa.BigInteger(), nullable=False),
        sa.Column("table_schema", sa.JSON(), nullable=False),
        sa.Column("column_stats", sa.JSON(), nullable=False),
        sa.Column("ingest_notes", sa.JSON(), nullable=False),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("source_filename", sa.String(length=500), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"], ["dataset.id"], name=op.f("fk_version_dataset_id_dataset")
        ),
        sa.ForeignKeyConstraint(
            ["source_file_id"],
            ["source_file.id"],
            name=op.f("fk_version_source_file_id_source_file"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version")),
        sa.UniqueConstraint("dataset_id", "number", name=op.f("uq_version_dataset_id")),
    )
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_version_dataset_id"), ["dataset_id"], unique=False)

    op.create_table(
        "upload",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("source_file_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(length=500), nullable=False),
        sa.Column("sheet", sa.String(length=255), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("report", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["dataset_id"], ["dataset.id"], name=op.f("fk_upload_dataset_id_dataset")
        ),
        sa.ForeignKeyConstraint(
            ["source_file_id"],
            ["source_file.id"],
            name=op.f("fk_upload_source_file_id_source_file"),
        ),
        sa.ForeignKeyConstraint(
            ["version_id"], ["version.id"], name=op.f("fk_upload_version_id_version")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload")),
    )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_upload_dataset_id"), ["dataset_id"], unique=False)

    # dataset <-> version is a cycle: SQLite wrote the key inline above; others add it now.
    if op.get_context().dialect.name != "sqlite":
        op.create_foreign_key(
            op.f("fk_dataset_current_version_id_version"),
            "dataset", "version", ["current_version_id"], ["id"],
        )  # fmt: skip


def downgrade() -> None:
    if op.get_context().dialect.name != "sqlite":
        op.drop_constraint(
            op.f("fk_dataset_current_version_id_version"), "dataset", type_="foreignkey"
        )
    with op.batch_alter_table("upload", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_upload_dataset_id"))

    op.drop_table("upload")
    with op.batch_alter_table("version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_version_dataset_id"))

    op.drop_table("version")
    with op.batch_alter_table("dataset_year", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_year_year"))

    op.drop_table("dataset_year")
    with op.batch_alter_table("dataset_tag", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_tag_tag"))

    op.drop_table("dataset_tag")
    with op.batch_alter_table("dataset", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_dataset_sector"))
        batch_op.drop_index(batch_op.f("ix_dataset_region_level"))
        batch_op.drop_index(batch_op.f("ix_dataset_organization_id"))
        batch_op.drop_index(batch_op.f("ix_dataset_frequency"))

    op.drop_table("dataset")
    op.drop_table("source_file")
    op.drop_table("organization")
    # ### end Alembic commands ###
