"""Lesson Markdown as safe HTML for the site: raw HTML is escaped, only web links are kept.

Lesson text is short Markdown written by authors and translators (bold, italic, lists,
`code`). Anything that looks like HTML is shown as text, never interpreted, and images
inside text are dropped (illustrations have their own field with alt text).
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_LINK_SCHEMES = ("http://", "https://", "mailto:")


class _SafeTree(Treeprocessor):
    def run(self, root: Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    parent.remove(child)
                elif child.tag == "a":
                    href = str(child.get("href", ""))
                    if href.startswith(SAFE_LINK_SCHEMES):
                        child.set("rel", "noopener")
                    else:
                        child.attrib.pop("href", None)


_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d{1,9}[.)]) +\S")


class _ListsAfterText(Preprocessor):
    """Let a list start right under a line of text, as CommonMark does.

    Authors write `Cách dạy:` and the items on the next lines; Python-Markdown would run them
    into the paragraph unless a blank line separates them, so one is added.
    """

    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            previous = out[-1] if out else ""
            if _LIST_ITEM.match(line) and previous.strip() and not previous.startswith((" ", "\t")) and not _LIST_ITEM.match(previous):
                out.append("")
            out.append(line)
        return out


class _SafeMarkdown(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.preprocessors.register(_ListsAfterText(md), "cnscd_lists_after_text", 25)
        for name in ("html", "image_link", "image_reference", "short_image_ref"):
            if name in md.inlinePatterns:
                md.inlinePatterns.deregister(name)
        md.treeprocessors.register(_SafeTree(md), "cnscd_safe_tree", 0)


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    return markdown.Markdown(extensions=["sane_lists", _SafeMarkdown()], output_format="html")


def render_markdown(text: str) -> Markup:
    """Block Markdown (paragraphs, lists) as safe HTML."""
    return Markup(_markdown().reset().convert(text))  # noqa: S704 - raw HTML escaped by _SafeMarkdown


def render_inline(text: str) -> Markup:
    """One line of Markdown (a title, a list item) as safe HTML without the wrapping <p>."""
    html = str(render_markdown(text))
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)  # noqa: S704 - produced by render_markdown
