"""`cnscd pack` as a trainer runs it: the PDF read back, and every bad input refused cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from generator.cli.main import main
from generator.errors import ContentError, UsageError
from generator.printing.team import load_team
from generator.printing.words import labels
from generator.urls import Urls
from tests.kit import decode_qr, rasterize
from tests.printing import (
    SITE_URL,
    SUBSET,
    make_subset_project,
    page_sizes,
    pdf_fonts,
    pdf_text,
    words,
)

CNSCD = Path(sys.executable).with_name("cnscd")
TEAM_YAML = """\
name: "Tổ công nghệ số cộng đồng thôn Đông"
commune: "Xã Tân Hòa"
zalo: "Tổ CNS thôn Đông"
phone: "0912 345 678"
"""


@dataclass(frozen=True)
class PackRun:
    root: Path
    pdf: Path
    stdout: str
    sections: list[tuple[int, str]]


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = make_subset_project(tmp_path_factory.mktemp("pack") / "project")
    (root / "team.yaml").write_text(TEAM_YAML, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def a6_pack(project: Path) -> PackRun:
    """The real command in a real process: two lessons, 5 copies of A6 leaflets, a team file."""
    out = project / "pack-a6.pdf"
    args = ["pack", "--root", str(project), "--lessons", ",".join(SUBSET), "--lang", "vi", "--copies", "5", "--size", "a6",
            "--team", str(project / "team.yaml"), "--site-url", SITE_URL, "-o", str(out)]
    run = subprocess.run([str(CNSCD), *args], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    sections = [(int(n), label) for n, label in re.findall(r"^\s+page\s+(\d+)\s+(.+)$", run.stdout, re.M)]
    return PackRun(project, out, run.stdout, sections)


def test_pack_lists_its_sections_each_starting_on_an_odd_page(a6_pack: PackRun) -> None:
    t = labels("vi")
    assert a6_pack.stdout.startswith(f"wrote {a6_pack.pdf}: ")
    labels_in_order = [label for _, label in a6_pack.sections]
    assert labels_in_order[0] == t["pack_title"]
    assert labels_in_order[1].startswith(t["contents_handout"].split(":")[0]) and labels_in_order[-1] == t["contents_attendance"]
    assert len(labels_in_order) == 1 + 2 * len(SUBSET) + 1
    assert all(first % 2 == 1 for first, _ in a6_pack.sections), a6_pack.sections
    reader = PdfReader(a6_pack.pdf)  # the PDF's bookmarks are the same sections
    assert [(reader.get_destination_page_number(item) + 1, item.title) for item in reader.outline] == a6_pack.sections
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_pack_pages_are_a4_and_only_section_ends_are_blank(a6_pack: PackRun) -> None:
    sizes = page_sizes(a6_pack.pdf)
    assert set(sizes) == {"A4"} and len(sizes) % 2 == 0
    blank = {number for number in range(1, len(sizes) + 1) if pdf_text(a6_pack.pdf, page=number - 1) == ""}
    starts = [first for first, _ in a6_pack.sections]
    for first, following in zip(starts, [*starts[1:], len(sizes) + 1], strict=True):
        inside = sorted(blank & set(range(first, following)))
        assert inside in ([], [following - 1]), f"section from page {first}: blank pages {inside}"
    assert blank, "two lessons of odd page counts need at least one blank back page"


def test_pack_text_reads_back(a6_pack: PackRun, project: Path) -> None:
    from generator.library.loader import require_library
    from generator.settings import load_settings

    library, _ = require_library(load_settings(project))
    t = labels("vi")
    page_of = dict((label, first) for first, label in a6_pack.sections)
    cover = pdf_text(a6_pack.pdf, page=0)
    assert "Tổ công nghệ số cộng đồng thôn Đông" in cover and t["agenda"] in cover
    for lesson_id in SUBSET:
        lesson = library.lesson_by_id[lesson_id]
        assert words(lesson.title.vi) in cover
        handout_label = t["contents_handout"].format(title=lesson.title.vi)
        assert words(lesson.title.vi) in pdf_text(a6_pack.pdf, page=page_of[handout_label] - 1)
        sheet_label = t["contents_leaflets"].format(size="A6", count=5, sheets=2, title=lesson.title.vi)
        sheet = pdf_text(a6_pack.pdf, page=page_of[sheet_label] - 1)
        assert sheet.count(words(lesson.leaflet.headline.vi)) == 4
        assert sheet.count("Điện thoại: 0912 345 678") == 4
    attendance = pdf_text(a6_pack.pdf, page=page_of[t["contents_attendance"]] - 1)
    assert t["attendance"] in attendance and t["col_signature"] in attendance and " 10 " in f"{attendance} "
    fonts = pdf_fonts(a6_pack.pdf)
    assert fonts and all(f.embedded for f in fonts), fonts


def test_every_leaflet_on_an_a6_sheet_scans_at_150_dpi(a6_pack: PackRun, tmp_path: Path) -> None:
    urls = Urls(SITE_URL)
    t = labels("vi")
    for first, label in a6_pack.sections:
        if label.startswith(t["contents_leaflets"].split(" ")[0]):
            codes = decode_qr(rasterize(a6_pack.pdf, first, 150, tmp_path))
            lesson_id = next(i for i in SUBSET if i in {c.text.rstrip("/").rsplit("/", 1)[-1] for c in codes})
            assert [c.text for c in codes] == [urls.absolute(urls.short_link(lesson_id, "vi"))] * 4
            assert min(c.width_px for c in codes) / 150 * 25.4 >= 25


def test_a5_pack_in_english_imposes_two_leaflets_per_landscape_sheet(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack-a5.pdf"
    result = CliRunner().invoke(main, ["--help"])  # the command is registered on the main group
    assert "pack" in result.output
    result = CliRunner().invoke(main, ["pack", "--root", str(project), "--lessons", SUBSET[0], "--lang", "en", "--copies", "3",
                                       "--team-name", "Dong village team", "--team-phone", "0912 345 678", "--site-url", SITE_URL, "-o", str(out)])
    assert result.exit_code == 0, result.output
    sizes = page_sizes(out)
    # cover + blank, handout (+ blank), 2 leaflet sheets, attendance (+ blank)
    landscape = [i + 1 for i, size in enumerate(sizes) if size == "A4 landscape"]
    assert len(landscape) == 2 and landscape[0] % 2 == 1 and landscape[1] == landscape[0] + 1
    sheet = pdf_text(out, page=landscape[0] - 1)
    assert sheet.count(labels("en")["scan"]) == 2 and sheet.count("Dong village team") == 2
    codes = decode_qr(rasterize(out, landscape[0], 150, tmp_path))
    assert [c.text for c in codes] == [Urls(SITE_URL).absolute(Urls(SITE_URL).short_link(SUBSET[0], "en"))] * 2


def _pack(project: Path, *args: str) -> tuple[int, str, Path]:
    out = project / "bad" / "pack.pdf"
    out.parent.mkdir(exist_ok=True)
    defaults = {"--lessons": SUBSET[0], "-o": str(out)}
    given = dict(zip(args[::2], args[1::2], strict=True))
    merged = [x for key, value in (defaults | given).items() for x in (key, value)]
    result = CliRunner().invoke(main, ["pack", "--root", str(project), "--site-url", SITE_URL, *merged])
    return result.exit_code, result.stderr, out


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (("--lessons", "vneid-kich-hoat-x"), 2, "--lessons: unknown lesson id 'vneid-kich-hoat-x'"),
        (("--lessons", "dien-thoai-an-toan"), 2, "(did you mean 'dien-thoai-an-toan-co-ban'?)"),
        (("--lessons", " , "), 2, "--lessons: name at least one lesson id"),
        (("--copies", "0"), 2, "--copies must be between 1 and 500 (got 0)"),
        (("--copies", "-3"), 2, "--copies must be between 1 and 500 (got -3)"),
        (("--lang", "fr"), 2, "--lang must be one of vi, en (got 'fr')"),
        (("--team", "no-such-team.yaml"), 2, "team file no-such-team.yaml does not exist"),
        (("--team-phone", "0912 345 678"), 2, "--team-name: required field 'name' is missing"),
        (("-o", "/no/such/folder/pack.pdf"), 2, "-o /no/such/folder/pack.pdf: folder /no/such/folder does not exist"),
    ],
)
def test_bad_pack_options_are_refused_and_nothing_is_written(project: Path, args: tuple[str, ...], code: int, message: str) -> None:
    exit_code, stderr, out = _pack(project, *args)
    assert (exit_code, message in stderr) == (code, True), stderr
    assert stderr.startswith("Error: ")
    assert not out.exists() and not any(out.parent.iterdir())


def test_output_folder_that_cannot_be_written_is_refused(project: Path, tmp_path: Path) -> None:
    if os.geteuid() == 0:
        folder = Path("/sys")  # root may write anywhere except on read-only file systems
    else:
        folder = tmp_path / "read-only"
        folder.mkdir()
        folder.chmod(0o500)
    exit_code, stderr, _ = _pack(project, "-o", str(folder / "pack.pdf"))
    assert exit_code == 2 and f"-o {folder / 'pack.pdf'}: cannot write in {folder}" in stderr, stderr
    assert not (folder / "pack.pdf").exists()


def test_output_that_is_a_folder_is_refused(project: Path, tmp_path: Path) -> None:
    exit_code, stderr, _ = _pack(project, "-o", str(tmp_path))
    assert exit_code == 2 and f"-o {tmp_path}: is a folder" in stderr


def test_team_file_errors_name_line_column_and_field(project: Path, tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text('name: "Tổ thôn Đông"\nphone: "gọi tôi"\nzaloo: "x"\n', encoding="utf-8")
    exit_code, stderr, out = _pack(project, "--team", str(team))
    assert exit_code == 1
    assert f"{team}:2:8: phone: 'gọi tôi' is not a phone number; write digits, e.g. 0912 345 678" in stderr
    assert f"{team}:3:1: zaloo: unknown field 'zaloo'; known fields: name, commune, zalo, phone" in stderr
    assert "2 problem(s); nothing was written." in stderr and not out.exists()


def test_team_file_must_be_a_mapping(tmp_path: Path) -> None:
    team = tmp_path / "team.yaml"
    team.write_text("- just a list\n", encoding="utf-8")
    with pytest.raises(ContentError, match="a team file is a mapping of fields"):
        load_team(team)
    with pytest.raises(UsageError, match="does not exist"):
        load_team(tmp_path / "missing.yaml")


def test_print_commands_and_their_options_are_documented() -> None:
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    for command in ("pack", "handouts"):
        assert f"cnscd {command}" in readme
        for param in main.commands[command].params:
            flags = [flag for flag in param.opts if flag.startswith("--") and flag not in {"--root", "--help"}]
            assert all(re.search(rf"{flag}(?![\w-])", readme) for flag in flags), f"cnscd {command} {flags}: not in README.md"
