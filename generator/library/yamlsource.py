"""Read one YAML document safely, keeping the line and column of every node.

This is the only place that parses lesson YAML. It refuses what authors never need and
attackers like: anchors and aliases (so no "billion laughs"), duplicate keys, tabs,
non-UTF-8 bytes and very large files. Every refusal is a located :class:`Diagnostic`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import Diagnostic, FieldPath, format_field

MAX_FILE_BYTES = 512 * 1024


@dataclass(frozen=True)
class Position:
    line: int
    column: int


@dataclass
class YamlDocument:
    """Plain Python data plus where each value (and each mapping key) starts."""

    data: Any
    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    source: str = ""
    """The file's text, to place a finding inside a value (e.g. an outdated term in a paragraph)."""

    def position(self, path: FieldPath, *, key: bool = False) -> Position:
        """Where `path` starts; for a missing field, where its nearest parent starts."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return Position(1, 1)


# libyaml's parser and composer (C) read a file about ten times faster than PyYAML's pure-Python
# ones: loading the library was a third of `cnscd build` at 200 lessons (bench/OPTIMISATIONS.md).
_CLoader: type[Any] | None = getattr(yaml, "CSafeLoader", None)
_ANCHOR_MESSAGE = "anchors and aliases (&name, *name) are not allowed; write the text out in full"
# Where an anchor or alias could start: `&` or `*` then a name character (libyaml and PyYAML
# accept only [0-9A-Za-z_-]), at the start of a token. Markdown's `**bold**` does not match, so
# most files skip the slower event-by-event check below.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[{,:])[&*][0-9A-Za-z_-]", re.M)


class _Loader(yaml.SafeLoader):
    """SafeLoader that refuses anchors and aliases while composing."""

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise yaml.MarkedYAMLError(
                problem=_ANCHOR_MESSAGE,
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


def _compose_fast(text: str) -> tuple[Node | None, Any] | None:
    """(root node, loader) composed by libyaml, or None to use the pure-Python loader instead.

    None when libyaml is missing, the text has an anchor or alias (refused before any node is
    built, so an alias bomb never expands), or libyaml finds an error: the pure-Python loader
    then reports it with PyYAML's own wording and position.
    """
    if _CLoader is None:
        return None
    try:
        if _MAYBE_ANCHOR.search(text):
            for event in yaml.parse(text, Loader=_CLoader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    return None
        loader = _CLoader(text)
        try:
            return loader.get_single_node(), loader
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return None


def _at(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _decode(raw: bytes, file: str) -> tuple[str | None, list[Diagnostic]]:
    if len(raw) > MAX_FILE_BYTES:
        return None, [Diagnostic(file, 1, 1, "", f"file is larger than {MAX_FILE_BYTES // 1024} KB; split it")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        byte = raw[exc.start : exc.start + 1].hex()
        message = f"not valid UTF-8 (byte 0x{byte}); save the file with UTF-8 encoding"
        return None, [Diagnostic(file, line, column, "", message)]
    tabs = [
        Diagnostic(file, number, line.index("\t") + 1, "", "tab character; use spaces, not tabs")
        for number, line in enumerate(text.splitlines(), start=1)
        if "\t" in line
    ]
    return (None, tabs) if tabs else (text, [])


def parse(raw: bytes, file: str) -> tuple[YamlDocument | None, list[Diagnostic]]:
    """Parse `raw` (the bytes of `file`) into a :class:`YamlDocument`, or diagnostics."""
    text, problems = _decode(raw, file)
    if text is None:
        return None, problems
    control = yaml.reader.Reader.NON_PRINTABLE.search(text)
    if control is not None:
        bad = control.start()
        line = text.count("\n", 0, bad) + 1
        column = bad - (text.rfind("\n", 0, bad) + 1) + 1
        message = f"control character U+{ord(text[bad]):04X} is not allowed; delete it (it is often invisible)"
        return None, [Diagnostic(file, line, column, "", message)]
    fast = _compose_fast(text)
    if fast is not None:
        root, loader = fast
    else:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            pos = _at(mark) if mark else Position(1, 1)
            detail = " ".join(str(p) for p in (exc.context, exc.problem) if p)
            return None, [Diagnostic(file, pos.line, pos.column, "", f"YAML syntax error: {detail}")]
        except yaml.YAMLError as exc:
            return None, [Diagnostic(file, 1, 1, "", f"YAML error: {exc}")]
        finally:
            loader.dispose()
    document = YamlDocument(data=None, source=text)
    if root is None:
        return document, []
    problems = []
    document.data = _build(root, (), document, loader, problems, file)
    return document, problems


def _build(
    node: Node, path: FieldPath, doc: YamlDocument, loader: _Loader, problems: list[Diagnostic], file: str
) -> Any:
    doc.values[path] = _at(node.start_mark)
    if isinstance(node, MappingNode):
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode):
                pos = _at(key_node.start_mark)
                problems.append(Diagnostic(file, pos.line, pos.column, "", "a key must be plain text"))
                continue
            key = loader.construct_object(key_node)
            key = key if isinstance(key, str | int) else str(key)
            child = (*path, key)
            if key in mapping:
                pos = _at(key_node.start_mark)
                first = doc.keys[child]
                message = f"duplicate key '{key}' (first given on line {first.line}); keep only one"
                problems.append(Diagnostic(file, pos.line, pos.column, format_field(child), message))
                continue
            doc.keys[child] = _at(key_node.start_mark)
            mapping[key] = _build(value_node, child, doc, loader, problems, file)
        return mapping
    if isinstance(node, SequenceNode):
        return [_build(item, (*path, i), doc, loader, problems, file) for i, item in enumerate(node.value)]
    try:
        return loader.construct_object(node)
    except (yaml.YAMLError, ValueError) as exc:  # e.g. an impossible date such as 2026-02-30
        pos = _at(node.start_mark)
        message = f"cannot read value {node.value!r}: {exc} (write dates as YYYY-MM-DD)"
        problems.append(Diagnostic(file, pos.line, pos.column, format_field(path), message))
        return None

