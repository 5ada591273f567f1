"""The print cache: rendered outputs stored by content hash, and the hash of the code behind them.

A cache key must change whenever anything that shapes a printed file changes. The code part of
the key is computed from the code itself: every module of `generator.printing`, its templates,
and every `generator` module they import, followed transitively (so a word changed in
`generator/words.py` or a template helper in `generator/templating.py` re-renders), never from
a hand-kept list of names.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import time
from functools import lru_cache
from pathlib import Path

from generator.outputs import write_atomic

FORMAT_VERSION = "1"
PACKAGE_DIR = Path(__file__).resolve().parent.parent
"""The `generator` package folder."""


def _module_file(module: str) -> Path | None:
    """`generator.printing.pages` -> its .py file (or package __init__), if it is ours."""
    parts = module.split(".")
    if parts[0] != "generator":
        return None
    base = PACKAGE_DIR.joinpath(*parts[1:])
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def _imported_modules(path: Path) -> set[str]:
    """Every `generator...` module named by an import in `path` (top level or inside functions)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return {name for name in names if name.split(".")[0] == "generator"}


def code_files(start: Path) -> list[Path]:
    """The Python files of the package `start`, its templates, and every project module they import."""
    seen: set[Path] = set()
    todo = sorted(start.glob("*.py"))
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        for module in _imported_modules(path):
            found = _module_file(module)
            if found is not None and found not in seen:
                todo.append(found)
    templates = [p for p in (start / "templates").rglob("*") if p.is_file()]
    return sorted(seen) + sorted(templates)


@lru_cache(maxsize=1)
def code_digest() -> str:
    """Hash of the code and templates that shape printed output: editing any of them re-renders."""
    digest = hashlib.sha256()
    for path in code_files(Path(__file__).resolve().parent):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


class ObjectCache:
    """Rendered outputs by key: `objects/<k[:2]>/<key>.<ext>`, plus the last build's manifest."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, key: str, ext: str) -> Path:
        return self.root / "objects" / key[:2] / f"{key}.{ext}"

    def has(self, key: str, ext: str) -> bool:
        return self.path(key, ext).is_file()

    def put(self, key: str, ext: str, data: bytes) -> None:
        write_atomic(self.path(key, ext), data)

    def install(self, key: str, ext: str, dest: Path) -> None:
        """Put the cached object at `dest` atomically: a hard link when possible, else a copy."""
        source = self.path(key, ext)
        os.utime(source)  # marks it as used, for prune()
        if dest.exists() and os.path.samefile(source, dest):
            return
        dest.parent.mkdir(parents=True, exist_ok=True)
        temporary = dest.with_name(f".{dest.name}.{os.getpid()}.tmp")
        try:
            temporary.unlink(missing_ok=True)
            os.link(source, temporary)
        except OSError:  # another file system, or links not allowed: copy instead
            write_atomic(dest, source.read_bytes())
            return
        os.replace(temporary, dest)

    def write_manifest(self, outputs: dict[str, str]) -> None:
        payload = {"format": FORMAT_VERSION, "code": code_digest(), "outputs": outputs}
        write_atomic(self.root / "manifest.json", (json.dumps(payload, indent=1, sort_keys=True) + "\n").encode())

    def prune(self, max_age_days: int) -> None:
        """Remove objects nobody used for `max_age_days` (every build touches what it uses)."""
        limit = time.time() - max_age_days * 86400
        for path in (self.root / "objects").glob("*/*"):
            if path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
