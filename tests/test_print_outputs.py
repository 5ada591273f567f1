"""Handouts, leaflets and QR codes as written next to the site, read back like a person would."""

from __future__ import annotations

import dataclasses
import io
import shutil
from pathlib import Path

import pytest
from PIL import Image

from generator.library.library import Library
from generator.library.models import Leaflet, LocalizedText
from generator.printing import pages as handouts
from generator.printing import pdf
from generator.printing.batch import build_print_outputs
from generator.printing.fonts import find_fonts
from generator.printing.layout import RenderContext, leaflet_pdf
from generator.printing.team import Team
from generator.printing.words import labels
from generator.urls import Urls
from tests.kit import PROJECT_ROOT, decode_qr, rasterize, run_cnscd
from tests.printing import (
    SITE_URL,
    SUBSET,
    PrintBuild,
    files_under,
    make_subset_project,
    page_sizes,
    pdf_fonts,
    pdf_text,
    print_build,
    words,
)

__all__ = ["print_build"]  # the session fixture, imported so pytest finds it

LANGS = ("vi", "en")
NOTO = {"Noto-Sans", "Noto-Sans-Bold", "Noto-Sans-Italic", "Noto-Sans-BoldItalic"}


def expected_paths(urls: Urls) -> list[str]:
    paths = []
    for lesson_id in SUBSET:
        for lang in LANGS:
            paths.append(urls.trainer_handout(lesson_id, lang))
            paths += [urls.leaflet(lesson_id, lang, size) for size in ("a5", "a6")]
            paths += [urls.qr_code(lesson_id, lang, fmt) for fmt in ("svg", "png")]
    return sorted(paths)


def test_every_output_is_written_where_urls_says(print_build: PrintBuild) -> None:
    expected = expected_paths(Urls(print_build.settings.site_url))
    assert list(files_under(print_build.out_dir)) == expected  # nothing else, no temporary files
    assert list(print_build.result.paths) == expected
    assert (print_build.result.rendered, print_build.result.reused, print_build.result.notes) == (len(expected), 0, ())


@pytest.mark.parametrize("lang", LANGS)
def test_trainer_handout_reads_back(print_build: PrintBuild, lang: str) -> None:
    lesson = print_build.library.lesson_by_id[SUBSET[0]]
    quiz = print_build.library.quiz_by_lesson[lesson.id]
    path = print_build.out_dir / Urls(print_build.settings.site_url).trainer_handout(lesson.id, lang)
    sizes = page_sizes(path)
    assert len(sizes) >= 3 and set(sizes) == {"A4"}
    text = pdf_text(path)
    for expected in [lesson.title.get(lang), lesson.summary.get(lang), *(s.title.get(lang) for s in lesson.steps)]:
        assert words(expected) in text
    assert words(lesson.problems[0].fix.get(lang)) in text
    t = labels(lang)
    pages = [pdf_text(path, page=i) for i in range(len(sizes))]
    quiz_start = next(i for i, page in enumerate(pages) if t["quiz_intro"] in page)
    key_start = next(i for i, page in enumerate(pages) if t["answer_key"] in page)
    assert quiz_start < key_start and t["quiz_intro"] not in " ".join(pages[key_start:])  # the key starts its own page
    assert words(quiz.questions[0].prompt.get(lang)) in pages[quiz_start]
    assert words(quiz.questions[-1].explanation.get(lang)) in " ".join(pages[key_start:])
    fonts = pdf_fonts(path)
    assert fonts and all(f.embedded for f in fonts), fonts
    assert {"Noto-Sans", "Noto-Sans-Bold"} <= {f.name.split("+", 1)[1] for f in fonts}


@pytest.mark.parametrize("size", ["a5", "a6"])
@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_reads_back(print_build: PrintBuild, size: str, lang: str) -> None:
    lesson = print_build.library.lesson_by_id[SUBSET[0]]
    path = print_build.out_dir / Urls(print_build.settings.site_url).leaflet(lesson.id, lang, size)
    assert page_sizes(path) == [size.upper()]
    text = pdf_text(path)
    t = labels(lang)
    for expected in [lesson.leaflet.headline.get(lang), *(p.get(lang) for p in lesson.leaflet.points), lesson.warnings[0].get(lang)]:
        assert words(expected) in text
    assert t["scan"] in text and f"{t['team_blank']}:" in text and f"{t['contact_blank']}:" in text
    fonts = pdf_fonts(path)
    assert all(f.embedded for f in fonts) and {f.name.split("+", 1)[1] for f in fonts} <= NOTO, fonts


