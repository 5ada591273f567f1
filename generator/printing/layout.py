"""Render one lesson's printables to bytes: the step between HTML renderers and writers.

Used in-process and inside worker processes. No file is written here; WeasyPrint is imported
on first use (by :mod:`generator.printing.pdf`), so planning a build that renders nothing stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.library.library import Library
from generator.library.models import Lesson
from generator.printing import pages as handouts
from generator.printing import pdf
from generator.printing.fonts import FontSet, find_fonts
from generator.printing.team import Team
from generator.qr import qr_png, qr_svg
from generator.urls import Urls

if TYPE_CHECKING:
    from weasyprint.document import Document, Page

MIN_LEAFLET_GAP_PX = 2 * 96 / 25.4  # keep 2 mm between the leaflet's text and its QR block
FIRST_PROBE = 2  # most leaflets fit at font step 1, 2 or 3: start the search there


@dataclass(frozen=True)
class RenderContext:
    """What every render needs besides the lesson: picklable, sent to each worker once."""

    library: Library
    site_url: str
    lessons_dir: Path
    team: Team | None = None

    @property
    def urls(self) -> Urls:
        return Urls(self.site_url)


@dataclass(frozen=True)
class Rendered:
    """One output's bytes, and a warning for the lesson author if something did not fit."""

    data: bytes
    note: str | None = None


def handout_pdf(ctx: RenderContext, lesson: Lesson, lang: str, fonts: FontSet | None = None) -> Rendered:
    """The A4 trainer handout of `lesson` in `lang`."""
    fonts = fonts or find_fonts()
    quiz = ctx.library.quiz_by_lesson.get(lesson.id)
    html = handouts.render_handout(lesson, quiz, ctx.library, ctx.urls, lang, fonts)
    document = pdf.render_document(html, base_dir=ctx.lessons_dir, fonts=fonts)
    return Rendered(pdf.write_pdf(document))


@dataclass(frozen=True)
class LeafletFit:
    """A leaflet laid out at the largest font step where its text fits (or the smallest step)."""

    step: int
    document: Document
    page: Page
    note: str | None


def fit_leaflet(ctx: RenderContext, lesson: Lesson, lang: str, size: str, fonts: FontSet | None = None) -> LeafletFit:
    """Lay the leaflet out at the largest font step where its text fits, found by binary search.

    Smaller steps always fit at least as well, so about two layouts of one page find the step.
    """
    fonts = fonts or find_fonts()
    count = len(handouts.LEAFLET_FONT_STEPS[size])
    tried: dict[int, LeafletFit] = {}

    def lay_out(step: int) -> LeafletFit:
        html = handouts.render_leaflet(lesson, ctx.urls, lang, size, fonts, ctx.team, steps=[step])
        document = pdf.render_document(html, base_dir=ctx.lessons_dir, fonts=fonts)
        page = document.pages[0]
        gap = pdf.vertical_gap(page, "leaflet-text", "leaflet-bottom")
        fits = gap is None or gap >= MIN_LEAFLET_GAP_PX
        tried[step] = LeafletFit(step, document, page, None if fits else "")
        return tried[step]

    low, high = 0, count - 1  # the answer is the smallest step in [low, high] that fits
    probe = min(FIRST_PROBE, high)
    while low < high:
        if lay_out(probe).note is None:
            high = probe
        else:
            low = probe + 1
        probe = (low + high) // 2
    fit = tried.get(low) or lay_out(low)
    if fit.note is None:
        return fit
    points = handouts.LEAFLET_FONT_STEPS[size][-1]
    note = (
        f"lessons/{lesson.id}.yaml: leaflet: the {size.upper()} leaflet in '{lang}' does not fit even at {points:g} pt; "
        "shorten leaflet.headline, leaflet.points or the first warning"
    )
    return LeafletFit(fit.step, fit.document, fit.page, note)


def leaflet_pdf(ctx: RenderContext, lesson: Lesson, lang: str, size: str, fonts: FontSet | None = None) -> Rendered:
    """The household leaflet of `lesson` alone on an A5 or A6 page."""
    fit = fit_leaflet(ctx, lesson, lang, size, fonts)
    return Rendered(pdf.write_pdf(fit.document, [fit.page]), fit.note)


def qr_codes(ctx: RenderContext, lesson: Lesson, lang: str) -> dict[str, Rendered]:
    """The lesson's short-link QR code as `svg` and `png`."""
    url = ctx.urls.absolute(ctx.urls.short_link(lesson.id, lang))
    return {"svg": Rendered(qr_svg(url, title=url)), "png": Rendered(qr_png(url))}
