"""The validated library: lessons, quizzes and categories, frozen, no I/O."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property

from generator.library.models import Category, Lesson, Quiz


@dataclass(frozen=True)
class Library:
    """Every lesson (in category order, then by id), its quiz, and the categories."""

    categories: tuple[Category, ...]
    lessons: tuple[Lesson, ...]
    quizzes: tuple[Quiz, ...]

    @cached_property
    def lesson_by_id(self) -> dict[str, Lesson]:
        return {lesson.id: lesson for lesson in self.lessons}

    @cached_property
    def quiz_by_lesson(self) -> dict[str, Quiz]:
        return {quiz.lesson: quiz for quiz in self.quizzes}

    @cached_property
    def category_by_id(self) -> dict[str, Category]:
        return {category.id: category for category in self.categories}

    def lessons_in(self, category_id: str) -> list[Lesson]:
        return [lesson for lesson in self.lessons if lesson.category == category_id]

    def learning_path(self) -> list[Lesson]:
        """All lessons ordered so that each comes after the lessons it requires."""
        ordered: list[Lesson] = []
        seen: set[str] = set()

        def visit(lesson: Lesson) -> None:
            if lesson.id in seen:
                return
            seen.add(lesson.id)
            for required in lesson.requires:
                visit(self.lesson_by_id[required])
            ordered.append(lesson)

        for lesson in self.lessons:
            visit(lesson)
        return ordered


def content_hash(model: Lesson | Quiz | Category) -> str:
    """SHA-256 of a model's canonical JSON: equal content, equal hash."""
    canonical = json.dumps(model.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()
