"""Load the whole lesson library, collecting every problem before stopping once.

`load_library` reads `lessons/_categories.yaml`, `lessons/*.yaml` and `quizzes/*.yaml`,
validates each against :mod:`generator.library.models`, runs the cross-file checks of
:mod:`generator.library.checks`, and returns the frozen :class:`Library` with all diagnostics.
"""

from __future__ import annotations

import datetime as dt
import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, TypeAdapter, ValidationError

from generator.errors import ContentError, Diagnostic, FieldPath, format_field
from generator.library import checks
from generator.library.guessability import check_guessability
from generator.library.library import Library
from generator.library.models import Category, Lesson, LocalizedText, Quiz
from generator.library.terms import TERMS_FILE, OutdatedTerm, check_terms
from generator.library.yamlsource import YamlDocument, parse
from generator.settings import Settings

CATEGORIES_FILE = "_categories.yaml"
M = TypeVar("M")


@dataclass(frozen=True)
class Located(Generic[M]):
    """A validated model with the file it came from and its node positions."""

    model: M
    file: str
    doc: YamlDocument

    def at(self, path: FieldPath, message: str, *, severity: checks.Severity = "error", key: bool = False) -> Diagnostic:
        pos = self.doc.position(path, key=key)
        return Diagnostic(self.file, pos.line, pos.column, format_field(path), message, severity)


@dataclass(frozen=True)
class LoadResult:
    library: Library | None
    diagnostics: list[Diagnostic]

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "warning"]


def load_library(settings: Settings, *, today: dt.date | None = None) -> LoadResult:
    """Read and check the library under `settings.root`; never raises on bad content."""
    diagnostics: list[Diagnostic] = []
    categories_path = settings.lessons_dir / CATEGORIES_FILE
    categories: list[Located[list[Category]]] = []
    if categories_path.is_file():
        categories = _load_files([categories_path], TypeAdapter(list[Category]), settings, diagnostics)
    else:
        diagnostics.append(Diagnostic(_rel(categories_path, settings), 1, 1, "", "categories file is missing"))
    lesson_paths = sorted(p for p in settings.lessons_dir.glob("*.yaml") if not p.name.startswith("_"))
    quiz_paths = sorted(settings.quizzes_dir.glob("*.yaml"))
    lessons = _load_files(lesson_paths, TypeAdapter(Lesson), settings, diagnostics)
    quizzes = _load_files(quiz_paths, TypeAdapter(Quiz), settings, diagnostics)
    diagnostics += checks.check_library(
        categories, lessons, quizzes, settings, today or dt.date.today(), [p.stem for p in lesson_paths], [p.stem for p in quiz_paths]
    )
    terms_path = settings.lessons_dir / TERMS_FILE
    if terms_path.is_file():
        terms = _load_files([terms_path], TypeAdapter(list[OutdatedTerm]), settings, diagnostics)
        diagnostics += check_terms([term for item in terms for term in item.model], [*lessons, *quizzes])
    diagnostics += check_guessability(quizzes)
    diagnostics = sorted(set(diagnostics))
    if any(d.severity == "error" for d in diagnostics) or not categories:
        return LoadResult(None, diagnostics)
    category_list = categories[0].model
    order = {category.id: i for i, category in enumerate(category_list)}
    library = Library(
        categories=tuple(category_list),
        lessons=tuple(sorted((item.model for item in lessons), key=lambda l: (order[l.category], l.id))),
        quizzes=tuple(sorted((item.model for item in quizzes), key=lambda q: q.lesson)),
    )
    return LoadResult(library, diagnostics)


def require_library(settings: Settings, *, strict: bool = False) -> tuple[Library, list[Diagnostic]]:
    """The library and its warnings; raises :class:`ContentError` on errors (or warnings if strict)."""
    result = load_library(settings)
    failing = result.diagnostics if strict else result.errors
    if result.library is None or failing:
        raise ContentError(failing or result.errors)
    return result.library, result.warnings


def _rel(path: Path, settings: Settings) -> str:
    try:
        return path.relative_to(settings.root).as_posix()
    except ValueError:
        return path.as_posix()


