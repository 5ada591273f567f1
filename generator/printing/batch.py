"""Write every lesson's printables (handouts, leaflets, QR codes) into a site folder, fast.

Each output has a cache key: a hash of everything that can change its bytes (the lesson and
its quiz, the illustrations, the templates and rendering code, the font files, the site URL,
the team, the WeasyPrint version). Rendered outputs are kept in a content-addressed cache
(`.cnscd/cache/print/` by default); a rebuild renders only outputs whose key is new and
hard-links (or copies) the rest into place. Rendering runs in a pool of worker processes, one
per core. Every file appears atomically (temporary name, then rename).
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from generator.library.library import Library, content_hash
from generator.library.models import Lesson
from generator.printing.cache import FORMAT_VERSION, ObjectCache, code_digest
from generator.printing.fonts import FontSet, find_fonts
from generator.printing.team import Team
from generator.settings import Settings
from generator.urls import Urls

if TYPE_CHECKING:
    from generator.printing.layout import RenderContext

Progress = Callable[[int, int, str], None]
"""`progress(done, total, label)`: called in the main process after each lesson-language is rendered."""

LEAFLET_SIZES = ("a5", "a6")
KINDS = ("handout", "leaflet-a5", "leaflet-a6", "qr-svg", "qr-png")
CACHE_MAX_AGE_DAYS = 30


@dataclass(frozen=True)
class PrintResult:
    """What a print build did: output paths (relative to out_dir), how many were rendered or reused."""

    paths: tuple[str, ...] = ()
    rendered: int = 0
    reused: int = 0
    seconds: float = 0.0
    notes: tuple[str, ...] = field(default_factory=tuple)
    render_cpu_seconds: float = 0.0
    """CPU time spent rendering, summed over worker processes (insensitive to other load)."""


@dataclass(frozen=True)
class Output:
    """One file to produce: where it goes, what it is, and its cache key."""

    rel_path: str
    kind: str
    lesson_id: str
    lang: str
    key: str

    @property
    def ext(self) -> str:
        return self.rel_path.rsplit(".", 1)[-1]


def default_cache_dir(settings: Settings) -> Path:
    return settings.root / ".cnscd" / "cache" / "print"


def build_print_outputs(
    library: Library,
    settings: Settings,
    out_dir: Path,
    *,
    jobs: int | None = None,
    progress: Progress | None = None,
    team: Team | None = None,
    cache_dir: Path | None = None,
) -> PrintResult:
    """Write each lesson's trainer handout, A5/A6 leaflets and QR SVG/PNG, in every language, into `out_dir`.

    Paths come from :class:`generator.urls.Urls` (`tai-ve/<lang>/<id>/...`). Leaflet footers
    show `team`, or lines to fill in by hand when it is None. `jobs` is the number of worker
    processes (default: one per core; 1 renders in this process).
    """
    from generator.printing.layout import RenderContext

    started = time.perf_counter()
    fonts = find_fonts()
    ctx = RenderContext(library, settings.site_url, settings.lessons_dir, team)
    cache = ObjectCache(cache_dir or default_cache_dir(settings))
    outputs = plan_outputs(library, settings, fonts, team)
    missing = [o for o in outputs if not cache.has(o.key, o.ext)]
    groups: dict[tuple[str, str], list[Output]] = {}
    for output in missing:
        groups.setdefault((output.lesson_id, output.lang), []).append(output)
    notes: list[str] = []
    done, cpu = 0, 0.0
    for (lesson_id, lang), rendered in _render_groups(ctx, groups, jobs):
        cpu += rendered.cpu_seconds
        for output in groups[(lesson_id, lang)]:
            data, note = rendered.outputs[output.kind]
            cache.put(output.key, output.ext, data)
            if note:
                notes.append(note)
        done += 1
        if progress:
            progress(done, len(groups), f"{lang}/{lesson_id}")
    for output in outputs:
        cache.install(output.key, output.ext, out_dir / output.rel_path)
    cache.write_manifest({o.rel_path: o.key for o in outputs})
    cache.prune(CACHE_MAX_AGE_DAYS)
    return PrintResult(
        paths=tuple(sorted(o.rel_path for o in outputs)),
        rendered=len(missing),
        reused=len(outputs) - len(missing),
        seconds=time.perf_counter() - started,
        notes=tuple(sorted(set(notes))),
        render_cpu_seconds=cpu,
    )


def plan_outputs(library: Library, settings: Settings, fonts: FontSet, team: Team | None) -> list[Output]:
    """Every output of the library, in a stable order, with its cache key (no rendering)."""
    urls = Urls(settings.site_url)
    base = _digest(FORMAT_VERSION, code_digest(), fonts.digest, _weasyprint_version(), urls.site_url)
    team_json = team.model_dump_json() if team else ""
    images: dict[str, str] = {}
    outputs = []
    for lesson in library.lessons:
        lesson_hash = content_hash(lesson)
        quiz = library.quiz_by_lesson.get(lesson.id)
        for lang in settings.languages:
            handout_key = _digest(base, "handout", lang, lesson_hash, content_hash(quiz) if quiz else "", _context(library, lesson, lang), _images(settings, lesson, images))
            outputs.append(Output(urls.trainer_handout(lesson.id, lang), "handout", lesson.id, lang, handout_key))
            for size in LEAFLET_SIZES:
                key = _digest(base, "leaflet", size, lang, lesson_hash, team_json)
                outputs.append(Output(urls.leaflet(lesson.id, lang, size), f"leaflet-{size}", lesson.id, lang, key))
            for fmt in ("svg", "png"):
                key = _digest(base, "qr", fmt, urls.absolute(urls.short_link(lesson.id, lang)))
                outputs.append(Output(urls.qr_code(lesson.id, lang, fmt), f"qr-{fmt}", lesson.id, lang, key))
    return outputs


def _context(library: Library, lesson: Lesson, lang: str) -> str:
    """Text from other files that a handout prints: its category's name, its prerequisites' titles."""
    category = library.category_by_id.get(lesson.category)
    titles = [library.lesson_by_id[i].title.get(lang) for i in lesson.requires if i in library.lesson_by_id]
    return json.dumps([category.title.get(lang) if category else "", titles], ensure_ascii=False)


def _images(settings: Settings, lesson: Lesson, seen: dict[str, str]) -> str:
    digests = []
    for step in lesson.steps:
        if step.image is not None:
            src = step.image.src
            if src not in seen:
                path = settings.lessons_dir / src
                seen[src] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "missing"
            digests.append(f"{src}={seen[src]}")
    return ",".join(digests)


def _digest(*parts: str) -> str:
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _weasyprint_version() -> str:
    from importlib.metadata import version

    return version("weasyprint")


# --- rendering, in this process or in a pool -------------------------------------------------

@dataclass(frozen=True)
class RenderedGroup:
    """One lesson-language's rendered outputs by kind (bytes, note), and the CPU time they took."""

    outputs: dict[str, tuple[bytes, str | None]]
    cpu_seconds: float


