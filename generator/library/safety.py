"""What a lesson may not carry onto the site: active SVG content and `javascript:` links.

The site is served beside the tracker's dashboard, so an SVG that runs script there could read
what a logged-in trainer sees. `validate` refuses, with the SVG's line, anything that runs or
loads something: `<script>`, `<foreignObject>`, `on*` event attributes, references outside the
file (`href`, `src`, `url(...)`, `@import`) and DTDs with entities. Lesson Markdown may not link
to `javascript:`, `vbscript:` or `data:` URLs.
"""

from __future__ import annotations

import re
from pathlib import Path
from xml.parsers import expat

FORBIDDEN_ELEMENTS = {"script", "foreignobject", "iframe", "embed", "object", "handler", "listener"}
LINK_ATTRIBUTES = {"href", "src", "xlink:href"}
EXTERNAL_URL = re.compile(r"url\(\s*['\"]?\s*(?!#)[^)\s]", re.IGNORECASE)
IMPORT = re.compile(r"@import", re.IGNORECASE)
# A Markdown link or autolink whose target is a script URL (spaces and case do not hide it).
SCRIPT_LINK = re.compile(r"(\]\(\s*<?|<|\[[^\]]*\]:\s*)\s*(javascript|vbscript|data)\s*:", re.IGNORECASE)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1].lower() if " " in name else name.lower()


def _attribute_problem(name: str, value: str) -> str | None:
    local = _local(name)
    if local.startswith("on"):
        return f"event attribute {name}= is not allowed (it runs script)"
    if name.lower() in LINK_ATTRIBUTES or local in {"href", "src"}:
        if not value.strip().startswith("#") and not value.strip().lower().startswith("data:image/"):
            return f"{name}={value[:60]!r} refers outside the file; embed the image or use an #id"
    if local == "style" and (EXTERNAL_URL.search(value) or IMPORT.search(value)):
        return "style loads something from outside the file (url(...) or @import)"
    return None


def svg_problems(data: bytes) -> list[tuple[int, str]]:
    """(line, problem) for every active or external part of an SVG file; [] when it is safe."""
    problems: list[tuple[int, str]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    in_style = 0

    def start(name: str, attrs: dict[str, str]) -> None:
        nonlocal in_style
        line = parser.CurrentLineNumber
        local = _local(name)
        if local in FORBIDDEN_ELEMENTS:
            problems.append((line, f"<{local}> is not allowed in a lesson SVG (it runs script or embeds a page)"))
        if local == "style":
            in_style += 1
        for attr, value in attrs.items():
            problem = _attribute_problem(attr.replace("http://www.w3.org/1999/xlink ", "xlink:"), value)
            if problem:
                problems.append((line, problem))

    def end(name: str) -> None:
        nonlocal in_style
        if _local(name) == "style":
            in_style -= 1

    def text(data: str) -> None:
        if in_style and (EXTERNAL_URL.search(data) or IMPORT.search(data)):
            problems.append((parser.CurrentLineNumber, "<style> loads something from outside the file (url(...) or @import)"))

    def entity(*_: object) -> None:
        problems.append((parser.CurrentLineNumber, "entity declarations are not allowed in a lesson SVG"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.EntityDeclHandler = entity
    parser.ProcessingInstructionHandler = lambda target, _data: (
        problems.append((parser.CurrentLineNumber, f"processing instruction <?{target}?> is not allowed"))
        if target.lower() == "xml-stylesheet" else None)
    try:
        parser.Parse(data, True)
    except expat.ExpatError as error:
        problems.append((error.lineno, f"not well-formed SVG: {expat.errors.messages.get(error.code, str(error))}"))
    return problems


def svg_file_problems(path: Path) -> list[tuple[int, str]]:
    return svg_problems(path.read_bytes())


def script_link(text: str) -> str | None:
    """The scheme of a `javascript:`-like link in Markdown text, or None."""
    match = SCRIPT_LINK.search(text)
    return match.group(2).lower() if match else None
