"""Outdated terms: the freshness check behind `lessons/_terms.yaml`.

When a reform renames an office or retires a document, the terms file lists the old words, what
replaced them and since when. Every lesson and quiz text is then searched, language by language,
for an old term (whole words, any case). A sentence that also names a replacement is about the
change ("CMND đã hết giá trị từ 01/01/2025; nay dùng thẻ căn cước.") and is left alone; any
other use is a warning at the term's own line and column, and `--strict` fails on it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field, StringConstraints

from generator.errors import Diagnostic, format_field
from generator.library.models import LocalizedText, Strict

if TYPE_CHECKING:
    from generator.library.loader import Located

TERMS_FILE = "_terms.yaml"
Term = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
_SENTENCE = re.compile(r"[^\n]+?(?:[.!?](?=\s)|$)", re.M)


class OutdatedTerm(Strict):
    """One retired term: the old words, their replacement, and since when (one entry of `lessons/_terms.yaml`)."""

    old: dict[str, list[Term]] = Field(description="Old words by language, e.g. `{vi: [CMND], en: [CMND]}`.")
    new: dict[str, list[Term]] = Field(description="Words that replace them, by language; naming one marks a sentence as about the change.")
    since: dt.date = Field(description="Date the old term went out of use (YYYY-MM-DD).")
    why: LocalizedText = Field(description="The rule or reform that retired it, with its number.")


def _pattern(words: Sequence[str]) -> re.Pattern[str] | None:
    """Whole-word, any-case match of any of `words`; spaces inside a term match any whitespace."""
    if not words:
        return None
    alternatives = sorted((r"\s+".join(map(re.escape, w.split())) for w in words), key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def outdated_uses(text: str, term: OutdatedTerm, lang: str) -> list[tuple[str, int]]:
    """(word, index in `text`) of each old word of `term` used outside a sentence that also names a replacement.

    A sentence ends at `.`, `!` or `?` followed by a space, or at a line break."""
    old, new = _pattern(term.old.get(lang, [])), _pattern(term.new.get(lang, []))
    if old is None:
        return []
    return [(m.group(0), sentence.start() + m.start()) for sentence in _SENTENCE.finditer(text)
            if not (new and new.search(sentence.group(0))) for m in old.finditer(sentence.group(0))]


def _walk(value: Any, path: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], LocalizedText]]:
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, Strict):
        for name in type(value).model_fields:
            yield from _walk(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, element in enumerate(value):
            yield from _walk(element, (*path, i))


def _place(item: Located[Any], path: tuple[Any, ...], found: str, nth: int) -> tuple[int, int]:
    """Line and column of the `nth` occurrence of `found` at or after the value's start in the file."""
    start = item.doc.position(path)
    lines = item.doc.source.split("\n")
    offset = sum(len(line) + 1 for line in lines[: start.line - 1]) + start.column - 1
    matches = list(re.finditer(r"\s+".join(map(re.escape, found.split())), item.doc.source[offset:], re.IGNORECASE))
    if len(matches) <= nth:
        return start.line, start.column
    at = offset + matches[nth].start()
    line = item.doc.source.count("\n", 0, at) + 1
    return line, at - (item.doc.source.rfind("\n", 0, at) + 1) + 1


def check_terms(terms: Sequence[OutdatedTerm], items: Sequence[Located[Any]]) -> list[Diagnostic]:
    """A warning for every outdated term in the lessons and quizzes of `items`."""
    out = []
    for item in items:
        for path, text in _walk(item.model, ()):
            for lang, body in text.languages().items():
                for term in terms:
                    for found, index in outdated_uses(body, term, lang):
                        nth = len(re.findall(r"\s+".join(map(re.escape, found.split())), body[:index], re.IGNORECASE))
                        line, column = _place(item, (*path, lang), found, nth)
                        replacement = " / ".join(f"'{w}'" for w in term.new.get(lang, [])[:2]) or "the new term"
                        message = (f"'{found}' is out of date since {term.since.isoformat()}: use {replacement} "
                                   f"({term.why.get(lang)}); a sentence about the change names the new term too")
                        out.append(Diagnostic(item.file, line, column, format_field((*path, lang)), message, "warning"))
    return out
