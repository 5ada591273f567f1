"""Project settings: `[tool.cnscd]` in pyproject.toml, and `site_url` from mkdocs.yml."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from generator.errors import UsageError


@dataclass(frozen=True)
class Settings:
    """Where the library lives and how it is checked and published."""

    root: Path
    site_url: str = "http://127.0.0.1:8000/"
    required_languages: tuple[str, ...] = ("vi", "en")
    optional_languages: tuple[str, ...] = ()
    review_max_age_days: int = 365

    @property
    def languages(self) -> tuple[str, ...]:
        return self.required_languages + self.optional_languages

    @property
    def lessons_dir(self) -> Path:
        return self.root / "lessons"

    @property
    def quizzes_dir(self) -> Path:
        return self.root / "quizzes"

    @property
    def docs_dir(self) -> Path:
        return self.root / "docs"


class _IgnoreTagsLoader(yaml.SafeLoader):
    """mkdocs.yml may hold `!!python/name:` and `!ENV` tags; we only need plain keys."""


_IgnoreTagsLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def read_site_url(mkdocs_yml: Path) -> str | None:
    """`site_url` from mkdocs.yml, always ending in a slash, or None."""
    if not mkdocs_yml.is_file():
        return None
    config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_IgnoreTagsLoader) or {}
    url = config.get("site_url")
    if not url:
        return None
    return str(url).rstrip("/") + "/"


def load_settings(root: Path | str = ".", *, site_url: str | None = None) -> Settings:
    """Read settings for the project at `root`; `site_url` overrides mkdocs.yml's."""
    root = Path(root).resolve()
    if not (root / "lessons").is_dir():
        raise UsageError(f"{root}: no lessons/ folder here; run cnscd from the project folder or pass --root")
    tool: dict[str, Any] = {}
    pyproject = root / "pyproject.toml"
    if pyproject.is_file():
        tool = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {}).get("cnscd", {})
    known = {"required_languages", "optional_languages", "review_max_age_days"}
    unknown = sorted(set(tool) - known)
    if unknown:
        raise UsageError(f"pyproject.toml: [tool.cnscd] has unknown keys {unknown}; known: {sorted(known)}")
    url = site_url or read_site_url(root / "mkdocs.yml") or Settings.site_url
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"site URL {url!r} must start with http:// or https://")
    return Settings(
        root=root,
        site_url=url.rstrip("/") + "/",
        required_languages=tuple(tool.get("required_languages", Settings.required_languages)),
        optional_languages=tuple(tool.get("optional_languages", ())),
        review_max_age_days=int(tool.get("review_max_age_days", Settings.review_max_age_days)),
    )
