"""Grading from the answer key, the widget's quiz data, and the one URL builder."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.library.grading import AnswerError, grade
from generator.library.loader import require_library
from generator.settings import load_settings
from generator.site.quiz_json import quiz_payload
from generator.urls import Urls
from tests.kit import as_shown


@pytest.fixture
def quiz(mini_project: Path):  # type: ignore[no-untyped-def]
    library, _ = require_library(load_settings(mini_project))
    return library.quiz_by_lesson["thu-nghiem"]


def test_grade_all_right_and_one_wrong(quiz) -> None:  # type: ignore[no-untyped-def]
    right = grade(quiz, as_shown(quiz, {"otp": [0], "nguon": [0], "an-toan": [0, 1]}))
    assert (right.correct, right.total, right.percent, right.passed) == (3, 3, 100, True)
    partial = grade(quiz, as_shown(quiz, {"otp": [0], "nguon": [0], "an-toan": [0]}))  # a multiple choice needs every right option
    assert (partial.correct, partial.passed, partial.per_question["an-toan"]) == (2, False, False)


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"otp": [0], "nguon": [0]}, "unanswered question(s): an-toan"),
        ({"otp": [0], "nguon": [0], "an-toan": [0], "x": [1]}, "unknown question(s): x"),
        ({"otp": [5], "nguon": [0], "an-toan": [0]}, "otp: option out of range 0..1"),
        ({"otp": [0, 1], "nguon": [0], "an-toan": [0]}, "otp: choose exactly one option"),
        ({"otp": [0], "nguon": [], "an-toan": [0]}, "nguon: choose at least one option, each once"),
        ({"otp": [0], "nguon": [True], "an-toan": [0]}, "nguon: option out of range 0..1"),
    ],
)
def test_answers_that_do_not_fit_are_refused(quiz, answers, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(AnswerError) as caught:
        grade(quiz, as_shown(quiz, answers))
    assert str(caught.value) == message


def test_quiz_payload_has_both_languages_and_the_key(quiz) -> None:  # type: ignore[no-untyped-def]
    payload = quiz_payload(quiz, ["vi", "en"])
    assert payload["pass_percent"] == 80 and len(payload["hash"]) == 64
    true_false = payload["questions"][1]
    assert true_false["options"] == {"vi": ["Đúng", "Sai"], "en": ["True", "False"]}
    assert true_false["correct"] == [0]
    assert payload["questions"][2]["correct"] == sorted(as_shown(quiz, {"an-toan": [0, 1]})["an-toan"])


def test_urls_are_built_in_one_place() -> None:
    urls = Urls("https://cnscd.example.vn/huong-dan")
    assert urls.short_link("vneid-kich-hoat", "vi") == "l/vneid-kich-hoat/"
    assert urls.absolute(urls.short_link("vneid-kich-hoat", "en")) == "https://cnscd.example.vn/huong-dan/en/l/vneid-kich-hoat/"
    assert urls.lesson("vneid-kich-hoat", "en") == "en/bai-hoc/vneid-kich-hoat/"
    assert urls.relative("en/bai-hoc/vneid-kich-hoat/", "assets/quizzes/vneid-kich-hoat.json") == "../../../assets/quizzes/vneid-kich-hoat.json"
    assert urls.enrollment("abc") == "https://cnscd.example.vn/huong-dan/ghi-danh/#t=abc"