@pytest.mark.parametrize("size", ["a5", "a6"])
@pytest.mark.parametrize("lang", LANGS)
def test_leaflet_qr_code_scans_from_a_150_dpi_raster(print_build: PrintBuild, size: str, lang: str, tmp_path: Path) -> None:
    urls = Urls(print_build.settings.site_url)
    for lesson_id in SUBSET:
        path = print_build.out_dir / urls.leaflet(lesson_id, lang, size)
        codes = decode_qr(rasterize(path, 1, 150, tmp_path))
        assert [c.text for c in codes] == [urls.absolute(urls.short_link(lesson_id, lang))]
        assert codes[0].width_px / 150 * 25.4 >= 25, "the printed symbol must be at least 2.5 cm wide"


def test_qr_images_match_the_short_links(print_build: PrintBuild) -> None:
    urls = Urls(print_build.settings.site_url)
    for lesson_id in SUBSET:
        for lang in LANGS:
            png = (print_build.out_dir / urls.qr_code(lesson_id, lang, "png")).read_bytes()
            assert [c.text for c in decode_qr(Image.open(io.BytesIO(png)))] == [urls.absolute(urls.short_link(lesson_id, lang))]
            svg = (print_build.out_dir / urls.qr_code(lesson_id, lang, "svg")).read_text(encoding="utf-8")
            assert svg.startswith("<svg") and urls.absolute(urls.short_link(lesson_id, lang)) in svg


def test_rebuild_with_nothing_changed_renders_nothing(print_build: PrintBuild, tmp_path: Path) -> None:
    calls: list[tuple[int, int, str]] = []
    result = build_print_outputs(print_build.library, print_build.settings, tmp_path, progress=lambda *a: calls.append(a))
    assert (result.rendered, result.reused, calls) == (0, len(result.paths), [])
    for rel in result.paths:
        assert (tmp_path / rel).read_bytes() == (print_build.out_dir / rel).read_bytes(), rel


def _with_lesson(library: Library, lesson_id: str, **changes: object) -> Library:
    lessons = tuple(lesson.model_copy(update=changes) if lesson.id == lesson_id else lesson for lesson in library.lessons)
    return dataclasses.replace(library, lessons=lessons)


def test_a_changed_title_rerenders_what_prints_it(print_build: PrintBuild, tmp_path: Path) -> None:
    first, second = SUBSET  # the second lesson requires the first and prints its title
    title = LocalizedText(vi="Điện thoại an toàn: bản sửa đổi", en="A safe phone: revised")
    library = _with_lesson(print_build.library, first, title=title)
    calls: list[tuple[int, int, str]] = []
    result = build_print_outputs(library, print_build.settings, tmp_path, jobs=2, progress=lambda *a: calls.append(a))
    urls = Urls(print_build.settings.site_url)
    changed = {rel for rel in result.paths if (tmp_path / rel).read_bytes() != (print_build.out_dir / rel).read_bytes()}
    expected = {urls.trainer_handout(i, lang) for i in (first, second) for lang in LANGS}
    expected |= {urls.leaflet(first, lang, size) for lang in LANGS for size in ("a5", "a6")}
    assert changed == expected
    assert result.rendered == len(expected)
    assert sorted(c[2] for c in calls) == sorted(f"{lang}/{i}" for i in (first, second) for lang in LANGS)
    assert calls[-1][:2] == (4, 4)
    assert words(title.vi) in pdf_text(tmp_path / urls.trainer_handout(second, "vi"))


