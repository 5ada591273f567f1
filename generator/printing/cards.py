"""Member cards: ten per A4 sheet, each with the member's personal enrollment link as a QR code.

`cards_html` is a pure renderer; `cards_pdf` lays it out with WeasyPrint. Cards are cut
along the dashed lines (90 x 54 mm, close to a bank card).
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol

from markupsafe import Markup

from generator.printing.fonts import FontSet, find_fonts
from generator.printing.words import WORDS
from generator.qr import qr_svg
from generator.templating import make_environment

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
CARDS_PER_PAGE = 10


class Card(Protocol):
    """What a card shows (the tracker's enrollment cards have these fields)."""

    @property
    def member_name(self) -> str: ...
    @property
    def team_name(self) -> str: ...
    @property
    def commune_name(self) -> str: ...
    @property
    def url(self) -> str:
        """The personal enrollment link (holds the member's token: print, never log)."""


NAME_FITS = 32  # characters of a name at full size on one card (two lines)
NAME_LIMIT = 64  # at the smaller size; longer names end in "…" so the card shows they were cut


def card_name(name: str) -> tuple[str, bool]:
    """The name as printed and whether it needs the smaller size: always fits, cut visibly."""
    if len(name) > NAME_LIMIT:
        name = name[: NAME_LIMIT - 1].rstrip() + "…"
    return name, len(name) > NAME_FITS


def cards_html(cards: Sequence[Card], lang: str, fonts_css: str) -> str:
    """HTML of all card sheets in `lang`."""
    env = make_environment(TEMPLATES_DIR, {})
    t = WORDS.translator(lang)
    items = [(card, Markup(qr_svg(card.url, size="34mm", title=t("card_link")).decode("utf-8")), card_name(card.member_name))  # noqa: S704
             for card in cards]
    pages = [items[i:i + CARDS_PER_PAGE] for i in range(0, len(items), CARDS_PER_PAGE)]
    return env.get_template("cards.html").render(pages=pages, t=t, lang=lang, fonts_css=Markup(fonts_css))  # noqa: S704


def cards_pdf(cards: Sequence[Card], lang: str, fonts: FontSet | None = None) -> bytes:
    """The cards as a PDF (A4 sheets)."""
    from generator.printing import pdf

    fonts = fonts or find_fonts()
    html = cards_html(cards, lang, fonts.css())
    with tempfile.TemporaryDirectory(prefix="cnscd-cards-") as empty:
        document = pdf.render_document(html, base_dir=Path(empty), fonts=fonts)
        return pdf.write_pdf(document)
