"""Reading a roster CSV: one row per team member, units keyed by official codes.

Every problem is collected with its spreadsheet row (the header is row 1) and column name,
then reported at once; nothing is imported from a file with problems.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

from generator.errors import CnscdError

COLUMNS = ("province_code", "province_name", "commune_code", "commune_name", "team_code", "team_name", "member_name", "phone")
OPTIONAL = {"phone"}
# Vietnamese headers a trainer may prefer; both spellings mean the same column.
ALIASES = {
    "ma_tinh": "province_code", "ten_tinh": "province_name",
    "ma_xa": "commune_code", "ten_xa": "commune_name",
    "ma_to": "team_code", "ten_to": "team_name",
    "ho_ten": "member_name", "so_dien_thoai": "phone",
}
PROVINCE_CODE = re.compile(r"^\d{2}$")
COMMUNE_CODE = re.compile(r"^\d{5}$")
TEAM_CODE = re.compile(r"^[A-Za-z0-9._-]{1,32}$")
PHONE = re.compile(r"^(?:\+84|0)\d{9,10}$")
MAX_NAME = 200
# Characters that never belong in a name: invisible ones are removed (so one person is not two),
# control characters (NUL, terminal escape codes) refuse the row.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class RosterProblem:
    file: str
    row: int
    column: str
    message: str

    def __str__(self) -> str:
        column = f", column {self.column}" if self.column else ""
        return f"{self.file}: row {self.row}{column}: {self.message}"


class RosterError(CnscdError):
    """The roster file has problems; nothing was imported."""

    def __init__(self, problems: list[RosterProblem]) -> None:
        self.problems = problems
        lines = [str(p) for p in problems]
        super().__init__("\n".join(lines + [f"{len(problems)} problem(s); nothing was imported."]))


@dataclass(frozen=True)
class RosterRow:
    row: int
    province_code: str
    province_name: str
    commune_code: str
    commune_name: str
    team_code: str
    team_name: str
    member_name: str
    phone: str | None


def normalize_name(text: str) -> str:
    """One spelling per name: NFC, no zero-width characters, single spaces.

    `Nguyễn  Văn An `, `Nguyễn Văn An` typed with combining accents (NFD) and one with a
    zero-width space pasted from a chat are all the same person.
    """
    return " ".join(unicodedata.normalize("NFC", text).translate(INVISIBLE).split())


def normalize_phone(text: str) -> str:
    return re.sub(r"[\s.()-]", "", text)


def parse_roster(data: bytes, file: str) -> list[RosterRow]:
    """Rows of a roster CSV (UTF-8, comma or semicolon separated); raises :class:`RosterError`."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RosterError([RosterProblem(file, line, "", "the file is not UTF-8 text; in Excel use Save As > CSV UTF-8")]) from None
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        return _read_rows(reader, file)
    except csv.Error:
        # Only an unclosed quote reaches here: it swallowed the rest of the file into one cell.
        raise RosterError([RosterProblem(file, _row_of_line(text, reader.line_num), "",
                                         'a quote (") opened in this row is never closed; remove it or close it')]) from None


def _row_of_line(text: str, line: int) -> int:
    """The spreadsheet row that starts on or before physical `line` (quotes may span lines)."""
    rows, open_quote = 0, False
    for number, physical in enumerate(text.split("\n"), start=1):
        if not open_quote:
            rows += 1
            start_row = rows
        open_quote ^= physical.count('"') % 2 == 1
        if number >= line:
            return start_row
    return rows


def _read_rows(reader: Iterator[list[str]], file: str) -> list[RosterRow]:
    header = next(reader, None)
    if header is None:
        raise RosterError([RosterProblem(file, 1, "", f"the file is empty; the first row must name the columns: {', '.join(COLUMNS)}")])
    columns = [ALIASES.get(h.strip().lower(), h.strip().lower()) for h in header]
    problems = _check_header(columns, file)
    if problems:
        raise RosterError(problems)
    rows: list[RosterRow] = []
    for number, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(columns):
            problems.append(RosterProblem(file, number, "", f"{len(cells)} cells but {len(columns)} columns; is there a stray separator?"))
            continue
        record = {column: (cells[i].strip() if i < len(cells) else "") for i, column in enumerate(columns)}
        bad = [(column, value) for column, value in record.items() if CONTROL.search(value) or "\n" in value or "\r" in value]
        if bad:
            column, value = bad[0]
            char = CONTROL.search(value.replace("\r", ""))
            what = f"control character U+{ord(char.group()):04X}" if char else "a line break"
            problems.append(RosterProblem(file, number, column, f"{what} in this cell; a quote (\") may be left open, "
                                          "or the cell holds invisible characters: retype it"))
            continue
        row = _check_row(record, number, file, problems)
        if row is not None:
            rows.append(row)
    if not rows and not problems:
        problems.append(RosterProblem(file, 2, "", "no members: add one row per team member under the header"))
    problems += _check_consistency(rows, file)
    if problems:
        raise RosterError(problems)
    return rows


