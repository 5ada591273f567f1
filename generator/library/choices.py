"""The order in which readers see a question's choices: on screen, on paper and in the answer key.

Authors keep their own order in YAML. Readers see the choices of a single- or multiple-choice
question in an order derived only from the quiz and its question ids (a seeded shuffle), so the
right answer's position is spread across the library, is the same on every output, and is
stable from build to build. Should the shuffle put the right answer of every single-choice
question of a quiz in the same place, the next seed is taken, so no quiz shows that pattern.
True/false questions always show "true" then "false". Answers travel and are graded as
positions in this shown order.
"""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache

from generator.library.models import Question, Quiz
from generator.words import true_false_labels

_MAX_SALT = 64


def _shuffled(quiz_id: str, question_id: str, count: int, salt: int) -> tuple[int, ...]:
    seed = hashlib.sha256(f"{quiz_id}/{question_id}/{salt}".encode()).digest()
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return tuple(order)


@lru_cache(maxsize=4096)
def _salt(quiz_id: str, singles: tuple[tuple[str, int, int], ...]) -> int:
    """The first seed under which the single-choice answers of a quiz are not all in one place.

    `singles` holds (question id, number of choices, index of the right choice) per question."""
    if len(singles) < 2:
        return 0
    for salt in range(_MAX_SALT):
        positions = {_shuffled(quiz_id, qid, count, salt).index(right) for qid, count, right in singles}
        if len(positions) > 1:
            return salt
    return 0


def _quiz_salt(quiz: Quiz) -> int:
    singles = tuple((q.id, q.option_count(), min(q.correct_options())) for q in quiz.questions
                    if q.type == "single" and q.correct_options())
    return _salt(quiz.lesson, singles)


def shown_order(quiz: Quiz, question: Question) -> tuple[int, ...]:
    """Authored choice indexes of `question` (a question of `quiz`), in the order readers see them."""
    count = question.option_count()
    if question.type == "true_false":
        return tuple(range(count))
    return _shuffled(quiz.lesson, question.id, count, _quiz_salt(quiz))


def shown_options(quiz: Quiz, question: Question, lang: str) -> list[str]:
    """The option texts in `lang`, in shown order."""
    if question.type == "true_false":
        return list(true_false_labels(lang))
    choices = question.choices or []
    return [choices[i].text.get(lang) for i in shown_order(quiz, question)]


def shown_correct(quiz: Quiz, question: Question) -> frozenset[int]:
    """Shown positions (0-based) of the right options."""
    right = question.correct_options()
    return frozenset(position for position, i in enumerate(shown_order(quiz, question)) if i in right)
