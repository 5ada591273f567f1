"""Tracker settings from `CNSCD_*` environment variables, with clear messages on bad values.

Every setting has a default that works on one laptop; command-line options override the
environment (the CLI writes them into a :class:`TrackerConfig` before starting the server).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar
from urllib.parse import urlsplit

from generator.errors import UsageError

PREFIX = "CNSCD_"
T = TypeVar("T")


@dataclass(frozen=True)
class Rate:
    """At most `count` events per `seconds`, e.g. `Rate(10, 300)` is written `10/300`."""

    count: int
    seconds: float

    def __str__(self) -> str:
        return f"{self.count}/{self.seconds:g}"


@dataclass(frozen=True)
class TrackerConfig:
    """How one tracker process runs. Field names match the env vars: `db_url` <- `CNSCD_DB_URL`."""

    root: Path = Path(".")
    """Project folder holding lessons/ and quizzes/ (the answer keys)."""
    db_url: str = ""
    """SQLAlchemy URL or SQLite file path; empty means `<root>/var/tracker.db`."""
    site_url: str = ""
    """Public URL of the site (enrollment links); empty means mkdocs.yml's `site_url`."""
    site_dir: Path | None = None
    """Built static site served at `/`, or None to serve only the API and dashboard."""
    site_origin: str = ""
    """The one origin allowed by CORS; empty means the origin of `site_url`."""
    cookie_secure: str = "auto"
    """`auto` (Secure cookies when the request came over HTTPS), `true` or `false`."""
    max_body_bytes: int = 64 * 1024
    """Largest request body accepted; bigger bodies get 413."""
    submit_rate: Rate = field(default_factory=lambda: Rate(30, 60))
    """Attempts per member token (and failed tokens per client address)."""
    login_rate: Rate = field(default_factory=lambda: Rate(10, 900))
    """Free failed logins per account and address / the longest wait (seconds) after more failures."""
    trusted_proxies: str = ""
    """Comma-separated addresses of reverse proxies whose `X-Forwarded-For` is believed; empty: none."""
    session_hours: int = 12
    """How long a dashboard login lasts."""
    migrate: bool = True
    """Run database migrations when the app starts."""

    def with_overrides(self, **values: object) -> TrackerConfig:
        """A copy with the given fields replaced, skipping `None` (options the user did not give)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})  # type: ignore[arg-type]

    def database_url(self) -> str:
        """The SQLAlchemy URL: a bare path becomes SQLite, `postgresql://` uses psycopg 3."""
        raw = self.db_url or str(self.root / "var" / "tracker.db")
        return normalize_db_url(raw, self.root)

    def allowed_origin(self) -> str | None:
        origin = self.site_origin or (origin_of(self.site_url) if self.site_url else "")
        return origin or None


def normalize_db_url(raw: str, root: Path) -> str:
    """`var/x.db` -> `sqlite:////abs/var/x.db`; `postgres://` -> `postgresql+psycopg://`."""
    if "://" not in raw:
        path = Path(raw)
        path = path if path.is_absolute() else (root / path)
        return f"sqlite:///{path.resolve()}"
    scheme, rest = raw.split("://", 1)
    if scheme in ("postgres", "postgresql"):
        return f"postgresql+psycopg://{rest}"
    if scheme.startswith(("sqlite", "postgresql+")):
        return raw
    raise UsageError(f"database URL {redact_url(raw)!r}: use a SQLite file path, sqlite:///FILE or postgresql://USER@HOST/DB")


def redact_url(url: str) -> str:
    """The URL without its password, for messages and logs."""
    return re.sub(r"(://[^:/@]+):[^@]*@", r"\1:***@", url)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _cast_int(name: str, text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise UsageError(f"{name}={text!r}: expected a whole number, e.g. 65536") from None
    if value <= 0:
        raise UsageError(f"{name}={text!r}: must be greater than 0")
    return value


def _cast_rate(name: str, text: str) -> Rate:
    match = re.fullmatch(r"\s*(\d+)\s*/\s*(\d+(?:\.\d+)?)\s*", text)
    if not match or int(match[1]) <= 0 or float(match[2]) <= 0:
        raise UsageError(f"{name}={text!r}: expected COUNT/SECONDS, e.g. 30/60 for 30 per minute")
    return Rate(int(match[1]), float(match[2]))


def _cast_bool(name: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise UsageError(f"{name}={text!r}: expected true or false")


def _cast_cookie_secure(name: str, text: str) -> str:
    lowered = text.strip().lower()
    if lowered not in ("auto", "true", "false"):
        raise UsageError(f"{name}={text!r}: expected auto, true or false")
    return lowered


def _cast_url(name: str, text: str) -> str:
    if not text.startswith(("http://", "https://")):
        raise UsageError(f"{name}={text!r}: expected a URL starting with http:// or https://")
    return text


CASTS: dict[str, Callable[[str, str], object]] = {
    "root": lambda name, text: Path(text),
    "db_url": lambda name, text: text,
    "site_url": _cast_url,
    "site_dir": lambda name, text: Path(text) if text else None,
    "site_origin": _cast_url,
    "cookie_secure": _cast_cookie_secure,
    "max_body_bytes": _cast_int,
    "submit_rate": _cast_rate,
    "login_rate": _cast_rate,
    "trusted_proxies": lambda name, text: ",".join(part.strip() for part in text.split(",") if part.strip()),
    "session_hours": _cast_int,
    "migrate": _cast_bool,
}


def config_from_env(environ: Mapping[str, str] | None = None) -> TrackerConfig:
    """Read every `CNSCD_<FIELD>` variable; a bad value raises :class:`UsageError` naming it."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    for key, cast in CASTS.items():
        name = PREFIX + key.upper()
        if name in environ:
            values[key] = cast(name, environ[name])
    return TrackerConfig(**values)  # type: ignore[arg-type]


def config_to_env(config: TrackerConfig) -> dict[str, str]:
    """The environment that makes :func:`config_from_env` return `config` (for worker processes)."""
    env: dict[str, str] = {}
    for key in CASTS:
        value = getattr(config, key)
        if value is None or value == "":
            continue  # unset: the worker falls back to the same default
        text = str(value).lower() if isinstance(value, bool) else str(value)
        env[PREFIX + key.upper()] = text
    return env
