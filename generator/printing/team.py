"""The team file: who hands out the leaflets, and how residents reach them.

A small YAML file, for example `team.yaml`::

    name: "Tổ công nghệ số cộng đồng thôn Đông"
    commune: "Xã Tân Hòa"            # commune or ward (optional)
    zalo: "Tổ CNS thôn Đông"          # Zalo group name or zalo.me link (optional)
    phone: "0912 345 678"             # contact phone (optional)

Printed in the footer of every leaflet and on the pack's cover and attendance sheet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from generator.errors import ContentError, Diagnostic, UsageError, format_field
from generator.library.yamlsource import parse

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Phone = Annotated[
    str,
    StringConstraints(strip_whitespace=True, pattern=r"^\+?[0-9][0-9 .\-]{6,18}[0-9]$"),
]


class Team(BaseModel):
    """A community digital technology team, as printed on leaflets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: Line = Field(description="Team name, e.g. `Tổ công nghệ số cộng đồng thôn Đông`.")
    commune: Line | None = Field(default=None, description="Commune or ward (xã/phường).")
    zalo: Line | None = Field(default=None, description="Zalo group name or zalo.me link.")
    phone: Phone | None = Field(default=None, description="Contact phone, e.g. `0912 345 678`.")


def load_team(path: Path) -> Team:
    """Read and validate a team file; located errors raise :class:`ContentError`."""
    if not path.is_file():
        raise UsageError(f"team file {path} does not exist; write one like:\n{_EXAMPLE}")
    file = str(path)
    doc, problems = parse(path.read_bytes(), file)
    if doc is None or problems:
        raise ContentError(problems)
    if not isinstance(doc.data, dict):
        raise ContentError([Diagnostic(file, 1, 1, "", f"a team file is a mapping of fields; write it like:\n{_EXAMPLE}")])
    try:
        return Team.model_validate(doc.data)
    except ValidationError as exc:
        diagnostics = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            pos = doc.position(loc[:-1] if error["type"] == "missing" else loc, key=error["type"] == "extra_forbidden")
            diagnostics.append(Diagnostic(file, pos.line, pos.column, format_field(loc), _message(error)))
        raise ContentError(diagnostics) from None


def team_from_options(
    file: Path | None, *, name: str | None, commune: str | None, zalo: str | None, phone: str | None
) -> Team | None:
    """The team from `file` (if any) with command-line options overriding its fields."""
    base = load_team(file).model_dump(exclude_none=True) if file else {}
    overrides = {"name": name, "commune": commune, "zalo": zalo, "phone": phone}
    merged = base | {key: value for key, value in overrides.items() if value is not None}
    if not merged:
        return None
    try:
        return Team.model_validate(merged)
    except ValidationError as exc:
        details = "; ".join(f"--team-{'-'.join(map(str, e['loc']))}: {_message(e)}" for e in exc.errors())
        raise UsageError(details) from None


def _message(error: object) -> str:
    assert isinstance(error, dict)
    kind, field = error["type"], error["loc"][-1] if error["loc"] else ""
    if kind == "missing":
        return f"required field '{field}' is missing; add it"
    if kind == "extra_forbidden":
        return f"unknown field '{field}'; known fields: {', '.join(Team.model_fields)}"
    if field == "phone" and kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not a phone number; write digits, e.g. 0912 345 678"
    if kind == "string_too_short":
        return "text is empty; write it or remove the field"
    return str(error["msg"])


_EXAMPLE = """\
  name: "Tổ công nghệ số cộng đồng thôn Đông"
  commune: "Xã Tân Hòa"
  zalo: "Tổ CNS thôn Đông"
  phone: "0912 345 678\""""
