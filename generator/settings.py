"""Project settings: `[tool.cnscd]` in pyproject.toml, and `site_url` / `extra.tracker_url` from mkdocs.yml.

This is the one reader of mkdocs.yml outside MkDocs itself. It resolves `!ENV` tags the way MkDocs
does (`!ENV NAME`, or `!ENV [NAME, OTHER, default]`), so a `site_url` set from the environment
reaches QR codes and links exactly as it reaches the site; other tags (`!!python/name:...`) are
read as empty, since only plain keys are needed here.
"""

from __future__ import annotations

import os
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
    tracker_url: str | None = None
    """`extra.tracker_url` of mkdocs.yml: where quiz attempts go when the tracker is elsewhere."""

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


class _MkdocsYamlLoader(yaml.SafeLoader):
    """Reads mkdocs.yml: `!ENV` resolved from the environment, every other tag read as None."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """`!ENV NAME` or `!ENV [NAME, OTHER, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)  # type: ignore[arg-type]
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    for name in names:
        value = os.environ.get(str(name))
        if value:
            return yaml.safe_load(value)
    return default


_MkdocsYamlLoader.add_constructor("!ENV", _env_tag)
_MkdocsYamlLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def _http_url(value: Any, where: str) -> str | None:
    """`value` as an http(s) URL ending in a slash, None when empty; anything else is refused."""
    if not value:
        return None
    url = str(value)
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"{where} {url!r} must start with http:// or https://")
    return url.rstrip("/") + "/"


def read_mkdocs_yml(mkdocs_yml: Path) -> tuple[str | None, str | None]:
    """(`site_url`, `extra.tracker_url`) of mkdocs.yml, each ending in a slash, or None."""
    if not mkdocs_yml.is_file():
        return None, None
    try:
        config = yaml.load(mkdocs_yml.read_text(encoding="utf-8"), Loader=_MkdocsYamlLoader) or {}
    except yaml.YAMLError as exc:
        raise UsageError(f"{mkdocs_yml.name}: not valid YAML: {exc}") from exc
    if not isinstance(config, dict):
        raise UsageError(f"{mkdocs_yml.name}: expected a mapping of settings")
    extra = config.get("extra")
    if not isinstance(extra, dict):
        extra = {}
    return (_http_url(config.get("site_url"), "mkdocs.yml: site_url"),
            _http_url(extra.get("tracker_url"), "mkdocs.yml: extra.tracker_url"))


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
    yml_site_url, tracker_url = read_mkdocs_yml(root / "mkdocs.yml")
    url = site_url or yml_site_url or Settings.site_url
    if not url.startswith(("http://", "https://")):
        raise UsageError(f"site URL {url!r} must start with http:// or https://")
    return Settings(
        root=root,
        site_url=url.rstrip("/") + "/",
        required_languages=tuple(tool.get("required_languages", Settings.required_languages)),
        optional_languages=tuple(tool.get("optional_languages", ())),
        review_max_age_days=int(tool.get("review_max_age_days", Settings.review_max_age_days)),
        tracker_url=tracker_url,
    )
