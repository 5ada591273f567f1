"""Issuing enrollment links in bulk, for member cards or a list to send one by one.

Tokens are shown once: they exist in plain text only in the file written here. The file is
written inside the database transaction, so a failed write issues no token and revokes none.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import select

from generator.errors import UsageError
from generator.tracker.db import Database
from generator.tracker.exports import spreadsheet_safe
from generator.tracker.members import has_active_token, issue_token, members_in
from generator.tracker.tables import Commune
from generator.urls import Urls


@dataclass(frozen=True)
class Card:
    """One member's card: who, which team, and the personal enrollment link."""

    member_name: str
    team_name: str
    commune_name: str
    url: str
    """The personal enrollment link (holds the member's token: print, never log)."""


@dataclass(frozen=True)
class IssueReport:
    issued: int
    skipped: int
    """Members who already have an active link (kept, unless reissued)."""


def issue_links(db: Database, urls: Urls, commune_codes: Sequence[str], team_code: str | None, *, reissue: bool, lang: str,
                write: Callable[[list[Card]], None]) -> IssueReport:
    """New links for members in scope without one (or for all, with `reissue`); `write` gets the cards."""
    with db.writing() as session:
        known = set(session.scalars(select(Commune.code)))
        unknown = sorted(set(commune_codes) - known)
        if unknown:
            raise UsageError(f"unknown commune code(s): {', '.join(unknown)}; import a roster first (cnscd tracker import)")
        members = members_in(session, list(commune_codes) or sorted(known), team_code)
        if not members:
            raise UsageError("no members in this selection; import a roster first (cnscd tracker import FILE)")
        cards, skipped = [], 0
        for member in members:
            if not reissue and has_active_token(session, member.id):
                skipped += 1
                continue
            token = issue_token(session, member)
            team = member.team
            cards.append(Card(member.name, team.name, team.commune.name, urls.enrollment(token, lang)))
        if cards:
            session.flush()
            write(cards)
    return IssueReport(len(cards), skipped)


def links_csv(cards: Sequence[Card]) -> bytes:
    """A spreadsheet of personal links (UTF-8 with BOM so Excel shows Vietnamese letters)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["commune_name", "team_name", "member_name", "enrollment_link"])
    for card in cards:
        writer.writerow([spreadsheet_safe(v) for v in (card.commune_name, card.team_name, card.member_name)] + [card.url])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
