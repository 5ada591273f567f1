"""`cnscd build`: the pages it writes, their links, atomic replacement, strictness, the zip."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import brotli
import pytest

from generator.library.loader import require_library
from generator.settings import load_settings
from generator.site.pages import SiteOptions, render_lesson
from generator.urls import Urls
from tests.kit import PROJECT_ROOT, run_cnscd
from tests.sitekit import BuiltSite, copy_project

GOLDEN = Path(__file__).parent / "golden" / "site_pages_mini.txt"
MINI = Path(__file__).parent / "fixtures" / "mini"


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.refresh: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for name in ("href", "src", "data-quiz-src"):
            value = attributes.get(name)
            if value and not (tag == "link" and attributes.get("rel") in {"canonical", "alternate"}):
                self.links.append(value)
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.refresh = (attributes.get("content") or "").split("url=", 1)[1]


def page_links(page: Path) -> _Links:
    parser = _Links()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, *, skip_prefixes: tuple[str, ...] = ()) -> list[str]:
    """Every relative link of every page that does not resolve to a file of the site."""
    broken = []
    for page in sorted(site.rglob("*.html")):
        for link in page_links(page).links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            # 404.html links from the site root: it is served for any missing path.
            base = site if parts.path.startswith("/") else page.parent
            target = (base / parts.path.lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            relative = target.relative_to(site.resolve()).as_posix() if target.is_relative_to(site.resolve()) else str(target)
            if not target.is_file() and not relative.startswith(skip_prefixes):
                broken.append(f"{page.relative_to(site)} -> {link}")
    return broken


@pytest.fixture(scope="module")
def mini_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-lesson fixture library built in full: site, PDFs, QR codes, offline zip."""
    project = copy_project(tmp_path_factory.mktemp("mini") / "project", MINI)
    lesson = project / "lessons" / "thu-nghiem.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("2026-11-01", dt.date.today().isoformat()), encoding="utf-8")
    result = run_cnscd("build", "--root", str(project), "--out", str(project / "site"), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "site"


def test_golden_list_of_built_pages(mini_site: Path) -> None:
    pages = sorted(p.relative_to(mini_site).as_posix() for p in mini_site.rglob("*.html"))
    assert pages == GOLDEN.read_text(encoding="utf-8").split()


def test_every_link_of_the_full_build_resolves(mini_site: Path) -> None:
    assert broken_links(mini_site) == []
    lesson = mini_site / "bai-hoc" / "thu-nghiem" / "index.html"
    downloads = [link for link in page_links(lesson).links if "tai-ve/" in link]
    assert [link.rsplit("/", 1)[1] for link in downloads] == [
        "thu-nghiem-vi-tai-lieu-a4.pdf", "thu-nghiem-vi-to-roi-a5.pdf", "thu-nghiem-vi-to-roi-a6.pdf",
        "thu-nghiem-vi-qr.svg", "thu-nghiem-vi-qr.png",
    ]


def test_real_library_pages_exist_in_both_languages(built_site: BuiltSite) -> None:
    library, _ = require_library(load_settings(PROJECT_ROOT))
    urls = Urls(built_site.url)
    for lesson in library.lessons:
        for lang in ("vi", "en"):
            assert (built_site.root / urls.lesson(lesson.id, lang) / "index.html").is_file()
            assert (built_site.root / urls.short_link(lesson.id, lang) / "index.html").is_file()
        quiz = json.loads((built_site.root / urls.quiz_data(lesson.id)).read_text(encoding="utf-8"))
        assert quiz["lesson"] == lesson.id and set(quiz["questions"][0]["prompt"]) == {"vi", "en"}
    for page in ("", "en/", "ghi-danh/", "en/ghi-danh/", "gioi-thieu/", "en/gioi-thieu/", "quyen-rieng-tu/",
                 "en/quyen-rieng-tu/", "nguoi-huong-dan/", "en/nguoi-huong-dan/", "viet-bai-hoc/", "ngoai-tuyen/"):
        assert (built_site.root / page / "index.html").is_file(), page
    assert (built_site.root / "search" / "search_index.json").is_file()
    assert (built_site.root / "en" / "search" / "search_index.json").is_file()
    assert broken_links(built_site.root, skip_prefixes=("tai-ve/",)) == []


def test_each_language_has_its_own_search_index(built_site: BuiltSite) -> None:
    vi = json.loads((built_site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    en = json.loads((built_site.root / "en" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert vi["docs"] and all(not doc["location"].startswith("en/") for doc in vi["docs"])
    assert en["docs"] and all(doc["location"].startswith("en/") for doc in en["docs"])
    assert vi["config"]["pipeline"] == ["stopWordFilter", "trimmer"]


def test_short_link_page_redirects_without_javascript(built_site: BuiltSite) -> None:
    page = built_site.root / "l" / "vneid-kich-hoat" / "index.html"
    html = page.read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=../../bai-hoc/vneid-kich-hoat/">' in html
    assert f'<link rel="canonical" href="{built_site.url}bai-hoc/vneid-kich-hoat/">' in html
    assert '<a href="../../bai-hoc/vneid-kich-hoat/">' in html
    assert '<html lang="vi">' in html
    english = (built_site.root / "en" / "l" / "vneid-kich-hoat" / "index.html").read_text(encoding="utf-8")
    assert 'url=../../../en/bai-hoc/vneid-kich-hoat/"' in english and '<html lang="en">' in english
    assert "<script" not in html and len(html.encode()) < 2048


def test_lesson_page_has_the_quiz_placeholder(built_site: BuiltSite) -> None:
    html = (built_site.root / "en" / "bai-hoc" / "vneid-kich-hoat" / "index.html").read_text(encoding="utf-8")
    assert ('<section class="cnscd-quiz" data-lesson="vneid-kich-hoat" data-lang="en" '
            'data-quiz-src="../../../assets/quizzes/vneid-kich-hoat.json" data-root="../../../">') in html
    assert "<noscript>" in html
    assert '<details class="cnscd-trainer cnscd-fold" id="nguoi-huong-dan">' in html
    assert 'class="admonition warning cnscd-warnings"' in html


def test_enrollment_page_shell(built_site: BuiltSite) -> None:
    html = (built_site.root / "ghi-danh" / "index.html").read_text(encoding="utf-8")
    assert '<section class="cnscd-enroll" data-lang="vi" data-root="../">' in html


def test_lesson_text_cannot_inject_html() -> None:
    settings = load_settings(PROJECT_ROOT)
    library, _ = require_library(settings)
    lesson = library.lessons[0]
    step = lesson.steps[0]
    evil_text = step.text.model_copy(update={"vi": 'Bấm <script>alert(1)</script> [x](javascript:alert(2)) **đậm**'})
    evil = lesson.model_copy(update={"steps": [step.model_copy(update={"text": evil_text}), *lesson.steps[1:]],
                                     "title": lesson.title.model_copy(update={"vi": 'Tiêu đề "<b>" ---'})})
    page = render_lesson(library, evil, Urls(settings.site_url), "vi", SiteOptions())
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "javascript:" not in page and "<strong>đậm</strong>" in page
    assert 'title: "Tiêu đề \\"<b>\\" ---"' in page  # front matter: a YAML string, never raw markup


def test_failed_build_leaves_previous_output_untouched(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MINI)
    out = tmp_path / "out"
    first = run_cnscd("build", "--root", str(project), "--out", str(out), "--no-print", "--no-bundle")
    assert first.returncode == 0, first.stderr
    before = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    lesson = project / "lessons" / "thu-nghiem.yaml"
    lesson.write_text(lesson.read_text(encoding="utf-8").replace("minutes: ", "minutes: 900 #"), encoding="utf-8")
    second = run_cnscd("build", "--root", str(project), "--out", str(out), "--no-print", "--no-bundle")
    assert second.returncode == 1
    assert re.search(r"lessons/thu-nghiem\.yaml:\d+:\d+: minutes: ", second.stderr), second.stderr
    assert "nothing was written" in second.stderr
    after = {p.relative_to(out): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_strict_build_fails_on_warnings(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", MINI)
    lesson = project / "lessons" / "thu-nghiem.yaml"
    lesson.write_text(re.sub(r"reviewed: .*", "reviewed: 2001-01-01", lesson.read_text(encoding="utf-8")), encoding="utf-8")
    result = run_cnscd("build", "--root", str(project), "--out", str(tmp_path / "out"), "--strict", "--no-print", "--no-bundle")
    assert result.returncode == 1
    assert "reviewed" in result.stderr and not (tmp_path / "out").exists()


def test_site_url_must_be_a_web_address(tmp_path: Path) -> None:
    result = run_cnscd("build", "--out", str(tmp_path / "out"), "--site-url", "cnscd.example.vn")
    assert result.returncode == 2
    assert "must start with http:// or https://" in result.stderr


def test_offline_bundle_is_a_zip_that_opens_from_files(mini_site: Path) -> None:
    with zipfile.ZipFile(mini_site / "tai-ve" / "cnscd-ngoai-tuyen.zip") as archive:
        names = set(archive.namelist())
        home = archive.read("cnscd/index.html").decode("utf-8")
        shim = archive.read("cnscd/assets/cnscd-site/iframe-worker-shim.js")
    assert {"cnscd/bai-hoc/thu-nghiem/index.html", "cnscd/en/bai-hoc/thu-nghiem/index.html",
            "cnscd/search/search_index.js", "cnscd/tai-ve/vi/thu-nghiem/thu-nghiem-vi-tai-lieu-a4.pdf"} <= names
    assert not any(name.endswith(".zip") for name in names)
    assert 'href="bai-hoc/thu-nghiem/index.html"' in home
    assert "unpkg.com" not in home and b"iframe-worker" in shim


def test_vietnamese_pages_carry_none_of_materials_english(mini_site: Path) -> None:
    english = ("Initializing search", "RSS feed", "Contributors", "Metadata")
    vietnamese = [p for p in mini_site.rglob("*.html") if '<html lang="vi"' in p.read_text(encoding="utf-8")]
    assert len(vietnamese) > 5
    for page in vietnamese:
        text = page.read_text(encoding="utf-8")
        assert not [word for word in english if word in text], page
    assert "Đang chuẩn bị tìm kiếm" in (mini_site / "bai-hoc" / "thu-nghiem" / "index.html").read_text(encoding="utf-8")


def test_pages_share_one_hashed_stylesheet_and_inline_nothing_unhashed(mini_site: Path) -> None:
    lesson = (mini_site / "bai-hoc" / "thu-nghiem" / "index.html").read_text(encoding="utf-8")
    home = (mini_site / "index.html").read_text(encoding="utf-8")
    links = re.findall(r'<link rel="stylesheet" href="([^"]+)">', lesson)
    assert [link.rsplit("/", 1)[1] for link in links if "cnscd." in link] and "<style" not in lesson
    sheet = next(link for link in links if re.search(r"cnscd\.[0-9a-f]{10}\.min\.css$", link))
    assert sheet.replace("../../", "") in home  # the same file, cached once for the whole site
    assert ".cnscd-quiz" in (mini_site / "bai-hoc" / "thu-nghiem" / sheet).resolve().read_text(encoding="utf-8")
    policy = (mini_site / "content-security-policy.txt").read_text(encoding="utf-8")
    assert "unsafe-inline" not in policy and "script-src 'self' 'sha256-" in policy
    assert not re.search(r"<[a-z][^>]*\s(on[a-z]+|style)=", lesson)


def test_every_text_file_has_compressed_copies(mini_site: Path) -> None:
    for name in ("bai-hoc/thu-nghiem/index.html", "search/search_index.json"):
        original = (mini_site / name).read_bytes()
        assert brotli.decompress((mini_site / f"{name}.br").read_bytes()) == original
        assert gzip.decompress((mini_site / f"{name}.gz").read_bytes()) == original
    assert not list(mini_site.rglob("*.pdf.gz")) and not list(mini_site.rglob("*.png.br"))
