"""Initial schema: units, members, tokens, attempts, trainers, sessions.

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

# Times are stored as naive UTC (see generator.tracker.tables.UtcDateTime).
Time = sa.DateTime


def upgrade() -> None:
    op.create_table(
        "provinces",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
    )
    op.create_table(
        "communes",
        sa.Column("code", sa.String(8), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("province_code", sa.String(8), sa.ForeignKey("provinces.code"), nullable=False, index=True),
    )
    op.create_table(
        "teams",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("commune_code", sa.String(8), sa.ForeignKey("communes.code"), nullable=False, index=True),
        sa.Column("code", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.UniqueConstraint("commune_code", "code", name="uq_teams_commune_code"),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("public_id", sa.String(36), nullable=False, unique=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("phone", sa.String(20), nullable=True),
        sa.Column("created_at", Time(), nullable=False),
        sa.UniqueConstraint("team_id", "name", name="uq_members_team_name"),
    )
    op.create_table(
        "member_tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", Time(), nullable=False),
        sa.Column("revoked_at", Time(), nullable=True),
    )
    op.create_table(
        "attempts",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="CASCADE"), nullable=False),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("quiz_hash", sa.String(64), nullable=False),
        sa.Column("answers", sa.Text, nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("correct", sa.Integer, nullable=False),
        sa.Column("total", sa.Integer, nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("passed", sa.Boolean, nullable=False),
        sa.Column("finished_at", Time(), nullable=True),
        sa.Column("received_at", Time(), nullable=False),
        sa.UniqueConstraint("member_id", "client_id", name="uq_attempts_member_client"),
    )
    op.create_index("ix_attempts_member_lesson", "attempts", ["member_id", "lesson_id"])
    op.create_table(
        "trainers",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("display_name", sa.String(200), nullable=False),
        sa.Column("password_hash", sa.String(200), nullable=False),
        sa.Column("is_admin", sa.Boolean, nullable=False),
        sa.Column("created_at", Time(), nullable=False),
    )
    op.create_table(
        "trainer_units",
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("code", sa.String(8), primary_key=True),
    )
    op.create_table(
        "trainer_sessions",
        sa.Column("id_hash", sa.String(64), primary_key=True),
        sa.Column("trainer_id", sa.Integer, sa.ForeignKey("trainers.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("csrf_token", sa.String(64), nullable=False),
        sa.Column("lang", sa.String(8), nullable=False),
        sa.Column("expires_at", Time(), nullable=False),
    )


def downgrade() -> None:
    for table in ("trainer_sessions", "trainer_units", "trainers", "attempts", "member_tokens", "members", "teams", "communes", "provinces"):
        op.drop_table(table)
