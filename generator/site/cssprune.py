"""Cut a stylesheet down to the rules a site can use (pure: text in, text out).

Material ships one 137 KB stylesheet for every feature it has; a lesson page uses a small part.
On a 400 kbit/s link the render-blocking stylesheet decides when the first words appear, so the
site gets only the rules whose class names occur in its pages or are created by its scripts,
and only the custom properties something still reads.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import tinycss2

_CLASS = re.compile(r"\.(-?[_a-zA-Z][\w-]*)")
_VAR_USE = re.compile(r"var\(\s*(--[\w-]+)")
_CUSTOM_DECL = re.compile(r"(?<![\w-])(--[\w-]+)\s*:")


def _split_selectors(prelude: str) -> list[str]:
    """Top-level comma split: `a, :is(b, c)` -> [`a`, `:is(b, c)`]."""
    out, depth, current = [], 0, ""
    for char in prelude:
        depth += char in "([" 
        depth -= char in ")]"
        if char == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return [s.strip() for s in out if s.strip()]


def _declarations(content: list[object], keep: set[str] | None) -> str:
    if keep is None:
        return str(tinycss2.serialize(content))
    kept = []
    for item in tinycss2.parse_declaration_list(content, skip_comments=True, skip_whitespace=True):
        if getattr(item, "type", None) != "declaration":
            continue
        name = item.name
        if name.startswith("--") and name not in keep:
            continue
        important = "!important" if item.important else ""
        kept.append(f"{name}:{tinycss2.serialize(item.value).strip()}{important}")
    return ";".join(kept)


def _prune_rules(rules: Iterable[object], used_classes: set[str], keep: set[str] | None) -> list[str]:
    out: list[str] = []
    for rule in rules:
        kind = getattr(rule, "type", None)
        if kind == "qualified-rule":
            selectors = [s for s in _split_selectors(tinycss2.serialize(rule.prelude))  # type: ignore[attr-defined]
                         if all(name in used_classes for name in _CLASS.findall(s))]
            body = _declarations(rule.content, keep) if selectors else ""  # type: ignore[attr-defined]
            if selectors and body:
                out.append(",".join(selectors) + "{" + body + "}")
        elif kind == "at-rule":
            keyword = rule.lower_at_keyword  # type: ignore[attr-defined]
            content = rule.content  # type: ignore[attr-defined]
            if keyword in ("media", "supports") and content is not None:
                inner = _prune_rules(tinycss2.parse_rule_list(content, skip_comments=True, skip_whitespace=True), used_classes, keep)
                if inner:
                    out.append(f"@{rule.at_keyword}{tinycss2.serialize(rule.prelude)}{{{''.join(inner)}}}")  # type: ignore[attr-defined]
            else:
                out.append(rule.serialize())  # type: ignore[attr-defined]
    return out


def prune_css(css: str, used_classes: set[str], *, scripts: str = "") -> str:
    """Rules of `css` that can apply to elements with `used_classes`, without custom properties
    nothing reads. `scripts` may set or read custom properties (e.g. `--md-tooltip-x`), so every
    `--name` in them counts as read."""
    from_scripts = set(re.findall(r"--[\w-]+", scripts))
    keep: set[str] | None = None
    while True:
        rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
        pruned = "".join(_prune_rules(rules, used_classes, keep))
        read = set(_VAR_USE.findall(pruned)) | from_scripts
        if keep is not None and pruned == css:
            return pruned
        css, keep = pruned, read
