"""The trainer dashboard over HTTP: login, isolation between trainers, CSRF, the grid, privacy actions."""

from __future__ import annotations

import csv as csv_module
import datetime as dt
import io
import re
from collections.abc import Iterator
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.kit import dashboard_login
from tests.tracker.conftest import Running
from tests.tracker.kit import WRONG, add_trainer, attempt_body, bearer, count_attempts

PASSWORD = "mat-khau-du-dai-1"


@pytest.fixture(scope="module")
def trainers(running: Running) -> Running:
    add_trainer(running.db_url, "ba-dinh", PASSWORD, ["00004"])
    add_trainer(running.db_url, "ngoc-ha", PASSWORD, ["00008"])
    add_trainer(running.db_url, "tinh", PASSWORD, ["01"])
    add_trainer(running.db_url, "admin", PASSWORD, [], admin=True)
    return running


def login(running: Running, username: str) -> tuple[httpx.Client, str]:
    return dashboard_login(running.url, username, PASSWORD)


@pytest.fixture
def ba_dinh(trainers: Running) -> Iterator[tuple[httpx.Client, str]]:
    client, csrf = login(trainers, "ba-dinh")
    yield client, csrf
    client.close()


def test_login_sets_a_session_cookie_that_scripts_cannot_read(trainers: Running) -> None:
    with httpx.Client(base_url=trainers.url, timeout=10) as client:
        form = client.get("quan-ly/dang-nhap")
        login_csrf = re.search(r'name="login_csrf" value="([^"]+)"', form.text)[1]  # type: ignore[index]
        wrong = client.post("quan-ly/dang-nhap", data={"username": "ba-dinh", "password": "sai-mat-khau-roi", "login_csrf": login_csrf})
        assert wrong.status_code == 401 and "Sai tên đăng nhập hoặc mật khẩu." in wrong.text
        right = client.post("quan-ly/dang-nhap", data={"username": "ba-dinh", "password": PASSWORD, "login_csrf": login_csrf})
        cookie = next(h for h in right.headers.get_list("set-cookie") if h.startswith("cnscd_session="))
        assert {"httponly", "samesite=lax", "path=/quan-ly"} <= {part.strip().lower() for part in cookie.split(";")}
        assert "Ba-Dinh" in client.get("quan-ly/").text


def test_pages_need_a_login(trainers: Running) -> None:
    for path in ("quan-ly/", "quan-ly/xuat.csv", f"quan-ly/thanh-vien/{trainers.seeded.member_ids['Nguyễn Văn An']}"):
        response = httpx.get(trainers.url + path, timeout=10)
        assert (response.status_code, response.headers["location"]) == (303, "/quan-ly/dang-nhap")


