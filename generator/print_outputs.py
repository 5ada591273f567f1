"""Write every lesson's printable outputs (handouts, leaflets, QR codes) into a site folder.

Work in progress: the signature is the contract used by `generator.build`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.library import Library
from generator.settings import Settings

Progress = Callable[[int, int, str], None]
"""`progress(done, total, label)`: called after each output is ready."""


@dataclass(frozen=True)
class PrintResult:
    """What a print build did: output paths (relative to out_dir), how many were rendered or reused."""

    paths: tuple[str, ...] = ()
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)


def build_print_outputs(
    library: Library,
    settings: Settings,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> PrintResult:
    """Write each lesson's trainer handout, A5/A6 leaflets and QR SVG/PNG, in every language, into `out_dir`.

    Paths come from :class:`generator.urls.Urls` (`tai-ve/<lang>/<id>/...`).
    """
    return PrintResult()
