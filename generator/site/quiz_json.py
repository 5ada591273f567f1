"""Quiz data for the site's widget: every language side by side, choices in the shown order.

The widget gets the key too, so it can explain each answer offline; the tracker re-grades
every attempt anyway (:func:`generator.library.grading.grade`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from generator.library.choices import shown_correct, shown_options
from generator.library.library import content_hash
from generator.library.models import Quiz


def quiz_payload(quiz: Quiz, languages: Sequence[str]) -> dict[str, Any]:
    """JSON-ready quiz for the widget."""
    return {
        "lesson": quiz.lesson,
        "hash": content_hash(quiz),
        "pass_percent": quiz.pass_percent,
        "questions": [
            {
                "id": q.id,
                "type": q.type,
                "prompt": {lang: q.prompt.get(lang) for lang in languages},
                "options": {lang: shown_options(quiz, q, lang) for lang in languages},
                "correct": sorted(shown_correct(quiz, q)),
                "explanation": {lang: q.explanation.get(lang) for lang in languages},
            }
            for q in quiz.questions
        ],
    }
