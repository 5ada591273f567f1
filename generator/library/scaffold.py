"""`cnscd new`: a lesson and quiz skeleton that validates, for authors to fill in."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from generator.errors import UsageError
from generator.settings import Settings

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

LESSON_TEMPLATE = """\
# Lesson file. Each text has Vietnamese (vi) and English (en) side by side.
# Check it with: cnscd validate
id: {id}
category: {category}
audience: [nguoi-dan]
minutes: 15
requires: []
title: {{vi: "Tên bài học", en: "Lesson title"}}
summary:
  vi: "Một hai câu: học xong, bà con làm được gì."
  en: "One or two sentences: what the reader will be able to do."
bring:
  - {{vi: "Điện thoại thông minh của chính mình", en: "Your own smartphone"}}
steps:
  - title: {{vi: "Bước đầu tiên", en: "First step"}}
    text:
      vi: "Làm gì, bằng câu ngắn."
      en: "What to do, in short sentences."
warnings:
  - {{vi: "Cảnh báo quan trọng nhất (in trên tờ rơi).", en: "The most important warning (printed on the leaflet)."}}
problems:
  - problem: {{vi: "Điều hay gặp trục trặc", en: "What often goes wrong"}}
    fix: {{vi: "Cách khắc phục", en: "How to fix it"}}
leaflet:
  headline: {{vi: "Tiêu đề tờ rơi", en: "Leaflet headline"}}
  points:
    - {{vi: "Ý thứ nhất", en: "First point"}}
    - {{vi: "Ý thứ hai", en: "Second point"}}
    - {{vi: "Ý thứ ba", en: "Third point"}}
trainer_notes:
  vi: "Cách hướng dẫn tại nhà dân; điều cần hỏi lại ở địa phương."
  en: "How to teach it at someone's home; what to confirm locally."
sources:
  - title: "Nguồn: cơ quan, tên trang (tên miền)"
    checked: {today}
reviewed: {today}
"""

QUIZ_TEMPLATE = """\
# Quiz for the lesson {id}. Check it with: cnscd validate
lesson: {id}
pass_percent: 80
questions:
  - id: cau-hoi-1
    type: single
    prompt: {{vi: "Câu hỏi?", en: "Question?"}}
    choices:
      - text: {{vi: "Đáp án đúng", en: "Right answer"}}
        correct: true
      - text: {{vi: "Đáp án sai", en: "Wrong answer"}}
    explanation: {{vi: "Vì sao.", en: "Why."}}
  - id: cau-hoi-2
    type: true_false
    prompt: {{vi: "Đúng hay sai: ...", en: "True or false: ..."}}
    answer: true
    explanation: {{vi: "Vì sao.", en: "Why."}}
"""


def scaffold(settings: Settings, lesson_id: str, category: str, today: dt.date | None = None) -> dict[Path, str]:
    """The texts of `lessons/<id>.yaml` and `quizzes/<id>.yaml`, by path (nothing is written here)."""
    if not SLUG.match(lesson_id):
        raise UsageError(f"'{lesson_id}' is not a valid id; use lower-case ASCII words joined by hyphens")
    lesson_path = settings.lessons_dir / f"{lesson_id}.yaml"
    quiz_path = settings.quizzes_dir / f"{lesson_id}.yaml"
    for path in (lesson_path, quiz_path):
        if path.exists():
            raise UsageError(f"{path.relative_to(settings.root)} already exists; choose another id")
    values = {"id": lesson_id, "category": category, "today": (today or dt.date.today()).isoformat()}
    return {lesson_path: LESSON_TEMPLATE.format(**values), quiz_path: QUIZ_TEMPLATE.format(**values)}
