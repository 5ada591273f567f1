#!/usr/bin/env python3
"""Write a synthetic cnscd library of N lessons, in our YAML format, for the benchmarks.

Usage (from the repository root):

    .venv/bin/python bench/make_corpus.py OUT_DIR --lessons 200 [--seed 0] [--template-root .]

Writes, under OUT_DIR (a folder you can pass to `cnscd ... --root OUT_DIR`):

    lessons/_categories.yaml              the nine categories of the real library
    lessons/<id>.yaml                     N lessons, Vietnamese and English side by side
    lessons/images/<id>/<name>.svg        2–3 illustrations per lesson (1.5–4.5 KB, like the real ones)
    quizzes/<id>.yaml                     one quiz per lesson, 5–8 questions, all three types
    pyproject.toml                        [tool.cnscd] (vi + en required)
    mkdocs.yml, docs/ ...                 copied from --template-root (the project), so the corpus
                                          builds exactly like the real site

Sizes follow the real lessons (about 15 KB per lesson file, 8–9 KB per quiz, 6–8 steps,
3–4 warnings, 3–4 problems). Text is assembled from sentence templates with varied slots and
numbers, so pages and search indexes do not compress unrealistically well.

Deterministic: the same N and seed give byte-identical files (no clock, no randomness outside
`random.Random(seed)`). Review dates are fixed and the corpus allows them to be old
(`review_max_age_days`), so `cnscd validate --strict` passes on any day. Never committed:
generate it under /tmp (bench/out/ is git-ignored too).

`lesson_ids(n)` and `touch_lesson(root, lesson_id, marker)` are used by the bench scripts.
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
REVIEWED = "2026-11-22"
CHECKED = "2026-01-31"

CATEGORIES = [
    ("nen-tang", "Làm quen với điện thoại", "Getting started with your phone"),
    ("dinh-danh", "Định danh điện tử VNeID", "VNeID e-identity"),
    ("dich-vu-cong", "Dịch vụ công trực tuyến", "Online public services"),
    ("thanh-toan", "Thanh toán không dùng tiền mặt", "Cashless payments"),
    ("y-te-bhxh", "Y tế và bảo hiểm xã hội", "Health and social insurance"),
    ("kinh-doanh-so", "Kinh doanh trên mạng", "Doing business online"),
    ("tuong-tac-chinh-quyen", "Kết nối với chính quyền", "Staying in touch with local government"),
    ("an-toan", "An toàn trên mạng", "Staying safe online"),
    ("hoc-tap", "Học kỹ năng số", "Learning digital skills"),
]
AUDIENCES = ["nguoi-dan", "nguoi-cao-tuoi", "ho-kinh-doanh", "nong-dan", "thanh-vien-to"]

# (slug word, Vietnamese name, English name) of the apps and services lessons are about.
APPS = [
    ("vneid", "VNeID", "VNeID"),
    ("vssid", "VssID", "VssID"),
    ("dvc", "Cổng Dịch vụ công quốc gia", "the National Public Service Portal"),
    ("ngan-hang", "ứng dụng ngân hàng", "the banking app"),
    ("vietqr", "mã VietQR", "VietQR"),
    ("mobile-money", "Mobile Money", "Mobile Money"),
    ("zalo", "Zalo", "Zalo"),
    ("so-suc-khoe", "Sổ sức khỏe điện tử", "the e-health book"),
    ("postmart", "sàn Postmart", "the Postmart marketplace"),
    ("voso", "sàn Voso", "the Voso marketplace"),
    ("hoa-don", "hóa đơn điện tử", "e-invoices"),
    ("binh-dan-hoc-vu", "Bình dân học vụ số", "Bình dân học vụ số"),
    ("evn", "ứng dụng chăm sóc khách hàng điện lực", "the power company's customer app"),
    ("thue", "ứng dụng thuế điện tử", "the e-tax app"),
]
ACTIONS = [
    ("cai-dat", "Cài đặt và đăng nhập", "Installing and logging in to"),
    ("tra-cuu", "Tra cứu thông tin trên", "Looking up information in"),
    ("nop-ho-so", "Nộp hồ sơ qua", "Submitting an application through"),
    ("thanh-toan", "Thanh toán bằng", "Paying with"),
    ("bao-mat", "Giữ an toàn tài khoản", "Keeping your account safe in"),
    ("cap-nhat", "Cập nhật thông tin cá nhân trên", "Updating your personal details in"),
    ("loi-thuong-gap", "Xử lý lỗi thường gặp khi dùng", "Fixing common problems with"),
    ("chia-se", "Chia sẻ giấy tờ qua", "Sharing documents through"),
]
PEOPLE = [
    ("Bà Lan", "Mrs Lan"), ("Chú Dũng", "Mr Dũng"), ("Anh Tuấn", "Tuấn"), ("Chị Hoa", "Hoa"),
    ("Ông Bảy", "Mr Bảy"), ("Cô Mai", "Ms Mai"), ("Em Hùng", "Hùng"), ("Bác Tư", "Uncle Tư"),
    ("Chị Nguyệt", "Nguyệt"), ("Anh Khoa", "Khoa"), ("Bà Sáu", "Mrs Sáu"), ("Chú Phúc", "Mr Phúc"),
]
MENUS = [
    ("Cài đặt", "Settings"), ("Tài khoản", "Account"), ("Tiện ích", "Utilities"), ("Ví giấy tờ", "Document wallet"),
    ("Thủ tục hành chính", "Administrative procedures"), ("Lịch sử giao dịch", "Transaction history"),
    ("Bảo mật", "Security"), ("Thông báo", "Notifications"), ("Hỗ trợ", "Help"), ("Quản lý hồ sơ", "Manage applications"),
]
DOCS = [
    ("thẻ căn cước", "ID card"), ("thẻ bảo hiểm y tế", "health-insurance card"), ("giấy khai sinh", "birth certificate"),
    ("sổ hộ khẩu cũ", "old household register"), ("giấy phép lái xe", "driving licence"),
    ("hóa đơn tiền điện", "electricity bill"), ("giấy chứng nhận quyền sử dụng đất", "land-use certificate"),
]
PLACES = [
    ("nhà văn hóa thôn", "the village cultural house"), ("Ủy ban nhân dân xã", "the commune People's Committee"),
    ("bưu điện xã", "the commune post office"), ("trạm y tế xã", "the commune health station"),
    ("công an xã, phường", "the commune or ward police"), ("điểm giao dịch ngân hàng", "the bank branch"),
    ("chợ phiên", "the market"), ("nhà bà con", "the resident's home"),
]
THINGS = [
    ("mã OTP", "OTP code"), ("mật khẩu", "password"), ("mã PIN", "PIN"), ("passcode 6 số", "6-digit passcode"),
    ("số định danh cá nhân", "personal identification number"), ("số tài khoản", "account number"),
    ("mã hồ sơ", "application code"), ("ảnh chụp màn hình", "screenshot"),
]

# Sentence templates, Vietnamese and English side by side. Slots: {app} {menu} {doc} {place}
# {thing} {person} {n} {m} (numbers). Markdown (**bold**, `code`) as lesson authors use it.
STEP_TITLES = [
    ("Mở {app}", "Open {app}"), ("Chọn mục {menu}", "Choose {menu}"), ("Chuẩn bị {doc}", "Get your {doc} ready"),
    ("Nhập {thing}", "Enter the {thing}"), ("Kiểm tra lại thông tin", "Check the details again"),
    ("Xác nhận và gửi", "Confirm and send"), ("Lưu lại kết quả", "Keep a record of the result"),
    ("Đăng nhập bằng tài khoản của bạn", "Log in with your own account"), ("Cập nhật ứng dụng", "Update the app"),
    ("Đọc kỹ thông báo", "Read the message carefully"), ("Chụp ảnh {doc}", "Photograph your {doc}"),
]
SENTENCES = [
    ("Mở **{app}** trên điện thoại của chính bạn và chọn mục **{menu}**.",
     "Open **{app}** on your own phone and choose **{menu}**."),
    ("Nhập {thing} gồm {n} chữ số, kiểm tra lại từng số trước khi bấm **Tiếp tục**.",
     "Enter the {n}-digit {thing} and check each digit before you tap **Continue**."),
    ("Nếu màn hình báo lỗi, chờ khoảng {n} phút rồi thử lại; đừng bấm liên tục nhiều lần.",
     "If the screen shows an error, wait about {n} minutes and try again; don't tap over and over."),
    ("Chụp ảnh {doc} ở nơi đủ sáng, đặt giấy tờ trên nền tối để ảnh rõ nét.",
     "Photograph your {doc} in good light, on a dark surface, so the picture is sharp."),
    ("Ứng dụng có thể hỏi {thing}; chỉ mình bạn được biết, không đọc cho ai kể cả người đang giúp bạn.",
     "The app may ask for your {thing}; only you may know it, so don't read it out, not even to the person helping you."),
    ("Tên nút có thể hơi khác tùy phiên bản; nếu không thấy, tìm trong mục **{menu}**.",
     "Button names may differ between versions; if you can't find it, look under **{menu}**."),
    ("Khi thấy thông báo **Thành công**, chụp màn hình và ghi {thing} vào sổ tay.",
     "When you see **Success**, take a screenshot and write the {thing} in your notebook."),
    ("{person} mang {doc} đến {place} lúc {n} giờ sáng để được hướng dẫn trực tiếp.",
     "{person} took the {doc} to {place} at {n} in the morning for help in person."),
    ("Phí dịch vụ là {m}.000 đồng; kiểm tra số tiền trên màn hình trước khi xác nhận.",
     "The fee is {m},000 dong; check the amount on screen before you confirm."),
    ("Gõ `{code}` vào ô tìm kiếm rồi chọn đúng kết quả của cơ quan nhà nước, có đuôi `.gov.vn`.",
     "Type `{code}` in the search box and pick the official result, ending in `.gov.vn`."),
    ("Hồ sơ thường được xử lý trong {n} ngày làm việc; theo dõi trạng thái trong mục **{menu}**.",
     "Applications usually take {n} working days; follow the status under **{menu}**."),
    ("Bật xác thực bằng vân tay hoặc khuôn mặt để không phải gõ {thing} mỗi lần.",
     "Turn on fingerprint or face login so you don't have to type the {thing} every time."),
    ("Nếu {app} đòi cập nhật, vào App Store hoặc CH Play để cập nhật, không cài từ đường link lạ.",
     "If {app} asks for an update, update it from the App Store or CH Play, never from a strange link."),
    ("Kiểm tra họ tên, ngày sinh và {doc} hiện trên màn hình có đúng với giấy tờ gốc không.",
     "Check that the name, date of birth and {doc} shown on screen match the original papers."),
]
WARNINGS = [
    ("Không bao giờ đọc {thing} cho người gọi điện, kể cả người tự xưng là công an, ngân hàng hay nhà mạng.",
     "Never read your {thing} to a caller, even one claiming to be the police, a bank or the phone company."),
    ("Chỉ cài {app} từ App Store hoặc CH Play; ứng dụng giả gửi qua đường link có thể lấy tiền trong tài khoản của bạn.",
     "Install {app} only from the App Store or CH Play; fake apps sent by link can take money from your account."),
    ("Làm trên điện thoại của chính bạn; đăng nhập trên máy người khác có thể làm lộ {thing}.",
     "Do it on your own phone; logging in on someone else's phone can expose your {thing}."),
    ("Cơ quan nhà nước không thu phí qua tin nhắn; mọi khoản phí {m}.000 đồng đều hiện rõ trên {app}.",
     "Government offices never collect fees by text message; every {m},000 dong fee is shown in {app}."),
    ("Không chụp ảnh {doc} gửi cho người lạ trên Zalo hay Facebook.",
     "Never send a photo of your {doc} to strangers on Zalo or Facebook."),
]
PROBLEMS = [
    (("Không nhận được {thing}.", "The {thing} doesn't arrive."),
     ("Kiểm tra máy có sóng, hộp tin nhắn chưa đầy; chờ {n} phút rồi bấm **Gửi lại**. Nếu vẫn không được, hỏi {place}.",
      "Check that the phone has signal and the inbox isn't full; wait {n} minutes and tap **Resend**. If it still fails, ask {place}.")),
    (("{app} báo thông tin không khớp.", "{app} says the details don't match."),
     ("So lại {doc} với thông tin đã khai; sai một chữ cũng bị từ chối. Sửa trong mục **{menu}** hoặc hỏi {place}.",
      "Compare your {doc} with what you entered; one wrong letter is enough to be refused. Fix it under **{menu}** or ask {place}.")),
    (("Quên {thing}.", "You forgot your {thing}."),
     ("Bấm **Quên {thing}** ở màn hình đăng nhập và làm theo hướng dẫn; không dùng lại {thing} cũ.",
      "Tap **Forgot {thing}** on the login screen and follow the steps; don't reuse the old {thing}.")),
    (("Ứng dụng bị treo giữa chừng.", "The app freezes halfway."),
     ("Đóng hẳn ứng dụng, mở lại và đăng nhập; dữ liệu đã lưu ở bước {n} vẫn còn trong mục **{menu}**.",
      "Close the app completely, open it again and log in; what you saved at step {n} is still under **{menu}**.")),
    (("Ảnh {doc} bị mờ, hệ thống không nhận.", "The photo of the {doc} is blurred and refused."),
     ("Lau camera, chụp lại ở nơi đủ sáng, giữ máy thẳng; ảnh dưới {m} MB là đủ.",
      "Wipe the camera, shoot again in good light holding the phone straight; a photo under {m} MB is enough.")),
]
BRING = [
    ("Điện thoại thông minh của chính bạn, pin trên {n}0%", "Your own smartphone, battery above {n}0%"),
    ("{doc} bản gốc", "The original {doc}"), ("Sổ tay và bút", "A notebook and pen"),
    ("SIM chính chủ để nhận {thing}", "A SIM in your own name to receive the {thing}"),
    ("Kết nối mạng wifi hoặc 4G", "A wifi or 4G connection"),
]
QUESTION_STEMS = [
    ("{person} nhận cuộc gọi xin {thing} để “hỗ trợ” {app}. {person} nên làm gì?",
     "{person} gets a call asking for the {thing} to “help” with {app}. What should {person} do?"),
    ("Bạn nên cài {app} từ đâu?", "Where should you install {app} from?"),
    ("Hồ sơ nộp qua {app} thường mất bao lâu?", "How long does an application through {app} usually take?"),
    ("Ảnh {doc} bị từ chối vì mờ. Cách nào đúng?", "The photo of the {doc} was refused as blurred. What is right?"),
    ("Ai được biết {thing} của bạn?", "Who may know your {thing}?"),
    ("Sau khi thấy thông báo thành công, bạn nên làm gì?", "After the success message, what should you do?"),
    ("{person} thấy {app} đòi cập nhật qua đường link trong tin nhắn. Làm thế nào?",
     "{person} sees a text message link asking to update {app}. What to do?"),
    ("Nên làm gì khi {app} báo thông tin không khớp với {doc}?", "What to do when {app} says the details don't match the {doc}?"),
]
RIGHT = [
    ("Từ chối và gọi lại số tổng đài chính thức", "Refuse and call the official hotline back"),
    ("Chỉ từ App Store hoặc CH Play", "Only from the App Store or CH Play"),
    ("Khoảng {n} ngày làm việc; theo dõi trong mục {menu}", "About {n} working days; follow it under {menu}"),
    ("Chụp lại ở nơi đủ sáng, giữ máy thẳng", "Take it again in good light, holding the phone straight"),
    ("Chỉ mình bạn", "Only you"),
    ("Chụp màn hình và ghi {thing} vào sổ", "Take a screenshot and write the {thing} in your notebook"),
    ("So lại từng chữ với giấy tờ gốc", "Compare each letter with the original papers"),
]
WRONG = [
    ("Đọc {thing} cho người gọi", "Read the {thing} to the caller"), ("Bấm vào đường link trong tin nhắn", "Tap the link in the message"),
    ("Nhờ người lạ trên Facebook làm hộ", "Ask a stranger on Facebook to do it"),
    ("Gửi ảnh {doc} qua Zalo cho người hỏi", "Send a photo of the {doc} on Zalo to whoever asks"),
    ("Tắt máy ngay, không cần lưu gì", "Switch the phone off at once, nothing to keep"),
    ("Cài lại điện thoại về cài đặt gốc", "Factory-reset the phone"), ("Đưa máy cho người bán hàng tự làm", "Hand the phone to the seller to do it"),
    ("Bấm gửi lại {n} lần liên tục", "Tap resend {n} times in a row"),
]
TRUE_FALSE = [
    ("Đúng hay sai: cơ quan nhà nước có thể gọi điện xin {thing} của bạn.",
     "True or false: a government office may call to ask for your {thing}.", False),
    ("Đúng hay sai: nên tự tay bấm trên điện thoại của mình khi dùng {app}.",
     "True or false: you should tap on your own phone yourself when using {app}.", True),
    ("Đúng hay sai: ảnh {doc} chụp nơi đủ sáng dễ được chấp nhận hơn.",
     "True or false: a photo of the {doc} taken in good light is more likely to be accepted.", True),
    ("Đúng hay sai: có thể cài {app} từ đường link người lạ gửi qua Zalo.",
     "True or false: you may install {app} from a link a stranger sent on Zalo.", False),
]
POINTS = [
    ("Chỉ cài {app} từ App Store hoặc CH Play, không cài từ đường link lạ.", "Install {app} only from the App Store or CH Play, never from a link."),
    ("Không đọc {thing} cho ai, kể cả người xưng là công an hay ngân hàng.", "Never read your {thing} to anyone, even “police” or “bank” callers."),
    ("Chuẩn bị {doc} và điện thoại của chính bạn trước khi bắt đầu.", "Have your {doc} and your own phone ready before you start."),
    ("Chờ thông báo Thành công rồi chụp màn hình để lưu lại kết quả.", "Wait for the Success message, then take a screenshot as a record."),
    ("Gặp lỗi: chờ {n} phút rồi thử lại, hoặc hỏi tổ công nghệ số cộng đồng.", "An error? Wait {n} minutes and try again, or ask your digital team."),
    ("Phí {m}.000 đồng chỉ trả trong ứng dụng, không chuyển khoản cho ai.", "Pay the {m},000 dong fee only inside the app, never by transfer."),
]
CODES = ["dang ky khai sinh", "cap lai the bhyt", "tra cuu ho so", "thong bao luu tru", "doi giay phep lai xe", "nop thue khoan"]


class Slots:
    """Random slot values for one lesson (both languages), drawn from one seeded generator."""

    def __init__(self, rng: random.Random, app: tuple[str, str, str]):
        self.rng = rng
        self.app = app

    def fill(self, pair: tuple[str, str]) -> dict[str, str]:
        r = self.rng
        menu, doc, place, thing, person = (r.choice(p) for p in (MENUS, DOCS, PLACES, THINGS, PEOPLE))
        n, m, code = str(r.randint(2, 9)), str(r.randint(5, 95)), r.choice(CODES)
        out = {}
        for k, (template, lang) in enumerate(zip(pair, ("vi", "en"))):
            out[lang] = template.format(
                app=self.app[1 + k], menu=menu[k], doc=doc[k], place=place[k], thing=thing[k], person=person[k], n=n, m=m, code=code
            )
        return out

    def sentences(self, count: int) -> dict[str, str]:
        picked = [self.fill(self.rng.choice(SENTENCES)) for _ in range(count)]
        return {lang: " ".join(p[lang] for p in picked) for lang in ("vi", "en")}


def q(text: str) -> str:
    """A YAML double-quoted scalar."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text_block(indent: int, key: str, value: dict[str, str]) -> list[str]:
    """`key:` then `vi:` and `en:` one level deeper (under a `- key:` list item, two levels)."""
    pad = " " * indent
    child = pad + " " * (4 if key.startswith("- ") else 2)
    return [f"{pad}{key}:", f"{child}vi: {q(value['vi'])}", f"{child}en: {q(value['en'])}"]


