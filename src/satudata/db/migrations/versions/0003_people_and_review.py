"""people and review: users, roles, tokens, sessions; version states, reviews, comments,
the append-only audit log and notifications

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

TZ = sa.DateTime(timezone=True)


def _id() -> sa.Column[int]:
    return sa.Column("id", sa.Integer(), nullable=False)


def upgrade() -> None:
    op.create_table(
        "user_account", _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("name", sa.String(255), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("last_login_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_account")),
        sa.UniqueConstraint("email", name=op.f("uq_user_account_email")),
    )  # fmt: skip
    op.create_table(
        "role_grant", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_role_grant_user_id_user_account")),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"],
                                name=op.f("fk_role_grant_organization_id_organization")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_role_grant")),
        sa.UniqueConstraint("user_id", "role", "organization_id", name=op.f("uq_role_grant_user_id")),
    )  # fmt: skip
    op.create_index(op.f("ix_role_grant_user_id"), "role_grant", ["user_id"])
    op.create_index(op.f("ix_role_grant_organization_id"), "role_grant", ["organization_id"])
    op.create_table(
        "api_token", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(128), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("scope", sa.String(8), nullable=False),
        sa.Column("expires_at", TZ, nullable=True),
        sa.Column("last_used_at", TZ, nullable=True),
        sa.Column("revoked_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_api_token_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_token_token_hash")),
    )  # fmt: skip
    op.create_index(op.f("ix_api_token_user_id"), "api_token", ["user_id"])
    op.create_table(
        "web_session", _id(),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("expires_at", TZ, nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_web_session_user_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_web_session")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_web_session_token_hash")),
    )  # fmt: skip
    op.create_index(op.f("ix_web_session_user_id"), "web_session", ["user_id"])
    op.create_table(
        "login_failure", _id(),
        sa.Column("email", sa.String(320), nullable=False),
        sa.Column("at", TZ, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failure")),
    )  # fmt: skip
    op.create_index(op.f("ix_login_failure_email"), "login_failure", ["email"])
    op.create_index(op.f("ix_login_failure_at"), "login_failure", ["at"])

    with op.batch_alter_table("version") as batch:
        batch.add_column(sa.Column("state", sa.String(16), nullable=False,
                                   server_default="published"))  # fmt: skip
        batch.add_column(sa.Column("uploaded_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("published_at", TZ, nullable=True))
        batch.create_foreign_key(op.f("fk_version_uploaded_by_id_user_account"), "user_account",
                                 ["uploaded_by_id"], ["id"])  # fmt: skip

    op.create_table(
        "review", _id(),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("stage", sa.String(16), nullable=False),
        sa.Column("reviewer_id", sa.Integer(), nullable=True),
        sa.Column("reviewer", sa.String(320), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("decided_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"], name=op.f("fk_review_version_id_version")),
        sa.ForeignKeyConstraint(["reviewer_id"], ["user_account.id"],
                                name=op.f("fk_review_reviewer_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review")),
    )  # fmt: skip
    op.create_index(op.f("ix_review_version_id"), "review", ["version_id"])
    op.create_table(
        "version_comment", _id(),
        sa.Column("version_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("author", sa.String(320), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"],
                                name=op.f("fk_version_comment_version_id_version")),
        sa.ForeignKeyConstraint(["author_id"], ["user_account.id"],
                                name=op.f("fk_version_comment_author_id_user_account")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_version_comment")),
    )  # fmt: skip
    op.create_index(op.f("ix_version_comment_version_id"), "version_comment", ["version_id"])
    op.create_table(
        "audit_event", _id(),
        sa.Column("at", TZ, nullable=False),
        sa.Column("actor", sa.String(320), nullable=False),
        sa.Column("actor_user_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(64), nullable=False),
        sa.Column("organization_id", sa.Integer(), nullable=True),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("target", sa.String(500), nullable=False),
        sa.Column("before", sa.JSON(), nullable=False),
        sa.Column("after", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["actor_user_id"], ["user_account.id"],
                                name=op.f("fk_audit_event_actor_user_id_user_account")),
        sa.ForeignKeyConstraint(["organization_id"], ["organization.id"],
                                name=op.f("fk_audit_event_organization_id_organization")),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"],
                                name=op.f("fk_audit_event_dataset_id_dataset")),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"],
                                name=op.f("fk_audit_event_version_id_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_event")),
    )  # fmt: skip
    op.create_index(op.f("ix_audit_event_at"), "audit_event", ["at"])
    op.create_index(op.f("ix_audit_event_action"), "audit_event", ["action"])
    op.create_index(op.f("ix_audit_event_organization_id"), "audit_event", ["organization_id"])
    op.create_index(op.f("ix_audit_event_dataset_id"), "audit_event", ["dataset_id"])
    op.create_table(
        "notification", _id(),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(500), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sa.String(500), nullable=False),
        sa.Column("dataset_id", sa.Integer(), nullable=True),
        sa.Column("version_id", sa.Integer(), nullable=True),
        sa.Column("read_at", TZ, nullable=True),
        sa.Column("emailed_at", TZ, nullable=True),
        sa.Column("created_at", TZ, nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"],
                                name=op.f("fk_notification_user_id_user_account")),
        sa.ForeignKeyConstraint(["dataset_id"], ["dataset.id"],
                                name=op.f("fk_notification_dataset_id_dataset")),
        sa.ForeignKeyConstraint(["version_id"], ["version.id"],
                                name=op.f("fk_notification_version_id_version")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notification")),
    )  # fmt: skip
    op.create_index(op.f("ix_notification_user_id"), "notification", ["user_id"])
    _append_only("audit_event")


def _append_only(table: str) -> None:
    """Make the database itself refuse to change or delete audit rows."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "CREATE FUNCTION satudata_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ "
            "BEGIN RAISE EXCEPTION 'audit_event is append-only'; END $$"
        )
        op.execute(f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
                   "FOR EACH ROW EXECUTE FUNCTION satudata_append_only()")  # fmt: skip
    else:
        for event in ("UPDATE", "DELETE"):
            op.execute(f"CREATE TRIGGER {table}_no_{event.lower()} BEFORE {event} ON {table} "
                       f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END")  # fmt: skip


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event")
        op.execute("DROP FUNCTION IF EXISTS satudata_append_only()")
    for table in ("notification", "audit_event", "version_comment", "review"):
        op.drop_table(table)
    with op.batch_alter_table("version") as batch:
        batch.drop_constraint(op.f("fk_version_uploaded_by_id_user_account"), type_="foreignkey")
        batch.drop_column("published_at")
        batch.drop_column("uploaded_by_id")
        batch.drop_column("state")
    for table in ("login_failure", "web_session", "api_token", "role_grant", "user_account"):
        op.drop_table(table)
