"""Can a quiz be passed by guessing? Figures over the whole library, and warnings that name them.

A member who has not read the lesson should not pass by picking the longest answer, the first
one, "true", or every option but one. The figures are taken as readers see the quiz: choices in
the shown order (:mod:`generator.library.choices`), lengths in characters per language.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from generator.errors import Diagnostic, FieldPath
from generator.library.choices import shown_correct
from generator.library.models import Question, Quiz

if TYPE_CHECKING:
    from generator.library.loader import Located

LONGEST_RANGE = (0.15, 0.35)
"""Share of single-choice questions whose right choice is the longest, library-wide (chance is about 30%).
Above it, "pick the longest" passes; below it, "never pick the longest" does."""
TRUE_SHARE = (0.35, 0.65)
POSITION_EXCESS = 1.5
"""A shown position holding the right answer this many times more often than chance is a pattern."""
MIN_LIBRARY = {"single": 10, "true_false": 6, "multiple": 4}


def correct_is_longest(question: Question, lang: str) -> bool:
    """True when the one right choice is strictly longer, in `lang`, than every other choice."""
    choices = question.choices or []
    right = [len(c.text.get(lang)) for c in choices if c.correct]
    wrong = [len(c.text.get(lang)) for c in choices if not c.correct]
    return len(right) == 1 and bool(wrong) and right[0] > max(wrong)


def correct_is_shortest(question: Question, lang: str) -> bool:
    """True when the one right choice is strictly shorter, in `lang`, than every other choice."""
    choices = question.choices or []
    right = [len(c.text.get(lang)) for c in choices if c.correct]
    wrong = [len(c.text.get(lang)) for c in choices if not c.correct]
    return len(right) == 1 and bool(wrong) and right[0] < min(wrong)


def all_but_one(question: Question) -> bool:
    choices = question.choices or []
    return len(choices) >= 3 and sum(c.correct for c in choices) == len(choices) - 1


@dataclass
class QuizFigures:
    """Guessability figures of some quizzes (one, or the whole library)."""

    single: int = 0
    longest: dict[str, list[str]] = field(default_factory=dict)
    """Language -> ids of single-choice questions whose right choice is the longest."""
    shortest: dict[str, int] = field(default_factory=dict)
    """Language -> how many single-choice questions have the shortest choice right (reported, not warned)."""
    positions: Counter[int] = field(default_factory=Counter)
    """Shown position (0-based) of the right choice of single-choice questions."""
    chance: Counter[int] = field(default_factory=Counter)
    """Expected count per position if the right choice sat anywhere with equal chance (x 1000)."""
    true_false: list[bool] = field(default_factory=list)
    multiple: int = 0
    all_but_one: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, quizzes: Sequence[Quiz], languages: Sequence[str] = ("vi", "en")) -> QuizFigures:
        figures = cls(longest={lang: [] for lang in languages}, shortest={lang: 0 for lang in languages})
        for quiz in quizzes:
            for question in quiz.questions:
                if question.type == "single":
                    figures.single += 1
                    for lang in languages:
                        if correct_is_longest(question, lang):
                            figures.longest[lang].append(question.id)
                        figures.shortest[lang] += correct_is_shortest(question, lang)
                    figures.positions.update(shown_correct(quiz, question))
                    n = question.option_count()
                    figures.chance.update({p: 1000 // n for p in range(n)})
                elif question.type == "true_false":
                    figures.true_false.append(bool(question.answer))
                else:
                    figures.multiple += 1
                    if all_but_one(question):
                        figures.all_but_one.append(question.id)
        return figures

    def longest_share(self, lang: str) -> float:
        return len(self.longest.get(lang, [])) / self.single if self.single else 0.0

    def true_share(self) -> float:
        return sum(self.true_false) / len(self.true_false) if self.true_false else 0.5

    def overused_positions(self) -> list[int]:
        """Shown positions holding the right answer far more often than chance."""
        return [p for p, n in sorted(self.positions.items())
                if self.chance[p] and n * 1000 > POSITION_EXCESS * self.chance[p] and n >= 3]

    def summary(self) -> str:
        """One line of figures, as `cnscd validate --stats` prints them."""
        longest = ", ".join(f"{lang} {len(ids)}/{self.single} ({self.longest_share(lang):.0%})" for lang, ids in self.longest.items())
        positions = " ".join(f"{p + 1}:{self.positions[p]}" for p in sorted(self.chance))
        shortest = ", ".join(f"{lang} {n}/{self.single}" for lang, n in self.shortest.items())
        return (f"quizzes: {self.single} single-choice, right choice longest: {longest} (goal {LONGEST_RANGE[0]:.0%}–{LONGEST_RANGE[1]:.0%}), "
                f"shortest: {shortest}; "
                f"right choice by shown position {positions}; true/false: {sum(self.true_false)} true of {len(self.true_false)}; "
                f"multiple choice 'all but one': {len(self.all_but_one)} of {self.multiple}")


def _first(item: Located[Quiz], ids: Sequence[str]) -> FieldPath:
    """Field path of the first question among `ids` (where a warning points)."""
    for i, question in enumerate(item.model.questions):
        if question.id in ids:
            return ("questions", i)
    return ("questions",)


def check_guessability(items: Sequence[Located[Quiz]]) -> list[Diagnostic]:
    """Warnings for quizzes (and a library) that can be passed by a pattern rather than the skill."""
    out: list[Diagnostic] = []
    library = QuizFigures.of([item.model for item in items])
    each = [(item, QuizFigures.of([item.model])) for item in items]
    for item, quiz in each:
        for lang, ids in quiz.longest.items():
            if quiz.single >= 3 and len(ids) * 2 > quiz.single:
                out.append(item.at(_first(item, ids), f"the right choice is the longest ({lang}) in {len(ids)} of {quiz.single} "
                                   f"single-choice questions ({', '.join(ids)}); make the other choices as long and specific", severity="warning"))
            elif ids and library.single >= MIN_LIBRARY["single"] and library.longest_share(lang) > LONGEST_RANGE[1]:
                out.append(item.at(_first(item, ids), f"the right choice is the longest ({lang}) in {', '.join(ids)}; library-wide "
                                   f"{len(library.longest[lang])} of {library.single} ({library.longest_share(lang):.0%}, goal ≤ "
                                   f"{LONGEST_RANGE[1]:.0%})", severity="warning"))
        if quiz.single >= 3 and len(quiz.positions) == 1:
            position = next(iter(quiz.positions)) + 1
            out.append(item.at(("questions",), f"the right choice is shown in position {position} in all {quiz.single} "
                               "single-choice questions; change a question id or add a question", severity="warning"))
        if len(quiz.true_false) >= 3 and len(set(quiz.true_false)) == 1:
            out.append(item.at(("questions",), f"all {len(quiz.true_false)} true/false questions are "
                               f"{'true' if quiz.true_false[0] else 'false'}; make some the other way", severity="warning"))
        if quiz.multiple >= 2 and len(quiz.all_but_one) == quiz.multiple:
            out.append(item.at(_first(item, quiz.all_but_one), f"every multiple-choice question ({quiz.multiple}) has all options "
                               "but one right; vary how many are right", severity="warning"))
    if not each:
        return out
    for position in (library.overused_positions() if library.single >= MIN_LIBRARY["single"] else []):
        item = max(each, key=lambda pair: pair[1].positions[position])[0]
        out.append(item.at(("questions",), f"library-wide the right choice is shown in position {position + 1} in "
                           f"{library.positions[position]} of {library.single} single-choice questions (chance "
                           f"{library.chance[position] / 1000:.0f}); this quiz adds most", severity="warning"))
    if library.single >= MIN_LIBRARY["single"]:
        for lang in library.longest:
            if library.longest_share(lang) < LONGEST_RANGE[0]:
                item = max(each, key=lambda pair: pair[1].single - len(pair[1].longest.get(lang, [])))[0]
                out.append(item.at(("questions",), f"library-wide the right choice is the longest ({lang}) in only "
                                   f"{len(library.longest[lang])} of {library.single} single-choice questions "
                                   f"({library.longest_share(lang):.0%}, goal {LONGEST_RANGE[0]:.0%}–{LONGEST_RANGE[1]:.0%}): "
                                   "'never pick the longest' would pass; make the right choice the most specific one "
                                   "in some questions", severity="warning"))
    low, high = TRUE_SHARE
    if len(library.true_false) >= MIN_LIBRARY["true_false"] and not low <= library.true_share() <= high:
        majority = library.true_share() > high
        item = max(each, key=lambda pair: pair[1].true_false.count(majority))[0]
        out.append(item.at(("questions",), f"library-wide {sum(library.true_false)} of {len(library.true_false)} true/false "
                           f"answers are true ({library.true_share():.0%}, goal {low:.0%}–{high:.0%}); this quiz adds most "
                           f"{'true' if majority else 'false'} answers", severity="warning"))
    if library.multiple >= MIN_LIBRARY["multiple"] and len(library.all_but_one) * 2 > library.multiple:
        item = max(each, key=lambda pair: len(pair[1].all_but_one))[0]
        out.append(item.at(("questions",), f"library-wide {len(library.all_but_one)} of {library.multiple} multiple-choice "
                           "questions have all options but one right; this quiz adds most", severity="warning"))
    return out
