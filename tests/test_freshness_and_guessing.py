"""Outdated terms and guessable quizzes: exact warnings and places, `--strict` failing on them,
and the shown order of choices being the same wherever a quiz appears."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.library.choices import shown_order
from generator.library.models import Question, Quiz
from tests.test_validate_messages import LESSON, QUIZ, edit, validate

TERMS = """\
- old: {vi: ["CMND", "chứng minh nhân dân"], en: ["CMND"]}
  new: {vi: ["thẻ căn cước"], en: ["ID card"]}
  since: 2025-01-01
  why: {vi: "Luật Căn cước năm 2023", en: "Law on Identity 2023"}
"""


@pytest.fixture
def with_terms(mini_project: Path) -> Path:
    (mini_project / "lessons" / "_terms.yaml").write_text(TERMS, encoding="utf-8")
    return mini_project


def test_an_outdated_term_is_a_warning_at_its_own_line_and_column(with_terms: Path) -> None:
    edit(with_terms, LESSON, '      vi: "Chạm vào biểu tượng."', '      vi: "Mang theo CMND. Chạm vào biểu tượng."')
    code, lines = validate(with_terms)
    assert code == 0
    assert lines == [
        "lessons/thu-nghiem.yaml:19:22: warning: steps[1].text.vi: 'CMND' is out of date since 2025-01-01: use 'thẻ căn cước' "
        "(Luật Căn cước năm 2023); a sentence about the change names the new term too",
        "1 lessons, 1 quizzes, 1 categories: 0 error(s), 1 warning(s).",
    ]
    strict_code, _ = validate(with_terms, "--strict")
    assert strict_code == 1


def test_terms_match_whole_words_any_case_and_in_quizzes_too(with_terms: Path) -> None:
    edit(with_terms, QUIZ, 'prompt: {vi: "Ai được biết mã OTP?"', 'prompt: {vi: "Ai được biết mã OTP trên Chứng minh nhân dân?"')
    edit(with_terms, LESSON, '      en: "Tap the icon."', '      en: "Tap the CMNDX icon."')  # not a whole word
    code, lines = validate(with_terms)
    assert lines[:-1] == [
        "quizzes/thu-nghiem.yaml:6:44: warning: questions[0].prompt.vi: 'Chứng minh nhân dân' is out of date since 2025-01-01: "
        "use 'thẻ căn cước' (Luật Căn cước năm 2023); a sentence about the change names the new term too",
    ]


def test_a_sentence_about_the_change_names_the_replacement_and_is_not_warned(with_terms: Path) -> None:
    edit(with_terms, LESSON, '      vi: "Chạm vào biểu tượng."',
         '      vi: "CMND đã hết giá trị từ 01/01/2025; nay dùng thẻ căn cước. Chạm vào biểu tượng."')
    code, lines = validate(with_terms, "--strict")
    assert (code, lines) == (0, ["1 lessons, 1 quizzes, 1 categories: 0 error(s), 0 warning(s)."])


def test_a_broken_terms_file_is_a_located_error(with_terms: Path) -> None:
    (with_terms / "lessons" / "_terms.yaml").write_text(TERMS.replace("  since: 2025-01-01\n", "  sinse: 2025-01-01\n"), encoding="utf-8")
    code, lines = validate(with_terms)
    assert code == 1
    assert lines[0] == "lessons/_terms.yaml:3:3: [0].sinse: unknown field 'sinse' (did you mean 'since'?)"


LONG = '      - text: {vi: "Gọi lại số đã lưu để hỏi cho chắc chắn", en: "Call the saved number back to be sure"}\n        correct: true\n'


def single(qid: str, right_first: bool = True) -> str:
    right = LONG.replace("Gọi lại", "Gọi lại " + qid)
    wrong = '      - text: {vi: "Chuyển tiền ngay", en: "Send the money"}\n      - text: {vi: "Đọc mã OTP", en: "Read the OTP"}\n'
    return (f"  - id: {qid}\n    type: single\n    prompt: {{vi: \"Nên làm gì?\", en: \"What to do?\"}}\n    choices:\n"
            + (right + wrong if right_first else wrong + right)
            + '    explanation: {vi: "Vì an toàn.", en: "To be safe."}\n')


def test_a_quiz_whose_right_answers_are_the_longest_is_warned(mini_project: Path) -> None:
    quiz = mini_project / QUIZ
    quiz.write_text(quiz.read_text(encoding="utf-8") + single("mot") + single("hai") + single("ba"), encoding="utf-8")
    code, lines = validate(mini_project)
    assert lines[:-1] == [
        "quizzes/thu-nghiem.yaml:27:5: warning: questions[3]: the right choice is the longest (en) in 3 of 4 single-choice "
        "questions (mot, hai, ba); make the other choices as long and specific",
        "quizzes/thu-nghiem.yaml:27:5: warning: questions[3]: the right choice is the longest (vi) in 3 of 4 single-choice "
        "questions (mot, hai, ba); make the other choices as long and specific",
    ]
    assert validate(mini_project, "--strict")[0] == 1


def shortest_right(qid: str) -> str:
    """A single-choice question whose right choice is the shortest of the three."""
    return (f"  - id: {qid}\n    type: single\n    prompt: {{vi: \"Nên làm gì {qid}?\", en: \"What to do {qid}?\"}}\n    choices:\n"
            '      - text: {vi: "Gọi lại", en: "Call back"}\n        correct: true\n'
            '      - text: {vi: "Chuyển tiền ngay cho người vừa gọi", en: "Send the money to the caller at once"}\n'
            '      - text: {vi: "Đọc mã OTP cho người tự xưng công an", en: "Read the OTP to the self-styled police officer"}\n'
            '    explanation: {vi: "Vì an toàn.", en: "To be safe."}\n')


def test_a_library_where_the_right_choice_is_never_the_longest_is_warned(mini_project: Path) -> None:
    quiz = mini_project / QUIZ
    quiz.write_text(quiz.read_text(encoding="utf-8") + "".join(shortest_right(f"q{i}") for i in range(10)), encoding="utf-8")
    code, lines = validate(mini_project)
    never = [line for line in lines if "in only" in line]
    assert never == [
        f"quizzes/thu-nghiem.yaml:4:3: warning: questions: library-wide the right choice is the longest ({lang}) in only "
        f"{n} of 11 single-choice questions ({n / 11:.0%}, goal 15%–35%): 'never pick the longest' would pass; make the "
        "right choice the most specific one in some questions"
        for lang, n in (("en", 0), ("vi", 0))
    ]
    assert validate(mini_project, "--strict")[0] == 1


def test_true_false_all_one_way_and_multiple_all_but_one_are_warned(mini_project: Path) -> None:
    tf = "".join(f'  - id: dung-{i}\n    type: true_false\n    prompt: {{vi: "Đúng hay sai {i}?", en: "True or false {i}?"}}\n'
                 f'    answer: true\n    explanation: {{vi: "Đúng.", en: "True."}}\n' for i in (1, 2))
    multi = ('  - id: nhieu\n    type: multiple\n    prompt: {vi: "Việc nào nên làm?", en: "Which should you do?"}\n    choices:\n'
             '      - text: {vi: "Khóa màn hình", en: "Lock the screen"}\n        correct: true\n'
             '      - text: {vi: "Cập nhật máy", en: "Update the phone"}\n        correct: true\n'
             '      - text: {vi: "Cho mượn máy", en: "Lend the phone"}\n'
             '    explanation: {vi: "Giữ máy an toàn.", en: "Keep the phone safe."}\n')
    quiz = mini_project / QUIZ
    quiz.write_text(quiz.read_text(encoding="utf-8") + tf + multi, encoding="utf-8")
    code, lines = validate(mini_project)
    assert lines[:-1] == [
        "quizzes/thu-nghiem.yaml:4:3: warning: questions: all 3 true/false questions are true; make some the other way",
        "quizzes/thu-nghiem.yaml:17:5: warning: questions[2]: every multiple-choice question (2) has all options but one right; "
        "vary how many are right",
    ]


def _quiz(lesson: str, questions: int, choices: int) -> Quiz:
    return Quiz(lesson=lesson, questions=[
        Question(id=f"q{i}", type="single", prompt={"vi": "?"}, explanation={"vi": "."},
                 choices=[{"text": {"vi": f"lựa chọn {j}"}, "correct": j == 0} for j in range(choices)])
        for i in range(questions)])


def test_shown_order_is_stable_and_no_quiz_shows_every_answer_in_one_place() -> None:
    for n in range(60):
        quiz = _quiz(f"bai-{n}", questions=3, choices=2)  # a coin per question: 1 in 4 would line up by chance
        positions = {shown_order(quiz, q).index(0) for q in quiz.questions}
        assert len(positions) == 2, quiz.lesson
        assert [shown_order(quiz, q) for q in quiz.questions] == [shown_order(_quiz(f"bai-{n}", 3, 2), q) for q in quiz.questions]