def inline(value: dict[str, str]) -> str:
    return "{vi: " + q(value["vi"]) + ", en: " + q(value["en"]) + "}"


def lesson_ids(n: int, seed: int = 0) -> list[str]:
    """Ids of the N lessons, in generation order (app-action-number, e.g. `vneid-tra-cuu-0007`)."""
    rng = random.Random(f"ids-{seed}")
    ids = []
    for i in range(n):
        app, action = rng.choice(APPS), rng.choice(ACTIONS)
        ids.append(f"{app[0]}-{action[0]}-{i + 1:04d}")
    return ids


def svg(rng: random.Random, label: str) -> str:
    """A phone-screen illustration like the real ones: frame, screen, fields, one highlighted button."""
    rows = rng.randint(3, 7)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="320" height="400" viewBox="0 0 320 400">',
        f"  <title>{label}</title>",
        '  <rect x="60" y="10" width="200" height="380" rx="24" fill="#fff" stroke="#000" stroke-width="5"/>',
        '  <rect x="74" y="44" width="172" height="310" rx="4" fill="#f4f4f4" stroke="#000" stroke-width="2"/>',
        '  <rect x="135" y="24" width="50" height="8" rx="4" fill="#000"/>',
        '  <circle cx="160" cy="372" r="9" fill="none" stroke="#000" stroke-width="3"/>',
    ]
    y = 60
    for _ in range(rows):
        w = rng.randint(60, 148)
        parts.append(f'  <rect x="86" y="{y}" width="148" height="32" rx="6" fill="#fff" stroke="#000" stroke-width="3"/>')
        parts.append(f'  <rect x="96" y="{y + 12}" width="{w - 20}" height="8" rx="3" fill="#{rng.randint(0, 0xAAAAAA):06x}"/>')
        for k in range(rng.randint(0, 6)):
            parts.append(f'  <rect x="{100 + 12 * k}" y="{y + 22}" width="8" height="6" fill="#000"/>')
        y += 40
    by = min(y + 10, 300)
    parts += [
        f'  <rect x="90" y="{by}" width="140" height="36" rx="18" fill="#c92a2a" stroke="#000" stroke-width="2"/>',
        f'  <rect x="80" y="{by - 10}" width="160" height="56" rx="28" fill="none" stroke="#d9480f" stroke-width="6"/>',
        f'  <path d="M312 {by + 80} L256 {by + 30}" fill="none" stroke="#000" stroke-width="7" stroke-linecap="round"/>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"


def lesson_yaml(i: int, lesson_id: str, ids: list[str], rng: random.Random) -> tuple[str, dict[str, str]]:
    """The lesson file text and its images (relative path under lessons/ -> SVG text)."""
    app = next(a for a in APPS if lesson_id.startswith(a[0] + "-"))
    action = next(a for a in ACTIONS if f"-{a[0]}-" in lesson_id)
    s = Slots(rng, app)
    category = CATEGORIES[i % len(CATEGORIES)][0]
    audience = sorted(rng.sample(AUDIENCES, rng.randint(1, 4)), key=AUDIENCES.index)
    earlier = ids[max(0, i - 30) : i]
    requires = sorted(rng.sample(earlier, min(len(earlier), rng.randint(0, 2))))
    num = f" ({i + 1})"
    title = {"vi": f"{action[1]} {app[1]}{num}", "en": f"{action[2]} {app[2]}{num}"}
    lines = [
        f"id: {lesson_id}",
        f"category: {category}",
        f"audience: [{', '.join(audience)}]",
        f"minutes: {rng.choice([10, 15, 20, 25, 30])}",
        f"requires: [{', '.join(requires)}]",
        *text_block(0, "title", title),
        *text_block(0, "summary", s.sentences(2)),
        "bring:",
    ]
    lines += [f"  - {inline(s.fill(b))}" for b in rng.sample(BRING, rng.randint(2, 4))]
    lines.append("steps:")
    images: dict[str, str] = {}
    n_steps = rng.randint(6, 8)
    image_steps = set(rng.sample(range(n_steps), rng.randint(2, 3)))
    for k in range(n_steps):
        lines += text_block(2, "- title", s.fill(rng.choice(STEP_TITLES)))
        lines += text_block(4, "text", s.sentences(rng.randint(3, 4)))
        if k in image_steps:
            src = f"images/{lesson_id}/buoc-{k + 1}.svg"
            alt = s.fill((f"Màn hình minh họa bước {k + 1}: mục **{{menu}}** được khoanh viền đậm, có mũi tên chỉ vào.",
                          f"Illustration of step {k + 1}: **{{menu}}** is circled with a thick outline and an arrow."))
            images[src] = svg(rng, alt["en"])
            lines += ["    image:", f"      src: {src}", *text_block(6, "alt", alt)]
    lines.append("warnings:")
    lines += [f"  - {inline(s.fill(w))}" for w in rng.sample(WARNINGS, rng.randint(3, 4))]
    lines.append("problems:")
    for problem, fix in rng.sample(PROBLEMS, rng.randint(3, 4)):
        p, f = s.fill(problem), s.fill(fix)
        lines += ["  - problem:", f"      vi: {q(p['vi'])}", f"      en: {q(p['en'])}", *text_block(4, "fix", f)]
    headline = {"vi": f"{app[1]}: tự tay làm trên máy của mình", "en": f"{app[2]}: by yourself, on your own phone"}
    if max(len(v) for v in headline.values()) > 60:  # the leaflet's limit; long service names get a generic one
        headline = {"vi": "Tự tay làm, trên điện thoại của chính mình", "en": "Do it yourself, on your own phone"}
    lines += ["leaflet:", *text_block(2, "headline", headline)]
    lines.append("  points:")
    for point in rng.sample(POINTS, rng.randint(4, 5)):
        text = s.fill(point)
        if max(len(v) for v in text.values()) > 90:
            text = {"vi": "Hỏi tổ công nghệ số cộng đồng khi cần giúp đỡ.", "en": "Ask your community digital team when you need help."}
        lines.append(f"    - {inline(text)}")
    lines.append("trainer_notes:")
    for lang, heads in (("vi", ("Thời gian", "Kiểm tra trước", "Cách dạy", "Cần xác nhận tại địa phương")),
                        ("en", ("Time", "Check first", "How to teach", "Confirm locally"))):
        lines.append(f"  {lang}: |-")
        body = [f"**{heads[0]}:** " + s.sentences(2)[lang], "", f"**{heads[1]}:**", ""]
        body += [f"- {s.sentences(1)[lang]}" for _ in range(rng.randint(3, 5))]
        body += ["", f"**{heads[2]}:**", ""]
        body += [f"- {s.sentences(1)[lang]}" for _ in range(rng.randint(2, 4))]
        heads = (heads[0], heads[1], heads[3])
        body += ["", f"**{heads[2]}:**", ""]
        body += [f"- {s.sentences(1)[lang]}" for _ in range(rng.randint(2, 3))]
        lines += [f"    {ln}" if ln else "" for ln in body]
    lines.append("sources:")
    for k in range(rng.randint(3, 7)):
        lines.append(f"  - title: {q(f'Nguồn {k + 1} về {app[1]}: trang hướng dẫn của cơ quan quản lý (example.gov.vn)')}")
        if rng.random() < 0.5:
            lines.append(f"    url: {q(f'https://example.gov.vn/huong-dan/{lesson_id}/{k + 1}')}")
        lines.append(f"    checked: {CHECKED}")
    lines.append(f"reviewed: {REVIEWED}")
    return "\n".join(lines) + "\n", images


def quiz_yaml(lesson_id: str, rng: random.Random) -> str:
    app = next(a for a in APPS if lesson_id.startswith(a[0] + "-"))
    s = Slots(rng, app)
    count = rng.randint(5, 8)
    kinds = ["single", "multiple", "true_false"] + [rng.choice(["single", "multiple", "true_false"]) for _ in range(count - 3)]
    lines = [f"lesson: {lesson_id}", f"pass_percent: {rng.choice([70, 80, 80, 100])}", "questions:"]
    for k, kind in enumerate(kinds):
        lines += [f"  - id: cau-{k + 1}", f"    type: {kind}"]
        if kind == "true_false":
            vi, en, answer = rng.choice(TRUE_FALSE)
            lines += text_block(4, "prompt", s.fill((vi, en))) + [f"    answer: {'true' if answer else 'false'}"]
        else:
            lines += text_block(4, "prompt", s.fill(rng.choice(QUESTION_STEMS)))
            n_right = 1 if kind == "single" else rng.randint(2, 3)
            rights = rng.sample(RIGHT, n_right)
            wrongs = rng.sample(WRONG, rng.randint(2, 3))
            choices = [(c, True) for c in rights] + [(c, False) for c in wrongs]
            rng.shuffle(choices)
            lines.append("    choices:")
            seen = set()
            for choice, right in choices:
                text = s.fill(choice)
                while text["vi"] in seen:  # choice texts must be unique within a question
                    text = {lang: f"{v} ({len(seen)})" for lang, v in text.items()}
                seen.add(text["vi"])
                lines += text_block(6, "- text", text)
                if right:
                    lines.append("        correct: true")
        lines += text_block(4, "explanation", s.sentences(rng.randint(2, 3)))
    return "\n".join(lines) + "\n"


def categories_yaml() -> str:
    lines = ["# Categories of the synthetic library (same ids as the real one)."]
    for cid, vi, en in CATEGORIES:
        lines += [f"- id: {cid}", f"  title: {inline({'vi': vi, 'en': en})}",
                  f"  description: {inline({'vi': f'Các bài học về {vi.lower()}.', 'en': f'Lessons on {en.lower()}.'})}"]
    return "\n".join(lines) + "\n"


PYPROJECT = """# Synthetic cnscd library for benchmarks (bench/make_corpus.py); not a package.
[tool.cnscd]
required_languages = ["vi", "en"]
optional_languages = []
review_max_age_days = 36500
"""

SITE_URL = "https://cnscd.example.vn/"
FALLBACK_MKDOCS = f"""site_name: cnscd benchmark corpus
site_url: {SITE_URL}
"""


def copy_site_config(template_root: Path, out: Path) -> list[str]:
    """Copy mkdocs.yml and the hand-written docs/ of the project, so the corpus builds like the real site."""
    copied = []
    mkdocs_yml = template_root / "mkdocs.yml"
    if mkdocs_yml.is_file():
        # A published address, as a real team would set (a loopback one makes cnscd warn about QR codes).
        text = re.sub(r"(?m)^site_url:.*$", f"site_url: {SITE_URL}", mkdocs_yml.read_text(encoding="utf-8"))
        (out / "mkdocs.yml").write_text(text, encoding="utf-8")
        copied.append("mkdocs.yml")
    else:
        (out / "mkdocs.yml").write_text(FALLBACK_MKDOCS, encoding="utf-8")
    for name in ("docs", "overrides"):
        src = template_root / name
        if src.is_dir():
            shutil.copytree(src, out / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            copied.append(name + "/")
    return copied


def make_corpus(out: Path, n: int, *, seed: int = 0, template_root: Path | None = None) -> dict[str, int]:
    """Write the library; returns counts and byte sizes. `out` must not exist or be empty."""
    if out.exists() and any(out.iterdir()):
        raise SystemExit(f"{out} is not empty; remove it first")
    (out / "lessons" / "images").mkdir(parents=True, exist_ok=True)
    (out / "quizzes").mkdir(parents=True, exist_ok=True)
    (out / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    (out / "lessons" / "_categories.yaml").write_text(categories_yaml(), encoding="utf-8")
    copy_site_config(template_root or HERE.parent, out)
    ids = lesson_ids(n, seed)
    sizes = {"lessons": n, "lesson_bytes": 0, "quiz_bytes": 0, "images": 0, "image_bytes": 0}
    for i, lesson_id in enumerate(ids):
        rng = random.Random(f"{seed}-{lesson_id}")
        text, images = lesson_yaml(i, lesson_id, ids, rng)
        data = text.encode("utf-8")
        (out / "lessons" / f"{lesson_id}.yaml").write_bytes(data)
        sizes["lesson_bytes"] += len(data)
        for src, body in images.items():
            path = out / "lessons" / src
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
            sizes["images"] += 1
            sizes["image_bytes"] += len(body.encode("utf-8"))
        quiz = quiz_yaml(lesson_id, rng).encode("utf-8")
        (out / "quizzes" / f"{lesson_id}.yaml").write_bytes(quiz)
        sizes["quiz_bytes"] += len(quiz)
    return sizes


def touch_lesson(root: Path, lesson_id: str, marker: str) -> None:
    """Change one lesson's text (its summary, both languages) the way an author would."""
    path = root / "lessons" / f"{lesson_id}.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, ln in enumerate(lines) if ln == "summary:")
    for k in (1, 2):
        line = lines[at + k]
        assert line.endswith('"'), line
        lines[at + k] = line[:-1] + f' {marker}"'
    path.write_text("\n".join(lines), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--lessons", type=int, default=20)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--template-root", type=Path, default=HERE.parent, help="Project whose mkdocs.yml and docs/ to copy.")
    args = parser.parse_args(argv)
    sizes = make_corpus(args.out, args.lessons, seed=args.seed, template_root=args.template_root)
    n = max(1, sizes["lessons"])
    print(
        f"wrote {args.out}: {sizes['lessons']} lessons, {sizes['images']} images; per lesson: "
        f"lesson file {sizes['lesson_bytes'] / n / 1024:.1f} KB, quiz {sizes['quiz_bytes'] / n / 1024:.1f} KB, "
        f"images {sizes['image_bytes'] / max(1, sizes['images']) / 1024:.1f} KB each"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
