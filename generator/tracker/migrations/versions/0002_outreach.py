"""Door-to-door outreach: visits, their outcomes, village denominators and commune targets.

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
    op.create_table(
        "visits",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False, unique=True),
        sa.Column("member_id", sa.Integer, sa.ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True),
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), nullable=False),
        sa.Column("household", sa.String(16), nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("visited_on", sa.Date, nullable=False, index=True),
        sa.Column("note", sa.Text, nullable=True),
        sa.Column("received_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_visits_team_household", "visits", ["team_id", "household"])
    op.create_table(
        "visit_outcomes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("visit_id", sa.Integer, sa.ForeignKey("visits.id", ondelete="CASCADE"), nullable=False, index=True),
        sa.Column("lesson_id", sa.String(64), nullable=False),
        sa.Column("outcome_id", sa.String(64), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("people", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32), nullable=True),
    )
    op.create_table(
        "denominators",
        sa.Column("team_id", sa.Integer, sa.ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("kind", sa.String(16), primary_key=True),
        sa.Column("value", sa.Integer, nullable=False),
        sa.Column("as_of", sa.Date, nullable=False),
        sa.Column("source", sa.String(200), nullable=False),
    )
    op.create_table(
        "targets",
        sa.Column("commune_code", sa.String(8), sa.ForeignKey("communes.code", ondelete="CASCADE"), primary_key=True),
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("title_vi", sa.String(200), nullable=False),
        sa.Column("title_en", sa.String(200), nullable=False),
        sa.Column("outcomes", sa.Text, nullable=False),
        sa.Column("denominator", sa.String(16), nullable=False),
        sa.Column("percent", sa.Integer, nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
    )


def downgrade() -> None:
    for table in ("targets", "denominators", "visit_outcomes", "visits"):
        op.drop_table(table)
