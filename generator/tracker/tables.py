"""The tracker's database tables (SQLAlchemy 2 declarative models).

Units are keyed by official administrative codes (province, commune/ward) so a roster
survives renames and mergers; a village team is keyed by its code within its commune.
Secrets are never stored: member tokens and session ids as SHA-256, passwords as argon2.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship
from sqlalchemy.types import TypeDecorator


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UtcDateTime(TypeDecorator[dt.datetime]):
    """An aware UTC datetime on every database (SQLite keeps no time zone, so store naive UTC)."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given; use an aware UTC datetime")
        return value.astimezone(dt.UTC).replace(tzinfo=None)

    def process_result_value(self, value: Any, dialect: Dialect) -> dt.datetime | None:
        return None if value is None else value.replace(tzinfo=dt.UTC)


class Base(DeclarativeBase):
    pass


class Province(Base):
    __tablename__ = "provinces"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))


class Commune(Base):
    """A commune or ward (xã/phường/đặc khu), keyed by its official code."""

    __tablename__ = "communes"
    code: Mapped[str] = mapped_column(String(8), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    province_code: Mapped[str] = mapped_column(ForeignKey("provinces.code"), index=True)
    province: Mapped[Province] = relationship()


class Team(Base):
    """A village or neighbourhood team (Tổ CNSCĐ of a thôn/tổ dân phố)."""

    __tablename__ = "teams"
    __table_args__ = (UniqueConstraint("commune_code", "code", name="uq_teams_commune_code"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code"), index=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(200))
    commune: Mapped[Commune] = relationship()


class Member(Base):
    """A team member. `public_id` is the opaque id used in exports (xAPI), never the name."""

    __tablename__ = "members"
    __table_args__ = (UniqueConstraint("team_id", "name", name="uq_members_team_name"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = mapped_column(String(36), unique=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(20), nullable=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    team: Mapped[Team] = relationship()


class MemberToken(Base):
    """An enrollment token, stored as its SHA-256; revoked tokens are kept to say "revoked"."""

    __tablename__ = "member_tokens"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)


class Attempt(Base):
    """One graded quiz attempt. (`member_id`, `client_id`) makes retries idempotent."""

    __tablename__ = "attempts"
    __table_args__ = (
        UniqueConstraint("member_id", "client_id", name="uq_attempts_member_client"),
        Index("ix_attempts_member_lesson", "member_id", "lesson_id"),
    )
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    lesson_id: Mapped[str] = mapped_column(String(64))
    quiz_hash: Mapped[str] = mapped_column(String(64))
    answers: Mapped[str] = mapped_column(Text)
    """Canonical JSON of question id -> chosen option indexes."""
    lang: Mapped[str] = mapped_column(String(8))
    correct: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    percent: Mapped[int] = mapped_column(Integer)
    passed: Mapped[bool] = mapped_column(Boolean)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UtcDateTime(), nullable=True)
    """When the member finished, by the device clock (may be late: offline queue)."""
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)


class Trainer(Base):
    """A dashboard account. An admin sees every unit; a trainer only their `units`."""

    __tablename__ = "trainers"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_admin: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    units: Mapped[list[TrainerUnit]] = relationship(cascade="all, delete-orphan", lazy="selectin")


class TrainerUnit(Base):
    """A province or commune a trainer manages (`kind` is `province` or `commune`)."""

    __tablename__ = "trainer_units"
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    code: Mapped[str] = mapped_column(String(8), primary_key=True)


class TrainerSession(Base):
    """A dashboard login; the cookie holds the id, the table only its SHA-256."""

    __tablename__ = "trainer_sessions"
    id_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("trainers.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    lang: Mapped[str] = mapped_column(String(8), default="vi")
    expires_at: Mapped[dt.datetime] = mapped_column(UtcDateTime())


class Visit(Base):
    """One door-to-door visit to a household, as a member logged it (idempotent by `client_id`).

    A household is only the short code its village team chose (e.g. a house number), never a
    name, ID or phone. `member_id` becomes NULL when the member is erased; the team's counts stay.
    """

    __tablename__ = "visits"
    __table_args__ = (Index("ix_visits_team_household", "team_id", "household"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(36), unique=True)
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"), nullable=True, index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"))
    household: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(Integer)
    visited_on: Mapped[dt.date] = mapped_column(Date, index=True)
    note: Mapped[str | None] = mapped_column(Text, nullable=True)
    received_at: Mapped[dt.datetime] = mapped_column(UtcDateTime(), default=utcnow)
    items: Mapped[list[VisitOutcome]] = relationship(cascade="all, delete-orphan", lazy="selectin", order_by="VisitOutcome.id")


class VisitOutcome(Base):
    """One lesson outcome recorded in a visit: `done`, `shown` or `follow_up` (+ reason)."""

    __tablename__ = "visit_outcomes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    visit_id: Mapped[int] = mapped_column(ForeignKey("visits.id", ondelete="CASCADE"), index=True)
    lesson_id: Mapped[str] = mapped_column(String(64))
    outcome_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column(Integer)
    """How many people of the household this outcome is true for (for targets over adults)."""
    reason: Mapped[str | None] = mapped_column(String(32), nullable=True)


class Denominator(Base):
    """A village team's population figure (`households`, `adults`, `businesses`), with date and source."""

    __tablename__ = "denominators"
    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    value: Mapped[int] = mapped_column(Integer)
    as_of: Mapped[dt.date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(200))


class Target(Base):
    """A commune's target: the share of a denominator for which any of `outcomes` is done."""

    __tablename__ = "targets"
    commune_code: Mapped[str] = mapped_column(ForeignKey("communes.code", ondelete="CASCADE"), primary_key=True)
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    title_vi: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    outcomes: Mapped[str] = mapped_column(Text)
    """JSON list of "lesson/outcome" ids; empty for the "≥ 1 proficient person" target."""
    denominator: Mapped[str] = mapped_column(String(16))
    percent: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
