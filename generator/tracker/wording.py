"""Interface text of the trainer dashboard and member cards, Vietnamese and English."""

from __future__ import annotations

from collections.abc import Callable

LANGUAGES = ("vi", "en")

TEXT: dict[str, tuple[str, str]] = {
    # key: (vi, en)
    "app": ("Quản lý học tập Tổ CNSCĐ", "Team learning dashboard"),
    "login": ("Đăng nhập", "Log in"),
    "logout": ("Đăng xuất", "Log out"),
    "username": ("Tên đăng nhập", "User name"),
    "password": ("Mật khẩu", "Password"),
    "login_failed": ("Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."),
    "login_limited": ("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {wait} giây.", "Too many failed logins. Try again in {wait} seconds."),
    "login_expired": ("Phiên đăng nhập đã hết hạn, vui lòng đăng nhập lại.", "Your session has ended; please log in again."),
    "other_lang": ("English", "Tiếng Việt"),
    "all_communes": ("Tất cả xã/phường", "All communes"),
    "all_teams": ("Tất cả tổ", "All teams"),
    "commune": ("Xã/phường", "Commune/ward"),
    "team": ("Tổ", "Team"),
    "member": ("Thành viên", "Member"),
    "members": ("thành viên", "members"),
    "filter": ("Lọc", "Filter"),
    "download_csv": ("Tải bảng CSV", "Download CSV"),
    "legend": ("Chú thích", "Key"),
    "state_done": ("Tất cả đã đạt", "All passed"),
    "state_some": ("Một phần đã đạt", "Some passed"),
    "state_tried": ("Đã làm, chưa đạt", "Tried, not passed yet"),
    "state_none": ("Chưa ai làm", "Not started"),
    "state_empty": ("Chưa có thành viên", "No members yet"),
    "m_done": ("Đã đạt", "Passed"),
    "m_tried": ("Chưa đạt", "Not passed yet"),
    "m_none": ("Chưa làm", "Not taken"),
    "passed_of": ("{passed}/{members} đã đạt", "{passed} of {members} passed"),
    "summary": ("{ready}/{members} thành viên đã đạt tất cả {lessons} bài.", "{ready} of {members} members passed all {lessons} lessons."),
    "no_units": ("Tài khoản của bạn chưa được giao xã/phường nào. Hãy nhờ quản trị viên thêm.", "No communes are assigned to your account yet. Ask an administrator."),
    "no_members": ("Chưa có thành viên nào. Nhập danh sách bằng lệnh: cnscd tracker import danh-sach.csv", "No members yet. Import a roster with: cnscd tracker import roster.csv"),
    "lesson": ("Bài học", "Lesson"),
    "best": ("Điểm cao nhất", "Best score"),
    "attempts": ("Số lần làm", "Attempts"),
    "last": ("Lần cuối", "Last"),
    "history": ("Các lần làm bài", "All attempts"),
    "when": ("Thời điểm", "When"),
    "score": ("Điểm", "Score"),
    "result": ("Kết quả", "Result"),
    "quiz_version": ("Phiên bản bài kiểm tra", "Quiz version"),
    "no_attempts": ("Chưa làm bài nào.", "No attempts yet."),
    "phone": ("Điện thoại", "Phone"),
    "enrollment": ("Liên kết ghi danh", "Enrollment link"),
    "link_active": ("Đang dùng (cấp ngày {date})", "Active (issued {date})"),
    "link_none": ("Chưa có liên kết đang dùng", "No active link"),
    "new_link": ("Cấp liên kết mới", "Issue a new link"),
    "new_link_note": ("Liên kết cũ (nếu có) sẽ ngừng hoạt động.", "The old link, if any, stops working."),
    "revoke": ("Thu hồi liên kết", "Withdraw the link"),
    "revoked": ("Đã thu hồi liên kết.", "The link was withdrawn."),
    "export": ("Tải dữ liệu của thành viên (JSON)", "Download the member's data (JSON)"),
    "delete": ("Xóa thành viên và mọi kết quả", "Delete the member and all results"),
    "delete_confirm": ("Tôi hiểu việc xóa không thể hoàn tác", "I understand this cannot be undone"),
    "deleted": ("Đã xóa thành viên và mọi dữ liệu liên quan.", "The member and all their data were deleted."),
    "link_once": ("Liên kết ghi danh mới — chỉ hiện một lần", "New enrollment link — shown only once"),
    "link_once_help": ("In hoặc gửi riêng cho {name} (không gửi vào nhóm chung). Mở liên kết trên điện thoại của chính họ để ghi danh.",
                       "Print it or send it to {name} alone (not to a group chat). Opening it on their own phone enrolls that phone."),
    "back": ("Quay lại", "Back"),
    "privacy": ("Dữ liệu cá nhân", "Personal data"),
    "forbidden": ("Yêu cầu bị từ chối (mã bảo vệ CSRF không khớp). Hãy tải lại trang rồi thử lại.", "Request refused (CSRF check failed). Reload the page and try again."),
    "not_found": ("Không tìm thấy trang này.", "Page not found."),
    "card_title": ("Thẻ thành viên Tổ công nghệ số cộng đồng", "Community digital technology team member card"),
    "card_scan": ("Quét mã bằng điện thoại của bạn để ghi danh, rồi làm bài kiểm tra của từng bài học.",
                  "Scan with your own phone to enroll, then take each lesson's quiz."),
    "card_keep": ("Giữ thẻ cho riêng mình, không chia sẻ mã.", "Keep this card to yourself; do not share the code."),
    "grid_caption": ("Tiến độ theo bài học", "Progress by lesson"),
}


def translator(lang: str) -> Callable[..., str]:
    """`t("key", name=...)` in `lang` (Vietnamese for unknown languages)."""
    index = 1 if lang == "en" else 0

    def t(key: str, **values: object) -> str:
        text = TEXT[key][index]
        return text.format(**values) if values else text

    return t
