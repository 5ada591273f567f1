"""Grading an attempt from the answer key. Pure: the tracker never trusts a client's score and
re-grades every attempt here; answers are positions in the shown order (:mod:`.choices`)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from generator.library.choices import shown_correct
from generator.library.models import Quiz


class AnswerError(ValueError):
    """Answers that do not fit the quiz (unknown question, option out of range, ...)."""


@dataclass(frozen=True)
class Grade:
    correct: int
    total: int
    passed: bool
    per_question: dict[str, bool]

    @property
    def percent(self) -> int:
        return percent_half_up(self.correct, self.total)


def percent_half_up(correct: int, total: int) -> int:
    """`correct` of `total` as a whole percent, halves rounded up (1 of 8 is 13%), in integers.

    The quiz widget (site/assets/quiz.js, `percentHalfUp`) uses the same rule, so the phone and the
    dashboard never differ by one.
    """
    return (200 * correct + total) // (2 * total) if total > 0 else 0


def grade(quiz: Quiz, answers: Mapping[str, Sequence[int]]) -> Grade:
    """Grade `answers` (question id -> chosen positions in the shown order) against the quiz's key.

    Every question must be answered; a single-choice or true/false answer has exactly one option.
    """
    by_id = {q.id: q for q in quiz.questions}
    unknown = sorted(set(answers) - set(by_id))
    if unknown:
        raise AnswerError(f"unknown question(s): {', '.join(unknown)}")
    missing = [q.id for q in quiz.questions if q.id not in answers]
    if missing:
        raise AnswerError(f"unanswered question(s): {', '.join(missing)}")
    per_question = {}
    for question in quiz.questions:
        chosen = list(answers[question.id])
        if len(set(chosen)) != len(chosen) or not chosen:
            raise AnswerError(f"{question.id}: choose at least one option, each once")
        if any(not isinstance(i, int) or isinstance(i, bool) or not 0 <= i < question.option_count() for i in chosen):
            raise AnswerError(f"{question.id}: option out of range 0..{question.option_count() - 1}")
        if question.type != "multiple" and len(chosen) != 1:
            raise AnswerError(f"{question.id}: choose exactly one option")
        per_question[question.id] = frozenset(chosen) == shown_correct(quiz, question)
    correct = sum(per_question.values())
    total = len(quiz.questions)
    return Grade(correct, total, passed=100 * correct >= quiz.pass_percent * total, per_question=per_question)
