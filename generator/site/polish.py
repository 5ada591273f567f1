"""Polish a built site folder: per-language search indexes, unused theme files dropped,
one pruned stylesheet named by its hash. Works on files MkDocs wrote; knows nothing of MkDocs."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path

from generator.errors import SiteBuildError
from generator.outputs import write_atomic
from generator.site.cssprune import prune_css
from generator.urls import TRACKER_ASSETS_DIR, site_stylesheet

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


_STYLESHEET_LINK = re.compile(
    r'<link rel="stylesheet" href="(?P<prefix>[^"]*?)assets/(?:stylesheets/main\.[0-9a-f]+\.min\.css|cnscd-site/site\.css)">\s*')
_QUIZ_STYLESHEET = f"{TRACKER_ASSETS_DIR}/quiz.css"
_CLASS_ATTR = re.compile(r'class="([^"]*)"')
# Classes Material's script adds at run time (modifiers, search results) and those of our scripts.
_SCRIPT_CLASSES = re.compile(r"md-search-result[\w-]*|md-[\w-]+--[\w-]+|cnscd[\w-]*")


def bundle_styles(site_dir: Path) -> str:
    """One stylesheet for the whole site, cut to the rules it uses, under a name that is its hash.

    Material's 138 KB stylesheet and ours become one file of about 9 KB compressed, linked from
    every page instead of Material's two. Its name changes with its content, so a server can let
    browsers keep it for a year: a reader downloads it on the first page and never again, while
    every later page costs only its own HTML. Returns the stylesheet's path inside the site.
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
    quiz_css = site_dir / _QUIZ_STYLESHEET
    if quiz_css.is_file():
        css += quiz_css.read_text(encoding="utf-8")
    data = css.encode("utf-8")
    name = site_stylesheet(hashlib.sha256(data).hexdigest()[:10])
    write_atomic(site_dir / name, data)
    for page, text in html.items():
        first = _STYLESHEET_LINK.search(text)
        if first is None:
            continue
        link = f'<link rel="stylesheet" href="{first.group("prefix")}{name}">'
        text = text[: first.start()] + link + _STYLESHEET_LINK.sub("", text[first.start():])
        page.write_text(text, encoding="utf-8")
    return name
