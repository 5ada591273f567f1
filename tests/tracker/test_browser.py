"""The whole loop in Chromium: a member card's link, a quiz on the site, the attempt on the dashboard.

The site is built from the tracker's test library with `cnscd build` and served by
`cnscd tracker serve --site`, as `cnscd up` does; the enrollment link is read from the QR
code of a printed member card.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.kit import PROJECT_ROOT, free_port, qr_texts_in_pdf, run_cnscd
from tests.sitekit import copy_project
from tests.tracker.kit import LIBRARY, ROSTER, Tracker, add_trainer, count_attempts

PASSWORD = "mat-khau-du-dai-1"
LESSON = "khoa-man-hinh"


@dataclass
class Loop:
    tracker: Tracker
    db: str
    site: Path
    links: dict[str, str]  # member name -> enrollment link from their card

    @property
    def url(self) -> str:
        return self.tracker.url


@pytest.fixture(scope="module")
def loop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Loop]:
    folder = tmp_path_factory.mktemp("loop")
    project = copy_project(folder / "project", LIBRARY)
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    site = folder / "site"
    built = run_cnscd("build", "--root", str(project), "--out", str(site), "--site-url", url, "--no-print", "--no-bundle")
    assert built.returncode == 0, built.stderr
    db = str(folder / "tracker.db")
    roster = folder / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert run_cnscd("tracker", "import", "--root", str(project), "--db", db, str(roster)).returncode == 0
    cards = folder / "cards.pdf"
    printed = run_cnscd("tracker", "cards", "--root", str(project), "--db", db, "--site-url", url, "--out", str(cards))
    assert printed.returncode == 0, printed.stderr
    add_trainer(db, "ba-dinh", PASSWORD, ["00004"])
    names = re.findall(r"^\d+\t\d+\t[^\t]+\t(.+)$", run_cnscd("tracker", "member", "list", "--root", str(project), "--db", db).stdout, re.M)
    links = qr_texts_in_pdf(cards, folder)  # cards are printed in the same order as the member list
    tracker = Tracker(db, folder / "server.log", site_dir=site, root=project, port=port).start()
    try:
        yield Loop(tracker, db, site, dict(zip(names, links, strict=True)))
    finally:
        tracker.stop()


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    # Playwright's wait_for_function evaluates strings, which the site's policy rightly forbids;
    # the policy itself is tested in a context of its own (test_..._within_its_policy).
    context = chromium.new_context(viewport={"width": 400, "height": 850}, locale="vi-VN", bypass_csp=True)
    yield context
    context.close()


@pytest.fixture
def strict_context(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(viewport={"width": 400, "height": 850}, locale="vi-VN")
    yield context
    context.close()


def right_answers(loop: Loop, lesson: str = LESSON) -> list[list[int]]:
    quiz = json.loads((loop.site / "assets" / "quizzes" / f"{lesson}.json").read_text(encoding="utf-8"))
    return [question["correct"] for question in quiz["questions"]]


def enroll(page: Any, link: str, name: str) -> None:
    page.goto(link)
    page.wait_for_function("n => document.querySelector('.cnscd-enroll__message')?.textContent.includes(n)", arg=name)


def answer(page: Any, answers: list[list[int]]) -> None:
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    for fieldset, chosen in zip(page.query_selector_all(".cnscd-q"), answers, strict=True):
        for index in chosen:
            fieldset.query_selector_all("input")[index].check()
    page.click(".cnscd-quiz button[type=submit]")


def test_card_link_quiz_and_dashboard(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Nguyễn Văn An"], "Nguyễn Văn An")
    assert page.url == loop.url + "ghi-danh/"  # the token left the address bar
    assert "Tổ CNSCĐ tổ dân phố 1" in page.inner_text(".cnscd-enroll")

    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    answer(page, right_answers(loop))
    result = page.inner_text(".cnscd-quiz__result")
    assert "Bạn trả lời đúng 3/3 câu (100%)." in result and "Đạt!" in result
    # The result box itself says where the result went (not only a line eight screens above).
    page.wait_for_function("document.querySelector('.cnscd-quiz__delivery')?.textContent.includes('Đã gửi')")
    assert page.inner_text(".cnscd-quiz__result .cnscd-quiz__delivery") == "✓ Đã gửi kết quả cho tổ: 100%, đạt."
    page.wait_for_function("document.querySelector('.cnscd-status__last')?.textContent.includes('100%')")
    assert page.inner_text(".cnscd-status__last") == "Đã ghi nhận kết quả bài này: 100%, đạt."
    assert count_attempts(loop.db, lesson_id=LESSON) == 1

    dashboard = context.new_page()
    dashboard.set_viewport_size({"width": 1280, "height": 800})
    dashboard.goto(loop.url + "quan-ly/")
    dashboard.fill("#username", "ba-dinh")
    dashboard.fill("#password", PASSWORD)
    dashboard.click("button[type=submit]")
    dashboard.click("table.grid a:has-text(\"Tổ CNSCĐ tổ dân phố 1\")")
    row = dashboard.locator("tr", has=dashboard.locator("a", has_text="Nguyễn Văn An"))
    first_cell = row.locator("td").first
    assert first_cell.get_attribute("class") == "cell s-done"
    assert first_cell.inner_text().startswith("✓")
    assert "Đã đạt" in first_cell.get_attribute("title")


def test_offline_attempt_is_sent_once_when_back_online(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Trần Thị Bình"], "Trần Thị Bình")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    before = count_attempts(loop.db)
    context.set_offline(True)
    answer(page, right_answers(loop))
    page.wait_for_selector(".cnscd-status__pending:not([hidden])")
    assert "Kết quả đang chờ gửi: 1." in page.inner_text(".cnscd-status__pending")
    page.wait_for_function("document.querySelector('.cnscd-quiz__delivery')?.textContent.includes('Đã lưu')")
    assert page.inner_text(".cnscd-quiz__result .cnscd-quiz__delivery") == (
        "Đã lưu kết quả trên điện thoại này. Máy sẽ tự gửi cho tổ khi có mạng.")  # future tense while offline
    page.click(".cnscd-quiz .cnscd-status button")  # "Gửi ngay" while offline answers
    page.wait_for_function("document.querySelector('.cnscd-status__answer')?.textContent.includes('Chưa gửi được')")
    assert page.inner_text(".cnscd-status__answer").startswith("Chưa gửi được vì chưa có mạng.")
    assert count_attempts(loop.db) == before
    queued = page.evaluate("JSON.parse(localStorage.getItem('cnscd.outbox.attempts'))")
    assert len(queued) == 1 and queued[0]["body"]["lesson"] == LESSON

    context.set_offline(False)  # the 'online' event sends the queue
    page.wait_for_selector(".cnscd-status__pending", state="hidden")
    page.wait_for_function("document.querySelector('.cnscd-quiz__delivery')?.textContent.includes('Đã gửi')")
    assert page.locator(".cnscd-status__answer").is_hidden()
    assert count_attempts(loop.db) == before + 1
    assert count_attempts(loop.db, client_id=queued[0]["id"]) == 1
    page.reload()
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    assert page.evaluate("JSON.parse(localStorage.getItem('cnscd.outbox.attempts'))") == []
    assert count_attempts(loop.db) == before + 1


def test_a_lost_answer_is_retried_without_a_duplicate(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Phạm Văn Chiến"], "Phạm Văn Chiến")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    before = count_attempts(loop.db)
    reached = []

    def lose_the_answer(route: Any) -> None:
        route.fetch()  # the tracker stores the attempt...
        reached.append(True)
        route.abort()  # ...but the phone never hears back

    page.route("**/api/attempts", lose_the_answer)
    with page.expect_event("requestfailed"):
        answer(page, right_answers(loop))
    page.wait_for_selector(".cnscd-status__pending:not([hidden])")
    assert reached and count_attempts(loop.db) == before + 1
    page.unroute("**/api/attempts")
    page.click(".cnscd-quiz .cnscd-status button")  # "Gửi ngay"
    page.wait_for_selector(".cnscd-status__pending", state="hidden")
    assert count_attempts(loop.db) == before + 1


OUTBOX = "JSON.parse(localStorage.getItem('cnscd.outbox.attempts') || '[]')"


def queued_ids(page: Any) -> list[str]:
    return [item["id"] for item in page.evaluate(OUTBOX)]


def test_an_attempt_the_server_fails_on_does_not_hold_back_the_next(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Trần Thị Bình"], "Trần Thị Bình")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    broken: list[str] = []

    def fail_the_first(route: Any) -> None:
        attempt = json.loads(route.request.post_data)
        if not broken or attempt["id"] == broken[0]:
            broken[:1] = [attempt["id"]]
            route.fulfill(status=500, content_type="application/json",
                          body=json.dumps({"error": {"status": 500, "code": "internal_error", "message": "HTTP 500"}}))
        else:
            route.continue_()

    page.route("**/api/attempts", fail_the_first)
    answer(page, right_answers(loop))
    page.wait_for_selector(".cnscd-status__why:not([hidden])")
    assert "Hệ thống đang gặp sự cố" in page.inner_text(".cnscd-status__why")
    page.click(".cnscd-quiz button:has-text('Làm lại')")
    before = count_attempts(loop.db)
    answer(page, right_answers(loop))  # the second attempt is sent although the first keeps failing
    page.wait_for_function(f"{OUTBOX}.length === 1 && document.querySelector('.cnscd-status__last')?.textContent.includes('100%')")
    assert count_attempts(loop.db) == before + 1
    assert queued_ids(page) == broken[:1]
    assert page.inner_text(".cnscd-status__pending") == "Kết quả đang chờ gửi: 1."

    page.unroute("**/api/attempts")
    page.click(".cnscd-quiz .cnscd-status button:has-text('Gửi ngay')")
    page.wait_for_selector(".cnscd-status__pending", state="hidden")
    assert count_attempts(loop.db, client_id=broken[0]) == 1


def test_a_401_keeps_the_attempts_and_says_why(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Lê Thị Dung"], "Lê Thị Dung")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    unknown = json.dumps({"error": {"status": 401, "code": "token_invalid", "message": "this token is not known"}})
    page.route("**/api/attempts", lambda route: route.fulfill(status=401, content_type="application/json", body=unknown))
    answer(page, right_answers(loop))
    page.wait_for_selector(".cnscd-status__why:not([hidden])")
    assert "Hệ thống chưa nhận ra ghi danh trên máy này (this token is not known)" in page.inner_text(".cnscd-status__why")
    page.reload()  # still there after a reload, and the enrollment is kept
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    page.wait_for_selector(".cnscd-status__why:not([hidden])")
    (kept,) = queued_ids(page)
    assert page.evaluate("localStorage.getItem('cnscd.token')") is not None

    page.unroute("**/api/attempts")  # the tracker knows the member again (database restored)
    page.click(".cnscd-quiz .cnscd-status button:has-text('Gửi ngay')")
    page.wait_for_selector(".cnscd-status__pending", state="hidden")
    assert count_attempts(loop.db, client_id=kept) == 1


def test_a_refused_attempt_is_dropped_and_shown(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Nguyễn Văn An"], "Nguyễn Văn An")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    changed = json.dumps({"error": {"status": 409, "code": "quiz_changed", "message": "the quiz changed"}})
    page.route("**/api/attempts", lambda route: route.fulfill(status=409, content_type="application/json", body=changed))
    answer(page, right_answers(loop))
    page.wait_for_selector(".cnscd-status__notice:not([hidden])")
    assert "Bài kiểm tra đã được cập nhật sau khi bạn làm" in page.inner_text(".cnscd-status__notice")
    assert queued_ids(page) == []
    page.click(".cnscd-quiz button:has-text('Đã hiểu')")
    page.wait_for_selector(".cnscd-status__notice", state="hidden")


def test_without_enrollment_quizzes_are_practice(loop: Loop, context: Any) -> None:
    page = context.new_page()
    posts: list[str] = []
    page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    assert page.inner_text(".cnscd-status__mode").startswith("Chế độ luyện tập: kết quả không được ghi nhận.")
    before = count_attempts(loop.db)
    answer(page, [[0 if 0 not in right else 1] for right in right_answers(loop)])  # all wrong
    assert "Chưa đạt (cần 80%)" in page.inner_text(".cnscd-quiz__result")
    assert page.locator(".cnscd-q--wrong").count() == 3
    assert "Đáp án đúng:" in page.inner_text(".cnscd-q >> nth=0")
    assert posts == [] and count_attempts(loop.db) == before


def test_the_quiz_works_by_keyboard_and_speaks_its_result(loop: Loop, context: Any) -> None:
    page = context.new_page()
    page.goto(loop.url + f"en/bai-hoc/{LESSON}/")
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    assert page.locator(".cnscd-q").count() == page.locator(".cnscd-q > legend").count() == 3
    assert page.get_attribute(".cnscd-quiz__result", "aria-live") == "polite"
    assert page.locator(".cnscd-quiz button[type=submit]").inner_text() == "Check my answers"
    page.focus(".cnscd-q input >> nth=0")
    for _ in range(40):  # Space picks the focused option, Tab moves on; Enter on the button submits
        active = page.evaluate("[document.activeElement.tagName, document.activeElement.type]")
        if active == ["BUTTON", "submit"]:
            break
        if active[0] == "INPUT":
            page.keyboard.press("Space")
        page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.classList.contains('cnscd-quiz__result')")
    assert re.match(r"You got \d of 3 right \(\d+%\)\.", page.inner_text(".cnscd-quiz__score"))
    assert page.locator(".cnscd-q__feedback:not([hidden])").count() == 3


def test_a_bad_enrollment_link_says_so(loop: Loop, context: Any) -> None:
    page = context.new_page()
    page.goto(loop.url + "ghi-danh/#t=AAAAAAAAAAAAAAAAAAAAAA")
    page.wait_for_function("document.querySelector('.cnscd-enroll__message')?.textContent.includes('không hợp lệ')")
    assert page.url == loop.url + "ghi-danh/"
    assert page.evaluate("localStorage.getItem('cnscd.token')") is None


def test_no_personal_data_in_the_server_log(loop: Loop) -> None:
    log = loop.tracker.log()
    assert "POST /api/attempts" in log
    for name, link in loop.links.items():
        assert name not in log and link.split("#t=")[1] not in log


def test_the_phone_shows_the_trackers_figure_after_sending(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Nguyễn Văn An"], "Nguyễn Văn An")
    page.goto(loop.url + f"bai-hoc/{LESSON}/")

    def tracker_says_two_of_three(route: Any) -> None:  # the server's word wins over the phone's own count
        response = route.fetch()
        body = response.json()
        body.update(correct=2, total=3, percent=67, passed=False)
        route.fulfill(response=response, json=body)

    page.route("**/api/attempts", tracker_says_two_of_three)
    answer(page, right_answers(loop))
    page.wait_for_function("document.querySelector('.cnscd-quiz__delivery')?.textContent.includes('Đã gửi')")
    assert page.inner_text(".cnscd-quiz__delivery") == "✓ Đã gửi kết quả cho tổ: 67%, chưa đạt."
    assert page.inner_text(".cnscd-quiz__score") == "Bạn trả lời đúng 2/3 câu (67%)."


def test_the_phone_rounds_halves_as_the_tracker_does(loop: Loop, context: Any) -> None:
    from generator.library.grading import percent_half_up

    source = (PROJECT_ROOT / "generator" / "site" / "assets" / "quiz.js").read_text(encoding="utf-8")
    function = re.search(r"function percentHalfUp\(correct, total\) \{.*?\}\n", source, re.S)
    assert function, "quiz.js lost percentHalfUp"
    page = context.new_page()
    pairs = [(c, t) for t in range(1, 41) for c in range(t + 1)]
    phone = page.evaluate(f"pairs => {{ {function.group(0)}; return pairs.map(p => percentHalfUp(p[0], p[1])); }}", pairs)
    assert phone == [percent_half_up(c, t) for c, t in pairs]
    assert percent_half_up(1, 8) == 13 and percent_half_up(3, 8) == 38 and percent_half_up(1, 3) == 33


def test_the_enrollment_page_names_the_next_lesson_and_asks_before_removing(loop: Loop, context: Any) -> None:
    page = context.new_page()
    enroll(page, loop.links["Phạm Văn Chiến"], "Phạm Văn Chiến")
    path = [(LESSON, "Đặt khóa màn hình điện thoại"), ("nhan-dien-lua-dao", "Nhận diện cuộc gọi lừa đảo")]
    token = loop.links["Phạm Văn Chiến"].split("#t=", 1)[1]
    me = httpx.get(loop.url + "api/me", headers={"Authorization": f"Bearer {token}"}, timeout=10).json()
    passed = {p["lesson"] for p in me["progress"] if p["passed"]}
    assert "Đã đạt 0" not in page.inner_text(".cnscd-enroll")
    for lesson, title in [step for step in path if step[0] not in passed]:  # the page leads through the path
        page.wait_for_function("t => document.querySelector('.cnscd-enroll__next')?.textContent.endsWith(t)", arg=title)
        assert page.inner_text(".cnscd-enroll__next") == f"Bài nên học tiếp: {title}"
        page.click(".cnscd-enroll__next a")
        assert page.url == loop.url + f"bai-hoc/{lesson}/"
        answer(page, right_answers(loop, lesson))
        page.wait_for_function("document.querySelector('.cnscd-quiz__delivery')?.textContent.includes('Đã gửi')")
        passed.add(lesson)
        page.goto(loop.url + "ghi-danh/")
        page.wait_for_function("n => document.querySelector('.cnscd-enroll__progress')?.textContent === n",
                               arg=f"Đã đạt {len(passed)}/2 bài.")
    page.wait_for_function("document.querySelector('.cnscd-enroll__next')?.textContent.includes('tất cả')")
    assert page.inner_text(".cnscd-enroll__next") == "Bà con đã đạt tất cả 2 bài. Xin chúc mừng!"

    forget = page.locator("button:has-text('Hủy ghi danh')")
    assert "cnscd-button" not in (forget.get_attribute("class") or "")  # less weight than "Về trang chủ"
    home = page.locator("a:has-text('Về trang chủ')").bounding_box()
    assert forget.bounding_box()["y"] > home["y"] + home["height"]  # below it, not beside it
    asked: list[str] = []
    page.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.dismiss()))
    forget.click()
    assert asked and asked[0].startswith("Hủy ghi danh trên máy này?")
    assert page.evaluate("localStorage.getItem('cnscd.token')") is not None  # "Hủy" in the dialog keeps it
    page.once("dialog", lambda dialog: dialog.accept())
    forget.click()
    page.wait_for_function("document.querySelector('.cnscd-enroll__message')?.textContent.includes('Đã hủy')")
    assert page.evaluate("localStorage.getItem('cnscd.token')") is None


def dashboard_pages(loop: Loop, context: Any) -> tuple[Any, list[str]]:
    """A logged-in dashboard tab and the address of every kind of dashboard page."""
    page = context.new_page()
    page.goto(loop.url + "quan-ly/")
    page.fill("#username", "ba-dinh")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(loop.url + "quan-ly/")
    team = page.get_attribute("table.grid a:has-text(\"Tổ CNSCĐ tổ dân phố 1\")", "href")
    page.goto(loop.url + team.lstrip("/"))
    member = page.get_attribute("table.grid th a:has-text(\"Nguyễn Văn An\")", "href")
    paths = ["quan-ly/", team.lstrip("/"), member.lstrip("/"), member.lstrip("/") + "/lien-ket-moi",
             f"quan-ly/bai-hoc/{LESSON}?commune=00004", "quan-ly/bai-hoc/nhan-dien-lua-dao"]
    return page, [loop.url + path for path in paths]


def test_every_dashboard_page_fits_a_phone_and_a_laptop(loop: Loop, context: Any) -> None:
    page, urls = dashboard_pages(loop, context)
    for width, height in ((360, 640), (1280, 800)):
        page.set_viewport_size({"width": width, "height": height})
        for url in urls:
            page.goto(url)
            assert page.locator("h1").count() == 1, url  # every page says what it is
            overflow = page.evaluate("document.documentElement.scrollWidth")
            assert overflow <= width, f"{url} is {overflow} px wide at {width} px"
    # At 360 px the member grid is a stack of cards: every lesson readable by name, each a link.
    page.set_viewport_size({"width": 360, "height": 640})
    page.goto(urls[1])
    card = page.locator("table.grid tbody tr").first
    cells = card.locator("td.cell a")
    assert cells.count() == 2
    for i in range(cells.count()):
        box = cells.nth(i).bounding_box()
        assert box["width"] > 250 and box["height"] >= 40  # full width, a finger-sized target
    assert "1. Đặt khóa màn hình điện thoại" in cells.nth(0).inner_text()
    cells.nth(0).click()
    assert "/quan-ly/thanh-vien/" in page.url and page.locator("h1").count() == 1


def test_the_lesson_page_arrives_compressed_cacheable_and_within_its_policy(loop: Loop, strict_context: Any) -> None:
    page = strict_context.new_page()
    page.add_init_script("window.__violations = [];"
                         "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
                         "e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile + ':' + e.lineNumber));")
    responses: dict[str, Any] = {}
    page.on("response", lambda response: responses.setdefault(response.url, response))
    page.goto(loop.url + f"bai-hoc/{LESSON}/")
    page.wait_for_selector(".cnscd-quiz[data-ready=true]")
    document = responses[loop.url + f"bai-hoc/{LESSON}/"].all_headers()
    assert document["content-encoding"] == "br"
    assert document["cache-control"] == "no-cache" and document["etag"]
    assert "script-src 'self' 'sha256-" in document["content-security-policy"]
    assert "unsafe-inline" not in document["content-security-policy"]
    stylesheets = [url for url in responses if re.search(r"/assets/stylesheets/cnscd\.[0-9a-f]+\.min\.css$", url)]
    bundles = [url for url in responses if re.search(r"/assets/javascripts/bundle\.[0-9a-f]+\.min\.js$", url)]
    assert len(stylesheets) == 1 and len(bundles) == 1, sorted(responses)
    for url in stylesheets + bundles:
        headers = responses[url].all_headers()
        assert headers["cache-control"] == "public, max-age=31536000, immutable", url
        assert headers["content-encoding"] == "br", url
        assert headers["x-content-type-options"] == "nosniff", url
    # Search works under the policy too, and nothing was blocked on the way.
    page.click("label[for=__search]")
    page.fill("input[data-md-component=search-query]", "khoa")
    page.wait_for_selector(".md-search-result__item")
    assert page.evaluate("window.__violations") == []
def test_a_mistyped_short_link_gets_a_page_in_the_visitors_language(loop: Loop, context: Any) -> None:
    page = context.new_page()
    response = page.goto(loop.url + "l/khoa-man-hin/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Không tìm thấy trang này"
    assert page.evaluate("document.documentElement.lang") == "vi"
    assert "404 - Not found" not in page.inner_text("body")
    lessons = page.locator(".cnscd-404[data-lang=vi] li a")
    assert "Đặt khóa màn hình điện thoại" in lessons.all_inner_texts()
    page.click("label:has-text('Tìm bài học')")  # opens the site's search
    assert page.locator("input[name=query]").is_visible()
    page.keyboard.press("Escape")
    lessons.filter(has_text="Đặt khóa màn hình điện thoại").click()
    assert page.url == loop.url + f"bai-hoc/{LESSON}/"

    response = page.goto(loop.url + "en/l/khoa-man-hin/")
    assert response.status == 404
    assert page.locator("h1:visible").inner_text() == "Page not found"
    assert page.evaluate("document.documentElement.lang") == "en"
    assert not page.locator(".cnscd-404[data-lang=vi]").is_visible()
    page.click("a:has-text('All lessons (English)')")
    assert page.url == loop.url + "en/"
