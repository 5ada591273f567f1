"""Words of the site's own chrome (headings, buttons, notes) in each language.

Lesson text comes from the library; these are the fixed words around it. A language
without an entry falls back to Vietnamese, like lesson text does.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.words import Words

WORDS = Words({
    "vi": {
        "site_title": "Sổ tay kỹ năng số",
        "home_lead": (
            "Hướng dẫn từng bước để dùng dịch vụ số trên điện thoại: định danh điện tử, dịch vụ công, "
            "thanh toán, y tế, bán hàng và tránh lừa đảo. Chọn một kỹ năng bên dưới, "
            "hoặc bấm biểu tượng kính lúp để tìm (gõ có dấu hay không dấu đều được)."
        ),
        "home_about": "Trang này dành cho ai và dùng thế nào",
        "skills": "Kỹ năng theo chủ đề",
        "path": "Lộ trình học cho thành viên tổ",
        "path_lead": "Học lần lượt từ trên xuống: bài nào cũng đứng sau những bài cần học trước nó.",
        "after": "học sau",
        "minutes": "{n} phút",
        "time_needed": "Thời gian",
        "audience": "Dành cho",
        "requires": "Nên học trước",
        "next": "Học tiếp",
        "bring": "Cần chuẩn bị",
        "steps": "Các bước",
        "step": "Bước {n}",
        "warnings": "Lưu ý an toàn",
        "warning": "Cảnh báo",
        "problems": "Sự cố thường gặp",
        "fix": "Cách xử lý",
        "quiz": "Kiểm tra nhanh",
        "quiz_noscript": (
            "Bài kiểm tra cần bật JavaScript trong trình duyệt. Nếu không bật được, hãy làm bài "
            "kiểm tra trong tài liệu in cho người hướng dẫn."
        ),
        "quiz_offline": (
            "Trong bản lưu trên máy này, bài kiểm tra chỉ để luyện tập: kết quả không được gửi cho tổ. "
            "Mở bài trên trang web để kết quả được ghi nhận."
        ),
        "downloads": "Tải về và in",
        "handout": "Tài liệu cho người hướng dẫn (A4, PDF)",
        "leaflet_a5": "Tờ rơi cho hộ gia đình (A5, PDF)",
        "leaflet_a6": "Tờ rơi cho hộ gia đình (A6, PDF)",
        "qr_svg": "Mã QR của bài (SVG, để in)",
        "qr_png": "Mã QR của bài (PNG)",
        "short_link": "Đường dẫn ngắn của bài",
        "trainer": "Dành cho người hướng dẫn",
        "trainer_summary": "Ghi chú cách dạy (bấm để mở)",
        "sources": "Nguồn",
        "checked": "kiểm tra ngày {date}",
        "reviewed": "Nội dung được xem lại ngày {date}.",
        "redirect_title": "Đang mở bài học",
        "redirect_text": "Đang mở bài: {title}",
        "redirect_link": "Bấm vào đây nếu trang chưa tự mở",
        "enroll_title": "Ghi danh thành viên tổ",
        "enroll_lead": (
            "Trang này lưu mã ghi danh trong thẻ thành viên của bạn vào điện thoại, để kết quả "
            "bài kiểm tra được gửi cho tổ."
        ),
        "enroll_noscript": "Ghi danh cần bật JavaScript trong trình duyệt.",
        "print_link": "Mở bài này trên điện thoại",
        "nav_home": "Trang chủ",
        "nav_guide": "Hướng dẫn",
        "steps_at_a_glance": "Các bước trong bài",
        "path_next": "Bài tiếp theo",
        "all_lessons": "Tất cả bài học",
        "onward": "Học tiếp",
    },
    "en": {
        "site_title": "Digital skills handbook",
        "home_lead": (
            "Step-by-step guides to using digital services on a phone: e-identity, public services, "
            "payments, health, selling online and avoiding scams. Pick a skill below, or tap the "
            "magnifier to search."
        ),
        "home_about": "Who this guide is for and how to use it",
        "skills": "Skills by topic",
        "path": "Learning path for team members",
        "path_lead": "Work from the top down: every lesson comes after the lessons it builds on.",
        "after": "after",
        "minutes": "{n} min",
        "time_needed": "Time",
        "audience": "For",
        "requires": "Take first",
        "next": "Next",
        "bring": "What to have ready",
        "steps": "Steps",
        "step": "Step {n}",
        "warnings": "Stay safe",
        "warning": "Warning",
        "problems": "Common problems",
        "fix": "What to do",
        "quiz": "Quick check",
        "quiz_noscript": (
            "The quiz needs JavaScript turned on in your browser. If you cannot turn it on, use the "
            "quiz in the trainer handout."
        ),
        "quiz_offline": (
            "In this saved copy the quiz is practice only: your result is not sent to your team. "
            "Open the lesson on the website to have it recorded."
        ),
        "downloads": "Download and print",
        "handout": "Trainer handout (A4, PDF)",
        "leaflet_a5": "Household leaflet (A5, PDF)",
        "leaflet_a6": "Household leaflet (A6, PDF)",
        "qr_svg": "QR code of this lesson (SVG, for print)",
        "qr_png": "QR code of this lesson (PNG)",
        "short_link": "Short link to this lesson",
        "trainer": "For trainers",
        "trainer_summary": "Teaching notes (tap to open)",
        "sources": "Sources",
        "checked": "checked {date}",
        "reviewed": "Content reviewed on {date}.",
        "redirect_title": "Opening the lesson",
        "redirect_text": "Opening the lesson: {title}",
        "redirect_link": "Tap here if the page does not open by itself",
        "enroll_title": "Team member enrollment",
        "enroll_lead": (
            "This page keeps the enrollment code from your member card on this phone, so that "
            "your quiz results reach your team."
        ),
        "enroll_noscript": "Enrollment needs JavaScript turned on in your browser.",
        "print_link": "Open this lesson on a phone",
        "nav_home": "Home",
        "nav_guide": "Guide",
        "steps_at_a_glance": "Steps in this lesson",
        "path_next": "Next lesson",
        "all_lessons": "All lessons",
        "onward": "Keep learning",
    },
})


def labels(lang: str) -> Mapping[str, str]:
    """The chrome words for `lang`, Vietnamese where a word is missing."""
    return WORDS.of(lang)

