"""Polish a built site folder: per-language search indexes, unused theme files dropped,
the stylesheet pruned and inlined. Works on files MkDocs wrote; knows nothing of MkDocs."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path

from generator.errors import SiteBuildError
from generator.site.cssprune import prune_css

# Theme files the site never loads: source maps, and lunr languages other than ours.
_KEEP_LUNR = {"lunr.stemmer.support.min.js", "lunr.multi.min.js", "lunr.vi.min.js"}


def split_search_index(site_dir: Path, other_languages: Sequence[str]) -> None:
    """Give each language its own search index (`<lang>/search/search_index.json`).

    mkdocs-static-i18n merges every language into the root index; a reader should only
    download, and only find, pages in the language they read.
    """
    index_path = site_dir / "search" / "search_index.json"
    if not index_path.is_file():
        return
    index = json.loads(index_path.read_text(encoding="utf-8"))
    docs = index["docs"]
    for lang in other_languages:
        mine = [doc for doc in docs if doc["location"].startswith(f"{lang}/")]
        target = site_dir / lang / "search" / "search_index.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({**index, "docs": mine}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    prefixes = tuple(f"{lang}/" for lang in other_languages)
    default = [doc for doc in docs if not doc["location"].startswith(prefixes)]
    index_path.write_text(json.dumps({**index, "docs": default}, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def prune_theme_files(site_dir: Path) -> None:
    """Drop theme files no page loads, to keep the site and the offline zip small."""
    for path in site_dir.rglob("*.map"):
        path.unlink()
    lunr_dir = site_dir / "assets" / "javascripts" / "lunr"
    for path in sorted(lunr_dir.rglob("*.js")) if lunr_dir.is_dir() else []:
        if path.name not in _KEEP_LUNR:
            path.unlink()


_STYLESHEET_LINK = re.compile(r'<link rel="stylesheet" href="[^"]*assets/(stylesheets/main\.[0-9a-f]+\.min\.css|cnscd-site/site\.css)">\s*')
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
# Classes Material's script adds at run time (modifiers, search results) and those of our scripts.
_SCRIPT_CLASSES = re.compile(r"md-search-result[\w-]*|md-[\w-]+--[\w-]+|cnscd[\w-]*")


def inline_styles(site_dir: Path) -> int:
    """Put the stylesheet every page needs inside the page, cut to the rules the site uses.

    On a 400 kbit/s, 400 ms link a separate 23 KB stylesheet that blocks rendering costs about
    a second before the first words show; inlined and pruned (about 9 KB compressed) it arrives
    with the page. Returns the size of the inlined CSS in bytes.
    """
    pages = sorted(site_dir.rglob("*.html"))
    html = {page: page.read_text(encoding="utf-8") for page in pages}
    used = {name for text in html.values() for attr in _CLASS_ATTR.findall(text) for name in attr.split()}
    scripts = ""
    for script in sorted((site_dir / "assets").rglob("*.js")):
        text = script.read_text(encoding="utf-8", errors="replace")
        scripts += text
        used.update(_SCRIPT_CLASSES.findall(text))
    main_css = sorted((site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    site_css = site_dir / "assets" / "cnscd-site" / "site.css"
    if not main_css or not site_css.is_file():
        raise SiteBuildError("Material's or cnscd's stylesheet is missing from the built site")
    css = prune_css(main_css[0].read_text(encoding="utf-8"), used, scripts=scripts)
    css += prune_css(site_css.read_text(encoding="utf-8"), used | {"md-typeset"}, scripts=scripts)
    if "</style" in css.lower():
        raise SiteBuildError("the stylesheet contains '</style' and cannot be inlined")
    style = f"<style>{css}</style>"
    for page, text in html.items():
        linked = _STYLESHEET_LINK.findall(text)
        if len(linked) == 2:
            first = _STYLESHEET_LINK.search(text)
            assert first is not None
            text = text[: first.start()] + style + _STYLESHEET_LINK.sub("", text[first.start():])
            page.write_text(text, encoding="utf-8")
    return len(css)
