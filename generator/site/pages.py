"""Pages of the guide site, generated from the library: pure functions, no file I/O.

The site is MkDocs + Material + mkdocs-static-i18n, but nothing here knows that beyond the
page format: each page is Markdown with front matter whose body is HTML rendered by our
own templates (autoescaped; lesson Markdown rendered with raw HTML escaped). Every link
comes from :class:`generator.urls.Urls` as a relative URL, so the same pages work under any
`site_url`, from a sub-folder and, with ``directory_urls=False``, opened from files.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from generator.library.library import Library
from generator.library.models import Lesson
from generator.markup import render_inline, render_markdown
from generator.site.quiz_json import quiz_payload
from generator.site.words import labels
from generator.templating import make_environment
from generator.urls import DEFAULT_LANGUAGE, Urls
from generator.words import audience_label, format_date

TEMPLATES_DIR = Path(__file__).parent / "templates"
ABOUT_PAGE = "gioi-thieu/"
ALL_LESSONS_ANCHOR = "ky-nang"  # the home page's "skills by topic" heading
_SENTENCE_END = re.compile(r"(?<=[.!?…])\s+(?=[A-ZÀ-ỸĐ])")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>&])")


@dataclass(frozen=True)
class SiteOptions:
    """How the pages are linked and where the quiz widget sends attempts."""

    directory_urls: bool = True
    tracker_url: str | None = None  # absolute API base when the tracker is not same-origin
    image_sizes: Mapping[str, tuple[int, int]] = field(default_factory=dict)  # lessons/-relative src -> size
    quiz_assets: bool = True  # the tracker's quiz.js/quiz.css are published with the site
    service_worker: bool = True  # off for the live preview, where pages must never come from a cache


@dataclass(frozen=True)
class NavSection:
    """A group of pages in the site navigation; `pages` are language-free Markdown sources."""

    title: str
    pages: tuple[str, ...]


def _yaml(text: str) -> Markup:
    # A JSON string is a valid YAML double-quoted scalar.
    return Markup(json.dumps(text, ensure_ascii=False))  # noqa: S704 - front matter, not HTML


def md_escape(text: str) -> str:
    """Text placed in a Markdown heading, with Markdown's special characters escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


@lru_cache(maxsize=1)
def environment() -> Environment:
    return make_environment(
        TEMPLATES_DIR, {"md": render_markdown, "md_inline": render_inline, "yaml": _yaml, "md_escape": md_escape}
    )


def _render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(**context)


def _page_source(urls: Urls, page: str, lang: str) -> str:
    return urls.page_source(page.removeprefix(urls.language_prefix(lang)), lang)


def docs_pages(library: Library, urls: Urls, languages: Sequence[str], options: SiteOptions) -> dict[str, str]:
    """Every generated Markdown page: staged docs path -> text (home, lessons, enrollment)."""
    pages: dict[str, str] = {}
    for lang in languages:
        pages[_page_source(urls, urls.home(lang), lang)] = render_home(library, urls, lang, options)
        pages[_page_source(urls, urls.enrollment_page(lang), lang)] = render_enrollment(library, urls, lang, options)
        for lesson in library.lessons:
            pages[urls.lesson_source(lesson.id, lang)] = render_lesson(library, lesson, urls, lang, options)
    return pages


def short_link_pages(library: Library, urls: Urls, languages: Sequence[str], options: SiteOptions) -> dict[str, str]:
    """Redirect pages for every short link: site path of the HTML file -> HTML.

    They are tiny standalone pages (a QR scan on a slow link opens them first) that work
    without JavaScript: a meta refresh, a visible link and a canonical link.
    """
    out: dict[str, str] = {}
    for lang in languages:
        t = labels(lang)
        for lesson in library.lessons:
            here = urls.short_link(lesson.id, lang)
            target = urls.lesson(lesson.id, lang)
            out[here + "index.html"] = _render(
                "short_link.html.j2",
                lang=lang,
                t=t,
                title=lesson.title.get(lang),
                target=urls.href(here, target, directory_urls=options.directory_urls),
                canonical=urls.absolute(target),
            )
    return out


def lesson_images(library: Library, urls: Urls) -> dict[str, str]:
    """Illustrations to publish: site path -> path relative to `lessons/`."""
    return {
        urls.lesson_image(step.image.src): step.image.src
        for lesson in library.lessons
        for step in lesson.steps
        if step.image is not None
    }


def navigation(library: Library, urls: Urls, lang: str) -> list[NavSection]:
    """The lessons grouped by category, in the library's order, with titles in `lang`."""
    sections = []
    for category in library.categories:
        lessons = library.lessons_in(category.id)
        if lessons:
            pages = tuple(urls.lesson_source(lesson.id, DEFAULT_LANGUAGE) for lesson in lessons)
            sections.append(NavSection(category.title.get(lang), pages))
    return sections


def first_sentence(text: str) -> str:
    """The first sentence of a summary, for one-line descriptions on the home page."""
    return _SENTENCE_END.split(text.strip(), maxsplit=1)[0]


def _minutes(lesson: Lesson, lang: str) -> str:
    return labels(lang)["minutes"].format(n=lesson.minutes)


