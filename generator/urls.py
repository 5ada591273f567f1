"""Every URL and output path of the site, built in one place.

Paths are site-relative (no leading slash) so they work under any `site_url`, from a
sub-folder, and opened from files. `Urls.absolute` joins them to `site_url` (QR codes,
enrollment links). Vietnamese lives at the site root; every other language under `/<lang>/`.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_LANGUAGE = "vi"
LESSONS_DIR = "bai-hoc"
SHORT_LINK_DIR = "l"
DOWNLOADS_DIR = "tai-ve"
ENROLLMENT_DIR = "ghi-danh"
IMAGES_DIR = "hinh-anh"
QUIZ_DATA_DIR = "assets/quizzes"
TRACKER_ASSETS_DIR = "assets/cnscd"
"""The quiz widget's script and stylesheet, published with the site."""
CSP_FILE = "content-security-policy.txt"
"""The site's Content-Security-Policy (inline script and style hashes), written by the build for servers."""
IFRAME_WORKER_SHIM = "assets/cnscd-site/iframe-worker-shim.js"
"""Served from the site itself so the offline bundle's search needs no CDN."""


def site_stylesheet(digest: str) -> str:
    """The site's one stylesheet, named by a hash of its content so browsers may keep it for a year."""
    return f"assets/stylesheets/cnscd.{digest}.min.css"


API_PREFIX = "/api"
"""Where the tracker serves its API (absolute path on the tracker's host)."""
DASHBOARD_PREFIX = "/quan-ly"
DASHBOARD_LESSON_ROUTE = "/" + LESSONS_DIR + "/{lesson_id}"  # the by-lesson page, under DASHBOARD_PREFIX
"""Where the tracker serves the trainers' dashboard."""


@dataclass(frozen=True)
class Urls:
    """URL builder for one site, e.g. `Urls("https://cnscd.example.vn/")`."""

    site_url: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "site_url", self.site_url.rstrip("/") + "/")

    @staticmethod
    def language_prefix(lang: str) -> str:
        return "" if lang == DEFAULT_LANGUAGE else f"{lang}/"

    def home(self, lang: str) -> str:
        return self.language_prefix(lang)

    def lesson(self, lesson_id: str, lang: str) -> str:
        """The lesson page, e.g. `bai-hoc/vneid-kich-hoat/` or `en/bai-hoc/vneid-kich-hoat/`."""
        return f"{self.language_prefix(lang)}{LESSONS_DIR}/{lesson_id}/"

    def lesson_source(self, lesson_id: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """The generated Markdown page of a lesson inside the staged docs folder."""
        return self.page_source(f"{LESSONS_DIR}/{lesson_id}/", lang)

    @staticmethod
    def page_source(page: str, lang: str) -> str:
        """Markdown source of a language-free page URL in the staged docs folder.

        Every page is an `index.md` in its own folder (mkdocs-static-i18n suffix layout:
        `index.en.md` for English), so a page sits at the same depth with and without
        directory URLs and relative links work both served and opened from files.
        """
        suffix = "" if lang == DEFAULT_LANGUAGE else f".{lang}"
        return f"{page}index{suffix}.md"

    def enrollment_page(self, lang: str) -> str:
        """The enrollment page that reads a member's token from the link's fragment."""
        return f"{self.language_prefix(lang)}{ENROLLMENT_DIR}/"

    def lesson_image(self, src: str) -> str:
        """Where a lesson illustration (`images/<lesson>/<name>.svg` under `lessons/`) is published."""
        return f"{IMAGES_DIR}/{src.removeprefix('images/')}"

    @staticmethod
    def downloads_dir() -> str:
        """The folder of every printable, e.g. `tai-ve/`."""
        return f"{DOWNLOADS_DIR}/"

    def offline_bundle(self) -> str:
        """The zip of the whole site that works opened from files."""
        return f"{DOWNLOADS_DIR}/cnscd-ngoai-tuyen.zip"

    def short_link(self, lesson_id: str, lang: str) -> str:
        """The short link printed as a QR code, e.g. `l/vneid-kich-hoat/`."""
        return f"{self.language_prefix(lang)}{SHORT_LINK_DIR}/{lesson_id}/"

    def trainer_handout(self, lesson_id: str, lang: str) -> str:
        return f"{DOWNLOADS_DIR}/{lang}/{lesson_id}/{lesson_id}-{lang}-tai-lieu-a4.pdf"

    def leaflet(self, lesson_id: str, lang: str, size: str) -> str:
        """Household leaflet PDF; `size` is `a5` or `a6`."""
        return f"{DOWNLOADS_DIR}/{lang}/{lesson_id}/{lesson_id}-{lang}-to-roi-{size}.pdf"

    def qr_code(self, lesson_id: str, lang: str, fmt: str) -> str:
        """QR code image of the short link; `fmt` is `svg` or `png`."""
        return f"{DOWNLOADS_DIR}/{lang}/{lesson_id}/{lesson_id}-{lang}-qr.{fmt}"

    def quiz_data(self, lesson_id: str) -> str:
        """Quiz JSON read by the quiz widget (both languages in one file)."""
        return f"{QUIZ_DATA_DIR}/{lesson_id}.json"

    def enrollment(self, token: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """A member's personal enrollment link; the token stays in the fragment, never sent to servers."""
        return f"{self.absolute(self.enrollment_page(lang))}#t={token}"

    def api(self, endpoint: str) -> str:
        """Tracker API path, e.g. `api/attempts`."""
        return f"{API_PREFIX.lstrip('/')}/{endpoint.lstrip('/')}"

    def absolute(self, path: str) -> str:
        return self.site_url + path.lstrip("/")

    def relative(self, from_page: str, to_path: str) -> str:
        """Link from the page at `from_page` (a directory URL) to `to_path`, as a relative URL."""
        depth = from_page.count("/") if from_page else 0
        return "../" * depth + to_path

    def href(self, from_page: str, to_path: str, *, directory_urls: bool = True) -> str:
        """Like :meth:`relative`, but a link to a page (a directory URL) names its `index.html`
        when the site is opened from files, where folders do not resolve to their index."""
        link = self.relative(from_page, to_path)
        if not directory_urls and (to_path == "" or to_path.endswith("/")):
            link += "index.html"
        return link or "./"
