"""The cnscd commands the benches time, found from `cnscd build --help` so the benches follow the CLI."""

from __future__ import annotations

import functools
import re
import subprocess
from pathlib import Path

from common import CNSCD, bench_env

SITE_ONLY_FLAGS = ("--no-print", "--site-only", "--skip-print", "--no-pdf", "--no-handouts")


@functools.cache
def build_help() -> str | None:
    """The text of `cnscd build --help`, or None when the command does not exist (yet)."""
    done = subprocess.run([str(CNSCD), "build", "--help"], capture_output=True, text=True, env=bench_env())
    return done.stdout if done.returncode == 0 else None


def has_build() -> bool:
    return build_help() is not None


def site_only_flag() -> str | None:
    """The option of `cnscd build` that skips handouts/QR, if there is one."""
    text = build_help() or ""
    for flag in SITE_ONLY_FLAGS:
        if re.search(rf"(?<![\w-]){re.escape(flag)}(?![\w-])", text):
            return flag
    return None


def build_cmd(root: Path, out: Path, *, with_print: bool, extra: tuple[str, ...] = ()) -> list[str]:
    """`cnscd build --root ROOT --out OUT` (site only when `with_print` is false and the CLI allows it)."""
    cmd = [str(CNSCD), "build", "--root", str(root), "--out", str(out), *extra]
    if not with_print:
        flag = site_only_flag()
        if flag:
            cmd.append(flag)
    return cmd


def validate_cmd(root: Path) -> list[str]:
    return [str(CNSCD), "validate", "--strict", "--root", str(root)]


@functools.cache
def pack_help() -> str | None:
    done = subprocess.run([str(CNSCD), "pack", "--help"], capture_output=True, text=True, env=bench_env())
    return done.stdout if done.returncode == 0 else None
