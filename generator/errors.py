"""Diagnostics about content, and the exceptions that carry them to the CLI edge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]
FieldPath = tuple[str | int, ...]


def format_field(path: FieldPath) -> str:
    """`("steps", 2, "text", "en")` -> `steps[2].text.en`."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass(frozen=True, order=True)
class Diagnostic:
    """One located finding about the library, printed compiler-style."""

    file: str
    line: int
    column: int
    field: str
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}"
        field = f" {self.field}:" if self.field else ""
        label = " warning:" if self.severity == "warning" else ""
        return f"{where}:{label}{field} {self.message}"


class CnscdError(Exception):
    """Base of every error the CLI turns into a message and an exit code."""

    exit_code = 1


class ContentError(CnscdError):
    """The lesson library has errors; each is a located diagnostic."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = diagnostics
        super().__init__("\n".join(str(d) for d in diagnostics))


class UsageError(CnscdError):
    """The command was called wrongly (bad option, unknown lesson id, ...)."""

    exit_code = 2


class SiteBuildError(CnscdError):
    """The site could not be built (MkDocs stopped, or with --strict warned; a built file is missing)."""
