"""The guide site in Debian's headless Chromium, as a reader on a small phone meets it."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from generator.library.loader import require_library
from generator.settings import load_settings
from tests.kit import PROJECT_ROOT
from tests.sitekit import BuiltSite

PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "bench" / "out" / "screenshots"
PAGES = ["", "en/", "bai-hoc/vneid-kich-hoat/", "en/bai-hoc/vneid-kich-hoat/", "bai-hoc/vietqr-thanh-toan/",
         "gioi-thieu/", "en/nguoi-huong-dan/", "quyen-rieng-tu/", "ghi-danh/", "viet-bai-hoc/", "ngoai-tuyen/"]


class Watch:
    """Every request host and every console error or page error of a browser context."""

    def __init__(self, context: Any) -> None:
        self.hosts: set[str] = set()
        self.errors: list[str] = []
        context.on("request", lambda request: self.hosts.add(urlsplit(request.url).netloc or urlsplit(request.url).scheme))
        context.on("console", lambda message: self.errors.append(message.text) if message.type == "error" else None)
        context.on("weberror", lambda error: self.errors.append(str(error.error)))


@pytest.fixture
def phone(chromium: Any) -> Iterator[tuple[Any, Watch]]:
    """A fresh 360 px wide browser context (no service worker unless a test asks for one)."""
    context = chromium.new_context(viewport=PHONE, device_scale_factor=1, service_workers="block")
    try:
        yield context, Watch(context)
    finally:
        context.close()


@pytest.fixture(scope="module")
def library() -> Any:
    return require_library(load_settings(PROJECT_ROOT))[0]


def test_home_renders_in_both_languages(phone: tuple[Any, Watch], built_site: BuiltSite, library: Any) -> None:
    context, watch = phone
    page = context.new_page()
    page.goto(built_site.url)
    assert page.locator("html").get_attribute("lang") == "vi"
    assert page.locator("h1").inner_text() == "Sổ tay kỹ năng số"
    assert page.locator(".cnscd-card").count() == len(library.lessons)
    assert page.locator(".cnscd-path li").count() == len(library.lessons)
    assert page.locator(".cnscd-category h3").first.inner_text() == library.categories[0].title.vi
    page.goto(built_site.url + "en/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Digital skills handbook"
    first_lesson = library.lessons_in(library.categories[0].id)[0]
    assert page.locator(".cnscd-card__title").first.inner_text() == first_lesson.title.en
    assert watch.errors == []


def test_learning_path_puts_every_lesson_after_what_it_requires(phone: tuple[Any, Watch], built_site: BuiltSite, library: Any) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + "en/")
    shown = page.locator(".cnscd-path li > a").all_inner_texts()
    position = {title: i for i, title in enumerate(shown)}
    for lesson in library.lessons:
        for required in lesson.requires:
            assert position[library.lesson_by_id[required].title.en] < position[lesson.title.en]


def test_language_switch_keeps_the_lesson(phone: tuple[Any, Watch], built_site: BuiltSite, library: Any) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + "bai-hoc/vneid-kich-hoat/")
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="English").click()
    page.wait_for_url(built_site.url + "en/bai-hoc/vneid-kich-hoat/")
    assert page.locator("h1").inner_text() == library.lesson_by_id["vneid-kich-hoat"].title.en
    page.locator(".md-header__option .md-select").hover()
    page.get_by_role("link", name="Tiếng Việt").click()
    page.wait_for_url(built_site.url + "bai-hoc/vneid-kich-hoat/")
    assert page.locator("html").get_attribute("lang") == "vi"


@pytest.mark.parametrize("lang_prefix", ["", "en/"])
def test_short_link_lands_on_its_lesson_without_javascript(chromium: Any, built_site: BuiltSite, library: Any, lang_prefix: str) -> None:
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(built_site.url + lang_prefix + "l/vietqr-thanh-toan/")
        page.wait_for_url(built_site.url + lang_prefix + "bai-hoc/vietqr-thanh-toan/")
        title = library.lesson_by_id["vietqr-thanh-toan"].title
        assert page.locator("h1").inner_text() == (title.en if lang_prefix else title.vi)
    finally:
        context.close()


def search(page: Any, query: str) -> list[str]:
    page.locator("label.md-header__button[for=__search]").click()
    box = page.locator("input[data-md-component=search-query]")
    box.fill(query)
    box.press("End")  # Material searches on keyup; fill() alone types no key
    results = page.locator(".md-search-result__item h1")
    results.first.wait_for()
    return [" ".join(text.split()) for text in results.all_inner_texts()]


@pytest.mark.parametrize(
    ("start", "query", "lesson_id"),
    [
        ("", "kich hoat", "vneid-kich-hoat"),  # typed without diacritics
        ("", "kích hoạt", "vneid-kich-hoat"),
        ("", "dang ky muc 2", "vneid-dang-ky-muc-2"),  # "đăng ký": a word beginning with đ, typed as d
        ("", "Đăng ký", "vneid-dang-ky-muc-2"),
        ("", "lua dao", "nhan-dien-lua-dao-truc-tuyen"),
        ("en/", "scams", "nhan-dien-lua-dao-truc-tuyen"),
    ],
)
def test_search_finds_lessons(phone: tuple[Any, Watch], built_site: BuiltSite, library: Any, start: str, query: str, lesson_id: str) -> None:
    context, watch = phone
    page = context.new_page()
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(built_site.url + start)
    page.wait_for_load_state("networkidle")
    assert not [url for url in requested if "search" in url]  # the index loads only when search is used
    lesson = library.lesson_by_id[lesson_id]
    titles = search(page, query)
    assert (lesson.title.en if start else lesson.title.vi) in titles[:3], titles
    assert f"{built_site.url}{start}search/search_index.json" in requested
    assert watch.errors == []


def test_search_shows_only_the_readers_language(phone: tuple[Any, Watch], built_site: BuiltSite, library: Any) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + "en/")
    titles = search(page, "VNeID")
    vietnamese = {lesson.title.vi for lesson in library.lessons}
    assert titles and not vietnamese & set(titles)


def test_no_requests_to_other_hosts_and_no_console_errors(phone: tuple[Any, Watch], built_site: BuiltSite) -> None:
    context, watch = phone
    page = context.new_page()
    for path in PAGES:
        page.goto(built_site.url + path)
        page.wait_for_load_state("networkidle")
    search(page, "otp")
    assert watch.hosts == {urlsplit(built_site.url).netloc}
    assert watch.errors == []


@pytest.mark.parametrize("path", PAGES)
def test_no_horizontal_scroll_at_360px(phone: tuple[Any, Watch], built_site: BuiltSite, path: str) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + path)
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{path.strip('/').replace('/', '_') or 'home'}-360.png"), full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_readable_and_accessible_lesson_page(phone: tuple[Any, Watch], built_site: BuiltSite) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + "bai-hoc/vneid-kich-hoat/")
    body_px = page.evaluate("parseFloat(getComputedStyle(document.querySelector('.cnscd-step__text p')).fontSize)")
    assert body_px >= 16
    assert page.locator("img:not([alt])").count() == 0
    assert page.locator(".cnscd-figure img").count() > 0
    assert all(alt.strip() for alt in page.locator(".cnscd-figure img").evaluate_all("els => els.map(e => e.alt)"))
    heights = page.locator(".cnscd-downloads a").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert heights and min(heights) >= 44  # tap targets
    page.goto(built_site.url)
    heights = page.locator(".cnscd-card").evaluate_all("els => els.map(e => e.getBoundingClientRect().height)")
    assert min(heights) >= 44


def test_print_stylesheet_keeps_the_lesson_and_drops_the_screen_parts(phone: tuple[Any, Watch], built_site: BuiltSite) -> None:
    page = phone[0].new_page()
    page.goto(built_site.url + "bai-hoc/vneid-kich-hoat/")
    page.emulate_media(media="print")
    assert not page.locator(".md-header").is_visible()
    assert not page.locator(".cnscd-quiz").is_visible()
    assert not page.locator(".cnscd-trainer").is_visible()
    assert page.locator(".cnscd-steps").is_visible()
    assert page.locator(".cnscd-print-only").inner_text().endswith("/l/vneid-kich-hoat/")


def test_repeat_visit_works_without_a_connection(chromium: Any, built_site: BuiltSite, library: Any) -> None:
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.goto(built_site.url + "bai-hoc/mobile-money/")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        page.reload()  # now through the service worker, which keeps a copy
        page.wait_for_function("navigator.serviceWorker.controller !== null")
        page.wait_for_load_state("networkidle")
        context.set_offline(True)
        page.reload()
        assert page.locator("h1").inner_text() == library.lesson_by_id["mobile-money"].title.vi
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") == "sticky"  # CSS came too
    finally:
        context.close()


def test_offline_bundle_opens_from_files(chromium: Any, built_site: BuiltSite, library: Any, tmp_path: Path) -> None:
    with zipfile.ZipFile(built_site.root / "tai-ve" / "cnscd-ngoai-tuyen.zip") as archive:
        archive.extractall(tmp_path)
    context = chromium.new_context(viewport=PHONE)
    watch = Watch(context)
    try:
        page = context.new_page()
        page.goto((tmp_path / "cnscd" / "index.html").as_uri())
        page.locator(".cnscd-card").first.click()
        first = library.lessons_in(library.categories[0].id)[0]
        assert page.locator("h1").inner_text() == first.title.vi
        assert page.url.endswith(f"bai-hoc/{first.id}/index.html")
        titles = search(page, "kich hoat")
        assert library.lesson_by_id["vneid-kich-hoat"].title.vi in titles[:3]
        page.goto((tmp_path / "cnscd" / "bai-hoc" / "vneid-kich-hoat" / "index.html").as_uri())
        quiz = library.quiz_by_lesson["vneid-kich-hoat"]
        legends = page.locator(".cnscd-quiz legend")
        legends.first.wait_for()
        assert legends.count() == len(quiz.questions)  # the quiz runs from the page itself, as practice
        assert quiz.questions[0].prompt.vi in legends.first.inner_text()
        assert watch.hosts <= {"file"}
        assert watch.errors == []
    finally:
        context.close()


def test_a_resident_sees_the_steps_on_the_first_screen_and_where_to_go_after(chromium: Any, built_site: BuiltSite,
                                                                             library: Any) -> None:
    context = chromium.new_context(viewport={"width": 360, "height": 640}, service_workers="block")
    page = context.new_page()
    path = list(library.learning_path())
    lesson = path[0]
    page.goto(built_site.url + f"bai-hoc/{lesson.id}/")
    toc = page.locator(".cnscd-toc__steps a")
    assert toc.count() == len(lesson.steps)
    assert toc.first.bounding_box()["y"] + toc.first.bounding_box()["height"] <= 640  # Bước 1 is on the first screen
    assert toc.first.inner_text() == lesson.steps[0].title.vi.replace("**", "").replace("`", "")
    toc.nth(1).click()
    assert page.url.endswith("#buoc-2") and page.locator("#buoc-2").is_visible()
    # Trainer notes, sources and downloads wait folded; the steps and the quiz do not.
    for fold in ("#nguoi-huong-dan", "#nguon", "#tai-ve"):
        assert page.locator(fold).evaluate("e => e.tagName === 'DETAILS' && !e.open"), fold
    assert not page.locator(".cnscd-downloads").is_visible()
    onward = page.locator(".cnscd-onward__next")
    assert onward.inner_text().splitlines() == ["Bài tiếp theo", path[1].title.vi]
    onward.click()
    assert page.url == built_site.url + f"bai-hoc/{path[1].id}/"
    page.click(".cnscd-onward__all")
    assert page.url == built_site.url + "#ky-nang" and page.locator("#ky-nang").count() == 1
    page.goto(built_site.url + f"en/bai-hoc/{path[-1].id}/")
    assert page.locator(".cnscd-onward__next").count() == 0  # the path ends here
    assert page.locator(".cnscd-onward__all").inner_text() == "All lessons"
    context.close()


def material_english_words() -> dict[str, str]:
    import re

    import material

    source = (Path(material.__file__).parent / "templates" / "partials" / "languages" / "en.html").read_text(encoding="utf-8")
    words = dict(re.findall(r'"([^"]+)": "([^"]*)"', source))
    return {key: value for key, value in words.items() if not key.startswith(("search.config", "language", "direction"))}


def test_no_english_material_words_in_the_vietnamese_site(phone: tuple[Any, Watch], built_site: BuiltSite) -> None:
    english = material_english_words()
    page = phone[0].new_page()
    for path in [p for p in PAGES if not p.startswith("en/")]:
        page.goto(built_site.url + path)
        config = page.evaluate("JSON.parse(document.getElementById('__config').textContent).translations")
        shown = page.evaluate("""() => [document.body.innerText, ...Array.from(document.querySelectorAll('[aria-label],[title],[placeholder],[data-md-component=search-result] *'))
                                   .map(e => [e.getAttribute('aria-label'), e.getAttribute('title'), e.getAttribute('placeholder'), e.textContent].join(' '))].join('\\n')""")
        for key, value in config.items():
            assert value != english.get(key) or not value.isascii(), f"{path}: {key} = {value!r} is Material's English"
        for key in ("search.result.initializer", "action.skip", "top", "search.result.placeholder"):
            assert english[key] not in shown, f"{path}: {english[key]!r}"
        assert "từ khác trong trang" not in str(config)
    # The search box itself, as a reader uses it.
    page.goto(built_site.url)
    page.click("label[for=__search]")
    page.fill("input[name=query]", "kich hoat")
    page.wait_for_function("!/Đang chuẩn bị/.test(document.querySelector('.md-search-result__meta')?.textContent || 'Đang chuẩn bị')")
    meta = page.inner_text(".md-search-result__meta")
    assert meta.endswith("bài phù hợp") or meta == "Không tìm thấy bài nào phù hợp", meta
