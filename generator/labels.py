"""Words about lessons shared by every output (site, handouts): audiences and dates."""

from __future__ import annotations

import datetime as dt

AUDIENCES: dict[str, dict[str, str]] = {
    "vi": {
        "nguoi-dan": "người dân",
        "nguoi-cao-tuoi": "người cao tuổi",
        "ho-kinh-doanh": "hộ kinh doanh",
        "nong-dan": "nông dân",
        "thanh-vien-to": "thành viên Tổ công nghệ số",
    },
    "en": {
        "nguoi-dan": "residents",
        "nguoi-cao-tuoi": "older people",
        "ho-kinh-doanh": "household businesses",
        "nong-dan": "farmers",
        "thanh-vien-to": "team members",
    },
}

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def audience_label(audience: str, lang: str) -> str:
    """`nong-dan` -> "nông dân" / "farmers" (Vietnamese for languages without labels)."""
    return AUDIENCES.get(lang, AUDIENCES["vi"]).get(audience, audience)


def format_date(day: dt.date, lang: str) -> str:
    """`22/11/2026` in Vietnamese, `22 November 2026` in English."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