def test_team_footer_rerenders_leaflets_only(print_build: PrintBuild, tmp_path: Path) -> None:
    team = Team(name="Tổ công nghệ số cộng đồng thôn Đông", commune="Xã Tân Hòa", zalo="Tổ CNS thôn Đông", phone="0912 345 678")
    result = build_print_outputs(print_build.library, print_build.settings, tmp_path, team=team, jobs=1)
    assert result.rendered == len(SUBSET) * len(LANGS) * 2
    text = pdf_text(tmp_path / Urls(print_build.settings.site_url).leaflet(SUBSET[0], "vi", "a6"))
    for expected in [team.name, "Xã Tân Hòa", "Zalo: Tổ CNS thôn Đông", "Điện thoại: 0912 345 678"]:
        assert expected in text


def test_stacked_vietnamese_marks_come_back_exactly(print_build: PrintBuild) -> None:
    lesson = print_build.library.lesson_by_id[SUBSET[0]]
    headline = "Ỗ ễ ặ ữ: Cập nhật lịch sử, giữ vững niềm tin"
    leaflet = Leaflet(headline=LocalizedText(vi=headline, en="x"), points=lesson.leaflet.points)
    ctx = RenderContext(print_build.library, print_build.settings.site_url, print_build.settings.lessons_dir)
    rendered = leaflet_pdf(ctx, lesson.model_copy(update={"leaflet": leaflet}), "vi", "a6")
    assert headline in pdf_text(rendered.data)
    assert rendered.data == leaflet_pdf(ctx, lesson.model_copy(update={"leaflet": leaflet}), "vi", "a6").data  # reproducible


def test_too_long_leaflet_text_gets_a_note_for_the_author(print_build: PrintBuild) -> None:
    lesson = print_build.library.lesson_by_id[SUBSET[0]]
    long_point = LocalizedText(vi="Điểm rất dài " * 30, en="A very long point " * 30)
    leaflet = Leaflet(headline=lesson.leaflet.headline, points=[long_point] * 5)
    ctx = RenderContext(print_build.library, print_build.settings.site_url, print_build.settings.lessons_dir)
    rendered = leaflet_pdf(ctx, lesson.model_copy(update={"leaflet": leaflet}), "vi", "a6")
    assert rendered.note is not None
    assert rendered.note.startswith(f"lessons/{lesson.id}.yaml: leaflet: the A6 leaflet in 'vi' does not fit")
    assert len(page_sizes(rendered.data)) == 1


def test_lesson_markdown_cannot_inject_html_links_or_fetches(print_build: PrintBuild) -> None:
    lesson = print_build.library.lesson_by_id[SUBSET[0]]
    evil = '<script>alert(1)</script> <img src="https://evil.example/x.png"> ![x](https://evil.example/y.png) [a](javascript:alert(1))'
    step = lesson.steps[0].model_copy(update={"text": LocalizedText(vi=evil, en=evil)})
    html = handouts.render_handout(
        lesson.model_copy(update={"steps": [step]}), None, print_build.library, Urls(print_build.settings.site_url), "vi", find_fonts()
    )
    assert "&lt;script&gt;" in html and "<script" not in html
    assert '<img src="https://evil' not in html and "&lt;img" in html  # raw <img> stays text; Markdown images are dropped
    assert "javascript:" not in html


@pytest.mark.parametrize("src", ["file:///etc/hostname", "https://example.com/x.png"])
def test_pdf_renderer_refuses_anything_outside_its_folders(print_build: PrintBuild, src: str) -> None:
    html = f'<html><body><img src="{src}"></body></html>'
    with pytest.raises(pdf.RenderError):
        pdf.render_document(html, base_dir=print_build.settings.lessons_dir, fonts=find_fonts())


