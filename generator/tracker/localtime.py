"""Times as a trainer in Vietnam reads them: Asia/Ho_Chi_Minh (UTC+7), day first.

The database keeps UTC; every page and human-readable export shows local time through here.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def local(value: dt.datetime) -> dt.datetime:
    """`value` (UTC when naive) in Vietnam time."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(VIETNAM)


def local_text(value: dt.datetime | None, *, with_time: bool = True) -> str:
    """`dd/mm/yyyy HH:MM` (or the date alone) in Vietnam time; "" for no time."""
    if value is None:
        return ""
    return local(value).strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")
