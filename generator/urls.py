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

    def lesson_source(self, lesson_id: str) -> str:
        """The generated Markdown page of a lesson inside the staged docs folder."""
        return f"{LESSONS_DIR}/{lesson_id}.md"

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
        return f"assets/quizzes/{lesson_id}.json"

    def enrollment(self, token: str, lang: str = DEFAULT_LANGUAGE) -> str:
        """A member's personal enrollment link; the token stays in the fragment, never sent to servers."""
        return f"{self.absolute(self.language_prefix(lang) + 'ghi-danh/')}#t={token}"

    def api(self, endpoint: str) -> str:
        """Tracker API path, e.g. `api/attempts`."""
        return f"api/{endpoint.lstrip('/')}"

    def absolute(self, path: str) -> str:
        return self.site_url + path.lstrip("/")

    def relative(self, from_page: str, to_path: str) -> str:
        """Link from the page at `from_page` (a directory URL) to `to_path`, as a relative URL."""
        depth = from_page.count("/") if from_page else 0
        return "../" * depth + to_path
