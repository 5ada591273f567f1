"""Fixed words in every language, in one shape with one fallback rule.

A word table maps language -> key -> text. Vietnamese is complete; any other language may
leave keys out, and a missing key reads as the Vietnamese word (the same rule as lesson text),
so a third language can be added one word at a time. The tables live beside their outputs
(`site/words.py`, `printing/words.py`, `tracker/words.py`); the words every output shares
(audiences, true/false, dates) live here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from functools import lru_cache
from types import MappingProxyType

DEFAULT_LANGUAGE = "vi"


class Words:
    """A word table (language -> key -> text) read with the fallback to Vietnamese."""

    def __init__(self, table: Mapping[str, Mapping[str, str]]) -> None:
        base = table[DEFAULT_LANGUAGE]
        for lang, words in table.items():
            extra = sorted(set(words) - set(base))
            if extra:
                raise ValueError(f"words in {lang!r} have no Vietnamese original: {extra}")
        self._table = {lang: dict(words) for lang, words in table.items()}
        self.of = lru_cache(maxsize=None)(self._of)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(self._table)

    def _of(self, lang: str) -> Mapping[str, str]:
        """Every word in `lang`, Vietnamese where `lang` has none."""
        return MappingProxyType({**self._table[DEFAULT_LANGUAGE], **self._table.get(lang, {})})

    def translator(self, lang: str) -> Callable[..., str]:
        """`t("key", name=...)`: the word in `lang`, with `{name}` placeholders filled."""
        words = self.of(lang)

        def t(key: str, **values: object) -> str:
            return words[key].format(**values) if values else words[key]

        return t


AUDIENCES = Words({
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
})

TRUE_FALSE = Words({
    "vi": {"true": "Đúng", "false": "Sai"},
    "en": {"true": "True", "false": "False"},
})

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")


def audience_label(audience: str, lang: str) -> str:
    """`nong-dan` -> "nông dân" / "farmers"."""
    return AUDIENCES.of(lang).get(audience, audience)


def true_false_labels(lang: str) -> tuple[str, str]:
    """("Đúng", "Sai") / ("True", "False"): the two options of a true/false question."""
    words = TRUE_FALSE.of(lang)
    return words["true"], words["false"]


def format_date(day: dt.date, lang: str) -> str:
    """`22/11/2026` in Vietnamese, `22 November 2026` in English."""
    if lang == "en":
        return f"{day.day} {MONTHS_EN[day.month - 1]} {day.year}"
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