def test_short_links_printed_as_qr_codes_exist_in_the_built_site(print_build: PrintBuild, tmp_path: Path) -> None:
    build = pytest.importorskip("generator.build")
    site = tmp_path / "site"
    build.build_all(print_build.settings, site, offline_bundle=False)
    urls = Urls(print_build.settings.site_url)
    for lesson_id in SUBSET:
        for lang in LANGS:
            short = urls.short_link(lesson_id, lang)
            assert (site / short / "index.html").is_file(), short
            page = (site / urls.lesson(lesson_id, lang) / "index.html").read_text(encoding="utf-8")
            for rel in [urls.trainer_handout(lesson_id, lang), urls.leaflet(lesson_id, lang, "a6"), urls.qr_code(lesson_id, lang, "png")]:
                assert (site / rel).read_bytes() == (print_build.out_dir / rel).read_bytes(), rel
                assert urls.relative(urls.lesson(lesson_id, lang), rel) in page, f"{lesson_id} {lang} page should link {rel}"
    codes = decode_qr(rasterize(site / urls.leaflet(SUBSET[1], "en", "a5"), 1, 150, tmp_path))
    path_in_site = codes[0].text.removeprefix(urls.site_url)
    assert (site / path_in_site / "index.html").is_file()


def test_a_list_right_under_a_line_of_text_is_a_list() -> None:
    from generator.markup import render_markdown

    assert str(render_markdown("Cách dạy:\n- Để bà con tự bấm.\n- Không xin mã.")) == (
        "<p>Cách dạy:</p>\n<ul>\n<li>Để bà con tự bấm.</li>\n<li>Không xin mã.</li>\n</ul>"
    )
    assert "<ol>" in str(render_markdown("**Cách dạy:**\n1. Hỏi trước.\n2. Cho tập."))
    assert str(render_markdown("Năm 2024 - 2025 vẫn vậy.")) == "<p>Năm 2024 - 2025 vẫn vậy.</p>"


def test_a_changed_word_in_the_code_rerenders_the_leaflet_that_prints_it(tmp_path: Path) -> None:
    """The cache key follows the code: editing a printed word, in `printing/words.py` or in the shared
    `generator/words.py`, re-renders what prints it (a copy of the package is edited, as a developer would)."""
    lesson_id = SUBSET[0]
    project = make_subset_project(tmp_path / "project", (lesson_id,))
    package = tmp_path / "code"
    shutil.copytree(PROJECT_ROOT / "generator", package / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    env = {"PYTHONPATH": str(package)}
    urls = Urls(SITE_URL)
    leaflet = tmp_path / "out" / urls.leaflet(lesson_id, "vi", "a5")
    handout = tmp_path / "out" / urls.trainer_handout(lesson_id, "en")

    def handouts() -> str:
        result = run_cnscd("handouts", "--root", str(project), "--out", str(tmp_path / "out"), "--site-url", SITE_URL,
                           "--jobs", "1", "--cache-dir", str(tmp_path / "cache"), env=env, cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert "(10 rendered, 0 unchanged)" in handouts()
    assert "Quét mã để xem hướng dẫn đầy đủ" in words(pdf_text(leaflet))
    assert "(0 rendered, 10 unchanged)" in handouts()

    printing_words = package / "generator" / "printing" / "words.py"
    printing_words.write_text(printing_words.read_text(encoding="utf-8").replace(
        '"Quét mã để xem hướng dẫn đầy đủ"', '"Quét mã để xem cả bài"'), encoding="utf-8")
    assert "(0 rendered" not in handouts()
    assert "Quét mã để xem cả bài" in words(pdf_text(leaflet))

    shared_words = package / "generator" / "words.py"
    shared_words.write_text(shared_words.read_text(encoding="utf-8").replace('"older people"', '"older residents"'), encoding="utf-8")
    output = handouts()
    assert "(0 rendered" not in output
    assert "older residents" in words(pdf_text(handout))


def test_paper_and_screen_show_the_choices_in_the_same_order(print_build: PrintBuild) -> None:
    """The handout's answer key names each right answer by the letter the widget's data gives it."""
    from generator.site.quiz_json import quiz_payload

    urls = Urls(print_build.settings.site_url)
    for lesson_id in SUBSET:
        payload = quiz_payload(print_build.library.quiz_by_lesson[lesson_id], ["vi"])
        text = words(pdf_text(print_build.out_dir / urls.trainer_handout(lesson_id, "vi")))
        for question in payload["questions"]:
            if question["type"] == "true_false":
                continue
            for i in question["correct"]:
                assert words(f"{chr(ord('A') + i)}. {question['options']['vi'][i]}") in text, (lesson_id, question["id"])
