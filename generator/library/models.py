"""Typed, frozen models of the lesson library.

These classes define what a lesson file and a quiz file may contain; unknown keys are
rejected. They do no I/O: the loader feeds them data, and cross-file rules live in
:mod:`generator.library.checks`.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64),
    Field(description="Lower-case ASCII words joined by hyphens, e.g. `vneid-kich-hoat`."),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Audience = Literal["nguoi-dan", "nguoi-cao-tuoi", "ho-kinh-doanh", "nong-dan", "thanh-vien-to"]
QuestionType = Literal["single", "multiple", "true_false"]

DEFAULT_LANGUAGE = "vi"


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(BaseModel):
    """One text in several languages, side by side: `{vi: "...", en: "..."}`.

    Vietnamese is required. English is required for shipped lessons (checked by
    :mod:`generator.library.checks` against the configured languages); further language codes
    are allowed and fall back to Vietnamese when missing.
    """

    model_config = ConfigDict(extra="allow", frozen=True)
    __pydantic_extra__: dict[str, Text] = Field(init=False)

    vi: Text = Field(description="Vietnamese text (required).")
    en: Text | None = Field(default=None, description="English text.")

    def languages(self) -> dict[str, str]:
        """Every language present, mapped to its text."""
        present = {"vi": self.vi}
        if self.en is not None:
            present["en"] = self.en
        present.update(self.__pydantic_extra__ or {})
        return present

    def has(self, lang: str) -> bool:
        return lang in self.languages()

    def get(self, lang: str) -> str:
        """The text in `lang`, or the Vietnamese text when that language is missing."""
        return self.languages().get(lang, self.vi)


class Image(Strict):
    """An illustration stored under `lessons/`."""

    src: str = Field(description="Path relative to `lessons/`, e.g. `images/vneid-kich-hoat/otp.svg`.")
    alt: LocalizedText = Field(description="What the picture shows, for screen readers and print.")


class Step(Strict):
    """One numbered step of a lesson."""

    title: LocalizedText = Field(description="Short imperative title of the step.")
    text: LocalizedText = Field(description="What to do, in short Markdown (no HTML).")
    image: Image | None = Field(default=None, description="Optional illustration.")


class CommonProblem(Strict):
    """A problem people often meet, and how to fix it."""

    problem: LocalizedText = Field(description="What goes wrong, as the resident would say it.")
    fix: LocalizedText = Field(description="How to fix it.")


class Leaflet(Strict):
    """Text for the household leaflet: a headline and 3–5 short points."""

    headline: LocalizedText = Field(description="Headline of the household leaflet.")
    points: list[LocalizedText] = Field(min_length=3, max_length=5, description="3–5 short points.")


class Source(Strict):
    """Where a fact comes from, and when it was last checked."""

    title: Text = Field(description="Publisher and what the page is, with its domain.")
    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="Full address, only when known exactly."
    )
    published: Text | None = Field(default=None, description="Date of the page, as it shows it.")
    checked: dt.date = Field(description="Date the fact was last checked (YYYY-MM-DD).")


class Outcome(Strict):
    """Something a household visit can record for this lesson, e.g. "account activated"."""

    id: Slug = Field(description="Stable id, unique within the lesson; never reuse (visits refer to it).")
    title: LocalizedText = Field(description="What was achieved, as a short past-tense phrase.")


class Lesson(Strict):
    """One digital skill: the file `lessons/<id>.yaml`."""

    id: Slug = Field(description="Stable slug, equal to the file name. Used in URLs and QR codes; never reuse.")
    category: Slug = Field(description="Category id from `lessons/_categories.yaml`.")
    audience: list[Audience] = Field(min_length=1, description="Who the lesson is for.")
    minutes: int = Field(ge=5, le=90, description="Minutes needed to teach it at someone's home.")
    requires: list[Slug] = Field(default_factory=list, description="Ids of lessons to take first.")
    title: LocalizedText = Field(description="Lesson title.")
    summary: LocalizedText = Field(description="One or two sentences: what the reader will be able to do.")
    bring: list[LocalizedText] = Field(min_length=1, description="What to have ready.")
    steps: list[Step] = Field(min_length=1, max_length=12, description="Numbered steps.")
    warnings: list[LocalizedText] = Field(min_length=1, description="Safety warnings; the first goes on the leaflet.")
    problems: list[CommonProblem] = Field(default_factory=list, description="Common problems and fixes.")
    leaflet: Leaflet = Field(description="Household leaflet text.")
    trainer_notes: LocalizedText = Field(description="How to teach it; what to confirm locally.")
    sources: list[Source] = Field(min_length=1, description="Sources of the facts.")
    reviewed: dt.date = Field(description="Date the lesson was last reviewed (YYYY-MM-DD).")
    outcomes: list[Outcome] = Field(
        default_factory=list, max_length=6, description="What a door-to-door visit can record for this lesson."
    )


class Category(Strict):
    """A group of lessons on the home page, in file order."""

    id: Slug = Field(description="Category id used by lessons.")
    title: LocalizedText = Field(description="Category name.")
    description: LocalizedText = Field(description="One line under the name.")


class Choice(Strict):
    """One answer of a single- or multiple-choice question."""

    text: LocalizedText = Field(description="Answer text.")
    correct: bool = Field(default=False, description="True for a right answer.")


class Question(Strict):
    """A quiz question: single choice, multiple choice, or true/false."""

    id: Slug = Field(description="Stable id, unique within the quiz.")
    type: QuestionType = Field(description="`single`, `multiple` or `true_false`.")
    prompt: LocalizedText = Field(description="The question.")
    choices: list[Choice] | None = Field(default=None, description="Answers (single and multiple only).")
    answer: bool | None = Field(default=None, description="The right answer (true_false only).")
    explanation: LocalizedText = Field(description="Shown after answering: why.")

    def option_count(self) -> int:
        """How many options the reader picks from (true/false has two: true, false)."""
        return 2 if self.type == "true_false" else len(self.choices or [])

    def correct_options(self) -> frozenset[int]:
        """Indexes of the right options; for true/false, 0 is "true" and 1 is "false"."""
        if self.type == "true_false":
            return frozenset({0 if self.answer else 1})
        return frozenset(i for i, choice in enumerate(self.choices or []) if choice.correct)


class Quiz(Strict):
    """The quiz of one lesson: the file `quizzes/<lesson id>.yaml`."""

    lesson: Slug = Field(description="Id of the lesson, equal to the file name.")
    pass_percent: int = Field(default=80, ge=50, le=100, description="Score needed to pass, in percent.")
    questions: list[Question] = Field(min_length=1, max_length=30, description="Questions in order.")
