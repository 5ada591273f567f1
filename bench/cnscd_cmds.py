"""The cnscd commands the benches time, found from `cnscd build --help` so the benches follow the CLI."""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

from common import CNSCD, bench_env

# Options of `cnscd build` that leave out work that is not the web site itself.
NO_PRINT_FLAGS = ("--no-print", "--site-only", "--skip-print", "--no-pdf", "--no-handouts", "--no-print-outputs")
NO_OFFLINE_FLAGS = ("--no-offline", "--no-bundle", "--no-offline-bundle", "--no-zip")


@functools.cache
def build_help() -> str | None:
    """The text of `cnscd build --help`, or None when the command does not exist (yet)."""
    done = subprocess.run([str(CNSCD), "build", "--help"], capture_output=True, text=True, env=bench_env())
    return done.stdout if done.returncode == 0 else None


def has_build() -> bool:
    return build_help() is not None


def _first_flag(candidates: tuple[str, ...]) -> str | None:
    text = build_help() or ""
    for flag in candidates:
        if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text):
            return flag
    return None


def site_only_flags() -> list[str]:
    """Options of `cnscd build` that skip print outputs and the offline bundle (those that exist)."""
    return [f for f in (_first_flag(NO_PRINT_FLAGS), _first_flag(NO_OFFLINE_FLAGS)) if f]


def site_only_flag() -> str | None:
    """The site-only options as one string for reports, or None when the CLI has none."""
    flags = site_only_flags()
    return " ".join(flags) if flags else None


def build_cmd(root: Path, out: Path, *, with_print: bool, extra: tuple[str, ...] = ()) -> list[str]:
    """`cnscd build --root ROOT --out OUT` (site only when `with_print` is false and the CLI allows it)."""
    cmd = [str(CNSCD), "build", "--root", str(root), "--out", str(out), *extra]
    if not with_print:
        cmd += site_only_flags()
    return cmd


def validate_cmd(root: Path) -> list[str]:
    return [str(CNSCD), "validate", "--strict", "--root", str(root)]


@functools.cache
def pack_help() -> str | None:
    done = subprocess.run([str(CNSCD), "pack", "--help"], capture_output=True, text=True, env=bench_env())
    return done.stdout if done.returncode == 0 else None