def render_home(library: Library, urls: Urls, lang: str, options: SiteOptions) -> str:
    """The home page: skills grouped by category, then the learning path."""
    here = urls.home(lang)

    def href(lesson_id: str) -> str:
        return urls.href(here, urls.lesson(lesson_id, lang), directory_urls=options.directory_urls)

    groups = []
    for category in library.categories:
        lessons = library.lessons_in(category.id)
        if not lessons:
            continue
        cards = [
            {"href": href(l.id), "title": l.title.get(lang), "summary": first_sentence(l.summary.get(lang)), "minutes": _minutes(l, lang)}
            for l in lessons
        ]
        groups.append({"id": category.id, "title": category.title.get(lang),
                       "description": category.description.get(lang), "cards": cards})
    path = [
        {
            "href": href(lesson.id),
            "title": lesson.title.get(lang),
            "minutes": _minutes(lesson, lang),
            "after": [library.lesson_by_id[r].title.get(lang) for r in lesson.requires],
        }
        for lesson in library.learning_path()
    ]
    about = urls.href(here, urls.language_prefix(lang) + ABOUT_PAGE, directory_urls=options.directory_urls)
    return _render("home.md.j2", t=labels(lang), groups=groups, path=path, about_href=about)


def render_lesson(library: Library, lesson: Lesson, urls: Urls, lang: str, options: SiteOptions) -> str:
    """One lesson page in `lang`."""
    here = urls.lesson(lesson.id, lang)
    t = labels(lang)

    def link(target: Lesson) -> dict[str, str]:
        return {"href": urls.href(here, urls.lesson(target.id, lang), directory_urls=options.directory_urls),
                "title": target.title.get(lang)}

    steps = []
    for step in lesson.steps:
        image = None
        if step.image is not None:
            width, height = options.image_sizes.get(step.image.src, (0, 0))
            image = {"href": urls.relative(here, urls.lesson_image(step.image.src)),
                     "alt": step.image.alt.get(lang), "width": width, "height": height}
        steps.append({"title": step.title.get(lang), "text": step.text.get(lang), "image": image})
    downloads = [
        {"href": urls.relative(here, urls.trainer_handout(lesson.id, lang)), "label": t["handout"], "type": "application/pdf"},
        {"href": urls.relative(here, urls.leaflet(lesson.id, lang, "a5")), "label": t["leaflet_a5"], "type": "application/pdf"},
        {"href": urls.relative(here, urls.leaflet(lesson.id, lang, "a6")), "label": t["leaflet_a6"], "type": "application/pdf"},
        {"href": urls.relative(here, urls.qr_code(lesson.id, lang, "svg")), "label": t["qr_svg"], "type": "image/svg+xml"},
        {"href": urls.relative(here, urls.qr_code(lesson.id, lang, "png")), "label": t["qr_png"], "type": "image/png"},
    ]
    dependents = [other for other in library.lessons if lesson.id in other.requires]
    path = list(library.learning_path())
    after = path[path.index(lesson) + 1:] if lesson in path else []
    return _render(
        "lesson.md.j2",
        t=t,
        lang=lang,
        lesson_id=lesson.id,
        title=lesson.title.get(lang),
        summary=lesson.summary.get(lang),
        summary_lead=first_sentence(lesson.summary.get(lang)),
        summary_rest=lesson.summary.get(lang)[len(first_sentence(lesson.summary.get(lang))):].strip(),
        minutes=_minutes(lesson, lang),
        audience=[audience_label(a, lang) for a in lesson.audience],
        requires=[link(library.lesson_by_id[r]) for r in lesson.requires],
        next=[link(other) for other in dependents],
        path_next=link(after[0]) if after else None,
        all_lessons_href=urls.href(here, urls.home(lang), directory_urls=options.directory_urls) + "#" + ALL_LESSONS_ANCHOR,
        bring=[item.get(lang) for item in lesson.bring],
        warnings=[item.get(lang) for item in lesson.warnings],
        steps=steps,
        problems=[{"problem": p.problem.get(lang), "fix": p.fix.get(lang)} for p in lesson.problems],
        trainer_notes=lesson.trainer_notes.get(lang),
        sources=[
            {"title": s.title, "url": s.url, "published": s.published,
             "checked": t["checked"].format(date=format_date(s.checked, lang))}
            for s in lesson.sources
        ],
        reviewed=t["reviewed"].format(date=format_date(lesson.reviewed, lang)),
        quiz_src=urls.relative(here, urls.quiz_data(lesson.id)),
        # Opened from files, the page cannot fetch the quiz JSON: it carries its quiz inline.
        quiz_inline=None if options.directory_urls else _script_json(quiz_payload(library.quiz_by_lesson[lesson.id], [lang])),
        root=urls.relative(here, "") or "./",
        api=options.tracker_url,
        downloads=downloads,
        short_link_href=urls.href(here, urls.short_link(lesson.id, lang), directory_urls=options.directory_urls),
        short_link_absolute=urls.absolute(urls.short_link(lesson.id, lang)),
    )


def _script_json(data: object) -> Markup:
    """JSON safe inside a <script> element: no "<" can close it early."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
    return Markup(text)  # noqa: S704 - "<" escaped above; the rest is JSON


def render_enrollment(library: Library, urls: Urls, lang: str, options: SiteOptions) -> str:
    """The enrollment page shell; the tracker's quiz.js reads the token from the fragment and,
    from the learning path carried here, names the next lesson the member has not passed."""
    here = urls.enrollment_page(lang)
    path = [{"id": lesson.id, "title": lesson.title.get(lang),
             "href": urls.href(here, urls.lesson(lesson.id, lang), directory_urls=options.directory_urls)}
            for lesson in library.learning_path()]
    return _render("enroll.md.j2", t=labels(lang), lang=lang, root=urls.relative(here, "") or "./", api=options.tracker_url,
                   path=_script_json(path))
