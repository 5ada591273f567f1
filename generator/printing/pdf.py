"""HTML to PDF with WeasyPrint, locked down and reproducible.

The only module that imports WeasyPrint. Documents may load local files only from the folders
they are given (lesson illustrations, fonts) and `data:` URLs; anything else (a remote image,
`/etc/passwd`) stops the render with an error instead of being fetched. The same HTML always
gives the same bytes: WeasyPrint writes no timestamps unless asked to.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from generator.printing.fonts import FontSet

if TYPE_CHECKING:
    from weasyprint.document import Document, Page


class RenderError(Exception):
    """WeasyPrint could not render a document (e.g. a missing or forbidden image)."""


def _fetcher_class() -> type[Any]:
    from weasyprint.urls import URLFetcher

    class LocalFetcher(URLFetcher):
        """Fetch `data:` URLs and files under the allowed folders; refuse everything else."""

        def __init__(self, roots: tuple[Path, ...]) -> None:
            super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, fail_on_errors=True)
            self._roots = roots

        def fetch(self, url: str, headers: Any = None) -> Any:
            if url.startswith("file:"):
                path = Path(unquote(urlsplit(url).path)).resolve()
                if not any(path.is_relative_to(root) for root in self._roots):
                    raise ValueError(f"{path} is outside the folders a handout may read")
            return super().fetch(url, headers)

    return LocalFetcher


@lru_cache(maxsize=8)
def _fetcher(roots: tuple[Path, ...]) -> Any:
    return _fetcher_class()(roots)


@lru_cache(maxsize=1)
def _font_config() -> Any:
    # One per process: WeasyPrint keeps loaded @font-face files in it, so later documents
    # do not parse the fonts again.
    from weasyprint.text.fonts import FontConfiguration

    return FontConfiguration()


def render_document(html: str, *, base_dir: Path, fonts: FontSet, allowed_dirs: Iterable[Path] = ()) -> Document:
    """Lay out `html` into pages; relative URLs resolve against `base_dir`.

    The document may read files under `base_dir`, the font folders and `allowed_dirs` only.
    """
    from weasyprint import HTML
    from weasyprint.urls import FatalURLFetchingError

    folders = [base_dir, *allowed_dirs, *(face.path.parent for face in fonts.faces)]
    roots = tuple(sorted({Path(d).resolve() for d in folders}))
    try:
        document = HTML(string=html, base_url=base_dir.resolve().as_uri() + "/", url_fetcher=_fetcher(roots)).render(
            font_config=_font_config()
        )
    except FatalURLFetchingError as exc:
        cause = exc.__cause__ or exc
        raise RenderError(f"{exc}: {cause}") from exc
    return document


def write_pdf(document: Document, pages: Sequence[Page] | None = None) -> bytes:
    """The PDF bytes of `document`, or of `pages` (which may repeat, or come from other documents)."""
    chosen = document if pages is None else document.copy(list(pages))
    data = chosen.write_pdf()
    assert isinstance(data, bytes)
    return data


def assemble(document: Document, pages: Sequence[Page], *, outline: Sequence[tuple[str, int]] = ()) -> bytes:
    """One PDF of `pages` in order, where a page may repeat: each distinct page is painted once.

    WeasyPrint paints every page it writes, so 30 copies of a leaflet sheet would cost 30
    paintings; here the distinct pages are written once and pypdf lays out the final order with
    repeated pages sharing one content stream. `outline` is the bookmark list, `(title, index)`.
    """
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import DictionaryObject, NameObject

    distinct: dict[int, int] = {}
    unique: list[Page] = []
    for page in pages:
        if id(page) not in distinct:
            distinct[id(page)] = len(unique)
            unique.append(page)
    reader = PdfReader(io.BytesIO(write_pdf(document, unique)))
    writer = PdfWriter()
    for page in pages:
        writer.add_page(reader.pages[distinct[id(page)]])
    if reader.metadata:
        writer.add_metadata(reader.metadata)
    catalog = reader.trailer["/Root"].get_object()
    if isinstance(catalog, DictionaryObject) and "/Lang" in catalog:
        writer._root_object[NameObject("/Lang")] = catalog["/Lang"]
    for title, index in outline:
        writer.add_outline_item(title, index)
    if outline:
        writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def weasyprint_version() -> str:
    from weasyprint import __version__

    return str(__version__)


def vertical_gap(page: Page, upper_class: str, lower_class: str) -> float | None:
    """Space (CSS px) from the lowest box of class `upper_class` down to the highest of `lower_class`.

    Negative when they overlap; None when the page has no such boxes. Reads WeasyPrint's box
    tree, which is not public API: if that changes, callers get None and skip fitting.
    """
    try:
        boxes = list(page._page_box.descendants())
        bottoms = [b.position_y + b.margin_height() for b in boxes if _has_class(b, upper_class)]
        tops = [b.position_y for b in boxes if _has_class(b, lower_class)]
    except AttributeError:  # pragma: no cover - a WeasyPrint release changed its internals
        return None
    if not bottoms or not tops:
        return None
    return float(min(tops) - max(bottoms))


def _has_class(box: Any, name: str) -> bool:
    element = getattr(box, "element", None)
    if element is None or getattr(box, "pseudo_type", None):
        return False
    return name in str(element.get("class") or "").split()