def _check_header(columns: list[str], file: str) -> list[RosterProblem]:
    problems = []
    for column in columns:
        if column not in COLUMNS:
            problems.append(RosterProblem(file, 1, column, f"unknown column; the columns are: {', '.join(COLUMNS)}"))
    for column in COLUMNS:
        if column not in columns and column not in OPTIONAL:
            problems.append(RosterProblem(file, 1, column, "this column is missing from the header row"))
    duplicated = sorted({c for c in columns if columns.count(c) > 1})
    problems += [RosterProblem(file, 1, c, "this column appears twice") for c in duplicated]
    return problems


def _check_row(record: dict[str, str], number: int, file: str, problems: list[RosterProblem]) -> RosterRow | None:
    found: list[RosterProblem] = []

    def need(column: str, pattern: re.Pattern[str] | None, hint: str) -> str:
        value = record.get(column, "")
        if not value:
            found.append(RosterProblem(file, number, column, "this cell is empty"))
        elif pattern is not None and not pattern.fullmatch(value):
            found.append(RosterProblem(file, number, column, f"{value!r} {hint}"))
        elif pattern is None and len(value) > MAX_NAME:
            found.append(RosterProblem(file, number, column, f"longer than {MAX_NAME} characters"))
        return value

    province_code = need("province_code", PROVINCE_CODE, "is not a province code: 2 digits, e.g. 01")
    commune_code = need("commune_code", COMMUNE_CODE, "is not a commune/ward code: 5 digits, e.g. 00004")
    team_code = need("team_code", TEAM_CODE, "is not a team code: up to 32 letters, digits, '.', '_' or '-'")
    names = {column: normalize_name(need(column, None, "")) for column in ("province_name", "commune_name", "team_name", "member_name")}
    phone = normalize_phone(record.get("phone", ""))
    if phone and not PHONE.fullmatch(phone):
        found.append(RosterProblem(file, number, "phone", f"{record['phone']!r} is not a Vietnamese phone number (e.g. 0912345678); leave it empty if unknown"))
    problems += found
    if found:
        return None
    return RosterRow(number, province_code, names["province_name"], commune_code, names["commune_name"],
                     team_code, names["team_name"], names["member_name"], phone or None)


def _check_consistency(rows: list[RosterRow], file: str) -> list[RosterProblem]:
    """A code means one unit: the same name (and parent) on every row; a member appears once."""
    problems: list[RosterProblem] = []
    first: dict[tuple[str, ...], RosterRow] = {}

    def same(key: tuple[str, ...], row: RosterRow, column: str, value: str, what: str) -> None:
        seen = first.setdefault(key, row)
        if getattr(seen, column) != value:
            problems.append(RosterProblem(file, row.row, column, f"{what} is {getattr(seen, column)!r} in row {seen.row}, {value!r} here"))

    for row in rows:
        same(("p", row.province_code), row, "province_name", row.province_name, f"the name of province {row.province_code}")
        same(("c", row.commune_code), row, "commune_name", row.commune_name, f"the name of commune {row.commune_code}")
        same(("cp", row.commune_code), row, "province_code", row.province_code, f"the province of commune {row.commune_code}")
        same(("t", row.commune_code, row.team_code), row, "team_name", row.team_name, f"the name of team {row.team_code}")
        seen = first.setdefault(("m", row.commune_code, row.team_code, row.member_name.casefold()), row)
        if seen is not row:
            problems.append(RosterProblem(file, row.row, "member_name", f"{row.member_name!r} is already in team {row.team_code} (row {seen.row}); "
                                          "write two people with the same name differently, e.g. add '(B)'"))
    return problems
