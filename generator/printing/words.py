"""Fixed words printed on handouts, leaflets and packs, per language.

Languages without their own labels (e.g. a future Tày edition) use the Vietnamese ones, like
lesson text does.
"""

from __future__ import annotations

from collections.abc import Mapping

from generator.words import Words

_VI = {
    "trainer_handout": "Tài liệu cho người hướng dẫn",
    "team_kicker": "Tổ công nghệ số cộng đồng",
    "minutes": "{n} phút",
    "audience": "Dành cho",
    "requires": "Nên học trước",
    "bring": "Cần chuẩn bị",
    "steps": "Các bước",
    "warnings": "Cảnh báo an toàn",
    "problems": "Lỗi thường gặp và cách xử lý",
    "problem": "Vấn đề",
    "fix": "Cách xử lý",
    "trainer_notes": "Ghi chú cho người hướng dẫn",
    "sources": "Nguồn",
    "checked": "kiểm tra ngày {date}",
    "reviewed": "Nội dung được rà soát ngày {date}.",
    "quiz": "Bài kiểm tra nhanh",
    "quiz_intro": "Đánh dấu vào ô trước câu trả lời đúng.",
    "single": "Chọn một đáp án.",
    "multiple": "Chọn tất cả đáp án đúng.",
    "true_false": "Đúng hay sai?",
    "answer_key": "Đáp án (dành cho người hướng dẫn)",
    "pass_mark": "Đạt khi trả lời đúng từ {percent}% số câu trở lên ({needed}/{total} câu).",
    "scan": "Quét mã để xem hướng dẫn đầy đủ",
    "or_open": "Hoặc mở địa chỉ:",
    "important": "Lưu ý quan trọng",
    "page": "Trang",
    "team_blank": "Tổ công nghệ số",
    "contact_blank": "Điện thoại / Zalo",
    "zalo": "Zalo",
    "phone": "Điện thoại",
    "pack_title": "Bộ tài liệu buổi hướng dẫn",
    "agenda": "Chương trình",
    "agenda_time": "Thời gian",
    "agenda_total": "Tổng thời gian",
    "start_time": "Bắt đầu lúc",
    "place": "Địa điểm",
    "date": "Ngày",
    "contents": "Trong bộ tài liệu này",
    "from_page": "trang {page}",
    "contents_handout": "Tài liệu cho người hướng dẫn: {title}",
    "contents_leaflets": "Tờ rơi {size}, {count} tờ ({sheets} trang A4): {title}",
    "contents_attendance": "Danh sách điểm danh",
    "print_note": (
        "In trên giấy A4, 100% (không thu nhỏ cho vừa trang). In hai mặt được: mỗi phần bắt đầu ở trang lẻ. "
        "Mỗi trang tờ rơi chỉ có tờ rơi của một bài, nên in hai mặt thì mặt sau là chính tờ rơi đó "
        "(in một mặt để có đủ {count} tờ rơi mỗi bài). Cắt theo dấu cắt."
    ),
    "attendance": "Danh sách điểm danh",
    "attendance_lessons": "Bài học",
    "col_number": "STT",
    "col_name": "Họ và tên",
    "col_place": "Thôn / tổ dân phố",
    "col_phone": "Điện thoại (không bắt buộc)",
    "col_signature": "Chữ ký",
    "trainer": "Người hướng dẫn",
    "privacy": "Thông tin chỉ dùng để theo dõi buổi hướng dẫn; không ghi số căn cước, không chụp giấy tờ.",
    "commune": "Xã / phường",
    "card_title": "Thẻ thành viên Tổ công nghệ số cộng đồng",
    "card_scan": "Quét mã bằng điện thoại của mình để ghi danh, rồi làm bài kiểm tra của từng bài học.",
    "card_keep": "Giữ thẻ cho riêng mình, không chia sẻ mã.",
    "card_link": "Liên kết ghi danh",
}

_EN = {
    "trainer_handout": "Trainer handout",
    "team_kicker": "Community digital technology team",
    "minutes": "{n} minutes",
    "audience": "For",
    "requires": "Take first",
    "bring": "Have ready",
    "steps": "Steps",
    "warnings": "Safety warnings",
    "problems": "Common problems and fixes",
    "problem": "Problem",
    "fix": "Fix",
    "trainer_notes": "Notes for the trainer",
    "sources": "Sources",
    "checked": "checked {date}",
    "reviewed": "Content reviewed on {date}.",
    "quiz": "Quick quiz",
    "quiz_intro": "Tick the box in front of each right answer.",
    "single": "Choose one answer.",
    "multiple": "Choose every right answer.",
    "true_false": "True or false?",
    "answer_key": "Answer key (for the trainer)",
    "pass_mark": "Pass with {percent}% or more right ({needed} of {total} questions).",
    "scan": "Scan the code to see the full guide",
    "or_open": "Or open:",
    "important": "Important",
    "page": "Page",
    "team_blank": "Digital technology team",
    "contact_blank": "Phone / Zalo",
    "zalo": "Zalo",
    "phone": "Phone",
    "pack_title": "Training session pack",
    "agenda": "Agenda",
    "agenda_time": "Time",
    "agenda_total": "Total time",
    "start_time": "Starts at",
    "place": "Place",
    "date": "Date",
    "contents": "In this pack",
    "from_page": "page {page}",
    "contents_handout": "Trainer handout: {title}",
    "contents_leaflets": "{size} leaflets, {count} copies ({sheets} A4 pages): {title}",
    "contents_attendance": "Attendance sheet",
    "print_note": (
        "Print on A4 at 100% (no fit-to-page). Two-sided printing is safe: every part starts on an odd page. "
        "Each leaflet page holds one lesson's leaflets only, so printed two-sided a leaflet has itself on the back "
        "(print one-sided to get {count} leaflets per lesson). Cut along the cut marks."
    ),
    "attendance": "Attendance sheet",
    "attendance_lessons": "Lessons",
    "col_number": "No.",
    "col_name": "Full name",
    "col_place": "Village / neighbourhood",
    "col_phone": "Phone (optional)",
    "col_signature": "Signature",
    "trainer": "Trainer",
    "privacy": "Used only to follow up this session; do not write ID numbers or photograph documents.",
    "commune": "Commune / ward",
    "card_title": "Community digital technology team member card",
    "card_scan": "Scan with your own phone to enroll, then take each lesson's quiz.",
    "card_keep": "Keep this card to yourself; do not share the code.",
    "card_link": "Enrollment link",
}

WORDS = Words({"vi": _VI, "en": _EN})


def labels(lang: str) -> Mapping[str, str]:
    """The printed words for `lang`, Vietnamese where a word is missing."""
    return WORDS.of(lang)

