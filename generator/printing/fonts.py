"""The font files embedded in every PDF, found on disk once.

Handouts name their font explicitly ("Noto Sans" from Debian's fonts-noto-core, which
`.ci/setup` installs) and load the files by path through `@font-face`, so what generic
`sans-serif` resolves to on a given machine never matters. Noto Sans has precomposed glyphs
for every Vietnamese letter with stacked marks (ễ, ặ, ữ, Ỗ).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from generator.errors import UsageError

FAMILY = "Noto Sans"
FACES = {  # (weight, style) -> file name in fonts-noto-core
    ("normal", "normal"): "NotoSans-Regular.ttf",
    ("bold", "normal"): "NotoSans-Bold.ttf",
    ("normal", "italic"): "NotoSans-Italic.ttf",
    ("bold", "italic"): "NotoSans-BoldItalic.ttf",
}
SEARCH_DIRS = (
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/noto",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
)
FONT_DIR_ENV = "CNSCD_FONT_DIR"


@dataclass(frozen=True)
class FontFace:
    weight: str
    style: str
    path: Path


@dataclass(frozen=True)
class FontSet:
    """The faces of one family, and a digest of their bytes (part of every PDF's cache key)."""

    family: str
    faces: tuple[FontFace, ...]
    digest: str

    def css(self) -> str:
        """`@font-face` rules loading each file by path; the family keeps its real name."""
        rules = [
            f'@font-face {{ font-family: "{self.family}"; font-weight: {face.weight}; '
            f'font-style: {face.style}; src: url("{face.path.as_uri()}"); }}'
            for face in self.faces
        ]
        return "\n".join(rules) + "\n"


@lru_cache(maxsize=1)
def find_fonts() -> FontSet:
    """Locate Noto Sans (regular, bold, italic, bold italic); `CNSCD_FONT_DIR` is searched first."""
    dirs = [os.environ[FONT_DIR_ENV]] if os.environ.get(FONT_DIR_ENV) else []
    dirs += [str(Path(d).expanduser()) for d in SEARCH_DIRS]
    faces, digest = [], hashlib.sha256()
    for (weight, style), name in FACES.items():
        path = _locate(name, dirs)
        if path is None:
            raise UsageError(
                f"font file {name} ({FAMILY}) not found; install the Debian package fonts-noto-core "
                f"(.ci/setup does it) or set {FONT_DIR_ENV} to a folder holding it"
            )
        faces.append(FontFace(weight, style, path))
        digest.update(name.encode() + b"\0" + path.read_bytes())
    return FontSet(FAMILY, tuple(faces), digest.hexdigest())


def _locate(name: str, dirs: list[str]) -> Path | None:
    for folder in dirs:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate.resolve()
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    listing = subprocess.run([fc_list, f"{FAMILY}", "file"], capture_output=True, text=True, check=False).stdout
    for line in listing.splitlines():
        path = Path(line.strip().rstrip(":"))
        if path.name == name and path.is_file():
            return path.resolve()
    return None
