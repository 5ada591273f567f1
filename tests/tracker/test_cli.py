"""`cnscd tracker ...` commands as a trainer uses them: exit codes, messages, files written."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from generator.cli.main import main
from tests.kit import qr_texts_in_pdf, run_cnscd
from tests.tracker.kit import LIBRARY, ROSTER, attempt_body, quiz_hash

SITE_URL = "https://cnscd.example.vn/"


def cnscd(*args: str, input: str | None = None) -> Result:
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "tracker.db")


def tracker(db: str, *args: str, input: str | None = None) -> Result:
    command, rest = args[0], args[1:]
    if command in ("trainer", "member"):
        return cnscd("tracker", command, rest[0], "--root", str(LIBRARY), "--db", db, *rest[1:], input=input)
    return cnscd("tracker", command, "--root", str(LIBRARY), "--db", db, *rest, input=input)


def write_roster(folder: Path, text: str, name: str = "roster.csv", encoding: str = "utf-8") -> str:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_is_idempotent_and_reports_what_changed(db: str, tmp_path: Path) -> None:
    roster = write_roster(tmp_path, ROSTER)
    first = tracker(db, "import", roster)
    assert (first.exit_code, first.output) == (0, f"{roster}: 4 row(s): 4 member(s) added, 0 updated, 0 unchanged; 6 unit(s) added, 0 renamed or moved\n")
    again = tracker(db, "import", roster)
    assert again.output == f"{roster}: 4 row(s): 0 member(s) added, 0 updated, 4 unchanged; 0 unit(s) added, 0 renamed or moved\n"
    # A merger renames the ward; a phone changes; one member left the file.
    changed = ROSTER.replace("Phường Ngọc Hà", "Phường Ba Đình mới").replace("0912345678", "0911111111")
    changed = "\n".join(line for line in changed.splitlines() if "Trần Thị Bình" not in line) + "\n"
    third = tracker(db, "import", write_roster(tmp_path, changed, "roster2.csv"))
    assert third.output.endswith("3 row(s): 0 member(s) added, 1 updated, 2 unchanged; 0 unit(s) added, 1 renamed or moved; "
                                 "1 member(s) of these teams are not in the file (kept)\n")
    listing = tracker(db, "member", "list")
    assert [line.split("\t")[3] for line in listing.output.splitlines()] == ["Nguyễn Văn An", "Trần Thị Bình", "Phạm Văn Chiến", "Lê Thị Dung"]


def test_import_accepts_vietnamese_headers_semicolons_and_excel_bom(db: str, tmp_path: Path) -> None:
    text = ("ma_tinh;ten_tinh;ma_xa;ten_xa;ma_to;ten_to;ho_ten;so_dien_thoai\r\n"
            "01;Hà Nội;00004;Phường Ba Đình;to-1;Tổ 1;Nguyễn  Văn An ;0912 345 678\r\n")
    result = tracker(db, "import", write_roster(tmp_path, "\ufeff" + text))
    assert result.exit_code == 0 and "1 member(s) added" in result.output
    assert tracker(db, "member", "list").output.split("\t")[3].strip() == "Nguyễn Văn An"


def test_import_errors_name_row_and_column_and_import_nothing(db: str, tmp_path: Path) -> None:
    text = (
        "province_code,province_name,commune_code,commune_name,team_code,team_name,member_name,phone\n"
        "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Nguyễn Văn An,0912345678\n"
        "1,Hà Nội,4,Phường Ba Đình,to 1,Tổ 1,,12345\n"
        "01,Thủ đô,00004,Phường Ba Đình,to-1,Tổ 1,Trần Thị Bình,\n"
        "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,nguyễn văn an,\n"
        "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Lê Văn Cường,,thừa\n"
    )
    roster = write_roster(tmp_path, text)
    result = tracker(db, "import", roster)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{roster}: row 3, column province_code: '1' is not a province code: 2 digits, e.g. 01",
        f"{roster}: row 3, column commune_code: '4' is not a commune/ward code: 5 digits, e.g. 00004",
        f"{roster}: row 3, column team_code: 'to 1' is not a team code: up to 32 letters, digits, '.', '_' or '-'",
        f"{roster}: row 3, column member_name: this cell is empty",
        f"{roster}: row 3, column phone: '12345' is not a Vietnamese phone number (e.g. 0912345678); leave it empty if unknown",
        f"{roster}: row 6: 9 cells but 8 columns; is there a stray separator?",
        f"{roster}: row 4, column province_name: the name of province 01 is 'Hà Nội' in row 2, 'Thủ đô' here",
        f"{roster}: row 5, column member_name: 'nguyễn văn an' is already in team to-1 (row 2); write two people with the same name differently, e.g. add '(B)'",
        "8 problem(s); nothing was imported.",
    ]
    assert not Path(db).exists()  # nothing imported: not even an empty database


def test_import_header_and_encoding_problems(db: str, tmp_path: Path) -> None:
    header = tracker(db, "import", write_roster(tmp_path, "province_code,province,commune_code\n01,x,00004\n"))
    assert header.exit_code == 1
    assert "row 1, column province: unknown column; the columns are: province_code, province_name, commune_code, commune_name, " \
           "team_code, team_name, member_name, phone" in header.output
    assert "row 1, column team_name: this column is missing from the header row" in header.output
    latin = tracker(db, "import", write_roster(tmp_path, ROSTER.splitlines()[0] + "\n01,Hà Tây,00004,Xa,to-1,To,An,\n", "latin.csv", encoding="latin-1"))
    assert latin.exit_code == 1
    assert "row 2: the file is not UTF-8 text; in Excel use Save As > CSV UTF-8" in latin.output


def test_trainer_accounts(db: str, tmp_path: Path) -> None:
    unknown = tracker(db, "trainer", "add", "co-lan", "--unit", "00099")
    assert (unknown.exit_code, unknown.output) == (2, "Error: unit 00099: no such commune/ward or province in the imported rosters; "
                                                      "check the code, or import the roster first (`cnscd tracker import`)\n")
    tracker(db, "import", write_roster(tmp_path, ROSTER))
    added = tracker(db, "trainer", "add", "co-lan", "--name", "Cô Lan", "--unit", "00004", "--unit", "01")
    assert added.exit_code == 0
    assert added.output.splitlines()[0] == "trainer co-lan created, units: 00004, 01"
    assert added.output.splitlines()[1].startswith("password (shown once): ")
    with_stdin = tracker(db, "trainer", "add", "anh-ba", "--admin", "--password-stdin", input="mot-mat-khau-dai\n")
    assert with_stdin.output == "trainer anh-ba created (admin)\n"
    short = tracker(db, "trainer", "add", "chi-tu", "--unit", "00004", "--password-stdin", input="ngan\n")
    assert (short.exit_code, short.output) == (2, "Error: the password must have at least 10 characters (spaces at the ends do not count)\n")
    bad_unit = tracker(db, "trainer", "add", "chi-tu", "--unit", "4")
    assert bad_unit.output == "Error: unit '4': give a province code (2 digits, e.g. 01) or a commune/ward code (5 digits, e.g. 00004)\n"
    assert tracker(db, "trainer", "units", "co-lan", "--add", "00008", "--remove", "01").output == "co-lan manages: 00004, 00008\n"
    assert tracker(db, "trainer", "units", "co-lan", "--add", "79").exit_code == 2  # a province with nothing imported
    assert tracker(db, "trainer", "list").output == "anh-ba\tanh-ba\tadmin: all units\nco-lan\tCô Lan\tunits: 00004, 00008\n"
    assert tracker(db, "trainer", "password", "co-lan").output.startswith("password of co-lan changed; new password (shown once): ")
    assert tracker(db, "trainer", "remove", "co-lan").output == "trainer co-lan removed\n"
    missing = tracker(db, "trainer", "remove", "co-lan")
    assert (missing.exit_code, missing.output) == (2, "Error: no trainer named 'co-lan'; see `cnscd tracker trainer list`\n")


def test_member_cards_carry_working_enrollment_links(db: str, tmp_path: Path) -> None:
    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.members import member_for_token

    many = ROSTER + "".join(f"01,Hà Nội,00004,Phường Ba Đình,to-3,Tổ 3,Thành viên số {i},\n" for i in range(8))
    tracker(db, "import", write_roster(tmp_path, many))
    pdf = tmp_path / "cards.pdf"
    result = tracker(db, "cards", "--site-url", SITE_URL, "--out", str(pdf))
    assert result.output == f"wrote {pdf}: 12 personal link(s); they are shown only in this file, keep it private\n"
    from pypdf import PdfReader

    reader = PdfReader(pdf)
    assert len(reader.pages) == 2  # ten cards per A4 sheet
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)
    text = "".join(page.extract_text() for page in reader.pages)
    assert "Nguyễn Văn An" in text and "Phường Ngọc Hà" in text and "Thẻ thành viên".upper() in text.upper()
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Noto-Sans" in fonts and " no " not in fonts.split("\n", 2)[2]  # embedded, subset, with Unicode maps
    links = qr_texts_in_pdf(pdf, tmp_path)
    assert len(links) == 12
    database = Database(normalize_db_url(db, Path(".")))
    with database.reading() as session:
        members = {member_for_token(session, link.split("#t=", 1)[1]).name for link in links}  # type: ignore[union-attr]
    database.dispose()
    assert all(link.startswith(SITE_URL + "ghi-danh/#t=") for link in links)
    assert len(members) == 12
    # A second run prints nothing new: every member already has a card.
    again = tracker(db, "cards", "--site-url", SITE_URL, "--out", str(tmp_path / "again.pdf"))
    assert again.output == ("12 member(s) already have a link and were skipped; --reissue replaces their links (old cards stop working)\n"
                            "nothing written\n")
    assert not (tmp_path / "again.pdf").exists()


def test_links_csv_reissue_and_revoke(db: str, tmp_path: Path) -> None:
    tracker(db, "import", write_roster(tmp_path, ROSTER))
    out = tmp_path / "links.csv"
    assert tracker(db, "links", "--commune", "00008", "--lang", "en", "--site-url", SITE_URL, "--out", str(out)).exit_code == 0
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0] == ["commune_name", "team_name", "member_name", "enrollment_link"]
    assert rows[1][:3] == ["Phường Ngọc Hà", "Tổ CNSCĐ tổ dân phố 7", "Lê Thị Dung"]
    assert rows[1][3].startswith(SITE_URL + "en/ghi-danh/#t=")
    unknown = tracker(db, "links", "--commune", "99999", "--out", str(out))
    assert (unknown.exit_code, unknown.output) == (2, "Error: unknown commune code(s): 99999; import a roster first (cnscd tracker import)\n")
    member_id = next(line.split("\t")[0] for line in tracker(db, "member", "list").output.splitlines() if "Lê Thị Dung" in line)
    assert tracker(db, "member", "revoke", member_id).output == "1 link(s) withdrawn\n"


def test_member_export_and_delete(db: str, tmp_path: Path) -> None:
    tracker(db, "import", write_roster(tmp_path, ROSTER))
    member_id = tracker(db, "member", "list").output.split("\t")[0]
    exported = json.loads(tracker(db, "member", "export", member_id).output)
    assert exported["member"]["name"] == "Nguyễn Văn An" and exported["attempts"] == []
    refused = tracker(db, "member", "delete", member_id, input="n\n")
    assert refused.exit_code == 1 and "Aborted" in refused.output
    assert tracker(db, "member", "delete", member_id, "--yes").output == f"member {member_id} deleted with all their data\n"
    gone = tracker(db, "member", "export", member_id)
    assert (gone.exit_code, gone.output) == (2, f"Error: no member '{member_id}'; see `cnscd tracker member list`\n")


def test_exports_xapi_csv_gift_and_moodle_xml(db: str, tmp_path: Path) -> None:
    from sqlalchemy import select

    from generator.library.loader import require_library
    from generator.settings import load_settings
    from generator.tracker.attempts import AnswerKeys, AttemptInput, record_attempt
    from generator.tracker.config import normalize_db_url
    from generator.tracker.db import Database
    from generator.tracker.members import issue_token, member_for_token
    from generator.tracker.tables import Member

    tracker(db, "import", write_roster(tmp_path, ROSTER))
    database = Database(normalize_db_url(db, Path(".")))
    library, _ = require_library(load_settings(LIBRARY))
    with database.writing() as session:
        token = issue_token(session, session.scalars(select(Member).filter_by(name="Trần Thị Bình")).one())
    with database.reading() as session:
        member = member_for_token(session, token)
    body = attempt_body()
    assert member is not None
    record_attempt(database, AnswerKeys(library), member.id, AttemptInput(body["id"], "khoa-man-hinh", quiz_hash("khoa-man-hinh"), body["answers"], "vi", None))
    database.dispose()

    xapi = tmp_path / "x.jsonl"
    assert tracker(db, "export", "xapi", "--site-url", SITE_URL, "--out", str(xapi)).exit_code == 0
    statement = json.loads(xapi.read_text(encoding="utf-8").splitlines()[0])
    assert statement["verb"]["id"] == "http://adlnet.gov/expapi/verbs/passed"
    assert statement["object"] == {"objectType": "Activity", "id": "urn:cnscd:lesson:khoa-man-hinh",
                                   "definition": {"type": "http://adlnet.gov/expapi/activities/assessment"}}
    assert statement["result"] == {"score": {"scaled": 1.0, "raw": 3, "min": 0, "max": 3}, "success": True, "completion": True}
    assert statement["actor"]["account"] == {"homePage": SITE_URL, "name": member.public_id}
    assert "Trần Thị Bình" not in xapi.read_text(encoding="utf-8")  # pseudonymous

    # A learning record store refuses a statement id sent again with other content: a lesson title
    # edited between two exports changes nothing, byte for byte.
    library_copy = tmp_path / "library"
    shutil.copytree(LIBRARY, library_copy)
    again = tmp_path / "again.jsonl"
    lesson_file = library_copy / "lessons" / "khoa-man-hinh.yaml"
    text = lesson_file.read_text(encoding="utf-8")
    title = re.search(r"^title: \{vi: \"([^\"]+)\"", text, re.M)
    assert title is not None
    lesson_file.write_text(text.replace(title[1], title[1] + " (sửa)", 1), encoding="utf-8")
    edited = cnscd("tracker", "export", "xapi", "--root", str(library_copy), "--db", db, "--site-url", SITE_URL, "--out", str(again))
    assert edited.exit_code == 0, edited.output
    assert again.read_bytes() == xapi.read_bytes()
    unknown_commune = tracker(db, "export", "csv", "--commune", "99999", "--out", str(tmp_path / "none.csv"))
    assert (unknown_commune.exit_code, unknown_commune.output) == (2, "Error: no commune/ward with code 99999 has been imported; "
                                                                      "see `cnscd tracker member list` for the codes in the database\n")
    assert not (tmp_path / "none.csv").exists()
    unnamed = tracker(db, "export", "xapi", "--out", str(tmp_path / "no-site.jsonl"))
    assert (unnamed.exit_code, unnamed.output) == (2, "Error: xAPI statements name the site they come from: give --site-url https://... "
                                                      "or set site_url in mkdocs.yml (the same one every time you export)\n")

    completion = tmp_path / "c.csv"
    tracker(db, "export", "csv", "--commune", "00004", "--out", str(completion))
    lines = completion.read_text(encoding="utf-8-sig").splitlines()
    assert lines[2] == "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ CNSCĐ tổ dân phố 1,Trần Thị Bình,passed,,1"

    gift = tmp_path / "q.gift"
    tracker(db, "export", "gift", "--out", str(gift))
    text = gift.read_text(encoding="utf-8")
    assert "$CATEGORY: $course$/top/cnscd/khoa-man-hinh" in text
    assert "::khoa-man-hinh/ma-tot::[markdown]Mã khóa nào an toàn nhất? {" in text
    assert "\t=%100%Sáu số ngẫu nhiên chỉ bạn biết" in text and "\tFALSE" in text and "\t~%50%Đặt khóa màn hình" in text
    assert "\t~%-100%Cài ứng dụng từ đường link lạ" in text

    moodle = tmp_path / "q.xml"
    tracker(db, "export", "moodle-xml", "--lang", "en", "--out", str(moodle))
    root = ET.parse(moodle).getroot()
    questions = [q for q in root if q.get("type") != "category"]
    assert [q.get("type") for q in questions[:3]] == ["multichoice", "truefalse", "multichoice"]
    assert questions[0].findtext("questiontext/text") == "<p>Which lock code is safest?</p>"
    assert [a.get("fraction") for a in questions[2].findall("answer")] == ["50", "50", "-100"]
    assert questions[2].findtext("single") == "false"


def test_the_commands_run_as_installed() -> None:
    result = run_cnscd("tracker", "--help")
    assert result.returncode == 0
    for command in ("serve", "import", "cards", "links", "trainer", "member", "export", "migrate"):
        assert f"\n  {command} " in result.stdout
    up = run_cnscd("up", "--help")
    assert up.returncode == 0 and "--demo" in up.stdout


@pytest.mark.parametrize("page", ["index.md", "index.en.md"])
def test_every_tracker_command_is_in_the_trainers_guide(page: str) -> None:
    import click

    from generator.cli.tracker import tracker as group
    from tests.kit import PROJECT_ROOT

    text = (PROJECT_ROOT / "docs" / "nguoi-huong-dan" / page).read_text(encoding="utf-8")
    missing = []
    for name, command in group.commands.items():
        names = [f"{name} {sub}" for sub in command.commands] if isinstance(command, click.Group) else [name]
        if name == "export":
            names = [f"export {kind}" for kind in ("xapi", "csv", "gift", "moodle-xml")]
        missing += [n for n in names if f"cnscd tracker {n}" not in text and f"`{n}`" not in text]
    assert missing == []
    assert "cnscd up --demo" in text


HEADER = "province_code,province_name,commune_code,commune_name,team_code,team_name,member_name,phone\n"


def test_an_unclosed_quote_is_refused_with_its_row(db: str, tmp_path: Path) -> None:
    text = (HEADER + "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,\"Nguyễn Văn An,\n"
            "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Trần Thị Bình,\n"
            "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Phạm Văn Chiến,\n")
    roster = write_roster(tmp_path, text)
    result = tracker(db, "import", roster)
    assert (result.exit_code, result.output) == (1, f'{roster}: row 2: a quote (") opened in this row is never closed; '
                                                    "remove it or close it\n1 problem(s); nothing was imported.\n")


@pytest.mark.parametrize(("name", "code"), [("Nguyễn\x00 Văn An", "U+0000"), ("\x1b[2JNguyễn Văn An", "U+001B")])
def test_nul_bytes_and_terminal_escapes_are_refused(db: str, tmp_path: Path, name: str, code: str) -> None:
    roster = write_roster(tmp_path, HEADER + f"01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,{name},\n")
    result = tracker(db, "import", roster)
    assert result.exit_code == 1
    assert f"row 2, column member_name: control character {code} in this cell" in result.output


def test_one_person_typed_three_ways_is_one_member(db: str, tmp_path: Path) -> None:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn An")
    text = (HEADER + "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Nguyễn Văn An,\n"
            f"01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,{decomposed},\n"
            "01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,Nguyễn Văn\u200b An,\n")
    result = tracker(db, "import", write_roster(tmp_path, text))
    assert result.exit_code == 1
    assert result.output.count("'Nguyễn Văn An' is already in team to-1") == 2


def test_a_mistyped_db_is_never_created_by_commands_that_only_read(tmp_path: Path) -> None:
    missing = tmp_path / "tracker-typo.db"
    for args in (["export", "csv", "--out", str(tmp_path / "x.csv")], ["links", "--out", str(tmp_path / "l.csv")], ["member", "list"],
                 ["trainer", "list"]):
        result = tracker(str(missing), *args)
        assert result.exit_code == 2, args
        assert result.output.startswith(f"Error: no tracker database at {missing}; check --db, or create it with "
                                        f"`cnscd tracker migrate --db {missing}`"), args
    assert not missing.exists()
    served = run_cnscd("tracker", "serve", "--root", str(LIBRARY), "--db", str(missing), "--port", "1")
    assert served.returncode == 2 and "no tracker database at" in served.stderr and not missing.exists()
    assert tracker(str(missing), "migrate").exit_code == 0 and missing.is_file()


def test_db_paths_that_cannot_be_a_database_get_a_message(tmp_path: Path) -> None:
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a database\n", encoding="utf-8")
    under_a_file = tracker(str(a_file / "tracker.db"), "migrate")
    assert (under_a_file.exit_code, under_a_file.output) == (2, f"Error: --db {a_file / 'tracker.db'}: {a_file} is a file, not a folder\n")
    not_sqlite = tracker(str(a_file), "member", "list")
    assert (not_sqlite.exit_code, not_sqlite.output) == (2, f"Error: --db {a_file} is not a SQLite database; check the path (a backup? a CSV?)\n")
    folder = tracker(str(tmp_path), "migrate")
    assert folder.exit_code == 2 and "is a folder" in folder.output


def test_a_relative_db_is_relative_to_the_current_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert cnscd("tracker", "migrate", "--root", str(LIBRARY), "--db", "here.db").exit_code == 0
    assert (tmp_path / "here.db").is_file() and not (LIBRARY / "here.db").exists()


@pytest.mark.parametrize(("password", "problem"), [
    (" " * 10, "the password must have at least 10 characters (spaces at the ends do not count)"),
    ("aaaaaaaaaaaa", "the password repeats a few characters; use several words, e.g. ca-phe-sua-da-buoi-sang"),
    ("abcabcabcabc", "the password repeats a few characters; use several words, e.g. ca-phe-sua-da-buoi-sang"),
    ("MatKhau12345", "this password is on the list of the most common ones; choose another, e.g. several words"),
    ("1234567890", "this password is on the list of the most common ones; choose another, e.g. several words"),
])
def test_weak_passwords_are_refused(db: str, password: str, problem: str) -> None:
    result = tracker(db, "trainer", "add", "chi-tu", "--unit", "00004", "--password-stdin", input=password + "\n")
    assert (result.exit_code, result.output) == (2, f"Error: {problem}\n")


def test_files_with_personal_data_follow_the_umask(db: str, tmp_path: Path) -> None:
    tracker(db, "import", write_roster(tmp_path, ROSTER))
    old = os.umask(0o077)
    try:
        assert tracker(db, "links", "--site-url", SITE_URL, "--out", str(tmp_path / "links.csv")).exit_code == 0
        assert tracker(db, "export", "csv", "--out", str(tmp_path / "done.csv")).exit_code == 0
        assert tracker(db, "member", "export", "1", "--out", str(tmp_path / "one.json")).exit_code == 0
    finally:
        os.umask(old)
    for name in ("links.csv", "done.csv", "one.json"):
        assert (tmp_path / name).stat().st_mode & 0o777 == 0o600, name


def test_a_very_long_name_fits_its_card_and_shows_it_was_cut(db: str, tmp_path: Path) -> None:
    from pypdf import PdfReader

    long_name = "Nguyễn Thị " + " ".join(["Phương"] * 27) + "A"  # 200 characters, the roster's limit
    assert len(long_name) == 200
    tracker(db, "import", write_roster(tmp_path, HEADER + f"01,Hà Nội,00004,Phường Ba Đình,to-1,Tổ 1,{long_name},\n"))
    pdf = tmp_path / "cards.pdf"
    assert tracker(db, "cards", "--site-url", SITE_URL, "--out", str(pdf)).exit_code == 0
    text = " ".join(PdfReader(pdf).pages[0].extract_text().split())
    assert long_name not in text  # never printed beyond the card...
    assert "Nguyễn Thị Phương Phương" in text and "…" in text  # ...but cut where the reader sees it
    assert "Tổ 1" in text and "Phường Ba Đình" in text  # the team and ward lines are still on the card