_worker_ctx: RenderContext | None = None


def _render_group(ctx: RenderContext, lesson_id: str, lang: str, kinds: list[str]) -> RenderedGroup:
    from generator.printing import layout as print_render

    started = time.process_time()
    lesson = ctx.library.lesson_by_id[lesson_id]
    out: dict[str, tuple[bytes, str | None]] = {}
    for kind in kinds:
        if kind == "handout":
            rendered = print_render.handout_pdf(ctx, lesson, lang)
        elif kind.startswith("leaflet-"):
            rendered = print_render.leaflet_pdf(ctx, lesson, lang, kind.removeprefix("leaflet-"))
        else:
            rendered = print_render.qr_codes(ctx, lesson, lang)[kind.removeprefix("qr-")]
        out[kind] = (rendered.data, rendered.note)
    return RenderedGroup(out, time.process_time() - started)


def _init_worker(ctx: RenderContext) -> None:
    global _worker_ctx
    _worker_ctx = ctx


def _work(lesson_id: str, lang: str, kinds: list[str]) -> RenderedGroup:
    assert _worker_ctx is not None, "worker started without _init_worker"
    return _render_group(_worker_ctx, lesson_id, lang, kinds)


def _render_groups(ctx: RenderContext, groups: dict[tuple[str, str], list[Output]], jobs: int | None) -> Iterator[tuple[tuple[str, str], RenderedGroup]]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(groups)))
    if workers == 1:
        for (lesson_id, lang), outputs in groups.items():
            yield (lesson_id, lang), _render_group(ctx, lesson_id, lang, [o.kind for o in outputs])
        return
    with _pool(workers, ctx) as pool:
        futures: dict[Future[RenderedGroup], tuple[str, str]] = {
            pool.submit(_work, lesson_id, lang, [o.kind for o in outputs]): (lesson_id, lang)
            for (lesson_id, lang), outputs in groups.items()
        }
        try:
            for future in as_completed(futures):
                yield futures[future], future.result()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


@contextmanager
def _pool(workers: int, ctx: RenderContext) -> Iterator[ProcessPoolExecutor]:
    # forkserver: workers fork from a clean server process that has WeasyPrint preloaded, so
    # they start warm without inheriting this process's threads or open files.
    methods = multiprocessing.get_all_start_methods()
    mp = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if "forkserver" in methods:
        mp.set_forkserver_preload(["weasyprint", "weasyprint.document", "generator.printing.layout"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=mp, initializer=_init_worker, initargs=(ctx,))
    try:
        yield pool
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


# --- the cache ---------------------------------------------------------------------------------
