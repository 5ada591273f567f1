"""One test per kind of content problem: the exact message and its place (file:line:column)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli.main import main

LESSON = "lessons/thu-nghiem.yaml"
QUIZ = "quizzes/thu-nghiem.yaml"


def edit(project: Path, relpath: str, old: str, new: str) -> None:
    path = project / relpath
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {relpath}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def validate(project: Path, *args: str) -> tuple[int, list[str]]:
    result = CliRunner().invoke(main, ["validate", "--root", str(project), *args])
    lines = [line for line in result.output.splitlines() if line]
    return result.exit_code, lines


def test_clean_library_passes(mini_project: Path) -> None:
    code, lines = validate(mini_project, "--strict")
    assert code == 0
    assert lines == ["1 lessons, 1 quizzes, 1 categories: 0 error(s), 0 warning(s)."]


CASES = [
    pytest.param(LESSON, "minutes: 10", "minutes: [10",
                 "lessons/thu-nghiem.yaml:5:9: YAML syntax error: while parsing a flow sequence expected ',' or ']', but got ':'",
                 id="yaml-syntax"),
    pytest.param(LESSON, "minutes: 10", "minutes: mười",
                 "lessons/thu-nghiem.yaml:4:10: minutes: Input should be a valid integer, unable to parse string as an integer (got 'mười')",
                 id="wrong-type"),
    pytest.param(LESSON, "minutes: 10", "minutes: 500",
                 "lessons/thu-nghiem.yaml:4:10: minutes: Input should be less than or equal to 90 (got 500)",
                 id="out-of-range"),
    pytest.param(LESSON, "summary:", "sumary:",
                 "lessons/thu-nghiem.yaml:7:1: sumary: unknown field 'sumary' (did you mean 'summary'?)",
                 id="unknown-key"),
    pytest.param(LESSON, '      en: "Tap the icon."\n', "",
                 "lessons/thu-nghiem.yaml:19:7: steps[1].text.en: English text is missing",
                 id="missing-english"),
    pytest.param(LESSON, '{vi: "Điện thoại", en: "A phone"}', '{en: "A phone"}',
                 "lessons/thu-nghiem.yaml:11:5: bring[0].vi: Vietnamese text is missing",
                 id="missing-vietnamese"),
    pytest.param(LESSON, '{vi: "Điện thoại", en: "A phone"}', '{vi: "Điện thoại", en: "  "}',
                 "lessons/thu-nghiem.yaml:11:28: bring[0].en: text is empty; write the text or remove the field",
                 id="empty-text"),
    pytest.param(LESSON, '{vi: "Điện thoại", en: "A phone"}', '{vi: "Điện thoại", en: "A phone", vn: "x"}',
                 "lessons/thu-nghiem.yaml:11:39: bring[0].vn: unknown language 'vn'; add it to [tool.cnscd] or fix the code",
                 id="unknown-language"),
    pytest.param(LESSON, "minutes: 10", "minutes:\t10",
                 "lessons/thu-nghiem.yaml:4:9: tab character; use spaces, not tabs",
                 id="tab"),
    pytest.param(LESSON, "minutes: 10", "minutes: 10\nminutes: 12",
                 "lessons/thu-nghiem.yaml:5:1: minutes: duplicate key 'minutes' (first given on line 4); keep only one",
                 id="duplicate-key"),
    pytest.param(LESSON, "reviewed: 2026", "reviewed: 2026-02-30\nx: 2026",
                 "lessons/thu-nghiem.yaml:41:11: reviewed: cannot read value '2026-02-30': day is out of range for month (write dates as YYYY-MM-DD)",
                 id="impossible-date"),
    pytest.param(LESSON, "reviewed: 2026", "x: 1\nreviewed: 2026",
                 "lessons/thu-nghiem.yaml:41:1: x: unknown field 'x'; known fields: id, category, audience, minutes, requires, title, summary, bring, steps, warnings, problems, leaflet, trainer_notes, sources, reviewed, outcomes",
                 id="unknown-key-no-suggestion"),
    pytest.param(LESSON, "reviewed: 2026", "# reviewed: 2026",
                 "lessons/thu-nghiem.yaml:1:1: reviewed: required field 'reviewed' is missing; add it",
                 id="missing-field"),
    pytest.param(LESSON, "id: thu-nghiem", "id: Thu Nghiem",
                 "lessons/thu-nghiem.yaml:1:5: id: 'Thu Nghiem' is not a valid id; use lower-case ASCII words joined by hyphens, like vneid-kich-hoat",
                 id="bad-slug"),
    pytest.param(LESSON, "id: thu-nghiem", "id: thu-nghiem-2",
                 "lessons/thu-nghiem.yaml:1:5: id: id 'thu-nghiem-2' must equal the file name 'thu-nghiem'; rename one of them",
                 id="id-not-file-name"),
    pytest.param(LESSON, "category: nen-tang", "category: nen-tan",
                 "lessons/thu-nghiem.yaml:2:11: category: unknown category 'nen-tan' (did you mean 'nen-tang'?)",
                 id="unknown-category"),
    pytest.param(LESSON, "audience: [nguoi-dan]", "audience: [nguoi-dann]",
                 "lessons/thu-nghiem.yaml:3:12: audience[0]: Input should be 'nguoi-dan', 'nguoi-cao-tuoi', 'ho-kinh-doanh', 'nong-dan' or 'thanh-vien-to'",
                 id="unknown-audience"),
    pytest.param(LESSON, "requires: []", "requires: [thu-nghiam]",
                 "lessons/thu-nghiem.yaml:5:12: requires[0]: unknown lesson 'thu-nghiam' (did you mean 'thu-nghiem'?)",
                 id="unknown-prerequisite"),
    pytest.param(LESSON, "requires: []", "requires: [thu-nghiem]",
                 "lessons/thu-nghiem.yaml:5:12: requires[0]: a lesson cannot require itself",
                 id="self-prerequisite"),
    pytest.param(LESSON, "man-hinh.svg", "khong-co.svg",
                 "lessons/thu-nghiem.yaml:22:12: steps[1].image.src: image file lessons/images/thu-nghiem/khong-co.svg does not exist",
                 id="missing-image"),
    pytest.param(LESSON, "images/thu-nghiem/man-hinh.svg", "../../etc/passwd",
                 "lessons/thu-nghiem.yaml:22:12: steps[1].image.src: image '../../etc/passwd' must be a path inside lessons/, like images/thu-nghiem/step-1.svg",
                 id="image-outside-library"),
    pytest.param(LESSON, '      alt: {vi: "Màn hình điện thoại", en: "A phone screen"}\n', "",
                 "lessons/thu-nghiem.yaml:22:7: steps[1].image.alt: required field 'alt' is missing; add it",
                 id="image-without-alt"),
    pytest.param(LESSON, "Nhấn giữ nút nguồn.", "Nhấn <b>giữ</b> nút nguồn.",
                 "lessons/thu-nghiem.yaml:15:11: steps[0].text.vi: raw HTML is not allowed; use Markdown (**bold**, lists)",
                 id="raw-html"),
    pytest.param(LESSON, "    checked: 2026-01-31", "    url: example.gov.vn/abc\n    checked: 2026-01-31",
                 "lessons/thu-nghiem.yaml:40:10: sources[0].url: 'example.gov.vn/abc' is not a full web address; start it with https:// or leave url out",
                 id="bad-url"),
    pytest.param(LESSON, 'title: {vi: "Bài thử nghiệm", en: "Test lesson"}', "title: Bài thử nghiệm",
                 'lessons/thu-nghiem.yaml:6:8: title: should be text in each language, like {vi: "...", en: "..."}',
                 id="text-not-localized"),
    pytest.param(QUIZ, '{vi: "Người gọi điện", en: "The caller"}', '{vi: "Người gọi điện", en: "The caller"}\n        correct: true',
                 "quizzes/thu-nghiem.yaml:8:7: questions[0].choices: a single-choice question needs exactly one choice with 'correct: true' (found 2)",
                 id="single-two-correct"),
    pytest.param(QUIZ, "    answer: true\n", "",
                 "quizzes/thu-nghiem.yaml:12:5: questions[1].answer: a true_false question needs 'answer: true' or 'answer: false'",
                 id="true-false-without-answer"),
    pytest.param(QUIZ, '        correct: true\n      - text: {vi: "Cập nhật máy", en: "Update the phone"}\n        correct: true\n',
                 '      - text: {vi: "Cập nhật máy", en: "Update the phone"}\n',
                 "quizzes/thu-nghiem.yaml:21:7: questions[2].choices: no choice is marked 'correct: true'",
                 id="multiple-without-correct"),
    pytest.param(QUIZ, "  - id: nguon", "  - id: otp",
                 "quizzes/thu-nghiem.yaml:12:9: questions[1].id: question id 'otp' is used twice; ids must be unique",
                 id="duplicate-question-id"),
    pytest.param(QUIZ, "type: single", "type: one",
                 "quizzes/thu-nghiem.yaml:5:11: questions[0].type: Input should be 'single', 'multiple' or 'true_false'",
                 id="unknown-question-type"),
]


@pytest.mark.parametrize(("relpath", "old", "new", "expected"), CASES)
def test_problem_message(mini_project: Path, relpath: str, old: str, new: str, expected: str) -> None:
    edit(mini_project, relpath, old, new)
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == expected
    assert len(lines) == 2, lines  # one message, then the summary: no cascade
    assert lines[-1].endswith("error(s), 0 warning(s).")


def test_non_utf8_bytes(mini_project: Path) -> None:
    path = mini_project / LESSON
    path.write_bytes(path.read_bytes().replace("Điện".encode(), b"\xd0i\xe1n", 1))
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == "lessons/thu-nghiem.yaml:11:11: not valid UTF-8 (byte 0xd0); save the file with UTF-8 encoding"


def test_alias_bomb_is_refused(mini_project: Path) -> None:
    bomb = 'a: &a ["x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n'
    (mini_project / LESSON).write_text(bomb, encoding="utf-8")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == (
        "lessons/thu-nghiem.yaml:1:4: YAML syntax error: anchors and aliases (&name, *name) are not allowed; write the text out in full"
    )


def test_empty_file_and_wrong_shape(mini_project: Path) -> None:
    (mini_project / LESSON).write_text("", encoding="utf-8")
    (mini_project / "lessons/_categories.yaml").write_text("id: nen-tang\n", encoding="utf-8")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[:2] == [
        "lessons/_categories.yaml:1:1: the file must hold a list of categories (- id: ...)",
        "lessons/thu-nghiem.yaml:1:1: file is empty",
    ]


def test_prerequisite_cycle_between_lessons(mini_project: Path) -> None:
    second = (mini_project / LESSON).read_text(encoding="utf-8").replace("id: thu-nghiem", "id: bai-hai", 1)
    (mini_project / "lessons/bai-hai.yaml").write_text(second.replace("requires: []", "requires: [thu-nghiem]"), encoding="utf-8")
    (mini_project / "quizzes/bai-hai.yaml").write_text(
        (mini_project / QUIZ).read_text(encoding="utf-8").replace("lesson: thu-nghiem", "lesson: bai-hai"), encoding="utf-8"
    )
    edit(mini_project, LESSON, "requires: []", "requires: [bai-hai]")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == "lessons/thu-nghiem.yaml:5:12: requires[0]: prerequisites form a cycle: bai-hai -> thu-nghiem -> bai-hai; remove one"


def test_lesson_without_quiz_and_quiz_without_lesson(mini_project: Path) -> None:
    (mini_project / QUIZ).rename(mini_project / "quizzes/khong-co-bai.yaml")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[:2] == [
        "lessons/thu-nghiem.yaml:1:5: id: lesson has no quiz; create quizzes/thu-nghiem.yaml (cnscd new writes one)",
        "quizzes/khong-co-bai.yaml:1:9: lesson: lesson 'thu-nghiem' must equal the file name 'khong-co-bai'",
    ]
    (mini_project / "quizzes/khong-co-bai.yaml").write_text("lesson: khong-co-bai\nquestions: []\n", encoding="utf-8")
    code, lines = validate(mini_project)
    assert lines[:2] == [
        "lessons/thu-nghiem.yaml:1:5: id: lesson has no quiz; create quizzes/thu-nghiem.yaml (cnscd new writes one)",
        "quizzes/khong-co-bai.yaml:2:12: questions: List should have at least 1 item after validation, not 0",
    ]


def test_stale_review_is_a_warning_and_fails_only_when_strict(mini_project: Path) -> None:
    edit(mini_project, LESSON, f"reviewed: {dt.date.today().isoformat()}", "reviewed: 2020-01-01")
    days = (dt.date.today() - dt.date(2020, 1, 1)).days
    expected = f"lessons/thu-nghiem.yaml:41:11: warning: reviewed: last reviewed {days} days ago (limit 365); check the facts and update the date"
    code, lines = validate(mini_project)
    assert (code, lines[0]) == (0, expected)
    code, lines = validate(mini_project, "--strict")
    assert (code, lines[0]) == (1, expected)


def test_one_lesson_broken_in_several_places_gets_one_message_per_fault(mini_project: Path) -> None:
    edit(mini_project, LESSON, "summary:", "sumary:")
    edit(mini_project, LESSON, "minutes: 10", "minutes: lâu")
    edit(mini_project, LESSON, '{vi: "Điện thoại", en: "A phone"}', '{en: "A phone"}')
    edit(mini_project, QUIZ, "    answer: true\n", "")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines == [
        "lessons/thu-nghiem.yaml:4:10: minutes: Input should be a valid integer, unable to parse string as an integer (got 'lâu')",
        "lessons/thu-nghiem.yaml:7:1: sumary: unknown field 'sumary' (did you mean 'summary'?)",
        "lessons/thu-nghiem.yaml:11:5: bring[0].vi: Vietnamese text is missing",
        "quizzes/thu-nghiem.yaml:12:5: questions[1].answer: a true_false question needs 'answer: true' or 'answer: false'",
        "4 error(s), 0 warning(s).",
    ]


def test_control_character(mini_project: Path) -> None:
    edit(mini_project, LESSON, "minutes: 10", "minutes: 1\x070")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == "lessons/thu-nghiem.yaml:4:11: control character U+0007 is not allowed; delete it (it is often invisible)"


def test_leaflet_text_too_long_is_a_warning(mini_project: Path) -> None:
    edit(mini_project, LESSON, 'en: "Open your phone"', 'en: "' + "Open your phone " * 5 + '"')
    code, lines = validate(mini_project, "--strict")
    assert code == 1
    assert lines[0] == "lessons/thu-nghiem.yaml:30:39: warning: leaflet.headline.en: 79 characters is too long for the leaflet (at most 60); shorten it"


SVG = "lessons/images/thu-nghiem/man-hinh.svg"
ACTIVE_SVG = [
    pytest.param('<svg xmlns="http://www.w3.org/2000/svg">\n<script>fetch("/quan-ly/")</script>\n</svg>',
                 "line 2: <script> is not allowed in a lesson SVG (it runs script or embeds a page)", id="script"),
    pytest.param('<svg xmlns="http://www.w3.org/2000/svg">\n<rect width="5" height="5" onload="alert(1)"/>\n</svg>',
                 "line 2: event attribute onload= is not allowed (it runs script)", id="event-attribute"),
    pytest.param('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n\n'
                 '<image xlink:href="https://example.com/x.png" width="5" height="5"/>\n</svg>',
                 "line 3: xlink:href='https://example.com/x.png' refers outside the file; embed the image or use an #id",
                 id="external-reference"),
    pytest.param('<svg xmlns="http://www.w3.org/2000/svg">\n<foreignObject><p>x</p></foreignObject>\n</svg>',
                 "line 2: <foreignobject> is not allowed in a lesson SVG (it runs script or embeds a page)", id="foreign-object"),
    pytest.param('<svg xmlns="http://www.w3.org/2000/svg">\n<style>rect { fill: url(https://example.com/a) }</style>\n</svg>',
                 "line 2: <style> loads something from outside the file (url(...) or @import)", id="style-url"),
]


@pytest.mark.parametrize(("svg", "problem"), ACTIVE_SVG)
def test_an_svg_that_runs_or_loads_something_is_refused(mini_project: Path, svg: str, problem: str) -> None:
    (mini_project / SVG).write_text(svg, encoding="utf-8")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == f"lessons/thu-nghiem.yaml:22:12: steps[1].image.src: {SVG} {problem}"


def test_a_plain_svg_with_internal_references_passes(mini_project: Path) -> None:
    (mini_project / SVG).write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><defs><path id="p" d="M0 0h5"/>'
        '<linearGradient id="g"/></defs><use xlink:href="#p"/><rect fill="url(#g)" width="5" height="5"/></svg>', encoding="utf-8")
    assert validate(mini_project)[0] == 0


@pytest.mark.parametrize("link", ["[bấm vào đây](javascript:alert(1))", "[x]( JavaScript:alert(1))", "<javascript:alert(1)>"])
def test_a_javascript_link_in_lesson_markdown_is_refused(mini_project: Path, link: str) -> None:
    edit(mini_project, LESSON, "Nhấn giữ nút nguồn.", f"Nhấn giữ nút nguồn {link}.")
    code, lines = validate(mini_project)
    assert code == 1
    assert lines[0] == "lessons/thu-nghiem.yaml:15:11: steps[0].text.vi: a javascript: link is not allowed; link to an https:// page instead"
