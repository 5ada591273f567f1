"""`cnscd build`: the whole site folder, written atomically.

Order: check the library, build the MkDocs site into a staging folder, add what MkDocs does
not make (lesson illustrations, short-link redirects, quiz JSON, the tracker's assets), the
print outputs (PDFs, QR codes) and the offline zip, the Content-Security-Policy and the
compressed copies (`.br`, `.gz`) of every text file, then swap the staging folder into place.
A failure anywhere leaves the previous output untouched.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Diagnostic
from generator.library.library import Library
from generator.library.loader import require_library
from generator.outputs import staged_directory, write_atomic
from generator.settings import Settings
from generator.site.mkdocs import build_site
from generator.site.pages import SiteOptions, lesson_images, short_link_pages
from generator.site.csp import site_policy
from generator.site.polish import bundle_styles
from generator.site.precompress import precompress
from generator.site.quiz_json import quiz_payload
from generator.urls import CSP_FILE, TRACKER_ASSETS_DIR, Urls

ASSETS_DIR = Path(__file__).parent / "site" / "assets"
_SVG_SIZE = re.compile(rb"<svg\b[^>]*?\bviewBox\s*=\s*[\"']\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)", re.S)
# Zip entries get this timestamp unless SOURCE_DATE_EPOCH says otherwise: same input, same bytes.
_ZIP_EPOCH = 315532800  # 1980-01-01, the earliest a zip can store


@dataclass
class BuildReport:
    """What a build did, for the CLI to print."""

    out_dir: Path
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def build_all(
    settings: Settings,
    out_dir: Path,
    *,
    strict: bool = False,
    print_outputs: bool = True,
    offline_bundle: bool = True,
    tracker_url: str | None = None,
    preview: bool = False,
    progress: Callable[[str], None] = lambda message: None,
) -> BuildReport:
    """Build site, print outputs and offline zip into `out_dir`, atomically.

    `preview` is for `cnscd serve`: no service worker, so edits show on the next reload.
    """
    library, warnings = require_library(settings, strict=strict)
    report = BuildReport(out_dir=out_dir, warnings=warnings)
    options = SiteOptions(
        tracker_url=tracker_url or settings.tracker_url,
        image_sizes=image_sizes(library, settings),
        quiz_assets=(ASSETS_DIR / "quiz.js").is_file(),
        service_worker=not preview,
    )
    with staged_directory(out_dir) as staging, tempfile.TemporaryDirectory(prefix="cnscd-site-") as work:
        progress("site")
        build_site(settings, library, staging, Path(work) / "online", options=options, strict=strict)
        publish_extras(library, settings, staging, options)
        bundle_styles(staging)
        if print_outputs:
            progress("print outputs")
            _build_print_outputs(library, settings, staging, report, progress)
        if offline_bundle:
            progress("offline bundle")
            offline_options = dataclasses.replace(options, directory_urls=False)
            bundle_dir = Path(work) / "bundle"
            build_site(settings, library, bundle_dir, Path(work) / "offline", options=offline_options, strict=strict)
            publish_extras(library, settings, bundle_dir, offline_options)
            bundle_styles(bundle_dir)
            _copy_downloads(staging, bundle_dir)
            write_zip(bundle_dir, staging / Urls(settings.site_url).offline_bundle(), root_name="cnscd")
        progress("compressed copies")
        policy = site_policy(staging, connect_to=[options.tracker_url] if options.tracker_url else [])
        write_atomic(staging / CSP_FILE, (policy + "\n").encode("utf-8"))
        precompress(staging, cache_dir=settings.root / ".cnscd" / "cache" / "compressed")
    return report


def _build_print_outputs(
    library: Library, settings: Settings, staging: Path, report: BuildReport, progress: Callable[[str], None]
) -> None:
    from generator.printing.batch import (
        build_print_outputs,  # imported late: WeasyPrint is slow to import
    )

    def print_progress(done: int, total: int, label: str) -> None:
        if done == total or done % 10 == 0:
            progress(f"print outputs {done}/{total} ({label})")

    result = build_print_outputs(library, settings, staging, progress=print_progress)
    report.notes.extend(result.notes)


def publish_extras(library: Library, settings: Settings, site_dir: Path, options: SiteOptions) -> None:
    """Write what MkDocs does not: illustrations, short links, quiz JSON, the tracker's assets."""
    urls = Urls(settings.site_url)
    for site_path, src in sorted(lesson_images(library, urls).items()):
        target = site_dir / site_path
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(settings.lessons_dir / src, target)
    for site_path, html in sorted(short_link_pages(library, urls, settings.languages, options).items()):
        write_atomic(site_dir / site_path, html.encode("utf-8"))
    for quiz in library.quizzes:
        payload = json.dumps(quiz_payload(quiz, settings.languages), ensure_ascii=False, separators=(",", ":"))
        write_atomic(site_dir / urls.quiz_data(quiz.lesson), payload.encode("utf-8"))
    if ASSETS_DIR.is_dir():
        shutil.copytree(ASSETS_DIR, site_dir / TRACKER_ASSETS_DIR, dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns(".*", "__pycache__", "*.py"))


def image_sizes(library: Library, settings: Settings) -> dict[str, tuple[int, int]]:
    """Width and height of each SVG illustration (from its viewBox), so pages reserve the space."""
    sizes: dict[str, tuple[int, int]] = {}
    for src in sorted(set(lesson_images(library, Urls(settings.site_url)).values())):
        path = settings.lessons_dir / src
        match = _SVG_SIZE.search(path.read_bytes()[:4096]) if path.suffix == ".svg" and path.is_file() else None
        if match:
            sizes[src] = (round(float(match.group(1))), round(float(match.group(2))))
    return sizes


def _copy_downloads(site_dir: Path, bundle_dir: Path) -> None:
    """PDFs and QR codes go into the offline bundle too (not the bundle itself)."""
    downloads = site_dir / Urls.downloads_dir()
    if downloads.is_dir():
        shutil.copytree(downloads, bundle_dir / Urls.downloads_dir(), dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.zip"))


def write_zip(source_dir: Path, zip_path: Path, *, root_name: str) -> None:
    """Zip `source_dir` under `root_name/`, entries sorted and timestamps fixed (reproducible)."""
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", _ZIP_EPOCH))
    stamp = max(epoch, _ZIP_EPOCH)
    date_time = time.gmtime(stamp)[:6]
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = zip_path.with_name(f".{zip_path.name}.tmp")
    with zipfile.ZipFile(tmp, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(p for p in source_dir.rglob("*") if p.is_file()):
            info = zipfile.ZipInfo(f"{root_name}/{path.relative_to(source_dir).as_posix()}", date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
    os.replace(tmp, zip_path)