def _load_files(
    paths: list[Path], adapter: TypeAdapter[Any], settings: Settings, diagnostics: list[Diagnostic]
) -> list[Located[Any]]:
    loaded = []
    for path in paths:
        file = _rel(path, settings)
        doc, problems = parse(path.read_bytes(), file)
        diagnostics += problems
        if doc is None or problems:
            continue
        if doc.data is None:
            diagnostics.append(Diagnostic(file, 1, 1, "", "file is empty"))
            continue
        try:
            model = adapter.validate_python(doc.data)
        except ValidationError as exc:
            diagnostics += _explain(exc, doc, file, adapter)
            continue
        loaded.append(Located(model, file, doc))
    return loaded


def _explain(exc: ValidationError, doc: YamlDocument, file: str, adapter: TypeAdapter[Any]) -> list[Diagnostic]:
    out = []
    errors = exc.errors()
    # A misspelt key yields "unknown field" and "missing field"; report it once, as the misspelling.
    renamed: set[tuple[FieldPath, str]] = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            parent = _model_at(adapter, tuple(error["loc"][:-1]))
            known = list(parent.model_fields) if parent else []
            renamed.update((tuple(error["loc"][:-1]), m) for m in difflib.get_close_matches(str(error["loc"][-1]), known, n=1, cutoff=0.6))
    for error in errors:
        loc: FieldPath = tuple(error["loc"])
        kind = error["type"]
        if kind == "missing" and (loc[:-1], loc[-1]) in renamed:
            continue
        if kind == "missing":
            name = loc[-1]
            message = "Vietnamese text is missing" if name == "vi" else f"required field '{name}' is missing; add it"
            pos = doc.position(loc[:-1])
        else:
            pos = doc.position(loc, key=kind == "extra_forbidden")
            message = _message(error, _model_at(adapter, loc[:-1]), _model_at(adapter, loc))
        out.append(Diagnostic(file, pos.line, pos.column, format_field(loc), message))
    return out


def _message(error: Any, parent: type[BaseModel] | None, here: type[BaseModel] | None) -> str:
    kind, loc = error["type"], error["loc"]
    if kind == "extra_forbidden":
        name = str(loc[-1])
        known = list(parent.model_fields) if parent else []
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
        hint = f" (did you mean '{close[0]}'?)" if close else f"; known fields: {', '.join(known)}"
        return f"unknown field '{name}'{hint}"
    if not loc and kind in {"model_type", "dict_type", "list_type"}:
        shape = "a list of categories (- id: ...)" if kind == "list_type" else "a mapping of fields (id: ..., title: ...)"
        return f"the file must hold {shape}"
    if here is LocalizedText and kind in {"model_type", "dict_type"}:
        return 'should be text in each language, like {vi: "...", en: "..."}'
    if kind == "string_too_short":
        return "text is empty; write the text or remove the field"
    if kind == "string_pattern_mismatch" and loc[-1] == "url":
        return f"{error['input']!r} is not a full web address; start it with https:// or leave url out"
    if kind == "string_pattern_mismatch":
        return f"{error['input']!r} is not a valid id; use lower-case ASCII words joined by hyphens, like vneid-kich-hoat"
    message = str(error["msg"])
    if kind.startswith("date"):
        message += " (write dates as YYYY-MM-DD)"
    given = error.get("input")
    if isinstance(given, str | int | float | bool) and kind not in {"literal_error"}:
        message += f" (got {given!r})"
    return message


def _model_at(adapter: TypeAdapter[Any], loc: FieldPath) -> type[BaseModel] | None:
    """The model class that validates the node at `loc`, or None (for did-you-mean hints)."""
    annotation: Any = adapter._type  # the type the adapter was built for
    for part in loc:
        annotation = _unwrap(annotation, want_list=isinstance(part, int))
        if isinstance(part, int):
            continue
        if not (isinstance(annotation, type) and issubclass(annotation, BaseModel)):
            return None
        field = annotation.model_fields.get(str(part))
        if field is None:
            return None
        annotation = field.annotation
    annotation = _unwrap(annotation, want_list=False)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any, *, want_list: bool) -> Any:
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation = options[0] if len(options) == 1 else annotation
        origin = typing.get_origin(annotation)
    if want_list and origin is list:
        return typing.get_args(annotation)[0]
    return annotation
