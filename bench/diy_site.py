"""Write the DIY route's MkDocs project from a cnscd library: the same pages, as a user would.

What a technical user assembles instead of cnscd: one Markdown file per lesson and language
(`bai-hoc/<id>.vi.md`, `bai-hoc/<id>.en.md`, mkdocs-static-i18n's suffix layout), the quiz in
mkdocs-quiz's `<quiz>` syntax, images beside the pages, Material for MkDocs, and
mkdocs-with-pdf for PDFs. The text is the library's own, so both routes render the same words.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from generator.library.library import Library
from generator.library.models import Lesson, Quiz

LANGS = ("vi", "en")
HEADINGS = {
    "vi": {"bring": "Cần chuẩn bị", "steps": "Các bước", "warnings": "Cảnh báo", "problems": "Lỗi thường gặp",
           "notes": "Ghi chú cho người hướng dẫn", "sources": "Nguồn", "quiz": "Kiểm tra", "minutes": "phút",
           "true": "Đúng", "false": "Sai", "home": "Học kỹ năng số", "checked": "kiểm tra"},
    "en": {"bring": "What to bring", "steps": "Steps", "warnings": "Warnings", "problems": "Common problems",
           "notes": "Notes for trainers", "sources": "Sources", "quiz": "Check yourself", "minutes": "minutes",
           "true": "True", "false": "False", "home": "Learn digital skills", "checked": "checked"},
}

MKDOCS_YML = """site_name: Học kỹ năng số cùng Tổ công nghệ số cộng đồng
site_url: {site_url}
use_directory_urls: true
theme:
  name: material
  language: vi
  features:
    - navigation.sections
plugins:
  - search
  - i18n:
      docs_structure: suffix
      languages:
        - locale: vi
          default: true
          name: Tiếng Việt
          build: true
        - locale: en
          name: English
          build: true
  - mkdocs_quiz
{extra_plugins}markdown_extensions:
  - admonition
  - attr_list
  - md_in_html
  - pymdownx.details
  - pymdownx.superfences
  - toc:
      permalink: true
"""

WITH_PDF = """  - with-pdf:
      author: Tổ công nghệ số cộng đồng
      cover_title: Học kỹ năng số
      output_path: pdf/hoc-ky-nang-so.pdf
"""


def indent(text: str, pad: str = "    ") -> str:
    return "\n".join(pad + line if line else "" for line in text.splitlines())


def lesson_page(lesson: Lesson, quiz: Quiz | None, lang: str) -> str:
    h = HEADINGS[lang]
    t = lambda text: text.get(lang)  # noqa: E731 - local shorthand
    out = [f"# {t(lesson.title)}", "", f"*{lesson.minutes} {h['minutes']}*", "", t(lesson.summary), "", f"## {h['bring']}", ""]
    out += [f"- {t(item)}" for item in lesson.bring]
    out += ["", f"## {h['steps']}", ""]
    for i, step in enumerate(lesson.steps, 1):
        out += [f"### {i}. {t(step.title)}", "", t(step.text), ""]
        if step.image is not None:
            out += [f"![{t(step.image.alt)}]({step.image.src}){{ width=\"280\" }}", ""]
    out += [f"## {h['warnings']}", ""]
    for warning in lesson.warnings:
        out += ["!!! warning", "", indent(t(warning)), ""]
    out += [f"## {h['problems']}", ""]
    for problem in lesson.problems:
        out += [f"**{t(problem.problem)}**", "", t(problem.fix), ""]
    out += [f'??? note "{h["notes"]}"', "", indent(t(lesson.trainer_notes)), ""]
    out += [f"## {h['sources']}", ""]
    for source in lesson.sources:
        link = f"[{source.title}]({source.url})" if source.url else source.title
        out.append(f"- {link} ({h['checked']} {source.checked.isoformat()})")
    if quiz is not None:
        out += ["", f"## {h['quiz']}", ""]
        for question in quiz.questions:
            out += ["<quiz>", t(question.prompt)]
            if question.type == "true_false":
                out += [f"- [{'x' if question.answer else ' '}] {h['true']}", f"- [{' ' if question.answer else 'x'}] {h['false']}"]
            else:
                out += [f"- [{'x' if c.correct else ' '}] {t(c.text)}" for c in question.choices or []]
            out += ["", t(question.explanation), "</quiz>", ""]
    return "\n".join(out) + "\n"


def home_page(library: Library, lang: str) -> str:
    out = [f"# {HEADINGS[lang]['home']}", ""]
    for category in library.categories:
        lessons = library.lessons_in(category.id)
        if not lessons:
            continue
        out += [f"## {category.title.get(lang)}", "", category.description.get(lang), ""]
        out += [f"- [{lesson.title.get(lang)}](bai-hoc/{lesson.id}.md)" for lesson in lessons]
        out.append("")
    return "\n".join(out)


def write_diy_project(library: Library, lessons_dir: Path, out: Path, site_url: str) -> None:
    """Write docs/ and mkdocs.yml (site only) and mkdocs.withpdf.yml (+ mkdocs-with-pdf) under `out`."""
    if out.exists():
        shutil.rmtree(out)
    docs = out / "docs"
    (docs / "bai-hoc").mkdir(parents=True)
    shutil.copytree(lessons_dir / "images", docs / "bai-hoc" / "images")
    for lang in LANGS:
        (docs / f"index.{lang}.md").write_text(home_page(library, lang), encoding="utf-8")
        for lesson in library.lessons:
            page = lesson_page(lesson, library.quiz_by_lesson.get(lesson.id), lang)
            (docs / "bai-hoc" / f"{lesson.id}.{lang}.md").write_text(page, encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS_YML.format(site_url=site_url, extra_plugins=""), encoding="utf-8")
    (out / "mkdocs.withpdf.yml").write_text(MKDOCS_YML.format(site_url=site_url, extra_plugins=WITH_PDF), encoding="utf-8")


def touch_page(out: Path, lesson_id: str, marker: str) -> None:
    """Change one lesson's text in both languages, as bench_scale's touch_lesson does for cnscd."""
    for lang in LANGS:
        page = out / "docs" / "bai-hoc" / f"{lesson_id}.{lang}.md"
        lines = page.read_text(encoding="utf-8").split("\n")
        lines[4] = lines[4] + " " + marker  # the summary paragraph
        page.write_text("\n".join(lines), encoding="utf-8")
