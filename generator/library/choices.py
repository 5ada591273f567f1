"""The order in which readers see a question's choices: on screen, on paper and in the answer key.

Authors keep their own order in YAML. Readers see the choices of a single- or multiple-choice
question in an order derived only from the quiz and question ids (a seeded shuffle), so the
right answer's position is spread across the library, is the same on every output, and is
stable from build to build. True/false questions always show "true" then "false". Answers
travel and are graded as positions in this shown order.
"""

from __future__ import annotations

import hashlib
import random

from generator.library.models import Question
from generator.words import true_false_labels


def shown_order(quiz_id: str, question: Question) -> tuple[int, ...]:
    """Authored choice indexes, in the order readers see them."""
    count = question.option_count()
    if question.type == "true_false":
        return tuple(range(count))
    seed = hashlib.sha256(f"{quiz_id}/{question.id}".encode()).digest()
    order = list(range(count))
    random.Random(seed).shuffle(order)
    return tuple(order)


def shown_options(quiz_id: str, question: Question, lang: str) -> list[str]:
    """The option texts in `lang`, in shown order."""
    if question.type == "true_false":
        return list(true_false_labels(lang))
    choices = question.choices or []
    return [choices[i].text.get(lang) for i in shown_order(quiz_id, question)]


def shown_correct(quiz_id: str, question: Question) -> frozenset[int]:
    """Shown positions (0-based) of the right options."""
    right = question.correct_options()
    return frozenset(position for position, i in enumerate(shown_order(quiz_id, question)) if i in right)
