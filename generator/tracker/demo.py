"""Demo data for `cnscd up --demo`: one commune, one team, a trainer and an enrollment link.

The demo units use codes no real unit has (province 99), so demo data never mixes with a
real roster. Running it again gives the trainer a new password and the member a new link,
each printed once.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from generator.tracker import accounts
from generator.tracker.context import TrackerContext
from generator.tracker.credentials import new_password
from generator.tracker.members import import_roster, issue_token
from generator.tracker.roster import RosterRow
from generator.tracker.tables import Member, Team, Trainer

DEMO_TRAINER = "demo"
DEMO_MEMBERS = ("Nguyễn Thị Mai (demo)", "Trần Văn Hùng (demo)", "Lê Thị Lan (demo)", "Phạm Văn Nam (demo)")
DEMO_ROWS = [
    RosterRow(i + 2, "99", "Tỉnh Mẫu (demo)", "99001", "Xã Mẫu (demo)", "thon-dong", "Tổ CNSCĐ thôn Đông (demo)", name, None)
    for i, name in enumerate(DEMO_MEMBERS)
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    member_name: str
    enrollment_url: str


def ensure_demo(context: TrackerContext, lang: str = "vi") -> DemoLogin:
    """Create (or refresh) the demo roster, trainer and first member's link."""
    import_roster(context.db, DEMO_ROWS)
    password = new_password()
    with context.db.reading() as session:
        exists = session.scalars(select(Trainer).filter_by(username=DEMO_TRAINER)).first() is not None
    if exists:
        accounts.set_password(context.db, DEMO_TRAINER, password)
    else:
        accounts.add_trainer(context.db, DEMO_TRAINER, "Người hướng dẫn mẫu (demo)", password, ["99001"])
    with context.db.writing() as session:
        member = session.scalars(
            select(Member).join(Team).where(Team.commune_code == "99001", Member.name == DEMO_MEMBERS[0])
        ).one()
        token = issue_token(session, member)
    return DemoLogin(DEMO_TRAINER, password, DEMO_MEMBERS[0], context.urls.enrollment(token, lang))