def test_a_trainer_sees_only_their_units_even_by_guessing_urls(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, csrf = ba_dinh
    page = client.get("quan-ly/").text
    assert "Tổ CNSCĐ tổ dân phố 1" in page and "Tổ CNSCĐ tổ dân phố 2" in page
    assert "Ngọc Hà" not in page and "Tổ CNSCĐ tổ dân phố 7" not in page
    dung = trainers.seeded.member_ids["Lê Thị Dung"]
    for path in ("quan-ly/?commune=00008", f"quan-ly/thanh-vien/{dung}", f"quan-ly/thanh-vien/{dung}/du-lieu.json",
                 "quan-ly/xuat.csv?commune=00008", "quan-ly/thanh-vien/999999"):
        response = client.get(path)
        assert response.status_code == 404, path
        assert "Lê Thị Dung" not in response.text
    for action in ("thu-hoi", "lien-ket-moi", "xoa"):
        response = client.post(f"quan-ly/thanh-vien/{dung}/{action}", data={"csrf": csrf, "confirm": "yes"})
        assert response.status_code == 404, action
    assert httpx.get(trainers.url + "api/me", headers=bearer(trainers.seeded.tokens["Lê Thị Dung"]), timeout=10).status_code == 200
    csv = client.get("quan-ly/xuat.csv").text
    assert "Nguyễn Văn An" in csv and "Lê Thị Dung" not in csv


def test_a_member_id_beyond_the_database_integers_is_not_found(ba_dinh: tuple[httpx.Client, str]) -> None:
    client, csrf = ba_dinh
    huge = 2**63 + 5
    for path in (f"quan-ly/thanh-vien/{huge}", f"quan-ly/thanh-vien/{huge}/du-lieu.json", f"quan-ly/thanh-vien/{2**64 * 10}"):
        assert client.get(path).status_code == 404, path
    assert client.post(f"quan-ly/thanh-vien/{huge}/thu-hoi", data={"csrf": csrf}).status_code == 404


def test_a_team_of_another_commune_is_not_found(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, _ = ba_dinh
    ngoc_ha, _ = login(trainers, "ngoc-ha")
    team_id = re.search(r'team=(\d+)"', ngoc_ha.get("quan-ly/").text)[1]  # type: ignore[index]
    assert "Lê Thị Dung" in ngoc_ha.get(f"quan-ly/?commune=00008&team={team_id}").text
    ngoc_ha.close()
    assert client.get(f"quan-ly/?commune=00004&team={team_id}").status_code == 404


def test_province_and_admin_scopes(trainers: Running) -> None:
    for username in ("tinh", "admin"):
        client, _ = login(trainers, username)
        page = client.get("quan-ly/").text
        client.close()
        assert "Phường Ba Đình" in page and "Phường Ngọc Hà" in page, username


def test_the_grid_shows_each_cell_with_a_symbol_and_counts(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, _ = ba_dinh
    binh = trainers.seeded.tokens["Trần Thị Bình"]
    assert httpx.post(trainers.url + "api/attempts", json=attempt_body(), headers=bearer(binh), timeout=10).status_code == 201
    an = trainers.seeded.tokens["Nguyễn Văn An"]
    httpx.post(trainers.url + "api/attempts", json=attempt_body(lesson="nhan-dien-lua-dao", answers=WRONG), headers=bearer(an), timeout=10)
    page = client.get("quan-ly/?commune=00004").text
    row = page.split("Tổ CNSCĐ tổ dân phố 1</a>", 1)[1].split("</tr>", 1)[0]
    cells = re.findall(r'<td class="cell s-(\w+)" title="[^"]*"><a href="/quan-ly/bai-hoc/[a-z-]+\?commune=00004&amp;team=\d+">'
                       r'<span class="sym" aria-hidden="true">(.)</span> <span class="count" aria-hidden="true">(\d+/\d+)</span>', row)
    # Lesson 1: Bình passed (1 of 2, ◐); lesson 2: An tried without passing (✗).
    assert [(state, symbol) for state, symbol, _ in cells] == [("some", "◐"), ("tried", "✗")]
    assert [count for *_, count in cells] == ["1/2", "0/2"]
    team = re.search(r'commune=00004&amp;team=(\d+)">Tổ CNSCĐ tổ dân phố 1', page)[1]  # type: ignore[index]
    members = client.get(f"quan-ly/?commune=00004&team={team}").text
    binh_row = members.split("Trần Thị Bình</a>", 1)[1].split("</tr>", 1)[0]
    assert re.findall(r'class="cell s-(\w+)"', binh_row) == ["done", "none"]
    assert "Đã đạt" in binh_row and "Chưa làm" in binh_row


def test_csrf_tokens_are_required(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, csrf = ba_dinh
    an = trainers.seeded.member_ids["Nguyễn Văn An"]
    assert client.post("quan-ly/dang-xuat", data={}).status_code == 403
    assert client.post("quan-ly/dang-xuat", data={"csrf": "doan-bua"}).status_code == 403
    assert client.post(f"quan-ly/thanh-vien/{an}/thu-hoi", data={"csrf": csrf}, headers={"Origin": "https://evil.example"}).status_code == 403
    assert client.post(f"quan-ly/thanh-vien/{an}/xoa", data={"confirm": "yes"}).status_code == 403
    assert "Nguyễn Văn An" in client.get(f"quan-ly/thanh-vien/{an}").text  # still there, still logged in
    with httpx.Client(base_url=trainers.url, timeout=10) as fresh:
        no_cookie = fresh.post("quan-ly/dang-nhap", data={"username": "ba-dinh", "password": PASSWORD, "login_csrf": "x"})
        assert no_cookie.status_code == 403


def test_a_new_link_is_shown_once_and_replaces_the_old_one(trainers: Running) -> None:
    client, csrf = login(trainers, "ngoc-ha")
    dung = trainers.seeded.member_ids["Lê Thị Dung"]
    old = trainers.seeded.tokens["Lê Thị Dung"]
    # One tap changes nothing: the member page's button leads to a choice, and replacing needs its box ticked.
    assert f'href="/quan-ly/thanh-vien/{dung}/lien-ket-moi"' in client.get(f"quan-ly/thanh-vien/{dung}").text
    choice = client.get(f"quan-ly/thanh-vien/{dung}/lien-ket-moi").text
    assert "In lại thẻ bị mất" in choice and 'name="confirm" value="yes" required' in choice
    unticked = client.post(f"quan-ly/thanh-vien/{dung}/lien-ket-moi", data={"csrf": csrf, "mode": "replace"})
    assert unticked.status_code == 303 and unticked.headers["location"].endswith("/lien-ket-moi")
    assert httpx.get(trainers.url + "api/me", headers=bearer(old), timeout=10).status_code == 200
    page = client.post(f"quan-ly/thanh-vien/{dung}/lien-ket-moi", data={"csrf": csrf, "mode": "replace", "confirm": "yes"})
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "Liên kết cũ đã bị khóa." in page.text
    link = re.search(r"(http://127\.0\.0\.1:\d+/ghi-danh/#t=[A-Za-z0-9_-]+)", page.text)[1]  # type: ignore[index]
    new = link.split("#t=", 1)[1]
    assert "<svg" in page.text
    assert httpx.get(trainers.url + "api/me", headers=bearer(new), timeout=10).status_code == 200
    assert httpx.get(trainers.url + "api/me", headers=bearer(old), timeout=10).json()["error"]["code"] == "token_revoked"
    assert new not in client.get(f"quan-ly/thanh-vien/{dung}").text
    trainers.seeded.tokens["Lê Thị Dung"] = new
    client.close()


def test_export_and_delete_one_member(trainers: Running) -> None:
    client, csrf = login(trainers, "admin")
    chien = trainers.seeded.member_ids["Phạm Văn Chiến"]
    httpx.post(trainers.url + "api/attempts", json=attempt_body(), headers=bearer(trainers.seeded.tokens["Phạm Văn Chiến"]), timeout=10)
    data = client.get(f"quan-ly/thanh-vien/{chien}/du-lieu.json")
    assert data.headers["content-disposition"].startswith('attachment; filename="thanh-vien-')
    assert data.json()["member"]["name"] == "Phạm Văn Chiến" and len(data.json()["attempts"]) >= 1
    unconfirmed = client.post(f"quan-ly/thanh-vien/{chien}/xoa", data={"csrf": csrf})
    assert unconfirmed.status_code == 303 and client.get(f"quan-ly/thanh-vien/{chien}").status_code == 200
    deleted = client.post(f"quan-ly/thanh-vien/{chien}/xoa", data={"csrf": csrf, "confirm": "yes"})
    assert deleted.status_code == 200 and "Đã xóa thành viên" in deleted.text
    assert client.get(f"quan-ly/thanh-vien/{chien}").status_code == 404
    assert count_attempts(trainers.db_url, member_id=chien) == 0
    assert httpx.get(trainers.url + "api/me", headers=bearer(trainers.seeded.tokens["Phạm Văn Chiến"]), timeout=10).status_code == 401
    client.close()


def test_csv_export_and_language_switch(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, csrf = ba_dinh
    readable = client.get("quan-ly/xuat.csv?commune=00004")
    assert readable.headers["content-type"] == "text/csv; charset=utf-8"
    rows = list(csv_module.reader(io.StringIO(readable.text.lstrip("\ufeff"))))
    assert rows[0] == ["Xã/phường", "Tổ", "Thành viên", "Bài học", "Kết quả", "Điểm cao nhất", "Số lần làm", "Lần cuối"]
    binh = [row for row in rows if row[2] == "Trần Thị Bình"]
    assert [row[3:7] for row in binh] == [["1. Đặt khóa màn hình điện thoại", "Đã đạt", "100%", "1"],
                                          ["2. Nhận diện cuộc gọi lừa đảo", "Chưa làm", "", "0"]]
    assert re.fullmatch(r"\d\d/\d\d/20\d\d \d\d:\d\d", binh[0][7]) and binh[1][7] == ""
    csv = client.get("quan-ly/xuat.csv?commune=00004&dang=may")  # the machine-readable option
    assert 'filename="tien-do-may-00004.csv"' in csv.headers["content-disposition"]
    lines = csv.text.lstrip("\ufeff").splitlines()
    assert lines[0] == ("province_code,province_name,commune_code,commune_name,team_code,team_name,member_name,"
                        "khoa-man-hinh,nhan-dien-lua-dao,lessons_passed")
    assert any(line.endswith("Trần Thị Bình,passed,,1") for line in lines)
    switched = client.post("quan-ly/ngon-ngu", data={"csrf": csrf, "lang": "en", "back": "/quan-ly/"})
    assert switched.status_code == 303
    assert "Team learning dashboard" in client.get("quan-ly/").text
    out = client.post("quan-ly/dang-xuat", data={"csrf": csrf})
    assert (out.status_code, client.get("quan-ly/").status_code) == (303, 303)


def test_a_lost_card_is_reprinted_without_breaking_the_enrolled_phone(trainers: Running) -> None:
    client, csrf = login(trainers, "ba-dinh")
    an = trainers.seeded.member_ids["Nguyễn Văn An"]
    phone = trainers.seeded.tokens["Nguyễn Văn An"]
    page = client.post(f"quan-ly/thanh-vien/{an}/lien-ket-moi", data={"csrf": csrf, "mode": "reprint"})
    assert page.status_code == 200 and "Liên kết cũ vẫn hoạt động." in page.text and "<svg" in page.text
    card = re.search(r"/ghi-danh/#t=([A-Za-z0-9_-]+)", page.text)[1]  # type: ignore[index]
    assert httpx.get(trainers.url + "api/me", headers=bearer(phone), timeout=10).status_code == 200  # the phone goes on
    assert httpx.get(trainers.url + "api/me", headers=bearer(card), timeout=10).status_code == 200  # and the new card works
    client.close()


def test_the_by_lesson_page_answers_who_is_not_ready(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, _ = ba_dinh
    tokens = trainers.seeded.tokens
    assert httpx.post(trainers.url + "api/attempts", json=attempt_body(), headers=bearer(tokens["Trần Thị Bình"]), timeout=10).status_code in (200, 201)
    httpx.post(trainers.url + "api/attempts", json=attempt_body(answers=WRONG), headers=bearer(tokens["Nguyễn Văn An"]), timeout=10)
    overview = client.get("quan-ly/?commune=00004").text
    assert 'href="/quan-ly/bai-hoc/khoa-man-hinh?commune=00004"' in overview  # column headers and the lesson list link to it
    page = client.get("quan-ly/bai-hoc/khoa-man-hinh?commune=00004")
    assert page.status_code == 200
    html = page.text
    assert "<h1>1. Đặt khóa màn hình điện thoại</h1>" in html

    def group(state: str) -> list[str]:
        section = html.split(f'class="group group-{state}"', 1)[1].split("</section>", 1)[0]
        return re.findall(r'<a href="/quan-ly/thanh-vien/\d+">([^<]+)</a>', section)

    assert "Trần Thị Bình" in group("done") and "Trần Thị Bình" not in group("tried") + group("none")
    assert "Nguyễn Văn An" in group("tried") + group("done")
    for name in group("tried"):
        assert name not in group("none")
    assert "Lê Thị Dung" not in html  # another commune's member: never shown
    assert client.get("quan-ly/bai-hoc/khong-co-bai-nay").status_code == 404
    assert client.get("quan-ly/bai-hoc/khoa-man-hinh?commune=00008").status_code == 404


def test_times_are_shown_in_vietnam_time(trainers: Running, ba_dinh: tuple[httpx.Client, str]) -> None:
    client, _ = ba_dinh
    binh = trainers.seeded.member_ids["Trần Thị Bình"]
    httpx.post(trainers.url + "api/attempts", json=attempt_body(), headers=bearer(trainers.seeded.tokens["Trần Thị Bình"]), timeout=10)
    page = client.get(f"quan-ly/thanh-vien/{binh}").text
    assert " UTC" not in page and "Giờ Việt Nam (UTC+7)." in page
    shown = re.findall(r"(\d\d/\d\d/20\d\d \d\d:\d\d)", page)
    now_vn = dt.datetime.now(ZoneInfo("Asia/Ho_Chi_Minh"))
    assert shown and any(abs((dt.datetime.strptime(s, "%d/%m/%Y %H:%M").replace(tzinfo=now_vn.tzinfo) - now_vn).total_seconds()) < 600
                         for s in shown)
