"""The quiz bank for Moodle: GIFT text and Moodle XML, one language per file.

Pure renderers from the :class:`Library`. Each lesson's questions go into their own
category `cnscd/<lesson id>`; question names and id numbers are `<lesson>/<question>`.
Moodle core's import always adds new questions (it never updates by id number): re-importing
duplicates them, so trainers import a new version into a fresh category (see the trainers' guide).

Every answer carries an explicit weight (`=%100%`, `~%0%`), so a choice whose text begins with
`%10%` is not read as a weight, and a choice beginning with `#`, `-` or `1.` stays one line of
text in Moodle XML rather than a heading or a list. `validate` keeps choices to at most 10, so
every weight is one that Moodle accepts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from generator.library.library import Library
from generator.library.models import Question, Quiz
from generator.markup import render_inline, render_markdown

GIFT_SPECIAL = re.compile(r"([~=#{}:\\])")
BLOCK_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|\d+(?=[.)]))")


def _fraction(count: int) -> str:
    """100 / count with the five decimals Moodle lists as allowed grades (33.33333, ...)."""
    value = 100 / count
    return f"{value:.5f}".rstrip("0").rstrip(".")


def gift_escape(text: str) -> str:
    return GIFT_SPECIAL.sub(r"\\\1", text).replace("\n", "\\n")


def _quizzes(library: Library) -> list[Quiz]:
    order = {lesson.id: i for i, lesson in enumerate(library.learning_path())}
    return sorted(library.quizzes, key=lambda q: order.get(q.lesson, len(order)))


def quiz_bank_gift(library: Library, lang: str) -> str:
    """Every quiz as Moodle GIFT text in `lang`."""
    lines = [f"// cnscd quiz bank ({lang}); import in Moodle: Question bank > Import > GIFT", ""]
    for quiz in _quizzes(library):
        lesson = library.lesson_by_id[quiz.lesson]
        lines += [f"$CATEGORY: $course$/top/cnscd/{quiz.lesson}", "", f"// {lesson.title.get(lang)}", ""]
        for question in quiz.questions:
            name = gift_escape(f"{quiz.lesson}/{question.id}")
            lines.append(f"::{name}::[markdown]{gift_escape(question.prompt.get(lang))} {{")
            lines += [f"\t{answer}" for answer in _gift_answers(question, lang)]
            lines.append(f"\t####{gift_escape(question.explanation.get(lang))}")
            lines += ["}", ""]
    return "\n".join(lines)


def _gift_answers(question: Question, lang: str) -> list[str]:
    if question.type == "true_false":
        return ["TRUE" if question.answer else "FALSE"]
    choices = question.choices or []
    if question.type == "single":
        return [("=%100%" if c.correct else "~%0%") + gift_escape(c.text.get(lang)) for c in choices]
    right = sum(1 for c in choices if c.correct)
    wrong = len(choices) - right
    return [
        (f"~%{_fraction(right)}%" if c.correct else f"~%-{_fraction(wrong)}%") + gift_escape(c.text.get(lang))
        for c in choices
    ]


def _one_line(text: str) -> str:
    """Markdown that starts like a heading, quote or list item, escaped to stay plain text."""
    return BLOCK_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit() else "\\" + m.group(2)), text, count=1)


def _text(parent: ET.Element, tag: str, html: str, fmt: str = "html") -> None:
    element = ET.SubElement(parent, tag, format=fmt)
    ET.SubElement(element, "text").text = html


def quiz_bank_xml(library: Library, lang: str) -> str:
    """Every quiz as Moodle XML in `lang` (question text as HTML from the lesson Markdown)."""
    root = ET.Element("quiz")
    for quiz in _quizzes(library):
        category = ET.SubElement(root, "question", type="category")
        ET.SubElement(ET.SubElement(category, "category"), "text").text = f"$course$/top/cnscd/{quiz.lesson}"
        for question in quiz.questions:
            kind = "truefalse" if question.type == "true_false" else "multichoice"
            element = ET.SubElement(root, "question", type=kind)
            ET.SubElement(ET.SubElement(element, "name"), "text").text = f"{quiz.lesson}/{question.id}"
            _text(element, "questiontext", str(render_markdown(question.prompt.get(lang))))
            _text(element, "generalfeedback", str(render_markdown(question.explanation.get(lang))))
            ET.SubElement(element, "defaultgrade").text = "1"
            ET.SubElement(element, "penalty").text = "0"
            ET.SubElement(element, "hidden").text = "0"
            ET.SubElement(element, "idnumber").text = f"{quiz.lesson}/{question.id}"
            if question.type == "true_false":
                for value in (True, False):
                    answer = ET.SubElement(element, "answer", fraction="100" if question.answer is value else "0", format="moodle_auto_format")
                    ET.SubElement(answer, "text").text = "true" if value else "false"
                continue
            choices = question.choices or []
            right = sum(1 for c in choices if c.correct)
            wrong = len(choices) - right
            ET.SubElement(element, "single").text = "true" if question.type == "single" else "false"
            ET.SubElement(element, "shuffleanswers").text = "true"
            ET.SubElement(element, "answernumbering").text = "abc"
            for choice in choices:
                if question.type == "single":
                    fraction = "100" if choice.correct else "0"
                else:
                    fraction = _fraction(right) if choice.correct else "-" + _fraction(wrong)
                answer = ET.SubElement(element, "answer", fraction=fraction, format="html")
                ET.SubElement(answer, "text").text = str(render_inline(_one_line(choice.text.get(lang))))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
