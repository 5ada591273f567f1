"""Rules that span fields or files: translations, ids, prerequisites, quizzes, images, review age."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from generator.errors import Diagnostic, FieldPath, Severity
from generator.library.models import Category, Lesson, LocalizedText, Quiz
from generator.library.safety import script_link, svg_file_problems

if TYPE_CHECKING:
    from generator.library.loader import Located
    from generator.settings import Settings

__all__ = ["Severity", "check_library"]

LANGUAGE_NAMES = {"vi": "Vietnamese", "en": "English"}
RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!][^>]*>")
MAX_CHOICES = 10  # Moodle's grade list has 1/n for n <= 10 only
LEAFLET_LIMITS = {"headline": 60, "points": 90}  # characters that fit an A6 leaflet line


def check_library(
    categories: list[Located[list[Category]]],
    lessons: list[Located[Lesson]],
    quizzes: list[Located[Quiz]],
    settings: Settings,
    today: dt.date,
    lesson_files: list[str],
    quiz_files: list[str],
) -> list[Diagnostic]:
    """Every cross-field and cross-file problem of the library.

    `lesson_files` and `quiz_files` name every file (by stem), loaded or not, so that one
    broken file does not also make the files that refer to it fail.
    """
    out: list[Diagnostic] = []
    category_ids = [c.id for item in categories for c in item.model]
    for categories_file in categories:
        out += _check_texts(categories_file, settings)
        out += _duplicates(categories_file, [c.id for c in categories_file.model], lambda i: (i, "id"), "category id")
    lesson_ids = sorted({item.model.id for item in lessons} | set(lesson_files))
    seen_ids: dict[str, str] = {}
    for item in lessons:
        lesson = item.model
        out += _check_texts(item, settings)
        stem = item.file.rsplit("/", 1)[-1].removesuffix(".yaml")
        if lesson.id != stem:
            out.append(item.at(("id",), f"id '{lesson.id}' must equal the file name '{stem}'; rename one of them"))
        if lesson.id in seen_ids:
            out.append(item.at(("id",), f"id '{lesson.id}' is already used by {seen_ids[lesson.id]}"))
        seen_ids.setdefault(lesson.id, item.file)
        if categories and lesson.category not in category_ids:
            out.append(item.at(("category",), _unknown("category", lesson.category, category_ids)))
        for i, required in enumerate(lesson.requires):
            if required == lesson.id:
                out.append(item.at(("requires", i), "a lesson cannot require itself"))
            elif required not in lesson_ids:
                out.append(item.at(("requires", i), _unknown("lesson", required, lesson_ids)))
        for i, step in enumerate(lesson.steps):
            if step.image is not None:
                out += _check_image(item, ("steps", i, "image", "src"), step.image.src, settings)
        out += _check_leaflet(item)
        out += _duplicates(item, [o.id for o in lesson.outcomes], lambda i: ("outcomes", i, "id"), "outcome id")
        if stem not in quiz_files:
            out.append(item.at(("id",), f"lesson has no quiz; create quizzes/{stem}.yaml (cnscd new writes one)"))
        age = (today - lesson.reviewed).days
        if age > settings.review_max_age_days:
            message = f"last reviewed {age} days ago (limit {settings.review_max_age_days}); check the facts and update the date"
            out.append(item.at(("reviewed",), message, severity="warning"))
    out += _check_cycles(lessons)
    for quiz_item in quizzes:
        out += _check_quiz(quiz_item, lesson_ids, settings)
    return out


def _unknown(kind: str, value: str, known: list[str]) -> str:
    close = difflib.get_close_matches(value, known, n=1, cutoff=0.6)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown {kind} '{value}'{hint}"


def _duplicates(item: Located[Any], values: list[str], path: Any, what: str) -> list[Diagnostic]:
    out, seen = [], set()
    for i, value in enumerate(values):
        if value in seen:
            out.append(item.at(path(i), f"{what} '{value}' is used twice; ids must be unique"))
        seen.add(value)
    return out


def _walk_texts(value: Any, path: FieldPath) -> Iterator[tuple[FieldPath, LocalizedText]]:
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _walk_texts(getattr(value, name), (*path, name))
    elif isinstance(value, list | tuple):
        for i, element in enumerate(value):
            yield from _walk_texts(element, (*path, i))


def _check_texts(item: Located[Any], settings: Settings) -> list[Diagnostic]:
    out = []
    for path, text in _walk_texts(item.model, ()):
        present = text.languages()
        for lang in settings.required_languages:
            if lang not in present:
                out.append(item.at((*path, lang), f"{LANGUAGE_NAMES.get(lang, lang)} text is missing"))
        for lang in settings.optional_languages:
            if lang not in present:
                message = f"'{lang}' translation is missing; readers will see Vietnamese"
                out.append(item.at((*path, lang), message, severity="warning"))
        for lang, body in present.items():
            if lang not in settings.languages:
                message = _unknown("language", lang, list(settings.languages)) + "; add it to [tool.cnscd] or fix the code"
                out.append(item.at((*path, lang), message, key=True))
            if RAW_HTML.search(body):
                out.append(item.at((*path, lang), "raw HTML is not allowed; use Markdown (**bold**, lists)"))
            scheme = script_link(body)
            if scheme:
                out.append(item.at((*path, lang), f"a {scheme}: link is not allowed; link to an https:// page instead"))
    return out


def _check_leaflet(item: Located[Lesson]) -> list[Diagnostic]:
    leaflet = item.model.leaflet
    texts: list[tuple[FieldPath, LocalizedText, int]] = [(("leaflet", "headline"), leaflet.headline, LEAFLET_LIMITS["headline"])]
    texts += [(("leaflet", "points", i), point, LEAFLET_LIMITS["points"]) for i, point in enumerate(leaflet.points)]
    out = []
    for path, text, limit in texts:
        for lang, body in text.languages().items():
            if len(body) > limit:
                message = f"{len(body)} characters is too long for the leaflet (at most {limit}); shorten it"
                out.append(item.at((*path, lang), message, severity="warning"))
    return out


def _check_image(item: Located[Lesson], path: FieldPath, src: str, settings: Settings) -> list[Diagnostic]:
    lessons_dir = settings.lessons_dir.resolve()
    target = (lessons_dir / src).resolve()
    if src.startswith("/") or not target.is_relative_to(lessons_dir):
        return [item.at(path, f"image '{src}' must be a path inside lessons/, like images/{item.model.id}/step-1.svg")]
    if not target.is_file():
        return [item.at(path, f"image file lessons/{src} does not exist")]
    if target.suffix.lower() not in {".svg", ".png", ".jpg", ".jpeg", ".webp"}:
        return [item.at(path, f"image '{src}' must be .svg, .png, .jpg or .webp")]
    if target.suffix.lower() == ".svg":
        return [item.at(path, f"lessons/{src} line {line}: {problem}") for line, problem in svg_file_problems(target)]
    return []


def _check_cycles(lessons: list[Located[Lesson]]) -> list[Diagnostic]:
    by_id = {item.model.id: item for item in lessons}
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    out: list[Diagnostic] = []

    def visit(lesson_id: str, trail: list[str]) -> None:
        state[lesson_id] = 1
        for i, required in enumerate(by_id[lesson_id].model.requires):
            if required not in by_id or required == lesson_id:
                continue
            if state.get(required) == 1:
                cycle = " -> ".join([*trail[trail.index(required) :], lesson_id, required])
                out.append(by_id[lesson_id].at(("requires", i), f"prerequisites form a cycle: {cycle}; remove one"))
            elif required not in state:
                visit(required, [*trail, lesson_id])
        state[lesson_id] = 2

    for lesson_id in sorted(by_id):
        if lesson_id not in state:
            visit(lesson_id, [])
    return out


def _check_quiz(item: Located[Quiz], lesson_ids: list[str], settings: Settings) -> list[Diagnostic]:
    quiz = item.model
    out = _check_texts(item, settings)
    stem = item.file.rsplit("/", 1)[-1].removesuffix(".yaml")
    if quiz.lesson != stem:
        out.append(item.at(("lesson",), f"lesson '{quiz.lesson}' must equal the file name '{stem}'"))
    elif quiz.lesson not in lesson_ids:
        out.append(item.at(("lesson",), _unknown("lesson", quiz.lesson, lesson_ids) + "; every quiz belongs to a lesson"))
    out += _duplicates(item, [q.id for q in quiz.questions], lambda i: ("questions", i, "id"), "question id")
    for i, question in enumerate(quiz.questions):
        here: FieldPath = ("questions", i)
        if question.type == "true_false":
            if question.answer is None:
                out.append(item.at((*here, "answer"), "a true_false question needs 'answer: true' or 'answer: false'"))
            if question.choices is not None:
                out.append(item.at((*here, "choices"), "a true_false question has no choices; use 'answer' instead", key=True))
            continue
        if question.answer is not None:
            out.append(item.at((*here, "answer"), f"'answer' is only for true_false; mark choices with 'correct: true'", key=True))
        choices = question.choices or []
        if len(choices) < 2:
            out.append(item.at((*here, "choices"), f"a {question.type} question needs at least 2 choices"))
            continue
        if len(choices) > MAX_CHOICES:
            message = f"{len(choices)} choices is too many (at most {MAX_CHOICES}: Moodle accepts no finer grades); split the question"
            out.append(item.at((*here, "choices"), message))
        right = len(question.correct_options())
        if question.type == "single" and right != 1:
            message = f"a single-choice question needs exactly one choice with 'correct: true' (found {right})"
            out.append(item.at((*here, "choices"), message))
        if question.type == "multiple" and right == 0:
            out.append(item.at((*here, "choices"), "no choice is marked 'correct: true'"))
        texts = [choice.text.vi for choice in choices]
        out += _duplicates(item, texts, lambda j, h=here: (*h, "choices", j, "text"), "choice")
    return out
